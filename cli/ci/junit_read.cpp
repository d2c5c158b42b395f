// Reading JUnit XML: whatever the writer, a list of testcases with a status.
// The input is untrusted (a file from a CI run): every failure is a
// JunitError with one line of text, and nesting is bounded.
#include <fstream>
#include <sstream>

#include "ci/junit_impl.hpp"

namespace capsule::cli::ci {
namespace {

using tinyxml2::XMLElement;

// <testsuite> inside <testsuite> happens (ant, Catch2 v3); deeper than this
// is not a test report.
constexpr int max_suite_depth = 64;

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
    std::ifstream in(path, std::ios::binary);
    if (!in) throw JunitError(one_line(path + ": cannot read JUnit report"));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw JunitError(one_line(path + ": cannot read JUnit report"));
    return parse(text.str(), path);
}

}  // namespace capsule::cli::ci
