// capsule env FILE|FINGERPRINT: where the failure ran: host, system, binary,
// command line, the allow-listed environment variables and capture facts.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct EnvOptions : CommonOptions {
    std::string capsule;
};

// A command line as a shell would take it back: arguments with blanks or
// quotes are single-quoted.
std::string shell_words(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) out += ' ';
        const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_./=:,+@%").find(c) != std::string_view::npos;
        });
        if (plain) {
            out += word;
            continue;
        }
        out += '\'';
        for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

int env(const EnvOptions& options, const GlobalOptions& globals) {
    const Palette palette = stdout_palette(options);
    const LoadedCapsule loaded = load_capsule(options.capsule, repository_dir(options, globals));
    const Report& r = loaded.report;
    if (options.json) {
        ojson j;
        j["path"] = loaded.path;
        j["host"] = r.host;
        j["os"] = r.os;
        j["binary"] = r.binary;
        j["build_id"] = r.build_id;
        j["pid"] = r.pid;
        j["command_line"] = r.command_line;
        j["time"] = r.time;
        j["tool_version"] = r.tool_version;
        j["format"] = std::to_string(r.format_major) + "." + std::to_string(r.format_minor);
        j["std_library"] = r.std_library;
        j["capture"] = {{"path", r.capture.path}, {"duration_ms", r.capture.duration_ms},
                        {"truncated", r.capture.truncated}, {"notes", r.capture.notes}};
        j["environment"] = r.environment;
        j["extra"] = r.extra;
        j["masking_rules"] = r.masking_rules;
        print_json(j, std::cout);
        return exit_ok;
    }
    auto field = [&](const std::string& label, const std::string& value) {
        if (value.empty()) return;
        std::string padded = label;
        padded.resize(std::max<std::size_t>(label.size() + 1, 13), ' ');
        std::cout << palette.paint(Style::dim, padded) << printable(value) << '\n';
    };
    field("host", r.host);
    field("os", r.os);
    field("binary", r.binary);
    field("build id", r.build_id);
    if (r.pid != 0) field("pid", std::to_string(r.pid));
    field("command", shell_words(r.command_line));
    field("time", r.time);
    field("std library", r.std_library);
    field("capsule", (r.tool_version.empty() ? std::string("?") : r.tool_version) + " (format " +
                         std::to_string(r.format_major) + "." + std::to_string(r.format_minor) + ")");
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", r.capture.duration_ms);
    field("capture", r.capture.path + (r.capture.path.empty() ? "" : ", ") + duration +
                         (r.capture.truncated ? ", truncated" : ""));
    auto section = [&](const std::string& title, const std::map<std::string, std::string>& map) {
        if (map.empty()) return;
        std::cout << '\n' << palette.paint(Style::bold, title) << '\n';
        for (const auto& [key, value] : map)
            std::cout << "  " << palette.paint(Style::green, printable(key)) << "=" << printable(value) << '\n';
    };
    section("environment", r.environment);
    section("extra", r.extra);
    if (!r.masking_rules.empty()) {
        std::cout << '\n' << palette.paint(Style::bold, "masking rules") << '\n';
        for (const std::string& rule : r.masking_rules) std::cout << "  " << printable(rule) << '\n';
    }
    return exit_ok;
}

}  // namespace

Command add_env_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<EnvOptions>();
    CLI::App* app = parent.add_subcommand("env", "Where the failure ran: host, binary, command line, environment");
    app->add_option("CAPSULE", options->capsule, "A .capsule file, or a fingerprint prefix in the repository")
        ->required();
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return env(*options, globals); }};
}

}  // namespace capsule::cli
