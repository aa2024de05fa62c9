#!/usr/bin/env bash
# --format bandit-json is Bandit's document: on tests/data/bandit/, Debian's Bandit
# (`bandit -r DIR -f json`) and `warden scan --profile bandit --format bandit-json DIR` give
# the same results (every field Bandit writes, code excerpts included), the same metrics
# (loc, nosec, counts) and the same files in errors. Warden adds Bandit 1.8's fields
# (col_offset, end_col_offset, issue_cwe, skipped_tests). Run by ctest with WARDEN and
# WARDEN_SOURCE_DIR set; skipped (77) without bandit (scripts/setup.sh --tests installs it).
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }
command -v bandit >/dev/null || { echo "SKIP: bandit is not installed (scripts/setup.sh --tests)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$WARDEN_SOURCE_DIR/tests/data" || exit 1
bandit -r bandit -f json -q -o "$tmp/bandit.json" 2>"$tmp/bandit.err"
"$WARDEN" scan --profile bandit --format bandit-json bandit >"$tmp/warden.json" 2>"$tmp/warden.err"
rc=$?
if [[ $rc -ne 1 ]]; then echo "FAIL: warden exited $rc (expected 1, findings): $(head -c 300 "$tmp/warden.err")"; exit 1; fi

python3 - "$tmp/bandit.json" "$tmp/warden.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
w = json.load(open(sys.argv[2], encoding="utf-8"))
failed = 0
def check(ok, text):
    global failed
    print(("PASS: " if ok else "FAIL: ") + text)
    failed += not ok

check(sorted(b) == sorted(w), f"top-level keys equal: {sorted(w)}")
key = lambda r: (r["filename"], r["line_number"], r["test_id"])
bres = {key(r): r for r in b["results"]}
wres = {key(r): r for r in w["results"]}
check(sorted(bres) == sorted(wres), f"the same {len(bres)} findings (file, line, test id): "
      f"only Bandit {sorted(set(bres) - set(wres))}, only Warden {sorted(set(wres) - set(bres))}")
# Warden's line_range is the finding's first to last line, as Bandit 1.8 gives it (the node's
# lineno to end_lineno); Bandit 1.6.2 gives some nodes (an except handler) their first line only.
def same(field, bv, wv):
    return bv == wv or (field == "line_range" and wv[:len(bv)] == bv)
# Texts Bandit changed after 1.6.2, which the rules follow (Bandit 1.9's): (id, 1.6.2's, Warden's).
TEXT_1_9 = {("B404", "Consider possible security implications associated with subprocess module.",
             "Consider possible security implications associated with the subprocess module.")}
diffs = [f"{k}: {f} {r[f]!r} != {wres[k].get(f)!r}" for k, r in sorted(bres.items()) if k in wres
         for f in r if not same(f, r[f], wres[k].get(f))
         and not (f == "issue_text" and (k[2], r[f], wres[k].get(f)) in TEXT_1_9)]
check(not diffs, "every field Bandit writes is equal (line_range: 1.6.2's, or 1.8's to the last line)"
      + "".join("\n    " + d for d in diffs))
extra = {"col_offset", "end_col_offset", "issue_cwe"}
check(all(set(r) == set(next(iter(bres.values()))) | extra for r in w["results"]),
      "Warden's results have Bandit's keys and Bandit 1.8's col_offset, end_col_offset, issue_cwe")
mdiffs = [f"{f}: {k} {v!r} != {w['metrics'].get(f, {}).get(k)!r}"
          for f, m in b["metrics"].items() for k, v in m.items() if w["metrics"].get(f, {}).get(k) != v]
check(not mdiffs, "metrics equal (loc, nosec, counts, per file and _totals)" + "".join("\n    " + d for d in mdiffs))
check(sorted(e["filename"] for e in b["errors"]) == sorted(e["filename"] for e in w["errors"]),
      f"the same files in errors: {sorted(e['filename'] for e in w['errors'])}")
print(f"bandit_json: {'0 failed' if not failed else f'{failed} failed'}")
sys.exit(1 if failed else 0)
PY
