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
namespace {

constexpr unsigned long pf_kthread = 0x00200000;  // PF_KTHREAD in linux/sched.h

}  // namespace

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
    // Fields 3, 4 and 9 of proc(5): state, ppid, flags.
    std::string state, skip;
    long parent = 0;
    unsigned long flags = 0;
    if (!(rest >> state >> parent >> skip >> skip >> skip >> skip >> flags) || state.empty()) return false;
    out.pid = pid;
    out.kernel_thread = (flags & pf_kthread) != 0;
    out.parent = static_cast<pid_t>(parent);
    out.state = state[0];
    out.name = line.substr(open + 1, close - open - 1);
    return true;
}

ProcessTree process_tree(pid_t root, std::size_t limit) {
    ProcessTree out;
    ProcessInfo first;
    if (!read_process(root, first) || first.state == 'Z' || first.kernel_thread) return out;
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
    // /proc is read once: a pid reused while we walk cannot loop the walk,
    // but a corrupt parent link could; the bound on what is listed stops it.
    constexpr std::size_t max_listed = 65536;
    while (!queue.empty() && out.processes.size() + out.left_out.size() < max_listed) {
        ProcessInfo current = queue.front();
        queue.pop_front();
        if (current.pid == self) continue;
        (out.processes.size() < limit ? out.processes : out.left_out).push_back(current);
        auto [begin, finish] = children.equal_range(current.pid);
        for (auto it = begin; it != finish; ++it)
            if (it->second.state != 'Z' && !it->second.kernel_thread) queue.push_back(it->second);
    }
    return out;
}

}  // namespace capsule::cli
