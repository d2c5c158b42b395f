#!/usr/bin/env bash
# `capsule ci bundle` on a 10,000-testcase JUnit report with 1,000 capsules,
# and on twice that: wall time, user and system CPU time and peak RSS
# (medians of RUNS runs each), and how they grow when the input doubles
# (linear: about 2x). User time is capsule's own work and the steadiest
# figure on a shared machine; system time is mostly ext4 creating the
# bundle's files (its inode search grows with recently deleted inodes, so it
# varies from run to run).
#
#   bench/run_ci_bundle_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-3}
gen=$build/bench/ci_bundle_gen
cli=$build/cli/capsule
for bin in "$gen" "$cli"; do
  [[ -x $bin ]] || { echo "no $bin: build ci_bundle_gen and capsule_cli first" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

measure() {  # testcases capsules extra-args... -> "wall user sys kib"
  local tc=$1 caps=$2; shift 2
  local input=$work/in-$tc
  [[ -d $input ]] || "$gen" "$input" "$tc" "$caps"
  local times=() users=() syss=() rss=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$cli" ci bundle --junit "$input/junit.xml" --repo "$input/capsules" \
      --out "$work/out" "$@" 2>/dev/null >/dev/null
    read -r s u y k < "$work/t"
    times+=("$s"); users+=("$u"); syss+=("$y"); rss+=("$k")
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${users[@]}" | median) $(printf '%s\n' "${syss[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
}

read -r t1 u1 s1 m1 < <(measure 10000 1000)
read -r t2 u2 s2 m2 < <(measure 20000 2000)
printf '%-32s %8s %8s %8s %12s\n' "input" "wall s" "user s" "sys s" "peak RSS MiB"
printf '%-32s %8s %8s %8s %12.1f\n' "10,000 testcases, 1,000 capsules" "$t1" "$u1" "$s1" "$(echo "$m1 / 1024" | bc -l)"
printf '%-32s %8s %8s %8s %12.1f\n' "20,000 testcases, 2,000 capsules" "$t2" "$u2" "$s2" "$(echo "$m2 / 1024" | bc -l)"
printf 'growth when doubled: wall x%.2f, user x%.2f, sys x%.2f, peak RSS x%.2f\n' "$(echo "$t2 / $t1" | bc -l)" \
  "$(echo "$u2 / $u1" | bc -l)" "$(echo "$s2 / $s1" | bc -l)" "$(echo "$m2 / $m1" | bc -l)"
