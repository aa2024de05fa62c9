#!/usr/bin/env bash
# Behaviour of the `warden` command line: options, exit codes (0 clean, 1 findings,
# 2 usage or configuration error), output files, determinism across --jobs, and clean
# machine-readable output. Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

sample="$WARDEN_SOURCE_DIR/examples/sample-model"
examples="$WARDEN_SOURCE_DIR/examples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'import json\n\nprint(json.dumps({"ok": True}))\n' >"$tmp/clean.py"

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

# run ARGS...: runs warden; sets $rc and fills $tmp/out and $tmp/err.
run() {
  "$WARDEN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
err_excerpt() { head -c 400 "$tmp/err" | tr '\n' '|'; }

# findings FILE: prints "rule_id<TAB>severity" for each finding of a JSON report.
findings() {
  python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["findings"]:
    print(f"{f['rule_id']}\t{f['severity']}")
PY
}

# is_json FILE: the whole file is one JSON document.
is_json() { python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null; }

check_version() {
  run --version
  local first
  first=$(head -n1 "$tmp/out")
  if [[ $rc -eq 0 && $first == "warden 0.1.0"* ]]; then pass "--version: '$first', exit 0"
  else fail "--version: exit $rc, first line '$first' (expected 'warden 0.1.0...', exit 0)"; fi
}

# When --version names the grammar, it must name its version too ("tree-sitter-python 0.23.6").
check_version_grammar() {
  run --version
  local first
  first=$(head -n1 "$tmp/out")
  if [[ $first != *tree-sitter-python* || $first =~ tree-sitter-python[\ @]v?[0-9]+\.[0-9]+ ]]; then
    pass "--version names the grammar's version (or no grammar): '$first'"
  else
    fail "--version names tree-sitter-python without its version: '$first'"
  fi
}

check_help() {
  run --help
  if [[ $rc -eq 0 ]] && grep -q 'scan' "$tmp/out"; then pass "--help: exit 0, mentions scan"
  else fail "--help: exit $rc, mentions scan: $(grep -c scan "$tmp/out")"; fi
}

check_no_args() {
  run
  if [[ $rc -eq 2 ]]; then pass "no arguments: exit 2"
  else fail "no arguments: exit $rc, expected 2"; fi
}

check_unknown_flag() {
  run scan --no-such-flag "$sample"
  local lines
  lines=$(grep -c . "$tmp/err")
  if [[ $rc -eq 2 ]] && head -n1 "$tmp/err" | grep -q -- '--no-such-flag' && ((lines <= 2)) && [[ ! -s $tmp/out ]]; then
    pass "unknown flag: exit 2, '$(head -n1 "$tmp/err")'"
  else
    fail "unknown flag: exit $rc (expected 2); stderr has $lines line(s), first should name --no-such-flag, at most a hint after it: $(err_excerpt)"
  fi
}

check_missing_path() {
  local missing="$tmp/does-not-exist"
  run scan "$missing"
  if [[ $rc -eq 2 ]] && grep -qF "$missing" "$tmp/err"; then pass "missing path: exit 2, path named on stderr"
  else fail "missing path: exit $rc (expected 2), stderr names the path: $(err_excerpt)"; fi
}

check_bad_format() {
  run scan --format xml "$sample"
  if [[ $rc -eq 2 && -s $tmp/err ]]; then pass "--format xml: exit 2"
  else fail "--format xml: exit $rc (expected 2 with a message): $(err_excerpt)"; fi
}

check_bad_min_severity() {
  run scan --min-severity extreme "$sample"
  if [[ $rc -eq 2 && -s $tmp/err ]]; then pass "--min-severity extreme: exit 2"
  else fail "--min-severity extreme: exit $rc (expected 2 with a message): $(err_excerpt)"; fi
}

check_checks_select() {
  run scan --format json --checks '-*,py-exec-*' "$sample"
  if [[ $rc -ne 1 ]]; then fail "--checks '-*,py-exec-*': exit $rc, expected 1: $(err_excerpt)"; return; fi
  local rules
  if ! rules=$(findings "$tmp/out" | cut -f1 | sort -u); then fail "--checks: output is not a JSON report"; return; fi
  if [[ -n $rules ]] && ! grep -qv '^py-exec-' <<<"$rules"; then
    pass "--checks '-*,py-exec-*': only $(tr '\n' ' ' <<<"$rules")"
  else
    fail "--checks '-*,py-exec-*': rules reported: $(tr '\n' ' ' <<<"$rules")"
  fi
}

check_checks_nomatch() {
  run scan --checks 'nomatch-*' "$sample"
  if [[ $rc -eq 2 && -s $tmp/err ]]; then pass "--checks 'nomatch-*': exit 2, '$(head -n1 "$tmp/err")'"
  else fail "--checks 'nomatch-*': exit $rc (expected 2 with a message): $(err_excerpt)"; fi
}

check_min_severity_filters() {
  run scan --format json "$sample"
  findings "$tmp/out" >"$tmp/all.tsv" || { fail "--min-severity: unfiltered output is not a JSON report"; return; }
  local level ok=1 why=""
  for level in low medium high critical; do
    # Expected: the unfiltered findings whose severity is at or above `level`.
    local expected
    expected=$(awk -F'\t' -v min="$level" '
      BEGIN { r["low"]=0; r["medium"]=1; r["high"]=2; r["critical"]=3 }
      r[$2] >= r[min]' "$tmp/all.tsv" | sort)
    run scan --format json --min-severity "$level" "$sample"
    local got want_rc
    got=$(findings "$tmp/out" | sort)
    want_rc=$([[ -n $expected ]] && echo 1 || echo 0)
    if [[ $got != "$expected" || $rc -ne $want_rc ]]; then
      ok=0; why+=" $level: exit $rc (want $want_rc), $(grep -c . <<<"$got") findings (want $(grep -c . <<<"$expected"));"
    fi
  done
  local total critical
  total=$(grep -c . "$tmp/all.tsv"); critical=$(grep -c $'\tcritical$' "$tmp/all.tsv")
  if ((ok)); then pass "--min-severity low..critical keep exactly the findings at or above (critical: $critical of $total)"
  else fail "--min-severity:$why"; fi
}

check_output_file() {
  local fmt
  for fmt in text json sarif; do
    rm -f "$tmp/report"
    run scan --format "$fmt" -o "$tmp/report" "$sample"
    if [[ $rc -eq 1 && ! -s $tmp/out && -s $tmp/report ]] && { [[ $fmt == text ]] || is_json "$tmp/report"; }; then
      pass "-o FILE --format $fmt: file written, stdout empty, exit 1"
    else
      fail "-o FILE --format $fmt: exit $rc, stdout $(wc -c <"$tmp/out") bytes, file $( [[ -f $tmp/report ]] && wc -c <"$tmp/report" || echo missing)"
    fi
  done
}

check_jobs_deterministic() {
  local fmt
  for fmt in json sarif text; do
    "$WARDEN" scan --format "$fmt" --jobs 1 "$examples" >"$tmp/j1" 2>/dev/null
    local rc1=$?
    "$WARDEN" scan --format "$fmt" --jobs 2 "$examples" >"$tmp/j2" 2>/dev/null
    local rc2=$?
    if [[ $rc1 -eq 1 && $rc2 -eq 1 ]] && cmp -s "$tmp/j1" "$tmp/j2"; then
      pass "--jobs 1 and --jobs 2 give byte-identical $fmt on examples/"
    else
      fail "--jobs 1 vs --jobs 2 ($fmt): exit $rc1/$rc2, $(diff "$tmp/j1" "$tmp/j2" | head -n 6 | tr '\n' '|')"
    fi
  done
}

check_clean_file() {
  run scan "$tmp/clean.py"
  if [[ $rc -eq 0 ]]; then pass "clean file: exit 0"
  else fail "clean file: exit $rc, expected 0: $(head -c 300 "$tmp/out")"; fi
  run scan --format json "$tmp/clean.py"
  if [[ $rc -eq 0 ]] && is_json "$tmp/out" && [[ -z $(findings "$tmp/out") ]]; then pass "clean file, json: exit 0, no findings"
  else fail "clean file, json: exit $rc"; fi
}

check_machine_output_clean() {
  local fmt
  for fmt in json sarif; do
    # --stats and several jobs: progress and statistics must stay out of the report.
    run scan --format "$fmt" --stats --jobs 2 "$sample" "$tmp/clean.py"
    if [[ $rc -eq 1 ]] && is_json "$tmp/out" && ! grep -q $'\r' "$tmp/out"; then
      pass "$fmt with --stats: stdout is exactly one JSON document"
    else
      fail "$fmt with --stats: exit $rc, stdout is not one clean JSON document: $(head -c 200 "$tmp/out" | tr '\n' '|')"
    fi
  done
  run scan --format sarif "$sample"
  if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["version"] == "2.1.0" and d["runs"][0]["results"]' "$tmp/out" 2>/dev/null; then
    pass "sarif: version 2.1.0 with results"
  else
    fail "sarif: not a SARIF 2.1.0 log with results"
  fi
}

# --stats names the slowest rules (a rule's author sees its cost); --syntax-only reads and
# parses only (the benchmarks' floor): no finding, but syntax errors are still reported.
check_stats_and_syntax_only() {
  run scan --stats --format json -o "$tmp/stats.json" "$sample"
  if [[ $rc -eq 1 ]] && grep -q '^rule (slowest first) ' "$tmp/err" && grep -q '^dataflow ' "$tmp/err" &&
     grep -Eq '^py-[a-z0-9-]+ +[0-9.]+ ' "$tmp/err"; then
    pass "--stats: phases with dataflow, and the slowest rules"
  else
    fail "--stats: exit $rc, no per-rule table: $(err_excerpt)"
  fi
  printf 'def f(:\n    pass\nimport os\nos.system(input())\n' >"$tmp/broken.py"
  run scan --syntax-only --format json --stats "$sample" "$tmp/broken.py"
  local summary
  summary=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(len(d["findings"]), sum(1 for x in d["diagnostics"] if x["file"].endswith("broken.py")))' "$tmp/out" 2>/dev/null)
  if [[ $rc -eq 0 && $summary == "0 "[1-9]* ]] && grep -q '^parse ' "$tmp/err" && ! grep -q '^rule (slowest first)' "$tmp/err"; then
    pass "--syntax-only: no findings, the syntax error reported, exit 0"
  else
    fail "--syntax-only: exit $rc, findings/diagnostics '$summary': $(err_excerpt)"
  fi
}

# ---- rule files: check-rules, scan --rules, list-checks --rules ---------------------------

core="$WARDEN_SOURCE_DIR/rulesets/core"
# Broken rule files and their goldens. The goldens name each file as "errors/NAME.rule"
# (as tests/rule_parser_test.cpp reads them), so check-rules runs from rules_dir.
rules_dir="$WARDEN_SOURCE_DIR/tests/data/rules"
errors_dir="errors"

check_check_rules_ok() {
  run check-rules "$core"
  local n
  n=$(find "$core" -name '*.rule' | wc -l)
  if [[ $rc -eq 0 ]] && grep -qxE "[0-9]+ rules? in $n files?: OK" "$tmp/out" && [[ ! -s $tmp/err ]]; then
    pass "check-rules rulesets/core: exit 0, '$(cat "$tmp/out")'"
  else
    fail "check-rules rulesets/core: exit $rc (expected 0, 'N rules in $n files: OK'): $(head -c 300 "$tmp/out") $(err_excerpt)"
  fi
}

check_check_rules_missing() {
  run check-rules "$tmp/no-such-dir"
  if [[ $rc -eq 2 ]] && grep -qF "$tmp/no-such-dir" "$tmp/err"; then pass "check-rules on a missing path: exit 2, path named"
  else fail "check-rules on a missing path: exit $rc (expected 2): $(err_excerpt)"; fi
}

# Each broken rule file's errors, exactly as its .expected golden says.
check_check_rules_goldens() {
  local rule name
  if ! compgen -G "$rules_dir/$errors_dir/*.rule" >/dev/null; then
    fail "check-rules goldens: no $errors_dir/*.rule fixtures"
    return
  fi
  for rule in "$rules_dir/$errors_dir"/*.rule; do
    name=$(basename "$rule" .rule)
    if [[ ! -f $rules_dir/$errors_dir/$name.expected ]]; then fail "check-rules $name.rule: no $name.expected"; continue; fi
    (cd "$rules_dir" && "$WARDEN" check-rules "$errors_dir/$name.rule" </dev/null 2>"$tmp/err" >/dev/null)
    local code=$?
    if [[ $code -eq 2 ]] && cmp -s "$tmp/err" "$rules_dir/$errors_dir/$name.expected"; then
      pass "check-rules $name.rule: exit 2, stderr equals $name.expected"
    else
      fail "check-rules $name.rule: exit $code (expected 2); stderr differs from $name.expected (< expected, > actual):"
      diff "$rules_dir/$errors_dir/$name.expected" "$tmp/err" | head -n 20
    fi
  done
}

# The whole directory at once: exit 2, and every file's errors, not just the first file's.
check_check_rules_all_files() {
  (cd "$rules_dir" && "$WARDEN" check-rules "$errors_dir" </dev/null >"$tmp/out" 2>"$tmp/err")
  rc=$?
  local rule missing=""
  for rule in "$rules_dir/$errors_dir"/*.rule; do
    [[ -e $rule ]] || continue
    grep -qF "$errors_dir/$(basename "$rule"):" "$tmp/err" || missing+=" $(basename "$rule")"
  done
  if [[ $rc -eq 2 && -z $missing ]]; then pass "check-rules $errors_dir: exit 2, errors from every file"
  else fail "check-rules $errors_dir: exit $rc (expected 2); no errors reported for:${missing:- (none missing)}"; fi
}

# rows FILE: "file<TAB>line<TAB>rule_id" per finding of a JSON report, sorted.
rows() {
  python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in sorted((f["file"], f["start"]["line"], f["rule_id"]) for f in doc["findings"]):
    print("\t".join(map(str, f)))
PY
}

# The rule files of rulesets/core find what the built-in checks find.
# The built-in checks are rulesets/**/*.rule compiled in: loading the same files gives the
# same findings, under the same profile (--rules alone runs every rule given).
check_scan_rules_parity() {
  run scan --format json "$examples"
  rows "$tmp/out" >"$tmp/builtin.tsv" 2>/dev/null || { fail "scan --rules parity: built-in scan is not JSON"; return; }
  run scan --format json --rules "$WARDEN_SOURCE_DIR/rulesets" --profile default "$examples"
  local scan_rc=$rc
  if ! rows "$tmp/out" >"$tmp/rules.tsv" 2>/dev/null; then
    fail "scan --rules rulesets: exit $scan_rc, output is not a JSON report: $(err_excerpt)"
    return
  fi
  if [[ $scan_rc -eq 1 && -s $tmp/rules.tsv ]] && cmp -s "$tmp/builtin.tsv" "$tmp/rules.tsv"; then
    pass "scan --rules rulesets: exit 1, the same $(wc -l <"$tmp/rules.tsv") findings as the built-in checks"
  else
    fail "scan --rules rulesets: exit $scan_rc; findings differ from the built-in checks (< built-in, > rules):"
    diff "$tmp/builtin.tsv" "$tmp/rules.tsv" | head -n 20
  fi
}

check_scan_rules_with_checks() {
  run scan --format json --rules "$core" --checks '-*,py-deser-*' "$sample"
  local ids
  ids=$(findings "$tmp/out" 2>/dev/null | cut -f1 | sort -u)
  if [[ $rc -eq 1 && -n $ids ]] && ! grep -qv '^py-deser-' <<<"$ids"; then
    pass "scan --rules --checks '-*,py-deser-*': only $(tr '\n' ' ' <<<"$ids")"
  else
    fail "scan --rules --checks '-*,py-deser-*': exit $rc, rules reported: $(tr '\n' ' ' <<<"$ids") $(err_excerpt)"
  fi
}

check_scan_rules_errors() {
  run scan --rules "$tmp/no-such.rule" "$sample"
  if [[ $rc -eq 2 ]] && grep -qF "$tmp/no-such.rule" "$tmp/err" && [[ ! -s $tmp/out ]]; then
    pass "scan --rules with a missing path: exit 2, path named"
  else
    fail "scan --rules with a missing path: exit $rc (expected 2): $(err_excerpt)"
  fi
  printf 'rule broken {\n  title: "no message, no match"\n}\n' >"$tmp/broken.rule"
  run scan --rules "$tmp/broken.rule" "$sample"
  if [[ $rc -eq 2 ]] && grep -qF "$tmp/broken.rule:" "$tmp/err" && [[ ! -s $tmp/out ]]; then
    pass "scan --rules with a broken rule file: exit 2, '$(head -n1 "$tmp/err")'"
  else
    fail "scan --rules with a broken rule file: exit $rc (expected 2, file:line:col errors): $(err_excerpt)"
  fi
}

check_list_checks_rules() {
  run list-checks --rules "$core/py-deser-pickle.rule"
  if [[ $rc -eq 0 ]] && [[ $(grep -c . "$tmp/out") -eq 1 ]] && grep -q '^py-deser-pickle ' "$tmp/out"; then
    pass "list-checks --rules FILE: lists that file's rule"
  else
    fail "list-checks --rules FILE: exit $rc: $(head -c 300 "$tmp/out") $(err_excerpt)"
  fi
  run list-checks --sets
  if [[ $rc -eq 0 ]] && grep -qE '^sources network +rulesets/sets/network\.rule:[0-9]+  [0-9]+ members; used by .*py-flow-download-to-shell' "$tmp/out" &&
     grep -qE '^sinks commands .*; includes shell; used by py-flow-model-output-to-exec$' "$tmp/out" &&
     grep -qE '^models python-stdlib +rulesets/models/python-stdlib\.rule:[0-9]+  [0-9]+ members; used by every flow rule$' "$tmp/out"; then
    pass "list-checks --sets: each set with its file, members, includes and the rules naming it"
  else
    fail "list-checks --sets: exit $rc: $(head -c 600 "$tmp/out") $(err_excerpt)"
  fi
}

# --profile: bandit is the Bandit pack only, default leaves most of it out, unknown names fail.
check_profiles() {
  run list-checks --profile bandit
  local total others
  total=$(wc -l <"$tmp/out")
  others=$(grep -cvE '^(bandit-|yara\.bandit-)' "$tmp/out")
  if [[ $rc -eq 0 && $total -ge 60 && $others -eq 0 ]]; then pass "list-checks --profile bandit: $total checks, all of the Bandit pack"
  else fail "list-checks --profile bandit: exit $rc, $total checks, $others not of the Bandit pack"; fi
  run list-checks
  if [[ $rc -eq 0 ]] && ! grep -q '^bandit-b101-assert-used ' "$tmp/out" && grep -q '^py-exec-os-system ' "$tmp/out"; then
    pass "list-checks: the default profile has Warden's checks and not B101"
  else fail "list-checks: exit $rc; default profile lists B101 or lacks py-exec-os-system"; fi
  run scan --profile strict "$sample"
  if [[ $rc -eq 2 ]] && grep -q "unknown profile 'strict'" "$tmp/err"; then pass "scan --profile strict: exit 2, '$(head -n1 "$tmp/err")'"
  else fail "scan --profile strict: exit $rc (expected 2 and 'unknown profile'): $(err_excerpt)"; fi
  run scan --checks bandit-b101-assert-used "$sample"
  if [[ $rc -eq 2 ]] && grep -q "outside the profile 'default'" "$tmp/err"; then pass "scan --checks B101's id under the default profile: exit 2, says to use --profile all"
  else fail "scan --checks bandit-b101-assert-used: exit $rc (expected 2, 'outside the profile'): $(err_excerpt)"; fi
}

# --format bandit-json: Bandit's document, with Bandit ids and names.
check_bandit_json() {
  run scan --profile bandit --format bandit-json "$sample"
  local summary
  summary=$(python3 - "$tmp/out" <<'PY' 2>&1
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert sorted(doc) == ["errors", "generated_at", "metrics", "results"], sorted(doc)
assert doc["results"], "no results"
for r in doc["results"]:
    assert r["test_id"].startswith("B") and len(r["test_id"]) == 4, r["test_id"]
    assert r["test_name"] and r["issue_severity"] in ("LOW", "MEDIUM", "HIGH"), r
    assert r["line_range"][0] == r["line_number"], r
    assert r["code"].startswith(f"{max(1, r['line_number'] - 1)} "), r["code"]
assert "_totals" in doc["metrics"] and doc["metrics"]["_totals"]["loc"] > 0
print(f"{len(doc['results'])} results, ids {sorted({r['test_id'] for r in doc['results']})}")
PY
)
  if [[ $rc -eq 1 && $summary != *Error* ]]; then pass "scan --profile bandit --format bandit-json: exit 1, $summary"
  else fail "scan --profile bandit --format bandit-json: exit $rc: $summary $(err_excerpt)"; fi
}

check_version
check_version_grammar
check_help
check_no_args
check_unknown_flag
check_missing_path
check_bad_format
check_bad_min_severity
check_checks_select
check_checks_nomatch
check_min_severity_filters
check_output_file
check_jobs_deterministic
check_clean_file
check_machine_output_clean
check_stats_and_syntax_only
check_check_rules_ok
check_check_rules_missing
check_check_rules_goldens
check_check_rules_all_files
check_scan_rules_parity
check_scan_rules_with_checks
check_scan_rules_errors
check_list_checks_rules
check_profiles
check_bandit_json

echo "cli: $passed passed, $failed failed"
((failed == 0))
