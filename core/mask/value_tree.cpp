#include "mask/value_tree.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "mask/mask.hpp"
#include "mask/secret_text.hpp"

namespace capsule::mask {
namespace {

// What a masked node showed before, so that the summaries of the nodes
// around it, which may quote it, can be scrubbed too.
struct Hidden {
    std::string name;
    std::string original;
};

// Stands in for masked_text while a summary is scrubbed, so that a later,
// shorter original cannot match inside an earlier replacement.
constexpr std::string_view placeholder = "\x01";

bool carries_no_bytes(const Variable& v) {
    return v.children.empty() &&
           (v.status == ValueStatus::optimized_out || v.status == ValueStatus::unreadable);
}

void collect(const Variable& v, std::vector<Hidden>& hidden) {
    if (!v.value.empty() && v.status != ValueStatus::masked) hidden.push_back({v.name, v.value});
    for (const Variable& child : v.children) collect(child, hidden);
}

void hide(Variable& v, std::vector<Hidden>& hidden) {
    if (v.status == ValueStatus::masked || carries_no_bytes(v)) return;
    collect(v, hidden);
    v.value = std::string(masked_text);
    v.status = ValueStatus::masked;
    v.children.clear();
}

// A char array whose elements are listed one by one (gdb's `66 'B'`): the
// string they spell, since no single element looks like anything.
bool element_chars(const std::vector<Variable>& children, std::string& out) {
    if (children.empty()) return false;
    out.clear();
    for (const Variable& child : children) {
        char c = 0;
        if (child.kind != "element" || !parse_gdb_char(child.value, c)) return false;
        out += c;
    }
    return true;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    if (from.empty()) return;
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// A summary cut at its length bound ends in "..." right after the first
// characters of a value: when they begin a hidden value, they go too (after
// `name = ` from one character on, bare from four).
void scrub_cut_values(std::string& summary, const std::vector<Hidden>& hidden) {
    constexpr std::string_view dots = "...";
    for (std::size_t at = summary.find(dots); at != std::string::npos; at = summary.find(dots, at + dots.size())) {
        for (const Hidden& h : hidden) {
            for (std::size_t k = std::min(h.original.size(), at); k >= 1; --k) {
                if (summary.compare(at - k, k, h.original, 0, k) != 0) continue;
                const std::string named = h.name + " = ";
                const bool after_name = !h.name.empty() && at - k >= named.size() &&
                                        summary.compare(at - k - named.size(), named.size(), named) == 0;
                if (after_name || k >= 4) {
                    summary.replace(at - k, k, placeholder);
                    at = at - k + placeholder.size();
                }
                break;
            }
        }
    }
}

// Values so common in any summary that replacing them bare would mask every
// flag of the enclosing object, and that tell nothing about a secret.
bool is_common_token(std::string_view value) {
    return value == "true" || value == "false" || value == "0x0" || value == "nullptr";
}

// Replaces what the masked descendants showed inside an aggregate's summary.
// `name = value` is replaced whatever its length; a bare value only from four
// characters on, below which it would hit unrelated digits.
void scrub(std::string& summary, std::vector<Hidden> hidden) {
    if (summary.empty() || hidden.empty()) return;
    std::sort(hidden.begin(), hidden.end(), [](const Hidden& a, const Hidden& b) {
        return a.original.size() > b.original.size();
    });
    for (const Hidden& h : hidden) {
        if (!h.name.empty())
            replace_all(summary, h.name + " = " + h.original,
                        h.name + " = " + std::string(placeholder));
        if (h.original.size() >= 4 && !is_common_token(h.original))
            replace_all(summary, h.original, placeholder);
    }
    scrub_cut_values(summary, hidden);
    replace_all(summary, placeholder, masked_text);
}

std::string key_text(const Variable& key) {
    std::string unquoted = unquote_gdb(key.value);
    return unquoted.empty() ? key.value : unquoted;
}

class TreeMasker {
public:
    explicit TreeMasker(const MaskRules& rules) : rules_(rules) {}

    void walk(std::vector<Variable>& variables, std::vector<Hidden>& hidden) const {
        for (Variable& v : variables) visit(v, hidden);
        mask_map_values(variables, hidden);
    }

private:
    bool looks_secret(const Variable& v) const {
        if (!rules_.detect_secret_values) return false;
        if (v.children.empty()) return value_looks_secret(v.value);
        std::string chars;
        return element_chars(v.children, chars) &&
               (value_looks_secret(chars) || value_looks_secret(v.value));
    }

    void visit(Variable& v, std::vector<Hidden>& hidden) const {
        if (carries_no_bytes(v)) return;
        // A base class is named after its type, and type names are not secrets.
        if ((v.kind != "base" && name_is_secret(v.name, rules_)) || looks_secret(v)) {
            hide(v, hidden);
            return;
        }
        if (v.children.empty()) return;
        std::vector<Hidden> inner;
        walk(v.children, inner);
        scrub(v.value, inner);
        if (rules_.detect_secret_values) {
            v.value = mask_secrets(v.value);
            // Only visible once gdb's quoting is undone: no span to cut out.
            if (value_looks_secret(v.value)) v.value = std::string(masked_text);
        }
        hidden.insert(hidden.end(), inner.begin(), inner.end());
    }

    // Maps listed as key and value siblings (directly, or inside a pair node):
    // the value after a key that names a secret.
    void mask_map_values(std::vector<Variable>& siblings, std::vector<Hidden>& hidden) const {
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            if (siblings[i].kind != "key" || !name_is_secret(key_text(siblings[i]), rules_))
                continue;
            for (std::size_t j = i + 1; j < siblings.size() && siblings[j].kind != "key"; ++j) {
                if (siblings[j].kind == "value") {
                    hide(siblings[j], hidden);
                    break;
                }
            }
        }
    }

    const MaskRules& rules_;
};

}  // namespace

void mask_variables(std::vector<Variable>& variables, const MaskRules& rules) {
    std::vector<Hidden> hidden;
    TreeMasker(rules).walk(variables, hidden);
}

}  // namespace capsule::mask
