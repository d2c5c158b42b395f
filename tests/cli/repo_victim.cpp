// A program that fails and stores what it captured into a capsule
// repository, the way a test binary with capsule does: the real capture
// engine, the real store_capsule. The CLI tests run it to fill repositories.
//
//   repo_victim REPO assert SEED   a failed check over a linked list, a
//                                  shared_ptr and an inventory (values depend on SEED)
//   repo_victim REPO exception     a caught std::runtime_error
//   repo_victim REPO crash         a write through a null pointer, captured
//                                  from the SIGSEGV handler
//   repo_victim REPO many COUNT    one capture, stored COUNT times
//
// Prints the path of each capsule it stored.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "capsule/capture.hpp"
#include "capsule/store.hpp"

namespace {

const char* repository = nullptr;

capsule::CaptureOptions options() {
    capsule::CaptureOptions o;
    // Deep enough to reach the list's third node from the head and from the tail.
    o.bounds.pointer_depth = 3;
    return o;
}

void store(const capsule::Report& report) {
    std::printf("%s\n", capsule::store_capsule(report, repository).c_str());
}

struct Node {
    int value;
    Node* next;
};

struct Config {
    std::string name;
    int retries;
};

struct Item {
    std::string name;
    int quantity;
};

struct Inventory {
    std::vector<Item> items;
    Node* first;
};

__attribute__((noinline)) int count_items(const Inventory& inventory) {
    int total = 0;
    for (const Item& item : inventory.items) total += item.quantity;
    return total;
}

__attribute__((noinline)) bool check_inventory(int seed) {
    Node third{30 + seed, nullptr};
    Node second{20 + seed, &third};
    Node* head = new Node{10 + seed, &second};
    Node* tail = &third;
    Node& middle = *head->next;
    auto config = std::make_shared<Config>(Config{"inventory-" + std::to_string(seed), 3});
    Config* raw_config = config.get();
    Inventory inventory{{{"apple", 3 + seed}, {"pear", 2}}, head};
    int total = count_items(inventory);
    int expected = 5;
    if (total != expected) {
        capsule::Failure failure;
        failure.kind = "assertion";
        failure.message = "EXPECT_EQ(total, expected) failed";
        failure.test.suite = "Inventory";
        failure.test.name = "counts";
        failure.test.full_name = "Inventory.counts";
        failure.assertion.expression = "EXPECT_EQ(total, expected)";
        failure.assertion.file = __FILE__;
        failure.assertion.line = __LINE__ + 1;
        store(capsule::capture_this_thread(failure, options()));
    }
    std::printf("%d %d %d %s %d\n", tail->value, middle.value, raw_config->retries, config->name.c_str(), total);
    delete head;
    return total == expected;
}

__attribute__((noinline)) void parse_config(const std::string& text) {
    int line_number = 7;
    try {
        throw std::runtime_error("bad key in " + text);
    } catch (const std::runtime_error& error) {
        capsule::Failure failure;
        failure.kind = "exception";
        failure.message = error.what();
        failure.test.full_name = "Config.parses";
        failure.exception.type = "std::runtime_error";
        failure.exception.what = error.what();
        store(capsule::capture_this_thread(failure, options()));
    }
    std::printf("%d\n", line_number);
}

void on_segv(int signal, siginfo_t* info, void* context) {
    capsule::Failure failure;
    failure.kind = "crash";
    failure.message = "SIGSEGV";
    failure.test.full_name = "Crash.null_write";
    failure.signal.number = signal;
    failure.signal.name = "SIGSEGV";
    failure.signal.fault_address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    capsule::Report report =
        capsule::capture_from_signal(*static_cast<const ucontext_t*>(context), failure, options());
    if (report.failing_thread() == nullptr && !report.threads.empty()) report.threads.front().failing = true;
    store(report);
    std::fflush(stdout);
    ::_exit(0);
}

__attribute__((noinline)) void write_through(int* volatile* where, int value) {
    int* target = *where;
    *target = value;  // target is null: SIGSEGV
}

int usage() {
    std::fprintf(stderr, "usage: repo_victim REPO assert SEED | exception | crash | many COUNT\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    repository = argv[1];
    const std::string mode = argv[2];
    try {
        if (mode == "assert" && argc == 4) {
            check_inventory(std::atoi(argv[3]));
        } else if (mode == "exception") {
            parse_config("retries = many");
        } else if (mode == "crash") {
            struct sigaction action;
            std::memset(&action, 0, sizeof action);
            action.sa_sigaction = on_segv;
            action.sa_flags = SA_SIGINFO;
            sigaction(SIGSEGV, &action, nullptr);
            int* volatile nowhere = nullptr;
            write_through(&nowhere, 42);
            return 3;  // not reached
        } else if (mode == "many" && argc == 4) {
            capsule::Failure failure;
            failure.kind = "assertion";
            failure.test.full_name = "Load.many";
            failure.assertion.expression = "ASSERT_TRUE(ok)";
            const capsule::Report report = capsule::capture_this_thread(failure, options());
            for (int i = 0, n = std::atoi(argv[3]); i < n; ++i) capsule::store_capsule(report, repository);
        } else {
            return usage();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "repo_victim: %s\n", e.what());
        return 1;
    }
    return 0;
}
