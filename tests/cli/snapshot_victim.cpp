// The snapshot's victim: a process with two threads that forks a worker
// with two threads of its own. Every thread waits in a known function with a
// known local until it is killed. Usage: snapshot_victim READY_DIR; each
// process creates READY_DIR/ROLE.PID once all its threads wait.
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>

namespace {

std::atomic<int> waiting{0};

__attribute__((noinline)) void wait_in_thread(int index) {
    volatile int thread_marker = 4200 + index;
    waiting.fetch_add(1);
    for (;;) ::sleep(1);
    (void)thread_marker;
}

void* thread_main(void* arg) {
    wait_in_thread(static_cast<int>(reinterpret_cast<long>(arg)));
    return nullptr;
}

__attribute__((noinline)) void wait_in_main(const std::string& ready_dir, bool worker) {
    volatile int main_marker = worker ? 2222 : 1111;
    pthread_t threads[2];
    for (long i = 0; i < 2; ++i) pthread_create(&threads[i], nullptr, thread_main, reinterpret_cast<void*>(i));
    while (waiting.load() < 2) ::usleep(1000);
    const std::string ready =
        ready_dir + "/" + (worker ? "worker." : "parent.") + std::to_string(::getpid());
    ::close(::open(ready.c_str(), O_WRONLY | O_CREAT, 0600));
    for (;;) ::sleep(1);
    (void)main_marker;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: snapshot_victim READY_DIR\n");
        return 2;
    }
    // Fork before any thread exists: the worker starts its own.
    const pid_t worker = ::fork();
    wait_in_main(argv[1], worker == 0);
    return 0;
}
