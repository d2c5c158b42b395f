#include "capture/process_facts.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fnmatch.h>
#include <fstream>
#include <iterator>

namespace capsule::capture {
namespace {

// /proc/PID/cmdline and /proc/PID/environ: NUL-separated, bounded.
std::vector<std::string> read_nul_list(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    std::string data;
    data.resize(max_bytes);
    in.read(data.data(), static_cast<std::streamsize>(max_bytes));
    data.resize(static_cast<std::size_t>(in.gcount()));
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start < data.size()) {
        std::size_t end = data.find('\0', start);
        if (end == std::string::npos) end = data.size();
        items.emplace_back(data, start, end - start);
        start = end + 1;
    }
    return items;
}

std::string iso_time_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    return buffer;
}

bool allowed(const std::string& name, const std::vector<std::string>& patterns) {
    for (const auto& p : patterns)
        if (fnmatch(p.c_str(), name.c_str(), 0) == 0) return true;
    return false;
}

}  // namespace

void fill_process_facts(Report& report, pid_t pid, const CaptureOptions& options) {
    std::string proc = "/proc/" + std::to_string(pid);
    report.pid = pid;
    report.tool_version = CAPSULE_VERSION;
    report.time = iso_time_now();
    report.command_line = read_nul_list(proc + "/cmdline", 64 * 1024);
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) report.host = host;
    utsname u{};
    if (uname(&u) == 0) report.os = std::string(u.sysname) + " " + u.release + " " + u.machine;
    char exe[4096];
    ssize_t n = readlink((proc + "/exe").c_str(), exe, sizeof exe - 1);
    if (n > 0) report.binary.assign(exe, static_cast<std::size_t>(n));
    for (const auto& entry : read_nul_list(proc + "/environ", 256 * 1024)) {
        auto eq = entry.find('=');
        if (eq == std::string::npos) continue;
        std::string name = entry.substr(0, eq);
        if (allowed(name, options.environment_allow)) report.environment[name] = entry.substr(eq + 1);
    }
}

}  // namespace capsule::capture
