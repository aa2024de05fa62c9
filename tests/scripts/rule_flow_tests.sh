#!/usr/bin/env bash
# `warden test-rules` on flows and test directories: `# source:` annotations are checked at
# both ends (a flow's trace must start on an annotated line, every annotated line must start a
# flow), and a rule X.rule may be tested against a directory X/ scanned as one tree. The
# fixtures are in tests/data/rules/flows/: passing/ must pass, failing/ must fail naming each
# wrong line. Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
fixtures="$WARDEN_SOURCE_DIR/tests/data/rules/flows"
expect_line() {  # expect_line LINE DESCRIPTION: LINE is one whole line of the output
  if grep -qxF -- "$1" "$tmp/out"; then pass "$2"
  else fail "$2: no line '$1' in: $(tr '\n' '|' <"$tmp/out")"; fi
}

# --- correct annotations, in a file and in a directory: exit 0 -----------------------
"$WARDEN" test-rules "$fixtures/passing" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 0 ]]; then pass "passing fixtures: exit 0"
else fail "passing fixtures: exit $rc, expected 0: $(cat "$tmp/out" "$tmp/err")"; fi
# fixture-flow: 4 ruleid/ok lines + 3 source lines (one in a helper function); the tree: 3 ruleid
# + 1 ok + 3 source lines (one in pkg/helpers.py for a flow that ends in pkg/sub/runner.py).
expect_line "$fixtures/passing/fixture-flow.rule: 7 passed, 0 failed; 1 todoruleid (known false negative), 0 todook (known false positives), 1 todosource (known missed flow source), 0 fixed" \
  "passing file test: counts its source lines and its todosource"
expect_line "$fixtures/passing/fixture-flow-tree.rule: 7 passed, 0 failed; 1 todoruleid (known false negative), 0 todook (known false positives), 1 todosource (known missed flow source), 0 fixed" \
  "directory test: annotations of main.py, pkg/helpers.py and pkg/sub/runner.py all counted, a source in another file than its sink"
expect_line "2 todoruleid (known false negatives), 0 todook (known false positives), 2 todosource (known missed flow sources), 0 fixed" \
  "totals count the todosource annotations"

# A directory test reports findings under the display path of the file they are in: move
# the directory's only expected finding out of a nested file's annotation and it must fail
# naming that nested file.
cp -r "$fixtures/passing/fixture-flow-tree" "$fixtures/passing/fixture-flow-tree.rule" "$tmp/"
runner="$tmp/fixture-flow-tree/pkg/sub/runner.py"
sed -i 's/# ruleid: fixture-flow-tree/# ok: fixture-flow-tree/' "$runner"
"$WARDEN" test-rules "$tmp/fixture-flow-tree.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 1 ]]; then pass "directory test with a wrong nested annotation: exit 1"
else fail "directory test with a wrong nested annotation: exit $rc, expected 1"; fi
expect_line "$runner:10:15: error: unexpected finding of 'fixture-flow-tree': os.system runs a command built from os.getenv(\"LAUNCH\")" \
  "directory test: the unexpected finding is named in pkg/sub/runner.py"

# X.py and X/ together: both are checked, in one summary line.
cp "$fixtures/passing/fixture-flow.py" "$tmp/fixture-flow-tree.py"
sed -i 's/fixture-flow$/fixture-flow-tree/' "$tmp/fixture-flow-tree.py"
sed -i 's/# ok: fixture-flow-tree/# ruleid: fixture-flow-tree/' "$runner"
"$WARDEN" test-rules "$tmp/fixture-flow-tree.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_line "$tmp/fixture-flow-tree.rule: 14 passed, 0 failed; 2 todoruleid (known false negatives), 0 todook (known false positives), 2 todosource (known missed flow sources), 0 fixed" \
  "X.py and X/ together: both checked, one summary line (exit $rc)"

# A rule file with neither X.py nor X/.
cp "$fixtures/passing/fixture-flow.rule" "$tmp/lonely-flow.rule"
"$WARDEN" test-rules "$tmp/lonely-flow.rule" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 1 ]] && grep -qF "lonely-flow.rule: error: no test file lonely-flow.py (or test directory lonely-flow/)" "$tmp/out"; then
  pass "neither X.py nor X/: exit 1, names both"
else fail "neither X.py nor X/: exit $rc: $(head -c 400 "$tmp/out")"; fi

# --- wrong annotations: exit 1, each wrong line named -------------------------------
"$WARDEN" test-rules "$fixtures/failing" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 1 ]]; then pass "failing fixtures: exit 1"
else fail "failing fixtures: exit $rc, expected 1: $(cat "$tmp/out" "$tmp/err")"; fi
py="$fixtures/failing/fixture-flow-sources.py"
id=fixture-flow-sources
expect_line "$py:14:15: error: flow of '$id' starts at line 12, which has no '# source: $id'" \
  "a flow whose source line is not annotated fails at its sink"
expect_line "$py:19:5: error: expected a flow of '$id' to start here" \
  "a source annotation one line off: the annotated line fails"
expect_line "$py:22:15: error: flow of '$id' starts at line 20, which has no '# source: $id'" \
  "a source annotation one line off: the flow's real source fails too"
expect_line "$py:27:5: error: expected a flow of '$id' to start here" \
  "a source annotation where no flow reaches a sink fails"
expect_line "$py:33:5: note: todosource now passes: promote it to 'source: $id'" \
  "a todosource that is now found is a note, counted as fixed"
expect_line "$fixtures/failing/fixture-flow-sources.rule: 5 passed, 4 failed; 0 todoruleid (known false negatives), 0 todook (known false positives), 1 todosource (known missed flow source), 1 fixed" \
  "file test counts: the correct flow passes at both ends, 4 failures"
if grep -qE "fixture-flow-sources\.py:(6|8):" "$tmp/out"; then fail "the correct flow (lines 6 and 8) is reported"
else pass "the correct flow (lines 6 and 8) is not reported"; fi

tool="$fixtures/failing/fixture-flow-tree-wrong/pkg/tool.py"
id=fixture-flow-tree-wrong
expect_line "$tool:9:15: error: flow of '$id' starts at line 7, which has no '# source: $id'" \
  "directory test: an unannotated source in a nested file"
expect_line "$tool:14:5: error: expected finding of '$id' here" "directory test: a missing finding in a nested file"
expect_line "$tool:19:15: error: unexpected finding of '$id': os.system runs a command built from os.getenv(\"OTHER\")" \
  "directory test: an unannotated finding in a nested file"
if grep -qE "$id/pkg/tool\.py:19:15: error: flow of" "$tmp/out"; then fail "an unexpected finding is reported twice (its source too)"
else pass "an unexpected finding is not also reported for its source"; fi
if grep -qE "$id/main\.py:(9|11):" "$tmp/out"; then fail "directory test: main.py's correct flow is reported: $(grep -E "main\.py:" "$tmp/out")"
else pass "directory test: main.py's correct flow is not reported"; fi
main="$fixtures/failing/$id/main.py"
expect_line "$main:18:15: error: flow of '$id' starts at $fixtures/failing/$id/pkg/source.py:5, which has no '# source: $id'" \
  "directory test: a flow whose source is in another, unannotated file names that file and line"
expect_line "$fixtures/failing/$id.rule: 4 passed, 4 failed" "directory test counts"

echo "rule_flow_tests: $passed passed, $failed failed"
((failed == 0))
