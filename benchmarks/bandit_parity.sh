#!/usr/bin/env bash
# Bandit parity, measured: runs the real Bandit and Warden on the same trees of real code
# and joins their findings on (file relative to the tree, line, Bandit test id).
#
#   benchmarks/bandit_parity.sh [WARDEN]
#
# WARDEN defaults to build/release/cli/warden. Needs bandit (Debian's 1.6.2:
# apt-get install -y bandit) and python3 (for the join, benchmarks/bandit_parity.py); it
# installs nothing and says what is missing.
#
# The reference: $WARDEN_PARITY_BANDIT, "debian" (default: the installed bandit, Debian 12's
# 1.6.2, with the string fix below) or "current" (Bandit's current release as Debian unstable
# packages it, fetched by benchmarks/fetch_bandit_current.sh and run from its unpacked files
# with /usr/bin/python3 and Debian 12's python3-stevedore, python3-yaml and python3-rich; no
# string fix: it has visit_Constant). The join then counts no 1.6.2-to-1.9 moves.
#
# Corpora: $WARDEN_PARITY_CORPORA, space-separated (default "stdlib python3-django
# python3-sklearn python3-scipy python3-torch"). Each entry is
#   stdlib      the CPython standard library of Debian's python3, $WARDEN_PARITY_STDLIB
#               (default /usr/lib/python3.11, Debian 12; not a pyenv or venv python's,
#               which carries the test suite and site-packages);
#   NAME        a Debian package, unpacked by benchmarks/fetch_corpus.sh into its cache
#               ($WARDEN_CORPUS_DIR, else /tmp/warden-corpora) and scanned at
#               CACHE/pkg/NAME/usr/lib/python3/dist-packages (downloaded, never installed);
#   NAME=DIR    any directory.
# Per corpus it runs, from the repository root, with wall times:
#   bandit -r TREE -f json -q              (every test, Bandit's default profile)
#   python3 benchmarks/bandit_str_fix.py -r TREE -t B104,B105,B108,B608 -f json -q
#                                          (Bandit 1.6.2 runs no string-literal check on
#                                           Python >= 3.8; this is Bandit with 1.7's one-method
#                                           fix, for those four ids only)
#   WARDEN $WARDEN_PARITY_ARGS TREE        ($WARDEN_PARITY_ARGS defaults to
#                                           "scan --profile bandit --format json": Bandit's
#                                           checks, as `bandit -r` runs them)
# A Warden finding's Bandit test id is its rule's xrefs.bandit in the report's rules array.
# Prints a markdown report: one line per corpus (files, lines, times, totals), then one
# table row per Bandit test id (both, Bandit-only, Warden-only, Warden's share of Bandit's
# findings) with totals, and the Bandit ids Warden has no rule for yet with their counts
# (the work list). B309, B320, B322, B325 and B410 (dropped after Bandit 1.6.2) are left
# out. The join rules (multi-line calls, several rules per id, several ids per rule) are
# described in bandit_parity.py.
#
# Output directory: $WARDEN_PARITY_OUT (default /tmp/warden-parity), replaced each run:
#   table.md, commands.txt, and per corpus NAME/{bandit,warden}.json, table.md,
#   bandit-only.txt, warden-only.txt, warden-unassigned.txt, near.txt (unmatched findings
#   with their source line, for reading differences; '[nosec]' marks suppressed lines).
# Deterministic: same inputs, same tables and lists (only the times change).
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
if [[ $# -gt 1 ]]; then usage >&2; exit 2; fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
warden=${1:-$root/build/release/cli/warden}
read -r -a corpora <<<"${WARDEN_PARITY_CORPORA:-stdlib python3-django python3-sklearn python3-scipy python3-torch}"
read -r -a warden_args <<<"${WARDEN_PARITY_ARGS:-scan --profile bandit --format json}"
cache=${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}
out=${WARDEN_PARITY_OUT:-/tmp/warden-parity}
str_ids=B104,B105,B108,B608  # Bandit 1.6.2's string-literal checks (see bandit_str_fix.py)
stdlib=${WARDEN_PARITY_STDLIB:-/usr/lib/python3.11}

reference=${WARDEN_PARITY_BANDIT:-debian}
case $reference in
  debian|current) ;;
  *) echo "bandit_parity.sh: WARDEN_PARITY_BANDIT is '$reference': use debian or current" >&2; exit 2 ;;
esac
missing=0
if [[ $reference == current ]]; then
  for module in stevedore yaml rich; do
    /usr/bin/python3 -c "import $module" 2>/dev/null || {
      echo "bandit_parity.sh: Bandit's current release needs python3-$module (as root: apt-get install -y python3-$module)" >&2
      missing=1
    }
  done
elif ! command -v bandit >/dev/null; then
  echo "bandit_parity.sh: 'bandit' not found: install Debian's bandit 1.6.2 (as root: apt-get install -y bandit)" >&2
  missing=1
fi
if ! command -v python3 >/dev/null; then
  echo "bandit_parity.sh: 'python3' not found (as root: apt-get install -y python3)" >&2
  missing=1
fi
if [[ ! -x $warden ]]; then
  echo "bandit_parity.sh: no warden binary at $warden (build it, e.g. cmake --preset release && cmake --build build/release, or pass its path)" >&2
  missing=1
fi
((missing == 0)) || exit 1
if [[ $reference == current ]]; then
  bandit_site=$("$here/fetch_bandit_current.sh" "$cache")
  bandit_cmd=(env "PYTHONPATH=$bandit_site" /usr/bin/python3 -m bandit)
else
  bandit_cmd=(bandit)
  # The interpreter Bandit runs under (its script's #! line), for bandit_str_fix.py.
  bandit_python=$(sed -n '1s/^#! *//p' "$(command -v bandit)")
  [[ -x ${bandit_python%% *} ]] || bandit_python=python3
fi
warden=$(cd "$(dirname "$warden")" && pwd)/$(basename "$warden")

# Resolve corpora to NAME=TREE; fetch the Debian packages first (one fetch_corpus.sh call).
packages=()
for entry in "${corpora[@]}"; do
  case $entry in
    stdlib|*=*) ;;
    *) packages+=("$entry") ;;
  esac
done
if ((${#packages[@]})); then
  WARDEN_CORPUS_PACKAGES="${packages[*]}" WARDEN_CORPUS_MIN_LINES=0 \
    "$here/fetch_corpus.sh" "$cache" >/dev/null 2>"${TMPDIR:-/tmp}/bandit_parity.fetch.$$" || {
      cat "${TMPDIR:-/tmp}/bandit_parity.fetch.$$" >&2
      rm -f "${TMPDIR:-/tmp}/bandit_parity.fetch.$$"
      echo "bandit_parity.sh: could not fetch ${packages[*]} with fetch_corpus.sh" >&2
      exit 1
    }
  rm -f "${TMPDIR:-/tmp}/bandit_parity.fetch.$$"
  cache=$(cd "$cache" && pwd)
fi
specs=()
for entry in "${corpora[@]}"; do
  case $entry in
    stdlib) tree=$stdlib; name=stdlib ;;
    *=*) name=${entry%%=*}; tree=${entry#*=} ;;
    *) name=$entry; tree=$cache/pkg/$entry/usr/lib/python3/dist-packages ;;
  esac
  [[ -d $tree ]] || { echo "bandit_parity.sh: corpus $name: no directory $tree" >&2; exit 1; }
  specs+=("$name=$(cd "$tree" && pwd)")
done

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# timed_json OUT CMD...: runs CMD (its standard output to OUT unless CMD writes OUT itself with
# -o), logs it to commands.txt, sets $seconds; stops the run when OUT is not a JSON document.
timed_json() {
  local json=$1 err=${1%.json}.stderr
  shift
  local start
  start=$(now)
  if [[ " $* " == *" -o $json "* ]]; then
    echo "+ $*" | tee -a "$out/commands.txt" >&2
    "$@" 2>"$err" || true
  else
    echo "+ $* > $json" | tee -a "$out/commands.txt" >&2
    "$@" >"$json" 2>"$err" || true
  fi
  seconds=$(since "$start")
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$json" 2>/dev/null || {
    tail -n 20 "$err" >&2
    echo "bandit_parity.sh: $1 wrote no JSON report ($json)" >&2
    exit 1
  }
}
count_lines() { find "$1" -type f -name '*.py' -print0 | LC_ALL=C sort -z | xargs -0 -r cat | wc -l; }

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before the runs)"
  echo "bandit: $("${bandit_cmd[@]}" --version 2>/dev/null | head -n 1 | sed 's/^__main__.py/bandit/') ($("${bandit_cmd[@]}" --version 2>/dev/null | sed -n 's/^ *python version = \([^ ]*\).*/python \1/p')); reference: $reference"
  echo "warden: $("$warden" --version 2>/dev/null | head -n 1) ($warden)"
  echo "python3: $(python3 --version 2>&1)"
} | tee "$out/header.txt" >&2

cd "$root"
: >"$out/commands.txt"
for spec in "${specs[@]}"; do
  name=${spec%%=*}
  tree=${spec#*=}
  dir=$out/$name
  mkdir -p "$dir"
  files=$(find "$tree" -type f -name '*.py' | wc -l)
  lines=$(count_lines "$tree")

  # Each tool exits 1 when it reports anything; a missing or unreadable report is the failure.
  timed_json "$dir/bandit.json" "${bandit_cmd[@]}" -r "$tree" -f json -q -o "$dir/bandit.json"
  bandit_s=$seconds
  bandit_str_s=0
  if [[ $reference == debian ]]; then
    # Bandit 1.6.2 runs no string-literal check on Python >= 3.8; a second run with Bandit
    # 1.7's fix (benchmarks/bandit_str_fix.py) gives those ids' findings.
    timed_json "$dir/bandit-str.json" "$bandit_python" "$here/bandit_str_fix.py" -r "$tree" -t "$str_ids" -f json -q \
      -o "$dir/bandit-str.json"
    bandit_str_s=$seconds
  fi
  timed_json "$dir/warden.json" "$warden" "${warden_args[@]}" "$tree"
  warden_s=$seconds
  printf 'files=%s\nlines=%s\nbandit_seconds=%s\nbandit_str_seconds=%s\nwarden_seconds=%s\ntree=%s\n' \
    "$files" "$lines" "$bandit_s" "$bandit_str_s" "$warden_s" "$tree" >"$dir/meta.txt"
  echo "$name: $files files, $lines lines; bandit ${bandit_s} s, warden ${warden_s} s" >&2
done

cmd=(env "WARDEN_PARITY_REFERENCE=$reference" python3 "$here/bandit_parity.py" "$out" "${specs[@]}")
echo "+ ${cmd[*]}" | tee -a "$out/commands.txt" >&2
{
  sed 's/^/    /' "$out/header.txt"
  echo
  echo "Commands:"
  echo
  sed 's/^/    /' "$out/commands.txt"
  echo
  "${cmd[@]}"
  echo
  echo "Unmatched findings, one list per corpus: $out/NAME/{bandit-only,warden-only,warden-unassigned,near}.txt"
} >"$out/report.md"
cat "$out/report.md"
