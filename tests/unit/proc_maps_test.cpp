// The loaded objects of a process from its /proc/PID/maps text. The layouts
// are the ones seen on Debian bookworm, shortened.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "target/proc_maps.hpp"

namespace capsule::target {
namespace {

const LoadedObject* find(const std::vector<LoadedObject>& objects, const std::string& path) {
    for (const LoadedObject& o : objects)
        if (o.path == path) return &o;
    return nullptr;
}

int count(const std::vector<LoadedObject>& objects, const std::string& path) {
    int n = 0;
    for (const LoadedObject& o : objects) n += o.path == path;
    return n;
}

const char* const libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";

// libc loaded at 7f0000200000; its segments, the gap ld.so keeps as ---p,
// and its .bss as an anonymous line right after.
const std::string loaded_libc =
    "7f0000200000-7f0000226000 r--p 00000000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f0000226000-7f000037c000 r-xp 00026000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f000037c000-7f00003cf000 r--p 0017c000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f00003cf000-7f00003d3000 r--p 001cf000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f00003d3000-7f00003d5000 rw-p 001d3000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f00003d5000-7f00003e2000 rw-p 00000000 00:00 0 \n";

TEST(ProcMaps, LibraryIsOneObjectFromItsHeaderToItsLastSegment) {
    const auto objects = parse_loaded_objects(loaded_libc);
    ASSERT_EQ(objects.size(), 1u);
    EXPECT_EQ(objects[0].path, libc);
    EXPECT_EQ(objects[0].low, 0x7f0000200000u);
    EXPECT_EQ(objects[0].high, 0x7f00003d5000u);
    EXPECT_FALSE(objects[0].vdso);
}

// The case of issue 5: libdw in the process mapped the whole libc file for
// reading; the copy landed below libc with only anonymous memory (a stack
// and its guard page) between. libdwfl's own report made one module of both,
// starting at the copy.
TEST(ProcMaps, CopyOfTheFileBelowTheLibraryIsNotPartOfIt) {
    const std::string maps =
        "7effffc00000-7effffdd7000 rw-p 00000000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
        "7effffdd7000-7effffdd8000 ---p 00000000 00:00 0 \n"
        "7effffdd8000-7f0000200000 rw-p 00000000 00:00 0 \n" +
        loaded_libc;
    const auto objects = parse_loaded_objects(maps);
    ASSERT_EQ(count(objects, libc), 1);
    EXPECT_EQ(find(objects, libc)->low, 0x7f0000200000u);
    EXPECT_EQ(find(objects, libc)->high, 0x7f00003d5000u);
}

TEST(ProcMaps, CopyRightAgainstTheLibraryOnEitherSideIsNotPartOfIt) {
    const std::string maps =
        "7f00001e0000-7f0000200000 r--p 00000000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n" +
        loaded_libc +
        "7f00003e2000-7f00005b9000 r--p 00000000 fe:00 332835 /usr/lib/x86_64-linux-gnu/libc.so.6\n";
    const auto objects = parse_loaded_objects(maps);
    ASSERT_EQ(count(objects, libc), 1);
    EXPECT_EQ(find(objects, libc)->low, 0x7f0000200000u);
    EXPECT_EQ(find(objects, libc)->high, 0x7f00003d5000u);
}

TEST(ProcMaps, FileLoadedTwiceIsTwoObjects) {
    // dlmopen into a second namespace maps the library again.
    std::string second = loaded_libc;
    for (std::size_t at = second.find("7f0000"); at != std::string::npos;
         at = second.find("7f0000", at + 6))
        second.replace(at, 6, "7f0100");
    const auto objects = parse_loaded_objects(loaded_libc + second);
    ASSERT_EQ(objects.size(), 2u);
    EXPECT_EQ(objects[0].low, 0x7f0000200000u);
    EXPECT_EQ(objects[1].low, 0x7f0100200000u);
}

TEST(ProcMaps, ProgramVdsoDeletedFileAndAnonymousLines) {
    const std::string maps =
        "55f000000000-55f00000f000 r--p 00000000 fe:00 5317347 /work/build/my tests\n"
        "55f00000f000-55f000096000 r-xp 0000f000 fe:00 5317347 /work/build/my tests\n"
        "55f000096000-55f0000ca000 r--p 00096000 fe:00 5317347 /work/build/my tests\n"
        "55f0000ca000-55f0000cb000 rw-p 000cc000 fe:00 5317347 /work/build/my tests\n"
        "55f0010fb000-55f001214000 rw-p 00000000 00:00 0                          [heap]\n"
        "7f0000000000-7f0000001000 r--p 00000000 00:19 77 /tmp/plugin.so (deleted)\n"
        "7f0000001000-7f0000002000 r-xp 00001000 00:19 77 /tmp/plugin.so (deleted)\n"
        "7f0000004000-7f0000006000 rw-s 00000000 00:01 1024 /dev/zero (deleted)\n"
        "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n"
        "7ffc00100000-7ffc00104000 r--p 00000000 00:00 0                          [vvar]\n"
        "7ffc00104000-7ffc00106000 r-xp 00000000 00:00 0                          [vdso]\n"
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";
    const auto objects = parse_loaded_objects(maps);
    ASSERT_EQ(objects.size(), 3u);
    EXPECT_EQ(objects[0].path, "/work/build/my tests");
    EXPECT_EQ(objects[0].low, 0x55f000000000u);
    EXPECT_EQ(objects[0].high, 0x55f0000cb000u);
    EXPECT_EQ(objects[1].path, "/tmp/plugin.so (deleted)");
    EXPECT_EQ(objects[1].high, 0x7f0000002000u);
    EXPECT_TRUE(objects[2].vdso);
    EXPECT_EQ(objects[2].low, 0x7ffc00104000u);
    EXPECT_EQ(objects[2].high, 0x7ffc00106000u);
}

TEST(ProcMaps, MalformedLinesAreSkipped) {
    const std::string maps = "garbage\n\n7f-\nzz-10 r-xp 0 fe:00 1 /x\n" + loaded_libc +
                             "7f0000000000-7f0000001000 r-xp 0000000g fe:00 2 /y\n"
                             "7f0000002000-7f0000001000 r-xp 00000000 fe:00 3 /z\n";
    const auto objects = parse_loaded_objects(maps);
    ASSERT_EQ(objects.size(), 1u);
    EXPECT_EQ(objects[0].path, libc);
    EXPECT_TRUE(parse_loaded_objects("").empty());
}

// This process, with a copy of its own file mapped just below it: the
// program is still one object, where the loader put it.
TEST(ProcMaps, ThisProcessWithACopyOfItsFileBelowIt) {
    Dl_info info{};
    ASSERT_NE(dladdr(reinterpret_cast<void*>(&count), &info), 0);
    const auto base = reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    const int fd = ::open("/proc/self/exe", O_RDONLY);
    ASSERT_GE(fd, 0);
    struct stat st {};
    ASSERT_EQ(::fstat(fd, &st), 0);
    const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t size = (static_cast<std::uintptr_t>(st.st_size) + page - 1) & ~(page - 1);
    const std::uintptr_t gap = 16 * page;
    void* anon = ::mmap(reinterpret_cast<void*>(base - gap), gap, PROT_READ,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    void* copy = ::mmap(reinterpret_cast<void*>(base - gap - size), size, PROT_READ,
                        MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
    ::close(fd);
    ASSERT_EQ(anon, reinterpret_cast<void*>(base - gap));
    ASSERT_EQ(copy, reinterpret_cast<void*>(base - gap - size));

    std::vector<LoadedObject> objects;
    std::string error;
    const bool read = read_loaded_objects(::getpid(), objects, error);
    ::munmap(copy, size);
    ::munmap(anon, gap);
    ASSERT_TRUE(read) << error;
    const LoadedObject* self = nullptr;
    for (const LoadedObject& o : objects)
        if (o.low <= base && base < o.high) self = &o;
    ASSERT_NE(self, nullptr);
    EXPECT_EQ(self->low, base);
    for (const LoadedObject& o : objects) EXPECT_NE(o.low, base - gap - size) << o.path;
}

TEST(ProcMaps, ProcessThatIsNotThereIsAnError) {
    std::vector<LoadedObject> objects;
    std::string error;
    EXPECT_FALSE(read_loaded_objects(-1, objects, error));
    EXPECT_NE(error.find("/proc/-1/maps"), std::string::npos) << error;
}

}  // namespace
}  // namespace capsule::target
