#!/usr/bin/env python3
"""Joins Bandit's and Warden's JSON reports on (file, line, Bandit test id).

    benchmarks/bandit_parity.py OUT_DIR NAME=TREE [NAME=TREE ...]

Called by benchmarks/bandit_parity.sh, which has already written, for each corpus,
OUT_DIR/NAME/bandit.json (`bandit -r TREE -f json -q`), OUT_DIR/NAME/bandit-str.json (the
same for B104, B105, B108, B608 through bandit_str_fix.py; it replaces bandit.json's findings of
those ids, of which there are none on Python >= 3.8), OUT_DIR/NAME/warden.json
(`warden $WARDEN_PARITY_ARGS TREE`) and OUT_DIR/NAME/meta.txt (key=value lines: files,
lines, bandit_seconds, warden_seconds). Prints the markdown report to standard output and
writes, per corpus, the unmatched findings to OUT_DIR/NAME/{bandit-only,warden-only,
warden-unassigned}.txt and its own table to OUT_DIR/NAME/table.md.

Only reads the reports and the scanned files' text (to flag '# nosec' lines); never
imports scanned code.

Join rules:
- file: the path relative to the scanned tree (both tools get the same TREE argument);
- line: Bandit's `line_number`, Warden's `start.line`. For a call written over several
  lines both are usually the line where the call expression starts (Bandit takes the ast
  node's lineno, which on Python >= 3.8 is the first line; tree-sitter's call node starts
  at the same token). Not always: Bandit 1.6.2's B602/B604 report the line of the `shell=`
  keyword (context.get_lineno_for_call_arg), e.g. os.py:987-990 is reported at 988. So a
  second pass matches a Warden finding left over from the exact pass to a Bandit finding
  of the same file and id whose `line_range` (the whole statement) contains Warden's
  line: column "both, other line"; it counts as reproduced in the share, and near.txt
  lists each such pair;
- test id: Warden's rule's `xrefs.bandit` from the report's `rules` array. Several rules
  may map to one id; findings of rules mapped to one id are deduplicated on (file, line,
  column, id) so two rules firing on one call count once. A rule may map to several ids
  ("B102,B307"): its finding matches whichever of them Bandit reports there; if none,
  it is listed under the combined id as "unassigned" Warden-only;
- counts are multisets: two Bandit findings and one Warden finding on one key give one
  match and one Bandit-only.
Excluded (dropped from Bandit after 1.6.2): B309, B320, B322, B325, B410.
Expected to differ (the rules follow Bandit 1.9, the reference is Debian's 1.6.2):
- MOVED: a Bandit 1.6.2 finding left unmatched whose case Bandit 1.9 files under another id
  (hashlib.md5/sha1: B303 -> B324) is matched to a Warden finding of that id on the same line
  and counted as reproduced ("moved in 1.9");
- EXEMPT_1_9: such a finding whose source says what makes Bandit 1.9 skip the case
  (`usedforsecurity=False`) counts as reproduced too ("exempt in 1.9");
- CHANGED_1_9: Warden-only findings of ids whose check Bandit 1.9 widened (B103: S_IWGRP,
  S_IXOTH and stat constants; B324: hashlib.md4/md5/sha/sha1 and hashlib.new("sha1"), crypt;
  B301, B304, B311: longer lists; B605, B607, B609: subprocess.getoutput/getstatusoutput) are
  counted apart ("of a check Bandit 1.9 widened": those widened cases, or any other Warden-only finding of that id).
"""

import collections
import json
import os
import re
import sys

EXCLUDED = ("B309", "B320", "B322", "B325", "B410")
# Added to Bandit after 1.6.2: Warden-only findings there are expected; checked by their
# own annotated tests instead.
NOT_IN_1_6_2 = ("B113", "B202", "B415", "B507", "B508", "B509", "B612", "B613", "B614", "B615", "B704")
# Bandit 1.6.2's string-literal checks, which it runs only with bandit_str_fix.py (bandit-str.json).
STR_IDS = ("B104", "B105", "B108", "B608")
# Bandit 1.6.2 id -> the id Bandit 1.9 reports the same case under.
# The reference (bandit_parity.sh's WARDEN_PARITY_BANDIT): Debian 12's 1.6.2, or the current
# release, against which no case has moved.
CURRENT = os.environ.get("WARDEN_PARITY_REFERENCE", "debian") == "current"
MOVED = {} if CURRENT else {"B303": "B324"}
# Bandit 1.6.2 id -> source text (in the finding's line range) with which Bandit 1.9 reports
# nothing for the case ("exempt in 1.9"): hashlib.md5(..., usedforsecurity=False).
EXEMPT_1_9 = {} if CURRENT else {"B303": re.compile(r"usedforsecurity\s*=\s*False")}
CHANGED_1_9 = () if CURRENT else ("B103", "B301", "B304", "B311", "B324", "B605", "B607", "B609")
TARGET = 99.0  # percent of Bandit's findings reproduced, for every id


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_meta(path):
    meta = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                meta[k] = v
    return meta


def rel(path, tree):
    return os.path.relpath(os.path.normpath(path), os.path.normpath(tree))


def id_sort_key(test_id):
    m = re.match(r"B(\d+)", test_id)
    return (int(m.group(1)) if m else 10**6, test_id)


class SourceLines:
    """Text of scanned files, read lazily, to tell whether a line carries '# nosec'."""

    def __init__(self, tree):
        self.tree = tree
        self.cache = {}

    def line(self, relpath, lineno):
        if relpath not in self.cache:
            try:
                with open(os.path.join(self.tree, relpath), encoding="utf-8",
                          errors="replace") as f:
                    self.cache[relpath] = f.read().splitlines()
            except OSError:
                self.cache[relpath] = []
        lines = self.cache[relpath]
        return lines[lineno - 1] if 0 < lineno <= len(lines) else ""

    def nosec(self, relpath, lineno):
        return "nosec" in self.line(relpath, lineno).lower()


def bandit_name(result):
    """Bandit's test name; for blacklist calls/imports, the anchor of more_info."""
    name = result.get("test_name", "")
    if name == "blacklist":
        anchor = result.get("more_info", "").rpartition("#")[2]
        name = re.sub(r"^(b\d+-)+", "", anchor) or name
    return name


def join_corpus(name, tree, out_dir):
    cdir = os.path.join(out_dir, name)
    bandit = load_json(os.path.join(cdir, "bandit.json"))
    str_path = os.path.join(cdir, "bandit-str.json")
    if os.path.exists(str_path):
        fixed = load_json(str_path)
        bandit["results"] = ([r for r in bandit.get("results", []) if r["test_id"] not in STR_IDS] +
                             [r for r in fixed.get("results", []) if r["test_id"] in STR_IDS])
    warden = load_json(os.path.join(cdir, "warden.json"))
    src = SourceLines(tree)

    names = {}
    # Bandit findings per key (file, line, id).
    b_keys = collections.Counter()
    b_items = collections.defaultdict(list)
    b_excluded = collections.Counter()
    for r in bandit.get("results", []):
        tid = r["test_id"]
        if tid in EXCLUDED:
            b_excluded[tid] += 1
            continue
        names.setdefault(tid, bandit_name(r))
        key = (rel(r["filename"], tree), int(r["line_number"]), tid)
        b_keys[key] += 1
        b_items[key].append(r)
    b_error_files = sorted({rel(e["filename"], tree) for e in bandit.get("errors", [])})

    # Warden rule -> Bandit ids.
    rule_ids = {}
    covered = set()
    for rule in warden.get("rules", []):
        x = (rule.get("xrefs") or {}).get("bandit")
        if not x:
            continue
        ids = tuple(sorted({t.strip() for t in str(x).split(",") if t.strip()},
                           key=id_sort_key))
        ids = tuple(t for t in ids if t not in EXCLUDED)
        if ids:
            rule_ids[rule["id"]] = ids
            covered.update(ids)

    # Warden findings, deduplicated on (file, line, column, ids).
    w_seen = {}
    w_unmapped = 0
    for f in warden.get("findings", []):
        ids = rule_ids.get(f["rule_id"])
        if not ids:
            w_unmapped += 1
            continue
        k = (rel(f["file"], tree), int(f["start"]["line"]), int(f["start"].get("column", 0)), ids)
        w_seen.setdefault(k, []).append(f["rule_id"])
    w_list = sorted(w_seen.items())

    # Pass 1: exact (file, line, id); single-id findings first so a multi-id finding
    # cannot take a match a single-id one needs.
    remaining = collections.Counter(b_keys)
    both = collections.Counter()
    w_left = []
    for (file, line, col, ids), rules in sorted(w_list, key=lambda it: (len(it[0][3]), it[0])):
        for tid in ids:
            if remaining[(file, line, tid)] > 0:
                remaining[(file, line, tid)] -= 1
                both[tid] += 1
                break
        else:
            w_left.append(((file, line, col, ids), rules))

    # Pass 2 ("near"): Warden line inside the Bandit finding's line_range, same file/id.
    near = collections.Counter()
    near_lines = []
    w_only = []
    b_left_items = []
    for key, n in sorted(remaining.items()):
        if n > 0:
            items = sorted(b_items[key], key=lambda r: r.get("col_offset", 0))
            b_left_items.extend((key, r) for r in items[:n])
    used = set()
    for (file, line, col, ids), rules in sorted(w_left):
        hit = None
        for i, (key, r) in enumerate(b_left_items):
            if i in used or key[0] != file or key[2] not in ids:
                continue
            rng = r.get("line_range") or [key[1]]
            if min(rng) <= line <= max(rng):
                hit = i
                break
        if hit is None:
            w_only.append(((file, line, col, ids), rules))
        else:
            used.add(hit)
            key = b_left_items[hit][0]
            near[key[2]] += 1
            near_lines.append(f"{file}:{line}:{col} {key[2]} warden {','.join(sorted(set(rules)))}"
                              f" / bandit line {key[1]} range {b_left_items[hit][1].get('line_range')}")
    b_only = [b_left_items[i] for i in range(len(b_left_items)) if i not in used]

    # Pass 3 ("moved"): a 1.6.2 finding whose case 1.9 files under another id, on the same line.
    moved = collections.Counter()
    still_b_only = []
    for key, r in b_only:
        target = MOVED.get(key[2])
        hit = next((i for i, ((file, line, _, ids), _) in enumerate(w_only)
                    if target and file == key[0] and line == key[1] and ids == (target,)), None)
        exempt = EXEMPT_1_9.get(key[2])
        rng = r.get("line_range") or [key[1]]
        if hit is None and exempt and any(exempt.search(src.line(key[0], n)) for n in range(min(rng), max(rng) + 1)):
            moved[key[2] + " exempt"] += 1
        elif hit is None:
            still_b_only.append((key, r))
        else:
            moved[key[2]] += 1
            w_only.pop(hit)
    b_only = still_b_only

    # Tallies per id.
    rows = collections.defaultdict(lambda: collections.Counter())
    for key, n in b_keys.items():
        rows[key[2]]["bandit"] += n
    for tid, n in both.items():
        rows[tid]["both"] += n
    for tid, n in near.items():
        rows[tid]["near"] += n
    for tid, n in moved.items():
        if tid.endswith(" exempt"):
            rows[tid.split()[0]]["exempt"] += n
        else:
            rows[tid]["moved"] += n
    for key, r in b_only:
        rows[key[2]]["bandit_only"] += 1
        if src.nosec(key[0], key[1]):
            rows[key[2]]["bandit_only_nosec"] += 1
    bandit_error_set = set(b_error_files)
    unassigned = collections.Counter()
    w_only_lines, unassigned_lines = [], []
    for (file, line, col, ids), rules in w_only:
        tag = []
        if src.nosec(file, line):
            tag.append("nosec")
        if file in bandit_error_set:
            tag.append("bandit-could-not-parse")
        text = f"{file}:{line}:{col} {','.join(ids)} {','.join(sorted(set(rules)))}" + (
            f" [{' '.join(tag)}]" if tag else "") + f"\n    {src.line(file, line).strip()}"
        if len(ids) == 1:
            rows[ids[0]]["warden_only"] += 1
            if ids[0] in CHANGED_1_9:
                rows[ids[0]]["warden_only_1_9"] += 1
            if "nosec" in tag:
                rows[ids[0]]["warden_only_nosec"] += 1
            if "bandit-could-not-parse" in tag:
                rows[ids[0]]["warden_only_unparsed"] += 1
            w_only_lines.append(text)
        else:
            unassigned[",".join(ids)] += 1
            unassigned_lines.append(text)

    b_only_lines = []
    for key, r in b_only:
        nosec = " [nosec]" if src.nosec(key[0], key[1]) else ""
        b_only_lines.append(f"{key[0]}:{key[1]}:{r.get('col_offset', 0)} {key[2]} "
                            f"{names.get(key[2], '')} lines {r.get('line_range')}{nosec}"
                            f" covered={'yes' if key[2] in covered else 'no'}"
                            f"\n    {src.line(key[0], key[1]).strip()}")

    def write(fname, lines):
        with open(os.path.join(cdir, fname), "w", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")

    write("bandit-only.txt", b_only_lines)
    write("warden-only.txt", w_only_lines)
    write("warden-unassigned.txt", unassigned_lines)
    write("near.txt", near_lines)

    return {
        "name": name, "tree": tree, "rows": rows, "names": names, "covered": covered,
        "unassigned": unassigned, "excluded": b_excluded, "bandit_errors": len(b_error_files),
        "warden_unmapped": w_unmapped, "meta": read_meta(os.path.join(cdir, "meta.txt")),
        "warden_diagnostics": len(warden.get("diagnostics", [])),
    }


def pct(num, den):
    return f"{100.0 * num / den:.1f}%" if den else "—"


def table(results):
    rows = collections.defaultdict(collections.Counter)
    names, covered = {}, set()
    unassigned, excluded = collections.Counter(), collections.Counter()
    for res in results:
        for tid, c in res["rows"].items():
            rows[tid].update(c)
        for tid, n in res["names"].items():
            names.setdefault(tid, n)
        covered |= res["covered"]
        unassigned.update(res["unassigned"])
        excluded.update(res["excluded"])
    for tid in covered:
        rows[tid]  # rule exists: show its row even with no findings
    out = []
    out.append("| Bandit id | name | Warden rule | Bandit | both, same line | both, other line "
               "| moved in 1.9 | Bandit-only | Warden-only | Warden's share of Bandit |")
    out.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|")
    tot = collections.Counter()
    tot_cov = collections.Counter()
    for tid in sorted(rows, key=id_sort_key):
        c = rows[tid]
        cov = tid in covered
        b_only = f"{c['bandit_only']}" + (f" ({c['bandit_only_nosec']} nosec)" if c["bandit_only_nosec"] else "")
        extra = []
        if c["warden_only_nosec"]:
            extra.append(f"{c['warden_only_nosec']} nosec")
        if c["warden_only_unparsed"]:
            extra.append(f"{c['warden_only_unparsed']} in files Bandit could not parse")
        if c["warden_only_1_9"]:
            extra.append(f"{c['warden_only_1_9']} of a check Bandit 1.9 widened")
        w_only = f"{c['warden_only']}" + (f" ({', '.join(extra)})" if extra else "")
        rule = ("yes" if cov else "no") + (" (id not in Bandit 1.6.2)" if tid in NOT_IN_1_6_2 and not CURRENT else "") + \
            (" (Bandit with the string fix)" if tid in STR_IDS and not CURRENT else "")
        moved_parts = ([f"{c['moved']} as {MOVED[tid]}"] if c["moved"] else []) + \
            ([f"{c['exempt']} exempt"] if c["exempt"] else [])
        moved_text = ", ".join(moved_parts) or "0"
        out.append(f"| {tid} | {names.get(tid, '')} | {rule} | {c['bandit']} | "
                   f"{c['both']} | {c['near']} | {moved_text} | {b_only} | {w_only} | "
                   f"{pct(c['both'] + c['near'] + c['moved'] + c['exempt'], c['bandit']) if cov else '— (no rule)'} |")
        tot.update(c)
        if cov:
            tot_cov.update(c)
    for ids, n in sorted(unassigned.items()):
        out.append(f"| {ids} | (rule maps to several ids; Warden-only, unassigned) | yes | | | | | | {n} | |")
        tot["warden_only"] += n
        tot_cov["warden_only"] += n
    out.append(f"| **all ids** | | | **{tot['bandit']}** | **{tot['both']}** | **{tot['near']}** | "
               f"**{tot['moved'] + tot['exempt']}** | **{tot['bandit_only']}** | **{tot['warden_only']}** | "
               f"**{pct(tot['both'] + tot['near'] + tot['moved'] + tot['exempt'], tot['bandit'])}** |")
    out.append(f"| **ids with a Warden rule** | | | **{tot_cov['bandit']}** | **{tot_cov['both']}** | "
               f"**{tot_cov['near']}** | **{tot_cov['moved'] + tot_cov['exempt']}** | **{tot_cov['bandit_only']}** | "
               f"**{tot_cov['warden_only']}** | "
               f"**{pct(tot_cov['both'] + tot_cov['near'] + tot_cov['moved'] + tot_cov['exempt'], tot_cov['bandit'])}** |")
    out.append("")
    worklist = [(tid, rows[tid]["bandit"]) for tid in rows if tid not in covered and rows[tid]["bandit"]]
    worklist.sort(key=lambda t: (-t[1], id_sort_key(t[0])))
    out.append("Bandit ids with no Warden rule yet (Bandit findings; the work list): " +
               (", ".join(f"{tid} {names.get(tid, '')} {n}" for tid, n in worklist) or "none") +
               f"; total {sum(n for _, n in worklist)}.")
    def reproduced(tid):
        return rows[tid]["both"] + rows[tid]["near"] + rows[tid]["moved"] + rows[tid]["exempt"]
    below = [f"{tid} {pct(reproduced(tid), rows[tid]['bandit'])}" for tid in sorted(rows, key=id_sort_key)
             if rows[tid]["bandit"] and 100.0 * reproduced(tid) / rows[tid]["bandit"] < TARGET]
    out.append(f"Target, at least {TARGET:g}% of Bandit's findings reproduced for every id: " +
               ("met" if not below else "NOT met for " + ", ".join(below)) + ".")
    out.append("Excluded (dropped after Bandit 1.6.2), Bandit findings not counted: " +
               (", ".join(f"{tid} {excluded[tid]}" for tid in EXCLUDED if excluded[tid]) or "none") + ".")
    return out


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out_dir = argv[1]
    results = []
    for spec in argv[2:]:
        name, _, tree = spec.partition("=")
        results.append(join_corpus(name, tree, out_dir))

    lines = ["| corpus | files | lines | Bandit s | Warden s | Bandit findings | Warden findings "
             "(Bandit-mapped, dedup.) | matched | Bandit parse errors | Warden diagnostics |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for res in results:
        m = res["meta"]
        b = sum(c["bandit"] for c in res["rows"].values())
        both = sum(c["both"] for c in res["rows"].values())
        w = both + sum(c["near"] + c["moved"] + c["warden_only"] for c in res["rows"].values()) + sum(res["unassigned"].values())
        both += sum(c["near"] + c["moved"] + c["exempt"] for c in res["rows"].values())
        lines.append(f"| {res['name']} | {m.get('files', '?')} | {m.get('lines', '?')} | "
                     f"{m.get('bandit_seconds', '?')} | {m.get('warden_seconds', '?')} | {b} | {w} | "
                     f"{both} | {res['bandit_errors']} | {res['warden_diagnostics']} |")
        with open(os.path.join(out_dir, res["name"], "table.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(table([res])) + "\n")
    lines.append("")
    lines.extend(table(results))
    unmapped = sum(r["warden_unmapped"] for r in results)
    lines.append(f"Warden findings of rules with no Bandit xref (not joined): {unmapped}.")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "table.md"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
