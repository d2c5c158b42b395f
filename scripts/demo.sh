#!/usr/bin/env bash
# From a fresh clone: builds capsule and a tiny program whose "test" fails a
# check, runs it (it captures itself into a capsule) and shows that capsule.
# CAPSULE_BUILD_DIR picks another build directory than build/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CAPSULE_BUILD_DIR:-build}

bash scripts/install-deps.sh
cmake -S . -B "$build" -G 'Unix Makefiles' -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target capsule_cli victim_demo

mkdir -p capsules
capsule_file=capsules/demo.capsule
rm -f "$capsule_file"
# The sample is tests/victims/demo.cpp, here its g++ -O0 build.
"$build"/victims/demo.gcc-O0 "$capsule_file"
echo
"$build"/cli/capsule show "$capsule_file"
