#!/usr/bin/env bash
# Classic API load benchmark (issue 2). Run on demand from anywhere; never part of the test suite.
# Builds the server and the benchmark in Release, then starts the server as a child process on a free loopback
# port with a fresh temporary data directory, measures, and updates docs/benchmarks.md.
#
#   bench/run-classic-load.sh                      # full run: 1,000 then 100,000 jobs
#   bench/run-classic-load.sh --jobs-large 5000    # quick shake-out
#   bench/run-classic-load.sh --help               # every option
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

FERRY_BENCH_COMMAND="bench/run-classic-load.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll "$@"
