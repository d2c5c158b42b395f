#include "report_query.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

namespace capsule::integration {

const Thread& failing_thread(const Report& report) {
    const Thread* thread = report.failing_thread();
    if (!thread) throw std::runtime_error("the report has no failing thread");
    return *thread;
}

std::vector<const Variable*> find_vars(const Frame& frame, const std::string& name) {
    std::vector<const Variable*> found;
    for (const Variable& v : frame.vars)
        if (v.name == name) found.push_back(&v);
    return found;
}

const Variable* find_var(const Frame& frame, const std::string& name) {
    const Variable* found = nullptr;
    for (const Variable* v : find_vars(frame, name)) {
        if (v->status == ValueStatus::shadowed) continue;
        if (found) return nullptr;  // ambiguous: callers check for exactly one
        found = v;
    }
    return found;
}

const Variable* find_child(const Variable& parent, const std::string& name) {
    for (const Variable& c : parent.children)
        if (c.name == name) return &c;
    return nullptr;
}

bool has_status_below(const Variable& variable, ValueStatus status) {
    if (variable.status == status) return true;
    for (const Variable& c : variable.children)
        if (has_status_below(c, status)) return true;
    return false;
}

std::string file_basename(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string without_parameters(const std::string& function) {
    std::string name = function;
    for (const char* qualifier : {" const", " volatile", " &&", " &"}) {
        const std::string q = qualifier;
        if (name.ends_with(q)) name.resize(name.size() - q.size());
    }
    if (name.empty() || name.back() != ')') return name;
    int depth = 0;
    for (std::size_t i = name.size(); i-- > 0;) {
        if (name[i] == ')') ++depth;
        if (name[i] == '(' && --depth == 0) {
            // "operator()" alone: its parentheses are part of the name.
            if (std::string_view(name).substr(0, i).ends_with("operator")) return name;
            return name.substr(0, i);
        }
    }
    return name;
}

std::string describe(const Variable& v, int indent) {
    std::string out(indent, ' ');
    out += v.name + " [" + v.kind + "] (" + v.type + ") = " + v.value + "  <" +
           to_string(v.status) + ">\n";
    for (const Variable& c : v.children) out += describe(c, indent + 4);
    return out;
}

std::string describe(const Frame& frame) {
    std::string out = frame.function + " at " + frame.file + ":" + std::to_string(frame.line) +
                      (frame.inlined ? " [inlined]" : "") + " {" + frame.category + "}\n";
    for (const Variable& v : frame.vars) out += describe(v, 4);
    return out;
}

std::string describe(const Thread& thread) {
    std::string out;
    int index = 0;
    for (const Frame& f : thread.frames) out += "#" + std::to_string(index++) + " " + describe(f);
    return out;
}

void expect_frame(const Frame& frame, const std::string& function, const std::string& file,
                  int line, bool inlined) {
    SCOPED_TRACE("frame:\n" + describe(frame));
    EXPECT_EQ(without_parameters(frame.function), function);
    EXPECT_EQ(file_basename(frame.file), file);
    EXPECT_EQ(frame.line, line);
    EXPECT_EQ(frame.inlined, inlined);
}

namespace {

const Variable* expect_present(const Frame& frame, const std::string& name,
                               const std::string& kind) {
    const Variable* v = find_var(frame, name);
    EXPECT_NE(v, nullptr) << "no single unshadowed variable '" << name << "' in frame:\n"
                          << describe(frame);
    if (!v) return nullptr;
    EXPECT_EQ(v->kind, kind) << describe(*v);
    EXPECT_EQ(v->status, ValueStatus::ok) << describe(*v);
    return v;
}

}  // namespace

const Variable* expect_var(const Frame& frame, const std::string& name, const std::string& kind,
                           const std::string& value) {
    const Variable* v = expect_present(frame, name, kind);
    if (v) EXPECT_EQ(v->value, value) << describe(*v);
    return v;
}

const Variable* expect_var_matching(const Frame& frame, const std::string& name,
                                    const std::string& kind, const std::string& value_regex) {
    const Variable* v = expect_present(frame, name, kind);
    if (v)
        EXPECT_TRUE(std::regex_match(v->value, std::regex(value_regex)))
            << "value of " << name << " does not match /" << value_regex << "/:\n"
            << describe(*v);
    return v;
}

void expect_absent(const Frame& frame, const std::string& name) {
    EXPECT_TRUE(find_vars(frame, name).empty())
        << "'" << name << "' should not be shown in frame:\n" << describe(frame);
}

std::vector<std::string> child_values(const Variable& variable) {
    std::vector<std::string> values;
    for (const Variable& c : variable.children) values.push_back(c.value);
    return values;
}

}  // namespace capsule::integration
