#!/usr/bin/env bash
# Server memory benchmark (issue 15). Run on demand from the repository root; never part of the test suite.
#
#   bench/run-memory.sh [--jobs N] [--seconds S] [--server-dll PATH] [ENV=VALUE ...]
#
# 1. RSS after start: launches the Release server on a fresh data directory, waits for /healthz, idles 10 s, sends
#    50 /healthz requests and prints VmRSS at the first answer and after, with smaps totals (mapped files, anonymous,
#    JIT code double mapping).
# 2. Peak at N jobs (default 100,000): makes one job through classic Put Job, stops the server, copies it N-1 times
#    straight into the SQLite file (sqlite3), restarts the server on it and drives 16 closed-loop keep-alive clients
#    (python3, management certificate) with Get Job (random seeded job), Put Job (new names) and List Jobs ($top=100)
#    in the ratio 3:1:1 for S seconds (default 25); prints VmHWM, VmRSS at the end and the request rates.
# ENV=VALUE pairs go to the server's environment (e.g. DOTNET_gcServer=0 to compare GC settings). Prints only; the
# figures are copied into docs/benchmarks.md by hand with the machine's load, which it prints too.
# Needs curl, sqlite3 and python3.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
jobs=100000; seconds=25; dll="$repo/artifacts/bin/Ferry.Server/release/Ferry.Server.dll"
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --server-dll) dll="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *=*) break ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done
[ "$dll" != "$repo/artifacts/bin/Ferry.Server/release/Ferry.Server.dll" ] || dotnet build -c Release "$repo/src/Ferry.Server" --nologo -v quiet
work="$(mktemp -d /tmp/ferry-memory.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
status() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status"; }
start() { # start DATA PORT
  env "${@:3}" dotnet "$dll" --data-dir "$1" --urls "https://127.0.0.1:$2" \
    --Ferry:Jobs:MaxActiveJobsPerSubscription 10000000 --Ferry:Classic:MaxPageSize 100 >"$1.log" 2>&1 &
  pid=$!
  until curl -sk -o /dev/null --max-time 1 "https://127.0.0.1:$2/healthz"; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped; see $1.log" >&2; exit 1; }
    sleep 0.2
  done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; server environment: ${*:-(none)}"

# 1. RSS after start.
start "$work/fresh" 18951 "$@"
first=$(status VmRSS); sleep 10
for _ in $(seq 50); do curl -sk -o /dev/null https://127.0.0.1:18951/healthz; done
settled=$(status VmRSS)
read -r files anon jit < <(awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 } /^Rss:/ {
    if (name ~ /\.(dll|so)/ || name ~ /\.so\./) f += $2; else if (name ~ /doublemapper/) j += $2; else a += $2 }
  END { print f, a, j }' "/proc/$pid/smaps")
echo "after start: VmRSS $(mib "$first") MiB at the first answer, $(mib "$settled") MiB 10 s later" \
  "(mapped .dll/.so $(mib "$files"), JIT double mapping $(mib "$jit"), other $(mib "$anon"))"
stop

# 2. Peak at N jobs under Get/Put/List.
cat > "$work/client.py" <<'PY'
import base64, http.client, json, os, random, ssl, sys, threading, time
data, port, seconds, mode, seeded = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
cred = json.load(open(os.path.join(data, 'dev-credentials.json')))
path = lambda p: p if os.path.isabs(p) else os.path.join(data, p)
context = ssl.create_default_context(cafile=path(cred['serverCertificate'])); context.check_hostname = False
context.load_cert_chain(path(cred['managementCertificate']), path(cred['managementKey']))
jobs = f"/{cred['subscriptionId']}/services/importexport/storageaccounts/benchaccount/jobs"
key = base64.b64encode(b'k' * 64).decode()
def body(name):
    return json.dumps({"Name": name, "Properties": {"StorageAccountKey": key, "Location": "West US", "Type": "Import",
        "ReturnAddress": {"Name": "A", "Address": "B", "Phone": "1", "Email": "a@b.c"}},
        "DriveList": [{"DriveId": "DRIVE0001", "BitLockerKey": "259358-100188-581471-154165-090552-296406-410091-426844",
        "ManifestFile": "\\DriveManifest.xml", "ManifestHash": "B306C4B34DAA0E99957A4B9C779D2FA2"}]})
headers = {'x-ms-version': '2014-11-01', 'Accept': 'application/json', 'Content-Type': 'application/json'}
if mode == 'template':
    c = http.client.HTTPSConnection('127.0.0.1', port, context=context)
    c.request('PUT', f"{jobs}/bench0000001", body=body('bench0000001'), headers=headers)
    r = c.getresponse(); r.read(); sys.exit(0 if r.status == 201 else f"Put Job answered {r.status}")
counts, errors, lock, stop = {}, {}, threading.Lock(), time.time() + seconds
def worker(i):
    c, n = http.client.HTTPSConnection('127.0.0.1', port, context=context), 0
    while time.time() < stop:
        op = ('get', 'get', 'get', 'put', 'list')[n % 5]; n += 1
        if op == 'get': c.request('GET', f"{jobs}/bench{random.randint(1, seeded):07d}", headers=headers)
        elif op == 'put': name = f"m{i:02d}x{n:08d}"; c.request('PUT', f"{jobs}/{name}", body=body(name), headers=headers)
        else: c.request('GET', f"{jobs}?$top=100", headers=headers)
        r = c.getresponse(); r.read()
        with lock:
            counts[op] = counts.get(op, 0) + 1
            if r.status >= 300: errors[op] = errors.get(op, 0) + 1
threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
[t.start() for t in threads]; [t.join() for t in threads]
print(' '.join(f"{op} {count / seconds:.0f}/s" for op, count in sorted(counts.items())), '; failed:', errors or 'none')
PY
start "$work/seeded" 18952
python3 "$work/client.py" "$work/seeded" 18952 0 template 1
stop
db="$work/seeded/ferry.db"
cols() { sqlite3 "$db" "SELECT group_concat('$2\"' || name || '\"', ',') FROM pragma_table_info('$1') WHERE name NOT IN ($3)"; }
sqlite3 "$db" >/dev/null <<SQL
BEGIN;
WITH RECURSIVE g(n) AS (SELECT 2 UNION ALL SELECT n + 1 FROM g WHERE n < $jobs)
INSERT INTO jobs ("Name", "NameKey", $(cols jobs '' "'Id','Name','NameKey'"))
SELECT 'bench' || printf('%07d', n), 'BENCH' || printf('%07d', n), $(cols jobs t. "'Id','Name','NameKey'")
FROM jobs t, g WHERE t."NameKey" = 'BENCH0000001';
INSERT INTO drives ("JobId", $(cols drives '' "'Id','JobId'"))
SELECT j."Id", $(cols drives d. "'Id','JobId'") FROM jobs j, drives d, jobs t
WHERE t."NameKey" = 'BENCH0000001' AND d."JobId" = t."Id" AND j."NameKey" > 'BENCH0000001';
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
start "$work/seeded" 18952 "$@"
sleep 3; before=$(status VmRSS)
rates=$(python3 "$work/client.py" "$work/seeded" 18952 "$seconds" load "$jobs")
echo "at $jobs jobs: VmRSS $(mib "$before") MiB before the load, peak (VmHWM) $(mib "$(status VmHWM)") MiB," \
  "VmRSS $(mib "$(status VmRSS)") MiB at the end; $rates"
stop
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
