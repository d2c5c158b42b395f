// The capsule data formats: capsule.json, manifest.yaml, file names. The zip
// container and atomic writing are in file_archive_test.cpp.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "capsule/file.hpp"
#include "file_samples.hpp"

namespace capsule {
namespace {

using file_test::rich_report;

// The FormatError of parsing `json`, or "" when it parsed.
std::string json_error(const std::string& json) {
    try {
        report_from_json(json);
    } catch (const FormatError& e) {
        std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        return what;
    }
    return "";
}

std::string nested_children(int depth) {
    std::string json = R"({"threads":[{"frames":[{"vars":[)";
    for (int i = 0; i < depth; ++i) json += R"({"name":"n","children":[)";
    for (int i = 0; i < depth; ++i) json += "]}";
    return json + "]}]}]}";
}

TEST(ValueStatus, NamesRoundTrip) {
    for (ValueStatus status : {ValueStatus::ok, ValueStatus::optimized_out, ValueStatus::unreadable,
                               ValueStatus::masked, ValueStatus::truncated, ValueStatus::shadowed,
                               ValueStatus::not_implemented}) {
        ValueStatus parsed = ValueStatus::ok;
        ASSERT_TRUE(parse_value_status(to_string(status), parsed)) << to_string(status);
        EXPECT_EQ(parsed, status);
    }
    EXPECT_STREQ(to_string(ValueStatus::optimized_out), "optimized-out");
    EXPECT_STREQ(to_string(ValueStatus::not_implemented), "not-implemented");
    ValueStatus untouched = ValueStatus::masked;
    EXPECT_FALSE(parse_value_status("optimized_out", untouched));
    EXPECT_FALSE(parse_value_status("", untouched));
    EXPECT_EQ(untouched, ValueStatus::masked);
}

TEST(ReportThreads, FailingThreadIsTheMarkedOne) {
    Report r = rich_report();
    std::swap(r.threads[0], r.threads[1]);
    ASSERT_NE(r.failing_thread(), nullptr);
    EXPECT_EQ(r.failing_thread()->tid, 4242);
    r.threads[1].failing = false;
    EXPECT_EQ(r.failing_thread(), nullptr);
    EXPECT_EQ(Report{}.failing_thread(), nullptr);
}

TEST(CapsuleJson, RoundTripsEveryField) {
    const Report original = rich_report();
    const std::string json = report_to_json(original);
    const Report back = report_from_json(json);
    file_test::expect_same(file_test::with_binary_replaced(original), back);

    // Quotes and </script> survive as text; addresses are hex strings.
    EXPECT_EQ(back.exception.what, original.exception.what);
    EXPECT_NE(json.find(R"("fault_address":"0xffffffffffffff00")"), std::string::npos);
    EXPECT_NE(json.find(R"("address":"0x7ffffffde000")"), std::string::npos);
    EXPECT_NE(json.find(R"("status":"optimized-out")"), std::string::npos);
    // Absent address, decl_line and children are left out, not written as zero.
    const auto parsed = nlohmann::json::parse(json);
    const auto& password = parsed["threads"][0]["frames"][0]["vars"][1];
    EXPECT_EQ(password["name"], "password");
    EXPECT_FALSE(password.contains("address"));
    EXPECT_FALSE(password.contains("decl_line"));
    EXPECT_FALSE(password.contains("children"));
    EXPECT_EQ(parsed["format"], 1);
    EXPECT_EQ(parsed["format_minor"], 0);
}

TEST(CapsuleJson, IndentedOutputReadsTheSame) {
    const Report original = rich_report();
    const std::string json = report_to_json(original, 2);
    EXPECT_NE(json.find("\n  \"format\": 1"), std::string::npos);
    file_test::expect_same(file_test::with_binary_replaced(original), report_from_json(json));
}

TEST(CapsuleJson, InvalidUtf8AnywhereStillGivesValidJson) {
    Report r;
    r.message = "\xc3\x28 broken";
    r.environment["K\xff"] = "v\xfe";
    r.threads.emplace_back();
    r.threads[0].name = "\xed\xa0\x80";  // a UTF-16 surrogate, invalid in UTF-8
    const std::string json = report_to_json(r);
    EXPECT_TRUE(nlohmann::json::accept(json));
    const Report back = report_from_json(json);
    EXPECT_EQ(back.message, "\xEF\xBF\xBD( broken");
    EXPECT_EQ(back.environment.size(), 1u);
}

TEST(CapsuleJson, MissingFieldsTakeDefaults) {
    const Report r = report_from_json(R"({"kind":"crash","threads":[{"frames":[{"vars":[{}]}]}]})");
    EXPECT_EQ(r.format_major, 1);
    EXPECT_EQ(r.kind, "crash");
    EXPECT_EQ(r.message, "");
    EXPECT_EQ(r.signal.fault_address, 0u);
    ASSERT_EQ(r.threads.size(), 1u);
    ASSERT_EQ(r.threads[0].frames.size(), 1u);
    EXPECT_EQ(r.threads[0].frames[0].vars.at(0).status, ValueStatus::ok);
    // null counts as absent; unknown fields (from a newer minor format) are ignored.
    const Report nulls = report_from_json(R"({"message":null,"format_minor":9,"new_field":[1,2]})");
    EXPECT_EQ(nulls.message, "");
    EXPECT_EQ(nulls.format_minor, 9);
}

TEST(CapsuleJson, WrongTypesNameTheField) {
    EXPECT_EQ(json_error(R"({"kind":5})"), "capsule.json: kind: expected a string, got an integer");
    EXPECT_EQ(json_error(R"({"threads":{}})"), "capsule.json: threads: expected an array, got an object");
    EXPECT_EQ(json_error(R"({"threads":[{"frames":[{"line":"12"}]}]})"),
              "capsule.json: threads[0].frames[0].line: expected an integer, got a string");
    EXPECT_EQ(json_error(R"({"threads":[{"frames":[{"pc":4096}]}]})"),
              "capsule.json: threads[0].frames[0].pc: expected a \"0x...\" string, got an integer");
    EXPECT_EQ(json_error(R"({"signal":{"fault_address":"0xzz"}})"),
              "capsule.json: signal.fault_address: expected a \"0x...\" hex address");
    EXPECT_EQ(json_error(R"({"signal":{"fault_address":"0x12345678901234567"}})"),
              "capsule.json: signal.fault_address: expected a \"0x...\" hex address");
    EXPECT_EQ(json_error(R"({"threads":[{"frames":[{"vars":[{"status":"fine"}]}]}]})"),
              "capsule.json: threads[0].frames[0].vars[0].status: unknown value status \"fine\"");
    // Quoted input is cut short: a hostile file does not get to write the error message.
    const std::string long_status = json_error(R"({"threads":[{"frames":[{"vars":[{"status":")" +
                                               std::string(100000, 'x') + "\"}]}]}]}");
    EXPECT_EQ(long_status.rfind("capsule.json: threads[0].frames[0].vars[0].status: unknown value status \"xxx", 0), 0u);
    EXPECT_LT(long_status.size(), 250u);
    EXPECT_EQ(json_error(R"({"pid":1.5})"), "capsule.json: pid: expected an integer, got a fractional number");
    EXPECT_EQ(json_error(R"({"test":{"line":10000000000}})"), "capsule.json: test.line: integer out of range");
    EXPECT_EQ(json_error(R"({"test":{"line":-10000000000}})"), "capsule.json: test.line: integer out of range");
    EXPECT_EQ(json_error(R"({"capture":{"truncated":1}})"),
              "capsule.json: capture.truncated: expected a boolean, got an integer");
    EXPECT_EQ(json_error(R"({"environment":{"A":1}})"),
              "capsule.json: environment.A: expected a string, got an integer");
    EXPECT_EQ(json_error(R"({"command_line":["a",null]})"),
              "capsule.json: command_line[1]: expected a string, got null");
    EXPECT_EQ(json_error(R"({"threads":[7]})"), "capsule.json: threads[0]: expected an object, got an integer");
    EXPECT_EQ(json_error(R"([1,2])"), "capsule.json: top level: expected an object, got an array");
    EXPECT_EQ(json_error(R"({"test":"MathTest"})"), "capsule.json: test: expected an object, got a string");
}

TEST(CapsuleJson, MalformedJsonIsOneLineError) {
    for (const char* bad : {"", "{", "{\"kind\":\"a\"\n\n,}", "nul", "{\"a\":1e999}", "{\"k\":\"\xff\"}"}) {
        const std::string error = json_error(bad);
        EXPECT_EQ(error.rfind("capsule.json: ", 0), 0u) << "input: " << bad << " error: " << error;
    }
}

TEST(CapsuleJson, NewerMajorFormatIsRefused) {
    EXPECT_EQ(json_error(R"({"format":2,"format_minor":3})"),
              "capsule format 2.3 is newer than this capsule (reads 1.x): upgrade capsule");
    EXPECT_EQ(json_error(R"({"format":0})"), "not a capsule format: 0.0");
    EXPECT_EQ(json_error(R"({"format":1,"format_minor":7})"), "");
}

TEST(CapsuleJson, DeepNestingIsBoundedNotACrash) {
    // Just inside the bound reads; past it is an error; far past it (a hostile
    // file) is the same error, not a stack overflow.
    EXPECT_EQ(json_error(nested_children(200)), "");
    EXPECT_EQ(json_error(nested_children(201)),
              "capsule.json: threads[0].frames[0].vars[0].children[0].children[0].children[0] (197 levels "
              "below).children[0]: values nested deeper than 200 levels");
    // Far past it, the text is refused before it is parsed into a tree at all
    // (a linear scan), whatever the nesting is made of.
    EXPECT_EQ(json_error(nested_children(100000)), "capsule.json: nested deeper than 432 levels");
    const std::string arrays = R"({"extra":)" + std::string(1000000, '[') + std::string(1000000, ']') + "}";
    EXPECT_EQ(json_error(arrays), "capsule.json: nested deeper than 432 levels");
    // Nesting where no nesting belongs, within the scan's bound: a type error.
    const std::string shallow = R"({"extra":)" + std::string(100, '[') + std::string(100, ']') + "}";
    EXPECT_EQ(json_error(shallow), "capsule.json: extra: expected an object, got an array");
}

TEST(CapsuleJson, WriterCutsTreesDeeperThanReadersAccept) {
    Report r;
    r.threads.resize(1);
    r.threads[0].frames.resize(1);
    Variable chain = file_test::var("leaf", "int", "1");
    for (int i = 0; i < 300; ++i) {
        Variable parent = file_test::var("n" + std::to_string(i), "Node", "{...}");
        parent.children.push_back(std::move(chain));
        chain = std::move(parent);
    }
    r.threads[0].frames[0].vars.push_back(std::move(chain));
    const Report back = report_from_json(report_to_json(r));
    const Variable* node = &back.threads[0].frames[0].vars.at(0);
    int depth = 1;
    while (!node->children.empty()) {
        node = &node->children[0];
        ++depth;
    }
    EXPECT_EQ(depth, 200);
    EXPECT_EQ(node->status, ValueStatus::truncated);
}

TEST(Manifest, HoldsTheSummaryAsValidYaml) {
    Report r = rich_report();
    r.message += "\nline two: {not: yaml} \xff";
    const YAML::Node m = YAML::Load(report_to_manifest_yaml(r));
    EXPECT_EQ(m["format"].as<std::string>(), "1.0");
    EXPECT_EQ(m["tool_version"].as<std::string>(), "0.1.0-test");
    EXPECT_EQ(m["kind"].as<std::string>(), "assertion");
    EXPECT_EQ(m["test"].as<std::string>(), "MathTest/Param.Sums/3");
    EXPECT_EQ(m["message"].as<std::string>().substr(0, 31), "Expected equality of these valu");
    EXPECT_NE(m["message"].as<std::string>().find("\nline two: {not: yaml}"), std::string::npos);
    EXPECT_EQ(m["fingerprint"].as<std::string>(), r.fingerprint);
    EXPECT_EQ(m["fingerprint_version"].as<int>(), 1);
    EXPECT_EQ(m["time"].as<std::string>(), r.time);
    EXPECT_EQ(m["host"].as<std::string>(), "ci-runner-7");
    EXPECT_EQ(m["os"].as<std::string>(), r.os);
    EXPECT_EQ(m["pid"].as<long>(), 4242);
    EXPECT_EQ(m["binary"].as<std::string>(), "/build/math_test");
    EXPECT_EQ(m["build_id"].as<std::string>(), "abcdef0123456789");
    EXPECT_EQ(m["capture"]["path"].as<std::string>(), "in-process");
    EXPECT_DOUBLE_EQ(m["capture"]["duration_ms"].as<double>(), 1.5);
    EXPECT_TRUE(m["capture"]["truncated"].as<bool>());
    EXPECT_EQ(m["std_library"].as<std::string>(), "libstdc++");
    EXPECT_EQ(m["masking_rules"].as<std::vector<std::string>>(), r.masking_rules);
    EXPECT_EQ(m["signal"]["name"].as<std::string>(), "SIGSEGV");
    EXPECT_EQ(m["signal"]["fault_address"].as<std::string>(), "0xffffffffffffff00");
    EXPECT_EQ(m["exception"]["what"].as<std::string>(), r.exception.what);
    EXPECT_EQ(m["assertion"]["expression"].as<std::string>(), "EXPECT_EQ(total, expected)");
    EXPECT_EQ(m["assertion"]["line"].as<int>(), 42);
    EXPECT_EQ(m["counts"]["threads"].as<int>(), 2);
    EXPECT_EQ(m["counts"]["frames"].as<int>(), 4);
    EXPECT_EQ(m["counts"]["variables"].as<int>(), 9);
    EXPECT_EQ(m["counts"]["values"].as<int>(), 14);
}

TEST(Manifest, LeavesOutWhatDidNotHappen) {
    Report r;
    r.kind = "snapshot";
    const YAML::Node m = YAML::Load(report_to_manifest_yaml(r));
    EXPECT_FALSE(m["signal"]);
    EXPECT_FALSE(m["exception"]);
    EXPECT_FALSE(m["assertion"]);
    EXPECT_EQ(m["counts"]["frames"].as<int>(), 0);
}

TEST(SuggestedFileName, HasEveryPartAndOnlySafeCharacters) {
    const Report r = rich_report();
    EXPECT_EQ(suggested_file_name(r), "assertion-MathTest_Param.Sums_3-0123456789ab-20240501T123456Z-4242.capsule");

    Report hostile;
    hostile.kind = "../crash";
    hostile.test.full_name = "../../etc/passwd: <A|B>*?\"\\" + std::string(300, 'x');
    hostile.time = "2024-05-01T12:34:56+02:00";
    const std::string name = suggested_file_name(hostile);
    EXPECT_EQ(name.find_first_not_of(
                  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
              std::string::npos)
        << name;
    EXPECT_NE(name.front(), '.');
    EXPECT_LT(name.size(), 200u);
    EXPECT_EQ(name.rfind("crash-etc_passwd_A_B_xxx", 0), 0u) << name;
    EXPECT_NE(name.find("-20240501T1234560200.capsule"), std::string::npos) << name;

    EXPECT_EQ(suggested_file_name(Report{}), "capsule.capsule");
}

}  // namespace
}  // namespace capsule
