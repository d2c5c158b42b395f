#include "ci/summary.hpp"

#include <algorithm>
#include <map>

namespace capsule::cli::ci {
namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<FailureGroup> group_records(const std::vector<CapsuleRecord>& records) {
    std::vector<FailureGroup> groups;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto [it, added] = index.emplace(failure_key(records[i]), groups.size());
        if (added) groups.push_back({it->first, {}});
        groups[it->second].members.push_back(i);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const FailureGroup& a, const FailureGroup& b) { return a.members.size() > b.members.size(); });
    return groups;
}

std::string md_cell(const std::string& text, std::size_t max) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == '|' || c == '`' || c == '<' || c == '>' || c == '*' || c == '_' || c == '[' || c == ']') out += '\\';
        out += c;
        if (out.size() >= max) {
            // Never end inside a UTF-8 sequence or after a lone backslash.
            while (!out.empty() && ((static_cast<unsigned char>(out.back()) & 0xC0) == 0x80 || out.back() == '\\'))
                out.pop_back();
            if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
            return out + "...";
        }
    }
    return out;
}

std::string top_frame(const CapsuleRecord& r) {
    std::string out = r.function.empty() ? std::string("?") : r.function;
    if (!r.file.empty()) out += " at " + r.file + (r.line > 0 ? ":" + std::to_string(r.line) : "");
    return out;
}

std::string render_summary(const Bundle& bundle, const SummaryContext& context) {
    const std::vector<CapsuleRecord>& records = bundle.capsules;
    const std::vector<FailureGroup> groups = group_records(records);
    std::string out = "## capsule: " + plural(records.size(), "capsule", "capsules") + ", " +
                      plural(groups.size(), "distinct failure", "distinct failures") + "\n\n";
    if (bundle.testcases > 0)
        out += plural(bundle.failed_testcases, "failing testcase", "failing testcases") + " of " +
               std::to_string(bundle.testcases) + " in the JUnit reports.\n\n";
    if (bundle.legs.size() > 1) {
        out += "Legs: ";
        for (std::size_t i = 0; i < bundle.legs.size(); ++i) out += (i ? ", " : "") + md_cell(bundle.legs[i], 80);
        out += "\n\n";
    }
    if (records.empty()) return out + "No capsules were collected.\n";

    std::vector<std::pair<std::string, std::size_t>> kinds;
    for (const CapsuleRecord& r : records) {
        const std::string kind = r.kind.empty() ? "unknown" : r.kind;
        auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
        if (it == kinds.end())
            kinds.emplace_back(kind, 1);
        else
            ++it->second;
    }
    std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out += "| kind | capsules |\n|---|---:|\n";
    for (const auto& [kind, n] : kinds) out += "| " + md_cell(kind) + " | " + std::to_string(n) + " |\n";

    out += "\n### Failing tests by fingerprint\n\n";
    out += "| fingerprint | count | test | kind | top frame | capsule |\n|---|---:|---|---|---|---|\n";
    for (const FailureGroup& g : groups) {
        const CapsuleRecord& first = records[g.members.front()];
        std::string fp = first.fingerprint.empty() ? "none" : "`" + first.fingerprint.substr(0, 12) + "`";
        if (context.new_keys && context.new_keys->count(g.key)) fp += " **new**";
        bool first_row = true;
        for (std::size_t i : g.members) {
            const CapsuleRecord& r = records[i];
            const std::string test = !r.testcase.empty() ? r.testcase : !r.test.empty() ? r.test : "(no test)";
            const std::string kind = r.kind + (r.cause.empty() ? "" : " (" + r.cause + ")") +
                                     (r.leg.empty() ? "" : " [" + r.leg + "]");
            out += "| " + (first_row ? fp : std::string()) + " | " + (first_row ? std::to_string(g.members.size()) : "") +
                   " | " + md_cell(test) + " | " + md_cell(kind, 80) + " | " + md_cell(top_frame(r)) + " | " +
                   md_cell(r.path, 300) + " |\n";
            first_row = false;
        }
    }
    return out;
}

std::string clip_markdown(const std::string& markdown, std::size_t max_bytes) {
    if (markdown.size() <= max_bytes) return markdown;
    const std::string note = "\n\n*(summary cut to fit; the full summary.md is in the artifacts)*\n";
    if (max_bytes <= note.size()) return {};
    std::size_t cut = markdown.rfind('\n', max_bytes - note.size());
    if (cut == std::string::npos) cut = 0;
    return markdown.substr(0, cut) + note;
}

}  // namespace capsule::cli::ci
