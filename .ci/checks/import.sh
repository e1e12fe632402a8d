#!/usr/bin/env bash
# Import check: every network of ../shared/data goes through `influencegraph import edges` from its
# ORIGINAL file (gzip, GML, JSON, CRLF, headers, NetworkX data columns, reversed sources) into a
# fresh SQLite database; `graphs --json` must show the node/edge counts of its PROVENANCE.md, and
# `score --graph NAME` must reproduce ../shared/oracle/expected/NAME.tsv (PageRank and in/out-degree,
# compared by the oracle's compare.py, atol 1e-9). Shared folder: $INFLUENCEGRAPH_SHARED or ../shared.
set -euo pipefail
CHECK=import
source "$(dirname "$0")/../lib.sh"
DATA="$SHARED/data"
require_shared "$DATA"
ensure_oracle_python
build_cli
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
DB="$OUT/import.db"

# graph | original file | flags | nodes | edges   (counts from each PROVENANCE.md)
NETWORKS=(
  "bitcoin-alpha|bitcoin-alpha/soc-sign-bitcoinalpha.csv|--weight none|3783|24186"
  "bitcoin-otc|bitcoin-otc/soc-sign-bitcoinotc.csv|--weight none|5881|35592"
  "career-bofa|twitter-career-followers/bofa_careers.json.gz|--reverse|13688|68328"
  "career-verizon|twitter-career-followers/verizoncareers.json.gz|--reverse|9226|59576"
  "congress-twitter|congress-twitter/congress.edgelist|--reverse|475|13289"
  "ego-twitter-12831|ego-twitter/12831.edges||236|2478"
  "ego-twitter-13212502|ego-twitter/13212502.edges||170|2262"
  "email-eu-core|email-eu-core/email-Eu-core.txt.gz||1005|25571"
  "facebook-combined|facebook-combined/facebook_combined.txt.gz|--undirected|4039|176468"
  "polblogs|polblogs/polblogs.gml||1490|19025"
  "soc-slashdot0902|soc-slashdot0902/soc-Slashdot0902.txt.gz||82168|948464"
  "uk-mp-twitter-2022|uk-mp-twitter-2022/mp_edgelist.csv||585|26833"
  "wiki-vote|wiki-vote/Wiki-Vote.txt||7115|103689"
)

failed=0
for entry in "${NETWORKS[@]}"; do
  IFS='|' read -r name file flags nodes edges <<<"$entry"
  # shellcheck disable=SC2086
  if ! "${CLI[@]}" import edges "$DATA/$file" --graph "$name" --db "$DB" $flags > "$OUT/$name.report"; then
    echo "FAIL $name: import exited non-zero"; cat "$OUT/$name.report"; failed=$((failed + 1)); continue
  fi
  counts=$("${CLI[@]}" graphs --json --db "$DB" | "$PY" -c "import json,sys; g=[x for x in json.load(sys.stdin) if x['name']=='$name'][0]; print(g['accounts'], g['edges'])")
  if [ "$counts" != "$nodes $edges" ]; then
    echo "FAIL $name: graphs shows '$counts', PROVENANCE.md says '$nodes $edges'"; failed=$((failed + 1)); continue
  fi
  if [ ! -f "$EXPECTED/$name.tsv" ]; then echo "ok   $name: $counts (no oracle scores)"; continue; fi
  if ! "${CLI[@]}" score --graph "$name" --db "$DB" --metrics pagerank,followers,followees --tolerance 1e-12 --out "$OUT/$name.tsv"; then
    echo "FAIL $name: score --graph exited non-zero"; failed=$((failed + 1)); continue
  fi
  if summary=$("$PY" "$SHARED/oracle/compare.py" "$OUT/$name.tsv" "$EXPECTED/$name.tsv" --columns pagerank:pagerank,followers:indegree,followees:outdegree --atol 1e-9 | tail -n 1); then
    echo "ok   $name: $counts; $summary"
  else
    echo "FAIL $name: $summary"; failed=$((failed + 1))
  fi
done
echo "import: $failed network(s) failed"
[ "$failed" -eq 0 ]
