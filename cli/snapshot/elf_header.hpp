// What kind of file a path names, from its ELF header alone: enough to turn
// a wrong argument into a clear usage error before any capture starts.
#pragma once

#include <string>

namespace capsule::cli {

enum class ElfKind { unreadable, not_elf, core, program, other };

// `error` says why for unreadable and not_elf.
ElfKind elf_kind(const std::string& path, std::string& error);

}  // namespace capsule::cli
