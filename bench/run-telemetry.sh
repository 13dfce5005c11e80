#!/usr/bin/env bash
# Telemetry cost benchmark (issue 14). Run on demand from anywhere; never part of the test suite.
# Builds the server and the benchmark in Release, then starts two servers (telemetry off, and on with /metrics scraped
# every second), measures Get Job and Put Job on each in alternating rounds, and updates docs/benchmarks.md.
#
#   bench/run-telemetry.sh                  # 4 rounds of 5 s slices per operation and server (about 3 minutes)
#   bench/run-telemetry.sh --rounds 2       # quicker
#   bench/run-telemetry.sh --help           # every option
#
# Exit code: 0 all targets met, 2 a target missed or a request failed, 1 the run failed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

dotnet build -c Release src/Ferry.Server --nologo -v quiet
dotnet build -c Release bench/Ferry.Benchmarks --nologo -v quiet

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi

FERRY_BENCH_COMMAND="bench/run-telemetry.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll telemetry \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll "$@"
