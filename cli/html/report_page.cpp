// render_html_report: the page of one capsule.
#include <algorithm>
#include <cstdio>

#include "capsule/file.hpp"
#include "html/call_path.hpp"
#include "html/escape.hpp"
#include "html/focus.hpp"
#include "html/frames.hpp"
#include "html/labels.hpp"
#include "html/html.hpp"
#include "html/page.hpp"
#include "html/source.hpp"
#include "render/expression.hpp"

namespace capsule::cli {
namespace {

using namespace html;

void fact(std::string& out, const char* label, const std::string& markup) {
    if (markup.empty()) return;
    out += "<dt>";
    out += label;
    out += "</dt><dd>" + markup + "</dd>\n";
}

std::string file_line(const std::string& file, int line) {
    if (file.empty()) return "";
    return "<span class=\"mono\">" + text(file) + (line > 0 ? ":" + std::to_string(line) : "") + "</span>";
}

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

// The expression with the names it reads marked, as in the variable list.
std::string expression_markup(const std::string& expression, const std::vector<std::string>& names) {
    std::string out;
    std::size_t i = 0;
    while (i < expression.size()) {
        const char c = expression[i];
        std::size_t end = i + 1;
        bool mark = false;
        if (c == '"' || c == '\'') {
            while (end < expression.size() && expression[end] != c) end += expression[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, expression.size());
        } else if (ident_start(c)) {
            while (end < expression.size() && ident_char(expression[end])) ++end;
            const std::string word = expression.substr(i, end - i);
            mark = std::find(names.begin(), names.end(), word) != names.end();
        } else if (c >= '0' && c <= '9') {
            while (end < expression.size() && ident_char(expression[end])) ++end;
        }
        const std::string piece = text(std::string_view(expression).substr(i, end - i));
        out += mark ? "<span class=\"ident\">" + piece + "</span>" : piece;
        i = end;
    }
    return out;
}

std::string signal_markup(const SignalInfo& s) {
    if (s.number == 0) return "";
    std::string out = (s.name.empty() ? std::string("signal") : text(s.name)) + " (" + std::to_string(s.number) + ")";
    if (!s.code_name.empty()) out += ", " + text(s.code_name);
    if (s.fault_address != 0 || s.name == "SIGSEGV" || s.name == "SIGBUS")
        out += ", fault address <span class=\"mono\">" + hex(s.fault_address) + "</span>";
    return out;
}

std::string capture_markup(const CaptureInfo& c) {
    std::string out = text(c.path);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", c.duration_ms);
    out += (out.empty() ? "" : ", ") + std::string(duration);
    if (c.truncated) out += " <span class=\"warn\">truncated: a bound ran out</span>";
    for (const std::string& note : c.notes) out += "<br><span class=\"muted\">" + text(note) + "</span>";
    return out;
}

void header(std::string& out, const Report& r, const std::vector<std::string>& names) {
    out +=
        "<header class=\"card top\">\n<span class=\"kind\">" + text(r.kind.empty() ? "failure" : r.kind) + "</span>\n";
    const std::string title = test_title(r.test);
    out += "<h1>" + (title.empty() ? std::string("Captured failure") : text(title)) + "</h1>\n";
    if (!r.message.empty()) out += "<pre class=\"message\">" + multiline_text(r.message) + "</pre>\n";
    out += "<dl class=\"facts\">\n";
    if (!r.test.parameters.empty())
        fact(out, "parameters", "<span class=\"mono\">" + text(r.test.parameters) + "</span>");
    fact(out, "section", text(r.test.section));
    fact(out, "test at", file_line(r.test.file, r.test.line));
    if (!r.assertion.expression.empty()) {
        std::string markup =
            "<code class=\"expression\">" + expression_markup(r.assertion.expression, names) + "</code>";
        if (!r.assertion.file.empty()) markup += " at " + file_line(r.assertion.file, r.assertion.line);
        fact(out, "assertion", markup);
    }
    if (!r.exception.type.empty() || !r.exception.what.empty()) {
        std::string markup = "<span class=\"mono\">" + text(r.exception.type) + "</span>";
        if (!r.exception.what.empty())
            markup += (r.exception.type.empty() ? "" : ": ") + std::string("<span class=\"pre\">") +
                      multiline_text(r.exception.what) + "</span>";
        fact(out, "exception", markup);
    }
    fact(out, "signal", signal_markup(r.signal));
    if (!r.fingerprint.empty())
        fact(out, "fingerprint",
             "<span class=\"mono\" title=\"" + text(r.fingerprint) + "\">" + text(r.fingerprint.substr(0, 12)) +
                 "</span>");
    fact(out, "time", text(r.time));
    fact(out, "host", text(r.host));
    fact(out, "system", text(r.os));
    std::string binary = r.binary.empty() ? "" : "<span class=\"mono\">" + text(r.binary) + "</span>";
    if (r.pid > 0) binary += (binary.empty() ? "pid " : ", pid ") + std::to_string(r.pid);
    fact(out, "process", binary);
    fact(out, "capture", capture_markup(r.capture));
    out += "</dl>\n</header>\n";
}

void toolbar(std::string& out, const Report& r) {
    std::string json_name = suggested_file_name(r);
    json_name.replace(json_name.size() - 8, 8, ".json");
    out +=
        "<div class=\"toolbar\">\n<input type=\"search\" id=\"search\" placeholder=\"Filter variables (name, value, "
        "type)\" aria-label=\"Filter variables in all frames\" autocomplete=\"off\" spellcheck=\"false\">\n"
        "<span id=\"search-status\" aria-live=\"polite\"></span>\n";
    out += "<button type=\"button\" id=\"download-json\" data-file=\"" + text(json_name) +
           "\" hidden>Download JSON</button>\n</div>\n";
}

void failure_section(std::string& out, const Focus& focus) {
    if (!focus.thread || !focus.failing) return;
    const Frame& frame = focus.thread->frames[*focus.failing];
    out += "<section class=\"card\" id=\"failure\">\n<h2>Where it failed</h2>\n<p class=\"where\"><a href=\"#" +
           frame_id(focus.thread_index, *focus.failing) + "\" class=\"fn\">" +
           (frame.function.empty() ? hex(frame.pc) : text(frame.function)) + "</a>";
    if (!frame.file.empty()) out += " at " + file_line(frame.file, frame.line);
    out += "</p>\n";
    if (frame.snippet.empty())
        out += "<p class=\"none\">the source was not available when the capsule was written</p>\n";
    render_source(out, frame.snippet, frame.line);
    out += "</section>\n";
}

void call_path_section(std::string& out, const Focus& focus) {
    const std::string svg = render_call_path(focus);
    if (svg.empty()) return;
    out += "<section class=\"card\" id=\"call-path\">\n<h2>Call path</h2>\n" + svg + "</section>\n";
}

void stack_section(std::string& out, const Report& r, const Focus& focus, const std::vector<std::string>& names) {
    out += "<section class=\"card\" id=\"stack\">\n<h2>Stack";
    if (r.threads.size() > 1) out += " <span class=\"muted\">(" + std::to_string(r.threads.size()) + " threads)</span>";
    out += "</h2>\n";
    if (r.threads.empty()) out += "<p class=\"none\">no threads captured</p>\n";
    render_threads(out, r, focus, names);
    out += "</section>\n";
}

void environment_section(std::string& out, const Report& r) {
    out += "<section class=\"card\" id=\"environment\">\n<h2>Environment</h2>\n";
    if (r.environment.empty()) {
        out += "<p class=\"none\">no variables kept (only allow-listed ones are)</p>\n";
    } else {
        out += "<div class=\"table-wrap\"><table>\n<tr><th>variable</th><th>value</th></tr>\n";
        for (const auto& [name, value] : r.environment)
            out += "<tr><td class=\"mono\">" + text(name) + "</td><td class=\"mono\">" + text(value) + "</td></tr>\n";
        out += "</table></div>\n";
    }
    out += "</section>\n";
}

// An argument as a shell would need it, so the line can be copied and rerun.
std::string shell_word(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                "_-./=:,+@%") == std::string::npos)
        return word;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string list_markup(const std::vector<std::string>& items) {
    if (items.empty()) return "";
    std::string out = "<ul>";
    for (const std::string& item : items) out += "<li class=\"mono\">" + text(item) + "</li>";
    return out + "</ul>";
}

void manifest_section(std::string& out, const Report& r) {
    out += "<section class=\"card\" id=\"manifest\">\n<h2>Capsule</h2>\n<dl class=\"facts\">\n";
    fact(out, "format", std::to_string(r.format_major) + "." + std::to_string(r.format_minor));
    fact(out, "written by", text(r.tool_version.empty() ? "" : "capsule " + r.tool_version));
    std::string command;
    for (const std::string& arg : r.command_line) command += (command.empty() ? "" : " ") + shell_word(arg);
    if (!command.empty()) fact(out, "command", "<code>" + text(command) + "</code>");
    fact(out, "build id", r.build_id.empty() ? "" : "<span class=\"mono\">" + text(r.build_id) + "</span>");
    fact(out, "std library", text(r.std_library));
    fact(out, "masking", list_markup(r.masking_rules));
    for (const auto& [key, value] : r.extra) {
        const std::string label = text(key);
        out += "<dt>" + label + "</dt><dd>" + text(value) + "</dd>\n";
    }
    if (!r.fingerprint_frames.empty()) fact(out, "fingerprint of", list_markup(r.fingerprint_frames));
    out += "</dl>\n<details><summary>manifest.yaml</summary>\n<pre class=\"manifest\">" +
           multiline_text(report_to_manifest_yaml(r)) + "</pre>\n</details>\n</section>\n";
}

}  // namespace

std::string render_html_report(const Report& report) {
    const std::vector<std::string> names = report.assertion.expression.empty()
                                               ? std::vector<std::string>{}
                                               : expression_identifiers(report.assertion.expression);
    const Focus focus = find_focus(report);

    std::string body = "<main>\n";
    header(body, report, names);
    toolbar(body, report);
    failure_section(body, focus);
    call_path_section(body, focus);
    stack_section(body, report, focus, names);
    environment_section(body, report);
    manifest_section(body, report);
    body += "</main>\n";

    PageParts parts;
    const std::string title = test_title(report.test);
    parts.title = (report.kind.empty() ? std::string("failure") : report.kind) + (title.empty() ? "" : ": " + title) +
                  " \xe2\x80\x94 capsule";
    parts.body = std::move(body);
    parts.data_json = report_to_json(report);
    parts.script = report_script();
    return page(parts);
}

}  // namespace capsule::cli
