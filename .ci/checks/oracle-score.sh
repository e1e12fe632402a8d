#!/usr/bin/env bash
# Oracle check of `influencegraph score`: every network of ../shared/oracle/expected is scored at
# --tolerance 1e-12 and compared with NAME.tsv by the oracle's compare.py (atol 1e-9, rtol 1e-6):
# PageRank, betweenness (all but soc-slashdot0902, whose reference is PageRank only and whose
# .edges is gzip) and the in/out-degree columns. Shared folder: $INFLUENCEGRAPH_SHARED or ../shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SHARED="${INFLUENCEGRAPH_SHARED:-$ROOT/../shared}"
EXPECTED="$SHARED/oracle/expected"
PY=/usr/bin/python3
if [ ! -d "$EXPECTED" ]; then
  echo "oracle-score: $EXPECTED not found (put the shared folder beside the clone or set INFLUENCEGRAPH_SHARED)"; exit 1
fi
if ! "$PY" -c "import numpy, pandas, scipy" 2>/dev/null; then
  echo "oracle-score: installing numpy/pandas/scipy for $PY"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-pandas python3-scipy python3-numpy >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y python3-pandas python3-scipy python3-numpy >/dev/null; }
fi

dotnet build src/InfluenceGraph.Cli -c Release -nologo -v quiet
CLI=(dotnet "$ROOT/src/InfluenceGraph.Cli/bin/Release/net10.0/influencegraph.dll")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

failed=0
for edges in "$EXPECTED"/*.edges "$EXPECTED"/*.edges.gz; do
  [ -e "$edges" ] || continue
  name=$(basename "$edges"); name=${name%.gz}; name=${name%.edges}
  if [[ "$edges" == *.gz ]]; then
    metrics=pagerank,in_degree,out_degree; columns=pagerank:pagerank,in_degree:indegree,out_degree:outdegree
  else
    metrics=pagerank,betweenness,in_degree,out_degree; columns=pagerank:pagerank,betweenness:betweenness,in_degree:indegree,out_degree:outdegree
  fi
  start=$(date +%s%N)
  if ! "${CLI[@]}" score --edges "$edges" --metrics "$metrics" --tolerance 1e-12 --out "$OUT/$name.tsv"; then
    echo "FAIL $name: score exited non-zero"; failed=$((failed + 1)); continue
  fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if summary=$("$PY" "$SHARED/oracle/compare.py" "$OUT/$name.tsv" "$EXPECTED/$name.tsv" --columns "$columns" --atol 1e-9 | tail -n 1); then
    echo "ok   $name (${ms} ms): $summary"
  else
    echo "FAIL $name (${ms} ms): $summary"; failed=$((failed + 1))
  fi
done
echo "oracle-score: $failed network(s) failed"
[ "$failed" -eq 0 ]
