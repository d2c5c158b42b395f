#!/usr/bin/env bash
# From a fresh clone: dependencies, a RelWithDebInfo build in build/, and the
# whole test suite. The exit code is ctest's.
# CAPSULE_BUILD_DIR picks another build directory than build/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CAPSULE_BUILD_DIR:-build}

bash scripts/install-deps.sh
cmake -S . -B "$build" -G 'Unix Makefiles' -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)"
cd "$build"
exec ctest --output-on-failure -j2
