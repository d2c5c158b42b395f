#include "ci/bundle.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "capsule/file.hpp"
#include "ci/annotate.hpp"
#include "ci/collect.hpp"
#include "ci/diff.hpp"
#include "ci/fs.hpp"
#include "ci/github.hpp"
#include "ci/outputs.hpp"
#include "errors.hpp"
#include "html/html.hpp"

namespace capsule::cli::ci {
namespace {

namespace fs = std::filesystem;

// Below this many capsules a progress line is noise.
constexpr std::size_t progress_threshold = 50;

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

class Progress {
public:
    explicit Progress(std::size_t total) : total_(total), on_(total >= progress_threshold && ::isatty(2)) {}
    void step(std::size_t done) {
        if (!on_ || (done % 25 != 0 && done != total_)) return;
        std::cerr << "\rcapsule: bundling " << done << "/" << total_ << " capsules" << std::flush;
        if (done == total_) std::cerr << '\n';
    }

private:
    std::size_t total_;
    bool on_;
};

std::vector<JunitInput> load_junit(const std::vector<std::string>& paths) {
    std::vector<JunitInput> inputs;
    std::set<std::string> names;
    for (const std::string& path : paths) {
        JunitInput input{path, "", JunitDocument::load(path)};
        std::string name = fs::path(path).filename().string();
        if (name.empty()) name = "junit.xml";
        for (int n = 2; !names.insert(name).second; ++n) name = std::to_string(n) + "-" + fs::path(path).filename().string();
        input.output = "junit/" + name;
        inputs.push_back(std::move(input));
    }
    return inputs;
}

std::string html_name(const std::string& capsule_path) {
    const std::string suffix = ".capsule";
    if (capsule_path.size() > suffix.size() &&
        capsule_path.compare(capsule_path.size() - suffix.size(), suffix.size(), suffix) == 0)
        return capsule_path.substr(0, capsule_path.size() - suffix.size()) + ".html";
    return capsule_path + ".html";
}

}  // namespace

int run_bundle(const BundleOptions& options) {
    if (options.junit.empty()) throw UsageError("ci bundle: no --junit report given");
    // Every report is read before anything is written: bad input leaves no half bundle.
    std::vector<JunitInput> inputs = load_junit(options.junit);
    const std::string workspace = resolve_workspace(options.workspace);
    std::error_code ec;
    const std::string out = fs::absolute(options.out, ec).lexically_normal().string();
    fs::create_directories(out, ec);
    if (ec) throw std::runtime_error("cannot create " + options.out + ": " + ec.message());

    Bundle bundle;
    const std::string leg = !options.leg.empty() ? options.leg : env("CAPSULE_LEG");
    if (!leg.empty()) bundle.legs.push_back(leg);

    const std::vector<FoundCapsule> found =
        find_capsules(options.repo, [](const std::string& w) { std::cerr << "capsule: warning: " << w << '\n'; });
    Progress progress(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
        Report report;
        try {
            report = read_capsule(found[i].path);
        } catch (const std::exception& e) {
            std::cerr << "capsule: warning: skipped " << found[i].path << ": " << e.what() << '\n';
            continue;
        }
        CapsuleRecord record = record_from_report(report, workspace);
        record.source = found[i].path;
        record.path = "capsules/" + found[i].relative;
        copy_file(found[i].path, out + "/" + record.path);
        if (options.html) {
            record.html = html_name(record.path);
            write_file(out + "/" + record.html, render_html_report(report));
        }
        if (record.leg.empty()) record.leg = leg;
        bundle.capsules.push_back(std::move(record));
        progress.step(i + 1);
    }

    annotate_junit(inputs, bundle.capsules, AnnotateContext{out, workspace});
    for (const JunitInput& input : inputs) {
        for (const JunitCase& c : input.doc.cases()) {
            ++bundle.testcases;
            if (c.status == CaseStatus::failed || c.status == CaseStatus::error) ++bundle.failed_testcases;
        }
        write_file(out + "/" + input.output, input.doc.to_xml());
        bundle.junit.push_back(input.output);
    }

    // Ranking against a base is optional here; an unknown base ranks nothing as new.
    std::set<std::string> new_keys;
    const std::set<std::string>* new_ptr = nullptr;
    if (!options.base.empty()) {
        const DiffSide base = load_side(options.base, workspace, false);
        if (base.known) {
            std::set<std::string> old;
            for (const CapsuleRecord& r : base.records) old.insert(failure_key(r));
            for (const CapsuleRecord& r : bundle.capsules)
                if (!old.count(failure_key(r))) new_keys.insert(failure_key(r));
            new_ptr = &new_keys;
        }
    }
    const std::string summary = write_bundle_outputs(out, bundle, new_ptr);

    if (env("GITHUB_ACTIONS") == "true") {
        for (const std::string& line : github_annotations(bundle.capsules, new_ptr, options.max_annotations))
            std::cout << line << '\n';
        if (const std::string path = env("GITHUB_STEP_SUMMARY"); !path.empty())
            if (!append_step_summary(path, summary))
                std::cerr << "capsule: warning: the step summary is full; summary.md is in the artifacts\n";
    }
    std::cerr << "capsule: " << bundle.capsules.size() << " capsule" << (bundle.capsules.size() == 1 ? "" : "s")
              << ", " << bundle.failed_testcases << " failing testcase" << (bundle.failed_testcases == 1 ? "" : "s")
              << " -> " << out << '\n';
    return options.fail_on_capsules && !bundle.capsules.empty() ? exit_failure : exit_ok;
}

}  // namespace capsule::cli::ci
