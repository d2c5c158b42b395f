#include "repo/options.hpp"

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "capsule/file.hpp"
#include "capsule/repository.hpp"
#include "errors.hpp"
#include "render/printable.hpp"

namespace capsule::cli {
namespace {

bool hex_digits(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

void add_common_options(CLI::App* app, CommonOptions& options) {
    app->add_option("--repo", options.repo, "Capsule repository (default: $CAPSULE_DIR, else ./capsules)")
        ->type_name("DIR");
    app->add_flag("--json", options.json, "Print JSON instead of text");
    app->add_option("--color", options.color, "Colour: auto (a terminal without NO_COLOR), always, never")
        ->type_name("WHEN");
}

CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 9 &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            return digits ? std::string() : "must be a whole number, 0 or more, not \"" + printable(text) + "\"";
        },
        "N");
}

std::string repository_dir(const CommonOptions& options, const GlobalOptions& globals) {
    if (!options.repo.empty()) return options.repo;
    if (!globals.repo.empty()) return globals.repo;
    return default_repository();
}

Palette stdout_palette(const CommonOptions& options) {
    return Palette(use_color(parse_color_mode(options.color), STDOUT_FILENO));
}

std::string resolve_capsule(const std::string& argument, const std::string& repository) {
    if (argument.empty()) throw UsageError("no capsule named (give a FILE or a FINGERPRINT)");
    if (exists(argument) || argument.size() < 4 || argument.size() > 64 || !hex_digits(argument))
        return argument;
    const std::string prefix = lower(argument);
    const IndexContents index = read_index(repository);
    std::set<std::string> fingerprints;
    std::string newest;
    for (const IndexEntry& entry : index.entries) {
        if (lower(entry.fingerprint).rfind(prefix, 0) != 0) continue;
        const std::string path = entry_path(repository, entry);
        if (!exists(path)) continue;
        fingerprints.insert(entry.fingerprint);
        newest = path;  // the index is in the order capsules were stored
    }
    if (fingerprints.empty()) {
        const std::string where = index.entries.empty() ? "the repository " + printable(repository) + " is empty"
                                                        : "nothing in " + printable(repository) + " matches";
        throw UsageError("no file or fingerprint \"" + printable(argument) + "\": " + where);
    }
    if (fingerprints.size() > 1) {
        std::string list;
        for (const std::string& fp : fingerprints) {
            if (list.size() > 60) {
                list += ", ...";
                break;
            }
            list += (list.empty() ? "" : ", ") + fp.substr(0, 12);
        }
        throw UsageError("fingerprint prefix \"" + argument + "\" is ambiguous: " +
                         std::to_string(fingerprints.size()) + " failures match (" + list +
                         "); give more digits");
    }
    return newest;
}

LoadedCapsule load_capsule(const std::string& argument, const std::string& repository) {
    LoadedCapsule loaded;
    loaded.path = resolve_capsule(argument, repository);
    loaded.report = read_capsule(loaded.path);
    return loaded;
}

}  // namespace capsule::cli
