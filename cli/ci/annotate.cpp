#include "ci/annotate.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "ci/fs.hpp"

namespace capsule::cli::ci {
namespace {

std::string case_label(const JunitCase& c) {
    return c.classname.empty() || c.classname == c.name ? c.name : c.classname + "." + c.name;
}

// Where Jenkins and GitLab find the file: relative to the workspace they
// archived from, absolute otherwise.
std::string attachment_path(const CapsuleRecord& r, const AnnotateContext& context) {
    const std::string absolute = (std::filesystem::path(context.bundle_dir) / r.path).lexically_normal().string();
    return workspace_relative(absolute, context.workspace);
}

std::string describe(const CapsuleRecord& r, const AnnotateContext& context) {
    std::string out = "capsule: " + r.path + "\n";
    out += "kind: " + r.kind + (r.cause.empty() ? "" : " (" + r.cause + ")") + "\n";
    out += "fingerprint: " + (r.fingerprint.empty() ? std::string("none") : r.fingerprint) + "\n";
    if (!r.message.empty()) out += "message: " + r.message + "\n";
    if (!r.function.empty()) {
        out += "at " + r.function;
        if (!r.file.empty()) out += " (" + r.file + (r.line > 0 ? ":" + std::to_string(r.line) : "") + ")";
        out += "\n";
    }
    for (const std::string& v : r.variables) out += "  " + v + "\n";
    out += "[[ATTACHMENT|" + attachment_path(r, context) + "]]\n";
    return out;
}

CaseAnnotation annotation_for(const std::vector<const CapsuleRecord*>& capsules, const AnnotateContext& context) {
    CaseAnnotation a;
    for (const CapsuleRecord* r : capsules) {
        if (a.file.empty() && !r->file.empty() && r->file[0] != '/') {
            a.file = r->file;
            a.line = r->line;
        }
        a.properties.emplace_back("capsule.path", r->path);
        a.properties.emplace_back("capsule.kind", r->kind);
        a.properties.emplace_back("capsule.fingerprint", r->fingerprint);
        if (!r->function.empty()) a.properties.emplace_back("capsule.function", r->function);
        if (!r->file.empty())
            a.properties.emplace_back("capsule.location", r->file + ":" + std::to_string(r->line));
        a.properties.emplace_back("attachment", attachment_path(*r, context));
        a.system_out += describe(*r, context);
    }
    return a;
}

}  // namespace

std::vector<std::string> case_keys(const JunitCase& c) {
    std::vector<std::string> keys;
    if (!c.name.empty()) keys.push_back(c.name);
    if (!c.classname.empty() && !c.name.empty()) {
        keys.push_back(c.classname + "." + c.name);
        keys.push_back(c.classname + "::" + c.name);
    }
    // Catch2 names a section's testcase "Test case/section".
    if (const std::size_t slash = c.name.find('/'); slash != std::string::npos && slash > 0)
        keys.push_back(c.name.substr(0, slash));
    return keys;
}

std::vector<std::string> capsule_keys(const CapsuleRecord& r) {
    std::vector<std::string> keys;
    if (!r.ctest_name.empty()) keys.push_back(r.ctest_name);
    if (!r.test.empty()) keys.push_back(r.test);
    if (r.suite.empty() && !r.test_name.empty()) keys.push_back(r.test_name);
    return keys;
}

void annotate_junit(std::vector<JunitInput>& inputs, std::vector<CapsuleRecord>& records,
                    const AnnotateContext& context) {
    std::map<std::string, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < records.size(); ++i)
        for (const std::string& key : capsule_keys(records[i])) by_key[key].push_back(i);

    std::vector<bool> reported(records.size(), false);  // the test has a testcase, failing or not
    for (JunitInput& input : inputs) {
        const std::size_t count = input.doc.cases().size();
        for (std::size_t c = 0; c < count; ++c) {
            const JunitCase& tc = input.doc.cases()[c];
            std::set<std::size_t> matched;
            for (const std::string& key : case_keys(tc))
                if (auto it = by_key.find(key); it != by_key.end()) matched.insert(it->second.begin(), it->second.end());
            if (matched.empty()) continue;
            for (std::size_t i : matched) reported[i] = true;
            if (tc.status != CaseStatus::failed && tc.status != CaseStatus::error) continue;
            std::vector<const CapsuleRecord*> capsules;
            for (std::size_t i : matched) {
                capsules.push_back(&records[i]);
                if (records[i].testcase.empty()) records[i].testcase = case_label(tc);
            }
            input.doc.annotate(c, annotation_for(capsules, context));
        }
    }
    if (inputs.empty()) return;

    // One rebuilt testcase per test that no report mentions.
    std::map<std::string, std::vector<std::size_t>> missing;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (reported[i]) continue;
        const std::vector<std::string> keys = capsule_keys(records[i]);
        if (keys.empty()) continue;  // not from a test (a snapshot): nothing to rebuild
        if (missing.find(keys.front()) == missing.end()) order.push_back(keys.front());
        missing[keys.front()].push_back(i);
    }
    for (const std::string& key : order) {
        const std::vector<std::size_t>& members = missing[key];
        const CapsuleRecord& first = records[members.front()];
        // Into the report that already has the test's suite, else the first.
        JunitInput* target = &inputs.front();
        for (JunitInput& input : inputs)
            for (const JunitCase& c : input.doc.cases())
                if (!first.suite.empty() && (c.suite == first.suite || c.classname == first.suite)) target = &input;
        RebuiltCase rebuilt;
        rebuilt.suite = first.suite.empty() ? std::string("capsule") : first.suite;
        rebuilt.classname = first.suite.empty() ? std::string("capsule") : first.suite;
        rebuilt.name = !first.ctest_name.empty() && first.suite.empty() ? first.ctest_name
                       : first.test_name.empty()                        ? key
                                                                        : first.test_name;
        rebuilt.type = first.kind;
        rebuilt.message = first.kind + (first.cause.empty() ? "" : " (" + first.cause + ")") +
                          (first.message.empty() ? "" : ": " + first.message) +
                          " [no testcase in the framework's report; rebuilt from its capsule]";
        std::vector<const CapsuleRecord*> capsules;
        for (std::size_t i : members) capsules.push_back(&records[i]);
        rebuilt.annotation = annotation_for(capsules, context);
        target->doc.add_rebuilt(rebuilt);
        const std::string label =
            rebuilt.classname == rebuilt.name ? rebuilt.name : rebuilt.classname + "." + rebuilt.name;
        for (std::size_t i : members) {
            records[i].testcase = label;
            records[i].rebuilt = true;
        }
    }
}

}  // namespace capsule::cli::ci
