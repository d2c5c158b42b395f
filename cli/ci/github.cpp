#include "ci/github.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "ci/summary.hpp"

namespace capsule::cli::ci {
namespace {

constexpr std::size_t message_chars = 2000;

std::string escape(const std::string& text, bool property) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            case ':': out += property ? "%3A" : ":"; break;
            case ',': out += property ? "%2C" : ","; break;
            default: out += c;
        }
    }
    return out;
}

std::string annotation(const CapsuleRecord& r, const std::string& suffix) {
    std::string title = r.kind + (r.cause.empty() ? "" : " (" + r.cause + ")");
    const std::string test = !r.testcase.empty() ? r.testcase : r.test;
    if (!test.empty()) title += " in " + test;
    std::string message = r.message.empty() ? r.kind : r.message;
    if (message.size() > message_chars) message = message.substr(0, message_chars) + "...";
    if (!r.function.empty()) message += "\nat " + top_frame(r);
    for (const std::string& v : r.variables) message += "\n  " + v;
    message += "\ncapsule: " + r.path;
    if (!r.fingerprint.empty()) message += " (fingerprint " + r.fingerprint.substr(0, 12) + ")";
    message += suffix;

    std::string line = "::error ";
    // GitHub places an annotation only on a file of the repository.
    if (!r.file.empty() && r.file[0] != '/') {
        line += "file=" + escape(r.file, true);
        if (r.line > 0) line += ",line=" + std::to_string(r.line);
        line += ",";
    }
    line += "title=" + escape(title, true) + "::" + escape(message, false);
    return line;
}

}  // namespace

std::string escape_command_data(const std::string& text) { return escape(text, false); }
std::string escape_command_property(const std::string& text) { return escape(text, true); }

std::vector<std::string> github_annotations(const std::vector<CapsuleRecord>& records,
                                            const std::set<std::string>* new_keys, std::size_t limit) {
    std::map<std::string, std::size_t> counts;
    for (const CapsuleRecord& r : records) ++counts[failure_key(r)];
    std::vector<std::size_t> order(records.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto is_new = [&](std::size_t i) { return new_keys && new_keys->count(failure_key(records[i])) > 0; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (is_new(a) != is_new(b)) return is_new(a);
        return counts[failure_key(records[a])] > counts[failure_key(records[b])];
    });
    std::vector<std::string> lines;
    if (limit == 0) return lines;
    const std::size_t shown = std::min(limit, order.size());
    for (std::size_t n = 0; n < shown; ++n) {
        const CapsuleRecord& r = records[order[n]];
        std::string suffix;
        if (is_new(order[n])) suffix += "\nnew: not in the base branch's run";
        if (n + 1 == shown && order.size() > shown) {
            const std::size_t more = order.size() - shown;
            suffix += "\n... and " + std::to_string(more) + " more capsule" + (more == 1 ? "" : "s") +
                      " not annotated (GitHub keeps " + std::to_string(limit) +
                      " per step): see the job summary and the capsule artifacts";
        }
        lines.push_back(annotation(r, suffix));
    }
    return lines;
}

bool append_step_summary(const std::string& path, const std::string& markdown) {
    std::error_code ec;
    std::uintmax_t existing = std::filesystem::file_size(path, ec);
    if (ec) existing = 0;
    // Strictly below the limit, with a line of slack for what a later step appends.
    const std::size_t room = existing + 1024 >= github_summary_limit
                                 ? 0
                                 : github_summary_limit - 1024 - static_cast<std::size_t>(existing);
    const std::string text = clip_markdown(markdown, room);
    if (text.empty()) return false;
    std::ofstream out(path, std::ios::binary | std::ios::app);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << text;
    if (!text.empty() && text.back() != '\n') out << '\n';
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + path);
    return true;
}

}  // namespace capsule::cli::ci
