#!/usr/bin/env bash
# Several instances and PostgreSQL benchmark (issue 5). Run on demand from anywhere; never part of the test suite.
# Builds the server and the benchmark in Release, then starts a throwaway PostgreSQL (initdb + pg_ctl in a temporary
# folder, on a free loopback port, fsync on; run as the postgres user when this runs as root) unless
# FERRY_BENCH_POSTGRES holds the connection string of an existing server, starts the servers as child processes,
# measures, stops and deletes everything it started, and updates docs/benchmarks.md.
#
#   bench/run-scale.sh                         # full run: List Jobs at 1,000,000 jobs beside 1,000
#   bench/run-scale.sh --scale-jobs 20000      # quick shake-out
#   bench/run-scale.sh --help                  # every option
#
# Needs initdb and pg_ctl (PostgreSQL 13 or later) on PATH or in /usr/local/bin, or --pg-bin DIR.
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

FERRY_BENCH_COMMAND="bench/run-scale.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll scale \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll "$@"
