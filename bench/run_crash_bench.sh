#!/usr/bin/env bash
# A crash captured out-of-process (capsule-crash-helper, ptrace) and
# in-process, next to gdb -batch printing every thread's `bt full` for the
# same crash. Target: capsule <= 1/5 of gdb.
#
#   bench/run_crash_bench.sh [BUILD_DIR] [RUNS]
#
# Wall time of the whole process (start, crash, capture, death), median of
# RUNS runs, modes interleaved; "net" subtracts the same crash with capsule
# disabled (CAPSULE_ENABLED=0), leaving what capturing adds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-7}
bin=$build/bench/crash_bench
[[ -x $bin ]] || { echo "no $bin: build the crash_bench target first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
now_ns() { date +%s%N; }

# One run in `mode`; prints its wall time in ms. Each capsule run must leave
# exactly one capsule, gdb must have printed the crashing frame.
run_once() {
  local mode=$1 dir=$out/run start end log=$out/log
  rm -rf "$dir"
  start=$(now_ns)
  # In a subshell whose stderr is dropped: the shell's own "Segmentation
  # fault" notice is not the program's output.
  case $mode in
    off) (CAPSULE_ENABLED=0 "$bin" >"$log" 2>&1; true) 2>/dev/null || true ;;
    helper) (CAPSULE_OUTPUT_DIR=$dir "$bin" >"$log" 2>&1; true) 2>/dev/null || true ;;
    in-process) (CAPSULE_OUTPUT_DIR=$dir CAPSULE_USE_HELPER=0 "$bin" >"$log" 2>&1; true) 2>/dev/null || true ;;
    gdb) (CAPSULE_ENABLED=0 gdb -batch -nx -ex 'set debuginfod enabled off' -ex run \
           -ex 'thread apply all bt full' --args "$bin" >"$log" 2>&1; true) 2>/dev/null || true ;;
  esac
  end=$(now_ns)
  case $mode in
    helper | in-process)
      [[ $(find "$dir" -name '*.capsule' | wc -l) == 1 ]] ||
        { echo "$mode: no capsule" >&2; cat "$log" >&2; exit 1; } ;;
    gdb) grep -q 'average_into' "$log" || { echo "gdb did not show the frame" >&2; exit 1; } ;;
  esac
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e6}'
}

modes=(off helper in-process gdb)
for mode in "${modes[@]}"; do : >"$out/$mode.ms"; done
for _ in $(seq "$runs"); do
  for mode in "${modes[@]}"; do run_once "$mode" >>"$out/$mode.ms"; done
done
off=$(median <"$out/off.ms")
gdb=$(median <"$out/gdb.ms")
printf '%-30s %10s %10s %12s\n' "crash, median of $runs" "ms" "net ms" "net / gdb"
for mode in "${modes[@]}"; do
  m=$(median <"$out/$mode.ms")
  awk -v name="$mode" -v m="$m" -v off="$off" -v gdb="$gdb" 'BEGIN {
    printf "%-30s %10.1f %10.1f %12.3f\n", name, m, m - off, (m - off) / (gdb - off) }'
done
