#!/usr/bin/env bash
# The examples in docs/rule-language.md are tests, so the docs cannot drift from the engine.
#
# Fenced blocks, by info string (the first word after the backticks):
#   rule          a complete rule file. The next fenced block must be a `python` block: its
#                 annotated test file. All such pairs, extracted as NN-ID.rule / NN-ID.py (ID:
#                 the first rule id in the block), must pass `warden test-rules` (exit 0), with
#                 no todo annotation that now passes and every rule shown to fire.
#                 A `text` block right after the `python` block that starts with `$ warden ...`
#                 is that command's output on ID.rule / ID.py (exit 0 or 1, stdout exactly).
#   rule-failing  a rule whose `python` test file (next block) it deliberately fails, then a
#                 `text` block: `warden test-rules` must exit 1 and print exactly that block.
#   rule-error    a deliberately broken rule file: `warden check-rules` must exit 2, and when
#                 the next fenced block is `text`, print exactly that on stderr.
#   yara NAME     a YARA signature file NAME.yar (its rules are checks yara.NAME.RULE); the
#                 next block must be its `python` test file, tested like a `rule` pair.
# Those run in a directory of their own, on ID.rule / ID.py; a first line `$ warden ...`
# in the `text` block is the command run there (it is not part of the expected output).
# Fragments that are not complete rules use `text`. Run by ctest with WARDEN and
# WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"

doc="$WARDEN_SOURCE_DIR/docs/rule-language.md"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

if ! command -v python3 >/dev/null; then
  echo "FAIL: python3 is needed to extract the examples"
  exit 1
fi

# --- extraction: prints one manifest line per example: KIND DIR ID DOC-LINE --------------
python3 - "$doc" "$tmp" >"$tmp/manifest" 2>"$tmp/extract.err" <<'PY'
import os, re, shlex, sys

doc, out = sys.argv[1], sys.argv[2]
lines = open(doc, encoding="utf-8").read().split("\n")

# CommonMark fences: up to 3 spaces, 3+ backticks; a closing fence is at least as long and
# carries nothing else (so ``` inside a rule, after other text or indented 4+, stays content).
blocks, i = [], 0
while i < len(lines):
    m = re.match(r"^ {0,3}(`{3,})\s*([^`]*)$", lines[i])
    if not m:
        i += 1
        continue
    fence, info, start, body = m.group(1), m.group(2).split(), i + 1, []
    i += 1
    while i < len(lines) and not re.match(r"^ {0,3}" + fence + r"`*\s*$", lines[i]):
        body.append(lines[i])
        i += 1
    i += 1
    blocks.append((info[0] if info else "", start, "\n".join(body) + "\n", info[1:]))

errors = []
def rule_id(text, line):
    m = re.search(r"^\s*rule\s+([a-z][a-z0-9._-]*)", text, re.M)
    if not m:
        errors.append(f"{doc}:{line}: no 'rule ID' in this block")
    return m.group(1) if m else "example"

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def expected(text, directory, default_cmd):
    body = text.split("\n")
    cmd = default_cmd
    if body and body[0].startswith("$ "):
        cmd = shlex.split(body[0][2:])
        if not cmd or cmd[0] != "warden":
            errors.append(f"{doc}: command '{body[0]}' does not run warden")
        body = body[1:]
    write(os.path.join(directory, "expected"), "\n".join(body))
    write(os.path.join(directory, "cmd"), "\n".join(cmd[1:]) + "\n")

n = 0
for k, (kind, line, text, args) in enumerate(blocks):
    nxt = blocks[k + 1] if k + 1 < len(blocks) else ("", 0, "", [])
    after = blocks[k + 2] if k + 2 < len(blocks) else ("", 0, "", [])
    if kind == "yara":
        n += 1
        if not args or nxt[0] != "python":
            errors.append(f"{doc}:{line}: a `yara NAME` block must be followed by its `python` test file")
            continue
        write(f"{out}/pairs/{n:02d}/{args[0]}.yar", text)
        write(f"{out}/pairs/{n:02d}/{args[0]}.py", nxt[2])
        print("pair", f"{out}/pairs/{n:02d}", args[0], line)
        continue
    if kind not in ("rule", "rule-failing", "rule-error"):
        continue
    n += 1
    ident = rule_id(text, line)
    if kind == "rule":
        if nxt[0] != "python":
            errors.append(f"{doc}:{line}: a `rule` block must be followed by its `python` test file "
                          "(or be tagged rule-error / rule-failing)")
            continue
        write(f"{out}/pairs/{n:02d}-{ident}.rule", text)
        write(f"{out}/pairs/{n:02d}-{ident}.py", nxt[2])
        print("pair", f"{out}/pairs", f"{n:02d}-{ident}", line)
        if after[0] == "text" and after[2].startswith("$ warden "):
            d = f"{out}/output/{n:02d}"
            write(f"{d}/{ident}.rule", text)
            write(f"{d}/{ident}.py", nxt[2])
            expected(after[2], d, [])
            print("output", d, ident, after[1])
    elif kind == "rule-failing":
        if nxt[0] != "python" or after[0] != "text":
            errors.append(f"{doc}:{line}: a `rule-failing` block must be followed by a `python` "
                          "block and a `text` block (the test-rules output)")
            continue
        d = f"{out}/failing/{n:02d}"
        write(f"{d}/{ident}.rule", text)
        write(f"{d}/{ident}.py", nxt[2])
        expected(after[2], d, ["warden", "test-rules", f"{ident}.rule"])
        print("failing", d, ident, line)
    else:
        d = f"{out}/errors/{n:02d}"
        write(f"{d}/{ident}.rule", text)
        if nxt[0] == "text":
            expected(nxt[2], d, ["warden", "check-rules", f"{ident}.rule"])
        else:
            write(f"{d}/cmd", f"check-rules\n{ident}.rule\n")
        print("error", d, ident, line)

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
rc=$?
if [[ $rc -eq 0 ]]; then pass "extracted $(grep -vc '^output ' "$tmp/manifest") examples from docs/rule-language.md"
else fail "extraction: $(cat "$tmp/extract.err")"; fi

pairs=$(grep -c '^pair ' "$tmp/manifest")
if ((pairs > 0)); then pass "$pairs rule/python pairs"
else fail "no rule/python pairs extracted: the check would test nothing"; fi

# --- pairs: warden test-rules on all of them -------------------------------------------
if ((pairs > 0)); then
  "$WARDEN" test-rules "$tmp/pairs" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  sed "s|$tmp/pairs/||g" "$tmp/out" "$tmp/err" >"$tmp/shown"
  if [[ $rc -eq 0 ]]; then pass "test-rules on the pairs: exit 0, $(grep -E '^[0-9]+ passed' "$tmp/out")"
  else fail "test-rules on the pairs: exit $rc, expected 0:"; cat "$tmp/shown"; fi
  summaries=$(grep -cE '\.(rule|yar): [0-9]+ passed, [0-9]+ failed' "$tmp/out")
  if ((summaries == pairs)); then pass "test-rules tested all $pairs pairs"
  else fail "test-rules: $summaries summary lines for $pairs pairs"; fi
  if grep -qE 'note: todo(ruleid now passes|ok no longer fires)' "$tmp/out"; then
    fail "a todo annotation in the doc now passes: promote it there (and drop the gap from the text):"
    grep -E 'note: todo' "$tmp/shown"
  else pass "no todo annotation in the doc passes yet"; fi
  if grep -qF "the rule is never shown to fire" "$tmp/out"; then
    fail "an example rule has no '# ruleid:' line:"
    grep -F "never shown to fire" "$tmp/shown"
  else pass "every example rule is shown to fire"; fi
fi

# --- rule-failing, rule-error and documented commands: the exact output ---------------
while read -r kind dir ident line; do
  [[ $kind == pair ]] && continue
  want=2 stream=err
  [[ $kind == failing ]] && want=1 stream=out
  [[ $kind == output ]] && want=0-1 stream=out
  mapfile -t args <"$dir/cmd"
  (cd "$dir" && "$WARDEN" "${args[@]}" >out 2>err)
  rc=$?
  what="docs/rule-language.md:$line ($kind, warden ${args[*]})"
  if [[ $want == 0-1 && ($rc -eq 0 || $rc -eq 1) ]]; then want=$rc; fi
  if [[ $rc != "$want" ]]; then
    fail "$what: exit $rc, expected $want: $(sed "s|$dir/||g" "$dir/out" "$dir/err" | head -c 800)"
  elif [[ -f $dir/expected ]] && ! sed "s|$dir/||g" "$dir/$stream" | diff -u "$dir/expected" - >"$dir/diff"; then
    fail "$what: the output differs from the doc's text block (- doc, + actual):"
    cat "$dir/diff"
  else
    pass "$what: exit $want$([[ -f $dir/expected ]] && echo ", output as in the doc")"
  fi
done <"$tmp/manifest"

echo "doc_examples: $passed passed, $failed failed"
((failed == 0))
