// Editing JUnit XML: capsule's findings added to failing testcases, and
// testcases rebuilt for tests the framework never reported. Counts on the
// enclosing suites follow, so readers that trust them stay right.
#include <tinyxml2.h>

#include "ci/junit_impl.hpp"

namespace capsule::cli::ci {
namespace {

using tinyxml2::XMLElement;

void add_properties(XMLElement* testcase, const CaseAnnotation& annotation) {
    if (annotation.properties.empty()) return;
    XMLElement* properties = testcase->FirstChildElement("properties");
    if (!properties) {
        properties = testcase->GetDocument()->NewElement("properties");
        testcase->InsertFirstChild(properties);
    }
    for (const auto& [name, value] : annotation.properties) {
        XMLElement* property = properties->InsertNewChildElement("property");
        property->SetAttribute("name", name.c_str());
        property->SetAttribute("value", value.c_str());
    }
}

void append_system_out(XMLElement* testcase, const std::string& text) {
    if (text.empty()) return;
    XMLElement* out = testcase->FirstChildElement("system-out");
    if (!out) {
        out = testcase->InsertNewChildElement("system-out");
        out->SetText(text.c_str());
        return;
    }
    std::string existing = out->GetText() ? out->GetText() : "";
    if (!existing.empty() && existing.back() != '\n') existing += '\n';
    // SetText replaces the first text node; a CDATA section or mixed content
    // goes with it, so rebuild the content as one text node.
    out->DeleteChildren();
    out->SetText((existing + text).c_str());
}

void bump(XMLElement* element, const char* counter) {
    if (!element) return;
    int value = 0;
    if (element->QueryIntAttribute(counter, &value) != tinyxml2::XML_SUCCESS) value = 0;
    element->SetAttribute(counter, value + 1);
}

}  // namespace

void JunitDocument::annotate(std::size_t case_index, const CaseAnnotation& annotation) {
    XMLElement* testcase = impl_->elements.at(case_index);
    if (!annotation.file.empty()) {
        testcase->SetAttribute("file", annotation.file.c_str());
        if (annotation.line > 0) testcase->SetAttribute("line", annotation.line);
    }
    add_properties(testcase, annotation);
    append_system_out(testcase, annotation.system_out);
}

void JunitDocument::add_rebuilt(const RebuiltCase& rebuilt) {
    tinyxml2::XMLDocument& doc = impl_->doc;
    XMLElement* root = doc.RootElement();
    XMLElement* suite = nullptr;
    if (std::string(root->Name()) == "testsuite") {
        suite = root;
    } else {
        for (XMLElement* s = root->FirstChildElement("testsuite"); s; s = s->NextSiblingElement("testsuite"))
            if (const char* name = s->Attribute("name"); name && rebuilt.suite == name) suite = s;
        if (!suite) {
            suite = root->InsertNewChildElement("testsuite");
            suite->SetAttribute("name", rebuilt.suite.c_str());
            suite->SetAttribute("tests", 0);
            suite->SetAttribute("failures", 0);
            suite->SetAttribute("errors", 0);
        }
    }
    XMLElement* testcase = suite->InsertNewChildElement("testcase");
    testcase->SetAttribute("name", rebuilt.name.c_str());
    testcase->SetAttribute("classname", rebuilt.classname.c_str());
    XMLElement* error = testcase->InsertNewChildElement("error");
    error->SetAttribute("message", rebuilt.message.c_str());
    error->SetAttribute("type", rebuilt.type.c_str());
    error->SetText(rebuilt.message.c_str());
    bump(suite, "tests");
    bump(suite, "errors");
    if (suite != root) {
        bump(root, "tests");
        bump(root, "errors");
    }

    JunitCase c;
    c.suite = rebuilt.suite;
    c.classname = rebuilt.classname;
    c.name = rebuilt.name;
    c.status = CaseStatus::error;
    c.message = rebuilt.message;
    impl_->cases.push_back(std::move(c));
    impl_->elements.push_back(testcase);
    annotate(impl_->cases.size() - 1, rebuilt.annotation);
    impl_->cases.back().file = rebuilt.annotation.file;
    impl_->cases.back().line = rebuilt.annotation.line;
}

std::string JunitDocument::to_xml() const {
    tinyxml2::XMLPrinter printer(nullptr, true);  // compact: the kept whitespace is the layout
    impl_->doc.Print(&printer);
    return std::string(printer.CStr(), printer.CStrSize() > 0 ? printer.CStrSize() - 1 : 0);
}

}  // namespace capsule::cli::ci
