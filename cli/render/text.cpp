#include "render/text.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "render/expression.hpp"
#include "render/failure_site.hpp"
#include "render/printable.hpp"

namespace capsule::cli {
namespace {

// Library frames are one line each; their names (templates) can be very long.
constexpr std::size_t max_collapsed_function = 120;
constexpr int label_width = 12;

std::string hex(std::uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string upper(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

std::string test_title(const TestIdentity& test) {
    std::string title = test.full_name;
    if (title.empty()) title = test.suite.empty() ? test.name : test.suite + "." + test.name;
    return title;
}

class TextRenderer {
public:
    TextRenderer(const Report& report, const Palette& palette, std::ostream& out)
        : report_(report), p_(palette), out_(out) {}

    void render() {
        header();
        const Thread* primary = report_.failing_thread();
        // A snapshot may mark no thread as failing: the first one is then the subject.
        if (!primary && !report_.threads.empty()) primary = &report_.threads.front();
        if (primary) thread_in_full(*primary);
        for (const Thread& thread : report_.threads)
            if (&thread != primary) thread_frames_only(thread);
    }

private:
    void field(const std::string& label, const std::string& value) {
        if (value.empty()) return;
        std::string padded = label;
        padded.resize(std::max<std::size_t>(label.size() + 1, label_width), ' ');
        out_ << "  " << p_.paint(Style::dim, padded) << value << '\n';
    }

    // Multi-line text (a GoogleTest message) keeps its lines, aligned under the first.
    void multiline_field(const std::string& label, const std::string& text) {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = std::min(text.find('\n', start), text.size());
            lines.push_back(printable(std::string_view(text).substr(start, end - start)));
            start = end + 1;
        }
        while (!lines.empty() && lines.back().find_first_not_of(' ') == std::string::npos) lines.pop_back();
        std::string value;
        for (std::size_t i = 0; i < lines.size(); ++i)
            value += (i == 0 ? "" : "\n" + std::string(2 + label_width, ' ')) + lines[i];
        field(label, value);
    }

    void header() {
        const std::string kind = report_.kind.empty() ? "FAILURE" : upper(report_.kind);
        out_ << p_.paint(Style::bold, p_.paint(Style::red, printable(kind)));
        const std::string title = test_title(report_.test);
        if (!title.empty()) out_ << " in " << p_.paint(Style::bold, printable(title));
        out_ << '\n';
        multiline_field("message", report_.message);
        if (!report_.test.parameters.empty()) field("parameters", printable(report_.test.parameters));
        if (!report_.test.section.empty()) field("section", printable(report_.test.section));
        signal();
        if (!report_.exception.type.empty() || !report_.exception.what.empty()) {
            std::string text = report_.exception.type;
            if (!report_.exception.what.empty()) text += (text.empty() ? "" : ": ") + report_.exception.what;
            multiline_field("exception", text);
        }
        if (!report_.assertion.expression.empty()) {
            std::string text = p_.paint(Style::bold, printable(report_.assertion.expression));
            if (!report_.assertion.file.empty())
                text += " at " + location(report_.assertion.file, report_.assertion.line);
            field("assertion", text);
        }
        field("fingerprint", p_.paint(Style::yellow, printable(report_.fingerprint.substr(0, 12))));
        std::string when = printable(report_.time);
        if (!report_.host.empty()) when += (when.empty() ? "on " : " on ") + printable(report_.host);
        field("time", when);
        capture();
        out_ << '\n';
    }

    void signal() {
        const SignalInfo& s = report_.signal;
        if (s.number == 0) return;
        std::string text = (s.name.empty() ? std::string("signal") : printable(s.name)) + " (" +
                           std::to_string(s.number) + ")";
        if (!s.code_name.empty()) text += ", " + printable(s.code_name);
        // The fault address only means something for memory faults.
        if (s.fault_address != 0 || s.name == "SIGSEGV" || s.name == "SIGBUS")
            text += ", fault address " + hex(s.fault_address);
        field("signal", text);
    }

    void capture() {
        const CaptureInfo& c = report_.capture;
        std::string text = printable(c.path);
        char duration[32];
        std::snprintf(duration, sizeof duration, "%.1f ms", c.duration_ms);
        text += (text.empty() ? "" : ", ") + std::string(duration);
        if (c.truncated) text += ", " + p_.paint(Style::yellow, "truncated (a bound ran out)");
        field("capture", text);
        for (const std::string& note : c.notes) field("note", p_.paint(Style::dim, printable(note)));
    }

    std::string location(const std::string& file, int line) const {
        std::string text = printable(file);
        if (line > 0) text += ":" + std::to_string(line);
        return p_.paint(Style::cyan, text);
    }

    void thread_header(const Thread& thread) {
        std::string text = "Thread " + std::to_string(thread.tid);
        if (!thread.name.empty()) text += " \"" + printable(thread.name) + "\"";
        out_ << p_.paint(Style::bold, text);
        if (thread.failing) out_ << ' ' << p_.paint(Style::red, "(failing)");
        out_ << '\n';
    }

    void thread_truncated(const Thread& thread) {
        if (thread.truncated) out_ << "  " << p_.paint(Style::yellow, "... more frames not captured") << '\n';
    }

    void thread_in_full(const Thread& thread) {
        thread_header(thread);
        const Frame* failing = failing_frame(report_, thread);
        for (std::size_t i = 0; i < thread.frames.size(); ++i) {
            const Frame& frame = thread.frames[i];
            if (frame.category != "user" && &frame != failing) {
                collapsed_frame_line(i, frame);
                continue;
            }
            frame_line(i, frame);
            if (&frame == failing) snippet(frame);
            variables(frame, &frame == failing);
        }
        thread_truncated(thread);
    }

    void thread_frames_only(const Thread& thread) {
        out_ << '\n';
        thread_header(thread);
        for (std::size_t i = 0; i < thread.frames.size(); ++i) {
            const Frame& frame = thread.frames[i];
            if (frame.category == "user") frame_line(i, frame);
            else collapsed_frame_line(i, frame);
        }
        thread_truncated(thread);
    }

    // " at file:line", or " in module" when there is no line information.
    std::string where(const Frame& frame, bool colour) const {
        if (!frame.file.empty()) {
            if (colour) return " at " + location(frame.file, frame.line);
            return " at " + printable(frame.file) + (frame.line > 0 ? ":" + std::to_string(frame.line) : "");
        }
        return frame.module.empty() ? "" : " in " + printable(frame.module);
    }

    void frame_line(std::size_t number, const Frame& frame) {
        std::string text = "#" + std::to_string(number) + "  ";
        text += frame.function.empty() ? hex(frame.pc) : p_.paint(Style::bold, printable(frame.function));
        text += where(frame, true);
        if (frame.inlined) text += " " + p_.paint(Style::magenta, "[inlined]");
        out_ << "  " << text << '\n';
    }

    // One dim line: a library frame is context, not the story.
    void collapsed_frame_line(std::size_t number, const Frame& frame) {
        std::string function = frame.function.empty() ? hex(frame.pc) : printable(frame.function);
        if (function.size() > max_collapsed_function) {
            std::size_t cut = max_collapsed_function;
            // Cut at the start of a UTF-8 sequence, never inside one.
            while (cut > 0 && (static_cast<unsigned char>(function[cut]) & 0xC0) == 0x80) --cut;
            function.resize(cut);
            function += "...";
        }
        std::string text = "#" + std::to_string(number) + "  " + function + where(frame, false);
        if (frame.inlined) text += " [inlined]";
        if (!frame.category.empty()) text += "  [" + printable(frame.category) + "]";
        out_ << "  " << p_.paint(Style::dim, text) << '\n';
    }

    void snippet(const Frame& frame) {
        if (frame.snippet.empty()) return;
        int widest = 0;
        for (const SourceLine& line : frame.snippet) widest = std::max(widest, line.line);
        const std::size_t width = std::to_string(widest).size();
        for (const SourceLine& line : frame.snippet) {
            std::string number = std::to_string(line.line);
            number.insert(0, width - std::min(width, number.size()), ' ');
            const bool here = line.line == frame.line;
            std::string text = (here ? "> " : "  ") + number + " | " + printable(line.text, true);
            out_ << "      " << (here ? p_.paint(Style::bold, text) : p_.paint(Style::dim, text)) << '\n';
        }
    }

    void variables(const Frame& frame, bool failing) {
        std::vector<const Variable*> order;
        for (const Variable& var : frame.vars) order.push_back(&var);
        if (failing && !report_.assertion.expression.empty()) {
            // The variables the assertion names come first, in the order it names them.
            const std::vector<std::string> named = expression_identifiers(report_.assertion.expression);
            auto rank = [&](const Variable* var) {
                auto it = std::find(named.begin(), named.end(), var->name);
                return static_cast<std::size_t>(it - named.begin());
            };
            std::stable_sort(order.begin(), order.end(),
                             [&](const Variable* a, const Variable* b) { return rank(a) < rank(b); });
        }
        for (const Variable* var : order) variable(*var, 6);
    }

    std::string value_text(const Variable& var) const {
        const std::string value = printable(var.value);
        switch (var.status) {
            case ValueStatus::ok:
                if (value.empty() && !var.children.empty()) return "{...}";
                return value;
            case ValueStatus::masked: return p_.paint(Style::yellow, "***masked***");
            case ValueStatus::optimized_out: return p_.paint(Style::dim, "<optimized out>");
            default: break;
        }
        std::string status = to_string(var.status);
        std::replace(status.begin(), status.end(), '-', ' ');
        std::string mark = p_.paint(Style::dim, "<" + status + ">");
        return value.empty() ? mark : value + " " + mark;
    }

    void variable(const Variable& var, std::size_t indent) {
        std::string line(indent, ' ');
        line += p_.paint(Style::green, printable(var.name)) + " = " + value_text(var);
        if (!var.type.empty()) line += "  " + p_.paint(Style::dim, "(" + printable(var.type) + ")");
        out_ << line << '\n';
        for (const Variable& child : var.children) variable(child, indent + 2);
    }

    const Report& report_;
    const Palette& p_;
    std::ostream& out_;
};

}  // namespace

void render_text(const Report& report, const Palette& palette, std::ostream& out) {
    TextRenderer(report, palette, out).render();
}

}  // namespace capsule::cli
