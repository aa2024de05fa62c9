#!/usr/bin/env bash
# docs/profiles.md agrees with the profiles: it names every check of the Bandit pack (by Bandit
# id, a row or a range such as B313–B319), once, with a reason; its "Kept" table is exactly the
# Bandit checks the default profile enables. Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'x = 1\n' >"$tmp/clean.py"
for profile in bandit default; do
  "$WARDEN" scan --profile "$profile" --format json "$tmp/clean.py" >"$tmp/$profile.json" 2>"$tmp/$profile.err"
  rc=$?
  if [[ $rc -ne 0 ]]; then echo "FAIL: scan --profile $profile exited $rc: $(head -c 300 "$tmp/$profile.err")"; exit 1; fi
done

python3 - "$tmp/bandit.json" "$tmp/default.json" "$WARDEN_SOURCE_DIR/docs/profiles.md" <<'PY'
import json, re, sys

def bandit_ids(path, pack_only):
    rules = json.load(open(path, encoding="utf-8"))["rules"]
    out = {}
    for r in rules:
        if pack_only and not re.match(r"^(yara\.)?bandit-", r["id"]):
            continue
        out[r["xrefs"].get("bandit", "?")] = r["id"]
    return out

pack = bandit_ids(sys.argv[1], False)
default_kept = bandit_ids(sys.argv[2], True)
doc = open(sys.argv[3], encoding="utf-8").read()
kept_part = doc[doc.index("\nKept:"):doc.index("\nLeft out")]
left_part = doc[doc.index("\nLeft out"):]

def rows(text):
    ids = []
    for line in text.splitlines():
        m = re.match(r"^\| (B\d{3})(?:–(B\d{3}))? \|", line)
        if not m:
            continue
        if m.group(2):
            lo, hi = int(m.group(1)[1:]), int(m.group(2)[1:])
            ids += [f"B{n}" for n in range(lo, hi + 1) if f"B{n}" in pack]
        else:
            ids.append(m.group(1))
    return ids

kept, left = rows(kept_part), rows(left_part)
failed = 0
def check(ok, text):
    global failed
    print(("PASS: " if ok else "FAIL: ") + text)
    failed += not ok

documented = kept + left
check(len(documented) == len(set(documented)), f"each Bandit id is documented once ({len(documented)} rows)")
missing = sorted(set(pack) - set(documented))
check(not missing, f"docs/profiles.md names all {len(pack)} checks of the Bandit pack" + (f"; missing {missing}" if missing else ""))
unknown = sorted(set(documented) - set(pack))
check(not unknown, "every documented id is a check of the pack" + (f"; unknown {unknown}" if unknown else ""))
check(set(kept) == set(default_kept),
      f"'Kept' is what the default profile enables: {sorted(kept)}"
      + ("" if set(kept) == set(default_kept) else f" vs enabled {sorted(default_kept)}"))
print(f"profiles: {'0 failed' if not failed else f'{failed} failed'}")
sys.exit(1 if failed else 0)
PY
