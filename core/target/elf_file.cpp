#include "target/elf_file.hpp"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace capsule::target {

ElfFile& ElfFile::operator=(ElfFile&& other) noexcept {
    if (this == &other) return *this;
    close();
    fd_ = other.fd_;
    elf_ = other.elf_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
    other.elf_ = nullptr;
    return *this;
}

void ElfFile::close() {
    if (elf_) elf_end(elf_);
    if (fd_ >= 0) ::close(fd_);
    elf_ = nullptr;
    fd_ = -1;
}

bool ElfFile::open(const std::string& path, std::string& error) {
    close();
    path_ = path;
    // libelf refuses every call until a version has been agreed on.
    elf_version(EV_CURRENT);
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
    if (!elf_ || elf_kind(elf_) != ELF_K_ELF) {
        error = path + " is not an ELF file";
        close();
        return false;
    }
    return true;
}

std::string build_id_hex(Elf* elf) {
    static const char hex[] = "0123456789abcdef";
    std::size_t count = 0;
    if (!elf || elf_getphdrnum(elf, &count) != 0) return {};
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr phdr;
        if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_NOTE) continue;
        Elf_Data* data = elf_getdata_rawchunk(elf, static_cast<int64_t>(phdr.p_offset), phdr.p_filesz,
                                              ELF_T_NHDR);
        if (!data) continue;
        GElf_Nhdr note;
        std::size_t name_at = 0, desc_at = 0;
        for (std::size_t at = 0; (at = gelf_getnote(data, at, &note, &name_at, &desc_at)) > 0;) {
            const char* name = static_cast<const char*>(data->d_buf) + name_at;
            if (note.n_type != NT_GNU_BUILD_ID || note.n_namesz != 4 || std::memcmp(name, "GNU", 4) != 0)
                continue;
            const auto* bytes = static_cast<const unsigned char*>(data->d_buf) + desc_at;
            std::string out;
            for (std::size_t k = 0; k < note.n_descsz; ++k) {
                out.push_back(hex[bytes[k] >> 4]);
                out.push_back(hex[bytes[k] & 15]);
            }
            return out;
        }
    }
    return {};
}

}  // namespace capsule::target
