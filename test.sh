#!/usr/bin/env bash
# Runs every check and every test of Ferry: the build (warnings are errors), formatting, then both test suites.
# This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet tool restore >/dev/null
# The real services the tests start: Azurite, pinned in package.json / package-lock.json.
npm ci --no-audit --no-fund --loglevel=error
dotnet build Ferry.slnx -c Release
dotnet format Ferry.slnx --verify-no-changes --no-restore

status=0
dotnet test --solution Ferry.slnx -c Release --no-build 2>&1 | tee "$log" || status=$?

# One plain closing line for CI, summed over the test projects.
passed=$(grep -E '^\s*succeeded:' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s*failed:' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
echo "Tests: ${passed} passed, ${failed} failed"
exit "$status"
