#!/usr/bin/env bash
# Quick start 2 and CI: builds with warnings as errors (`ci` preset) and runs every test,
# then does the same under AddressSanitizer + UBSan (`asan` preset).
# WARDEN_SKIP_ASAN=1 skips the sanitizer stage. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
stage() { echo "== $* ($((SECONDS - start)) s elapsed)" >&2; }

stage "setup: dependencies, with the test tools"
bash scripts/setup.sh --tests

stage "ci: configure (release, warnings as errors)"
cmake --preset ci
stage "ci: build"
cmake --build --preset ci
stage "ci: test"
ctest --preset ci -j2 --no-tests=error

if [[ "${WARDEN_SKIP_ASAN:-0}" == 1 ]]; then
  stage "asan: skipped (WARDEN_SKIP_ASAN=1)"
else
  stage "asan: configure (AddressSanitizer + UndefinedBehaviorSanitizer)"
  cmake --preset asan
  stage "asan: build"
  cmake --build --preset asan
  stage "asan: test"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    ctest --preset asan -j2 --no-tests=error
fi
stage "all tests passed"
