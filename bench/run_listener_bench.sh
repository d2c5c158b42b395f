#!/usr/bin/env bash
# What the GoogleTest listener costs a passing suite: 10,000 empty tests
# (bench/exceptions_bench.cpp, 'Tests/Many.*') linked with capsule::gtest and
# without, in the same run. Target: ratio <= 1.02.
#
#   bench/run_listener_bench.sh [BUILD_DIR] [RUNS]
#
# Prints, for each binary, the median CPU time (user + sys) of RUNS runs,
# alternating the two binaries so that load changes hit both alike, and, when
# valgrind is installed, the exact instruction counts (callgrind) of the whole
# run and per test: (10,000 tests - 1 test) / 9,999, which leaves out start-up
# (dynamic linking, reading options, arming the handlers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-15}
with=$build/tests/integrations/exceptions_bench
plain=$build/tests/integrations/exceptions_bench_plain
for bin in "$with" "$plain"; do
  [[ -x $bin ]] || { echo "no $bin: build exceptions_bench and exceptions_bench_plain" >&2; exit 1; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export CAPSULE_OUTPUT_DIR=$out/capsules
all='Tests/Many.*'
one='Tests/Many.Passes/0'

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
cpu_seconds() {  # user + sys of one run
  local TIMEFORMAT='%U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.3f\n", $1 + $2}'
}

: >"$out/with"
: >"$out/plain"
: >"$out/off"
for _ in $(seq "$runs"); do
  cpu_seconds "$plain" --gtest_filter="$all" >>"$out/plain"
  cpu_seconds "$with" --gtest_filter="$all" >>"$out/with"
  CAPSULE_ENABLED=0 cpu_seconds "$with" --gtest_filter="$all" >>"$out/off"
done
t_with=$(median <"$out/with")
t_plain=$(median <"$out/plain")
t_off=$(median <"$out/off")
printf '%-44s %12s %12s %8s\n' "10,000 passing tests" "capsule" "plain" "ratio"
awk -v w="$t_with" -v p="$t_plain" -v n="$runs" 'BEGIN {
  printf "%-44s %12.3f %12.3f %8.4f\n", "CPU seconds, median of " n, w, p, w / p }'
# Linked but CAPSULE_ENABLED=0: what loading capsule's libraries costs alone.
awk -v w="$t_off" -v p="$t_plain" 'BEGIN {
  printf "%-44s %12.3f %12.3f %8.4f\n", "CPU seconds, linked, CAPSULE_ENABLED=0", w, p, w / p }'

if command -v valgrind >/dev/null; then
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Collected :/ {print $4}'
  }
  i_with=$(instructions "$with" --gtest_filter="$all")
  i_plain=$(instructions "$plain" --gtest_filter="$all")
  i_with1=$(instructions "$with" --gtest_filter="$one")
  i_plain1=$(instructions "$plain" --gtest_filter="$one")
  awk -v w="$i_with" -v p="$i_plain" -v w1="$i_with1" -v p1="$i_plain1" 'BEGIN {
    printf "%-44s %12d %12d %8.4f\n", "instructions, whole run", w, p, w / p
    printf "%-44s %12d %12d %8.4f\n", "instructions, one test (start-up)", w1, p1, w1 / p1
    tw = (w - w1) / 9999; tp = (p - p1) / 9999
    printf "%-44s %12.0f %12.0f %8.4f\n", "instructions per test", tw, tp, tw / tp }'
else
  echo "(valgrind not installed: no instruction counts)"
fi
