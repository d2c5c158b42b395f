#include "ci/diff.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>

#include "capsule/file.hpp"
#include "ci/collect.hpp"
#include "ci/outputs.hpp"
#include "ci/summary.hpp"

namespace capsule::cli::ci {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t tests_listed = 10;

std::vector<CapsuleRecord> read_repository(const std::string& dir, const std::string& workspace) {
    std::vector<CapsuleRecord> records;
    for (const FoundCapsule& found :
         find_capsules(dir, [](const std::string& w) { std::cerr << "capsule: warning: " << w << '\n'; })) {
        try {
            CapsuleRecord r = record_from_report(read_capsule(found.path), workspace);
            r.path = found.relative;
            records.push_back(std::move(r));
        } catch (const std::exception& e) {
            std::cerr << "capsule: warning: skipped " << found.path << ": " << e.what() << '\n';
        }
    }
    return records;
}

DiffSide read_side(const std::string& dir, const std::string& workspace) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": no such directory");
    DiffSide side;
    if (fs::exists(fs::path(dir) / bundle_file, ec)) {
        side.records = read_bundle(dir).capsules;
        side.kind = "bundle";
    } else if (!find_repositories(dir).empty()) {
        side.records = read_repository(dir, workspace);
        side.kind = "repository";
    } else {
        throw std::runtime_error(dir + ": neither a capsule CI bundle (" + std::string(bundle_file) +
                                 ") nor a capsule repository (index)");
    }
    side.known = true;
    return side;
}

std::map<std::string, DiffEntry> entries(const std::vector<CapsuleRecord>& records, bool base) {
    std::map<std::string, DiffEntry> out;
    for (const CapsuleRecord& r : records) {
        DiffEntry& e = out[failure_key(r)];
        if (e.key.empty()) {
            e.key = failure_key(r);
            e.fingerprint = r.fingerprint;
            e.kind = r.kind + (r.cause.empty() ? "" : " (" + r.cause + ")");
            e.top_frame = top_frame(r);
        }
        const std::string test = !r.testcase.empty() ? r.testcase : r.test;
        if (!test.empty() && std::find(e.tests.begin(), e.tests.end(), test) == e.tests.end()) e.tests.push_back(test);
        ++(base ? e.base : e.head);
    }
    return out;
}

void sort_entries(std::vector<DiffEntry>& list) {
    std::stable_sort(list.begin(), list.end(), [](const DiffEntry& a, const DiffEntry& b) {
        return std::max(a.head, a.base) > std::max(b.head, b.base);
    });
}

std::string tests_cell(const DiffEntry& e) {
    std::string out;
    for (std::size_t i = 0; i < e.tests.size() && i < tests_listed; ++i) out += (i ? ", " : "") + e.tests[i];
    if (e.tests.size() > tests_listed) out += " and " + std::to_string(e.tests.size() - tests_listed) + " more";
    return out.empty() ? std::string("(no test)") : out;
}

void table(std::string& out, const std::string& title, const std::vector<DiffEntry>& list, bool counts) {
    out += "\n### " + title + " (" + std::to_string(list.size()) + ")\n\n";
    if (list.empty()) {
        out += "none\n";
        return;
    }
    out += counts ? "| fingerprint | kind | base | head | tests | top frame |\n|---|---|---:|---:|---|---|\n"
                  : "| fingerprint | kind | capsules | tests | top frame |\n|---|---|---:|---|---|\n";
    for (const DiffEntry& e : list) {
        const std::string fp = e.fingerprint.empty() ? "none" : "`" + e.fingerprint.substr(0, 12) + "`";
        out += "| " + fp + " | " + md_cell(e.kind, 80) + " | ";
        if (counts)
            out += std::to_string(e.base) + " | " + std::to_string(e.head) + " | ";
        else
            out += std::to_string(std::max(e.base, e.head)) + " | ";
        out += md_cell(tests_cell(e), 400) + " | " + md_cell(e.top_frame) + " |\n";
    }
}

nlohmann::ordered_json entry_json(const DiffEntry& e) {
    nlohmann::ordered_json j;
    j["fingerprint"] = e.fingerprint;
    j["key"] = e.key;
    j["kind"] = e.kind;
    j["top_frame"] = e.top_frame;
    j["tests"] = e.tests;
    j["base"] = e.base;
    j["head"] = e.head;
    return j;
}

}  // namespace

DiffSide load_side(const std::string& dir, const std::string& workspace, bool required) {
    if (required) return read_side(dir, workspace);
    try {
        return read_side(dir, workspace);
    } catch (const std::exception& e) {
        DiffSide side;
        side.reason = e.what();
        return side;
    }
}

DiffResult diff_sides(const DiffSide& base, const DiffSide& head) {
    DiffResult result;
    result.base_known = base.known;
    result.base_reason = base.reason;
    std::map<std::string, DiffEntry> h = entries(head.records, false);
    if (!base.known) {
        for (auto& [key, e] : h) result.uncompared.push_back(std::move(e));
        sort_entries(result.uncompared);
        return result;
    }
    std::map<std::string, DiffEntry> b = entries(base.records, true);
    for (auto& [key, e] : h) {
        auto it = b.find(key);
        if (it == b.end()) {
            result.added.push_back(e);
            continue;
        }
        e.base = it->second.base;
        for (const std::string& t : it->second.tests)
            if (std::find(e.tests.begin(), e.tests.end(), t) == e.tests.end()) e.tests.push_back(t);
        result.persisting.push_back(e);
    }
    for (auto& [key, e] : b)
        if (!h.count(key)) result.fixed.push_back(e);
    sort_entries(result.added);
    sort_entries(result.fixed);
    sort_entries(result.persisting);
    return result;
}

std::string diff_markdown(const DiffResult& r) {
    std::string out = "## capsule: failures against the base branch\n\n";
    if (!r.base_known) {
        out += "**Base unknown**: " + md_cell(r.base_reason, 300) +
               ". Nothing is reported as new or fixed; this run's failures are listed as they are.\n";
        table(out, "Failures in this run, not compared", r.uncompared, false);
        return out;
    }
    out += std::to_string(r.added.size()) + " new, " + std::to_string(r.fixed.size()) + " fixed, " +
           std::to_string(r.persisting.size()) + " persisting.\n";
    table(out, "New (regressions)", r.added, false);
    table(out, "Fixed", r.fixed, false);
    table(out, "Persisting", r.persisting, true);
    return out;
}

std::string diff_json(const DiffResult& r) {
    nlohmann::ordered_json j;
    j["base"] = r.base_known ? "known" : "unknown";
    if (!r.base_known) j["base_reason"] = r.base_reason;
    auto list = [](const std::vector<DiffEntry>& entries) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const DiffEntry& e : entries) a.push_back(entry_json(e));
        return a;
    };
    j["new"] = list(r.added);
    j["fixed"] = list(r.fixed);
    j["persisting"] = list(r.persisting);
    j["uncompared"] = list(r.uncompared);
    return j.dump(2) + "\n";
}

}  // namespace capsule::cli::ci
