#!/usr/bin/env bash
# Bandit's current release and Warden on Warden's own Bandit test files (rulesets/bandit/*.py),
# case by case: for every finding Bandit reports with the file's own check id, is there a
# Warden finding of that id on its line (or within Bandit's line range), with the same severity,
# confidence and text? The test files hold each case of Bandit's documentation and the cases
# where the two tools differ on purpose (commented beside their `ok:` or `ruleid:` lines), so
# this is the check-by-check agreement with the release Warden's rules follow.
#
#   benchmarks/bandit_cases.sh [WARDEN]
#
# WARDEN defaults to build/release/cli/warden. Bandit is fetched by
# benchmarks/fetch_bandit_current.sh (Debian unstable's python3-bandit, never installed) and run
# with /usr/bin/python3 (needs python3-stevedore, python3-yaml, python3-rich). Prints a summary
# line and one line per differing case; exits 0 (it measures, it does not gate).
set -euo pipefail

case "${1:-}" in
  -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
warden=${1:-$root/build/release/cli/warden}
[[ -x $warden ]] || { echo "bandit_cases.sh: no warden binary at $warden" >&2; exit 1; }
site=$("$here/fetch_bandit_current.sh")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
PYTHONPATH=$site /usr/bin/python3 -m bandit -q -f json -o "$tmp/bandit.json" rulesets/bandit/*.py 2>"$tmp/bandit.err" || true
"$warden" scan --profile bandit --format json -o "$tmp/warden.json" rulesets/bandit/*.py 2>"$tmp/warden.err" || true
version=$(PYTHONPATH=$site /usr/bin/python3 -m bandit --version 2>/dev/null | head -n 1 | sed 's/^__main__.py/bandit/')

/usr/bin/python3 - "$tmp/bandit.json" "$tmp/warden.json" "$version" <<'PY'
import collections, json, sys

bandit = json.load(open(sys.argv[1]))["results"]
warden = json.load(open(sys.argv[2]))
norm = lambda p: p[2:] if p.startswith("./") else p
ids = {r["id"]: (r.get("xrefs") or {}).get("bandit") for r in warden["rules"]}
found = collections.defaultdict(list)
for f in warden["findings"]:
    if ids.get(f["rule_id"]):
        found[(norm(f["file"]), ids[f["rule_id"]])].append(f)
# A test file exercises its own check: bandit-b105-....py is B105's.
own = lambda path, tid: path.rsplit("/", 1)[-1].startswith("bandit-" + tid.lower() + "-")

same = 0
differ = []
matched = set()
for r in sorted(bandit, key=lambda r: (r["filename"], r["line_number"], r["test_id"])):
    path, tid = norm(r["filename"]), r["test_id"]
    if not own(path, tid):
        continue
    lines = r.get("line_range") or [r["line_number"]]
    here = [f for f in found[(path, tid)] if f["start"]["line"] == r["line_number"]] or \
           [f for f in found[(path, tid)] if min(lines) <= f["start"]["line"] <= max(lines)]
    if not here:
        differ.append(f"{path}:{r['line_number']}: {tid} only Bandit: {r['issue_text']}")
        continue
    f = here[0]
    matched.add(id(f))
    rating = (f["severity"].upper().replace("CRITICAL", "HIGH"), f["confidence"].upper())
    if rating == (r["issue_severity"], r["issue_confidence"]) and f["message"].strip() == r["issue_text"].strip():
        same += 1
    else:
        differ.append(f"{path}:{r['line_number']}: {tid} Bandit {r['issue_severity'].lower()}/"
                      f"{r['issue_confidence'].lower()} {r['issue_text']!r}, Warden {rating[0].lower()}/"
                      f"{rating[1].lower()} {f['message']!r}")
warden_only = sum(1 for (path, tid), fs in found.items() if own(path, tid) for f in fs if id(f) not in matched)
total = same + len(differ)
print(f"{sys.argv[3]} on rulesets/bandit/*.py: {total} findings of each file's own check; "
      f"{same} with Warden's finding there at the same severity, confidence and text, {len(differ)} not; "
      f"{warden_only} Warden findings Bandit does not report (the cases commented 'Bandit misses this')")
for line in differ:
    print("  " + line)
PY
