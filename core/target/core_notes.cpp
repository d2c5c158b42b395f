#include "target/core_notes.hpp"

#include <elf.h>
#include <gelf.h>
#include <signal.h>
#include <sys/procfs.h>
#include <sys/user.h>

#include <cstring>

namespace capsule::target {
namespace {

// Not in every <elf.h>: the kernel's values.
constexpr unsigned note_siginfo = 0x53494749;  // "SIGI"
constexpr unsigned note_file = 0x46494c45;     // "FILE"

std::string bounded_text(const char* text, std::size_t max) {
    return std::string(text, strnlen(text, max));
}

Registers registers_of(const elf_prstatus& status) {
    static_assert(sizeof status.pr_reg == sizeof(user_regs_struct));
    user_regs_struct r;
    std::memcpy(&r, &status.pr_reg, sizeof r);
    const unsigned long long dwarf_order[register_count] = {
        r.rax, r.rdx, r.rcx, r.rbx, r.rsi, r.rdi, r.rbp, r.rsp, r.r8,
        r.r9,  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, r.rip};
    Registers out;
    for (int i = 0; i < register_count; ++i) out.set(i, dwarf_order[i]);
    return out;
}

// NT_FILE: count and page size, count triples (start, end, page offset),
// then count NUL-terminated paths. Every length comes from the file, so each
// is checked against the note's size.
void read_file_note(const unsigned char* desc, std::size_t size, std::vector<CoreMapping>& out) {
    auto word = [&](std::size_t index, std::uint64_t& value) {
        if ((index + 1) * 8 > size) return false;
        std::memcpy(&value, desc + index * 8, 8);
        return true;
    };
    std::uint64_t count = 0, page_size = 0;
    if (!word(0, count) || !word(1, page_size) || count > size / 24) return;
    std::size_t text = (2 + 3 * count) * 8;
    if (text > size) return;
    for (std::uint64_t i = 0; i < count; ++i) {
        CoreMapping m;
        std::uint64_t page_offset = 0;
        if (!word(2 + 3 * i, m.start) || !word(3 + 3 * i, m.end) || !word(4 + 3 * i, page_offset)) return;
        const char* name = reinterpret_cast<const char*>(desc + text);
        std::size_t length = strnlen(name, size - text);
        if (text + length >= size) return;  // unterminated: the rest is garbage
        m.path.assign(name, length);
        text += length + 1;
        m.offset = page_offset * page_size;
        if (m.end > m.start) out.push_back(std::move(m));
    }
}

void read_note(const GElf_Nhdr& note, const unsigned char* desc, CoreNotes& out) {
    switch (note.n_type) {
        case NT_PRSTATUS: {
            if (note.n_descsz < sizeof(elf_prstatus)) return;
            elf_prstatus status;
            std::memcpy(&status, desc, sizeof status);
            CoreThread thread;
            thread.tid = status.pr_pid;
            thread.signal = status.pr_cursig;
            thread.registers = registers_of(status);
            out.threads.push_back(thread);
            return;
        }
        case NT_PRPSINFO: {
            if (note.n_descsz < sizeof(elf_prpsinfo)) return;
            elf_prpsinfo info;
            std::memcpy(&info, desc, sizeof info);
            out.pid = info.pr_pid;
            out.name = bounded_text(info.pr_fname, sizeof info.pr_fname);
            out.arguments = bounded_text(info.pr_psargs, sizeof info.pr_psargs);
            while (!out.arguments.empty() && out.arguments.back() == ' ') out.arguments.pop_back();
            return;
        }
        case note_siginfo: {
            if (note.n_descsz < sizeof(siginfo_t)) return;
            siginfo_t info;
            std::memcpy(&info, desc, sizeof info);
            out.has_siginfo = true;
            out.signal = info.si_signo;
            out.code = info.si_code;
            // si_addr only for faults the kernel raised; si_pid only for kill/raise.
            if (info.si_code > 0) out.fault_address = reinterpret_cast<std::uintptr_t>(info.si_addr);
            else out.sender = info.si_pid;
            return;
        }
        case note_file:
            read_file_note(desc, note.n_descsz, out.mappings);
            return;
        default:
            return;
    }
}

}  // namespace

bool read_core_notes(Elf* core, CoreNotes& out, std::string& error) {
    out = CoreNotes{};
    GElf_Ehdr header;
    if (!core || !gelf_getehdr(core, &header)) {
        error = "not an ELF file";
        return false;
    }
    if (header.e_type != ET_CORE) {
        error = "not a core file (an ELF file of another type)";
        return false;
    }
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_machine != EM_X86_64) {
        error = "not an x86-64 core file";
        return false;
    }
    std::size_t count = 0;
    if (elf_getphdrnum(core, &count) != 0) {
        error = "the core file's program headers are unreadable";
        return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr phdr;
        if (!gelf_getphdr(core, static_cast<int>(i), &phdr) || phdr.p_type != PT_NOTE) continue;
        Elf_Data* data = elf_getdata_rawchunk(core, static_cast<int64_t>(phdr.p_offset), phdr.p_filesz,
                                              ELF_T_NHDR);
        if (!data) continue;
        GElf_Nhdr note;
        std::size_t name_at = 0, desc_at = 0;
        for (std::size_t at = 0; (at = gelf_getnote(data, at, &note, &name_at, &desc_at)) > 0;) {
            const char* name = static_cast<const char*>(data->d_buf) + name_at;
            // "CORE" notes carry the process; "LINUX" ones extended registers.
            if (note.n_namesz != 5 || std::memcmp(name, "CORE", 5) != 0) continue;
            read_note(note, static_cast<const unsigned char*>(data->d_buf) + desc_at, out);
        }
    }
    if (out.threads.empty()) {
        error = "the core file records no thread";
        return false;
    }
    if (out.pid == 0) out.pid = out.threads.front().tid;
    return true;
}

}  // namespace capsule::target
