#!/usr/bin/env bash
# Warden's speed benchmark in one command: Warden against Bandit, Ruff (wasm) and, when on
# PATH, Semgrep on real code, repeats alternating, medians.
#
#   benchmarks/speed.sh [SPEED_PY_ARGS...]      e.g. benchmarks/speed.sh --quick
#
# From the repository root it
#   1. installs what is missing: bash scripts/setup.sh --bench (bandit, python3, gnuplot-nox,
#      time, node and npm; nothing when all are there);
#   2. builds the release preset: cmake --preset release && cmake --build --preset release;
#   3. runs /usr/bin/python3 benchmarks/speed.py --warden build/release/cli/warden ARGS
#      (`benchmarks/speed.py --help` lists the options: --quick, --corpora, --tools, --repeats,
#      --out, --cache, --skip-scaling, --skip-rules, --skip-typical).
# The corpora are Debian packages unpacked with dpkg -x by benchmarks/fetch_corpus.sh into the
# cache (default /tmp/warden-corpora; never installed, imported or run), plus Debian's CPython
# standard library; the pinned @astral-sh/ruff-wasm-nodejs is fetched with npm pack into the
# same cache and checked against its sha512.
#
# Outputs, in --out (default /tmp/warden-speed, replaced each run):
#   report.md        the report (also printed): machine, versions, corpora, per-corpus and
#                    all-corpora tables, Warden's phases, findings by CWE, scaling, rule count,
#                    typical model repository, targets met / not met
#   results.json     every measurement (not only the medians)
#   plots/*.png      throughput, scaling, phases, rules (gnuplot; with their .dat and .gp)
#   runs/            each tool's report, stderr, /usr/bin/time line and commands.txt
#   scale/ rules/ typical-repo/   the generated inputs
set -euo pipefail

case "${1:-}" in
  -h|--help)
    awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
    exit 0 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh --bench
cmake --preset release
cmake --build --preset release -j"$(nproc)"
exec /usr/bin/python3 benchmarks/speed.py --warden build/release/cli/warden "$@"
