#!/usr/bin/env bash
# Fetches the benchmark corpus: the Python sources of Debian packages, unpacked (never
# installed, imported or run) into one site-packages-like directory.
#
#   benchmarks/fetch_corpus.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $WARDEN_CORPUS_DIR, else /tmp/warden-corpora. It gets:
#   CACHE_DIR/debs/      the downloaded .deb files
#   CACHE_DIR/pkg/NAME/  each package unpacked with dpkg -x
#   CACHE_DIR/corpus/    the *.py files of every package's usr/lib/python3/dist-packages,
#                        hard links, relative layout kept (torch/nn/modules/..., scipy/...)
# The last line printed is the corpus path and its line count; the corpus path alone goes
# to the file CACHE_DIR/corpus.path for scripts.
#
# Packages: $WARDEN_CORPUS_PACKAGES (default "python3-torch"), then, while the corpus has
# fewer than $WARDEN_CORPUS_MIN_LINES lines (default 400000), the next of
# $WARDEN_CORPUS_EXTRA (default "python3-scipy python3-sklearn python3-sympy").
# Idempotent: downloads and unpacks only what is missing. apt-get download works as any
# user; as root, apt-get update is run first when the package lists lack the packages.
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
if [[ $# -gt 1 ]]; then usage >&2; exit 2; fi

cache=${1:-${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}}
read -r -a packages <<<"${WARDEN_CORPUS_PACKAGES:-python3-torch}"
read -r -a extra <<<"${WARDEN_CORPUS_EXTRA:-python3-scipy python3-sklearn python3-sympy}"
min_lines=${WARDEN_CORPUS_MIN_LINES:-400000}

for tool in apt-get apt-cache dpkg find xargs; do
  command -v "$tool" >/dev/null || { echo "fetch_corpus.sh: '$tool' not found (needs a Debian-like system)" >&2; exit 1; }
done

mkdir -p "$cache/debs" "$cache/pkg"
cache=$(cd "$cache" && pwd)
# The corpus is rebuilt from the unpacked packages every time (hard links: cheap), so it
# holds exactly this run's packages.
rm -rf "$cache/corpus"
mkdir -p "$cache/corpus"

ensure_lists() {  # $1: a package apt must know about
  if apt-cache show "$1" >/dev/null 2>&1; then return 0; fi
  if [[ $(id -u) -eq 0 ]]; then
    echo "fetch_corpus.sh: apt does not know $1; running apt-get update" >&2
    apt-get update -qq
  fi
  apt-cache show "$1" >/dev/null 2>&1 || {
    echo "fetch_corpus.sh: apt does not know $1 (run 'apt-get update' as root first)" >&2
    exit 1
  }
}

# Downloads and unpacks one package, then links its .py files into the corpus.
add_package() {
  local name=$1 deb unpacked=$cache/pkg/$1
  if [[ ! -f $unpacked/.unpacked ]]; then
    deb=$(find "$cache/debs" -maxdepth 1 -name "${name}_*.deb" | sort | tail -n 1)
    if [[ -z $deb ]]; then
      ensure_lists "$name"
      echo "fetch_corpus.sh: downloading $name" >&2
      (cd "$cache/debs" && apt-get download -q "$name" >&2)
      deb=$(find "$cache/debs" -maxdepth 1 -name "${name}_*.deb" | sort | tail -n 1)
      [[ -n $deb ]] || { echo "fetch_corpus.sh: apt-get download $name produced no .deb" >&2; exit 1; }
    fi
    rm -rf "$unpacked"
    mkdir -p "$unpacked"
    dpkg -x "$deb" "$unpacked"
    basename "$deb" >"$unpacked/.unpacked"
  fi
  local site=$unpacked/usr/lib/python3/dist-packages
  [[ -d $site ]] || { echo "fetch_corpus.sh: $name has no usr/lib/python3/dist-packages" >&2; exit 1; }
  # cp -l: hard links (same file system as the cache).
  (cd "$site" && find . -type f -name '*.py' -print0 | xargs -0 -r cp -l --parents -t "$cache/corpus")
  echo "$name" >>"$cache/corpus/.packages.tmp"
}

count_lines() {  # total newline count of the corpus's .py files
  find "$cache/corpus" -type f -name '*.py' -print0 | xargs -0 -r cat | wc -l
}

for name in "${packages[@]}"; do add_package "$name"; done
lines=$(count_lines)
for name in "${extra[@]}"; do
  ((lines >= min_lines)) && break
  echo "fetch_corpus.sh: $lines lines < $min_lines; adding $name" >&2
  add_package "$name"
  lines=$(count_lines)
done
sort -u "$cache/corpus/.packages.tmp" >"$cache/corpus/.packages"
rm -f "$cache/corpus/.packages.tmp"
if ((lines < min_lines)); then
  echo "fetch_corpus.sh: only $lines lines after every package; set WARDEN_CORPUS_EXTRA" >&2
  exit 1
fi

files=$(find "$cache/corpus" -type f -name '*.py' | wc -l)
echo "$cache/corpus" >"$cache/corpus.path"
echo "packages: $(tr '\n' ' ' <"$cache/corpus/.packages")" >&2
echo "$cache/corpus $files files $lines lines"
