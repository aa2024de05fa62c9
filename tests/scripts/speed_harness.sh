#!/usr/bin/env bash
# Smoke test of the speed benchmark harness (benchmarks/speed.py) on the tiny examples/ corpus:
# Warden's three modes and ruff-wasm (Bandit is left out: slow), scaling and rule count on the
# same corpus, no typical-repository runs. Checks that report.md has the corpora table, the
# per-corpus rows and the targets table, and that the four plots are PNG files when gnuplot is
# installed. Nothing scanned is imported or run.
#
#   tests/scripts/speed_harness.sh [WARDEN_BINARY]     (default: $WARDEN, as ctest sets it)
#
# Exit 0 on success, 1 on a failure, 77 (ctest's skip) when python3 is missing. Takes a few
# seconds (the first run also fetches the pinned Ruff wasm package with npm pack, if npm is
# there; without node or npm the ruff-wasm row says "skipped" and the test still passes).
set -uo pipefail

warden=${1:-${WARDEN:-}}
[[ -n $warden ]] || { echo "usage: $0 WARDEN_BINARY (or set WARDEN)" >&2; exit 1; }
[[ -x $warden ]] || { echo "FAIL: no warden binary at $warden"; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3 || true)
[[ -n $python ]] || { echo "SKIP: python3 is needed (scripts/setup.sh --bench)"; exit 77; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root" || exit 1

fail() { echo "FAIL: $*"; exit 1; }

start=$SECONDS
timeout 55 "$python" benchmarks/speed.py --warden "$warden" --corpora examples=examples --repeats 1 \
  --tools warden,warden-bandit,warden-parse,ruff-wasm --skip-typical --out "$out" \
  >"$out.stdout" 2>"$out.stderr"
rc=$?
stdout=$(cat "$out.stdout"); stderr=$(tail -n 30 "$out.stderr")
rm -f "$out.stdout" "$out.stderr"
((rc != 124)) || fail "speed.py took more than 55 s; stderr:
$stderr"
((rc == 0)) || fail "speed.py exited $rc after $((SECONDS - start)) s; stderr:
$stderr"

report=$out/report.md
[[ -s $report ]] || fail "no $report"
[[ $stdout == *"# Warden speed benchmark"* ]] || fail "the report was not printed to standard output"

# has LINE_REGEX WHAT: report.md has a line matching the extended regex.
has() { grep -Eq -- "$1" "$report" || fail "report.md has no $2 (no line matching '$1')"; }
num='[0-9][0-9,]*(\.[0-9]+)?'
has '^## Corpora$' "corpora section"
has '^\| corpus \| tree \| files \| lines \| MB \|$' "corpora table header"
has "^\| examples \| \`[^\`]+\` \| $num \| $num \| $num \|$" "corpora row for examples"
has '^### examples ' "per-corpus section for examples"
has '^\| tool \| wall s \| CPU s \| peak RSS MiB \| lines/s \| x Warden \| findings \|$' "per-corpus table header"
for tool in warden warden-bandit; do
  has "^\| $tool \| $num \| $num \| $num \| $num \| $num \| $num \|$" "measured row for $tool"
done
has "^\| warden-parse( \(est\.\))? \| $num \| $num \| " "row for warden-parse"
has '^\| ruff-wasm \| ' "row for ruff-wasm (measured or skipped)"
has '^## Scaling$' "scaling section"
has '^## Rule count$' "rule-count section"
has '^## Targets$' "targets section"
has '^\| target \| profile \| measured \| goal \| verdict \|$' "targets table header"
has '^\| throughput vs Bandit \(one process\) \| default \| .* \| (met|not met|n/a) \|$' "Bandit target row"
has '^\| peak RSS \(max over corpora\) \| default \| .* \| (met|not met) \|$' "peak RSS target row"
has '^\| 1000 rules / 10 rules \| --rules \| .* \| (met|not met) \|$' "rule-count target row"

if command -v gnuplot >/dev/null; then
  for plot in throughput scaling phases rules; do
    png=$out/plots/$plot.png
    [[ -s $png ]] || fail "no $plot.png"
    magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
    [[ $magic == 89504e470d0a1a0a ]] || fail "$plot.png is not a PNG file (starts with $magic)"
  done
else
  echo "note: gnuplot not installed; plots not checked"
fi
echo "PASS: speed harness smoke test ($((SECONDS - start)) s)"
