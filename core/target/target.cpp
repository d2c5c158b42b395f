#include "target/target.hpp"

#include <fstream>

namespace capsule::target {

std::string Target::read_c_string(std::uint64_t address, std::size_t max, bool& complete,
                                  bool& readable) const {
    std::string out;
    complete = false;
    readable = true;
    // Page-sized chunks could cross into an unmapped page after the terminator,
    // so read in small chunks and fall back to single bytes when a chunk fails.
    constexpr std::size_t chunk = 64;
    char buffer[chunk];
    while (out.size() < max) {
        std::size_t want = std::min(chunk, max - out.size());
        std::size_t got = 0;
        if (read(address + out.size(), buffer, want)) {
            got = want;
        } else {
            for (; got < want; ++got)
                if (!read(address + out.size() + got, buffer + got, 1)) break;
            if (got == 0) {
                readable = !out.empty();
                return out;
            }
        }
        for (std::size_t i = 0; i < got; ++i) {
            if (buffer[i] == '\0') {
                complete = true;
                return out;
            }
            out.push_back(buffer[i]);
        }
        if (got < want) return out;
    }
    return out;
}

std::string read_thread_name(pid_t pid, pid_t tid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/comm");
    std::string name;
    std::getline(in, name);
    return name;
}

}  // namespace capsule::target
