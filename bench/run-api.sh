#!/usr/bin/env bash
# API benchmark beside Azurite (issue 15). Run on demand from anywhere; never part of the test suite.
# Builds the server and the benchmark in Release, checks that the machine is quiet, then measures in one run, with one
# load client and interleaved slices: Ferry on SQLite (synchronous=FULL) and on a throwaway PostgreSQL (initdb +
# pg_ctl in a temporary folder, as bench/run-scale.sh), at 1,000 and at 100,000 jobs, beside Azurite (node_modules,
# installed with npm ci when missing) as the API peer; stops and deletes everything it started, and updates the
# "API throughput beside Azurite (issue 15)" section of docs/benchmarks.md.
#
#   bench/run-api.sh                                          # the recorded run (about 15 minutes)
#   bench/run-api.sh --jobs-large 5000 --slice-seconds 2 --rounds 1 --warmup-seconds 1   # quick shake-out
#   bench/run-api.sh --trace sqlite.put-job --trace-tool /tmp/dntools   # dotnet-trace of one slice of the server
#   bench/run-api.sh --help                                   # every option
#
# Exit code: 0 all targets met, 2 a target missed or a request failed, 1 the run failed, 3 the machine was busy
# (nothing written; --allow-busy writes a section marked provisional instead).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    dotnet build -c Release bench/Ferry.Benchmarks --nologo -v quiet >/dev/null
    exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll api --help
  fi
done

if [ ! -f node_modules/azurite/dist/src/blob/main.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet build -c Release src/Ferry.Server --nologo -v quiet
dotnet build -c Release bench/Ferry.Benchmarks --nologo -v quiet

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi

FERRY_BENCH_COMMAND="bench/run-api.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll api \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll "$@"
