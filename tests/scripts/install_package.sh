#!/usr/bin/env bash
# Installs the built project into a temporary prefix, then builds docs/embedding-example
# against it with find_package(warden) and runs it: the installed package must be complete
# on its own (headers, shared library, CMake config) and usable without the build tree.
# Run by ctest with WARDEN_SOURCE_DIR and WARDEN_BINARY_DIR set.
set -uo pipefail
: "${WARDEN_SOURCE_DIR:?set WARDEN_SOURCE_DIR}" "${WARDEN_BINARY_DIR:?set WARDEN_BINARY_DIR}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
finish() {
  if ((failures)); then echo "install_package: $failures check(s) failed"; exit 1; fi
  echo "install_package: all checks passed"
  exit 0
}

# --- install -------------------------------------------------------------------------
if cmake --install "$WARDEN_BINARY_DIR" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  pass "cmake --install into a temporary prefix"
else
  fail "cmake --install failed:"; cat "$tmp/install.log"; finish
fi

libdir=$(find "$prefix" -path '*/cmake/warden/wardenConfig.cmake' -printf '%h\n' | head -n1)
for f in "$prefix/include/warden/warden.hpp" "$libdir/wardenConfig.cmake" "$libdir/wardenConfigVersion.cmake"; do
  if [[ -f $f ]]; then pass "installed ${f#"$prefix"/}"; else fail "not installed: ${f#"$prefix"/}"; fi
done
if compgen -G "$prefix/lib*/libwarden.so*" >/dev/null; then
  pass "installed the shared library"
else
  fail "no lib*/libwarden.so* under the prefix"
fi
# The package must not point back into the source or build trees.
if grep -rlF -e "$WARDEN_BINARY_DIR" -e "$WARDEN_SOURCE_DIR/" "$prefix" --include='*.cmake' >"$tmp/refs.txt"; then
  fail "installed CMake files refer to the source or build tree: $(tr '\n' ' ' <"$tmp/refs.txt")"
else
  pass "installed CMake files are relocatable"
fi

if [[ -x "$prefix/bin/warden" ]]; then
  if out=$(env -u LD_LIBRARY_PATH "$prefix/bin/warden" --version 2>&1); then
    pass "installed bin/warden runs: ${out%%$'\n'*}"
  else
    fail "installed bin/warden --version failed: $out"
  fi
else
  fail "bin/warden not installed"
fi

# --- build the embedding example against the prefix ---------------------------------
cache="$WARDEN_BINARY_DIR/CMakeCache.txt"
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache")
config_args=(-G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$prefix"
             -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
[[ -n $cxx ]] && config_args+=("-DCMAKE_CXX_COMPILER=$cxx")
# A sanitized libwarden needs a sanitized program (the ASan runtime must load first).
if grep -q '^WARDEN_SANITIZE:BOOL=ON' "$cache"; then
  config_args+=("-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer"
                "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
fi
if cmake -S "$WARDEN_SOURCE_DIR/docs/embedding-example" -B "$tmp/build" "${config_args[@]}" >"$tmp/configure.log" 2>&1 &&
   cmake --build "$tmp/build" >"$tmp/build.log" 2>&1; then
  pass "docs/embedding-example configures with find_package(warden 0.1) and builds"
else
  fail "docs/embedding-example does not build against the install:"
  cat "$tmp/configure.log" "$tmp/build.log" 2>/dev/null | tail -n 40
  finish
fi

example="$tmp/build/example"
# Runs without LD_LIBRARY_PATH: the library is found through the RUNPATH CMake sets.
env -u LD_LIBRARY_PATH "$example" >"$tmp/snippet.out" 2>&1
rc=$?
if [[ $rc -eq 1 ]] && grep -qx 'snippet.py:5:5 py-exec-os-system .*' "$tmp/snippet.out"; then
  pass "example on a buffer lists snippet.py:5:5 py-exec-os-system"
else
  fail "example on a buffer: exit $rc, expected 1 and a 'snippet.py:5:5 py-exec-os-system' line; output:"
  cat "$tmp/snippet.out"
fi
if grep -q 'py-deser-torch-load' "$tmp/snippet.out"; then
  fail "example reported torch.load(..., weights_only=True)"
else
  pass "example does not report torch.load(..., weights_only=True)"
fi
if grep -Eq 'snippet\.py:5:5: (warning|error): .*\[py-exec-os-system\]' "$tmp/snippet.out"; then
  pass "example's write_text report has the finding"
else
  fail "example's write_text report lacks 'snippet.py:5:5: warning: ... [py-exec-os-system]'"
fi

mkdir -p "$tmp/repo/pkg"
printf 'import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n' >"$tmp/repo/pkg/util.py"
printf 'print("hello")\n' >"$tmp/repo/clean.py"
env -u LD_LIBRARY_PATH "$example" "$tmp/repo" >"$tmp/repo.out" 2>&1
rc=$?
if [[ $rc -eq 1 ]] && grep -qx "$tmp/repo/pkg/util.py:5:12 py-deser-pickle .*" "$tmp/repo.out" &&
   grep -q ' 1 finding(s) in 2 file(s)' "$tmp/repo.out"; then
  pass "example on a directory lists pkg/util.py:5:12 py-deser-pickle"
else
  fail "example on a directory: exit $rc, expected 1, one finding at $tmp/repo/pkg/util.py:5:12; output:"
  cat "$tmp/repo.out"
fi

finish
