#!/usr/bin/env bash
# Accepted import jobs survive a real kill -9 of the API process (not simulated journal files):
# start the server with a small job threshold and one job slot, submit a large import (job 1, running)
# and a second one (job 2, queued behind it), kill -9 the server while job 1 imports, restart it on the
# same database, and check:
#   - job 2 (accepted, not started) is resumed under the same id and succeeds: its graph has every edge;
#   - job 1 (killed mid-import) answers GET /jobs/{id} after the restart: failed with
#     /problems/job-interrupted and nothing applied, or succeeded with every edge (its commit won the race);
#   - no partial graph ever: each graph is absent or complete.
set -euo pipefail
CHECK=durable-jobs
source "$(dirname "$0")/../lib.sh"
check_tmp
KEY="durable-$RANDOM$RANDOM"
fail() { echo "durable-jobs: FAIL: $*"; echo "--- server log (first run) ---"; tail -20 "$TMP/server1.log" 2>/dev/null || true; echo "--- server log (restart) ---"; tail -40 "$TMP/server2.log" 2>/dev/null || true; exit 1; }

start_server() { # $1 = log file; the same database (and port) on the restart
  API_LOG="$1" start_api InfluenceGraph__ApiKeys__0="$KEY" \
    InfluenceGraph__ImportJobThresholdBytes=1024 InfluenceGraph__MaxConcurrentJobs=1 InfluenceGraph__SeedDefaultGraph=false
}

# Job 1: 3,000,000 distinct edges with textual handles (~40 MB: seconds of import). Job 2: 5,000 edges.
python3 - "$TMP" <<'PY'
import sys, random
tmp = sys.argv[1]
r = random.Random(7)
with open(f"{tmp}/big.txt", "w") as f:
    n = 400_000
    seen = set()
    while len(seen) < 3_000_000:
        e = (r.randrange(n), r.randrange(n))
        if e[0] != e[1] and e not in seen:
            seen.add(e); f.write(f"user{e[0]} user{e[1]}\n")
with open(f"{tmp}/small.txt", "w") as f:
    for i in range(5000): f.write(f"a{i} b{i % 97}\n")
PY

start_server "$TMP/server1.log"
post() { # $1 graph, $2 file -> prints the job id (expects 202)
  local code
  code=$(curl -sS -o "$TMP/post-$1.json" -w '%{http_code}' -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/plain' \
    --data-binary "@$2" "$BASE/graphs/$1/edges")
  [ "$code" = 202 ] || fail "POST $1 answered $code, expected 202: $(cat "$TMP/post-$1.json")"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$TMP/post-$1.json"
}
JOB1=$(post first "$TMP/big.txt")
JOB2=$(post second "$TMP/small.txt")
state() { curl -fsS "$BASE/jobs/$1" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"])'; }
# Kill while job 1 imports (job 2 waits for the one slot).
for _ in $(seq 1 100); do [ "$(state "$JOB1")" = running ] && break; sleep 0.05; done
S1=$(state "$JOB1"); S2=$(state "$JOB2")
echo "before kill -9: job 1 $S1, job 2 $S2"
[ "$S2" = queued ] || fail "job 2 should be queued behind job 1 before the kill (was $S2)"
stop_api KILL

start_server "$TMP/server2.log"
wait_final() { # $1 job id -> prints the final job JSON
  for _ in $(seq 1 600); do
    local j; j=$(curl -fsS "$BASE/jobs/$1") || fail "GET /jobs/$1 after the restart failed"
    case "$(echo "$j" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" in
      succeeded|failed|cancelled) echo "$j"; return 0;;
    esac
    sleep 0.2
  done
  fail "job $1 did not finish after the restart"
}
J2=$(wait_final "$JOB2")
echo "$J2" | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["state"]=="succeeded", j' || fail "job 2 was not resumed to success: $J2"
E2=$(curl -fsS "$BASE/graphs/second" | python3 -c 'import json,sys; print(json.load(sys.stdin)["edges"])')
[ "$E2" = 5000 ] || fail "graph 'second' has $E2 edges after the resumed job, expected 5000"

J1=$(wait_final "$JOB1")
S1=$(echo "$J1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
CODE1=$(curl -s -o "$TMP/first.json" -w '%{http_code}' "$BASE/graphs/first")
if [ "$S1" = failed ]; then
  echo "$J1" | grep -q 'job-interrupted' || fail "job 1 failed without /problems/job-interrupted: $J1"
  [ "$CODE1" = 404 ] || fail "job 1 was interrupted but graph 'first' exists (partial import?): $(cat "$TMP/first.json")"
else
  [ "$S1" = succeeded ] || fail "job 1 ended $S1"
  E1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["edges"])' "$TMP/first.json")
  [ "$E1" = 3000000 ] || fail "job 1 succeeded but graph 'first' has $E1 edges, expected 3000000"
fi
echo "durable-jobs: ok: job 2 resumed after kill -9 and applied 5000 edges; job 1 (killed while importing) answered '$S1' with no partial graph"
