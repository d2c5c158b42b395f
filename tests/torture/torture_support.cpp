#include "torture_support.hpp"

#include <filesystem>

#include "spawn.hpp"

namespace capsule::torture {

std::vector<std::string> victim_env(const std::string& repository) {
    // In the sanitizer build the crash signals are capsule's, as in a user's
    // build: ASan would otherwise report the fault itself and exit.
    return {"CAPSULE_OUTPUT_DIR=" + repository,
            "ASAN_OPTIONS=abort_on_error=1:detect_leaks=0:handle_segv=0:handle_sigbus=0:"
            "handle_sigfpe=0:handle_sigill=0:handle_abort=0"};
}

bool failing_thread_has(const Report& report, const std::string& function_part) {
    const Thread* thread = report.failing_thread();
    if (!thread) return false;
    for (const Frame& frame : thread->frames)
        if (frame.function.find(function_part) != std::string::npos) return true;
    return false;
}

const Frame* find_frame(const Report& report, const std::string& function_part) {
    for (const Thread& thread : report.threads)
        for (const Frame& frame : thread.frames)
            if (frame.function.find(function_part) != std::string::npos) return &frame;
    return nullptr;
}

const Variable* find_var(const Frame& frame, const std::string& name) {
    for (const Variable& v : frame.vars)
        if (v.name == name) return &v;
    return nullptr;
}

bool shows(const std::string& capsule) {
    Spawn spec;
    spec.program = CAPSULE_CLI;
    spec.args = {"show", capsule};
    const Result r = spawn(spec);
    return WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 && !r.out.empty();
}

std::vector<std::string> leftovers(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string name = it->path().filename().string();
        const bool capsule = name.size() > 8 && name.compare(name.size() - 8, 8, ".capsule") == 0 &&
                             name[0] != '.';
        if (!capsule && name != "index" && name != "index.lock" && name != "latest")
            out.push_back(it->path().string());
    }
    return out;
}

}  // namespace capsule::torture
