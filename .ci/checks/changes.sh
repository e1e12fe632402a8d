#!/usr/bin/env bash
# Change over time, end to end on real processes: the bitcoin rating networks imported ONCE with their
# time column and only the positive ratings (CLI: import edges --time 4 --min-weight 1), compared as of
# 2013-10-25 against all of it with 'influencegraph changes' and with the API's /changes; then the API
# restarted over the same database serves an old version (version=1) after a second import.
# Expected (NetworkX + scipy on the same edges): otc tau-b 0.926, top 10/50 shared 8/42, RBO 0.868;
# alpha tau-b 0.927, 9/45, RBO 0.933.
set -euo pipefail
CHECK=changes
source "$(dirname "$0")/../lib.sh"
require_shared "$SHARED/data/bitcoin-otc"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build_cli
check_tmp

# CLI
for net in "otc soc-sign-bitcoinotc 0.926 8 42 0.868" "alpha soc-sign-bitcoinalpha 0.927 9 45 0.933"; do
  set -- $net
  "${CLI[@]}" import edges "$SHARED/data/bitcoin-$1/$2.csv" --graph "bitcoin-$1" --time 4 --min-weight 1 --db "$TMP/cli.db" > "$TMP/import.txt"
  grep -q "below min weight" "$TMP/import.txt"
  "${CLI[@]}" changes --graph "bitcoin-$1" --metric pagerank --from 2013-10-25 --db "$TMP/cli.db" > "$TMP/changes-$1.txt"
  grep -q "Kendall tau-b $3 " "$TMP/changes-$1.txt" || { cat "$TMP/changes-$1.txt"; echo "$CHECK: bitcoin-$1 tau-b is not $3"; exit 1; }
  grep -q "top 10: $4 shared, top 50: $5 shared" "$TMP/changes-$1.txt" || { cat "$TMP/changes-$1.txt"; echo "$CHECK: bitcoin-$1 top-k overlap"; exit 1; }
  grep -q "RBO(p=0.9) extrapolated $6" "$TMP/changes-$1.txt" || { cat "$TMP/changes-$1.txt"; echo "$CHECK: bitcoin-$1 RBO"; exit 1; }
  echo "$CHECK: CLI bitcoin-$1 ok: $(sed -n 2p "$TMP/changes-$1.txt")"
done
# A bad --as-of names the option.
if "${CLI[@]}" score --graph bitcoin-otc --db "$TMP/cli.db" --metrics pagerank --as-of 2013-13-45 2> "$TMP/err.txt" >/dev/null; then echo "$CHECK: bad --as-of accepted"; exit 1; fi
grep -q -- "--as-of" "$TMP/err.txt"

# API, started twice over the same database.
start_api InfluenceGraph__DatabasePath="$TMP/api.db"
curl -fsS -X POST -H 'Content-Type: text/csv' --data-binary @"$SHARED/data/bitcoin-otc/soc-sign-bitcoinotc.csv" \
  "$BASE/graphs/bitcoin-otc/edges?timeColumn=4&minWeight=1" > "$TMP/report.json"
curl -fsS "$BASE/graphs/bitcoin-otc/changes?metric=pagerank&from=2013-10-25" > "$TMP/changes.json"
"$PY" - "$TMP" <<'PY'
import json, sys
t = sys.argv[1]
r = json.load(open(f"{t}/report.json"))
assert (r["edgesAdded"], r["belowMinWeight"], r["edgeTimes"]) == (32029, 3563, True), r
c = json.load(open(f"{t}/changes.json"))
assert round(c["kendallTauB"]["value"], 3) == 0.926 and c["kendallTauB"]["accounts"] == 4755, c["kendallTauB"]
assert round(c["rbo"]["extrapolated"], 3) == 0.868, c["rbo"]
assert [o["shared"] for o in c["topOverlap"]] == [8, 42, 84], c["topOverlap"]
print("changes: API bitcoin-otc ok:", c["kendallTauB"]["value"], c["rbo"]["extrapolated"])
PY
# A second import into the demo graph, then a restart: version 1 still ranks as before.
curl -fsS "$BASE/graphs/default/rankings/pagerank?top=10&format=csv" > "$TMP/v1-before.csv"
V1=$(curl -fsS "$BASE/graphs/default/versions" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["current"])')
printf 'fan1 newstar\nfan2 newstar\nfan3 newstar\n' | curl -fsS -X POST -H 'Content-Type: text/plain' --data-binary @- "$BASE/graphs/default/edges" >/dev/null
stop_api
start_api InfluenceGraph__DatabasePath="$TMP/api.db"
curl -fsS "$BASE/graphs/default/rankings/pagerank?top=10&format=csv&version=$V1" > "$TMP/v1-after.csv"
cmp "$TMP/v1-before.csv" "$TMP/v1-after.csv" || { echo "$CHECK: version $V1 ranks differently after the restart"; exit 1; }
code=$(curl -s -o "$TMP/bad.json" -w '%{http_code}' "$BASE/graphs/default/rankings/pagerank?version=999")
[ "$code" = 400 ] && grep -q '"parameter":"version"' "$TMP/bad.json" || { cat "$TMP/bad.json"; echo "$CHECK: version=999 gave $code"; exit 1; }
curl -fsS "$BASE/graphs/default/changes?metric=pagerank&from=$V1" | "$PY" -c 'import json,sys; c=json.load(sys.stdin); assert c["to"]["version"] == c["from"]["version"] + 1, c["to"]; print("changes: demo after restart ok, tau-b", c["kendallTauB"]["value"])'
echo "$CHECK: ok"
