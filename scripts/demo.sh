#!/usr/bin/env bash
# From a fresh clone: builds capsule and the GoogleTest sample project
# (samples/gtest_sample, linked with capsule::gtest as a user would), runs its
# failing test Bank.TransferKeepsTotal, and shows the capsule it left.
# CAPSULE_BUILD_DIR picks another build directory than build/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CAPSULE_BUILD_DIR:-build}

bash scripts/install-deps.sh
cmake -S . -B "$build" -G 'Unix Makefiles' -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target capsule_cli gtest_sample_tests_release

repo=capsules/demo
rm -rf "$repo"
# The test fails on purpose: its exit status is the test run's, not the demo's.
CAPSULE_OUTPUT_DIR="$repo" \
  "$build"/samples/gtest_sample_release/gtest_sample_tests_release \
  --gtest_filter=Bank.TransferKeepsTotal || true
echo
"$build"/cli/capsule latest --repo "$repo"
