#include "crash/test_slot.hpp"

#include <cstdlib>
#include <cstring>

#include "crash/async_text.hpp"

namespace capsule::crash {

void TestSlot::begin_write() {
    sequence_.fetch_add(1, std::memory_order_relaxed);  // odd: writing
    std::atomic_thread_fence(std::memory_order_release);
}

void TestSlot::end_write() {
    sequence_.fetch_add(1, std::memory_order_release);  // even: stable
}

void TestSlot::set(const TestIdentity& test, pid_t thread) {
    begin_write();
    fields_.running = true;
    fields_.thread = thread;
    copy_text(fields_.suite, sizeof fields_.suite, test.suite.c_str());
    copy_text(fields_.name, sizeof fields_.name, test.name.c_str());
    copy_text(fields_.full_name, sizeof fields_.full_name, test.full_name.c_str());
    copy_text(fields_.parameters, sizeof fields_.parameters, test.parameters.c_str());
    copy_text(fields_.section, sizeof fields_.section, test.section.c_str());
    copy_text(fields_.file, sizeof fields_.file, test.file.c_str());
    format_decimal(fields_.line, sizeof fields_.line, test.line);
    end_write();
}

void TestSlot::set_section(const char* section) {
    begin_write();
    copy_text(fields_.section, sizeof fields_.section, section);
    end_write();
}

void TestSlot::clear() {
    // Between two tests of a long suite: empty strings, not a 5 KiB memset.
    begin_write();
    fields_.running = false;
    fields_.thread = 0;
    fields_.suite[0] = fields_.name[0] = fields_.full_name[0] = fields_.parameters[0] = '\0';
    fields_.section[0] = fields_.file[0] = fields_.line[0] = '\0';
    end_write();
}

void TestSlot::read(TestFields& out) const {
    for (int attempt = 0; attempt < 16; ++attempt) {
        const unsigned before = sequence_.load(std::memory_order_acquire);
        std::memcpy(static_cast<void*>(&out), &fields_, sizeof out);
        std::atomic_thread_fence(std::memory_order_acquire);
        if ((before & 1u) == 0 && sequence_.load(std::memory_order_relaxed) == before) return;
    }
    // Torn copies still hold terminated strings: every buffer was terminated
    // before and after each write.
    out.suite[sizeof out.suite - 1] = '\0';
    out.name[sizeof out.name - 1] = '\0';
    out.full_name[sizeof out.full_name - 1] = '\0';
    out.parameters[sizeof out.parameters - 1] = '\0';
    out.section[sizeof out.section - 1] = '\0';
    out.file[sizeof out.file - 1] = '\0';
    out.line[sizeof out.line - 1] = '\0';
}

namespace {
// constinit and trivially destructible: a handler never runs a guarded
// initializer, and a crash during exit still finds the slot.
constinit TestSlot slot;
}  // namespace

TestSlot& current_test() { return slot; }

TestIdentity to_identity(const TestFields& fields) {
    TestIdentity test;
    test.suite = fields.suite;
    test.name = fields.name;
    test.full_name = fields.full_name;
    test.parameters = fields.parameters;
    test.section = fields.section;
    test.file = fields.file;
    test.line = std::atoi(fields.line);
    return test;
}

}  // namespace capsule::crash
