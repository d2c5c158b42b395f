// Running the capsule command on a hostile file the way an attacker would
// want it run: with a bound on its address space, so that a reader that
// inflates or builds without limit fails here instead of taking the machine.
#pragma once

#include <string>
#include <vector>

namespace capsule::hostile {

// Address space allowed to the command. Under AddressSanitizer (which
// reserves terabytes of shadow) no limit can be set; peak memory is still
// measured.
inline constexpr long long address_space_limit = 1ll << 30;

struct Result {
    int code = -1;          // exit status; -1 when ended by a signal
    int signal = 0;         // the signal that ended it, else 0
    long peak_rss_kib = 0;  // ru_maxrss of the command
    std::string out;
    std::string err;
    std::string describe() const;  // for failure messages
};

// `capsule args...` in `cwd` (unchanged when empty), stdin from /dev/null,
// CAPSULE_DIR and CAPSULE_CONFIG unset, under address_space_limit.
Result run_capsule(const std::vector<std::string>& args, const std::string& cwd = {});

// Whether the limit is applied (false under AddressSanitizer).
// A peak-memory bound for a command: `normal_kib` in a normal build; under
// AddressSanitizer, whose shadow memory and quarantine alone take ~165 MiB
// for `capsule --version`, three times that plus 256 MiB. Either way far below
// what an unbounded read of a hostile file would take.
long memory_bound_kib(long normal_kib);
bool address_space_limited();

// "" when `r` is the refusal wanted: ended by exit 2 (not by a signal, not
// out of memory), nothing on stdout, and exactly one line on stderr that
// starts "capsule: ", names `file` and contains `problem`; else what is wrong.
std::string refusal_problem(const Result& r, const std::string& file, const std::string& problem);

// Lines of `text` that contain `needle`.
int lines_containing(const std::string& text, const std::string& needle);

}  // namespace capsule::hostile
