// render_html_index: the page of a CI bundle, one row per capsule, grouped by
// fingerprint so that one bug hit by many tests or legs reads as one.
#include <algorithm>
#include <map>

#include "html/bar_chart.hpp"
#include "html/escape.hpp"
#include "html/labels.hpp"
#include "html/html.hpp"
#include "html/page.hpp"

namespace capsule::cli {
namespace {

using namespace html;

constexpr std::size_t message_chars = 160;

struct Group {
    std::string fingerprint;
    std::vector<std::size_t> members;  // indices into the capsules
};

// Most capsules first; among equals, the order in which they came.
std::vector<Group> group_by_fingerprint(const std::vector<std::pair<std::string, Report>>& capsules) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < capsules.size(); ++i) {
        const std::string& fp = capsules[i].second.fingerprint;
        auto [it, added] = index.emplace(fp, groups.size());
        if (added) groups.push_back(Group{fp, {}});
        groups[it->second].members.push_back(i);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group& a, const Group& b) { return a.members.size() > b.members.size(); });
    for (Group& group : groups)
        std::stable_sort(group.members.begin(), group.members.end(), [&](std::size_t a, std::size_t b) {
            return capsules[a].second.time < capsules[b].second.time;
        });
    return groups;
}

std::string short_fingerprint(const std::string& fp) {
    return fp.empty() ? std::string("no fingerprint") : fp.substr(0, 12);
}

std::string charts(const std::vector<std::pair<std::string, Report>>& capsules, const std::vector<Group>& groups) {
    std::vector<Bar> by_fingerprint;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const Report& first = capsules[groups[g].members.front()].second;
        Bar bar;
        const std::string title = test_title(first.test);
        bar.label = short_fingerprint(groups[g].fingerprint) + (title.empty() ? "" : " " + title);
        bar.tooltip = (groups[g].fingerprint.empty() ? "no fingerprint" : groups[g].fingerprint) +
                      (title.empty() ? "" : "\n" + title) + "\n" + one_line(first.message);
        bar.href = "#group-" + std::to_string(g);
        bar.count = groups[g].members.size();
        by_fingerprint.push_back(std::move(bar));
    }
    std::vector<Bar> by_kind;
    for (const auto& [link, report] : capsules) {
        const std::string kind = report.kind.empty() ? "unknown" : report.kind;
        auto it = std::find_if(by_kind.begin(), by_kind.end(), [&](const Bar& bar) { return bar.label == kind; });
        if (it == by_kind.end())
            by_kind.push_back(Bar{kind, "", "", 1});
        else
            ++it->count;
    }
    std::stable_sort(by_kind.begin(), by_kind.end(), [](const Bar& a, const Bar& b) { return a.count > b.count; });
    return "<div class=\"charts\">\n<div id=\"chart-fingerprints\">" +
           render_bar_chart("Capsules per fingerprint", by_fingerprint, "bar") + "</div>\n<div id=\"chart-kinds\">" +
           render_bar_chart("Capsules per kind", by_kind, "bar-kind") + "</div>\n</div>\n";
}

void capsule_row(std::string& out, const std::string& link, const Report& r) {
    out += "<tr class=\"capsule\"><td><a href=\"" + escape_markup(relative_href(link)) + "\">" + text(base_name(link)) +
           "</a></td>";
    out += "<td class=\"mono test\">" + text(test_title(r.test)) + "</td>";
    out += "<td class=\"wide\">" + text(r.kind) + "</td>";
    out += "<td class=\"wide time\">" + text(r.time) + "</td>";
    out += "<td class=\"wide\">" + text(r.host) + "</td>";
    out += "<td class=\"message-cell\">" + text(clip(one_line(r.message), message_chars)) + "</td></tr>\n";
}

}  // namespace

std::string render_html_index(const std::vector<std::pair<std::string, Report>>& capsules) {
    const std::vector<Group> groups = group_by_fingerprint(capsules);
    std::string body = "<main>\n<header class=\"card top\">\n<h1>" + std::to_string(capsules.size()) +
                       (capsules.size() == 1 ? " capsule" : " capsules") + ", " + std::to_string(groups.size()) +
                       (groups.size() == 1 ? " distinct failure" : " distinct failures") + "</h1>\n";
    body +=
        "<p class=\"muted\">Capsules with the same fingerprint failed the same way: same kind, same "
        "frames of the program's own code.</p>\n</header>\n";
    if (capsules.empty()) {
        body += "<section class=\"card\"><p class=\"none\">no capsules were collected</p></section>\n";
    } else {
        body += "<section class=\"card\" id=\"charts\">\n" + charts(capsules, groups) + "</section>\n";
        body +=
            "<section class=\"card\" id=\"capsules\">\n<h2>Capsules by fingerprint</h2>\n<div class=\"table-wrap\">"
            "<table class=\"capsules\">\n<colgroup><col class=\"c-capsule\"><col class=\"c-test\"><col class=\"c-kind\">"
                "<col class=\"c-time\"><col class=\"c-host\"><col class=\"c-message\"></colgroup>\n<thead><tr><th>capsule</th><th>test</th><th class=\"wide\">kind</th><th "
            "class=\"wide\">time</th>"
            "<th class=\"wide\">host</th><th>message</th></tr></thead>\n";
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const Group& group = groups[g];
            const Report& first = capsules[group.members.front()].second;
            body += "<tbody class=\"group\" id=\"group-" + std::to_string(g) +
                    "\">\n<tr class=\"group\"><th colspan=\"6\">";
            body += "<span class=\"mono\"";
            if (!group.fingerprint.empty()) body += " title=\"" + text(group.fingerprint) + "\"";
            body += ">" + text(short_fingerprint(group.fingerprint)) + "</span> <span class=\"count\">" +
                    std::to_string(group.members.size()) + " \xc3\x97</span> " + text(first.kind);
            const std::string title = test_title(first.test);
            if (!title.empty()) body += " in <span class=\"mono\">" + text(title) + "</span>";
            body += "</th></tr>\n";
            for (std::size_t i : group.members) capsule_row(body, capsules[i].first, capsules[i].second);
            body += "</tbody>\n";
        }
        body += "</table></div>\n</section>\n";
    }
    body += "</main>\n";

    PageParts parts;
    parts.title = std::to_string(capsules.size()) + " capsules \xe2\x80\x94 capsule";
    parts.body = std::move(body);
    return page(parts);
}

}  // namespace capsule::cli
