#!/usr/bin/env bash
# Takes one import job through its whole life with a given `ferry` executable: the server it starts itself on a
# fresh data directory, the customer's and the data centre's commands, and the exit codes a script relies on.
# test.sh runs it with the self-contained linux-x64 build (build/publish.sh linux-x64).
#
# Usage: tests/packaging/job-life.sh PATH/TO/ferry [PORT]
set -euo pipefail

ferry="$(realpath "$1")"
port="${2:-18643}"
work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-job-life.XXXXXX")"
server=""
stop() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
cd "$work"

fail() { echo "job-life: $*" >&2; [ -f server.log ] && tail -n 40 server.log >&2; exit 1; }
expect_exit() {
  local want="$1"; shift
  local got=0
  "$@" > out.txt 2> err.txt || got=$?
  [ "$got" -eq "$want" ] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

echo "== job life with $ferry"
"$ferry" --version
"$ferry" serve --data-dir data --urls "https://127.0.0.1:$port" > server.log 2>&1 &
server=$!
deadline=$((SECONDS + 120))
until curl -sk -o /dev/null --max-time 2 "https://127.0.0.1:$port/healthz"; do
  kill -0 "$server" 2>/dev/null || fail "the server exited before it answered"
  [ "$SECONDS" -lt "$deadline" ] || fail "the server did not answer within 2 minutes"
  sleep 0.2
done

key=259358-100188-581471-154165-090552-296406-410091-426844
hash=B306C4B34DAA0E99957A4B9C779D2FA2
f() { "$ferry" "$@" --data-dir data; }
expect_exit 0 f job create life --account acct --type import --location "West US" --account-key a2V5 \
  --drive "D1,$key,\\DriveManifest.xml,$hash" --drive "D2,$key,\\DriveManifest.xml,$hash" \
  --return-name "J Doe" --return-address "1 Main St" --return-phone 1 --return-email j@example.com
expect_exit 0 f job ship life --account acct --carrier FedEx --tracking 1234567890 --drive-count 2
expect_exit 0 f operator receive life --drive D1 --drive D2
expect_exit 0 f operator complete-drive life D1 --bytes 1024
expect_exit 0 f operator complete-drive life D2 --bytes 2048
expect_exit 0 f operator ship-back life --carrier FedEx --tracking 987654321
expect_exit 0 f job wait life --account acct --timeout 1m
expect_exit 0 f job show life --account acct --output json
grep -q '"state": "Completed"' out.txt || fail "job show does not say Completed: $(cat out.txt)"
expect_exit 1 f operator ship-back life --carrier FedEx --tracking 987654321
grep -q 'Conflict' err.txt || fail "an illegal step did not say Conflict: $(cat err.txt)"
expect_exit 2 f job list --acount acct
expect_exit 0 f job history life
grep -q 'Completed' out.txt || fail "the history does not reach Completed"
echo "job-life: 11 steps passed with $ferry"
