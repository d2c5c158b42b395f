// capsule fingerprint FILE|FINGERPRINT: what identifies this failure among
// others: the hash, its short form, and the normalized frames it was computed
// from (why two capsules are, or are not, the same bug).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "errors.hpp"
#include "render/json_out.hpp"
#include "render/printable.hpp"
#include "repo/options.hpp"

namespace capsule::cli {
namespace {

struct FingerprintOptions : CommonOptions {
    std::string capsule;
};

int fingerprint(const FingerprintOptions& options, const GlobalOptions& globals) {
    const Palette palette = stdout_palette(options);
    const LoadedCapsule loaded = load_capsule(options.capsule, repository_dir(options, globals));
    const Report& r = loaded.report;
    const std::string short_form = r.fingerprint.substr(0, 12);
    if (options.json) {
        ojson j;
        j["path"] = loaded.path;
        j["fingerprint"] = r.fingerprint;
        j["short"] = short_form;
        j["version"] = r.fingerprint_version;
        j["kind"] = r.kind;
        j["signal"] = r.signal.name;
        j["exception"] = r.exception.type;
        j["assertion"] = r.assertion.expression;
        j["frames"] = r.fingerprint_frames;
        print_json(j, std::cout);
        return exit_ok;
    }
    if (r.fingerprint.empty()) std::cerr << "capsule: " << printable(loaded.path) << " has no fingerprint\n";
    auto field = [&](const std::string& label, const std::string& value) {
        if (value.empty()) return;
        std::string padded = label;
        padded.resize(std::max<std::size_t>(label.size() + 1, 13), ' ');
        std::cout << palette.paint(Style::dim, padded) << value << '\n';
    };
    field("fingerprint", palette.paint(Style::yellow, printable(r.fingerprint)));
    field("short", palette.paint(Style::yellow, printable(short_form)));
    if (r.fingerprint_version != 0) field("version", std::to_string(r.fingerprint_version));
    // The inputs besides the frames, as the hash saw them.
    field("kind", printable(r.kind));
    field("signal", printable(r.signal.name));
    field("exception", printable(r.exception.type));
    field("assertion", printable(r.assertion.expression));
    if (!r.fingerprint_frames.empty()) {
        std::cout << palette.paint(Style::bold, "frames hashed") << '\n';
        for (std::size_t i = 0; i < r.fingerprint_frames.size(); ++i)
            std::cout << "  " << (i + 1) << ". " << printable(r.fingerprint_frames[i]) << '\n';
    }
    return exit_ok;
}

}  // namespace

Command add_fingerprint_command(CLI::App& parent, const GlobalOptions& globals) {
    auto options = std::make_shared<FingerprintOptions>();
    CLI::App* app =
        parent.add_subcommand("fingerprint", "The failure's fingerprint and the normalized frames it hashes");
    app->add_option("CAPSULE", options->capsule, "A .capsule file, or a fingerprint prefix in the repository")
        ->required();
    add_common_options(app, *options);
    return Command{app, [options, &globals] { return fingerprint(*options, globals); }};
}

}  // namespace capsule::cli
