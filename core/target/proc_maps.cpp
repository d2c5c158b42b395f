#include "target/proc_maps.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace capsule::target {
namespace {

struct Mapping {
    std::uint64_t start = 0, end = 0, offset = 0, inode = 0;
    std::string_view device;  // "fe:00"
    bool executable = false;
    std::string_view name;    // path, [vdso], [heap], ... or empty
};

std::string_view next_field(std::string_view& line) {
    const std::size_t begin = line.find_first_not_of(" \t");
    if (begin == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(begin);
    const std::size_t end = std::min(line.find_first_of(" \t"), line.size());
    std::string_view field = line.substr(0, end);
    line.remove_prefix(end);
    return field;
}

bool number(std::string_view text, int base, std::uint64_t& out) {
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return ec == std::errc() && ptr == text.data() + text.size();
}

// "7f00-7f10 r-xp 00026000 fe:00 332835   /usr/lib/libc.so.6"
std::optional<Mapping> parse_line(std::string_view line) {
    Mapping m;
    const std::string_view range = next_field(line);
    const std::string_view perms = next_field(line);
    const std::string_view offset = next_field(line);
    m.device = next_field(line);
    const std::string_view inode = next_field(line);
    const std::size_t dash = range.find('-');
    if (dash == std::string_view::npos || perms.size() < 3 ||
        !number(range.substr(0, dash), 16, m.start) ||
        !number(range.substr(dash + 1), 16, m.end) || !number(offset, 16, m.offset) ||
        !number(inode, 10, m.inode) || m.device.empty() || m.end <= m.start)
        return std::nullopt;
    m.executable = perms[2] == 'x';
    // The name is the rest of the line; a path may hold spaces.
    const std::size_t begin = line.find_first_not_of(" \t");
    m.name = begin == std::string_view::npos ? std::string_view() : line.substr(begin);
    return m;
}

bool is_file(const Mapping& m) {
    return !m.name.empty() && m.name.front() == '/' && !(m.inode == 0 && m.device == "00:00");
}

// One object being gathered: the file's identity and whether any of its
// mappings is code.
struct Open {
    LoadedObject object;
    std::string device;
    std::uint64_t inode = 0;
    bool executable = false;
};

}  // namespace

std::vector<LoadedObject> parse_loaded_objects(std::string_view maps) {
    std::vector<LoadedObject> objects;
    std::optional<Open> open;
    auto close = [&] {
        if (open && open->executable) objects.push_back(std::move(open->object));
        open.reset();
    };
    while (!maps.empty()) {
        const std::size_t eol = std::min(maps.find('\n'), maps.size());
        const std::optional<Mapping> m = parse_line(maps.substr(0, eol));
        maps.remove_prefix(std::min(eol + 1, maps.size()));
        if (!m) continue;
        if (m->name == "[vdso]") {
            LoadedObject vdso;
            vdso.low = m->start;
            vdso.high = m->end;
            vdso.vdso = true;
            objects.push_back(vdso);
            continue;
        }
        // Anonymous lines (a library's .bss, the heap, stacks) neither end
        // nor extend an object.
        if (!is_file(*m)) continue;
        // Offset 0 is the ELF header: a loader maps it first, so it always
        // starts an object, even when the same file was just seen (a copy of
        // it mapped for reading, or the file loaded twice).
        const bool continues = open && m->offset != 0 && m->inode == open->inode &&
                               m->device == open->device && m->name == open->object.path;
        if (continues) {
            open->object.high = m->end;
            open->executable = open->executable || m->executable;
            continue;
        }
        close();
        open.emplace();
        open->object.path = std::string(m->name);
        open->object.low = m->start;
        open->object.high = m->end;
        open->device = std::string(m->device);
        open->inode = m->inode;
        open->executable = m->executable;
    }
    close();
    return objects;
}

bool read_loaded_objects(pid_t pid, std::vector<LoadedObject>& out, std::string& error) {
    const std::string path = "/proc/" + std::to_string(pid) + "/maps";
    std::ifstream in(path);
    if (!in) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    out = parse_loaded_objects(text.str());
    return true;
}

}  // namespace capsule::target
