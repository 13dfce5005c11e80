#!/usr/bin/env bash
# Long fuzzing run (issue 13). Run on demand from the repository root; never part of the test suite, which runs the
# same tests with 1,500 requests per surface.
#
#   bench/run-fuzz.sh [--requests N] [--seed S] [--database sqlite|postgresql]
#
# Runs tests/Ferry.IntegrationTests/Hardening/FuzzTests.cs (the mutated-request theory, one case per surface: classic,
# ARM, operator, customer extensions, and the raw framing cases) with N requests per surface (default 12,500, so
# 50,000 in all) from seed S (default: the date), and records the figures in docs/benchmarks.md. Target: 0 answers of
# 500 or above, 0 dropped connections for requests Kestrel accepts, 0 log entries at Warning or above.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
requests=12500
seed="$(date -u +%Y%m%d)"
database=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

[ -f node_modules/azurite/dist/src/blob/main.js ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build tests/Ferry.IntegrationTests -c Release --nologo -v quiet >/dev/null
report="$(mktemp /tmp/ferry-fuzz.XXXXXX)"
log="$(mktemp /tmp/ferry-fuzz-log.XXXXXX)"
trap 'rm -f "$report" "$log"' EXIT

status=0
started=$(date +%s)
FERRY_FUZZ_REQUESTS="$requests" FERRY_FUZZ_SEED="$seed" FERRY_FUZZ_REPORT="$report" \
  FERRY_TEST_DATABASE="$([ "$database" = postgresql ] && echo postgresql || echo sqlite)" \
  artifacts/bin/Ferry.IntegrationTests/release/Ferry.IntegrationTests -class 'Ferry.IntegrationTests.Hardening.FuzzTests' >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - started ))
tail -n 5 "$log"
[ -s "$report" ] || { echo "The fuzz run wrote no figures:"; cat "$log"; exit 1; }

field() { sed -E "s/.* $1=([^ ]*).*/\1/"; }
total() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) { split($i, p, "="); s += p[2] } } END { print s + 0 }' "$report"; }
rows=$(while read -r line; do
  surface=${line%% *}
  echo "| $surface | $(echo "$line" | field requests) | $(echo "$line" | field serverErrors) | $(echo "$line" | field dropped) | $(echo "$line" | field refusedByKestrel) | $(echo "$line" | field logEntries) | $(echo "$line" | field seconds) s | $(echo "$line" | field statuses | tr ',' ' ') |"
done < "$report")
all=$(total requests); errors=$(total serverErrors); dropped=$(total dropped); logs=$(total logEntries)
verdict=$([ "$status" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$dropped" -eq 0 ] && [ "$logs" -eq 0 ] && echo met || echo "**missed**")
commit="$(git rev-parse --short HEAD)"; [ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"

section="$(mktemp /tmp/ferry-fuzz-section.XXXXXX)"
cat > "$section" <<MD
## Fuzzing, long run on $database (issue 13)

Measured $(date -u '+%Y-%m-%d %H:%M UTC') at commit \`$commit\` on $(nproc) cores, $(. /etc/os-release; echo "$PRETTY_NAME"), backend $database.

Command, from the repository root: \`bench/run-fuzz.sh --requests $requests --seed $seed --database $database\`

Method: the fuzzing tests of the suite (docs/architecture.md §8.2) with $requests mutated requests per surface instead
of 1,500, from seed $seed (each surface adds its index), over four concurrent connections to one in-process server with
real TLS, followed by the raw framing cases. *Refused by Kestrel*: requests Kestrel itself finds malformed (a control
character in the decoded path, a header value outside ASCII), closed or reset by Kestrel before Ferry sees them.
Whole run: ${elapsed} s, test exit code $status.

| Surface | Requests | ≥ 500 | Dropped | Refused by Kestrel | Log entries ≥ Warning | Time | Statuses |
|---|---:|---:|---:|---:|---:|---:|---|
$rows

**$all requests: $errors answers ≥ 500, $dropped dropped connections, $logs log entries at Warning or above. Target 0, 0, 0: $verdict.**
MD
cat "$section"

python3 - "$section" <<'PY'
import re, sys
new = open(sys.argv[1]).read()
path = "docs/benchmarks.md"
text = open(path).read()
heading = new.splitlines()[0]
pattern = re.compile("^" + re.escape(heading) + r"\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: new + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + new
open(path, "w").write(text)
PY
rm -f "$section"
exit "$status"
