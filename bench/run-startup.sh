#!/usr/bin/env bash
# Start-up benchmark (issue 12). Run on demand from the repository root; never part of the test suite.
#
#   bench/run-startup.sh [--runs N]      (default 10 runs of each measurement)
#
# Measures, in the same run and so on the same machine load:
#   1. the time from launching `ferry serve` on an empty data directory (certificates, migrations and development
#      credentials included) to its first 200 on /healthz, beside the time from launching Azurite's `azurite-blob`
#      on an empty folder to its first HTTP answer. Target: Ferry ≤ 1.0× Azurite.
#   2. one CLI call against a running server (`ferry location list`), beside the start of a trivial ReadyToRun
#      console program (bench/StartupFloor). Target: ≤ 2× that floor.
# Ferry is the tool package the README installs (ReadyToRun, framework-dependent), installed into a temporary tool
# path. Timings come from hyperfine (installed from Debian's packages when missing). Updates docs/benchmarks.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
runs=10
[ "${1:-}" = "--runs" ] && runs="$2"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -f node_modules/azurite/dist/src/blob/main.js ] || npm ci --no-audit --no-fund --loglevel=error

work="$(mktemp -d /tmp/ferry-startup.XXXXXX)"
trap 'pkill -KILL -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet pack src/Ferry.Cli -c Release -o "$work/pkg" --nologo -v quiet
DOTNET_CLI_HOME="$work/home" dotnet tool install ferry --tool-path "$work/tool" --add-source "$work/pkg" >/dev/null
dotnet publish bench/StartupFloor -c Release -r linux-x64 -o "$work/floor" --nologo -v quiet
ferry="$work/tool/ferry"

# 1. Launch to first answer, each on an empty folder.
cat > "$work/first-answer.sh" <<'SH'
#!/usr/bin/env bash
# first-answer.sh URL COMMAND...: launches COMMAND, returns when URL answers (curl polls back to back), then kills
# it outright (SIGKILL), so that neither server's graceful shutdown counts in the time.
url="$1"; shift
"$@" >/dev/null 2>&1 &
pid=$!
until curl -sk -o /dev/null --max-time 1 "$url"; do kill -0 "$pid" 2>/dev/null || exit 1; done
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
SH
chmod +x "$work/first-answer.sh"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/serve.json" \
  --prepare "rm -rf $work/serve-data $work/azurite-data" \
  -n azurite "$work/first-answer.sh http://127.0.0.1:10900/ node node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort 10900 --location $work/azurite-data --skipApiVersionCheck" \
  -n ferry "$work/first-answer.sh https://127.0.0.1:18943/healthz $ferry serve --data-dir $work/serve-data --urls https://127.0.0.1:18943"

# 2. One CLI call against a running server, beside a trivial ReadyToRun program.
"$ferry" serve --data-dir "$work/cli-data" --urls https://127.0.0.1:18944 >/dev/null 2>&1 &
until curl -sk -o /dev/null --max-time 1 https://127.0.0.1:18944/healthz; do sleep 0.1; done
hyperfine --runs "$((runs * 3))" --warmup 3 --export-json "$work/cli.json" -N \
  -n floor "$work/floor/StartupFloor" \
  -n "ferry location list" "$ferry location list --data-dir $work/cli-data --output json"

mean() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .mean' "$1"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "met" : "**missed**" }'; }
az=$(mean "$work/serve.json" azurite); fs=$(mean "$work/serve.json" ferry)
fl=$(mean "$work/cli.json" floor); cl=$(mean "$work/cli.json" "ferry location list")
r1=$(ratio "$fs" "$az"); r2=$(ratio "$cl" "$fl")
commit="$(git rev-parse --short HEAD)"; [ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"

section="$work/section.md"
cat > "$section" <<MD
## Start-up (issue 12)

Measured $(date -u '+%Y-%m-%d %H:%M UTC') at commit \`$commit\` on $(nproc) cores, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}').

Command, from the repository root: \`bench/run-startup.sh --runs $runs\`

Method: hyperfine, the mean of $runs runs after a warm-up run (CLI: $((runs * 3)) runs after 3). Ferry is the
installed tool package (ReadyToRun, framework-dependent). *First answer*: from launching the process on an empty
folder (Ferry: data directory with certificate generation, SQLite migrations and development credentials; Azurite:
an empty \`--location\`) to the first HTTP answer, polled back to back with curl; the process is then stopped.
*CLI call*: \`ferry location list --output json\` against a running server (TLS with the management certificate),
beside a trivial ReadyToRun console program that prints one line.

| Measurement | Ferry | Peer | Ratio | Target | Verdict |
|---|---:|---:|---:|---:|---|
| Launch to first answer (\`ferry serve\` vs \`azurite-blob\`) | $(ms "$fs") ms | $(ms "$az") ms | ${r1}× | ≤ 1.0× | $(verdict "$r1" 1.0) |
| One CLI call (\`ferry location list\` vs trivial R2R program) | $(ms "$cl") ms | $(ms "$fl") ms | ${r2}× | ≤ 2.0× | $(verdict "$r2" 2.0) |
MD
cat "$section"

# Replace the section in docs/benchmarks.md (up to the next "## " heading), or append it.
python3 - "$section" <<'PY'
import re, sys
new = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
pattern = re.compile(r"^## Start-up \(issue 12\)\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: new + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + new
open(path, "w").write(text)
PY
