#!/usr/bin/python3
"""Warden's speed benchmark: Warden against its peers on real code, in one command.

Run with Debian's /usr/bin/python3 (standard library only). benchmarks/speed.sh installs what
is missing, builds the release preset and runs this script; `speed.py --help` lists every option.

Why it is built the way it is:
- Every tool runs as a whole process under /usr/bin/time, so start-up, rule compilation, reading
  and report writing are all counted, as a user of the command line pays for them.
- Repeats alternate (each repeat runs every tool once per corpus, in an order rotated each
  repeat) and the report gives medians: on a shared machine load comes and goes, and running
  one tool's repeats back to back would hand that tool all of one load phase.
- Corpora are counted once, here, over the same files every tool scans (*.py, symlinks not
  followed), so lines/s compares like with like.
- Nothing scanned is ever imported or run: Debian packages are unpacked with dpkg -x by
  benchmarks/fetch_corpus.sh (never installed), and every tool only reads the files.
"""

from __future__ import annotations

import argparse
import base64
import collections
import datetime
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
TIME_FORMAT = "%e %U %S %M"  # wall s, user s, system s, peak RSS KiB

RUFF_PACKAGE = "@astral-sh/ruff-wasm-nodejs"
RUFF_VERSION = "0.17.4"
RUFF_INTEGRITY = ("sha512-pEaJDh/ZUyfWK4w0NzIkF74brXtZyNN9/NCPluSj3Z9GYmjQxG4SqkVCiLUvxZ0baOAP"
                  "aShR6nUUWubjexzEfA==")

ALL_TOOLS = ["warden", "warden-bandit", "warden-parse", "bandit", "bandit-2p", "ruff-wasm", "semgrep"]
DEFAULT_CORPORA = ["stdlib", "python3-django", "python3-sklearn", "python3-scipy", "python3-torch"]
STDLIB = Path("/usr/lib/python3.11")  # Debian's, not a pyenv or venv python's
JOBS = 2  # --jobs for the corpus, scaling and rule-count runs (the benchmark machine has 2 cores)
SEED = 20261127  # the scaling shuffle's seed: same corpora, same prefixes
SCALE_FRACTIONS = [(8, "1/8"), (4, "1/4"), (2, "1/2"), (1, "all")]
TYPICAL_MAX_LINES = 5000
MARKER = ".warden-speed"  # marks an --out directory as this script's, so it may be replaced

# Exit statuses that mean "ran fine" (warden and bandit exit 1 when they report findings).
OK_STATUS = {"warden": (0, 1), "bandit": (0, 1), "node": (0,), "semgrep": (0, 1)}

# What each tool needs, and how to get it on Debian, for the "skipped" rows.
INSTALL_HINT = {
    "bandit": "install with apt-get install -y bandit, or scripts/setup.sh --bench",
    "node": "install with apt-get install -y nodejs npm, or scripts/setup.sh --bench",
    "npm": "install with apt-get install -y npm, or scripts/setup.sh --bench",
    "semgrep": "no semgrep on PATH",
}

TARGETS_HELP = """\
targets (the report's last table; each with its measured value, met / not met):
  Warden (default profile) throughput >= 25x single-process Bandit's, >= 1.5x ruff-wasm's;
  Warden wall <= 1.5x the parse-floor wall (--syntax-only); a typical model repository in
  <= 0.1 s; peak RSS <= 150 MiB (max over corpora); all/half of the lines in <= 2.1x the time;
  1000 rules in <= 2x the time of 10. The same rows for --profile bandit where they apply.
"""


class HarnessError(Exception):
    """A failure that stops the run; its message says what failed and how to fix it."""


# ----------------------------------------------------------------------------- small helpers


def log(msg: str) -> None:
    """Progress goes to standard error; the report alone goes to standard output."""
    print(f"speed.py: {msg}", file=sys.stderr, flush=True)


def median(values):
    """Median of the numbers that exist (None: not measured), else None."""
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def tail(path: Path, lines: int = 20) -> str:
    """The last lines of a file, for error messages that show what a tool said."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.rstrip("\n").splitlines()[-lines:]) or "(empty)"


def fmt(value, digits: int = 2, none: str = "n/a") -> str:
    """A number for a table cell; None becomes 'n/a'."""
    if value is None:
        return none
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    """a / b, or None when either is missing or b is 0."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def verdict(value, limit, at_least: bool) -> str:
    """'met' / 'not met' for a target, 'n/a' when it was not measured."""
    if value is None:
        return "n/a"
    ok = value >= limit if at_least else value <= limit
    return "met" if ok else "not met"


def ext(base: Path, suffix: str) -> Path:
    """BASE + suffix ("warden.r1" + ".json"); Path.with_suffix would replace the ".r1"."""
    return base.parent / (base.name + suffix)


def first_line(cmd: list[str]) -> str:
    """First line of a version command's output, or 'n/a' if it cannot run."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "n/a"
    text = (proc.stdout or proc.stderr).strip()
    return text.splitlines()[0] if text else "n/a"


# ----------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    """A tree of Python files and the .py files in it, counted the way every tool sees them."""
    name: str
    tree: Path
    files: list[Path] = field(default_factory=list)  # sorted, absolute
    file_lines: dict[Path, int] = field(default_factory=dict)
    lines: int = 0
    bytes: int = 0


def py_files(tree: Path) -> list[Path]:
    """Every regular *.py file under tree, sorted; symlinks (files or directories) not followed,
    as ruff_wasm.js walks and as a scanner should."""
    out = []
    for dirpath, dirnames, filenames in os.walk(tree, followlinks=False):
        dirnames.sort()
        for name in filenames:
            if not name.endswith(".py"):
                continue
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            out.append(path)
    return sorted(out)


def count_corpus(corpus: Corpus) -> None:
    """Files, lines (newline bytes, as wc -l counts) and bytes of the corpus's .py files."""
    corpus.files = py_files(corpus.tree)
    for path in corpus.files:
        data = path.read_bytes()
        corpus.file_lines[path] = data.count(b"\n")
        corpus.lines += corpus.file_lines[path]
        corpus.bytes += len(data)


def fetch_packages(names: list[str], cache: Path) -> None:
    """Unpacks Debian packages with benchmarks/fetch_corpus.sh (apt-get download + dpkg -x:
    never installed, imported or run); it reuses what its cache already holds."""
    if not names:
        return
    log(f"fetching {' '.join(names)} into {cache} (fetch_corpus.sh)")
    env = dict(os.environ, WARDEN_CORPUS_PACKAGES=" ".join(names), WARDEN_CORPUS_MIN_LINES="0")
    proc = subprocess.run(["bash", str(ROOT / "benchmarks/fetch_corpus.sh"), str(cache)], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        err = "\n".join(proc.stderr.strip().splitlines()[-20:])
        raise HarnessError(f"benchmarks/fetch_corpus.sh could not fetch {' '.join(names)} "
                           f"(exit {proc.returncode}):\n{err}")


def package_tree(cache: Path, name: str) -> Path:
    """Where fetch_corpus.sh leaves a package's Python code."""
    return cache / "pkg" / name / "usr/lib/python3/dist-packages"


def resolve_corpora(specs: list[str], cache: Path) -> list[Corpus]:
    """stdlib, NAME=DIR or a Debian package name -> counted corpora (packages fetched first,
    in one fetch_corpus.sh call)."""
    fetch_packages([s for s in specs if s != "stdlib" and "=" not in s], cache)
    corpora, seen = [], set()
    for spec in specs:
        if spec == "stdlib":
            name, tree = "stdlib", STDLIB
        elif "=" in spec:
            name, tree = spec.split("=", 1)
            tree = Path(tree)
        else:
            name, tree = spec, package_tree(cache, spec)
        if not name or name in seen or "/" in name:
            raise HarnessError(f"corpus '{spec}': names must be unique and without '/'")
        seen.add(name)
        if not tree.is_dir():
            raise HarnessError(f"corpus {name}: no directory {tree}")
        corpus = Corpus(name, tree.resolve())
        count_corpus(corpus)
        if not corpus.files:
            raise HarnessError(f"corpus {name}: no .py files under {corpus.tree}")
        corpora.append(corpus)
    return corpora


# ----------------------------------------------------------------------------- Ruff's wasm build


def fetch_ruff(cache: Path) -> Path:
    """The pinned @astral-sh/ruff-wasm-nodejs, fetched once with `npm pack` (no install, no
    scripts) into CACHE/ruff-wasm-VERSION/, its tarball checked against the pinned sha512 every
    run, extracted with a check that every member stays inside. Returns the package directory."""
    home = cache / f"ruff-wasm-{RUFF_VERSION}"
    home.mkdir(parents=True, exist_ok=True)
    tgz = home / f"astral-sh-ruff-wasm-nodejs-{RUFF_VERSION}.tgz"
    package = home / "package"
    if not tgz.is_file():
        log(f"npm pack {RUFF_PACKAGE}@{RUFF_VERSION} into {home}")
        proc = subprocess.run(["npm", "pack", f"{RUFF_PACKAGE}@{RUFF_VERSION}", "--ignore-scripts",
                               "--pack-destination", str(home)], cwd=home,
                              capture_output=True, text=True)
        if proc.returncode != 0 or not tgz.is_file():
            err = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-10:])
            raise FileNotFoundError(f"npm pack {RUFF_PACKAGE}@{RUFF_VERSION} failed: {err}")
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != RUFF_INTEGRITY:
        raise HarnessError(f"{tgz}: integrity {digest} is not the pinned {RUFF_INTEGRITY}; "
                           f"refusing to run it (delete the file to fetch it again)")
    if not (package / ".verified").is_file():
        shutil.rmtree(package, ignore_errors=True)
        safe_extract(tgz, home)
        (package / ".verified").write_text(digest + "\n")
    return package


def safe_extract(tgz: Path, dest: Path) -> None:
    """Extracts an npm tarball, refusing anything but plain files and directories under
    package/ (this Python's tarfile predates extraction filters, so the check is done here)."""
    with tarfile.open(tgz, "r:gz") as tar:
        members = tar.getmembers()
        for m in members:
            parts = Path(m.name).parts
            if (not (m.isfile() or m.isdir()) or m.name.startswith("/") or ".." in parts
                    or not parts or parts[0] != "package"):
                raise HarnessError(f"{tgz}: unsafe member {m.name!r}; not extracting")
            m.mode = (m.mode | 0o600) & 0o755  # no set-id bits, owner can read and write
            m.uid = m.gid = 0
            m.uname = m.gname = ""
        tar.extractall(dest, members=members)


# ----------------------------------------------------------------------------- running tools


@dataclass
class Measure:
    """One run of one tool: times from /usr/bin/time, what the tool found, its --stats."""
    wall: float | None = None      # /usr/bin/time %e (bandit-2p: Python's clock over both)
    cpu: float | None = None       # user + system
    rss_kib: int | None = None     # peak RSS (bandit-2p: the two peaks summed)
    wall_clock: float | None = None  # Python's clock around the process (ms resolution)
    findings: int | None = None
    by_cwe: collections.Counter = field(default_factory=collections.Counter)
    stats: dict | None = None      # Warden's --stats: {"phases": {...}, "total", "wall", "jobs"}
    version: str | None = None     # what the tool says of itself in its output (ruff-wasm)
    estimated: bool = False        # warden-parse derived from the default run's parse row


class Timed:
    """One process under /usr/bin/time, outputs in BASE.{stdout,stderr,time}."""

    def __init__(self, cmd: list[str], base: Path, ok: tuple[int, ...], cwd: Path | None = None):
        self.cmd, self.base, self.ok, self.cwd = cmd, base, ok, cwd
        self.timefile = ext(base, ".time")
        self.stdout = ext(base, ".stdout")
        self.stderr = ext(base, ".stderr")

    def start(self) -> "Timed":
        with open(self.base.parent / "commands.txt", "a") as f:
            f.write(("(cd %s && %s)" % (shlex.quote(str(self.cwd)), shlex.join(self.cmd))
                     if self.cwd else shlex.join(self.cmd)) + "\n")
        self.out_f, self.err_f = open(self.stdout, "wb"), open(self.stderr, "wb")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen([TIME, "-f", TIME_FORMAT, "-o", str(self.timefile)] + self.cmd,
                                     stdout=self.out_f, stderr=self.err_f, stdin=subprocess.DEVNULL,
                                     cwd=self.cwd)
        return self

    def wait(self) -> Measure:
        """Waits, checks the exit status, parses /usr/bin/time's line."""
        rc = self.proc.wait()
        clock = time.perf_counter() - self.t0
        self.out_f.close()
        self.err_f.close()
        if rc not in self.ok:
            raise HarnessError(f"command failed (exit {rc}): {shlex.join(self.cmd)}\n"
                               f"stderr (last lines, {self.stderr}):\n{tail(self.stderr)}")
        # /usr/bin/time writes "Command exited with non-zero status N" before the format line.
        lines = [l for l in self.timefile.read_text().splitlines() if l.strip()]
        try:
            e, u, s, m = lines[-1].split()
            return Measure(wall=float(e), cpu=float(u) + float(s), rss_kib=int(m), wall_clock=clock)
        except (IndexError, ValueError):
            raise HarnessError(f"cannot read /usr/bin/time's output {self.timefile} for "
                               f"{shlex.join(self.cmd)}") from None

    def run(self) -> Measure:
        return self.start().wait()


def parse_stats(text: str) -> dict | None:
    """Warden's --stats table: the rows between the 'phase CPU s share' header and 'total'
    (any phase names, in order), then 'wall X s, N jobs'. Other sections are ignored."""
    phases, total, wall, jobs, in_table = {}, None, None, None, False
    for line in text.splitlines():
        words = line.split()
        if words[:4] == ["phase", "CPU", "s", "share"]:
            in_table = True
            continue
        if in_table and words:
            if words[0] == "total":
                total, in_table = float(words[1]), False
                continue
            try:
                phases[words[0]] = float(words[1])
            except (IndexError, ValueError):
                in_table = False
            continue
        m = re.match(r"wall\s+([0-9.]+) s, (\d+) jobs?", line)
        if m:
            wall, jobs = float(m.group(1)), int(m.group(2))
    if not phases:
        return None
    return {"phases": phases, "total": total, "wall": wall, "jobs": jobs}


class CweMap:
    """Bandit test ids and Ruff S codes -> CWE, read from Warden's own rule files (Bandit
    1.6.2's JSON has no CWE): each rule block's cwe: and bandit: / ruff: lines. Where several
    rules share an id, rulesets/bandit/ wins, then the first file in sorted order."""

    def __init__(self, root: Path):
        self.bandit: dict[str, str] = {}
        self.ruff: dict[str, str] = {}
        files = sorted(root.glob("rulesets/**/*.rule"),
                       key=lambda p: (p.parent.name != "bandit", str(p)))
        for path in files:
            for keys in self._blocks(path.read_text(errors="replace")):
                cwe = keys.get("cwe")
                if not cwe:
                    continue
                if keys.get("bandit"):
                    self.bandit.setdefault(keys["bandit"], cwe)
                if keys.get("ruff"):
                    self.ruff.setdefault(keys["ruff"], cwe)

    @staticmethod
    def _blocks(text: str):
        """Yields {cwe, bandit, ruff} per `rule NAME {` block (skipping \"\"\" strings)."""
        keys, in_string = None, False
        for line in text.splitlines():
            if line.count('"""') % 2 == 1:
                in_string = not in_string
                continue
            if in_string:
                continue
            if re.match(r"^rule\s+\S+\s*\{", line):
                if keys is not None:
                    yield keys
                keys = {}
                continue
            m = re.match(r"^\s+(cwe|bandit|ruff):\s*(.+?)\s*$", line)
            if m and keys is not None and m.group(1) not in keys:
                value = m.group(2)
                if m.group(1) == "cwe":
                    nums = re.findall(r"\d+", value)
                    value = f"CWE-{nums[0]}" if nums else None
                keys[m.group(1)] = value
        if keys is not None:
            yield keys

    def for_bandit(self, test_id: str) -> str:
        return self.bandit.get(test_id, "none")

    def for_ruff(self, code: str) -> str:
        if code in self.ruff:
            return self.ruff[code]
        return self.bandit.get("B" + code[1:], "none") if re.match(r"^S\d+$", code) else "none"


def warden_findings(path: Path, m: Measure) -> None:
    """Findings of a Warden JSON report, counted under each finding's first (primary) CWE."""
    doc = json.loads(path.read_text())
    m.findings = len(doc.get("findings", []))
    for f in doc.get("findings", []):
        cwes = f.get("cwe") or []
        m.by_cwe[f"CWE-{cwes[0]}" if cwes else "none"] += 1


def bandit_findings(paths: list[Path], m: Measure, cwe: CweMap) -> None:
    """Findings of Bandit JSON reports (len(results)), CWE through Warden's bandit: xrefs."""
    m.findings = 0
    for path in paths:
        results = json.loads(path.read_text()).get("results", [])
        m.findings += len(results)
        for r in results:
            m.by_cwe[cwe.for_bandit(r.get("test_id", ""))] += 1


class Runner:
    """Knows how to run each tool on a tree; one instance per harness run."""

    def __init__(self, args, warden: Path, cwe: CweMap, syntax_only: bool, ruff_pkg: Path | None):
        self.args, self.warden, self.cwe = args, warden, cwe
        self.syntax_only, self.ruff_pkg = syntax_only, ruff_pkg
        self.semgrep_config = os.environ.get("WARDEN_SEMGREP_CONFIG", "p/bandit")

    def warden_scan(self, tree: Path, base: Path, extra: list[str], jobs: int | None = JOBS,
                    stats: bool = True, need_stats: bool = False) -> Measure:
        """`warden scan TREE EXTRA --format json -o BASE.json [--stats] [--jobs N]`. A missing
        --stats table is an error only where the report needs it (need_stats)."""
        report = ext(base, ".json")
        cmd = [str(self.warden), "scan", str(tree), *extra, "--format", "json", "-o", str(report)]
        if stats:
            cmd.append("--stats")
        if jobs:
            cmd += ["--jobs", str(jobs)]
        t = Timed(cmd, base, OK_STATUS["warden"])
        m = t.run()
        warden_findings(report, m)
        if stats:
            m.stats = parse_stats(t.stderr.read_text(errors="replace"))
            if m.stats is None and need_stats:
                raise HarnessError(f"no --stats table in the stderr of {shlex.join(cmd)} "
                                   f"({t.stderr})")
        return m

    def run(self, tool: str, corpus: Corpus, base: Path) -> Measure:
        """One run of TOOL over CORPUS, outputs under BASE.*."""
        tree = corpus.tree
        if tool == "warden":
            return self.warden_scan(tree, base, ["--profile", "default"], need_stats=True)
        if tool == "warden-bandit":
            return self.warden_scan(tree, base, ["--profile", "bandit"])
        if tool == "warden-parse":
            return self.warden_scan(tree, base, ["--syntax-only"])
        if tool == "bandit":
            report = ext(base, ".json")
            m = Timed(["bandit", "-r", str(tree), "-f", "json", "-o", str(report), "-q"],
                      base, OK_STATUS["bandit"]).run()
            bandit_findings([report], m, self.cwe)
            return m
        if tool == "bandit-2p":
            return self.bandit_two(corpus, base)
        if tool == "ruff-wasm":
            m = Timed(["node", str(ROOT / "benchmarks/ruff_wasm.js"), str(self.ruff_pkg), str(tree)],
                      base, OK_STATUS["node"]).run()
            out = json.loads(ext(base, ".stdout").read_text())
            m.findings, m.version = out["findings"], out.get("version")
            for code, n in out.get("by_code", {}).items():
                m.by_cwe[self.cwe.for_ruff(code)] += n
            return m
        if tool == "semgrep":
            report = ext(base, ".json")
            m = Timed(["semgrep", "scan", "--config", self.semgrep_config, "--metrics", "off", "--json",
                       "-o", str(report), str(tree)], base, OK_STATUS["semgrep"]).run()
            results = json.loads(report.read_text()).get("results", [])
            m.findings = len(results)
            for r in results:
                cwes = (r.get("extra", {}).get("metadata", {}) or {}).get("cwe") or []
                cwes = [cwes] if isinstance(cwes, str) else cwes
                nums = re.findall(r"CWE-(\d+)", cwes[0]) if cwes else []
                m.by_cwe[f"CWE-{nums[0]}" if nums else "none"] += 1
            return m
        raise AssertionError(tool)

    def bandit_two(self, corpus: Corpus, base: Path) -> Measure:
        """Bandit on two cores: the tree's .py files in two halves balanced by lines (largest
        first, each to the lighter half), two processes at once. Wall: Python's clock from the
        start until both end; CPU: the sum; RSS: the two peaks summed (both are resident)."""
        halves, weight = [[], []], [0, 0]
        for path in sorted(corpus.files, key=lambda p: (-corpus.file_lines[p], str(p))):
            k = 0 if weight[0] <= weight[1] else 1
            halves[k].append(path)
            weight[k] += corpus.file_lines[path]
        procs, reports = [], []
        t0 = time.perf_counter()
        for k, half in enumerate(halves):
            if not half:
                continue
            report = base.parent / f"{base.name}.{k}.json"
            reports.append(report)
            # Relative paths from the tree keep the command line short.
            rel = [str(p.relative_to(corpus.tree)) for p in sorted(half)]
            procs.append(Timed(["bandit", "-f", "json", "-o", str(report), "-q", *rel],
                               base.parent / f"{base.name}.{k}", OK_STATUS["bandit"],
                               cwd=corpus.tree).start())
        parts = [p.wait() for p in procs]
        wall = time.perf_counter() - t0
        m = Measure(wall=wall, wall_clock=wall, cpu=sum(p.cpu for p in parts),
                    rss_kib=sum(p.rss_kib for p in parts))
        bandit_findings(reports, m, self.cwe)
        return m


# ----------------------------------------------------------------------------- the phases


def rotated(items: list, k: int) -> list:
    """items rotated left by k: repeat k starts with the k-th tool."""
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]


def run_corpora(runner: Runner, corpora, tools, repeats, out: Path):
    """Every tool once per corpus per repeat, tool order rotated each repeat.
    Returns {corpus: {tool: [Measure]}}."""
    results = {c.name: {t: [] for t in tools} for c in corpora}
    for r in range(repeats):
        for c in corpora:
            d = out / "runs" / c.name
            d.mkdir(parents=True, exist_ok=True)
            for tool in rotated(tools, r):
                m = runner.run(tool, c, d / f"{tool}.r{r + 1}")
                results[c.name][tool].append(m)
                log(f"repeat {r + 1}/{repeats} {c.name} {tool}: {m.wall:.2f} s wall, "
                    f"{m.cpu:.2f} s CPU, {m.rss_kib / 1024:.0f} MiB, {m.findings} findings")
    return results


def link_or_copy(src: Path, dst: Path) -> None:
    """Hard link (cheap, same file system), else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def build_scale_sets(corpora, out: Path):
    """Prefixes of all corpora's .py files (sorted paths, then a fixed-seed shuffle) holding
    1/8, 1/4, 1/2 and all of the lines, as directories OUT/scale/pNN/CORPUS/relpath.
    A prefix is the shortest one reaching its share of the lines."""
    files = sorted(((c.name, p, c.file_lines[p], p.relative_to(c.tree)) for c in corpora
                    for p in c.files), key=lambda t: (t[0], str(t[3])))
    random.Random(SEED).shuffle(files)
    total = sum(f[2] for f in files)
    sets = []
    for div, label in SCALE_FRACTIONS:
        goal, acc, n = total / div, 0, 0
        while n < len(files) and acc < goal:
            acc += files[n][2]
            n += 1
        d = out / "scale" / f"p{100 // div:03d}"
        for name, src, _, rel in files[:n]:
            link_or_copy(src, d / name / rel)
        corpus = Corpus(f"scale-{label}", d, [f[1] for f in files[:n]], {}, acc,
                        sum(f[1].stat().st_size for f in files[:n]))
        sets.append((label, corpus))
    return sets


def run_scaling(runner: Runner, corpora, repeats, out: Path):
    """warden (default) and warden-bandit on each prefix, repeats alternating (rotated order).
    Returns [(label, Corpus, {tool: [Measure]})]."""
    sets = build_scale_sets(corpora, out)
    tools = ["warden", "warden-bandit"]
    results = {label: {t: [] for t in tools} for label, _ in sets}
    jobs = [(label, c, t) for label, c in sets for t in tools]
    for r in range(repeats):
        for label, c, tool in rotated(jobs, r):
            d = out / "runs" / f"scale-p{label.replace('/', '_')}"
            d.mkdir(parents=True, exist_ok=True)
            m = runner.run(tool, c, d / f"{tool}.r{r + 1}")
            results[label][tool].append(m)
            log(f"scaling repeat {r + 1}/{repeats} {label} ({c.lines:,} lines) {tool}: {m.wall:.2f} s")
    return [(label, c, results[label]) for label, c in sets]


RULE_SHAPES = [
    "call mod{i}.{{run, call}} (shell: truthy)",
    "`pkg{i}.loads($X, ...)`",
    'all {{ node assert_statement  `assert $C, ...`  where $C matches "^flag{i}$" }}',
    # A string literal node tested against a regex: `where $S matches` on a string literal
    # tests its value (docs/rule-language.md); the bare `where $ matches` is not the syntax.
    'all {{ node string  pattern `$S`  where $S matches "secret{i}[a-z]+" }}',
]


def write_rules(n: int, path: Path) -> None:
    """N synthetic rules bench-0..N-1, the four shapes in rotation, distinct names."""
    blocks = []
    for i in range(n):
        match = RULE_SHAPES[i % len(RULE_SHAPES)].format(i=i)
        blocks.append(f'rule bench-{i} {{\n  title: "t"\n  message: "m"\n  severity: low\n'
                      f'  confidence: low\n  match: {match}\n}}\n')
    path.write_text("".join(blocks))


def run_rules(runner: Runner, corpus: Corpus, counts, repeats, out: Path):
    """warden scan CORPUS --rules OUT/rules/N.rule for each N, repeats alternating.
    Every generated file is checked first with `warden check-rules`."""
    d = out / "rules"
    d.mkdir(parents=True, exist_ok=True)
    for n in counts:
        path = d / f"{n}.rule"
        write_rules(n, path)
        proc = subprocess.run([str(runner.warden), "check-rules", str(path)], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            raise HarnessError(f"warden check-rules {path} failed (exit {proc.returncode}):\n"
                               + "\n".join((proc.stderr + proc.stdout).splitlines()[-20:]))
    results = {n: [] for n in counts}
    runs = out / "runs" / "rules"
    runs.mkdir(parents=True, exist_ok=True)
    for r in range(repeats):
        for n in rotated(list(counts), r):
            m = runner.warden_scan(corpus.tree, runs / f"{n}.r{r + 1}", ["--rules", str(d / f"{n}.rule")])
            results[n].append(m)
            log(f"rules repeat {r + 1}/{repeats} {n} rules on {corpus.name}: {m.wall:.2f} s")
    return results


def torch_modules(cache: Path, corpora) -> tuple[list[Path], str]:
    """Sorted .py files of python3-torch's torch/nn/modules/ (fetched if need be), else, when
    torch cannot be had, sorted top-level modules of the standard library."""
    tree = package_tree(cache, "python3-torch")
    if not (tree / "torch/nn/modules").is_dir():
        try:
            fetch_packages(["python3-torch"], cache)
        except HarnessError as e:
            log(f"typical repo: no python3-torch ({e}); using standard library files")
    modules = tree / "torch/nn/modules"
    if modules.is_dir():
        return sorted(p for p in modules.glob("*.py") if p.is_file() and not p.is_symlink()), \
            "python3-torch torch/nn/modules"
    return sorted(p for p in STDLIB.glob("*.py") if p.is_file() and not p.is_symlink()), \
        f"{STDLIB} (python3-torch unavailable)"


def build_typical(cache: Path, corpora, out: Path):
    """OUT/typical-repo: examples/benign-custom-model whole, plus real modules added in sorted
    order while the repository's .py lines stay under 5,000: what a custom-code model on a hub
    looks like, small enough that start-up (rule compilation) dominates."""
    repo = out / "typical-repo"
    shutil.copytree(ROOT / "examples/benign-custom-model", repo, symlinks=True)
    lines = sum(p.read_bytes().count(b"\n") for p in py_files(repo))
    sources, origin = torch_modules(cache, corpora)
    added = 0
    for src in sources:
        n = src.read_bytes().count(b"\n")
        if lines + n >= TYPICAL_MAX_LINES:
            continue  # sorted order; a smaller later file may still fit
        dst = repo / "nn_modules" / src.name
        dst.parent.mkdir(exist_ok=True)
        shutil.copy2(src, dst)
        lines += n
        added += 1
    files = py_files(repo)
    return repo, {"files": len(files), "all_files": sum(1 for p in repo.rglob("*") if p.is_file()),
                  "lines": lines, "added": added, "origin": origin}


def run_typical(runner: Runner, repo: Path, repeats: int, out: Path):
    """`warden scan DIR --format json -o F` (default profile, default jobs): start-up included."""
    d = out / "runs" / "typical"
    d.mkdir(parents=True, exist_ok=True)
    runs = []
    for r in range(repeats):
        m = runner.warden_scan(repo, d / f"warden.r{r + 1}", [], jobs=None, stats=False)
        runs.append(m)
        log(f"typical repo {r + 1}/{repeats}: {m.wall_clock:.3f} s")
    return runs


# ----------------------------------------------------------------------------- machine facts


def machine_info() -> dict:
    """CPU model, cores, memory, kernel, Debian version: what a reader needs to compare runs."""
    info = {"cpu": "unknown", "cores": os.cpu_count(), "memory": "unknown",
            "kernel": os.uname().release, "debian": "unknown"}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        info["debian"] = Path("/etc/debian_version").read_text().strip()
    except OSError:
        pass
    return info


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# ----------------------------------------------------------------------------- report


@dataclass
class Row:
    """A tool's medians over the repeats on one corpus (or their sums over corpora)."""
    tool: str
    wall: float | None = None
    cpu: float | None = None
    rss_mib: float | None = None
    findings: int | None = None
    skipped: str | None = None
    estimated: bool = False


def summarize(runs: list[Measure]) -> Row:
    return Row("", median(m.wall for m in runs), median(m.cpu for m in runs),
               None if all(m.rss_kib is None for m in runs) else median(m.rss_kib for m in runs) / 1024,
               runs[-1].findings if runs else None)


def phase_medians(runs: list[Measure]) -> dict:
    """Median CPU-s of each --stats row (phases in the order Warden prints them), and of wall."""
    names = []
    for m in runs:
        for p in (m.stats or {}).get("phases", {}):
            if p not in names:
                names.append(p)
    out = {p: median(m.stats["phases"].get(p) for m in runs if m.stats) for p in names}
    out["total"] = median((m.stats or {}).get("total") for m in runs)
    return out


class Report:
    """Builds report.md and the plots' data from the measurements."""

    def __init__(self, ctx: dict):
        self.c = ctx
        self.lines: list[str] = []

    def w(self, text: str = "") -> None:
        self.lines.append(text)

    def table(self, header: list[str], rows: list[list[str]], align: str | None = None) -> None:
        align = align or ("l" + "r" * (len(header) - 1))
        self.w("| " + " | ".join(header) + " |")
        self.w("| " + " | ".join("---" if a == "l" else "---:" for a in align) + " |")
        for r in rows:
            self.w("| " + " | ".join(r) + " |")
        self.w()

    # --- per-corpus figures

    def rows_for(self, corpus: str) -> dict[str, Row]:
        """Medians per tool for one corpus; warden-parse estimated from the parse row when the
        binary has no --syntax-only."""
        c = self.c
        rows = {}
        for tool in c["tools"]:
            if tool in c["skipped"]:
                rows[tool] = Row(tool, skipped=c["skipped"][tool])
            elif tool == "warden-parse" and not c["syntax_only"]:
                wr = c["results"][corpus].get("warden") or []
                if not wr:
                    rows[tool] = Row(tool, skipped="skipped: needs the warden run (no --syntax-only)")
                    continue
                cpu = median(m.stats["phases"].get("parse") for m in wr)
                jobs = wr[0].stats.get("jobs") or JOBS
                rows[tool] = Row(tool, wall=cpu / jobs if cpu is not None else None, cpu=cpu,
                                 estimated=True)
            else:
                r = summarize(c["results"][corpus][tool])
                r.tool = tool
                rows[tool] = r
        return rows

    def tool_rows(self, rows: dict[str, Row], lines: int) -> list[list[str]]:
        warden = rows.get("warden")
        base = warden.wall if warden and not warden.skipped else None
        out = []
        for tool, r in rows.items():
            if r.skipped:
                out.append([tool, r.skipped, "", "", "", "", ""])
                continue
            name = tool + (" (est.)" if r.estimated else "")
            out.append([name, fmt(r.wall), fmt(r.cpu), fmt(r.rss_mib, 1), fmt(ratio(lines, r.wall), 0),
                        fmt(ratio(r.wall, base)), fmt(r.findings)])
        return out

    def build(self) -> str:
        c = self.c
        m = c["machine"]
        self.w("# Warden speed benchmark")
        self.w()
        self.w(f"- command: `{c['command']}`")
        self.w(f"- date: {c['date']}")
        self.w(f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory']} memory, kernel {m['kernel']}, "
               f"Debian {m['debian']}")
        self.w(f"- load average: {c['load_before']} before, {c['load_after']} after")
        v = c["versions"]
        self.w(f"- warden: {v['warden']} ({c['warden']}); --syntax-only: "
               f"{'supported' if c['syntax_only'] else 'not supported by this binary'}")
        self.w(f"- bandit: {v['bandit']}; ruff: {v['ruff']} ({RUFF_PACKAGE}, wasm, one thread); "
               f"node: {v['node']}; semgrep: {v['semgrep']}")
        plural = "s" if c["repeats"] != 1 else ""
        self.w(f"- method: medians of {c['repeats']} repeat{plural}; each repeat runs every tool once per "
               f"corpus, the tool order rotated each repeat; every tool a whole process under "
               f"`/usr/bin/time -f '{TIME_FORMAT}'` (start-up included). Warden: `--jobs {JOBS}`. "
               f"Nothing scanned is imported or run.")
        self.w(f"- outputs: {c['out']} (raw measurements: results.json; commands: runs/*/commands.txt)")
        self.w()

        self.w("## Corpora")
        self.w()
        self.w("The `.py` files of each tree, symlinks not followed (the files every tool scans).")
        self.w()
        self.table(["corpus", "tree", "files", "lines", "MB"],
                   [[co.name, f"`{co.tree}`", fmt(len(co.files)), fmt(co.lines), fmt(co.bytes / 1e6)]
                    for co in c["corpora"]] +
                   [["all", "", fmt(sum(len(co.files) for co in c["corpora"])),
                     fmt(sum(co.lines for co in c["corpora"])),
                     fmt(sum(co.bytes for co in c["corpora"]) / 1e6)]], "llrrr")

        self.w("## Tools per corpus")
        self.w()
        self.w("Medians. lines/s = corpus lines / wall; x Warden = the tool's wall / Warden's "
               "(default profile) wall: how many times faster Warden is. Findings: Warden "
               "len(findings), Bandit len(results), Ruff its S-rule diagnostics. Warden also "
               "reads a tree's other files (its signature and weights checks); the others read "
               "only `.py` files.")
        if not c["syntax_only"] and "warden-parse" in c["tools"]:
            self.w("`warden-parse (est.)`: this binary has no `--syntax-only`, so the floor is the "
                   "`parse` row of the default run's `--stats` (CPU-s over the jobs) divided by the "
                   "job count: an estimate, without reading, start-up or report.")
        if "bandit-2p" in c["tools"]:
            self.w("`bandit-2p`: two Bandit processes at once on halves balanced by lines; wall "
                   "from the start until both end, CPU and peak RSS summed.")
        self.w()
        header = ["tool", "wall s", "CPU s", "peak RSS MiB", "lines/s", "x Warden", "findings"]
        all_rows: dict[str, Row] = {}
        self.per_corpus: dict[str, dict[str, Row]] = {}
        for co in c["corpora"]:
            rows = self.rows_for(co.name)
            self.per_corpus[co.name] = rows
            self.w(f"### {co.name} ({co.lines:,} lines, {len(co.files):,} files)")
            self.w()
            self.table(header, self.tool_rows(rows, co.lines))
            for tool, r in rows.items():
                a = all_rows.setdefault(tool, Row(tool, 0.0, 0.0, None, 0, r.skipped, r.estimated))
                if r.skipped:
                    a.skipped = r.skipped
                    continue
                a.wall = None if a.wall is None or r.wall is None else a.wall + r.wall
                a.cpu = None if a.cpu is None or r.cpu is None else a.cpu + r.cpu
                if r.rss_mib is not None:
                    a.rss_mib = max(a.rss_mib or 0, r.rss_mib)
                a.findings = None if a.findings is None or r.findings is None else a.findings + r.findings
        self.all_rows = all_rows
        total_lines = sum(co.lines for co in c["corpora"])
        self.w(f"### All corpora ({total_lines:,} lines)")
        self.w()
        self.w("Sums of the per-corpus medians; peak RSS: the largest of them.")
        self.w()
        self.table(header, self.tool_rows(all_rows, total_lines))

        self.phases_section()
        self.cwe_section()
        self.scaling_section()
        self.rules_section()
        self.typical_section()
        self.targets_section()
        self.w("## Plots")
        self.w()
        if c["plots"]:
            for p in c["plots"]:
                self.w(f"- {p}")
        else:
            self.w(f"- none: {c['plots_note']}")
        self.w()
        return "\n".join(self.lines)

    def phases_section(self) -> None:
        c = self.c
        if "warden" not in c["tools"] or "warden" in c["skipped"]:
            return
        self.w("## Warden's phases (default profile)")
        self.w()
        self.w("Median CPU-s of each `--stats` row (summed over the threads), Warden's wall and "
               "the parse floor's wall (warden-parse), and their ratio.")
        self.w()
        self.phase_data = {}
        names = []
        for co in c["corpora"]:
            ph = phase_medians(c["results"][co.name]["warden"])
            self.phase_data[co.name] = ph
            names += [n for n in ph if n != "total" and n not in names]
        self.phase_names = names
        rows = []
        for co in c["corpora"]:
            ph = self.phase_data[co.name]
            r = self.per_corpus[co.name]
            floor = r.get("warden-parse")
            fw = floor.wall if floor and not floor.skipped else None
            rows.append([co.name] + [fmt(ph.get(n), 3) for n in names] +
                        [fmt(ph.get("total"), 3), fmt(r["warden"].wall), fmt(fw),
                         fmt(ratio(r["warden"].wall, fw))])
        self.table(["corpus"] + names + ["total", "wall s", "floor wall s", "Warden / floor"], rows)

    def cwe_section(self) -> None:
        c = self.c
        cols = [t for t in ["warden", "warden-bandit", "bandit", "ruff-wasm", "semgrep"]
                if t in c["tools"] and t not in c["skipped"]]
        if not cols:
            return
        counts = {t: collections.Counter() for t in cols}
        for co in c["corpora"]:
            for t in cols:
                runs = c["results"][co.name][t]
                if runs:
                    counts[t].update(runs[-1].by_cwe)
        keys = sorted({k for t in cols for k in counts[t]},
                      key=lambda k: (k == "none", int(k[4:]) if k.startswith("CWE-") else 0))
        self.w("## Findings by CWE (summed over corpora)")
        self.w()
        self.w("Each finding under its first CWE. Bandit 1.6.2's JSON has no CWE: its test ids are "
               "mapped through Warden's rule files (`bandit:` and `cwe:` lines of "
               "`rulesets/**/*.rule`); Ruff's S codes through their `ruff:` lines, else the "
               "B code with the same number. `none`: no CWE, or an id no rule names.")
        self.w()
        self.table(["CWE"] + cols, [[k] + [fmt(counts[t][k]) for t in cols] for k in keys] +
                   [["total"] + [fmt(sum(counts[t].values())) for t in cols]])

    def scaling_section(self) -> None:
        c = self.c
        sc = c.get("scaling")
        if not sc:
            return
        self.w("## Scaling")
        self.w()
        self.w(f"All corpora's `.py` files ({', '.join(co.name for co in c['corpora'])}), sorted, "
               f"shuffled with seed {SEED}, prefixes holding 1/8, 1/4, 1/2 and all of the lines "
               f"(`{c['out']}/scale/`, hard links; only `.py` files, so Warden's signature and "
               f"weights checks have less to read than in the corpus runs). Median wall s.")
        self.w()
        rows, self.scale_data = [], []
        for label, co, res in sc:
            w = median(m.wall for m in res["warden"])
            b = median(m.wall for m in res["warden-bandit"])
            self.scale_data.append((co.lines, w, b))
            rows.append([label, fmt(len(co.files)), fmt(co.lines), fmt(w), fmt(ratio(co.lines, w), 0),
                         fmt(b), fmt(ratio(co.lines, b), 0)])
        self.table(["set", "files", "lines", "warden s", "warden lines/s", "warden-bandit s",
                    "warden-bandit lines/s"], rows)
        half = next(d for (label, _, _), d in zip(sc, self.scale_data) if label == "1/2")
        full = self.scale_data[-1]
        self.growth = {"lines": ratio(full[0], half[0]), "warden": ratio(full[1], half[1]),
                       "warden-bandit": ratio(full[2], half[2])}
        self.w(f"Growth all / half: lines {fmt(self.growth['lines'])}x, time {fmt(self.growth['warden'])}x "
               f"(default), {fmt(self.growth['warden-bandit'])}x (bandit profile).")
        self.w()

    def rules_section(self) -> None:
        c = self.c
        rr = c.get("rules")
        if not rr:
            return
        self.w(f"## Rule count")
        self.w()
        self.w(f"`warden scan {c['rules_corpus'].tree} --rules OUT/rules/N.rule --jobs {JOBS} --format "
               f"json -o F --stats`: N synthetic rules in four shapes (calls with an argument "
               f"condition, call patterns, assert nodes with `where`, string literals with a "
               f"regex), each file checked by `warden check-rules`. Medians.")
        self.w()
        rows, self.rules_data = [], []
        for n, runs in rr.items():
            s = summarize(runs)
            match = median((m.stats or {}).get("phases", {}).get("match") for m in runs)
            self.rules_data.append((n, s.wall, s.cpu))
            rows.append([fmt(n), fmt(s.wall), fmt(s.cpu), fmt(s.rss_mib, 1), fmt(match, 3), fmt(s.findings)])
        self.table(["rules", "wall s", "CPU s", "peak RSS MiB", "match CPU s", "findings"], rows)
        ns = list(rr)
        top = 1000 if 1000 in rr else ns[-1]
        self.rules_ratio = (top, ratio(self.rules_data[ns.index(top)][1], self.rules_data[0][1])
                            if ns[0] == 10 else None)
        self.w(f"Wall {top} rules / 10 rules: {fmt(self.rules_ratio[1])}x.")
        self.w()

    def typical_section(self) -> None:
        c = self.c
        t = c.get("typical")
        if not t:
            return
        info, runs = t
        self.typical_wall = median(m.wall_clock for m in runs)
        rss = median(m.rss_kib for m in runs) / 1024
        self.w("## Typical model repository")
        self.w()
        self.w(f"`warden scan {c['out']}/typical-repo --format json -o F` (default profile and jobs, "
               f"start-up and rule compilation included): examples/benign-custom-model plus "
               f"{info['added']} files of {info['origin']}; {info['files']} .py files "
               f"({info['all_files']} files), {info['lines']:,} lines. Median of {len(runs)}: "
               f"wall **{self.typical_wall:.3f} s** (Python's clock; /usr/bin/time "
               f"{fmt(median(m.wall for m in runs))} s), peak RSS {rss:.1f} MiB, "
               f"findings: {runs[-1].findings}.")
        self.w()

    def targets_section(self) -> None:
        c = self.c
        a = self.all_rows
        def wall(tool):
            r = a.get(tool)
            return None if r is None or r.skipped else r.wall
        rows = []
        def add(name, profile, value, goal, limit, at_least, unit="x", note=""):
            shown = fmt(value) + (unit if value is not None else "") + (f" {note}" if note else "")
            rows.append([name, profile, shown, goal, verdict(value, limit, at_least)])
        floor = wall("warden-parse")
        floor_note = "(floor estimated)" if not c["syntax_only"] else ""
        for tool, profile in [("warden", "default"), ("warden-bandit", "bandit")]:
            if tool not in a or a[tool].skipped:
                continue
            add("throughput vs Bandit (one process)", profile, ratio(wall("bandit"), wall(tool)),
                ">= 25x", 25, True)
            add("throughput vs ruff-wasm", profile, ratio(wall("ruff-wasm"), wall(tool)), ">= 1.5x",
                1.5, True)
            add("wall vs parse floor", profile, ratio(wall(tool), floor), "<= 1.5x", 1.5, False,
                note=floor_note)
            if tool == "warden":
                tw = getattr(self, "typical_wall", None)
                rows.append(["typical model repository", profile,
                             f"{tw:.3f} s" if tw is not None else "n/a", "<= 0.1 s",
                             verdict(tw, 0.1, False)])
            add("peak RSS (max over corpora)", profile, a[tool].rss_mib, "<= 150 MiB", 150, False,
                unit=" MiB")
            growth = getattr(self, "growth", {}).get(tool)
            add("time all / half of the lines", profile, growth, "<= 2.1x", 2.1, False,
                note=f"(lines {fmt(self.growth['lines'])}x)" if growth else "")
            if tool == "warden":
                top, rr = getattr(self, "rules_ratio", (None, None))
                if top == 1000:
                    add("1000 rules / 10 rules", "--rules", rr, "<= 2x", 2, False)
                else:
                    rows.append(["1000 rules / 10 rules", "--rules",
                                 f"not run ({top} / 10: {fmt(rr)}x)" if top else "not run",
                                 "<= 2x", "n/a"])
        self.w("## Targets")
        self.w()
        self.w("Ratios of the all-corpora sums of medians (throughput vs a peer = the peer's wall / "
               "Warden's wall). n/a: not measured in this run.")
        self.w()
        self.table(["target", "profile", "measured", "goal", "verdict"], rows, "lllll")


# ----------------------------------------------------------------------------- plots


def gnuplot(script: str, name: str, plots: Path) -> str | None:
    """Runs a gnuplot script (kept beside the PNG); returns the PNG's path, or None with a
    warning on failure: a plot is never worth failing the benchmark for."""
    gp = plots / f"{name}.gp"
    gp.write_text(script)
    proc = subprocess.run(["gnuplot", gp.name], cwd=plots, capture_output=True, text=True)
    png = plots / f"{name}.png"
    if proc.returncode != 0 or not png.is_file():
        log(f"gnuplot {gp} failed: {proc.stderr.strip()[-500:]}")
        return None
    return str(png)


def q(s: str) -> str:
    """A string for a gnuplot data file or script (double quotes, none inside)."""
    return '"' + s.replace('"', "'") + '"'


def make_plots(rep: Report, ctx: dict, plots: Path) -> list[str]:
    """throughput.png, scaling.png, phases.png, rules.png, each with its .dat and .gp."""
    plots.mkdir(parents=True, exist_ok=True)
    head = "set terminal png size 1100,650 font ',11'\nset output '{name}.png'\nset grid ytics\n"
    made = []
    # Throughput: grouped bars, one group per corpus, one bar per tool that ran.
    tools = [t for t in ctx["tools"] if t not in ctx["skipped"]]
    if tools and ctx["corpora"]:
        est = not ctx["syntax_only"]
        dat = ["corpus " + " ".join(q(t + (" (est.)" if est and t == "warden-parse" else ""))
                                    for t in tools)]
        for co in ctx["corpora"]:
            rows = rep.per_corpus[co.name]
            dat.append(q(co.name) + " " + " ".join(
                f"{ratio(co.lines, rows[t].wall):.1f}" if not rows[t].skipped and rows[t].wall
                else "NaN" for t in tools))
        (plots / "throughput.dat").write_text("\n".join(dat) + "\n")
        made.append(gnuplot(head.format(name="throughput") + f"""\
set title 'Lines per second (median wall), per corpus'
set ylabel 'lines/s'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:*]
set format y '%.0f'
set key outside right top
plot for [i=2:{len(tools) + 1}] 'throughput.dat' using i:xtic(1) title columnhead(i)
""", "throughput", plots))
    # Scaling: points per profile, and the straight line through the origin and the half point.
    if getattr(rep, "scale_data", None):
        (plots / "scaling.dat").write_text("# lines warden_default_s warden_bandit_s\n" + "".join(
            f"{l} {w if w is not None else 'NaN'} {b if b is not None else 'NaN'}\n"
            for l, w, b in rep.scale_data))
        half = rep.scale_data[2]
        kw, kb = (half[1] or 0) / half[0], (half[2] or 0) / half[0]
        made.append(gnuplot(head.format(name="scaling") + f"""\
set title 'Warden wall time vs lines (medians); lines: through 0 and the half-size point'
set xlabel 'lines'
set ylabel 'wall s'
set xrange [0:*]
set yrange [0:*]
set format x '%.0f'
set key left top
kw = {kw!r}
kb = {kb!r}
plot 'scaling.dat' using 1:2 with points pt 7 ps 1.5 lc 1 title 'warden --profile default', \\
     kw * x with lines lc 1 dt 2 title 'default: linear from the half', \\
     'scaling.dat' using 1:3 with points pt 5 ps 1.5 lc 2 title 'warden --profile bandit', \\
     kb * x with lines lc 2 dt 2 title 'bandit: linear from the half'
""", "scaling", plots))
    # Phases: stacked CPU-s per corpus.
    if getattr(rep, "phase_data", None):
        names = rep.phase_names
        dat = ["corpus " + " ".join(q(n) for n in names)]
        for co in ctx["corpora"]:
            ph = rep.phase_data[co.name]
            dat.append(q(co.name) + " " + " ".join(f"{ph.get(n) or 0:.4f}" for n in names))
        (plots / "phases.dat").write_text("\n".join(dat) + "\n")
        made.append(gnuplot(head.format(name="phases") + f"""\
set title 'Warden --profile default: CPU seconds per phase (--stats, medians)'
set ylabel 'CPU s (summed over {JOBS} jobs)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.6
set yrange [0:*]
set key outside right top
plot for [i=2:{len(names) + 1}] 'phases.dat' using i:xtic(1) title columnhead(i)
""", "phases", plots))
    # Rules: wall and CPU vs rule count, log x.
    if getattr(rep, "rules_data", None):
        (plots / "rules.dat").write_text("# rules wall_s cpu_s\n" + "".join(
            f"{n} {w} {c}\n" for n, w, c in rep.rules_data))
        made.append(gnuplot(head.format(name="rules") + f"""\
set title 'warden scan {ctx["rules_corpus"].name} --rules N.rule: time vs rule count (medians)'
set xlabel 'rules'
set ylabel 's'
set logscale x
set xrange [5:2000]
set yrange [0:*]
set key left top
plot 'rules.dat' using 1:2 with linespoints pt 7 ps 1.5 title 'wall s', \\
     'rules.dat' using 1:3 with linespoints pt 5 ps 1.5 title 'CPU s'
""", "rules", plots))
    return [m for m in made if m]


# ----------------------------------------------------------------------------- main


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="speed.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Warden's speed benchmark: Warden against Bandit, Ruff (its flake8-bandit S rules, the
WebAssembly build under node) and, when installed, Semgrep, on real code, in one command.

Nothing scanned is ever imported or run: Debian packages are downloaded and unpacked with
dpkg -x (benchmarks/fetch_corpus.sh, never installed), and every tool only reads the files.

Phases: (1) corpora, counted (*.py files, symlinks not followed: what every tool sees);
(2) the pinned Ruff wasm package (npm pack, sha512 checked); (3) every tool per corpus,
--repeats times, alternating (tool order rotated each repeat), each under /usr/bin/time;
(4) scaling: prefixes of all corpora holding 1/8, 1/4, 1/2 and all of the lines;
(5) rule count: 10, 100, 1000 generated rules; (6) a typical model repository (start-up);
(7) OUT/report.md, also printed; (8) PNG plots with gnuplot in OUT/plots/.""",
        epilog="""\
tools:
  warden         warden scan TREE --profile default --format json -o F --stats --jobs 2
  warden-bandit  the same with --profile bandit (Bandit's checks)
  warden-parse   the same with --syntax-only (read and parse only: the floor); a binary without
                 --syntax-only gets the estimate parse-row CPU-s / jobs from the warden run
  bandit         bandit -r TREE -f json -o F -q (one process)
  bandit-2p      two bandit processes at once on halves of the files balanced by lines
  ruff-wasm      node benchmarks/ruff_wasm.js PKG TREE (@astral-sh/ruff-wasm-nodejs 0.17.4)
  semgrep        semgrep scan --config ${WARDEN_SEMGREP_CONFIG:-p/bandit} --metrics off --json
                 -o F TREE, only when semgrep is on PATH
A missing tool is a "skipped" row; a tool that fails (warden, bandit: exit status above 1) stops
the run with its command and the end of its standard error.

corpora:
  stdlib         /usr/lib/python3.11 (Debian's python3)
  NAME           a Debian package unpacked into CACHE/pkg/NAME (scanned at
                 usr/lib/python3/dist-packages)
  NAME=DIR       any directory, e.g. examples=examples

""" + TARGETS_HELP + """
outputs (OUT, replaced each run): report.md, results.json, runs/*/ (each tool's report, stderr,
/usr/bin/time output, commands.txt), scale/, rules/, typical-repo/, plots/*.{png,dat,gp}.""")
    p.add_argument("--warden", default=str(ROOT / "build/release/cli/warden"),
                   help="the warden binary (default: build/release/cli/warden under the repository)")
    p.add_argument("--corpora", default=None,
                   help="space- or comma-separated corpora (default: %s)" % " ".join(DEFAULT_CORPORA))
    p.add_argument("--tools", default=None,
                   help="comma-separated subset of: %s (default: all)" % ",".join(ALL_TOOLS))
    p.add_argument("--repeats", type=int, default=None, help="repeats per measurement (default 3)")
    p.add_argument("--out", default="/tmp/warden-speed",
                   help="output directory, replaced each run (default /tmp/warden-speed)")
    p.add_argument("--cache", default=os.environ.get("WARDEN_CORPUS_DIR", "/tmp/warden-corpora"),
                   help="cache of unpacked packages and the Ruff wasm package "
                        "(default $WARDEN_CORPUS_DIR, else /tmp/warden-corpora)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: corpora stdlib, repeats 1, scaling on stdlib, rules 10 and 100, "
                        "typical repository 3 repeats (explicit --corpora/--repeats still win)")
    p.add_argument("--skip-scaling", action="store_true", help="skip the scaling runs")
    p.add_argument("--skip-rules", action="store_true", help="skip the rule-count runs")
    p.add_argument("--skip-typical", action="store_true", help="skip the typical-repository runs")
    args = p.parse_args(argv)
    if args.corpora is None:
        args.corpora = ["stdlib"] if args.quick else list(DEFAULT_CORPORA)
    else:
        args.corpora = [c for c in re.split(r"[\s,]+", args.corpora) if c]
    if args.repeats is None:
        args.repeats = 1 if args.quick else 3
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    if args.tools is None:
        args.tools = list(ALL_TOOLS)
    else:
        args.tools = [t for t in args.tools.split(",") if t]
        bad = [t for t in args.tools if t not in ALL_TOOLS]
        if bad or not args.tools:
            p.error(f"unknown tool(s) {','.join(bad)}; choose from {','.join(ALL_TOOLS)}")
        args.tools = [t for t in ALL_TOOLS if t in args.tools]  # canonical order
    args.rule_counts = [10, 100] if args.quick else [10, 100, 1000]
    args.typical_repeats = 3 if args.quick else max(5, args.repeats)
    return args


def prepare_out(out: Path) -> Path:
    """Replaces OUT, but only if it is empty, absent or a previous run's (marker file): a
    mistyped --out must not delete someone's directory."""
    out = out.resolve()
    if out == Path("/") or out == ROOT or out in ROOT.parents or out == Path.home():
        raise HarnessError(f"--out {out}: refusing to replace this directory")
    if out.exists():
        if not out.is_dir():
            raise HarnessError(f"--out {out} exists and is not a directory")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise HarnessError(f"--out {out} is not empty and was not made by speed.py "
                               f"(no {MARKER}); refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by benchmarks/speed.py; replaced on each run\n")
    return out


def check_tools(tools: list[str], cache: Path) -> tuple[dict[str, str], Path | None]:
    """Which selected tools cannot run here, with the reason for their row, and the Ruff
    package directory when ruff-wasm can run."""
    skipped, ruff_pkg = {}, None
    if any(t in tools for t in ("bandit", "bandit-2p")) and not shutil.which("bandit"):
        for t in ("bandit", "bandit-2p"):
            skipped[t] = f"skipped: bandit not found ({INSTALL_HINT['bandit']})"
    if "ruff-wasm" in tools:
        for prog in ("node", "npm"):
            if not shutil.which(prog):
                skipped["ruff-wasm"] = f"skipped: {prog} not found ({INSTALL_HINT[prog]})"
                break
        else:
            try:
                ruff_pkg = fetch_ruff(cache)
            except FileNotFoundError as e:
                skipped["ruff-wasm"] = f"skipped: {e}"
    if "semgrep" in tools and not shutil.which("semgrep"):
        skipped["semgrep"] = "skipped (no semgrep on PATH)"
    return {t: r for t, r in skipped.items() if t in tools}, ruff_pkg


def results_json(ctx: dict) -> dict:
    """Every measurement, for anyone who wants more than the medians."""
    def ms(m: Measure):
        d = {k: getattr(m, k) for k in ("wall", "cpu", "rss_kib", "wall_clock", "findings", "stats")}
        d["by_cwe"] = dict(m.by_cwe)
        return d
    out = {"command": ctx["command"], "date": ctx["date"], "machine": ctx["machine"],
           "versions": ctx["versions"], "skipped": ctx["skipped"], "syntax_only": ctx["syntax_only"],
           "corpora": [{"name": c.name, "tree": str(c.tree), "files": len(c.files), "lines": c.lines,
                        "bytes": c.bytes} for c in ctx["corpora"]],
           "runs": {c: {t: [ms(m) for m in runs] for t, runs in tools.items()}
                    for c, tools in ctx["results"].items()}}
    if ctx.get("scaling"):
        out["scaling"] = [{"set": l, "files": len(c.files), "lines": c.lines,
                           "runs": {t: [ms(m) for m in r] for t, r in res.items()}}
                          for l, c, res in ctx["scaling"]]
    if ctx.get("rules"):
        out["rules"] = {str(n): [ms(m) for m in r] for n, r in ctx["rules"].items()}
    if ctx.get("typical"):
        out["typical"] = {"repo": ctx["typical"][0], "runs": [ms(m) for m in ctx["typical"][1]]}
    return out


def main(argv) -> int:
    args = parse_args(argv)
    command = shlex.join(["/usr/bin/python3", "benchmarks/speed.py", *argv])
    if not os.access(TIME, os.X_OK):
        raise HarnessError(f"{TIME} not found (install with: apt-get install -y time)")
    warden = Path(args.warden).resolve()
    if not os.access(warden, os.X_OK):
        raise HarnessError(f"no warden binary at {warden} (build it: cmake --preset release && "
                           f"cmake --build --preset release, or pass --warden PATH)")
    help_text = subprocess.run([str(warden), "scan", "--help"], capture_output=True, text=True).stdout
    syntax_only = "--syntax-only" in help_text
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    cache = cache.resolve()
    out = prepare_out(Path(args.out))
    load_before = loadavg()

    corpora = resolve_corpora(args.corpora, cache)
    for co in corpora:
        log(f"corpus {co.name}: {len(co.files):,} files, {co.lines:,} lines, "
            f"{co.bytes / 1e6:.1f} MB ({co.tree})")
    skipped, ruff_pkg = check_tools(args.tools, cache)
    for t, why in skipped.items():
        log(f"{t}: {why}")
    runner = Runner(args, warden, CweMap(ROOT), syntax_only, ruff_pkg)
    # Without --syntax-only, warden-parse is derived from the warden runs: nothing to run.
    to_run = [t for t in args.tools if t not in skipped and not (t == "warden-parse" and not syntax_only)]
    if "warden-parse" in args.tools and not syntax_only:
        log("warden-parse: this warden has no --syntax-only; the floor is estimated from the "
            "parse row of the default run's --stats")

    results = run_corpora(runner, corpora, to_run, args.repeats, out)
    for co in corpora:
        for t in args.tools:
            results[co.name].setdefault(t, [])
    ctx = {"command": command, "tools": args.tools, "skipped": skipped, "syntax_only": syntax_only,
           "corpora": corpora, "results": results, "repeats": args.repeats, "out": out,
           "warden": warden}
    if not args.skip_scaling:
        ctx["scaling"] = run_scaling(runner, corpora, args.repeats, out)
    if not args.skip_rules:
        rc = next((co for co in corpora if co.name == "stdlib"), corpora[0])
        ctx["rules_corpus"] = rc
        ctx["rules"] = run_rules(runner, rc, args.rule_counts, args.repeats, out)
    if not args.skip_typical:
        repo, info = build_typical(cache, corpora, out)
        ctx["typical"] = (info, run_typical(runner, repo, args.typical_repeats, out))

    ruff_version = next((m.version for co in corpora for m in results[co.name].get("ruff-wasm", [])
                         if m.version), None)
    ctx.update({
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "machine": machine_info(), "load_before": load_before, "load_after": loadavg(),
        "versions": {
            "warden": first_line([str(warden), "--version"]),
            "bandit": first_line(["bandit", "--version"]) if shutil.which("bandit") else "not found",
            "ruff": ruff_version or ("not run" if "ruff-wasm" not in to_run else "n/a"),
            "node": first_line(["node", "--version"]) if shutil.which("node") else "not found",
            "semgrep": first_line(["semgrep", "--version"]) if shutil.which("semgrep") else "not on PATH",
        },
    })
    rep = Report(ctx)
    ctx["plots"], ctx["plots_note"] = [], ""
    rep.build()  # computes the figures the plots need
    if shutil.which("gnuplot"):
        ctx["plots"] = make_plots(rep, ctx, out / "plots")
        if not ctx["plots"]:
            ctx["plots_note"] = "gnuplot failed (see the messages above)"
    else:
        ctx["plots_note"] = "gnuplot not found (install with: apt-get install -y gnuplot-nox)"
        log(ctx["plots_note"] + "; no plots")
    text = Report(ctx).build()
    (out / "report.md").write_text(text + "\n")
    (out / "results.json").write_text(json.dumps(results_json(ctx), indent=1, default=str) + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except HarnessError as e:
        print(f"speed.py: error: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
