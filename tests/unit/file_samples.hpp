// Shared by the capsule file tests: a report that uses every field, and a
// field-by-field comparison that does not go through the code under test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "capsule/report.hpp"

namespace capsule::file_test {

// Bytes no UTF-8 decoder accepts, between text that must survive.
inline const std::string binary_value = std::string("\x00\x01\x7f", 3) + "bin\xff\xfe\x80" + "end";

inline Variable var(std::string name, std::string type, std::string value,
                    ValueStatus status = ValueStatus::ok) {
    Variable v;
    v.name = std::move(name);
    v.kind = "local";
    v.type = std::move(type);
    v.value = std::move(value);
    v.status = status;
    return v;
}

inline Report rich_report() {
    Report r;
    r.tool_version = "0.1.0-test";
    r.kind = "assertion";
    r.message = "Expected equality of these values:\n  total\n    Which is: 41 \"quoted\" </script>";
    r.fingerprint = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r.fingerprint_version = 1;
    r.fingerprint_frames = {"app::sum", "MathTest_Sums_Test::TestBody"};
    r.test = {"MathTest", "Sums", "MathTest/Param.Sums/3", "3", "outer / inner", "/src/math_test.cpp", 40};
    r.assertion = {"EXPECT_EQ(total, expected)", "/src/math_test.cpp", 42};
    r.signal = {11, "SIGSEGV", 1, "SEGV_MAPERR", 0xffffffffffffff00ull};
    r.exception = {"std::runtime_error", "boom \"with quotes\" </script><script>alert(1)</script>"};
    r.pid = 4242;
    r.command_line = {"./math_test", "--gtest_filter=MathTest.*", "arg with spaces"};
    r.time = "2024-05-01T12:34:56.789Z";
    r.host = "ci-runner-7";
    r.os = "Linux 6.1.0 x86_64";
    r.binary = "/build/math_test";
    r.build_id = "abcdef0123456789";
    r.std_library = "libstdc++";
    r.environment = {{"CI", "true"}, {"GITHUB_SHA", "deadbeef"}};
    r.masking_rules = {"name:password", "value:jwt"};
    r.extra = {{"leg", "asan"}, {"further_failures", "2"}};
    r.capture = {"in-process", 1.5, true, {"line lookup skipped in libc", "budget ran out"}};

    Thread main_thread;
    main_thread.tid = 4242;
    main_thread.name = "math_test";
    main_thread.failing = true;
    main_thread.truncated = true;

    Frame top;
    top.pc = 0x55555555a123;
    top.module = "/build/math_test";
    top.build_id = "abcdef0123456789";
    top.function = "app::sum(std::vector<int, std::allocator<int> > const&)";
    top.file = "/src/math.cpp";
    top.line = 12;
    top.column = 3;
    top.inlined = true;
    top.category = "user";
    top.snippet = {{11, "  int total = 0;"}, {12, "  for (int x : v) total += x;"}, {13, "}"}};
    Variable items = var("items", "std::vector<int>", "std::vector of length 2");
    items.kind = "param";
    items.address = 0x7ffffffde000;
    items.decl_line = 10;
    Variable first = var("[0]", "int", "1");
    first.kind = "element";
    Variable nested = var("inner", "Point", "{...}");
    nested.kind = "member";
    nested.children = {var("x", "int", "7"), var("y", "int", "", ValueStatus::optimized_out)};
    first.children = {nested};
    items.children = {first, var("[1]", "int", "2", ValueStatus::truncated)};
    top.vars = {items,
                var("password", "std::string", "", ValueStatus::masked),
                var("raw", "char[16]", binary_value),
                var("html", "const char *", "\"</script>\" and \\\"quotes\\\""),
                var("gone", "int", "", ValueStatus::unreadable),
                var("shadow", "int", "3", ValueStatus::shadowed),
                var("weird", "float", "", ValueStatus::not_implemented)};
    Frame test_body;
    test_body.pc = 0x55555555b456;
    test_body.function = "MathTest_Sums_Test::TestBody()";
    test_body.file = "/src/math_test.cpp";
    test_body.line = 42;
    test_body.category = "user";
    test_body.vars = {var("total", "int", "41"), var("expected", "int", "42")};
    Frame framework;
    framework.pc = 0x7ffff7e01000;
    framework.module = "/usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1";
    framework.function = "testing::Test::Run()";
    framework.category = "test-framework";
    main_thread.frames = {top, test_body, framework};

    Thread worker;
    worker.tid = 4243;
    worker.name = "worker";
    Frame wait;
    wait.pc = 0x7ffff7a00000;
    wait.module = "/lib/x86_64-linux-gnu/libc.so.6";
    wait.function = "__futex_abstimed_wait_common";
    wait.category = "system";
    worker.frames = {wait};

    r.threads = {main_thread, worker};
    return r;
}

inline void expect_same(const Variable& a, const Variable& b, const std::string& where) {
    SCOPED_TRACE(where + "." + a.name);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.address, b.address);
    EXPECT_EQ(a.decl_line, b.decl_line);
    ASSERT_EQ(a.children.size(), b.children.size());
    for (std::size_t i = 0; i < a.children.size(); ++i) expect_same(a.children[i], b.children[i], where);
}

inline void expect_same(const Frame& a, const Frame& b) {
    SCOPED_TRACE(a.function);
    EXPECT_EQ(a.pc, b.pc);
    EXPECT_EQ(a.module, b.module);
    EXPECT_EQ(a.build_id, b.build_id);
    EXPECT_EQ(a.function, b.function);
    EXPECT_EQ(a.file, b.file);
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.column, b.column);
    EXPECT_EQ(a.inlined, b.inlined);
    EXPECT_EQ(a.category, b.category);
    ASSERT_EQ(a.snippet.size(), b.snippet.size());
    for (std::size_t i = 0; i < a.snippet.size(); ++i) {
        EXPECT_EQ(a.snippet[i].line, b.snippet[i].line);
        EXPECT_EQ(a.snippet[i].text, b.snippet[i].text);
    }
    ASSERT_EQ(a.vars.size(), b.vars.size());
    for (std::size_t i = 0; i < a.vars.size(); ++i) expect_same(a.vars[i], b.vars[i], a.function);
}

inline void expect_same(const Report& a, const Report& b) {
    EXPECT_EQ(a.format_major, b.format_major);
    EXPECT_EQ(a.format_minor, b.format_minor);
    EXPECT_EQ(a.tool_version, b.tool_version);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.message, b.message);
    EXPECT_EQ(a.fingerprint, b.fingerprint);
    EXPECT_EQ(a.fingerprint_version, b.fingerprint_version);
    EXPECT_EQ(a.fingerprint_frames, b.fingerprint_frames);
    EXPECT_EQ(a.test.suite, b.test.suite);
    EXPECT_EQ(a.test.name, b.test.name);
    EXPECT_EQ(a.test.full_name, b.test.full_name);
    EXPECT_EQ(a.test.parameters, b.test.parameters);
    EXPECT_EQ(a.test.section, b.test.section);
    EXPECT_EQ(a.test.file, b.test.file);
    EXPECT_EQ(a.test.line, b.test.line);
    EXPECT_EQ(a.assertion.expression, b.assertion.expression);
    EXPECT_EQ(a.assertion.file, b.assertion.file);
    EXPECT_EQ(a.assertion.line, b.assertion.line);
    EXPECT_EQ(a.signal.number, b.signal.number);
    EXPECT_EQ(a.signal.name, b.signal.name);
    EXPECT_EQ(a.signal.code, b.signal.code);
    EXPECT_EQ(a.signal.code_name, b.signal.code_name);
    EXPECT_EQ(a.signal.fault_address, b.signal.fault_address);
    EXPECT_EQ(a.exception.type, b.exception.type);
    EXPECT_EQ(a.exception.what, b.exception.what);
    EXPECT_EQ(a.pid, b.pid);
    EXPECT_EQ(a.command_line, b.command_line);
    EXPECT_EQ(a.time, b.time);
    EXPECT_EQ(a.host, b.host);
    EXPECT_EQ(a.os, b.os);
    EXPECT_EQ(a.binary, b.binary);
    EXPECT_EQ(a.build_id, b.build_id);
    EXPECT_EQ(a.std_library, b.std_library);
    EXPECT_EQ(a.environment, b.environment);
    EXPECT_EQ(a.masking_rules, b.masking_rules);
    EXPECT_EQ(a.extra, b.extra);
    EXPECT_EQ(a.capture.path, b.capture.path);
    EXPECT_DOUBLE_EQ(a.capture.duration_ms, b.capture.duration_ms);
    EXPECT_EQ(a.capture.truncated, b.capture.truncated);
    EXPECT_EQ(a.capture.notes, b.capture.notes);
    ASSERT_EQ(a.threads.size(), b.threads.size());
    for (std::size_t t = 0; t < a.threads.size(); ++t) {
        const Thread& x = a.threads[t];
        const Thread& y = b.threads[t];
        EXPECT_EQ(x.tid, y.tid);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.failing, y.failing);
        EXPECT_EQ(x.truncated, y.truncated);
        ASSERT_EQ(x.frames.size(), y.frames.size());
        for (std::size_t f = 0; f < x.frames.size(); ++f) expect_same(x.frames[f], y.frames[f]);
    }
}

// What the binary value reads back as: every invalid byte is U+FFFD, every
// valid one (control characters included) is kept.
inline Report with_binary_replaced(Report r) {
    for (Variable& v : r.threads[0].frames[0].vars)
        if (v.value == binary_value)
            v.value = std::string("\x00\x01\x7f", 3) + "bin\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" + "end";
    return r;
}

}  // namespace capsule::file_test
