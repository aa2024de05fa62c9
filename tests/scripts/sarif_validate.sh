#!/usr/bin/env bash
# Validates Warden's SARIF with Microsoft's SARIF Multitool, applying both the SARIF
# rules and GitHub code scanning's ingestion rules (--rule-kind "Gh;Sarif"). Checks:
#   - a scan of examples/sample-model (results, rules, code flows, skipped-file notes);
#   - a scan of a file with a syntax error (diagnostic notifications);
#   - the golden file tests/data/golden/report.sarif written by the report tests.
# Run by ctest with WARDEN, WARDEN_SOURCE_DIR and WARDEN_BINARY_DIR set. Needs npm (once,
# to install the Multitool into the build tree) and python3.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
: "${WARDEN_BINARY_DIR:?set WARDEN_BINARY_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

multitool_version=5.7.0
install_dir="$WARDEN_BINARY_DIR/_deps/sarif-multitool"
# Run the native binary directly: the npm wrapper passes arguments through a shell,
# which splits "Gh;Sarif" at the ';'.
multitool="$install_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

install_multitool() {
  [[ -f "$multitool" ]] && { chmod u+x "$multitool"; return 0; }
  command -v npm >/dev/null || { echo "FAIL: npm is needed to install the SARIF Multitool (scripts/setup.sh)"; return 1; }
  echo "installing @microsoft/sarif-multitool@$multitool_version into $install_dir"
  mkdir -p "$install_dir" || return 1
  (cd "$install_dir" && npm install --no-save --no-audit --no-fund "@microsoft/sarif-multitool@$multitool_version") ||
    { echo "FAIL: npm install of the SARIF Multitool failed"; return 1; }
  # npm 11 does not run the package's postinstall script, which only does this.
  chmod u+x "$multitool"
}

# validate NAME FILE: runs the Multitool; passes when it ran and reported no error.
validate() {
  local name=$1 file=$2 log="$tmp/validation-$1.sarif" console="$tmp/validation-$1.txt"
  "$multitool" validate "$file" --rule-kind "Gh;Sarif" --output "$log" --log ForceOverwrite >"$console" 2>&1
  local rc=$?
  echo "--- SARIF Multitool output for $name ($file):"
  grep -v '^[[:space:]]*$' "$console"
  # The exit code is 0 even when the file has errors; count them in the validation log
  # (results default to level "warning" when the level is absent).
  local errors
  errors=$(python3 - "$log" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
except (OSError, ValueError) as e:
    print(f"unreadable validation log: {e}")
    sys.exit(0)
for run in doc.get("runs", []):
    for result in run.get("results", []):
        if result.get("level", "warning") == "error":
            print(result.get("ruleId"))
    for invocation in run.get("invocations", []):
        if invocation.get("executionSuccessful") is False:
            print("validator execution failed")
PY
)
  if [[ $rc -ne 0 ]]; then
    fail "$name: SARIF Multitool exit code $rc"
  elif [[ -n "$errors" ]] || grep -qE '(^|: )error [A-Z]+[0-9]+' "$console"; then
    fail "$name: validation errors (see the output above): $(echo $errors)"
  else
    pass "$name: valid SARIF 2.1.0, no GitHub ingestion errors"
  fi
}

# scan NAME ARGS...: runs `warden scan ARGS --format sarif -o $tmp/NAME.sarif`; 0 (clean)
# and 1 (findings) are both fine, 2 is a failure.
scan() {
  local name=$1
  shift
  "$WARDEN" scan "$@" --format sarif -o "$tmp/$name.sarif" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [[ $rc -gt 1 || ! -s "$tmp/$name.sarif" ]]; then
    fail "$name: warden exit code $rc, output $(wc -c <"$tmp/$name.sarif" 2>/dev/null || echo missing) bytes; stderr: $(head -c 2000 "$tmp/$name.err")"
    return 1
  fi
}

# has_notifications FILE LEVEL: the SARIF reports a tool execution notification at LEVEL.
has_notifications() {
  python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
notes = doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
sys.exit(0 if any(n.get("level") == sys.argv[2] for n in notes) else 1)
PY
}

install_multitool || exit 1

if scan sample "$WARDEN_SOURCE_DIR/examples/sample-model"; then
  validate sample "$tmp/sample.sarif"
fi

mkdir -p "$tmp/broken"
printf 'import os\n\ndef load(path:\n    os.system("ls " + path)\n' >"$tmp/broken/broken_model.py"
if scan syntax-error "$tmp/broken"; then
  if has_notifications "$tmp/syntax-error.sarif" error; then pass "syntax-error: reported as an error notification"
  else fail "syntax-error: no error-level toolExecutionNotification in the SARIF"; fi
  validate syntax-error "$tmp/syntax-error.sarif"
fi

# A flow across files: its codeFlow's locations are in more than one file, source first.
if scan flow "$WARDEN_SOURCE_DIR/rulesets/taint/py-flow-download-to-exec"; then
  if python3 - "$tmp/flow.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for result in doc["runs"][0]["results"]:
    for flow in result.get("codeFlows", []):
        steps = flow["threadFlows"][0]["locations"]
        files = {s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in steps}
        first = steps[0]["location"].get("message", {}).get("text", "")
        if len(files) > 1 and first.startswith("source:"):
            sys.exit(0)
sys.exit(1)
PY
  then pass "flow: a codeFlow crosses files, starting at its source"
  else fail "flow: no codeFlow with steps in several files starting at a source"; fi
  validate flow "$tmp/flow.sarif"
fi

golden="$WARDEN_SOURCE_DIR/tests/data/golden/report.sarif"
if [[ -f "$golden" ]]; then validate golden "$golden"
else fail "golden: $golden is missing"; fi

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all SARIF checks passed"
