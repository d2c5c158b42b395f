#include "snapshot/process_tree.hpp"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace capsule::cli {

bool read_process(pid_t pid, ProcessInfo& out) {
    if (pid <= 0) return false;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return false;
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so
    // it ends at the last ')'.
    const auto open = line.find('(');
    const auto close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return false;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    long parent = 0;
    if (!(rest >> state >> parent) || state.empty()) return false;
    out.pid = pid;
    out.parent = static_cast<pid_t>(parent);
    out.state = state[0];
    out.name = line.substr(open + 1, close - open - 1);
    return true;
}

std::vector<ProcessInfo> process_tree(pid_t root) {
    std::vector<ProcessInfo> out;
    ProcessInfo first;
    if (!read_process(root, first) || first.state == 'Z') return out;
    std::multimap<pid_t, ProcessInfo> children;
    std::unique_ptr<DIR, int (*)(DIR*)> proc(::opendir("/proc"), &::closedir);
    while (proc) {
        dirent* entry = ::readdir(proc.get());
        if (!entry) break;
        char* end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0') continue;
        ProcessInfo info;
        // A process that ended since readdir is simply not there.
        if (read_process(static_cast<pid_t>(pid), info)) children.emplace(info.parent, info);
    }
    const pid_t self = ::getpid();
    std::deque<ProcessInfo> queue{first};
    while (!queue.empty() && out.size() < 4096) {
        ProcessInfo current = queue.front();
        queue.pop_front();
        if (current.pid == self) continue;
        out.push_back(current);
        auto [begin, finish] = children.equal_range(current.pid);
        for (auto it = begin; it != finish; ++it)
            if (it->second.state != 'Z') queue.push_back(it->second);
    }
    return out;
}

}  // namespace capsule::cli
