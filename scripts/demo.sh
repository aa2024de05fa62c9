#!/usr/bin/env bash
# Quick start 1: installs the dependencies, builds the `warden` command line with the
# `release` preset and scans the bundled examples/sample-model.
# Exits 0 when the scan ran (whether or not it found something), non-zero otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== setup: dependencies" >&2
bash scripts/setup.sh
echo "== configure: cmake --preset release" >&2
cmake --preset release
echo "== build: the warden command line" >&2
cmake --build --preset release --target warden_cli

echo "== scan: build/release/cli/warden scan examples/sample-model" >&2
rc=0
build/release/cli/warden scan examples/sample-model || rc=$?
case $rc in
  0) echo "demo: the scan ran and found nothing" >&2 ;;
  1) echo "demo: the scan ran; the findings above are expected (examples/sample-model is unsafe on purpose)" >&2 ;;
  *) echo "demo: the scan failed (exit $rc)" >&2; exit "$rc" ;;
esac
