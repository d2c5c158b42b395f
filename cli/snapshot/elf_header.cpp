#include "snapshot/elf_header.hpp"

#include <elf.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace capsule::cli {

ElfKind elf_kind(const std::string& path, std::string& error) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return ElfKind::unreadable;
    }
    if (!S_ISREG(st.st_mode)) {
        error = path + " is not a regular file";
        return ElfKind::unreadable;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path;
        return ElfKind::unreadable;
    }
    // e_type sits at the same offset in 32- and 64-bit headers.
    unsigned char header[EI_NIDENT + 2] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    if (in.gcount() != static_cast<std::streamsize>(sizeof header) || std::memcmp(header, ELFMAG, SELFMAG) != 0) {
        error = path + " is not an ELF file";
        return ElfKind::not_elf;
    }
    const bool little = header[EI_DATA] == ELFDATA2LSB;
    const unsigned type = little ? header[EI_NIDENT] | (header[EI_NIDENT + 1] << 8)
                                 : (header[EI_NIDENT] << 8) | header[EI_NIDENT + 1];
    if (type == ET_CORE) return ElfKind::core;
    if (type == ET_EXEC || type == ET_DYN) return ElfKind::program;
    return ElfKind::other;
}

}  // namespace capsule::cli
