// Reading JUnit XML: whatever the writer, a list of testcases with a status.
// The input is untrusted (a file from a CI run): every failure is a
// JunitError with one line of text, and nesting is bounded.
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <string_view>

#include "ci/junit_impl.hpp"

namespace capsule::cli::ci {
namespace {

using tinyxml2::XMLElement;

// <testsuite> inside <testsuite> happens (ant, Catch2 v3); deeper than this
// is not a test report. (tinyxml2 itself refuses elements nested more than
// 100 deep, before any recursion could matter.)
constexpr int max_suite_depth = 64;

// The whole report is read, and tinyxml2 builds a node for every tag,
// attribute and text: about 100 bytes each, from as little as four bytes of
// XML. These bound what a hostile file makes the reader hold (`ci bundle`
// peaks near 500 MiB just below them); a ctest run of 100,000 tests stays
// well below both.
constexpr std::size_t max_report_bytes = 128u << 20;
constexpr std::size_t max_markup = 2'000'000;  // tags and attributes

std::string one_line(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return text;
}

std::string attribute(const XMLElement* element, const char* name) {
    const char* value = element->Attribute(name);
    return value ? value : "";
}

int line_attribute(const XMLElement* element) {
    int line = 0;
    if (element->QueryIntAttribute("line", &line) != tinyxml2::XML_SUCCESS || line < 0) return 0;
    return line;
}

void read_case(XMLElement* element, const std::string& suite, JunitDocument::Impl& impl) {
    JunitCase c;
    c.suite = suite;
    c.classname = attribute(element, "classname");
    c.name = attribute(element, "name");
    c.file = attribute(element, "file");
    c.line = line_attribute(element);
    if (const XMLElement* failure = element->FirstChildElement("failure")) {
        c.status = CaseStatus::failed;
        c.message = attribute(failure, "message");
    } else if (const XMLElement* error = element->FirstChildElement("error")) {
        c.status = CaseStatus::error;
        c.message = attribute(error, "message");
    } else if (element->FirstChildElement("skipped") || attribute(element, "status") == "notrun" ||
               attribute(element, "status") == "disabled" || attribute(element, "result") == "skipped") {
        c.status = CaseStatus::skipped;
    } else if (attribute(element, "status") == "fail") {
        c.status = CaseStatus::failed;  // ctest marks the status even when it writes no <failure>
    }
    impl.cases.push_back(std::move(c));
    impl.elements.push_back(element);
}

void read_suite(XMLElement* suite, int depth, const std::string& source, JunitDocument::Impl& impl) {
    if (depth > max_suite_depth) throw JunitError(source + ": testsuites nested deeper than " +
                                                  std::to_string(max_suite_depth) + " levels");
    const std::string name = attribute(suite, "name");
    for (XMLElement* child = suite->FirstChildElement(); child; child = child->NextSiblingElement()) {
        const std::string tag = child->Name();
        if (tag == "testcase")
            read_case(child, name, impl);
        else if (tag == "testsuite")
            read_suite(child, depth + 1, source, impl);
    }
}

// Whether the prolog declares a document type. tinyxml2 expands no entity a
// DTD declares (no external file is ever read, no "billion laughs"), but a
// report that declares them is no test framework's output and would read
// differently in other tools: refused rather than read half-way.
bool declares_doctype(std::string_view text) {
    std::size_t at = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a byte order mark
    for (;;) {
        at = text.find_first_not_of(" \t\r\n", at);
        if (at == std::string_view::npos) return false;
        const char* close = nullptr;
        if (text.compare(at, 4, "<!--") == 0) close = "-->";
        else if (text.compare(at, 2, "<?") == 0) close = "?>";
        else return text.compare(at, 9, "<!DOCTYPE") == 0;
        at = text.find(close, at + 2);
        if (at == std::string_view::npos) return false;
        at += std::string_view(close).size();
    }
}

// An upper bound on the nodes tinyxml2 would make: every '<' (a tag, a
// comment, the text before it) and every '=' inside a tag (an attribute).
std::size_t markup_count(std::string_view text) {
    std::size_t count = 0;
    bool in_tag = false;
    for (char c : text) {
        if (c == '<') {
            ++count;
            in_tag = true;
        } else if (c == '>') {
            in_tag = false;
        } else if (c == '=' && in_tag) {
            ++count;
        }
    }
    return count;
}

}  // namespace

const char* to_string(CaseStatus status) {
    switch (status) {
        case CaseStatus::passed: return "passed";
        case CaseStatus::failed: return "failed";
        case CaseStatus::error: return "error";
        case CaseStatus::skipped: return "skipped";
    }
    return "passed";
}

JunitDocument::JunitDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JunitDocument::JunitDocument(JunitDocument&&) noexcept = default;
JunitDocument& JunitDocument::operator=(JunitDocument&&) noexcept = default;
JunitDocument::~JunitDocument() = default;

const std::vector<JunitCase>& JunitDocument::cases() const { return impl_->cases; }

JunitDocument JunitDocument::parse(const std::string& text, const std::string& source) {
    if (text.size() > max_report_bytes)
        throw JunitError(one_line(source + ": not read: " + std::to_string(text.size()) + " bytes (limit " +
                                  std::to_string(max_report_bytes) + ")"));
    if (declares_doctype(text))
        throw JunitError(one_line(source + ": not a JUnit report: it declares a DOCTYPE (entities are not read)"));
    if (markup_count(text) > max_markup)
        throw JunitError(one_line(source + ": not read: more than " + std::to_string(max_markup) +
                                  " tags and attributes"));
    auto impl = std::make_unique<Impl>();
    if (impl->doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
        const char* detail = impl->doc.ErrorStr();
        throw JunitError(one_line(source + ": not a JUnit report: " + (detail ? detail : "XML error")));
    }
    XMLElement* root = impl->doc.RootElement();
    if (!root) throw JunitError(one_line(source + ": not a JUnit report: no root element"));
    const std::string tag = root->Name();
    if (tag == "testsuites") {
        for (XMLElement* suite = root->FirstChildElement(); suite; suite = suite->NextSiblingElement())
            if (std::string(suite->Name()) == "testsuite") read_suite(suite, 1, source, *impl);
    } else if (tag == "testsuite") {
        read_suite(root, 1, source, *impl);
    } else {
        throw JunitError(one_line(source + ": not a JUnit report: root element is <" + tag +
                                  ">, not <testsuites> or <testsuite>"));
    }
    return JunitDocument(std::move(impl));
}

JunitDocument JunitDocument::load(const std::string& path) {
    // A FIFO would block the open, a directory reads as nothing.
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw JunitError(one_line(path + ": cannot read JUnit report: not a regular file"));
    // Sized first: the bound applies before anything is read, and the text is
    // read once into its final string (a stream would hold it twice).
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw JunitError(one_line(path + ": cannot read JUnit report"));
    const std::streamoff size = in.tellg();
    if (size < 0) throw JunitError(one_line(path + ": cannot read JUnit report"));
    if (static_cast<std::uint64_t>(size) > max_report_bytes)
        throw JunitError(one_line(path + ": not read: " + std::to_string(size) + " bytes (limit " +
                                  std::to_string(max_report_bytes) + ")"));
    std::string text(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(text.data(), size) || in.gcount() != size)
        throw JunitError(one_line(path + ": cannot read JUnit report"));
    return parse(text, path);
}

}  // namespace capsule::cli::ci
