#include <gtest/gtest.h>

#include "capsule/file.hpp"
#include "capsule/store.hpp"
#include "run_process.hpp"

namespace capsule {
namespace {

Report sample_report() {
    Report r;
    r.kind = "assertion";
    r.message = "expected 1, got 2";
    r.fingerprint = std::string(64, 'a');
    r.time = "2026-01-02T03:04:05Z";
    r.pid = 77;
    r.test.suite = "Suite";
    r.test.name = "Name";
    r.test.full_name = "Suite.Name";
    Thread t;
    t.tid = 77;
    t.failing = true;
    Frame f;
    f.function = "check";
    f.category = "user";
    t.frames.push_back(f);
    r.threads.push_back(t);
    return r;
}

TEST(Store, WritesIntoANewDirectoryAndNeverOverwrites) {
    testing::TempDir dir;
    const std::string target = dir.path() + "/nested/capsules";
    const Report report = sample_report();
    const std::string first = store_capsule(report, target);
    const std::string second = store_capsule(report, target);
    EXPECT_NE(first, second);
    EXPECT_EQ(first.rfind(target + "/", 0), 0u);
    EXPECT_EQ(testing::capsule_files(target).size(), 2u);
    const Report back = read_capsule(second);
    EXPECT_EQ(back.kind, "assertion");
    EXPECT_EQ(back.test.full_name, "Suite.Name");
    ASSERT_EQ(back.threads.size(), 1u);
    EXPECT_EQ(back.threads[0].frames[0].function, "check");
}

TEST(Store, ReportsAnUnwritableDirectory) {
    EXPECT_THROW(store_capsule(sample_report(), "/proc/capsule-cannot-be-here"), std::runtime_error);
}

}  // namespace
}  // namespace capsule
