// build_code_map: one pass over the units of the binary's DWARF, then the
// entities are filtered, checked against .gitignore and grouped by file.
#include <dwarf.h>
#include <elf.h>
#include <fnmatch.h>
#include <gelf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <tuple>

#include "capsule/codemap.hpp"
#include "codemap/collect.hpp"
#include "codemap/gitignore.hpp"
#include "codemap/source_files.hpp"
#include "debuginfo/session.hpp"
#include "target/elf_file.hpp"

namespace capsule::codemap {
namespace {

const Dwfl_Callbacks offline_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = nullptr,
};

void check_binary(const std::string& binary) {
    struct stat st;
    if (::stat(binary.c_str(), &st) != 0)
        throw BinaryError("cannot read " + binary + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw BinaryError(binary + " is a directory, not a program");
    std::string error;
    target::ElfFile elf;
    if (!elf.open(binary, error)) throw BinaryError(error);
    GElf_Ehdr header;
    if (!gelf_getehdr(elf.elf(), &header)) throw BinaryError(binary + " is not an ELF file");
    if (header.e_type == ET_CORE) throw BinaryError(binary + " is a core file, not a program");
    // A cut-off copy would otherwise read as a program without debug info.
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (header.e_shoff > size || header.e_shnum * std::uint64_t{header.e_shentsize} > size - header.e_shoff)
        throw BinaryError(binary + " is truncated: its section table lies past the end of the file");
    for (Elf_Scn* section = nullptr; (section = elf_nextscn(elf.elf(), section)) != nullptr;) {
        GElf_Shdr sh;
        if (!gelf_getshdr(section, &sh) || sh.sh_type == SHT_NOBITS) continue;
        if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
            throw BinaryError(binary + " is truncated: a section lies past the end of the file");
    }
}

bool has_glob(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

bool matches_any(const std::string& text, const std::vector<std::string>& filters, bool globs) {
    if (filters.empty()) return true;
    for (const std::string& f : filters) {
        if (globs && has_glob(f) ? fnmatch(f.c_str(), text.c_str(), 0) == 0 : text.find(f) != std::string::npos)
            return true;
    }
    return false;
}

struct Grouping {
    std::vector<int> classes;
    std::vector<int> functions;
};

// Where each body ends: at its last line in the line table, but never past
// the line before the next definition in the same file (inlined code from
// further down would otherwise stretch it).
std::map<std::string, int> body_ends(const Collected& c) {
    std::map<std::string, std::vector<int>> starts;
    for (const FunctionEntry& f : c.functions)
        if (f.defined && !f.function.definition.file.empty())
            starts[f.function.definition.file].push_back(f.function.definition.line);
    for (auto& [file, lines] : starts) std::sort(lines.begin(), lines.end());
    std::map<std::string, int> ends;
    for (const FunctionEntry& f : c.functions) {
        if (!f.defined || f.function.definition.file.empty()) continue;
        const std::string& key = f.key;
        const int start = f.function.definition.line;
        int end = start;
        if (auto last = c.last_lines.find(key); last != c.last_lines.end()) end = std::max(end, last->second);
        const auto& lines = starts[f.function.definition.file];
        auto next = std::upper_bound(lines.begin(), lines.end(), start);
        if (next != lines.end()) end = std::min(end, *next - 1);
        ends[key] = std::max(end, start);
    }
    return ends;
}

}  // namespace

CodeMap build_code_map(const std::string& binary, const Options& options) {
    check_binary(binary);
    debuginfo::DwflHandle dwfl(dwfl_begin(&offline_callbacks));
    if (!dwfl) throw BinaryError("dwfl_begin: " + debuginfo::libdw_error());
    dwfl_report_begin(dwfl.get());
    Dwfl_Module* module = dwfl_report_offline(dwfl.get(), binary.c_str(), binary.c_str(), -1);
    dwfl_report_end(dwfl.get(), nullptr, nullptr);
    if (!module) throw BinaryError("cannot read " + binary + ": " + debuginfo::libdw_error());
    Dwarf_Addr bias = 0;
    Dwarf* dwarf = dwfl_module_getdwarf(module, &bias);
    if (!dwarf) throw BinaryError(binary + " has no DWARF debug info (build it with -g)");

    Collected collected;
    CollectOptions collect;
    collect.body_lines = options.include_source;
    collect.max_functions = options.max_functions;
    Dwarf_CU* unit = nullptr;
    Dwarf_Half version = 0;
    std::uint8_t unit_type = 0;
    Dwarf_Die cudie, subdie;
    while (dwarf_get_units(dwarf, unit, &unit, &version, &unit_type, &cudie, &subdie) == 0) {
        if (unit_type == DW_UT_type || unit_type == DW_UT_split_type) continue;
        // A skeleton's DIEs are in its split unit (.dwo), when that was found.
        Dwarf_Die* die = unit_type == DW_UT_skeleton ? &subdie : &cudie;
        if (unit_type == DW_UT_skeleton && dwarf_tag(die) != DW_TAG_compile_unit) continue;
        collect_unit(die, collect, collected);
        if (collected.truncated) break;
    }
    settle_declarations(collected);

    CodeMap map;
    map.binary = binary;
    map.compilation_units = collected.units;
    map.truncated = collected.truncated;
    map.system_files = collected.system_files.size();
    if (collected.truncated)
        map.notes.push_back("stopped after " + std::to_string(options.max_functions) + " functions");

    // Which entities survive the filters, by the file they are declared in.
    const auto& functions = collected.functions;
    const auto& classes = collected.classes;
    std::vector<bool> class_named(classes.size());
    for (std::size_t i = 0; i < classes.size(); ++i)
        class_named[i] = matches_any(classes[i].cls.name, options.name_filters, false);
    std::vector<std::vector<int>> methods(classes.size());
    std::map<std::string, std::map<std::string, Grouping>> files;
    for (std::size_t i = 0; i < functions.size(); ++i) {
        const FunctionEntry& f = functions[i];
        if (f.class_index >= 0) {
            const auto owner = static_cast<std::size_t>(f.class_index);
            if (class_named[owner] || matches_any(f.function.signature, options.name_filters, false))
                methods[owner].push_back(static_cast<int>(i));
            continue;
        }
        if (!f.defined || !matches_any(f.function.signature, options.name_filters, false)) continue;
        if (!matches_any(f.function.declaration.file, options.file_filters, true)) continue;
        files[f.function.declaration.file][f.ns].functions.push_back(static_cast<int>(i));
    }
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (!class_named[i] && methods[i].empty()) continue;
        if (!matches_any(classes[i].cls.declaration.file, options.file_filters, true)) continue;
        files[classes[i].cls.declaration.file][classes[i].ns].classes.push_back(static_cast<int>(i));
    }

    std::vector<std::string> paths;
    for (const auto& [path, namespaces] : files) paths.push_back(path);
    IgnoreResult ignore = find_ignored(paths);
    for (std::string& note : ignore.notes) map.notes.push_back(std::move(note));

    SourceReader reader(options.max_source_bytes);
    const std::map<std::string, int> ends = options.include_source ? body_ends(collected) : std::map<std::string, int>{};
    auto finished = [&](int index) {
        const FunctionEntry& entry = functions[static_cast<std::size_t>(index)];
        Function f = entry.function;
        const std::string& key = entry.key;
        if (auto calls = collected.calls.find(key); calls != collected.calls.end())
            f.calls.assign(calls->second.begin(), calls->second.end());
        if (options.include_source && entry.defined && !f.definition.file.empty() &&
            !ignore.ignored.count(f.definition.file)) {
            auto end = ends.find(key);
            f.source = reader.lines(f.definition.file, f.definition.line,
                                    end == ends.end() ? f.definition.line : end->second,
                                    options.max_source_lines);
        }
        return f;
    };
    auto by_line = [](const Function& a, const Function& b) {
        return std::tie(a.declaration.line, a.signature) < std::tie(b.declaration.line, b.signature);
    };

    for (const auto& [path, namespaces] : files) {
        if (ignore.ignored.count(path)) {
            map.ignored_files.push_back(path);
            continue;
        }
        SourceFile file;
        file.path = path;
        for (const auto& [name, group] : namespaces) {
            Namespace ns;
            ns.name = name;
            for (int c : group.classes) {
                Class cls = classes[static_cast<std::size_t>(c)].cls;
                for (int m : methods[static_cast<std::size_t>(c)]) cls.methods.push_back(finished(m));
                std::sort(cls.methods.begin(), cls.methods.end(), by_line);
                ns.classes.push_back(std::move(cls));
            }
            std::sort(ns.classes.begin(), ns.classes.end(),
                      [](const Class& a, const Class& b) { return a.name < b.name; });
            for (int f : group.functions) ns.functions.push_back(finished(f));
            std::sort(ns.functions.begin(), ns.functions.end(), by_line);
            file.namespaces.push_back(std::move(ns));
        }
        map.files.push_back(std::move(file));
    }
    if (reader.exhausted())
        map.notes.push_back("source text stopped at " + std::to_string(options.max_source_bytes) + " bytes");
    return map;
}

}  // namespace capsule::codemap
