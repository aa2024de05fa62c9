#!/usr/bin/env bash
# Permission errors cannot be produced as root, so the unit tests skip them there; this runs
# those tests again as an unprivileged user (nobody), the way a developer's machine would.
set -euo pipefail
: "${WARDEN_TESTS:?set WARDEN_TESTS to the warden_tests binary}"
filter='DiscoveryTest.Unreadable*'
if [[ $(id -u) -ne 0 ]]; then
  exec "$WARDEN_TESTS" --gtest_filter="$filter"
fi
run_as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! "${run_as_nobody[@]}" test -x "$WARDEN_TESTS"; then
  echo "SKIP: $WARDEN_TESTS is not reachable by user nobody (a parent folder is private)"
  exit 77
fi
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env TMPDIR=/tmp "$WARDEN_TESTS" --gtest_filter="$filter" 2>&1) || {
  echo "$out"
  exit 1
}
echo "$out"
# The point of this test is that it ran: a skip as nobody is a failure.
if grep -q "SKIPPED" <<<"$out" || ! grep -q "PASSED.*1 test" <<<"$out"; then
  echo "FAIL: the unreadable-file test did not run as an unprivileged user"
  exit 1
fi
