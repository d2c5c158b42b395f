#include "render/entries.hpp"

#include <ctime>

namespace capsule::cli {

std::string display_time(const std::string& time) {
    std::time_t seconds = 0;
    if (!parse_capsule_time(time, seconds)) return time;
    return time.substr(0, 10) + " " + time.substr(11, 8);
}

ojson entry_json(const IndexEntry& entry, const std::string& repository, long count) {
    ojson j;
    j["time"] = entry.time;
    j["kind"] = entry.kind;
    j["test"] = entry.test;
    j["fingerprint"] = entry.fingerprint;
    j["cause"] = entry.cause;
    j["function"] = entry.function;
    j["path"] = entry_path(repository, entry);
    if (count >= 0) j["count"] = count;
    return j;
}

}  // namespace capsule::cli
