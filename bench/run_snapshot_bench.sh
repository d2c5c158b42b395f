#!/usr/bin/env bash
# `capsule snapshot --pid` of a running process (3 threads, locals of every
# frame), next to `gdb -batch -p PID -ex 'thread apply all bt full'` on the
# same process; and `capsule codemap` of a large binary next to gdb's
# `info functions` on it. Medians of wall time, milliseconds. The victim is
# the snapshot test's (tests/cli/snapshot_victim.cpp): a process with two
# threads and a forked worker with two threads of its own.
#
#   bench/run_snapshot_bench.sh [BUILD_DIR] [RUNS] [CODEMAP_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-5}
capsule=$build/cli/capsule
victim=$build/tests/cli/capsule_snapshot_victim
big=${3:-$capsule}
for f in "$capsule" "$victim"; do
  [[ -x $f ]] || { echo "no $f: build capsule_cli and capsule_snapshot_victim first" >&2; exit 1; }
done

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
now_ns() { date +%s%N; }
ms_of() {  # runs "$@" $runs times, prints the median in ms
  for _ in $(seq "$runs"); do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    echo $((($(now_ns) - start) / 1000000))
  done | median
}

work=$(mktemp -d)
victim_pid=
cleanup() {
  if [[ -n $victim_pid ]]; then
    for f in "$work"/ready/worker.*; do [[ -e $f ]] && kill -9 "${f##*.}" 2>/dev/null || true; done
    kill -9 "$victim_pid" 2>/dev/null || true
    wait "$victim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/ready"
"$victim" "$work/ready" >/dev/null 2>&1 &
victim_pid=$!
for _ in $(seq 100); do
  ls "$work"/ready/worker.* >/dev/null 2>&1 && [[ -e $work/ready/parent.$victim_pid ]] && break
  sleep 0.1
done

one=$(ms_of "$capsule" snapshot --pid "$victim_pid" --max-processes 1 -o "$work/out")
tree=$(ms_of "$capsule" snapshot --pid "$victim_pid" -o "$work/out")
gdb_one=$(ms_of gdb -batch -nx -ex 'set debuginfod enabled off' -p "$victim_pid" -ex 'thread apply all bt full')
echo "snapshot of 1 process, 3 threads:  capsule $one ms   gdb attach + bt full $gdb_one ms"
echo "snapshot of the tree (2 processes): capsule $tree ms"

map=$(ms_of "$capsule" codemap "$big")
gdb_map=$(runs=1 ms_of gdb -batch -nx -ex 'set debuginfod enabled off' -ex 'info functions' "$big")
echo "codemap of $(basename "$big") ($(($(stat -c %s "$big") / 1048576)) MB): capsule $map ms   gdb info functions $gdb_map ms (1 run)"
