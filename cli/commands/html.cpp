// capsule html FILE [-o OUT]: one capsule as a standalone HTML page.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "capsule/file.hpp"
#include "commands/command.hpp"
#include "errors.hpp"
#include "html/html.hpp"

namespace capsule::cli {
namespace {

struct HtmlOptions {
    std::string file;
    std::string output;
};

// Next to the capsule: x.capsule -> x.html.
std::string default_output(const std::string& capsule) {
    const std::string suffix = ".capsule";
    const std::size_t slash = capsule.find_last_of('/');
    const std::size_t name = slash == std::string::npos ? 0 : slash + 1;
    if (capsule.size() - name > suffix.size() &&
        capsule.compare(capsule.size() - suffix.size(), suffix.size(), suffix) == 0)
        return capsule.substr(0, capsule.size() - suffix.size()) + ".html";
    return capsule + ".html";
}

// Through a temporary name and a rename: a browser that has the page open,
// or a CI step that uploads it, never sees half a page.
void write_file(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(error));
    }
}

int html(const HtmlOptions& options) {
    const Report report = read_capsule(options.file);
    const std::string page = render_html_report(report);
    if (options.output == "-") {
        std::cout << page;
        return exit_ok;
    }
    const std::string path = options.output.empty() ? default_output(options.file) : options.output;
    write_file(path, page);
    std::cout << path << '\n';
    return exit_ok;
}

}  // namespace

Command add_html_command(CLI::App& parent, const GlobalOptions&) {
    auto options = std::make_shared<HtmlOptions>();
    CLI::App* app =
        parent.add_subcommand("html", "Write a capsule as one standalone HTML page (no network needed to view it)");
    app->add_option("FILE", options->file, "The .capsule file")->required();
    app->add_option("-o,--output", options->output,
                    "Where to write the page (default: FILE with .html for .capsule; - for standard output)")
        ->type_name("OUT");
    return Command{app, [options] { return html(*options); }};
}

}  // namespace capsule::cli
