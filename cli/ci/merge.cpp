#include "ci/merge.hpp"

#include <cctype>
#include <filesystem>
#include <iostream>
#include <set>

#include "capsule/file.hpp"
#include "ci/fs.hpp"
#include "ci/outputs.hpp"
#include "errors.hpp"

namespace capsule::cli::ci {
namespace {

namespace fs = std::filesystem;

// Folder names come from leg names, which come from CI variables.
std::string safe_name(const std::string& leg) {
    std::string out;
    for (char c : leg) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (out.empty() || out == "." || out == "..") out = "leg";
    return out;
}

std::string leg_name(const Bundle& bundle, const std::string& dir) {
    if (bundle.legs.size() == 1) return bundle.legs.front();
    for (const CapsuleRecord& r : bundle.capsules)
        if (!r.leg.empty()) return r.leg;
    std::string name = fs::path(dir).lexically_normal().filename().string();
    if (name.empty()) name = fs::path(dir).lexically_normal().parent_path().filename().string();
    return name;
}

void copy_if_present(const std::string& from, const std::string& to) {
    std::error_code ec;
    if (fs::is_regular_file(from, ec)) copy_file(from, to);
}

}  // namespace

int run_merge(const MergeOptions& options) {
    if (options.bundles.empty()) throw UsageError("ci merge: no bundle given");
    std::vector<std::pair<std::string, Bundle>> legs;
    for (const std::string& dir : options.bundles) {
        try {
            legs.emplace_back(dir, read_bundle(dir));
        } catch (const std::exception& e) {
            throw UsageError(e.what());
        }
    }
    std::error_code ec;
    fs::create_directories(options.out, ec);
    if (ec) throw std::runtime_error("cannot create " + options.out + ": " + ec.message());

    Bundle merged;
    std::set<std::string> folders;
    for (auto& [dir, bundle] : legs) {
        const std::string leg = leg_name(bundle, dir);
        std::string folder = safe_name(leg);
        for (int n = 2; !folders.insert(folder).second; ++n) folder = safe_name(leg) + "-" + std::to_string(n);
        merged.legs.push_back(leg);
        merged.testcases += bundle.testcases;
        merged.failed_testcases += bundle.failed_testcases;
        for (const std::string& junit : bundle.junit) {
            copy_if_present(dir + "/" + junit, options.out + "/" + folder + "/" + junit);
            merged.junit.push_back(folder + "/" + junit);
        }
        for (CapsuleRecord& r : bundle.capsules) {
            copy_if_present(dir + "/" + r.path, options.out + "/" + folder + "/" + r.path);
            r.path = folder + "/" + r.path;
            if (!r.html.empty()) {
                copy_if_present(dir + "/" + r.html, options.out + "/" + folder + "/" + r.html);
                r.html = folder + "/" + r.html;
            }
            if (r.leg.empty()) r.leg = leg;
            merged.capsules.push_back(std::move(r));
        }
    }
    write_bundle_outputs(options.out, merged, nullptr);
    std::cerr << "capsule: merged " << legs.size() << " leg" << (legs.size() == 1 ? "" : "s") << ", "
              << merged.capsules.size() << " capsule" << (merged.capsules.size() == 1 ? "" : "s") << " -> "
              << options.out << '\n';
    return exit_ok;
}

}  // namespace capsule::cli::ci
