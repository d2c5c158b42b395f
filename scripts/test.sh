#!/usr/bin/env bash
# From a fresh clone: dependencies, then the stages below. The main suite runs
# last, so that the output ends with its ctest summary; the exit code is that
# of the first stage that fails, and a line names it.
#   build     RelWithDebInfo build in build/ (CAPSULE_BUILD_DIR)
#   sanitize  AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#             (CAPSULE_ASAN_DIR) and its test suite, leak detection on
#   fuzz      the libFuzzer targets in build-fuzz/ (CAPSULE_FUZZ_DIR), each
#             for CAPSULE_FUZZ_SECONDS (45) from tests/fuzz/corpus/
#   suite     the whole test suite of build/
# CAPSULE_STAGES picks stages ("build suite" is the quick run). The sanitize
# and fuzz directories keep the generator they were configured with (a new
# one gets CMake's default).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CAPSULE_BUILD_DIR:-build}
asan_build=${CAPSULE_ASAN_DIR:-build-asan}
fuzz_build=${CAPSULE_FUZZ_DIR:-build-fuzz}
fuzz_seconds=${CAPSULE_FUZZ_SECONDS:-45}
stages=" ${CAPSULE_STAGES:-build sanitize fuzz suite} "
jobs=$(nproc)

stage=install-deps
trap 'status=$?; [[ $status -eq 0 ]] || echo "test.sh: stage \"$stage\" failed (exit status $status)" >&2' EXIT

wants() { [[ "$stages" == *" $1 "* ]]; }
begin() {
  stage=$1
  stage_start=$SECONDS
  echo "test.sh: stage $stage"
}
took() { echo "test.sh: stage $stage took $((SECONDS - stage_start)) s"; }

bash scripts/install-deps.sh

if wants build; then
  begin build
  cmake -S . -B "$build" -G 'Unix Makefiles' -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build "$build" -j"$jobs"
  took
fi

if wants sanitize; then
  # Debug: ASan's reports point at lines. The victim programs stay
  # uninstrumented (tests/sanitize/victims.cmake). Leak detection is ASan's
  # default: on in capsule's own processes (the tests, the command, the crash
  # helper), off in the victims; ASAN_OPTIONS here would override the latter.
  # By default (CAPSULE_ASAN_SUITE=subset) it builds and runs the unit tests,
  # the crash and store torture, concurrency, secrets and the command's
  # bad- and hostile-input tests: the whole sanitized suite takes about 40
  # minutes on two cores, which with the rest would crowd CI's 90.
  # CAPSULE_ASAN_SUITE=whole builds and runs everything.
  begin sanitize
  cmake -S . -B "$asan_build" -DCMAKE_BUILD_TYPE=Debug -DCAPSULE_SANITIZE=ON
  if [[ "${CAPSULE_ASAN_SUITE:-subset}" == subset ]]; then
    cmake --build "$asan_build" -j"$jobs" --target capsule_unit_tests capsule_torture_tests \
      capsule_secrets_tests capsule_cli_repo_tests capsule_hostile_tests
    UBSAN_OPTIONS=print_stacktrace=1 "$asan_build"/tests/capsule_unit_tests
    UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$asan_build" --output-on-failure -j2 \
      -R '^(CrashTorture|StoreTorture|Concurrency|Secrets|SecretsLeak|BadInput|CleanLeftovers|Hostile[A-Za-z]*)\.'
  else
    cmake --build "$asan_build" -j"$jobs"
    UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$asan_build" --output-on-failure -j2
  fi
  took
fi

if wants fuzz; then
  # A finding (crash, leak, UB, slow input, memory over the limit) fails the
  # fuzz test; its input lands in $fuzz_build/tests/fuzz/<target>/artifacts/.
  begin fuzz
  CC=clang CXX=clang++ cmake -S . -B "$fuzz_build" -DCAPSULE_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g1" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    -DCAPSULE_FUZZ_SECONDS="$fuzz_seconds"
  cmake --build "$fuzz_build" -j"$jobs" --target fuzz_capsule_reader fuzz_capsule_json \
    fuzz_config_yaml fuzz_junit_reader
  ctest --test-dir "$fuzz_build" -R '^fuzz\.' --output-on-failure -j2
  took
fi

if wants suite; then
  begin suite
  cd "$build"
  ctest --output-on-failure -j2
fi
