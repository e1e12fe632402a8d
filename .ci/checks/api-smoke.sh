#!/usr/bin/env bash
# Smoke test of the real API process: start it on a free localhost port with a temporary database
# and an API key, import a public network from the shared folder with curl, fetch the PageRank
# ranking as CSV and compare it with the oracle's NetworkX values, check errors, stop the server.
set -euo pipefail
CHECK=api-smoke
source "$(dirname "$0")/../lib.sh"
EDGES="$SHARED/data/wiki-vote/Wiki-Vote.txt"
ORACLE="$SHARED/oracle/expected/wiki-vote.tsv"
[ -f "$EDGES" ] || { echo "missing $EDGES (set INFLUENCEGRAPH_SHARED)"; exit 1; }

KEY="smoke-$RANDOM$RANDOM"
start_api InfluenceGraph__ApiKeys__0="$KEY"

# Writes need the key.
code=$(curl -s -o "$TMP/p401.json" -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data-binary @"$EDGES" "$BASE/graphs/wiki-vote/edges")
[ "$code" = 401 ] || { echo "import without key: expected 401, got $code"; cat "$TMP/p401.json"; exit 1; }
grep -q '"/problems/api-key-required"' "$TMP/p401.json"

# A form-encoded body (curl's default) is refused with 415, not misread.
code=$(curl -s -o "$TMP/p415.json" -w '%{http_code}' -X POST -H "X-Api-Key: $KEY" --data-binary @"$EDGES" "$BASE/graphs/wiki-vote/edges")
[ "$code" = 415 ] || { echo "form-encoded import: expected 415, got $code"; exit 1; }

# The import, streamed.
curl -fsS -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/plain' --data-binary @"$EDGES" \
  "$BASE/graphs/wiki-vote/edges?source=Wiki-Vote.txt" -o "$TMP/report.json"
python3 - "$TMP/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["applied"] and r["format"] == "snap", r
assert r["edgesAdded"] == 103689 and r["accountsAdded"] == 7115, r
print("import:", r["rowsRead"], "rows,", r["edgesAdded"], "edges,", r["accountsAdded"], "accounts")
PY

# The summary.
curl -fsS "$BASE/graphs/wiki-vote" | python3 -c 'import json,sys; g=json.load(sys.stdin); assert g["accounts"]==7115 and g["edges"]==103689 and g["version"]==1, g; print("summary ok:", g["density"], g["reciprocity"], g["largestStronglyConnectedComponent"])'

# PageRank as CSV, compared with the oracle (NetworkX 2.8.8 pagerank).
curl -fsS -D "$TMP/headers" "$BASE/graphs/wiki-vote/rankings/pagerank?format=csv&columns=rank,node,score" -o "$TMP/pagerank.csv"
grep -qi '^content-type: text/csv' "$TMP/headers"
grep -qi '^etag: ' "$TMP/headers"
python3 - "$TMP/pagerank.csv" "$ORACLE" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert list(rows[0].keys()) == ["rank", "node", "score"], rows[0].keys()
assert all(line.count(",") == 2 for line in open(sys.argv[1], encoding="utf-8")), "a line without exactly 3 fields"
assert len(rows) == 7115, len(rows)
oracle = {r["node"]: float(r["pagerank"]) for r in csv.DictReader(open(sys.argv[2]), delimiter="\t")}
worst = max(abs(float(r["score"]) - oracle[r["node"]]) for r in rows)
assert worst < 1e-6, f"max |pagerank - networkx| = {worst}"
top = sorted(oracle, key=lambda k: (-oracle[k], k))[:10]
assert [r["node"] for r in rows[:10]] == top, ([r["node"] for r in rows[:10]], top)
assert abs(sum(float(r["score"]) for r in rows) - 1) < 1e-9
print("pagerank csv ok: top", top[:3], "max abs diff", worst)
PY

# Revalidation with the ETag gives 304.
ETAG=$(grep -i '^etag: ' "$TMP/headers" | cut -d' ' -f2- | tr -d '\r')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$BASE/graphs/wiki-vote/rankings/pagerank?format=csv&columns=rank,node,score")
[ "$code" = 304 ] || { echo "If-None-Match: expected 304, got $code"; exit 1; }

# Unknown graph: a problem, not a stack trace.
code=$(curl -s -o "$TMP/p404.json" -w '%{http_code}' "$BASE/graphs/nope/rankings/pagerank")
[ "$code" = 404 ] && grep -q '"/problems/graph-not-found"' "$TMP/p404.json"

# Handles with '/', '%' and a literal "%2F" are reachable through their percent-encoded form (raw request target).
printf 'follower,followee\na/b,50%%\na%%2Fb,50%%\n' | curl -fsS -o /dev/null -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/csv' \
  --data-binary @- "$BASE/graphs/odd-handles/edges"
for enc in 'a%2Fb' 'a/b' '50%25' 'a%252Fb'; do
  curl -fsS "$BASE/graphs/odd-handles/accounts/$enc" -o "$TMP/acc.json" || { echo "account $enc: not found"; exit 1; }
done
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["account"]=="a%2Fb" and a["followees"]==1, a' "$TMP/acc.json"
echo "odd handles ok"

# ../shared/cases/api-large-upload-body-limit: a 36 MB edge list (over Kestrel's 30,000,000-byte default)
# must be imported completely, here through the job path (body over ImportJobThresholdBytes).
CASE="$SHARED/cases/api-large-upload-body-limit"
python3 "$CASE/gen_edges.py" "$TMP/edges_large.csv" 200000 >/dev/null
curl -fsS -D "$TMP/h_large" -o "$TMP/job.json" -X POST -H "X-Api-Key: $KEY" -H 'Content-Type: text/csv' \
  --data-binary @"$TMP/edges_large.csv" "$BASE/graphs/large/edges?source=edges_large.csv"
grep -q '^HTTP/1.1 202' "$TMP/h_large" || { echo "large import: expected 202"; cat "$TMP/h_large"; exit 1; }
wait_job() { # $1 = job URL path; prints the final job JSON
  local s=""
  for _ in $(seq 1 600); do
    s=$(curl -fsS "$BASE$1")
    grep -q '"state":"\(queued\|running\)"' <<<"$s" || break
    sleep 0.5
  done
  echo "$s"
}
JOB=$(grep -i '^location: ' "$TMP/h_large" | cut -d' ' -f2- | tr -d '\r')
wait_job "$JOB" > "$TMP/job_done.json"
python3 - "$TMP/job_done.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["state"] == "succeeded", j
r = j["import"]
assert r["edgesAdded"] == 2000000 and r["accountsAdded"] == 2000000 and r["rowsRead"] == 2000000, r
print("large import ok:", r["rowsRead"], "rows in", round(j["elapsedMs"]), "ms")
PY
code=$(curl -s -o "$TMP/pr_large" -w '%{http_code}' "$BASE/graphs/large/rankings/pagerank?format=csv&top=5&wait=300")
if [ "$code" = 202 ]; then
  wait_job "$(python3 -c 'import json,sys; print("/jobs/" + json.load(open(sys.argv[1]))["id"])' "$TMP/pr_large")" >/dev/null
  code=$(curl -s -o "$TMP/pr_large" -w '%{http_code}' "$BASE/graphs/large/rankings/pagerank?format=csv&top=5")
fi
[ "$code" = 200 ] || { echo "large pagerank: got $code"; cat "$TMP/pr_large"; exit 1; }
python3 - "$TMP/pr_large" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert list(rows[0].keys()) == ["rank", "account", "score"], rows[0].keys()   # the default header: the JSON field's word
assert [r["account"] for r in rows] == ["h000000", "h000001", "h000002", "h000003", "h000004"], rows
expected = 173 / 370 / 200000   # networkx 2.8.8 at tol 1e-14 (expected.tsv: 2.33783783784e-06)
assert all(abs(float(r["score"]) / expected - 1) < 1e-4 for r in rows), rows
print("large pagerank ok:", rows[0]["score"])
PY

echo "api smoke: passed"
