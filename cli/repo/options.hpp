// What the repository commands share: --repo, --json and --color, and how a
// command argument (a file, or a fingerprint prefix) becomes a capsule.
#pragma once

#include <string>

#include "capsule/report.hpp"
#include "commands/command.hpp"
#include "render/color.hpp"

namespace CLI {
class App;
class Validator;
}

namespace capsule::cli {

struct CommonOptions {
    std::string repo;  // this command's --repo; the global one applies when empty
    bool json = false;
    std::string color = "auto";
};

// Adds --repo DIR, --json and --color WHEN to `app`.
void add_common_options(CLI::App* app, CommonOptions& options);

// For options that count (--limit, --frame, --max-days ...): a whole number,
// 0 or more, at most 9 digits. CLI11's own checks would print the range with a 300-digit bound,
// and take "-1" into an unsigned option as a huge number.
CLI::Validator whole_number();

// The command's --repo, else the global --repo, else default_repository().
std::string repository_dir(const CommonOptions& options, const GlobalOptions& globals);

// For text on stdout, as --color and the terminal say.
Palette stdout_palette(const CommonOptions& options);

// FILE or FINGERPRINT: an existing path is taken as it is; otherwise 4 to 64
// hex digits name the newest capsule in `repository` whose fingerprint starts
// with them. Throws UsageError when no capsule or several different
// fingerprints match; anything else is left for read_capsule to report.
std::string resolve_capsule(const std::string& argument, const std::string& repository);

struct LoadedCapsule {
    std::string path;
    Report report;
};
// resolve_capsule, then read_capsule (which throws FormatError).
LoadedCapsule load_capsule(const std::string& argument, const std::string& repository);

}  // namespace capsule::cli
