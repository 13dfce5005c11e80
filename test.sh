#!/usr/bin/env bash
# Runs every check and every test of Ferry: the build (warnings are errors), formatting, the README run top to bottom
# against a freshly built and installed `ferry` tool, a job's whole life with the self-contained linux-x64 build, then
# both test suites. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
sqlite_log="$(mktemp)"
postgresql_log="$(mktemp)"
trap 'rm -f "$sqlite_log" "$postgresql_log"' EXIT

dotnet tool restore >/dev/null
# The real services and clients the tests start: Azurite and Microsoft's JS ARM client, pinned in package.json /
# package-lock.json, and Microsoft's Python ARM SDK (below). PostgreSQL comes from the server binaries installed on the
# machine (initdb, pg_ctl); the suite starts a throwaway one itself.
npm ci --no-audit --no-fund --loglevel=error
# Microsoft's Python ARM SDK for Debian's system Python (tests/Ferry.IntegrationTests/Conformance/python): Debian's
# python3-azure, installed when missing (apt-get update only if the first install fails). If it still cannot be
# imported, the conformance tests skip outside CI and fail under CI=true.
install_python_sdk() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y --no-install-recommends python3-azure \
    || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends python3-azure; }
}
if ! /usr/bin/python3 -c 'import azure.mgmt.storageimportexport' 2>/dev/null; then
  echo "== Installing Microsoft's Python SDK (python3-azure)"
  install_python_sdk || echo "python3-azure could not be installed; the Python SDK conformance tests will skip (fail under CI=true)."
fi
dotnet build Ferry.slnx -c Release
dotnet format Ferry.slnx --verify-no-changes --no-restore

status=0
extra_passed=0
extra_failed=0
# A check outside the test projects counts as one test in the closing line.
check() {
  local name="$1"; shift
  echo "== $name"
  if "$@"; then extra_passed=$((extra_passed + 1)); else
    local code=$?
    echo "FAILED: $name (exit $code)"
    failed_checks="${failed_checks:-}  [check] $name"$'\n'
    extra_failed=$((extra_failed + 1))
    [ "$status" -ne 0 ] || status=$code
  fi
}

# The README, every shell block in order, in a fresh copy of the repository (tests/readme/run.sh).
check "README walk-through (tests/readme/run.sh)" tests/readme/run.sh
# The self-contained single-file build for this machine, through a job's whole life.
check "self-contained linux-x64 build through a job's life" \
  bash -c 'build/publish.sh linux-x64 >/dev/null && tests/packaging/job-life.sh artifacts/dist/linux-x64/ferry'

# Both test projects twice: on SQLite (the default), then with every store and server on PostgreSQL.
echo "== Tests on SQLite"
dotnet test --solution Ferry.slnx -c Release --no-build 2>&1 | tee "$sqlite_log" || status=$?
echo "== Tests on PostgreSQL (FERRY_TEST_DATABASE=postgresql)"
FERRY_TEST_DATABASE=postgresql dotnet test --solution Ferry.slnx -c Release --no-build 2>&1 | tee "$postgresql_log" || {
  code=$?
  [ "$status" -ne 0 ] || status=$code
}

# The closing summary of one run's log: its last "succeeded:" or "failed:" count (the solution-wide total).
count() { grep -E "^\s*$1:" "$2" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
# The failed tests of one run's log, one a line: "failed <Test> (<duration>)" in the test platform's output.
failures() {
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$2" | grep -E '^\s*failed .+ \([0-9][^)]*\)\s*$' \
    | sed -E "s/^\s*failed (.+) \([0-9][^)]*\)\s*$/  [$1] \1/" || true
}

# The start of each failure's message (up to 12 lines, before its stack trace, each cut at 300 characters), so that
# the tail of the output says why a test failed and not only which: a failure's full text is further up.
reasons() {
  sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$2" | awk -v run="$1" '
    /^[[:space:]]*failed .+ \([0-9][^)]*\)[[:space:]]*$/ { sub(/^[[:space:]]*failed /, ""); print "  [" run "] " $0; left = 12; next }
    left > 0 && /^[[:space:]]*Stack Trace:/ { left = 0; next }
    left > 0 { print "      " substr($0, 1, 300); left-- }' || true
}

# CI shows the tail of the output: why each test failed, the failed tests of both runs, then one plain closing line
# summed over both.
failed_tests="${failed_checks:-}$(failures sqlite "$sqlite_log"; failures postgresql "$postgresql_log")"
if [ -n "$failed_tests" ]; then
  echo "Why (the start of each failure's message):"
  reasons sqlite "$sqlite_log"
  reasons postgresql "$postgresql_log"
  echo "Failed tests:"
  echo "$failed_tests"
fi
passed=$(( $(count succeeded "$sqlite_log") + $(count succeeded "$postgresql_log") + extra_passed ))
failed=$(( $(count failed "$sqlite_log") + $(count failed "$postgresql_log") + extra_failed ))
echo "Tests: ${passed} passed, ${failed} failed"
exit "$status"
