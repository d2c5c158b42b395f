// Secret masking: names at every depth, map entries, secret-looking values,
// environment, command line, free text; what must stay readable.
#include "mask/mask.hpp"

#include <gtest/gtest.h>

#include <string>

#include "mask/secret_text.hpp"

namespace capsule::mask {
namespace {

// A real-shaped HS256 token (header {"alg":"HS256","typ":"JWT"}).
const std::string jwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
    "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
const std::string aws_key = "AKIAIOSFODNN7EXAMPLE";
const std::string pem =
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\n"
    "-----END RSA PRIVATE KEY-----";

Variable var(std::string name, std::string value, std::string kind = "local",
             std::string type = "int") {
    Variable v;
    v.name = std::move(name);
    v.kind = std::move(kind);
    v.type = std::move(type);
    v.value = std::move(value);
    return v;
}

Variable quoted(std::string name, const std::string& text, std::string kind = "local") {
    return var(std::move(name), "\"" + text + "\"", std::move(kind), "std::string");
}

Report report_with(std::vector<Variable> vars) {
    Report r;
    Frame f;
    f.function = "check_login(std::string const&)";
    f.file = "/src/auth/login.cpp";
    f.vars = std::move(vars);
    Thread t;
    t.failing = true;
    t.frames.push_back(std::move(f));
    r.threads.push_back(std::move(t));
    return r;
}

std::vector<Variable>& vars_of(Report& r) { return r.threads[0].frames[0].vars; }

void expect_masked(const Variable& v, const std::string& type) {
    EXPECT_EQ(v.value, "***masked***") << v.name;
    EXPECT_EQ(v.status, ValueStatus::masked) << v.name;
    EXPECT_TRUE(v.children.empty()) << v.name;
    EXPECT_EQ(v.type, type) << v.name;
}

void expect_untouched(const Variable& v, const std::string& value) {
    EXPECT_EQ(v.value, value) << v.name;
    EXPECT_EQ(v.status, ValueStatus::ok) << v.name;
}

TEST(Mask, NameMatchesCaseInsensitiveSubstring) {
    MaskRules rules;
    EXPECT_TRUE(name_is_secret("password", rules));
    EXPECT_TRUE(name_is_secret("DB_PASSWORD", rules));
    EXPECT_TRUE(name_is_secret("m_apiKey", rules));
    EXPECT_TRUE(name_is_secret("refreshToken_", rules));
    EXPECT_TRUE(name_is_secret("author", rules));  // "auth": accepted false positive
    EXPECT_FALSE(name_is_secret("user_name", rules));
    EXPECT_FALSE(name_is_secret("count", rules));
    EXPECT_FALSE(name_is_secret("", rules));
    rules.name_patterns = {"pin"};
    EXPECT_TRUE(name_is_secret("card_PIN", rules));
    EXPECT_FALSE(name_is_secret("password", rules));
}

TEST(Mask, SecretLookingValues) {
    EXPECT_TRUE(value_looks_secret(jwt));
    EXPECT_TRUE(value_looks_secret("\"" + jwt + "\""));
    EXPECT_TRUE(value_looks_secret("token is " + jwt + ", expires soon"));
    EXPECT_TRUE(value_looks_secret(aws_key));
    EXPECT_TRUE(value_looks_secret("key=" + aws_key + ";"));
    EXPECT_TRUE(value_looks_secret("ASIAY34FZKBOKMUTVV7A"));
    EXPECT_TRUE(value_looks_secret("Bearer abc"));
    EXPECT_TRUE(value_looks_secret("\"Bearer abc\""));
    EXPECT_TRUE(value_looks_secret("\"Authorization: Bearer abc.def-ghi\""));
    EXPECT_TRUE(value_looks_secret(pem));
    EXPECT_TRUE(value_looks_secret("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B..."));
    EXPECT_TRUE(value_looks_secret("-----BEGIN OPENSSH PRIVATE KEY-----"));
    // gdb's repeat notation splits the token in the raw text.
    EXPECT_TRUE(value_looks_secret("\"AKIA\", 'Z' <repeats 16 times>"));
    EXPECT_TRUE(value_looks_secret("0x4052a0 \"Bearer xyz\""));
}

TEST(Mask, OrdinaryValuesDoNotLookSecret) {
    for (const char* value :
         {"hello", "\"hello\"", "42", "0x7ffd1234", "{x = 1, y = 2}", "AKIA", "AKIAIOSFODNN7EXAMPL",
          "AKIAIOSFODNN7EXAMPLE1", "XAKIAIOSFODNN7EXAMPLE", "Bearer", "Bearer ", "eyJhbGciOi",
          "eyJhbGciOiJIUzI1NiJ9.x", "eyJpc.ok.go", "-----BEGIN PUBLIC KEY-----",
          "-----BEGIN CERTIFICATE-----", "std::vector of length 3",
          "/usr/lib/x86_64-linux-gnu/libauth.so"})
        EXPECT_FALSE(value_looks_secret(value)) << value;
}

TEST(Mask, MaskSecretsKeepsTheRestReadable) {
    EXPECT_EQ(mask_secrets("login failed for header Bearer abc123 (401)"),
              "login failed for header Bearer ***masked*** (401)");
    EXPECT_EQ(mask_secrets("jwt=" + jwt + " rejected"), "jwt=***masked*** rejected");
    EXPECT_EQ(mask_secrets("keys " + aws_key + " and " + aws_key),
              "keys ***masked*** and ***masked***");
    EXPECT_EQ(mask_secrets("before " + pem + " after"), "before ***masked*** after");
    EXPECT_EQ(mask_secrets("cut: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE"), "cut: ***masked***");
    EXPECT_EQ(mask_secrets("nothing to see"), "nothing to see");
}

TEST(Mask, UnquoteGdbAndChars) {
    EXPECT_EQ(unquote_gdb("\"ab\\\"c\\n\""), "ab\"c\n");
    EXPECT_EQ(unquote_gdb("\"ab\", 'x' <repeats 3 times>, \"cd\"..."), "abxxxcd");
    EXPECT_EQ(unquote_gdb("\"\\101\\x42C\""), "ABC");
    EXPECT_EQ(unquote_gdb("42"), "");
    char c = 0;
    EXPECT_TRUE(parse_gdb_char("66 'B'", c));
    EXPECT_EQ(c, 'B');
    EXPECT_TRUE(parse_gdb_char("0 '\\000'", c));
    EXPECT_EQ(c, '\0');
    EXPECT_TRUE(parse_gdb_char("39 '\\''", c));
    EXPECT_EQ(c, '\'');
    EXPECT_FALSE(parse_gdb_char("66", c));
    EXPECT_FALSE(parse_gdb_char("'B'", c));
}

TEST(Mask, VariablesByNameAtEveryDepth) {
    Variable config =
        var("config", "{user = \"bob\", db_password = \"hunter2\", auth = 7}", "local", "Config");
    config.children.push_back(quoted("user", "bob", "member"));
    config.children.push_back(quoted("db_password", "hunter2", "member"));
    Variable inner = var("inner", "{...}", "member", "Inner");
    Variable token = var("token_", "1234", "member", "long");
    inner.children.push_back(token);
    inner.children.push_back(var("id", "7", "member"));
    config.children.push_back(inner);
    config.children.push_back(var("auth", "7", "member"));

    Variable credentials = var("credentials", "{user = \"a\", pass = \"b\"}", "param", "Creds");
    credentials.children.push_back(quoted("user", "a", "member"));

    Report r = report_with({quoted("password", "hunter2"), quoted("name", "hello"), config,
                            credentials, var("Password", "<optimized out>")});
    vars_of(r)[4].status = ValueStatus::optimized_out;
    apply(r, MaskRules{});

    auto& vars = vars_of(r);
    expect_masked(vars[0], "std::string");
    expect_untouched(vars[1], "\"hello\"");
    expect_untouched(vars[2].children[0], "\"bob\"");
    expect_masked(vars[2].children[1], "std::string");
    expect_masked(vars[2].children[2].children[0], "long");
    expect_untouched(vars[2].children[2].children[1], "7");
    // The summary quoted the secret: scrubbed, the rest kept.
    expect_masked(vars[2].children[3], "int");
    EXPECT_EQ(vars[2].value, "{user = \"bob\", db_password = ***masked***, auth = ***masked***}");
    EXPECT_EQ(vars[2].status, ValueStatus::ok);
    expect_masked(vars[3], "Creds");
    // Nothing was read, so nothing to hide: the reason stays visible.
    EXPECT_EQ(vars[4].status, ValueStatus::optimized_out);
    EXPECT_EQ(vars[4].value, "<optimized out>");
}

TEST(Mask, AMaskedFlagLeavesTheOtherFlagsOfItsObjectAlone) {
    Variable masking = var("masking", "{enabled = true, detect_secret_values = true, depth = 4}",
                           "member", "Masking");
    masking.children.push_back(var("enabled", "true", "member", "bool"));
    masking.children.push_back(var("detect_secret_values", "true", "member", "bool"));
    masking.children.push_back(var("depth", "4", "member"));
    Report r = report_with({masking});
    apply(r, MaskRules{});
    auto& vars = vars_of(r);
    expect_untouched(vars[0].children[0], "true");
    expect_masked(vars[0].children[1], "bool");
    EXPECT_EQ(vars[0].value, "{enabled = true, detect_secret_values = ***masked***, depth = 4}");
}

TEST(Mask, BaseClassNamedAfterItsTypeIsNotMasked) {
    Variable session = var("session", "{...}", "local", "Session");
    Variable base = var("TokenStore", "{count = 2}", "base", "TokenStore");
    base.children.push_back(var("count", "2", "member"));
    session.children.push_back(base);
    Report r = report_with({session});
    apply(r, MaskRules{});
    const Variable& b = vars_of(r)[0].children[0];
    EXPECT_EQ(b.status, ValueStatus::ok);
    ASSERT_EQ(b.children.size(), 1u);
    expect_untouched(b.children[0], "2");
}

TEST(Mask, MapEntriesAsKeyValueSiblings) {
    Variable headers = var("headers", "{[\"password\"] = \"hunter2\", [\"user\"] = \"bob\"}",
                           "local", "std::map<std::string, std::string>");
    headers.children.push_back(quoted("[0]", "password", "key"));
    headers.children.push_back(quoted("[0]", "hunter2", "value"));
    headers.children.push_back(quoted("[1]", "user", "key"));
    headers.children.push_back(quoted("[1]", "bob", "value"));
    Report r = report_with({headers});
    apply(r, MaskRules{});
    const auto& c = vars_of(r)[0].children;
    expect_untouched(c[0], "\"password\"");
    expect_masked(c[1], "std::string");
    expect_untouched(c[2], "\"user\"");
    expect_untouched(c[3], "\"bob\"");
    EXPECT_EQ(vars_of(r)[0].value, "{[\"password\"] = ***masked***, [\"user\"] = \"bob\"}");

    // A value that could not be read has nothing to hide.
    Variable gone = var("m", "{...}", "local", "std::map<std::string, std::string>");
    gone.children.push_back(quoted("[0]", "token", "key"));
    gone.children.push_back(var("[0]", "<optimized out>", "value", "std::string"));
    gone.children[1].status = ValueStatus::optimized_out;
    Report g = report_with({gone});
    apply(g, MaskRules{});
    EXPECT_EQ(vars_of(g)[0].children[1].status, ValueStatus::optimized_out);
}

TEST(Mask, MapEntriesAsPairNodes) {
    Variable m = var("settings", "{...}", "local", "std::unordered_map<std::string, std::string>");
    Variable pair = var("[0]", "{first = \"api_key\", second = \"k-123\"}", "element", "pair");
    pair.children.push_back(quoted("first", "api_key", "key"));
    pair.children.push_back(quoted("second", "k-123", "value"));
    m.children.push_back(pair);
    Variable named = quoted("[\"password\"]", "hunter2", "element");
    m.children.push_back(named);
    m.children.push_back(quoted("[\"colour\"]", "blue", "element"));
    Report r = report_with({m});
    apply(r, MaskRules{});
    const auto& c = vars_of(r)[0].children;
    ASSERT_EQ(c[0].children.size(), 2u);
    expect_untouched(c[0].children[0], "\"api_key\"");
    expect_masked(c[0].children[1], "std::string");
    EXPECT_EQ(c[0].value, "{first = \"api_key\", second = ***masked***}");
    expect_masked(c[1], "std::string");
    expect_untouched(c[2], "\"blue\"");
}

TEST(Mask, SecretLookingElementsAndStrings) {
    Variable list =
        var("values", "{\"hello\", \"" + jwt + "\"}", "local", "std::vector<std::string>");
    list.children.push_back(quoted("[0]", "hello", "element"));
    list.children.push_back(quoted("[1]", jwt, "element"));
    Report r = report_with({list, quoted("header", "Bearer abc"), quoted("key_id", aws_key),
                            quoted("pem_text", pem), quoted("greeting", "hello")});
    apply(r, MaskRules{});
    auto& vars = vars_of(r);
    expect_untouched(vars[0].children[0], "\"hello\"");
    expect_masked(vars[0].children[1], "std::string");
    EXPECT_EQ(vars[0].value, "{\"hello\", ***masked***}");
    EXPECT_EQ(vars[0].status, ValueStatus::ok);
    expect_masked(vars[1], "std::string");
    expect_masked(vars[2], "std::string");
    expect_masked(vars[3], "std::string");
    expect_untouched(vars[4], "\"hello\"");
}

TEST(Mask, CharArrays) {
    // Printed as a string...
    Variable as_string =
        var("buf", "\"" + aws_key + "\", '\\000' <repeats 11 times>", "local", "char[32]");
    // ...or element by element.
    Variable as_elements = var("raw", "{...}", "local", "char[10]");
    for (char c : std::string("Bearer xyz"))
        as_elements.children.push_back(
            var("[" + std::to_string(as_elements.children.size()) + "]",
                std::to_string(static_cast<int>(c)) + " '" + std::string(1, c) + "'", "element",
                "char"));
    Variable harmless = var("word", "{...}", "local", "char[5]");
    for (char c : std::string("hello"))
        harmless.children.push_back(
            var("[0]", std::to_string(static_cast<int>(c)) + " '" + std::string(1, c) + "'",
                "element", "char"));
    Report r = report_with({as_string, as_elements, harmless});
    apply(r, MaskRules{});
    expect_masked(vars_of(r)[0], "char[32]");
    expect_masked(vars_of(r)[1], "char[10]");
    EXPECT_EQ(vars_of(r)[2].status, ValueStatus::ok);
    EXPECT_EQ(vars_of(r)[2].children.size(), 5u);
}

TEST(Mask, EnvironmentByNameAndByLook) {
    Report r;
    r.environment = {{"GITHUB_TOKEN", "ghp_abc"},
                     {"HOME", "/home/ci"},
                     {"CI_HEADER", "Bearer abc"},
                     {"USER", "runner"}};
    apply(r, MaskRules{});
    EXPECT_EQ(r.environment["GITHUB_TOKEN"], "***masked***");
    EXPECT_EQ(r.environment["CI_HEADER"], "***masked***");
    EXPECT_EQ(r.environment["HOME"], "/home/ci");
    EXPECT_EQ(r.environment["USER"], "runner");
}

TEST(Mask, CommandLine) {
    Report r;
    r.command_line = {"/home/ci/build/auth_tests",
                      "--password=hunter2",
                      "--token",
                      "abc",
                      "-v",
                      "--gtest_filter=Auth*",
                      "api_key=k1",
                      "--auth",
                      "--verbose",
                      "--header=Authorization: Bearer xyz",
                      aws_key,
                      "/srv/secret=1/file",
                      "-",
                      "plain"};
    apply(r, MaskRules{});
    std::vector<std::string> expected = {"/home/ci/build/auth_tests",
                                         "--password=***masked***",
                                         "--token",
                                         "***masked***",
                                         "-v",
                                         "--gtest_filter=Auth*",
                                         "api_key=***masked***",
                                         "--auth",
                                         "--verbose",
                                         "--header=Authorization: Bearer ***masked***",
                                         "***masked***",
                                         "/srv/secret=1/file",
                                         "-",
                                         "plain"};
    EXPECT_EQ(r.command_line, expected);
}

TEST(Mask, FreeTextKeepsItsShape) {
    Report r;
    r.message = "Expected equality of these values:\n  header\n    Which is: \"Bearer abc\"";
    r.exception.type = "std::runtime_error";
    r.exception.what = "bad credentials " + aws_key;
    r.assertion.expression = "EXPECT_EQ(header, \"Bearer abc\")";
    r.test.parameters = jwt;
    Frame f;
    f.function = "TokenTest_Parses_Test::TestBody()";
    f.file = "/src/tests/token_test.cpp";
    f.snippet = {{10, "  const char* key = \"" + aws_key + "\";"}, {11, "  parse(key);"}};
    Thread t;
    t.frames.push_back(f);
    r.threads.push_back(t);
    apply(r, MaskRules{});
    EXPECT_EQ(
        r.message,
        "Expected equality of these values:\n  header\n    Which is: \"Bearer ***masked***\"");
    EXPECT_EQ(r.exception.what, "bad credentials ***masked***");
    EXPECT_EQ(r.exception.type, "std::runtime_error");
    EXPECT_EQ(r.assertion.expression, "EXPECT_EQ(header, \"Bearer ***masked***\")");
    EXPECT_EQ(r.test.parameters, "***masked***");
    const Frame& out = r.threads[0].frames[0];
    EXPECT_EQ(out.snippet[0].text, "  const char* key = \"***masked***\";");
    EXPECT_EQ(out.snippet[1].text, "  parse(key);");
    // Names and paths are not values.
    EXPECT_EQ(out.function, "TokenTest_Parses_Test::TestBody()");
    EXPECT_EQ(out.file, "/src/tests/token_test.cpp");
}

TEST(Mask, TypeNamesFunctionNamesAndPathsStay) {
    Frame f;
    f.function = "auth::TokenStore::password_for(std::string const&)";
    f.file = "/src/auth/secret_store.cpp";
    f.module = "/usr/lib/libauth_token.so";
    Variable v = var("user", "\"bob\"", "param", "auth::Password");
    f.vars.push_back(v);
    Report r;
    Thread t;
    t.frames.push_back(f);
    r.threads.push_back(t);
    apply(r, MaskRules{});
    const Frame& out = r.threads[0].frames[0];
    EXPECT_EQ(out.function, f.function);
    EXPECT_EQ(out.file, f.file);
    EXPECT_EQ(out.module, f.module);
    EXPECT_EQ(out.vars[0].type, "auth::Password");
    expect_untouched(out.vars[0], "\"bob\"");
}

TEST(Mask, RecordsRules) {
    Report r;
    apply(r, MaskRules{});
    ASSERT_FALSE(r.masking_rules.empty());
    EXPECT_EQ(r.masking_rules.front(), "name contains \"password\" (any case)");
    EXPECT_EQ(r.masking_rules.back(), "value looks like a PEM private key");

    MaskRules names_only;
    names_only.name_patterns = {"pin"};
    names_only.detect_secret_values = false;
    Report n = report_with({quoted("header", "Bearer abc"), var("pin", "1234")});
    n.message = "Bearer abc";
    apply(n, names_only);
    EXPECT_EQ(n.masking_rules, std::vector<std::string>{"name contains \"pin\" (any case)"});
    expect_untouched(vars_of(n)[0], "\"Bearer abc\"");
    expect_masked(vars_of(n)[1], "int");
    EXPECT_EQ(n.message, "Bearer abc");
}

TEST(Mask, DisabledChangesNothing) {
    Report r = report_with({quoted("password", "hunter2"), quoted("header", "Bearer abc")});
    r.environment = {{"API_TOKEN", "x"}};
    r.command_line = {"prog", "--password=x"};
    r.message = "Bearer abc";
    MaskRules off;
    off.enabled = false;
    apply(r, off);
    expect_untouched(vars_of(r)[0], "\"hunter2\"");
    expect_untouched(vars_of(r)[1], "\"Bearer abc\"");
    EXPECT_EQ(r.environment["API_TOKEN"], "x");
    EXPECT_EQ(r.command_line[1], "--password=x");
    EXPECT_EQ(r.message, "Bearer abc");
    EXPECT_TRUE(r.masking_rules.empty());
}

}  // namespace
}  // namespace capsule::mask
