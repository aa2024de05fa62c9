#!/usr/bin/env bash
# The YARA signature packs (rulesets/yara/*.yar, checks `yara.<file stem>.<rule>`) stay quiet on
# ordinary code: `warden scan --checks '-*,yara.*'` reports no yara.* finding on the CPython
# standard library, torch and Django, every file of those trees (not only .py: .pyc, .so, .po,
# templates, docs). The trees are the installed ones when present, and the unpacked Debian
# packages under ${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}/pkg/ (python3-torch, python3-django).
# Exits 77 (skipped) when none of them exists. Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -euo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

corpus_dir="${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}"
candidates=(
  /usr/lib/python3.11
  /usr/lib/python3/dist-packages/torch
  /usr/lib/python3/dist-packages/django
  "$corpus_dir/pkg/python3-torch/usr/lib/python3/dist-packages"
  "$corpus_dir/pkg/python3-django/usr/lib/python3/dist-packages"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
checked=0
for dir in "${candidates[@]}"; do
  if [[ ! -d "$dir" ]]; then
    echo "not present: $dir"
    continue
  fi
  checked=$((checked + 1))
  files=$(find "$dir" -type f | wc -l)
  lines=$(find "$dir" -type f -name '*.py' -exec cat {} + | wc -l)
  echo "corpus: $dir ($files files, $lines lines of .py)"

  rc=0
  "$WARDEN" scan --checks '-*,yara.*' --format json "$dir" >"$tmp/out.json" 2>"$tmp/err.txt" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "FAIL: $dir: warden scan exited $rc: $(head -c 2000 "$tmp/err.txt")"
    failed=$((failed + 1))
    continue
  fi
  # Every finding whose rule id starts with yara. is a false positive here: print them.
  if python3 - "$tmp/out.json" >"$tmp/hits.txt" 2>"$tmp/py.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
hits = [f for f in doc["findings"] if f["rule_id"].startswith("yara.")]
for f in hits[:50]:
    print(f"  {f['file']}:{f['start']['line']}: {f['rule_id']}")
if len(hits) > 50:
    print(f"  ... and {len(hits) - 50} more")
sys.exit(1 if hits else 0)
PY
  then
    echo "PASS: $dir: no yara.* finding"
    passed=$((passed + 1))
  elif [[ -s "$tmp/py.txt" ]]; then
    echo "FAIL: $dir: the JSON report does not have the documented shape: $(head -c 2000 "$tmp/py.txt")"
    failed=$((failed + 1))
  else
    echo "FAIL: $dir: yara.* findings on ordinary code:"
    cat "$tmp/hits.txt"
    failed=$((failed + 1))
  fi
done

if ((checked == 0)); then
  echo "SKIP: none of the corpora exists (${candidates[*]})"
  exit 77
fi
echo "yara_quiet: $passed passed, $failed failed"
((failed == 0))
