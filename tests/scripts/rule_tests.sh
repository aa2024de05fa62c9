#!/usr/bin/env bash
# `warden test-rules`: every rule pack under rulesets/ passes its annotated tests, and a
# deliberately wrong fixture (tests/data/rules/failing/) fails with exit 1, naming each
# mismatched line. Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

# --- the shipped rule packs ----------------------------------------------------------
"$WARDEN" test-rules "$WARDEN_SOURCE_DIR/rulesets" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 0 ]]; then
  pass "test-rules rulesets/: exit 0, $(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/out")"
else
  fail "test-rules rulesets/: exit $rc, expected 0; output:"
  cat "$tmp/out" "$tmp/err"
fi
# Every rule file (and YARA file) of the packs was tested (one summary line each).
rule_files=$(find "$WARDEN_SOURCE_DIR/rulesets" -name '*.rule' -o -name '*.yar' | wc -l)
summaries=$(grep -cE '\.(rule|yar): [0-9]+ passed, [0-9]+ failed' "$tmp/out")
if ((rule_files > 0 && summaries == rule_files)); then pass "test-rules tested all $rule_files rule files"
else fail "test-rules: $summaries summary lines for $rule_files rule files"; fi
if grep -qE '^[0-9]+ passed, 0 failed$' "$tmp/out"; then pass "totals line: $(grep -E '^[0-9]+ passed' "$tmp/out")"
else fail "no 'N passed, 0 failed' totals line"; fi

# --- the deliberately failing fixture -----------------------------------------------
fixture="$WARDEN_SOURCE_DIR/tests/data/rules/failing"
"$WARDEN" test-rules "$fixture" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 1 ]]; then pass "test-rules on the failing fixture: exit 1"
else fail "test-rules on the failing fixture: exit $rc, expected 1: $(head -c 600 "$tmp/out" "$tmp/err")"; fi

py="$fixture/wrong-annotations.py"
expect_line() {  # expect_line LINE DESCRIPTION: LINE is one whole line of the output
  if grep -qxF -- "$1" "$tmp/out"; then pass "failing fixture: $2"
  else fail "failing fixture: $2: no line '$1' in: $(tr '\n' '|' <"$tmp/out")"; fi
}
expect_line "${py}:9:1: error: expected finding of 'fixture-os-system' here" "names the missing finding on line 9"
expect_line "${py}:13:1: error: unexpected finding of 'fixture-os-system': os.system runs a shell command" \
  "names the unexpected finding on line 13 (annotated ok)"
expect_line "${py}:16:1: error: unexpected finding of 'fixture-os-system': os.system runs a shell command" \
  "names the unannotated finding on line 16"
expect_line "1 passed, 3 failed" "totals: 1 passed, 3 failed"
if grep -qE '^1 todoruleid' "$tmp/out"; then pass "failing fixture: counts the todoruleid"
else fail "failing fixture: no '1 todoruleid' count: $(tail -n 2 "$tmp/out" | tr '\n' '|')"; fi
if grep -qE 'wrong-annotations\.py:(5|20):' "$tmp/out"; then
  fail "failing fixture: a passing or todo line is reported: $(grep -E 'wrong-annotations\.py:(5|20):' "$tmp/out")"
else
  pass "failing fixture: lines 5 (passes) and 20 (todo) are not reported"
fi

# --- a rule file without its test file ----------------------------------------------
cp "$fixture/wrong-annotations.rule" "$tmp/lonely.rule"
"$WARDEN" test-rules "$tmp/lonely.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 1 ]] && grep -qF "lonely.rule: error: no test file lonely.py" "$tmp/out"; then
  pass "a rule file without its .py: exit 1, 'no test file lonely.py'"
else
  fail "a rule file without its .py: exit $rc (expected 1): $(head -c 400 "$tmp/out" "$tmp/err")"
fi

# --- `(severity: S, confidence: C)` after a ruleid: each case rated as annotated -------
cat >"$tmp/rated.rule" <<'RULE'
rule rated {
  title: "t"
  message: "m"
  severity: high
  confidence: high
  match: any {
    all { `f($X)`  where int($X) > 10  report { severity: low  confidence: medium } }
    `f($X)`
  }
}
RULE
cat >"$tmp/rated.py" <<'PY'
# ruleid: rated (severity: low, confidence: medium)
f(11)
# ruleid: rated (severity: high)
f(1)
# ruleid: rated (severity: low)
f(2)
# ruleid: rated (confidence: high)
f(12)
# ruleid: rated (colour: red)
f(3)
# ok: rated (severity: low)
f(x)
PY
"$WARDEN" test-rules "$tmp/rated.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
rated="$tmp/rated.py"
expect_line "${rated}:6:1: error: expected 'rated' here with severity low, found severity high, confidence high" \
  "a severity other than annotated"
expect_line "${rated}:8:1: error: expected 'rated' here with confidence high, found severity low, confidence medium" \
  "a confidence other than annotated"
expect_line "${rated}:9:1: error: 'colour: red' after 'rated': expected severity: low|medium|high|critical or confidence: low|medium|high" \
  "an unknown expectation"
expect_line "${rated}:11:1: error: '(...)' after 'rated' is only for 'ruleid:'" "expectations after ok:"
if [[ $rc -eq 1 ]] && grep -qxF "2 passed, 6 failed" "$tmp/out"; then pass "rated cases: exit 1, 2 passed, 6 failed"
else fail "rated cases: exit $rc: $(tr '\n' '|' <"$tmp/out")"; fi

# --- a rule file that does not load: exit 2 ------------------------------------------
printf 'rule broken {\n  title: "x"\n' >"$tmp/broken.rule"
printf 'import os\n' >"$tmp/broken.py"
"$WARDEN" test-rules "$tmp/broken.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 2 ]] && grep -qF "broken.rule:" "$tmp/err"; then pass "a rule file that does not load: exit 2, errors on stderr"
else fail "a rule file that does not load: exit $rc (expected 2): $(head -c 400 "$tmp/err")"; fi

echo "rule_tests: $passed passed, $failed failed"
((failed == 0))
