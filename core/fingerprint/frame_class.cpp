#include "fingerprint/frame_class.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "fingerprint/fingerprint.hpp"
#include "fingerprint/function_name.hpp"

namespace capsule::fingerprint {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view last_component(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

template <std::size_t N>
bool starts_with_any(std::string_view s, const std::array<std::string_view, N>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return starts_with(s, p); });
}

// Only the namespace at the very start: "my::capsule::f" or
// "run<capsule::Report>" are the user's.
bool is_capsule_function(std::string_view name) { return starts_with(name, "capsule::"); }

bool is_framework_function(std::string_view name) {
    return starts_with(name, "testing::") || starts_with(name, "Catch::");
}

bool is_std_function(std::string_view name) {
    static constexpr std::array<std::string_view, 6> prefixes = {
        "std::", "__gnu_cxx::", "__cxxabiv1::", "__cxa_", "__gnu_debug::", "__gxx_"};
    return starts_with_any(name, prefixes);
}

// The framework's own sources sit in a directory named after it and carry its
// prefix (gtest-port.h, gmock-spec-builders.h, catch.hpp, catch_run_context.cpp);
// a user's tests/gtest/parser_test.cpp stays the user's.
bool is_framework_file(std::string_view file) {
    std::string path = lower(file);
    static constexpr std::array<std::string_view, 5> dirs = {"/gtest/", "/googletest/", "/gmock/",
                                                             "/googlemock/", "/catch2/"};
    bool in_dir = std::any_of(dirs.begin(), dirs.end(), [&](std::string_view d) {
        return path.find(d) != std::string::npos;
    });
    static constexpr std::array<std::string_view, 3> names = {"gtest", "gmock", "catch"};
    return in_dir && starts_with_any(last_component(path), names);
}

bool is_gtest_main_file(std::string_view file) {
    std::string_view base = last_component(file);
    return starts_with(base, "gtest_main.") || starts_with(base, "gmock_main.");
}

// Library headers, as opposed to a user's own src/bits/parser.cpp.
bool is_std_file(std::string_view file) {
    if (file.find("/include/c++/") != std::string_view::npos) return true;
    if (file.find("/bits/") == std::string_view::npos) return false;
    std::string_view base = last_component(file);
    return base.find('.') == std::string_view::npos || ends_with(base, ".h") ||
           ends_with(base, ".hpp") || ends_with(base, ".hh") || ends_with(base, ".tcc");
}

bool is_framework_module(std::string_view module) {
    static constexpr std::array<std::string_view, 3> prefixes = {"libgtest", "libgmock",
                                                                 "libcatch2"};
    return starts_with_any(lower(last_component(module)), prefixes);
}

bool is_system_module(std::string_view module, std::string_view program) {
    if (module.empty() || module == program) return false;
    static constexpr std::array<std::string_view, 15> libraries = {
        "libc.so",     "libc-2.",   "ld-linux",  "ld64.so",    "libstdc++.so",
        "libgcc_s.so", "libm.so",   "libm-2.",   "libpthread", "libdl.so",
        "librt.so",    "libc++.so", "libc++abi", "libunwind",  "linux-vdso"};
    if (starts_with_any(last_component(module), libraries) || module == "[vdso]") return true;
    static constexpr std::array<std::string_view, 7> dirs = {
        "/lib/", "/lib64/", "/lib32/", "/usr/lib/", "/usr/lib64/", "/usr/lib32/", "/usr/libexec/"};
    return starts_with_any(module, dirs);
}

// Process and thread start, and the way into a signal handler or abort: also
// found in static binaries, where no module says "libc".
bool is_system_function(std::string_view name) {
    static constexpr std::array<std::string_view, 13> names = {"_start",
                                                               "__libc_start_main",
                                                               "__libc_start_call_main",
                                                               "clone",
                                                               "clone3",
                                                               "start_thread",
                                                               "__restore_rt",
                                                               "raise",
                                                               "abort",
                                                               "gsignal",
                                                               "pthread_kill",
                                                               "__pthread_kill_implementation",
                                                               "__pthread_kill_internal"};
    return std::find(names.begin(), names.end(), name) != names.end() || starts_with(name, "__GI_");
}

std::string builtin_category(const Frame& frame, std::string_view program) {
    std::string normalized = normalize_function(frame.function);
    std::string_view name = qualified_name(normalized);
    if (name.empty()) return std::string(category_system);
    if (is_capsule_function(name)) return std::string(category_capsule);
    if (is_framework_function(name)) return std::string(category_test_framework);
    if (is_std_function(name)) return std::string(category_std);
    if (is_framework_file(frame.file) || (name == "main" && is_gtest_main_file(frame.file)))
        return std::string(category_test_framework);
    if (is_std_file(frame.file)) return std::string(category_std);
    if (is_framework_module(frame.module)) return std::string(category_test_framework);
    if (is_system_module(frame.module, program) || is_system_function(name))
        return std::string(category_system);
    return std::string(category_user);
}

std::string apply_rules(const Frame& frame, const std::string& builtin,
                        const std::vector<FrameRule>& rules) {
    std::string category = builtin;
    for (const FrameRule& rule : rules) {
        if (!rule_matches(rule, frame)) continue;
        if (rule.app)
            category = std::string(category_user);
        else
            category = builtin != category_user ? builtin : std::string(category_system);
    }
    return category;
}

}  // namespace

std::string classify(const Frame& frame, const std::vector<FrameRule>& rules,
                     std::string_view program) {
    return apply_rules(frame, builtin_category(frame, program), rules);
}

void classify_frames(Report& report, const std::vector<FrameRule>& rules) {
    for (Thread& thread : report.threads) {
        std::vector<std::string> builtin;
        builtin.reserve(thread.frames.size());
        for (const Frame& frame : thread.frames)
            builtin.push_back(builtin_category(frame, report.binary));
        // Debian's gtest_main has no debug info, so its main has no file; what
        // it calls tells it from a user's main.
        for (std::size_t i = 1; i < thread.frames.size(); ++i) {
            const Frame& frame = thread.frames[i];
            if (builtin[i] == category_user && frame.file.empty() &&
                qualified_name(normalize_function(frame.function)) == "main" &&
                builtin[i - 1] == category_test_framework)
                builtin[i] = std::string(category_test_framework);
        }
        for (std::size_t i = 0; i < thread.frames.size(); ++i)
            thread.frames[i].category = apply_rules(thread.frames[i], builtin[i], rules);
    }
}

}  // namespace capsule::fingerprint
