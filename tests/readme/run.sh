#!/usr/bin/env bash
# The README runs itself: every ```sh block of README.md runs, in order, in one shell, in a fresh copy of the
# repository (as a fresh clone would be) inside a temporary folder, against the `ferry` tool that the README itself
# builds and installs. A failing block fails this script (and so the test command).
#
# Info strings after ```sh steer the run (GitHub shows them as plain sh blocks):
#   background=NAME   the block runs in the background, as in a second terminal (a server, Azurite); a later
#                     block with the same NAME stops it first, as a reader would press Ctrl+C; all stop at the end
#   ready=URL         with background: wait until URL answers (any HTTP status) before the next block
#   skip              not run (none today; kept for blocks that cannot run here)
#
# The global tool goes into the temporary folder (DOTNET_CLI_HOME), so the machine's own tools are untouched.
# Usage: tests/readme/run.sh [README.md]      FERRY_README_KEEP=1 keeps the temporary folder for a look.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
readme="$(realpath "${1:-$repo/README.md}")"
work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-readme.XXXXXX")"
clone="$work/ferry"
mkdir -p "$clone" "$work/home" "$work/logs" "$work/blocks"

# A fresh clone: the tracked files and the new ones git does not ignore, as they are in the working tree.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf -) \
  | tar -xf - -C "$clone"

# Extracts the blocks: block N is $work/blocks/N.sh, its info string $work/blocks/N.info, its README line N.line.
awk -v dir="$work/blocks" '
  /^```/ && !inside {
    info = substr($0, 4)
    if (info ~ /^(sh|bash)( |$)/) { n++; inside = 1; sub(/^(sh|bash) ?/, "", info)
      print info > (dir "/" n ".info"); print NR + 1 > (dir "/" n ".line"); printf "" > (dir "/" n ".sh"); next }
    fence = !fence; next
  }
  /^```/ && inside { inside = 0; close(dir "/" n ".sh"); next }
  inside { print >> (dir "/" n ".sh") }
' "$readme"

count=$(find "$work/blocks" -name '*.sh' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "README: no shell block found in $readme" >&2
  exit 1
fi

# One script runs every block in order, so variables and functions carry over like in a reader's terminal.
script="$work/readme.sh"
{
  echo 'set -euo pipefail'
  echo 'set -m'   # each background block gets its own process group, so stopping it stops its children
  echo "export DOTNET_CLI_HOME='$work/home' DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1"
  echo "export PATH='$work/home/.dotnet/tools':\"\$PATH\""
  echo "declare -A readme_bg=()"
  cat <<'EOF'
readme_stop() {
  local pid="${readme_bg[$1]:-}"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "readme_bg[$1]"
}
readme_stop_all() { for name in "${!readme_bg[@]}"; do readme_stop "$name"; done; }
# Waits for a background block to answer on its URL; fails when it exits first or after two minutes.
readme_ready() {
  local name="$1" url="$2" log="$3" deadline=$((SECONDS + 120))
  until curl -sk -o /dev/null --max-time 2 "$url"; do
    if ! kill -0 "${readme_bg[$name]}" 2>/dev/null; then
      echo "README: background block '$name' exited before $url answered; its output:" >&2; cat "$log" >&2; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "README: $url did not answer within 2 minutes" >&2; cat "$log" >&2; return 1; fi
    sleep 0.2
  done
}
trap readme_stop_all EXIT
EOF
  for n in $(seq 1 "$count"); do
    info="$(cat "$work/blocks/$n.info")"
    line="$(cat "$work/blocks/$n.line")"
    background="$(grep -oE 'background=[A-Za-z0-9_-]+' <<<"$info" | cut -d= -f2 || true)"
    ready="$(grep -oE 'ready=[^ ]+' <<<"$info" | cut -d= -f2- || true)"
    if grep -qw skip <<<"$info"; then
      echo "echo '== README block $n (line $line): skipped'"
      continue
    fi
    echo "echo '== README block $n (line $line)${background:+ in the background as $background}'"
    echo "readme_block=$n; readme_line=$line"
    if [ -n "$background" ]; then
      log="$work/logs/$background-$n.log"
      echo "readme_stop '$background'"
      echo "("
      cat "$work/blocks/$n.sh"
      echo ") > '$log' 2>&1 &"
      echo "readme_bg[$background]=\$!"
      if [ -n "$ready" ]; then
        echo "readme_ready '$background' '$ready' '$log'"
      fi
    else
      cat "$work/blocks/$n.sh"
    fi
  done
  echo "echo '== README: all $count blocks ran'"
} > "$script"

cleanup() {
  if [ "${FERRY_README_KEEP:-}" = "1" ]; then
    echo "README: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "== README: running $count shell blocks of $readme in $clone"
status=0
(cd "$clone" && bash -E -o errtrace -c "trap 'echo \"README: block \$readme_block (README.md line \$readme_line) failed: exit \$?\" >&2' ERR; source '$script'") || status=$?
if [ "$status" -ne 0 ]; then
  echo "README: the walk-through failed (exit $status); logs of its background blocks:" >&2
  for f in "$work"/logs/*.log; do [ -f "$f" ] && { echo "--- $(basename "$f") (last 40 lines)" >&2; tail -n 40 "$f" >&2; }; done
fi
exit "$status"
