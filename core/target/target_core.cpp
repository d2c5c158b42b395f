// A core file: memory from its PT_LOAD segments; for what the kernel did not
// dump (code and read-only data of mapped files, by the default
// coredump_filter) from those files, as the NT_FILE note maps them; registers
// from one NT_PRSTATUS note per thread. Nothing runs: the "process" is frozen
// at the moment it was dumped.
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "target/core_notes.hpp"
#include "target/descriptor.hpp"
#include "target/elf_file.hpp"
#include "target/target.hpp"

namespace capsule::target {
namespace {

struct Segment {
    std::uint64_t vaddr = 0;
    std::uint64_t file_size = 0;  // bytes present in the core
    std::uint64_t offset = 0;
};

bool read_exactly(int fd, void* out, std::size_t size, std::uint64_t offset) {
    auto* bytes = static_cast<char*>(out);
    while (size > 0) {
        ssize_t n = ::pread(fd, bytes, size, static_cast<off_t>(offset));
        if (n <= 0) return false;  // past the end of a file cut short: unreadable
        bytes += n;
        offset += static_cast<std::uint64_t>(n);
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::string base_name(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class CoreTarget final : public Target {
public:
    CoreTarget(ElfFile core, CoreNotes notes, std::vector<Segment> segments, std::string executable)
        : core_(std::move(core)),
          notes_(std::move(notes)),
          segments_(std::move(segments)),
          executable_(std::move(executable)) {}

    pid_t pid() const override { return notes_.pid; }

    bool read(std::uint64_t address, void* out, std::size_t size) const override {
        auto* bytes = static_cast<char*>(out);
        while (size > 0) {
            std::size_t done = read_some(address, bytes, size);
            if (done == 0) return false;
            address += done;
            bytes += done;
            size -= done;
        }
        return true;
    }

    std::vector<ThreadInfo> threads() const override {
        std::vector<ThreadInfo> out;
        // Only the process's name is recorded; it is the main thread's too.
        for (const auto& t : notes_.threads)
            out.push_back({t.tid, t.tid == notes_.pid ? notes_.name : std::string()});
        return out;
    }

    bool registers(pid_t tid, Registers& out) const override {
        for (const auto& t : notes_.threads) {
            if (t.tid != tid) continue;
            out = t.registers;
            return true;
        }
        return false;
    }

    const char* path_name() const override { return "core"; }

private:
    // Reads from the one place that holds `address`, up to its end; 0 when none does.
    std::size_t read_some(std::uint64_t address, char* out, std::size_t size) const {
        auto seg = std::upper_bound(segments_.begin(), segments_.end(), address,
                                    [](std::uint64_t a, const Segment& s) { return a < s.vaddr; });
        if (seg != segments_.begin()) {
            --seg;
            if (address - seg->vaddr < seg->file_size) {
                std::size_t take = static_cast<std::size_t>(
                    std::min<std::uint64_t>(size, seg->file_size - (address - seg->vaddr)));
                return read_exactly(core_.fd(), out, take, seg->offset + (address - seg->vaddr)) ? take : 0;
            }
        }
        for (const auto& m : notes_.mappings) {
            if (address < m.start || address >= m.end) continue;
            int fd = mapped_file(m.path);
            if (fd < 0) return 0;
            std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(size, m.end - address));
            return read_exactly(fd, out, take, m.offset + (address - m.start)) ? take : 0;
        }
        return 0;
    }

    // Files are opened on first use and kept; one that cannot be opened stays
    // closed. The executable named by the caller stands in for the one the
    // core names when that one is gone (moved, or built elsewhere): the file
    // mapped lowest, or one of the same name.
    int mapped_file(const std::string& path) const {
        auto it = files_.find(path);
        if (it != files_.end()) return it->second.get();
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        const bool is_executable = (!notes_.mappings.empty() && path == lowest_mapping_path()) ||
                                   base_name(path) == base_name(executable_);
        if (fd < 0 && !executable_.empty() && is_executable)
            fd = ::open(executable_.c_str(), O_RDONLY | O_CLOEXEC);
        return files_.emplace(path, Descriptor(fd)).first->second.get();
    }

    const std::string& lowest_mapping_path() const {
        const CoreMapping* lowest = &notes_.mappings.front();
        for (const CoreMapping& m : notes_.mappings)
            if (m.start < lowest->start) lowest = &m;
        return lowest->path;
    }

    ElfFile core_;
    CoreNotes notes_;
    std::vector<Segment> segments_;  // sorted by address
    std::string executable_;
    mutable std::map<std::string, Descriptor> files_;
};

}  // namespace

std::unique_ptr<Target> make_core_target(const std::string& core_path, const std::string& executable,
                                         std::string& error) {
    ElfFile core;
    if (!core.open(core_path, error)) return nullptr;
    CoreNotes notes;
    if (!read_core_notes(core.elf(), notes, error)) {
        error = core_path + ": " + error;
        return nullptr;
    }
    std::vector<Segment> segments;
    std::size_t count = 0;
    if (elf_getphdrnum(core.elf(), &count) != 0) count = 0;
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr phdr;
        if (!gelf_getphdr(core.elf(), static_cast<int>(i), &phdr) || phdr.p_type != PT_LOAD) continue;
        segments.push_back({phdr.p_vaddr, std::min(phdr.p_filesz, phdr.p_memsz), phdr.p_offset});
    }
    std::sort(segments.begin(), segments.end(),
              [](const Segment& a, const Segment& b) { return a.vaddr < b.vaddr; });
    return std::make_unique<CoreTarget>(std::move(core), std::move(notes), std::move(segments), executable);
}

}  // namespace capsule::target
