#!/usr/bin/env bash
# Drive import and preparation benchmark (issue 4). Run on demand from anywhere; never part of the test suite.
# Builds the server, the ferry tool and the benchmark in Release, installs Azurite (npm ci) when it is missing, then
# generates the dataset in a temporary folder, measures `ferry drive prepare` beside `cp -r` + `md5sum`, starts Azurite
# and the server as child processes, measures a Ferry import beside a plain parallel Azure.Storage.Blobs upload, and
# updates docs/benchmarks.md.
#
#   bench/run-transfer.sh                       # full run: 2 GiB
#   bench/run-transfer.sh --dataset-mib 256     # quick shake-out
#   bench/run-transfer.sh --help                # every option
#
# Needs about 3× the dataset's size free on disk (dataset, copy, drive) and Azurite holds up to 2× in memory.
# Exit code: 0 all targets met, 2 a target missed or a check failed, 1 the run failed.
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

FERRY_BENCH_COMMAND="bench/run-transfer.sh${*:+ $*}" \
FERRY_BENCH_COMMIT="$commit" \
  exec dotnet artifacts/bin/Ferry.Benchmarks/release/Ferry.Benchmarks.dll transfer \
    --server-dll artifacts/bin/Ferry.Server/release/Ferry.Server.dll \
    --cli-dll artifacts/bin/Ferry.Cli/release/ferry.dll "$@"
