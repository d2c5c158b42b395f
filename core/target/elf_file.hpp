// An ELF file opened read-only through libelf. The descriptor and the libelf
// handle live and die together; libelf reads lazily through the descriptor.
#pragma once

#include <libelf.h>

#include <string>
#include <utility>

namespace capsule::target {

class ElfFile {
public:
    ElfFile() = default;
    ~ElfFile() { close(); }
    ElfFile(ElfFile&& other) noexcept { *this = std::move(other); }
    ElfFile& operator=(ElfFile&& other) noexcept;
    ElfFile(const ElfFile&) = delete;
    ElfFile& operator=(const ElfFile&) = delete;

    // False, with a one-line reason, when the file cannot be read or is not ELF.
    bool open(const std::string& path, std::string& error);

    Elf* elf() const { return elf_; }
    int fd() const { return fd_; }
    const std::string& path() const { return path_; }

private:
    void close();

    int fd_ = -1;
    Elf* elf_ = nullptr;
    std::string path_;
};

// The GNU build id (NT_GNU_BUILD_ID) in hex; empty when the file has none.
std::string build_id_hex(Elf* elf);

}  // namespace capsule::target
