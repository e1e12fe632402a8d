#!/usr/bin/env bash
# Oracle check of `influencegraph score`: every network of ../shared/oracle/expected is scored at
# --tolerance 1e-12 and compared with NAME.tsv by the oracle's compare.py (atol 1e-9, rtol 1e-6):
# PageRank, betweenness (all but soc-slashdot0902, whose reference is PageRank only and whose
# .edges is gzip) and the followers/followees columns (the oracle's indegree/outdegree). Shared folder: $INFLUENCEGRAPH_SHARED or ../shared.
set -euo pipefail
CHECK=oracle-score
source "$(dirname "$0")/../lib.sh"
require_shared "$EXPECTED"
ensure_oracle_python
build_cli
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

failed=0
for edges in "$EXPECTED"/*.edges "$EXPECTED"/*.edges.gz; do
  [ -e "$edges" ] || continue
  name=$(basename "$edges"); name=${name%.gz}; name=${name%.edges}
  if [[ "$edges" == *.gz ]]; then
    metrics=pagerank,followers,followees; columns=pagerank:pagerank,followers:indegree,followees:outdegree
  else
    metrics=pagerank,betweenness,followers,followees; columns=pagerank:pagerank,betweenness:betweenness,followers:indegree,followees:outdegree
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
