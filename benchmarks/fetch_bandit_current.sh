#!/usr/bin/env bash
# Fetches Bandit's current release the way Debian unstable packages it (python3-bandit, named
# in deb.debian.org's sid index, its SHA-256 checked), unpacked with dpkg -x, never installed:
# a reference to compare Warden with where Debian 12 ships only Bandit 1.6.2.
#
#   benchmarks/fetch_bandit_current.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $WARDEN_CORPUS_DIR, else /tmp/warden-corpora; the package goes to
# CACHE_DIR/bandit-current/VERSION/. Prints one line: the directory to put on PYTHONPATH, so
# that `PYTHONPATH=DIR /usr/bin/python3 -m bandit ...` runs it (with Debian 12's
# python3-stevedore, python3-yaml and python3-rich; scripts/setup.sh --bench installs them).
# $WARDEN_DEBIAN_MIRROR changes the mirror (default http://deb.debian.org/debian).
# Idempotent: a version already unpacked is not fetched again.
set -euo pipefail

case "${1:-}" in
  -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
esac
cache=${1:-${WARDEN_CORPUS_DIR:-/tmp/warden-corpora}}
mirror=${WARDEN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/bandit-current"
dest=$(cd "$cache/bandit-current" && pwd)

index=$dest/Packages.xz
curl -sSf --retry 3 -o "$index.part" "$mirror/dists/sid/main/binary-all/Packages.xz" || {
  echo "fetch_bandit_current.sh: cannot download $mirror/dists/sid/main/binary-all/Packages.xz" >&2
  exit 1
}
mv "$index.part" "$index"
# The python3-bandit stanza: its version, pool file and checksum.
read -r version filename sha256 < <(xz -dc "$index" | awk '
  /^Package: / { in_pkg = ($2 == "python3-bandit") }
  in_pkg && /^Version: / { v = $2 }
  in_pkg && /^Filename: / { f = $2 }
  in_pkg && /^SHA256: / { s = $2 }
  /^$/ { if (in_pkg && v != "") { print v, f, s; exit } in_pkg = 0 }')
[[ -n ${version:-} && -n ${filename:-} && -n ${sha256:-} ]] || {
  echo "fetch_bandit_current.sh: no python3-bandit in the sid index" >&2
  exit 1
}
unpacked=$dest/$version
site=$unpacked/usr/lib/python3/dist-packages
if [[ ! -d $site/bandit ]]; then
  deb=$dest/$(basename "$filename")
  curl -sSf --retry 3 -o "$deb.part" "$mirror/$filename" || {
    echo "fetch_bandit_current.sh: cannot download $mirror/$filename" >&2
    exit 1
  }
  echo "$sha256  $deb.part" | sha256sum -c --quiet - || {
    echo "fetch_bandit_current.sh: $filename does not have the index's SHA-256 $sha256" >&2
    rm -f "$deb.part"
    exit 1
  }
  mv "$deb.part" "$deb"
  rm -rf "$unpacked.part"
  dpkg -x "$deb" "$unpacked.part"
  mv "$unpacked.part" "$unpacked"
fi
echo "$site"
