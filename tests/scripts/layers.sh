#!/usr/bin/env bash
# The layers hold: each folder of engine/src, dsl/ and rule_loading/ is a library that sees
# only the headers of the layers it USES (its CMakeLists.txt, transitively), so an include that
# runs back up the pipeline does not build. Checked with the build's own compile commands
# (compile_commands.json): for every pair of layers, a probe file that includes one header of
# the other is preprocessed as a file of the first; it must fail exactly when the other is
# not below it. Also: header names are unique across layers (they are included by bare name),
# every source folder declares its layer, and docs/architecture.md's table of layers says what
# the CMakeLists.txt files say; and no object file of a layer uses a symbol that only a layer
# above it defines. Run by ctest with WARDEN_SOURCE_DIR and WARDEN_BINARY_DIR set.
set -uo pipefail
: "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}" "${WARDEN_BINARY_DIR:?set WARDEN_BINARY_DIR}"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/setup.sh --tests)"; exit 1; }
[[ -f "$WARDEN_BINARY_DIR/compile_commands.json" ]] || { echo "FAIL: no compile_commands.json in $WARDEN_BINARY_DIR"; exit 1; }

python3 - "$WARDEN_SOURCE_DIR" "$WARDEN_BINARY_DIR" <<'PY'
import json, os, re, shlex, subprocess, sys, tempfile

src, build = sys.argv[1], sys.argv[2]
failures = []

# The layers as CMake declares them: warden_add_layer(NAME [generated sources] [USES a b ...] ...).
folders = [os.path.join("engine/src", d) for d in sorted(os.listdir(os.path.join(src, "engine/src")))
           if os.path.isdir(os.path.join(src, "engine/src", d))] + ["dsl", "rule_loading"]
layers = {}  # name -> (folder, direct uses)
for folder in folders:
    path = os.path.join(src, folder, "CMakeLists.txt")
    code = [f for f in os.listdir(os.path.join(src, folder)) if f.endswith((".cpp", ".hpp"))]
    if not os.path.exists(path):
        if code:
            failures.append(f"{folder}/ has sources but no CMakeLists.txt declaring its layer")
        continue
    text = re.sub(r"#[^\n]*", "", open(path, encoding="utf-8").read())
    m = re.search(r"warden_add_layer\((\w+)([^)]*)\)", text)
    if not m:
        failures.append(f"{folder}/CMakeLists.txt declares no layer (warden_add_layer)")
        continue
    words = m.group(2).split()
    uses = []
    if "USES" in words:
        for w in words[words.index("USES") + 1:]:
            if w.isupper():
                break
            uses.append(w)
    layers[m.group(1)] = (folder, uses)

def below(name, seen=None):
    seen = set() if seen is None else seen
    for used in layers[name][1]:
        if used not in seen:
            seen.add(used)
            below(used, seen)
    return seen

for name, (folder, uses) in layers.items():
    for used in uses:
        if used not in layers:
            failures.append(f"layer {name} USES unknown layer {used}")
    if name in below(name):
        failures.append(f"layer {name} uses itself through {uses}: a cycle")

# tests/ mirrors the layers: each folder of tests (but data/, scripts/) is named after one.
for d in sorted(os.listdir(os.path.join(src, "tests"))):
    if os.path.isdir(os.path.join(src, "tests", d)) and d not in ("data", "scripts") and d not in layers:
        failures.append(f"tests/{d}/ is not the folder of a layer")

# Bare-name includes must name one file.
owner = {}
for name, (folder, _) in layers.items():
    for f in os.listdir(os.path.join(src, folder)):
        if f.endswith(".hpp"):
            if f in owner:
                failures.append(f"header {f} is in both {owner[f][1]}/ and {folder}/ (included by bare name)")
            owner[f] = (name, folder)
for f in os.listdir(os.path.join(src, "grammar")):
    if f.endswith(".hpp") and f in owner:
        failures.append(f"header {f} is in both {owner[f][1]}/ and grammar/")

# One compile command per layer, turned into a preprocessor-only run on a probe file.
commands = {}
for entry in json.load(open(os.path.join(build, "compile_commands.json"))):
    rel = os.path.relpath(entry["file"], src)
    for name, (folder, _) in layers.items():
        if os.path.dirname(rel) == folder and name not in commands:
            args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
            kept, skip = [], False
            for a in args:
                if skip:
                    skip = False
                elif a in ("-o", "-c", "-MT", "-MF"):
                    skip = True
                elif a not in ("-MD", "-MMD"):
                    kept.append(a)
            commands[name] = (kept, entry["directory"])
for name in layers:
    if name not in commands:
        failures.append(f"layer {name} has no compile command in compile_commands.json")

with tempfile.TemporaryDirectory() as tmp:
    probe = os.path.join(tmp, "probe.cpp")
    checked = 0
    for name in commands:
        allowed = below(name) | {name}
        for other in layers:
            headers = sorted(f for f, (n, _) in owner.items() if n == other)
            if not headers:
                continue
            with open(probe, "w") as out:
                out.write(f'#include "{headers[0]}"\n')
            args, directory = commands[name]
            run = subprocess.run(args + ["-E", "-o", os.devnull, probe], cwd=directory,
                                 capture_output=True, text=True)
            checked += 1
            if other in allowed and run.returncode != 0:
                failures.append(f"{name} cannot include {headers[0]} of {other}, which it uses:\n{run.stderr[:400]}")
            elif other not in allowed and run.returncode == 0:
                failures.append(f"{name} can include {headers[0]} of {other}, which is not below it: a back-edge builds")
            elif other not in allowed and "No such file" not in run.stderr:
                failures.append(f"{name} including {headers[0]} failed for another reason:\n{run.stderr[:400]}")

# Symbols too (a declaration written by hand gets past the includes): every symbol a layer's
# objects use and some layer defines is defined in that layer or one below it.
defined, undefined = {}, {}
objects_seen = 0
for name, (folder, _) in layers.items():
    objdir = os.path.join(build, folder, "CMakeFiles", f"warden_{name}.dir")
    objects = [os.path.join(d, f) for d, _, fs in os.walk(objdir) for f in fs if f.endswith(".o")]
    if not objects:
        failures.append(f"no object files of layer {name} under {objdir}")
        continue
    objects_seen += len(objects)
    out = subprocess.run(["nm", "--format=posix"] + objects, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or line.endswith(":"):
            continue
        symbol, kind = parts[0], parts[1]
        if kind == "U":
            undefined.setdefault(name, set()).add(symbol)
        elif kind not in ("w", "v", "V", "W", "u") and kind.isupper():
            defined.setdefault(symbol, set()).add(name)
for name, symbols in undefined.items():
    allowed = below(name) | {name}
    for symbol in sorted(symbols):
        owners = defined.get(symbol)
        if owners and not (owners & allowed):
            failures.append(f"layer {name} uses {symbol} of layer {sorted(owners)[0]}, which is not below it")

# docs/architecture.md's table: | `layer/` | what it holds | `used/` ... |, one row per layer.
doc = open(os.path.join(src, "docs/architecture.md"), encoding="utf-8").read()
rows = {}
for line in doc.splitlines():
    m = re.match(r"^\| `([\w/]+)/` \|[^|]*\| ([^|]*) \|$", line)
    if m:
        rows[m.group(1)] = sorted(re.findall(r"`([\w/]+)/`", m.group(2)))
for name, (folder, uses) in layers.items():
    want = sorted(uses)
    if os.path.basename(folder) != name:
        failures.append(f"{folder}/ declares the layer {name}: a layer is named after its folder")
    if name not in rows:
        failures.append(f"docs/architecture.md has no row for `{name}/`")
    elif rows[name] != want:
        failures.append(f"docs/architecture.md says `{name}/` uses {rows[name]}; {folder}/CMakeLists.txt says {want}")

if failures:
    print("FAIL:\n" + "\n".join(failures))
    sys.exit(1)
print(f"ok: {len(layers)} layers; {checked} include probes and the symbols of {objects_seen} object files agree with the declared layers; docs agree")
PY
