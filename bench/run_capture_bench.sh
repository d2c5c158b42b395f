#!/usr/bin/env bash
# Capture latency of one frame with ~20 locals, next to gdb printing the same
# frame: cold (first capture of a fresh process; median over fresh processes),
# warm (median of 100 captures in one process), and `gdb -batch` that breaks at
# the same line, runs and prints `bt full` (median of a few runs, wall time).
#
#   bench/run_capture_bench.sh [BUILD_DIR] [COLD_RUNS] [GDB_RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
cold_runs=${2:-10}
gdb_runs=${3:-5}
bin=$build/bench/capture_latency
source_file=$here/capture_latency.cpp

if [[ ! -x $bin ]]; then
  echo "no $bin: build the capture_latency target first" >&2
  exit 1
fi
line=$(grep -n '// BENCH-LINE' "$source_file" | cut -d: -f1)

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
now_ns() { date +%s%N; }

cold=$(for _ in $(seq "$cold_runs"); do "$bin" cold; done | median)
warm=$("$bin" warm 100)

gdb_ms=$(for _ in $(seq "$gdb_runs"); do
  start=$(now_ns)
  output=$(gdb -batch -nx -ex 'set debuginfod enabled off' -ex "break capture_latency.cpp:$line" \
               -ex run -ex 'bt full' --args "$bin" gdb 2>&1)
  end=$(now_ns)
  # A gdb that never stopped at the line measured nothing.
  grep -q 'frame_with_locals' <<<"$output" || { echo "gdb did not stop in the frame" >&2; exit 1; }
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e6}'
done | median)

printf '%-34s %10s\n' "measure" "ms"
printf '%-34s %10.3f\n' "capsule cold (median of $cold_runs)" "$cold"
printf '%-34s %10.3f\n' "capsule warm (median of 100)" "$warm"
printf '%-34s %10.3f\n' "gdb -batch bt full (median of $gdb_runs)" "$gdb_ms"
awk -v c="$cold" -v w="$warm" -v g="$gdb_ms" 'BEGIN {
  printf "%-34s %10.4f\n", "ratio warm / gdb", w / g
  printf "%-34s %10.4f\n", "ratio cold / gdb", c / g
}'
