// A GoogleTest program whose failing test holds 30 distinct secrets: in
// locals, struct members (nested too), container elements, map keys and
// values, the environment and the command line. Some are recognised by the
// name they are stored under, others by how they look (JWT, AWS key id,
// Bearer token, PEM private key). secrets_test.cpp lists the same values and
// checks that none reaches any file capsule writes or derives.
//
// Every literal is written next to the name it belongs to, one per line, so
// that the source snippets (the test widens them to the whole function) show
// each literal the way a real test shows it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct Credentials {
    std::string user;
    std::string password;
    std::string token;
    std::string note;
    int port = 0;
};

struct ServiceConfig {
    std::string host;
    Credentials creds;
    std::string private_key;
};

// Keeps the optimiser from dropping what the test never reads.
template <typename T>
void keep(const T& value) {
    asm volatile("" : : "r"(&value) : "memory");
}

__attribute__((noinline)) int connect_port(const ServiceConfig& config) {
    return config.creds.port + 1;  // the failing value the assertion compares
}

}  // namespace

TEST(Secrets, EverywhereAFailingTestKeepsThem) {
    // Locals recognised by name.
    std::string db_password = "s01pw-db-Q7rT2";
    const char* api_key = "s02ak-live-5f9d2c81";
    char auth_header[48] = "s03basic-dXNlcjpz";
    std::string refresh_token = "s04rt-3a8b1c9d";
    long long secret_pin = 80418127554;
    // Locals recognised by how they look.
    std::string session = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMDYifQ.s06c2lnbmF0dXJl";
    const char* key_id = "AKIAS07EXAMPLE7Q2W3E";
    std::string header = "Bearer s08opaque-9x8y7z";
    std::string pem = "-----BEGIN PRIVATE KEY-----\nMIIs09privatekeybody\n-----END PRIVATE KEY-----";
    // Struct members, nested too.
    ServiceConfig config;
    config.host = "db.internal";
    config.creds.user = "alice";
    config.creds.password = "s10member-pass";
    config.creds.token = "s11member-tok";
    config.creds.note = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMTIifQ.s12c2lnbmF0dXJl";
    config.private_key = "s13nested-privkey";
    Credentials backup;
    backup.password = "s14other-pass";
    // Container elements.
    std::vector<std::string> recent = {"plain",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMTUifQ.s15c2lnbmF0dXJl",
        "AKIAS16EXAMPLE8R3T4Y",
        "Bearer s17opaque-1a2b3c"};
    std::vector<Credentials> accounts(2);
    accounts[1].password = "s18vector-member-pass";
    // Map keys and values.
    std::map<std::string, std::string> settings;
    settings["password"] = "s19map-value";
    settings["api_token"] = "s20map-value";
    settings["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMjEifQ.s21c2lnbmF0dXJl"] = "harmless";
    settings["session"] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzMjQifQ.s24c2lnbmF0dXJl";
    std::map<std::string, int> key_uses;
    key_uses["AKIAS22EXAMPLE9U5I6O"] = 3;
    std::unordered_map<std::string, std::string> extra;
    extra["client_secret"] = "s23umap-value";
    // The environment read into a local (the variable itself is not recorded:
    // only allow-listed names are).
    const char* deploy_password = std::getenv("DEPLOY_PASSWORD");

    keep(db_password), keep(api_key), keep(auth_header), keep(refresh_token), keep(secret_pin);
    keep(session), keep(key_id), keep(header), keep(pem), keep(backup), keep(recent);
    keep(accounts), keep(settings), keep(key_uses), keep(extra), keep(deploy_password);
    EXPECT_EQ(connect_port(config), 5432);
}
