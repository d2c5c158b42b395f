// The objects a live process has loaded, read from /proc/PID/maps: what the
// unwinder and the symbol lookups report as modules.
//
// Not libdwfl's dwfl_linux_proc_report: that one joins every run of lines of
// the same file that only anonymous lines separate, so a plain mmap of a
// library's whole file (libdw itself maps each ELF file it reads, e.g. when
// capsule captured earlier in the same process) that lands below the loaded
// library becomes one module with it. That module starts at the copy, so its
// load bias is wrong: no symbol and no CFI for any pc in the real library, and
// the unwind stops there. Where the copy lands depends on the address layout,
// hence a failure in some runs only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::target {

struct LoadedObject {
    std::string path;       // as the kernel prints it, " (deleted)" included
    std::uint64_t low = 0;  // where the mapping at file offset 0 (the ELF header) starts
    std::uint64_t high = 0; // end of the object's last file mapping
    bool vdso = false;      // the kernel's [vdso]; path is empty
};

// Parses the text of /proc/PID/maps. An object begins at a mapping of its
// file at offset 0 and takes in the following mappings of the same file at
// other offsets; objects without an executable mapping (whole-file copies
// mapped for reading) are left out.
std::vector<LoadedObject> parse_loaded_objects(std::string_view maps);

// The same, from /proc/PID/maps; false (error set) when it cannot be read.
bool read_loaded_objects(pid_t pid, std::vector<LoadedObject>& out, std::string& error);

}  // namespace capsule::target
