// Snippet lines: the literal a secret-named identifier or key is given is
// hidden, everything else on the line stays as written.
#include <gtest/gtest.h>

#include "mask/mask.hpp"
#include "mask/source_line.hpp"

namespace capsule::mask {
namespace {

std::string masked(std::string line) {
    mask_source_line(line, MaskRules{});
    return line;
}

TEST(MaskSourceLine, LiteralGivenToASecretNamedVariable) {
    EXPECT_EQ(masked(R"(    std::string db_password = "hunter2";)"),
              R"(    std::string db_password = "***masked***";)");
    EXPECT_EQ(masked(R"(const char* api_key{"k-123"};)"), R"(const char* api_key{"***masked***"};)");
    EXPECT_EQ(masked(R"(config.creds.token = u8"t0k";)"), R"(config.creds.token = u8"***masked***";)");
    EXPECT_EQ(masked("long long secret_pin = 80418127554;"),
              "long long secret_pin = ***masked***;");
}

TEST(MaskSourceLine, ArraySizesCommentsAndOtherStatementsStay) {
    EXPECT_EQ(masked(R"(char auth_header[48] = "abc"; int n = 3; // token "x")"),
              R"(char auth_header[48] = "***masked***"; int n = 3; // token "x")");
}

TEST(MaskSourceLine, TypeNamesDoNotArm) {
    for (const std::string line : {R"(std::vector<Credentials> accounts(2);)",
                                   R"(Credentials backup{"alice"};)", R"(auto k = TokenKind::literal + 1;)"})
        EXPECT_EQ(masked(line), line);
}

TEST(MaskSourceLine, KeysThatNameASecret) {
    EXPECT_EQ(masked(R"(settings["password"] = "s19";)"), R"(settings["password"] = "***masked***";)");
    EXPECT_EQ(masked(R"({"api_token", "v"},)"), R"({"api_token", "***masked***"},)");
    EXPECT_EQ(masked(R"(setenv("GITHUB_TOKEN", "ghp", 1);)"),
              R"(setenv("GITHUB_TOKEN", "***masked***", ***masked***);)");
}

TEST(MaskSourceLine, SettingsInsideALiteral) {
    EXPECT_EQ(masked(R"(args.push_back("--password=pw1");)"),
              R"(args.push_back("--password=***masked***");)");
    EXPECT_EQ(masked(R"(putenv("DB_SECRET=abc");)"), R"(putenv("DB_SECRET=***masked***");)");
}

TEST(MaskSourceLine, ProseAndOrdinaryCodeUnchanged) {
    for (const std::string line :
         {R"(EXPECT_EQ(name, "failed to authenticate user");)", R"(int total = parts * 3 + 1;)",
          R"(log("path=/tmp/x");)", R"(std::string user = "alice";)"})
        EXPECT_EQ(masked(line), line);
}

TEST(MaskSourceLine, RawStringsAndEscapes) {
    EXPECT_EQ(masked(R"--(auto private_key = R"(abc"def)";)--"),
              R"--(auto private_key = R"(***masked***)";)--");
    EXPECT_EQ(masked(R"(std::string token = "a\"b"; int x = 1;)"),
              R"(std::string token = "***masked***"; int x = 1;)");
    // Cut off by the snippet's line bound: the rest goes.
    EXPECT_EQ(masked(R"(std::string token = "abcdef)"), R"(std::string token = "***masked***)");
}

TEST(MaskSourceLine, LooksSecretWhateverTheName) {
    EXPECT_EQ(masked(R"(std::string id = "AKIAS07EXAMPLE7Q2W3E";)"), R"(std::string id = "***masked***";)");
}

TEST(MaskSourceLine, DisabledLookRulesKeepNameRules) {
    MaskRules rules;
    rules.detect_secret_values = false;
    std::string line = R"(std::string id = "AKIAS07EXAMPLE7Q2W3E"; std::string token = "t";)";
    mask_source_line(line, rules);
    EXPECT_EQ(line, R"(std::string id = "AKIAS07EXAMPLE7Q2W3E"; std::string token = "***masked***";)");
}

// Not a snippet, but the same leak of a beginning: an aggregate's summary cut
// at its length bound in the middle of a secret member's value.
TEST(MaskCutSummary, TheStartOfACutSecretGoesToo) {
    Variable config;
    config.name = "config";
    config.kind = "local";
    config.value = "{host = \"db\", private_key = \"s13nes...}";
    Variable host{"host", "member", "std::string", "\"db\""};
    Variable key{"private_key", "member", "std::string", "\"s13nested-privkey\""};
    Variable token{"note", "member", "std::string", "\"AKIAS07EXAMPLE7Q2W3E\""};
    config.children = {host, key};
    Variable list;
    list.name = "recent";
    list.kind = "local";
    list.value = "{\"plain\", \"AKIAS07E...}";
    list.children = {Variable{"[0]", "element", "std::string", "\"plain\""},
                     Variable{"[1]", "element", "std::string", "\"AKIAS07EXAMPLE7Q2W3E\""}};
    Report r;
    Thread t;
    Frame f;
    f.vars = {config, list};
    t.frames.push_back(f);
    r.threads.push_back(t);
    apply(r, MaskRules{});
    const std::vector<Variable>& vars = r.threads[0].frames[0].vars;
    EXPECT_EQ(vars[0].value, "{host = \"db\", private_key = ***masked***...}");
    EXPECT_EQ(vars[1].value, "{\"plain\", ***masked***...}");
}

}  // namespace
}  // namespace capsule::mask
