#include "html/frames.hpp"

#include <cstdio>

#include "html/escape.hpp"
#include "html/labels.hpp"
#include "html/source.hpp"
#include "html/variables.hpp"

namespace capsule::cli::html {

std::string hex(std::uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string frame_id(std::size_t thread_index, std::size_t frame_index) {
    return "t" + std::to_string(thread_index) + "-f" + std::to_string(frame_index);
}

namespace {

// Categories come from the capsule: only known ones become class names.
std::string category_class(const std::string& category) {
    for (const char* known : {"user", "test-framework", "std", "system", "capsule"})
        if (category == known) return std::string("cat-") + known;
    return "cat-other";
}

std::string location(const Frame& frame, bool full) {
    if (frame.file.empty()) return std::string(full ? frame.module : std::string(base_name(frame.module)));
    std::string where = full ? frame.file : std::string(base_name(frame.file));
    if (frame.line > 0) where += ":" + std::to_string(frame.line);
    if (full && frame.column > 0) where += ":" + std::to_string(frame.column);
    return where;
}

void render_frame(std::string& out, const Frame& frame, std::size_t thread_index, std::size_t index, bool failing,
                  const std::vector<std::string>& assertion_names) {
    const bool user = frame.category == "user";
    out += "<details class=\"frame " + category_class(frame.category);
    if (!user && !failing) out += " lib";
    if (failing) out += " failing";
    out += "\" id=\"" + frame_id(thread_index, index) + "\"";
    if (user || failing) out += " open";
    out += ">\n<summary><span class=\"fi\">#" + std::to_string(index) + "</span>";
    out += "<span class=\"fn\">" + (frame.function.empty() ? hex(frame.pc) : text(frame.function)) + "</span>";
    const std::string short_location = location(frame, false);
    if (!short_location.empty())
        out += "<span class=\"loc\" title=\"" + text(location(frame, true)) + "\">" + text(short_location) + "</span>";
    if (!frame.category.empty())
        out += "<span class=\"badge " + category_class(frame.category) + "\">" + text(frame.category) + "</span>";
    if (frame.inlined) out += "<span class=\"badge\">inlined</span>";
    if (failing) out += "<span class=\"badge failing\">failing</span>";
    out += "</summary>\n<div class=\"frame-body\">\n<div class=\"frame-facts\">";
    if (!frame.file.empty()) out += "<span class=\"mono\">" + text(location(frame, true)) + "</span>";
    if (!frame.module.empty()) out += "<span>in <span class=\"mono\">" + text(frame.module) + "</span></span>";
    out += "<span>pc <span class=\"mono\">" + hex(frame.pc) + "</span></span>";
    if (!frame.build_id.empty())
        out += "<span>build id <span class=\"mono\">" + text(frame.build_id) + "</span></span>";
    out += "</div>\n";
    render_source(out, frame.snippet, frame.line);
    if (frame.vars.empty())
        out += "<p class=\"none\">no variables captured in this frame</p>\n";
    else
        render_variables(out, frame.vars, failing ? assertion_names : std::vector<std::string>{});
    out += "</div>\n</details>\n";
}

void render_thread(std::string& out, const Thread& thread, std::size_t thread_index, const Focus& focus,
                   const std::vector<std::string>& assertion_names) {
    const bool primary = focus.thread == &thread;
    out += "<details class=\"thread\" id=\"thread-" + std::to_string(thread_index) + "\"";
    if (primary) out += " open";
    out += ">\n<summary>Thread <span class=\"mono\">" + std::to_string(thread.tid) + "</span>";
    if (!thread.name.empty()) out += " <span class=\"mono\">\xe2\x80\x9c" + text(thread.name) + "\xe2\x80\x9d</span>";
    if (thread.failing) out += " <span class=\"badge failing\">failing</span>";
    out += " <span class=\"muted\">" + std::to_string(thread.frames.size()) +
           (thread.frames.size() == 1 ? " frame" : " frames") + "</span>";
    out += "</summary>\n";
    for (std::size_t i = 0; i < thread.frames.size(); ++i) {
        const bool failing = primary && focus.failing && *focus.failing == i;
        render_frame(out, thread.frames[i], thread_index, i, failing, assertion_names);
    }
    if (thread.frames.empty()) out += "<p class=\"none\">no frames captured</p>\n";
    if (thread.truncated) out += "<p><span class=\"warn\">more frames were not captured (a bound ran out)</span></p>\n";
    out += "</details>\n";
}

}  // namespace

void render_threads(std::string& out, const Report& report, const Focus& focus,
                    const std::vector<std::string>& assertion_names) {
    if (focus.thread) render_thread(out, *focus.thread, focus.thread_index, focus, assertion_names);
    for (std::size_t i = 0; i < report.threads.size(); ++i)
        if (&report.threads[i] != focus.thread) render_thread(out, report.threads[i], i, focus, assertion_names);
}

}  // namespace capsule::cli::html
