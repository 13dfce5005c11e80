#!/usr/bin/env bash
# Soak benchmark (issue 13). Run on demand from anywhere; never part of the test suite.
# Builds the server, the ferry tool and the benchmark in Release, installs Azurite (npm ci) when it is missing, then
# prepares a small drive, starts Azurite and the server as child processes with a fresh temporary data directory, runs
# a steady mixed load (classic creates, reads, lists, updates and deletes; a transfer every minute; webhook deliveries
# to a receiver in the benchmark) while sampling the server's RSS, and updates docs/benchmarks.md.
#
#   bench/run-soak.sh                                   # full run: 2 min warm-up, then 30 min measured
#   bench/run-soak.sh --duration 3m --warmup 30s        # quick shake-out
#   bench/run-soak.sh --help                            # every option
#
# Exit code: 0 all targets met, 2 a target missed or an error counted, 1 the run failed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

dotnet build -c Release src/Ferry.Server --nologo -v quiet
dotnet build -c Release src/Ferry.Cli --nologo -v quiet
dotnet build -c Release bench/Ferry.Benchmarks --nologo -v quiet
if [ ! -f node_modules/azurite/dist/src/blob/main.js ]; then
  npm ci --no-audit --no-fund
fi

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi

FERRY_BENCH_COMMAND="bench/run-soak.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll soak \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll \
    --cli-dll artifacts/bin/Ferry.Cli/release/ferry.dll "$@"
