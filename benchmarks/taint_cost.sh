#!/usr/bin/env bash
# Whole-run cost of taint analysis: `warden scan` on half of a real corpus and on all of it,
# with the default rules, without the taint rules (the peer the taint cost is measured
# against, in the same run), with the taint rules alone, and with one rule that never
# matches (the floor: discovery, reading, parsing). Prints a markdown report to stdout.
#
#   benchmarks/taint_cost.sh BUILD_DIR [CORPUS_DIR]
#
# BUILD_DIR    a release build; BUILD_DIR/cli/warden is run.
# CORPUS_DIR   a directory of .py files; default: the corpus benchmarks/fetch_corpus.sh
#              makes (run first when missing), $WARDEN_CORPUS_DIR/corpus.
#
# "Half" (WARDEN_COST_SPLIT): dirs (default): the files grouped by directory, directories in
# sorted path order (C locale), each to whichever side has fewer lines so far: about half
# the lines, sibling modules kept together, every part of the tree on both sides.
# prefix: the sorted files up to half the lines (whole subtrees, but one side's code can
# differ in kind from the other's). alternate: every second file.
# Both sets are hard-linked (relative paths kept) under $WARDEN_COST_WORK (default
# $WARDEN_CORPUS_DIR/cost), each scanned as one directory argument.
#
# Environment: WARDEN_COST_REPS (3), WARDEN_COST_JOBS (2), WARDEN_TAINT_GLOB ('py-flow-*',
# the ids of the taint rules), WARDEN_CORPUS_DIR (/tmp/warden-corpora).
# Repetitions are interleaved (every configuration once, then again); each figure is the
# median of the repetitions, or with WARDEN_COST_AGG=min the minimum (on a loaded machine
# contention only ever adds time, so the minimum is the steadier figure).
# Needs GNU time as /usr/bin/time (Debian package `time`; installed when missing and root).
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
if [[ $# -lt 1 || $# -gt 2 ]]; then usage >&2; exit 2; fi

here=$(cd "$(dirname "$0")" && pwd)
build=$1
warden=$build/cli/warden
[[ -x $warden ]] || { echo "taint_cost.sh: $warden not found; build first: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
warden=$(cd "$(dirname "$warden")" && pwd)/warden

corpora=${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}
if [[ $# -eq 2 ]]; then
  corpus=$2
else
  corpus=$corpora/corpus
  [[ -d $corpus ]] || "$here/fetch_corpus.sh" "$corpora" >&2
fi
[[ -d $corpus ]] || { echo "taint_cost.sh: no corpus directory $corpus" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)

reps=${WARDEN_COST_REPS:-3}
jobs=${WARDEN_COST_JOBS:-2}
taint_glob=${WARDEN_TAINT_GLOB:-py-flow-*}
split=${WARDEN_COST_SPLIT:-dirs}
case ${WARDEN_COST_AGG:-median} in
  median) agg=median agg_label=medians ;; min) agg=minimum agg_label=minima ;;
  *) echo "taint_cost.sh: WARDEN_COST_AGG must be median or min" >&2; exit 2 ;;
esac
work=${WARDEN_COST_WORK:-$corpora/cost}
case $split in dirs|prefix|alternate) ;; *) echo "taint_cost.sh: WARDEN_COST_SPLIT must be dirs, prefix or alternate" >&2; exit 2 ;; esac

if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq time >&2 || { apt-get update -qq && apt-get install -y -qq time >&2; }
  else
    echo "taint_cost.sh: /usr/bin/time (GNU time) is missing; apt-get install time" >&2
    exit 2
  fi
fi

# --- the two sets ---------------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work/half" "$work/full" "$work/runs"
(cd "$corpus" && find . -type f -name '*.py' -print0 | LC_ALL=C sort -z |
  xargs -0 -r wc -l | grep -v ' total$' >"$work/lines.txt") || true
total=$(awk '{s += $1} END {print s + 0}' "$work/lines.txt")
((total > 0)) || { echo "taint_cost.sh: no .py files under $corpus" >&2; exit 2; }
# One path per line; a path with a newline in it would break this (none in the corpora).
awk -v total="$total" -v mode="$split" '
  { n = $1; sub(/^ *[0-9]+ /, ""); path = $0 }
  mode == "prefix" { if (run * 2 < total) print path; run += n; next }
  mode == "alternate" { if (NR % 2 == 1) print path; next }
  mode == "dirs" {  # group by directory (the package a module is in), in sorted order
    dir = path; sub(/\/[^\/]*$/, "", dir)
    if (!(dir in lines)) order[++ndirs] = dir
    lines[dir] += n; files[dir] = files[dir] path "\n"
  }
  END {
    if (mode != "dirs") exit
    for (i = 1; i <= ndirs; i++) {  # each directory to whichever side has fewer lines so far
      dir = order[i]
      if (half <= rest) { printf "%s", files[dir]; half += lines[dir] } else rest += lines[dir]
    }
  }
' "$work/lines.txt" >"$work/half.txt"
awk '{ sub(/^ *[0-9]+ /, ""); print }' "$work/lines.txt" >"$work/full.txt"
for set in half full; do
  (cd "$corpus" && tr '\n' '\0' <"$work/$set.txt" | xargs -0 -r cp -l --parents -t "$work/$set" 2>/dev/null) ||
    (cd "$corpus" && tr '\n' '\0' <"$work/$set.txt" | xargs -0 -r cp --parents -t "$work/$set")
done

# A rule whose callee occurs nowhere: the scan still discovers, reads and parses every file.
cat >"$work/floor.rule" <<'EOF'
rule bench-floor {
  title: "never matches"
  message: "never matches"
  severity: low
  confidence: low
  match: call warden_bench_floor_never.called
}
EOF

configs=(default no-taint taint-only floor)
config_args() {
  case $1 in
    default) ;;
    no-taint) printf '%s\0' --checks "-$taint_glob" ;;
    taint-only) printf '%s\0' --checks "-*,$taint_glob" ;;
    floor) printf '%s\0' --rules "$work/floor.rule" ;;
  esac
}

# --- runs -------------------------------------------------------------------------------
for ((rep = 1; rep <= reps; rep++)); do
  for set in half full; do
    for config in "${configs[@]}"; do
      out=$work/runs/$set.$config.$rep
      mapfile -d '' args < <(config_args "$config")
      echo "taint_cost.sh: run $rep/$reps $set $config" >&2
      rc=0
      /usr/bin/time -f "%e %M %U %S" -o "$out.time" \
        "$warden" scan "$work/$set" --jobs "$jobs" --stats --format json -o /dev/null "${args[@]}" \
        2>"$out.stats" || rc=$?
      if ((rc > 1)); then
        echo "taint_cost.sh: warden exited $rc on $set/$config; its standard error:" >&2
        cat "$out.stats" >&2
        exit 1
      fi
    done
  done
done

# --- report -----------------------------------------------------------------------------
median() { LC_ALL=C sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
minimum() { LC_ALL=C sort -g | head -n 1; }
# field SET CONFIG WHAT: the median (or minimum) over the repetitions.
field() {
  local set=$1 config=$2 what=$3 rep
  for ((rep = 1; rep <= reps; rep++)); do
    local base=$work/runs/$set.$config.$rep
    case $what in
      wall) awk 'END {print $1}' "$base.time" ;;
      rss) awk 'END {printf "%.1f\n", $2 / 1024}' "$base.time" ;;
      cpu) awk 'END {printf "%.2f\n", $3 + $4}' "$base.time" ;;
      lines) awk '$1 == "input" {for (i = 1; i <= NF; i++) if ($(i) ~ /^lines/) print $(i - 1)}' "$base.stats" ;;
      files) awk '$1 == "input" {print $2}' "$base.stats" ;;
      # the pattern rules and each file's dataflow graph (two rows of --stats since the rule timer)
      match) awk '$1 == "match" || $1 == "dataflow" {s += $2} END {print s + 0}' "$base.stats" ;;
      *) awk -v p="$what" '$1 == p {print $2}' "$base.stats" ;;
    esac
  done | "$agg"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
div0() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.0f", a / b; else print "-"}'; }

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
echo "Taint cost, $(date -u +%Y-%m-%d), $("$warden" --version 2>/dev/null | head -n 1)"
echo
echo "Machine: $(nproc) cores, ${cpu:-unknown CPU}, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Corpus: $corpus ($total lines by wc -l)."
echo "\`warden scan DIR --jobs $jobs --stats --format json -o /dev/null\`, ${agg_label} of $reps; half = $split split."
echo "Wall, CPU (user + system) and peak RSS from /usr/bin/time; match and taint: the --stats rows, seconds summed over"
echo "threads (measured with a wall clock per thread, so they include time a thread waits for a core)."
echo
echo "| set | rules | files | lines | wall s | lines/s | CPU s | peak RSS MiB | match s | taint s |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for set in half full; do
  for config in "${configs[@]}"; do
    lines=$(field "$set" "$config" lines)
    wall=$(field "$set" "$config" wall)
    echo "| $set | $config | $(field "$set" "$config" files) | $lines | $wall | $(div0 "$lines" "$wall") |" \
         "$(field "$set" "$config" cpu) | $(field "$set" "$config" rss) | $(field "$set" "$config" match) | $(field "$set" "$config" taint) |"
  done
done

echo
echo "| full / half | lines | wall default | wall no-taint | wall taint-only | CPU default | taint phase | taint rules | peak RSS default |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
lh=$(field half default lines); lf=$(field full default lines)
wdh=$(field half default wall); wdf=$(field full default wall)
wnh=$(field half no-taint wall); wnf=$(field full no-taint wall)
# The taint rules' cost: match + taint phases with the default rules less the same without
# the taint rules (today's per-function taint runs inside the match phase).
taint_cpu() {
  awk -v m="$(field "$1" default match)" -v t="$(field "$1" default taint)" \
      -v pm="$(field "$1" no-taint match)" -v pt="$(field "$1" no-taint taint)" 'BEGIN {printf "%.4f", m + t - pm - pt}'
}
tch=$(taint_cpu half); tcf=$(taint_cpu full)
echo "| ratio | $(ratio "$lf" "$lh") | $(ratio "$wdf" "$wdh") | $(ratio "$wnf" "$wnh") |" \
     "$(ratio "$(field full taint-only wall)" "$(field half taint-only wall)") |" \
     "$(ratio "$(field full default cpu)" "$(field half default cpu)") |" \
     "$(ratio "$(field full default taint)" "$(field half default taint)") | $(ratio "$tcf" "$tch") |" \
     "$(ratio "$(field full default rss)" "$(field half default rss)") |"
echo
echo "Taint rules (match + taint phases, default less no-taint): half ${tch} s, full ${tcf} s" \
     "($(div0 "$lf" "$tcf") lines per thread-second on the full set)."
echo
limit=$(awk -v l="$(ratio "$lf" "$lh")" 'BEGIN {printf "%.2f", 1.1 * l}')
verdict() { awk -v g="$1" -v m="$limit" 'BEGIN {print (g == "-") ? "no figure" : (g <= m) ? "within" : "OVER"}'; }
echo "Target: time grows at most 1.1x as fast as code (2x lines, at most 2.2x time; here $(ratio "$lf" "$lh")x lines," \
     "limit ${limit}x): wall default $(ratio "$wdf" "$wdh")x, $(verdict "$(ratio "$wdf" "$wdh")");" \
     "taint rules $(ratio "$tcf" "$tch")x, $(verdict "$(ratio "$tcf" "$tch")");" \
     "taint phase $(ratio "$(field full default taint)" "$(field half default taint)" | sed 's/[0-9]$/&x/')," \
     "$(verdict "$(ratio "$(field full default taint)" "$(field half default taint)")")."
echo "Against the peers, same run: default / no-taint wall: half $(ratio "$wdh" "$wnh")x, full $(ratio "$wdf" "$wnf")x;" \
     "default / floor wall, full: $(ratio "$wdf" "$(field full floor wall)")x."
