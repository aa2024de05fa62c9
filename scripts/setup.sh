#!/usr/bin/env bash
# Installs what Warden needs on Debian 12 when it is missing. Idempotent: a machine
# that already has every package does nothing (no apt-get update, no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  tao-pegtl-dev libtree-sitter-dev libboost-graph-dev libyara-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libre2-dev libzip-dev
  zlib1g-dev libbz2-dev liblzma-dev
)
# Extra packages for the test suite only (SARIF Multitool runs on node; yara and bandit are
# the reference tools the signature and Bandit-format tests compare against).
# --bench adds what benchmarks/speed.sh measures with and draws with (gnuplot; /usr/bin/time
# for each process's CPU time and peak memory), and what Bandit's current release needs to run
# from Debian unstable's package (benchmarks/fetch_bandit_current.sh: curl, xz; stevedore,
# yaml, rich); the test suite smoke-tests that harness.
case "${1:-}" in
  --tests) packages+=(python3 yara bandit gnuplot-nox time) ;;
  --bench) packages+=(python3 bandit gnuplot-nox time curl xz-utils python3-stevedore python3-yaml python3-rich) ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--tests | --bench]" >&2; exit 2 ;;
esac

# node and npm may come from outside Debian (npm 11 over Debian's node); take any that runs.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
