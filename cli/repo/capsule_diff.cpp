#include "repo/capsule_diff.hpp"

#include <map>

#include "render/failure_site.hpp"
#include "repo/value_paths.hpp"

namespace capsule::cli {
namespace {

const std::vector<Frame>& frames_of(const Report& report) {
    static const std::vector<Frame> none;
    const Thread* thread = primary_thread(report);
    return thread ? thread->frames : none;
}

// Index pairs of the longest common subsequence of the two name lists.
std::vector<std::pair<std::size_t, std::size_t>> common_frames(const std::vector<Frame>& a,
                                                                const std::vector<Frame>& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> length(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            length[i][j] = a[i].function == b[j].function ? length[i + 1][j + 1] + 1
                                                          : std::max(length[i + 1][j], length[i][j + 1]);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0, j = 0; i < n && j < m;) {
        if (a[i].function == b[j].function) pairs.emplace_back(i++, j++);
        else if (length[i + 1][j] >= length[i][j + 1]) ++i;
        else ++j;
    }
    return pairs;
}

// Path -> comparable value of every node below a frame's variables; the
// first variable of a name wins (a later one of that name is shadowed).
std::map<std::string, std::string> values_of(const Frame& frame, std::vector<std::string>& order) {
    std::map<std::string, std::string> values;
    for (const Variable& var : frame.vars) {
        std::vector<PathedValue> flat;
        flatten(var, var.name, flat);
        for (const PathedValue& item : flat) {
            if (values.emplace(item.path, comparable_value(*item.var)).second) order.push_back(item.path);
        }
    }
    return values;
}

std::vector<ValueChange> compare_frames(const Frame& a, const Frame& b) {
    std::vector<std::string> order_a, order_b;
    const auto values_a = values_of(a, order_a);
    const auto values_b = values_of(b, order_b);
    std::vector<ValueChange> changes;
    for (const std::string& path : order_a) {
        const auto in_b = values_b.find(path);
        if (in_b == values_b.end()) changes.push_back({path, values_a.at(path), "", true, false});
        else if (in_b->second != values_a.at(path)) changes.push_back({path, values_a.at(path), in_b->second});
    }
    for (const std::string& path : order_b)
        if (!values_a.count(path)) changes.push_back({path, "", values_b.at(path), false, true});
    return changes;
}

}  // namespace

bool CapsuleDiff::differs() const {
    if (!same_fingerprint || !removed.empty() || !added.empty()) return true;
    for (const FramePair& pair : pairs)
        if (!pair.changes.empty()) return true;
    return false;
}

std::string comparable_value(const Variable& var) {
    std::string text = without_addresses(var.value);
    if (var.status != ValueStatus::ok) text += (text.empty() ? "<" : " <") + std::string(to_string(var.status)) + ">";
    return text;
}

CapsuleDiff diff_capsules(const Report& a, const Report& b) {
    CapsuleDiff diff;
    diff.same_fingerprint = !a.fingerprint.empty() && a.fingerprint == b.fingerprint;
    const std::vector<Frame>& fa = frames_of(a);
    const std::vector<Frame>& fb = frames_of(b);
    const auto pairs = common_frames(fa, fb);
    std::vector<bool> paired_a(fa.size(), false), paired_b(fb.size(), false);
    for (const auto& [i, j] : pairs) {
        paired_a[i] = paired_b[j] = true;
        diff.pairs.push_back({i, j, fa[i].function, compare_frames(fa[i], fb[j])});
    }
    for (std::size_t i = 0; i < fa.size(); ++i)
        if (!paired_a[i]) diff.removed.push_back({i, fa[i].function});
    for (std::size_t j = 0; j < fb.size(); ++j)
        if (!paired_b[j]) diff.added.push_back({j, fb[j].function});
    return diff;
}

}  // namespace capsule::cli
