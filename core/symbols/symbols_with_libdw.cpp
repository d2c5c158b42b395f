#include <dwarf.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "symbols/symbols.hpp"

namespace capsule::symbols {
namespace {

bool is_system_path(const std::string& path) {
    for (const char* prefix : {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "[vdso]", "linux-vdso"})
        if (path.rfind(prefix, 0) == 0) return true;
    return false;
}

// Per-module facts that never change during the process: computed once.
struct ModuleCache {
    std::mutex lock;
    std::map<Dwfl_Module*, ModuleInfo> infos;
    // CU address ranges for modules whose producer wrote no .debug_aranges.
    struct CuRange {
        Dwarf_Addr low, high;
        Dwarf_Off offset;
    };
    std::map<Dwfl_Module*, std::vector<CuRange>> cu_ranges;
};

ModuleCache& cache() {
    static ModuleCache c;
    return c;
}

const std::vector<ModuleCache::CuRange>& cu_ranges_of(Dwfl_Module* module, Dwarf* dwarf) {
    auto& c = cache();
    auto it = c.cu_ranges.find(module);
    if (it != c.cu_ranges.end()) return it->second;
    std::vector<ModuleCache::CuRange> ranges;
    Dwarf_Off offset = 0, next = 0;
    size_t header_size = 0;
    while (dwarf_nextcu(dwarf, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
        Dwarf_Die cu;
        if (dwarf_offdie(dwarf, offset + header_size, &cu)) {
            Dwarf_Addr base, low, high;
            ptrdiff_t pos = 0;
            while ((pos = dwarf_ranges(&cu, pos, &base, &low, &high)) > 0)
                ranges.push_back({low, high, dwarf_dieoffset(&cu)});
        }
        offset = next;
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const auto& a, const auto& b) { return a.low < b.low; });
    return c.cu_ranges.emplace(module, std::move(ranges)).first->second;
}

// The source position of an inlined call, from the DW_TAG_inlined_subroutine.
void call_site_position(Dwarf_Die* inlined, Dwarf_Die* cudie, std::string& file, int& line,
                        int& column) {
    Dwarf_Attribute attr;
    Dwarf_Word value = 0;
    if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_line, &attr), &value) == 0)
        line = static_cast<int>(value);
    if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_column, &attr), &value) == 0)
        column = static_cast<int>(value);
    Dwarf_Files* files = nullptr;
    size_t nfiles = 0;
    if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_file, &attr), &value) == 0 &&
        dwarf_getsrcfiles(cudie, &files, &nfiles) == 0 && value < nfiles) {
        const char* name = dwarf_filesrc(files, value, nullptr, nullptr);
        if (name) file = name;
    }
}

bool is_function_scope(int tag) {
    return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

}  // namespace

Dwarf_Die* Resolved::subprogram() const {
    if (!scopes) return nullptr;
    for (int i = 0; i < scopes->count(); ++i)
        if (dwarf_tag(&scopes->dies[i]) == DW_TAG_subprogram) return &scopes->dies[i];
    return nullptr;
}

ModuleInfo describe_module(Dwfl_Module* module) {
    auto& c = cache();
    std::lock_guard guard(c.lock);
    auto it = c.infos.find(module);
    if (it != c.infos.end()) return it->second;
    ModuleInfo info;
    const char* mainfile = nullptr;
    const char* name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr,
                                        &mainfile, nullptr);
    info.path = mainfile ? mainfile : (name ? name : "");
    const unsigned char* bits = nullptr;
    GElf_Addr vaddr = 0;
    int n = dwfl_module_build_id(module, &bits, &vaddr);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < n; ++i) {
        info.build_id.push_back(hex[bits[i] >> 4]);
        info.build_id.push_back(hex[bits[i] & 15]);
    }
    info.system = is_system_path(info.path);
    c.infos.emplace(module, info);
    return info;
}

bool find_cu(Dwfl_Module* module, Dwarf_Addr address, Dwarf_Die& cudie, Dwarf_Addr& bias) {
    // libdwfl searches .debug_aranges by start address alone: with CUs that
    // have no aranges (clang's), it answers with a neighbouring CU. Check it.
    if (Dwarf_Die* die = dwfl_module_addrdie(module, address, &bias)) {
        if (dwarf_haspc(die, address - bias) > 0) {
            cudie = *die;
            return true;
        }
    }
    Dwarf* dwarf = dwfl_module_getdwarf(module, &bias);
    if (!dwarf) return false;
    std::lock_guard guard(cache().lock);
    const auto& ranges = cu_ranges_of(module, dwarf);
    Dwarf_Addr rel = address - bias;
    auto it = std::upper_bound(ranges.begin(), ranges.end(), rel,
                               [](Dwarf_Addr a, const auto& r) { return a < r.low; });
    // Ranges may overlap (one CU's range list spans another's): look back a little.
    for (int back = 0; it != ranges.begin() && back < 64; ++back) {
        --it;
        if (rel >= it->low && rel < it->high) return dwarf_offdie(dwarf, it->offset, &cudie) != nullptr;
    }
    return false;
}

Resolved resolve(debuginfo::Session& session, const unwind::PhysicalFrame& physical,
                 bool system_lines) {
    Resolved out;
    Dwarf_Addr pc = physical.lookup_pc();
    out.module = session.module_at(pc);

    LogicalFrame outermost;
    outermost.frame.pc = physical.pc;
    if (!out.module) {
        outermost.frame.function = "";
        out.frames.push_back(outermost);
        return out;
    }
    ModuleInfo info = describe_module(out.module);
    outermost.frame.module = info.path;
    outermost.frame.build_id = info.build_id;

    // The symbol table answers for every module; DWARF refines it where present.
    GElf_Off offset = 0;
    GElf_Sym sym;
    if (const char* name = dwfl_module_addrinfo(out.module, pc, &offset, &sym, nullptr, nullptr, nullptr))
        outermost.frame.function = demangle(name);

    bool want_dwarf = !info.system || system_lines;
    if (want_dwarf && find_cu(out.module, pc, out.cudie, out.bias)) {
        out.has_dwarf = true;
        out.scopes = concrete_scopes(&out.cudie, pc - out.bias);
    }

    // The innermost frame's position comes from the line table.
    std::string file;
    int line = 0, column = 0;
    // From the CU found above: dwfl_module_getsrc has the same aranges blind spot.
    if (out.has_dwarf) {
        if (Dwarf_Line* l = dwarf_getsrc_die(&out.cudie, pc - out.bias)) {
            if (const char* src = dwarf_linesrc(l, nullptr, nullptr)) file = src;
            dwarf_lineno(l, &line);
            dwarf_linecol(l, &column);
        }
    }

    if (!out.scopes || out.scopes->count() == 0) {
        outermost.frame.file = file;
        outermost.frame.line = line;
        outermost.frame.column = column;
        out.frames.push_back(outermost);
        return out;
    }

    // One logical frame per function scope, innermost first. Each inlined
    // subroutine's call position is where its caller (the next frame out) is.
    int begin = 0;
    for (int i = 0; i < out.scopes->count(); ++i) {
        Dwarf_Die* die = &out.scopes->dies[i];
        int tag = dwarf_tag(die);
        if (!is_function_scope(tag)) continue;
        LogicalFrame lf = outermost;
        lf.frame.function = function_name(die);
        if (lf.frame.function.empty()) lf.frame.function = outermost.frame.function;
        lf.frame.inlined = tag == DW_TAG_inlined_subroutine;
        lf.frame.file = file;
        lf.frame.line = line;
        lf.frame.column = column;
        lf.scope_begin = begin;
        lf.scope_end = i + 1;
        out.frames.push_back(lf);
        if (tag == DW_TAG_subprogram) break;
        file.clear();
        line = column = 0;
        call_site_position(die, &out.cudie, file, line, column);
        begin = i + 1;
    }
    if (out.frames.empty()) {
        outermost.frame.file = file;
        outermost.frame.line = line;
        outermost.frame.column = column;
        out.frames.push_back(outermost);
    }
    return out;
}

}  // namespace capsule::symbols
