// The JUnit reader and writer alone: the three writers' shapes, bad input,
// and that editing keeps what it does not touch.
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include "ci/junit.hpp"
#include "ci_support.hpp"
#include "junit_fixtures.hpp"

namespace capsule::citest {
namespace {

using namespace capsule::cli::ci;

TEST(JunitRead, CtestStatuses) {
    const JunitDocument doc = JunitDocument::parse(ctest_junit, "ctest.xml");
    ASSERT_EQ(doc.cases().size(), 4u);
    EXPECT_EQ(doc.cases()[0].status, CaseStatus::passed);
    EXPECT_EQ(doc.cases()[1].name, "Bank.Withdraw");
    EXPECT_EQ(doc.cases()[1].status, CaseStatus::failed);
    EXPECT_EQ(doc.cases()[2].status, CaseStatus::failed);
    EXPECT_EQ(doc.cases()[3].status, CaseStatus::skipped);
    EXPECT_EQ(doc.cases()[0].suite, "Linux-c++");
}

TEST(JunitRead, GoogleTestFileLineAndMessage) {
    const JunitDocument doc = JunitDocument::parse(gtest_junit, "gtest.xml");
    ASSERT_EQ(doc.cases().size(), 2u);
    const JunitCase& c = doc.cases()[1];
    EXPECT_EQ(c.classname, "Bank");
    EXPECT_EQ(c.name, "Withdraw");
    EXPECT_EQ(c.file, "/ws/tests/bank_test.cpp");
    EXPECT_EQ(c.line, 10);
    EXPECT_EQ(c.status, CaseStatus::failed);
    EXPECT_EQ(c.message, "/ws/tests/bank_test.cpp:12\nExpected equality");
}

TEST(JunitRead, Catch2Sections) {
    const JunitDocument doc = JunitDocument::parse(catch2_junit_good, "catch.xml");
    ASSERT_EQ(doc.cases().size(), 3u);
    EXPECT_EQ(doc.cases()[1].status, CaseStatus::failed);
    EXPECT_EQ(doc.cases()[1].message, "words.size() == 1");
    EXPECT_EQ(doc.cases()[1].line, 0);  // Catch2 writes no file/line attributes
}

TEST(JunitRead, BadInputIsOneLineError) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"", "not a JUnit report"},
        {"not xml at all", "not a JUnit report"},
        {"<testsuites><testsuite>", "not a JUnit report"},
        {truncated_junit, "not a JUnit report"},
        {"<html><body/></html>", "root element is <html>"},
    };
    for (const auto& [text, expected] : bad) {
        try {
            JunitDocument::parse(text, "in.xml");
            ADD_FAILURE() << "accepted: " << text;
        } catch (const JunitError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("in.xml"), std::string::npos) << message;
            EXPECT_NE(message.find(expected), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
    EXPECT_THROW(JunitDocument::load("/nonexistent/junit.xml"), JunitError);
}

TEST(JunitRead, DeepNestingIsRefusedNotRecursedInto) {
    std::string text = "<testsuites>";
    for (int i = 0; i < 200; ++i) text += "<testsuite name=\"s\">";
    for (int i = 0; i < 200; ++i) text += "</testsuite>";
    text += "</testsuites>";
    EXPECT_THROW(JunitDocument::parse(text, "deep.xml"), JunitError);
}

TEST(JunitWrite, AnnotationAddsAndKeepsTheRest) {
    JunitDocument doc = JunitDocument::parse(gtest_junit, "gtest.xml");
    CaseAnnotation a;
    a.file = "tests/bank_test.cpp";
    a.line = 12;
    a.properties = {{"capsule.kind", "assertion"}, {"capsule.fingerprint", "abc"}};
    a.system_out = "capsule: capsules/x.capsule\n[[ATTACHMENT|artifacts/capsules/x.capsule]]\n";
    doc.annotate(1, a);
    const std::string xml = doc.to_xml();

    tinyxml2::XMLDocument back;
    ASSERT_EQ(back.Parse(xml.c_str()), tinyxml2::XML_SUCCESS);
    const tinyxml2::XMLElement* suite = back.RootElement()->FirstChildElement("testsuite");
    const tinyxml2::XMLElement* ok = suite->FirstChildElement("testcase");
    const tinyxml2::XMLElement* failed = ok->NextSiblingElement("testcase");
    EXPECT_STREQ(failed->Attribute("file"), "tests/bank_test.cpp");
    EXPECT_EQ(failed->IntAttribute("line"), 12);
    // The property GoogleTest recorded stays, capsule's follow it.
    const tinyxml2::XMLElement* p = failed->FirstChildElement("properties")->FirstChildElement("property");
    EXPECT_STREQ(p->Attribute("name"), "account");
    EXPECT_STREQ(p->NextSiblingElement()->Attribute("name"), "capsule.kind");
    EXPECT_NE(std::string(failed->FirstChildElement("system-out")->GetText()).find("[[ATTACHMENT|"), std::string::npos);
    // The failure text (CDATA) and the passing testcase are as they were.
    EXPECT_NE(std::string(failed->FirstChildElement("failure")->GetText()).find("Which is: -5"), std::string::npos);
    EXPECT_STREQ(ok->Attribute("file"), "/ws/tests/bank_test.cpp");
    EXPECT_EQ(ok->FirstChildElement(), nullptr);
    EXPECT_EQ(back.RootElement()->IntAttribute("failures"), 1);
}

TEST(JunitWrite, ExistingSystemOutIsAppendedTo) {
    JunitDocument doc = JunitDocument::parse(ctest_junit, "ctest.xml");
    CaseAnnotation a;
    a.system_out = "capsule: here\n";
    doc.annotate(1, a);
    const JunitDocument back = JunitDocument::parse(doc.to_xml(), "again");
    tinyxml2::XMLDocument xml;
    xml.Parse(doc.to_xml().c_str());
    const tinyxml2::XMLElement* tc = xml.RootElement()->FirstChildElement("testcase")->NextSiblingElement("testcase");
    EXPECT_EQ(std::string(tc->FirstChildElement("system-out")->GetText()), "bank_test.cpp:12: Failure\ncapsule: here\n");
    EXPECT_EQ(back.cases().size(), 4u);
}

TEST(JunitWrite, RebuiltCaseJoinsItsSuiteAndCounts) {
    JunitDocument doc = JunitDocument::parse(gtest_junit, "gtest.xml");
    RebuiltCase r;
    r.suite = "Parser";
    r.classname = "Parser";
    r.name = "Crash";
    r.type = "crash";
    r.message = "crash (SIGSEGV)";
    r.annotation.file = "src/parser.cpp";
    r.annotation.line = 33;
    doc.add_rebuilt(r);
    r.suite = "Bank";
    r.name = "Hang";
    r.type = "timeout";
    doc.add_rebuilt(r);
    const JunitDocument back = JunitDocument::parse(doc.to_xml(), "again");
    ASSERT_EQ(back.cases().size(), 4u);
    EXPECT_EQ(back.cases()[2].name, "Hang");  // joined the existing Bank suite
    EXPECT_EQ(back.cases()[2].status, CaseStatus::error);
    EXPECT_EQ(back.cases()[3].suite, "Parser");  // a new suite
    EXPECT_EQ(back.cases()[3].file, "src/parser.cpp");
    tinyxml2::XMLDocument xml;
    xml.Parse(doc.to_xml().c_str());
    EXPECT_EQ(xml.RootElement()->IntAttribute("tests"), 4);
    EXPECT_EQ(xml.RootElement()->IntAttribute("errors"), 2);
    EXPECT_EQ(xml.RootElement()->FirstChildElement("testsuite")->IntAttribute("tests"), 3);
}

}  // namespace
}  // namespace capsule::citest
