#include "ci/outputs.hpp"

#include <filesystem>
#include <utility>
#include <vector>

#include "ci/fs.hpp"
#include "ci/summary.hpp"
#include "html/html.hpp"

namespace capsule::cli::ci {
namespace {

// The index page reads only these fields; the bundle need not open every
// capsule again to draw it.
Report index_report(const CapsuleRecord& r) {
    Report report;
    report.kind = r.kind;
    report.message = r.message;
    report.fingerprint = r.fingerprint;
    report.test.full_name = r.test;
    report.test.name = r.test_name;
    report.test.suite = r.suite;
    report.time = r.time;
    report.host = r.leg.empty() ? r.host : r.host + " [" + r.leg + "]";
    return report;
}

}  // namespace

std::string write_bundle_outputs(const std::string& dir, const Bundle& bundle, const std::set<std::string>* new_keys) {
    write_file(dir + "/" + bundle_file, bundle_to_json(bundle));
    SummaryContext context;
    context.new_keys = new_keys;
    std::string summary = render_summary(bundle, context);
    write_file(dir + "/summary.md", summary);
    std::vector<std::pair<std::string, Report>> pages;
    pages.reserve(bundle.capsules.size());
    for (const CapsuleRecord& r : bundle.capsules)
        pages.emplace_back(r.html.empty() ? r.path : r.html, index_report(r));
    write_file(dir + "/index.html", render_html_index(pages));
    return summary;
}

Bundle read_bundle(const std::string& dir) {
    const std::string path = (std::filesystem::path(dir) / bundle_file).string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw std::runtime_error(dir + ": no " + bundle_file + " (not a capsule CI bundle)");
    return bundle_from_json(read_file(path), path);
}

}  // namespace capsule::cli::ci
