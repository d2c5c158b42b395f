#include "sample_reports.hpp"

namespace capsule::html_test {

Variable var(std::string name, std::string type, std::string value, ValueStatus status) {
    Variable v;
    v.name = std::move(name);
    v.kind = "local";
    v.type = std::move(type);
    v.value = std::move(value);
    v.status = status;
    return v;
}

namespace {

Frame frame(std::string function, std::string category, std::string file, int line) {
    Frame f;
    f.pc = 0x401000 + static_cast<std::uint64_t>(line);
    f.function = std::move(function);
    f.category = std::move(category);
    f.file = std::move(file);
    f.line = line;
    f.module = f.file.empty() ? "/usr/lib/x86_64-linux-gnu/libgtest.so.1.12.1" : "/build/shop_test";
    return f;
}

}  // namespace

Report hostile_report() {
    Report r;
    r.tool_version = "0.1.0";
    r.kind = "assertion";
    r.message =
        "Expected equality of these values:\n  total\n    Which is: 2.9\n  expected_total\n    Which is: 2.7\n" +
        injection;
    r.fingerprint = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    r.fingerprint_version = 1;
    r.fingerprint_frames = {"check_total", "Shop_Total_Test::TestBody"};
    r.test = {"Shop", "Total", "Shop.Total", "", "", "/src/shop_test.cpp", 30};
    r.assertion = {"EXPECT_EQ(total, expected_total) << \"total \" << note", "/src/shop_test.cpp", 21};
    r.exception = {"std::runtime_error", "thrown with " + injection};
    r.pid = 4242;
    r.command_line = {"./shop_test", "--gtest_filter=Shop.*", injection};
    r.time = "2024-05-01T12:34:56Z";
    r.host = "runner-" + injection;
    r.os = "Linux 6.1.0 x86_64";
    r.binary = "/build/shop_test";
    r.build_id = "abcdef0123456789";
    r.std_library = "libstdc++";
    r.environment = {{"CI", "true"}, {"CAPSULE_LEG", injection}};
    r.masking_rules = {"name:token"};
    r.extra = {{"leg", injection}};
    r.capture = {"in-process", 3.25, true, {"note " + injection}};

    Thread main_thread;
    main_thread.tid = 4242;
    main_thread.name = "shop_test";
    main_thread.failing = true;

    Frame check = frame("check_total(Order const&, double)", "user", "/src/shop_test.cpp", 21);
    check.snippet = {{19, "    double total = subtotal - order.discount;"},
                     {20, "    std::string note = \"" + injection + "\";"},
                     {21, "    EXPECT_EQ(total, expected_total);"},
                     {22, "}"}};
    Variable order = var("order", "const Order &", "{...}");
    order.kind = "param";
    order.address = 0x7ffe0000;
    Variable discount = var("discount", "double", "0.1");
    discount.kind = "member";
    Variable token = var("api_token", "std::string", "<masked>", ValueStatus::masked);
    token.kind = "member";
    Variable items = var("items", "std::vector<Item>", "std::vector of length 2");
    items.kind = "member";
    Variable first = var("[0]", "Item", "{...}");
    first.kind = "element";
    first.children = {var("sku", "std::string", "\"apple\""), var("quantity", "int", "3")};
    items.children = {first, var("[1]", "Item", "", ValueStatus::truncated)};
    order.children = {discount, token, items};
    Variable expected = var("expected_total", "double", "2.7");
    expected.kind = "param";
    Variable shadowed_total = var("total", "double", "0", ValueStatus::shadowed);
    check.vars = {order,
                  var("subtotal", "double", "3"),
                  var("note", "std::string", "\"" + injection + "\""),
                  var("issue", "std::string", "\"" + issue_injection + "\""),
                  var("separators", "std::string", "\"" + separators + "\""),
                  var("gone", "int", "", ValueStatus::optimized_out),
                  var("far", "int *", "", ValueStatus::unreadable),
                  var("odd", "float", "", ValueStatus::not_implemented),
                  shadowed_total,
                  expected,
                  var("total", "double", "2.9"),
                  var(injection, injection, injection)};

    Frame lambda = frame("Shop_Total_Test::TestBody()::{lambda(Order const&)#1}::operator()(Order const&) const",
                         "user", "/src/shop_test.cpp", 33);
    lambda.vars = {var("order", "const Order &", "{...}")};
    Frame algorithm = frame(
        "std::for_each<Order const*, Shop_Total_Test::TestBody()::{lambda(Order const&)#1}>("
        "Order const*, Order const*, Shop_Total_Test::TestBody()::{lambda(Order const&)#1})",
        "std", "/usr/include/c++/12/bits/stl_algo.h", 3833);
    algorithm.vars = {var("__first", "const Order *", "0x5555")};
    Frame body = frame("Shop_Total_Test::TestBody()", "user", "/src/shop_test.cpp", 33);
    body.vars = {var("orders", "std::vector<Order>", "std::vector of length 1")};
    Frame framework = frame(
        "void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>("
        "testing::Test*, void (testing::Test::*)(), char const*)",
        "test-framework", "", 0);
    Frame hostile = frame(injection, "system", "", 0);
    main_thread.frames = {check, lambda, algorithm, body, framework, hostile};

    Thread worker;
    worker.tid = 4243;
    worker.name = "worker " + injection;
    Frame wait = frame("__futex_abstimed_wait_common", "system", "", 0);
    wait.module = "/lib/x86_64-linux-gnu/libc.so.6";
    Frame user_wait = frame("shop::Worker::run()", "user", "/src/worker.cpp", 12);
    user_wait.vars = {var("queue_depth", "int", "17")};
    worker.frames = {wait, user_wait};

    r.threads = {main_thread, worker};
    return r;
}

Report small_report(const std::string& kind, const std::string& fingerprint, const std::string& test,
                    const std::string& time) {
    Report r;
    r.kind = kind;
    r.fingerprint = fingerprint;
    r.test.full_name = test;
    r.time = time;
    r.host = "ci";
    r.message = kind + " in " + test + "\nsecond line";
    return r;
}

}  // namespace capsule::html_test
