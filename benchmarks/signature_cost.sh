#!/usr/bin/env bash
# The signature pack on ordinary code: how many matches (the goal is none) and what it costs,
# against Debian's yara CLI running the same .yar files over the same trees.
#
#   benchmarks/signature_cost.sh [WARDEN]
#
# WARDEN defaults to build/release/cli/warden. Trees: the CPython standard library
# (/usr/lib/python3.11) and the whole unpacked packages python3-torch and python3-django
# (every file, not only .py), fetched with fetch_corpus.sh's cache ($WARDEN_CORPUS_DIR, else
# /tmp/warden-corpora). Jobs: $WARDEN_JOBS (default 2). For each tree it prints the files and
# bytes scanned, Warden's yara.* findings plus signature-scan errors ("problems"), the wall time of `warden scan --checks '-*,yara.*'`
# and of `yara -r -p JOBS` with the same rules, and their ratio. Needs python3 (to read the JSON)
# and yara (apt-get install yara) for the peer column.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
warden=${1:-$root/build/release/cli/warden}
jobs=${WARDEN_JOBS:-2}
cache=${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}
[[ -x $warden ]] || { echo "signature_cost.sh: no warden binary at $warden (build the release preset)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Unpacks the packages (fetch_corpus.sh keeps them under $cache/pkg/NAME).
WARDEN_CORPUS_PACKAGES="python3-torch python3-django" WARDEN_CORPUS_MIN_LINES=0 \
  "$here/fetch_corpus.sh" "$cache" >/dev/null 2>"$tmp/fetch.err" || { cat "$tmp/fetch.err" >&2; exit 1; }

trees=(/usr/lib/python3.11 "$cache/pkg/python3-torch/usr/lib/python3/dist-packages"
       "$cache/pkg/python3-django/usr/lib/python3/dist-packages")
mapfile -t rules < <(find "$root/rulesets" -name '*.yar' | sort)

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
printf '%-58s %7s %9s %8s %10s %9s %6s\n' tree files MB problems "warden s" "yara s" ratio
status=0
for tree in "${trees[@]}"; do
  [[ -d $tree ]] || { echo "signature_cost.sh: missing $tree" >&2; status=1; continue; }
  start=$(now)
  "$warden" scan --checks '-*,yara.*' --jobs "$jobs" --format json "$tree" >"$tmp/out.json" || true
  warden_s=$(since "$start")
  read -r files findings < <(python3 - "$tmp/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
yara = [f for f in d["findings"] if f["rule_id"].startswith("yara.")]
for f in yara:  # each match on ordinary code is a false positive worth reading
    print(f"{f['file']}:{f['start']['line']}: {f['rule_id']}", file=sys.stderr)
errors = [x for x in d["diagnostics"] if x["code"] == "signature-scan"]
for x in errors:
    print(f"{x['file']}: {x['message']}", file=sys.stderr)
print(d["summary"]["files_analysed"], len(yara) + len(errors))
PY
  )
  mb=$(du -sb "$tree" | awk '{printf "%.1f", $1 / 1e6}')
  yara_s=-
  ratio=-
  if command -v yara >/dev/null; then
    start=$(now)
    yara -w -r -p "$jobs" "${rules[@]}" "$tree" >"$tmp/yara.txt" 2>/dev/null || true
    yara_s=$(since "$start")
    ratio=$(awk -v w="$warden_s" -v y="$yara_s" 'BEGIN { printf "%.2f", w / y }')
  fi
  printf '%-58s %7s %9s %8s %10s %9s %6s\n' "$tree" "$files" "$mb" "$findings" "$warden_s" "$yara_s" "$ratio"
  ((findings == 0)) || status=1
done
exit $status
