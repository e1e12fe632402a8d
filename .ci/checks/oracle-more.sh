#!/usr/bin/env bash
# Oracle check of the catalog's newer metrics through `influencegraph score`: every network of
# ../shared/oracle/expected (the gzip soc-slashdot0902 included, which the unit tests leave out) is
# scored with --metrics hub,authority,coreness,followers_centrality,followees_centrality (default
# options) and compared with oracle/expected-more/NAME.tsv (NetworkX, whose columns for the last two
# are in_degree_centrality, out_degree_centrality): the same accounts, every value within 1e-9
# absolute, coreness exactly. Shared folder: $INFLUENCEGRAPH_SHARED or ../shared.
set -euo pipefail
CHECK=oracle-more
source "$(dirname "$0")/../lib.sh"
require_shared "$SHARED/oracle/expected-more"
build_cli
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# ours:oracle column pairs; ours are the catalog's canonical names.
COLUMNS=hub:hub,authority:authority,coreness:coreness,followers_centrality:in_degree_centrality,followees_centrality:out_degree_centrality
METRICS=$(echo "$COLUMNS" | tr ',' '\n' | cut -d: -f1 | paste -sd,)

failed=0
for edges in "$EXPECTED"/*.edges "$EXPECTED"/*.edges.gz; do
  [ -e "$edges" ] || continue
  name=$(basename "$edges"); name=${name%.gz}; name=${name%.edges}
  start=$(date +%s%N)
  if ! "${CLI[@]}" score --edges "$edges" --metrics "$METRICS" --out "$OUT/$name.tsv"; then
    echo "FAIL $name: score exited non-zero"; failed=$((failed + 1)); continue
  fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if summary=$("$PY" - "$OUT/$name.tsv" "$SHARED/oracle/expected-more/$name.tsv" "$COLUMNS" <<'PY'
import sys
ours_path, ref_path = sys.argv[1], sys.argv[2]
pairs = [c.split(':') for c in sys.argv[3].split(',')]
def load(path):
    with open(path) as f:
        header = f.readline().rstrip('\n').split('\t')
        rows = {}
        for line in f:
            fields = line.rstrip('\n').split('\t')
            rows[fields[0]] = dict(zip(header[1:], fields[1:]))
    return rows
ours, ref = load(ours_path), load(ref_path)
if set(ours) != set(ref):
    print(f"accounts differ: {len(set(ours) - set(ref))} extra, {len(set(ref) - set(ours))} missing"); sys.exit(1)
worst = []
bad = False
for m, r in pairs:
    d, at = max((abs(float(ours[v][m]) - float(ref[v][r])), v) for v in ref)
    worst.append(f"{m} {d:.2g}")
    if (m == 'coreness' and d != 0) or d > 1e-9:
        bad = True; worst[-1] += f" (at {at})"
print(f"{len(ref)} accounts, max |diff|: " + ", ".join(worst))
sys.exit(1 if bad else 0)
PY
  ); then
    echo "ok   $name (${ms} ms): $summary"
  else
    echo "FAIL $name (${ms} ms): $summary"; failed=$((failed + 1))
  fi
done
echo "oracle-more: $failed network(s) failed"
[ "$failed" -eq 0 ]
