#!/usr/bin/env bash
# Scans examples/sample-model and checks the exact findings: each risky call is found
# (through aliases, variable aliases, __import__, and a relative import of a name that
# another file of the repository re-exports) and none of the safe look-alikes is.
# Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

sample="$WARDEN_SOURCE_DIR/examples/sample-model"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# (path relative to the sample, line, rule id), one per line, sorted.
expected="\
modeling_sample.py	72	py-deser-torch-load
modeling_sample.py	79	py-exec-os-system
modeling_sample.py	82	py-exec-dynamic-code
utils/loading.py	23	py-deser-yaml-load
utils/loading.py	31	py-deser-pickle
utils/loading.py	39	py-exec-subprocess-shell
utils/loading.py	40	py-net-tls-verify-disabled
utils/loading.py	47	py-exec-os-system
utils/loading.py	51	py-exec-os-system
utils/loading.py	56	py-exec-os-system"

# --- JSON: the exact set of findings, exit code 1 ---------------------------------
"$WARDEN" scan "$sample" --format json >"$tmp/out.json" 2>"$tmp/err.txt"
rc=$?
if [[ $rc -eq 1 ]]; then pass "json scan exits 1 (findings)"; else fail "json scan exit code $rc, expected 1; stderr: $(head -c 2000 "$tmp/err.txt")"; fi

if python3 - "$tmp/out.json" "$sample" >"$tmp/actual.txt" 2>"$tmp/py.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
root = sys.argv[2].rstrip("/") + "/"
rows = []
for f in doc["findings"]:
    path = f["file"]
    if path.startswith(root):
        path = path[len(root):]
    rows.append((path, f["start"]["line"], f["rule_id"]))
for path, line, rule in sorted(rows):
    print(f"{path}\t{line}\t{rule}")
PY
then
  if diff <(printf '%s\n' "$expected") "$tmp/actual.txt" >"$tmp/diff.txt"; then
    pass "json findings are exactly the expected $(wc -l <"$tmp/actual.txt")"
  else
    fail "json findings differ from the expected set (< expected, > actual):"
    cat "$tmp/diff.txt"
  fi
else
  fail "json output does not have the documented shape: $(cat "$tmp/py.txt")"
  head -c 2000 "$tmp/out.json"; echo
fi

# --- Text: clang-style lines, exit code 1 ------------------------------------------
"$WARDEN" scan "$sample" >"$tmp/out.txt" 2>"$tmp/err.txt"
rc=$?
if [[ $rc -eq 1 ]]; then pass "text scan exits 1"; else fail "text scan exit code $rc, expected 1"; fi
if grep -Eq '^(.*/)?modeling_sample\.py:72:[0-9]+: warning: .*\[py-deser-torch-load\]$' "$tmp/out.txt"; then
  pass "text output has modeling_sample.py:72:COL: warning: ... [py-deser-torch-load]"
else
  fail "text output lacks 'modeling_sample.py:72:COL: warning: ... [py-deser-torch-load]'; got:"
  head -n 40 "$tmp/out.txt"
fi
n_text=$(grep -Ec '^[^ ].*\.py:[0-9]+:[0-9]+: (warning|error): .*\[py-[a-z-]+\]$' "$tmp/out.txt")
n_expected=$(printf '%s\n' "$expected" | wc -l)
if [[ $n_text -eq $n_expected ]]; then
  pass "text output has $n_text finding lines"
else
  fail "text output has $n_text finding lines, expected $n_expected"
fi

if ((failures)); then echo "sample_scan: $failures check(s) failed"; exit 1; fi
echo "sample_scan: all checks passed"
