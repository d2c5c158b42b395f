#include "crash/test_slot.hpp"

#include <cstdlib>
#include <cstring>

#include "crash/async_text.hpp"

namespace capsule::crash {

namespace {

// Appends to a fixed buffer, always terminated, cutting what does not fit.
class BufferAppend {
public:
    BufferAppend(char* out, std::size_t size) : out_(out), size_(size) {
        if (size_ > 0) out_[0] = '\0';
    }
    void operator()(const char* text) {
        if (used_ < size_) used_ += copy_text(out_ + used_, size_ - used_, text);
    }

private:
    char* out_;
    std::size_t size_;
    std::size_t used_ = 0;
};

void copy(char* out, std::size_t size, const char* text) { copy_text(out, size, text ? text : ""); }

}  // namespace

void TestSlot::set_section(const char* section) {
    begin_write();
    copy(section_, sizeof section_, section);
    end_write();
}

void TestSlot::read(TestFields& out) const {
    // The strings are read inside the sequence check too: a writer that
    // replaced the pointers meanwhile makes the copy start over.
    for (int attempt = 0; attempt < 16; ++attempt) {
        const unsigned before = sequence_.load(std::memory_order_acquire);
        out.running = running_;
        out.thread = thread_;
        const session::TestRef* current = test_;
        const session::TestRef test = out.running && current ? *current : session::TestRef{};
        copy(out.suite, sizeof out.suite, test.suite);
        copy(out.name, sizeof out.name, test.name);
        render_full_name(test, BufferAppend(out.full_name, sizeof out.full_name));
        render_parameters(test, BufferAppend(out.parameters, sizeof out.parameters));
        copy(out.section, sizeof out.section, out.running ? section_ : "");
        copy(out.file, sizeof out.file, test.file);
        format_decimal(out.line, sizeof out.line, test.line);
        std::atomic_thread_fence(std::memory_order_acquire);
        if ((before & 1u) == 0 && sequence_.load(std::memory_order_relaxed) == before) return;
    }
}

namespace detail {
constinit TestSlot running_test;
}  // namespace detail

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
