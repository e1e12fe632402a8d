#!/usr/bin/env bash
# The audience endpoints of the real API process, read as a notebook would: start the server on a
# free localhost port with a temporary database (the demo network is the 'default' graph), fetch
# followers, an audience curve, the audience of a set of accounts (JSON, the CSV overlap matrix in
# long form and the CSV members table) and the paths between two accounts with curl, load every CSV
# with pandas.read_csv and check it against the JSON; check that bad input is a 400 naming the field;
# then the same numbers from the CLI (`influencegraph audience --demo`).
set -euo pipefail
CHECK=audience
source "$(dirname "$0")/../lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ensure_oracle_python

build_cli >/dev/null
start_api

G="$BASE/graphs/default"
SET='{"accounts": ["arou", "toba77", "nais_inou96", "yaka84", "liha54", "arou"], "hops": 2}'
curl -fsS "$G/accounts/arou/followers?limit=5" -o "$TMP/followers.json"
curl -fsS "$G/accounts/arou/followers?format=csv" -o "$TMP/followers.csv"
curl -fsS -H 'Accept: text/csv' "$G/accounts/arou/followees" -o "$TMP/followees.csv"
curl -fsS "$G/accounts/arou/audience?hops=3" -o "$TMP/audience.json"
curl -fsS "$G/accounts/arou/audience?hops=3&format=csv" -o "$TMP/audience.csv"
curl -fsS -X POST -H 'Content-Type: application/json' -d "$SET" "$G/audience" -o "$TMP/set.json"
curl -fsS -X POST -H 'Content-Type: application/json' -d "$SET" "$G/audience?format=csv" -o "$TMP/matrix.csv"
curl -fsS -X POST -H 'Content-Type: application/json' -d "$SET" "$G/audience?format=csv&table=members" -o "$TMP/members.csv"
curl -fsS "$G/paths?from=arou&to=liha54&limit=3" -o "$TMP/paths.json"

# bad input: 400 naming the field
expect_400() {  # url, parameter, [method, body]
  local code
  if [ -n "${3:-}" ]; then
    code=$(curl -s -o "$TMP/p.json" -w '%{http_code}' -X "$3" -H 'Content-Type: application/json' -d "$4" "$1")
  else
    code=$(curl -s -o "$TMP/p.json" -w '%{http_code}' "$1")
  fi
  [ "$code" = 400 ] || { echo "$CHECK: $1: expected 400, got $code"; cat "$TMP/p.json"; exit 1; }
  "$PY" -c "import json,sys; p=json.load(open(sys.argv[1])); assert p['parameter']==sys.argv[2], p" "$TMP/p.json" "$2"
}
expect_400 "$G/accounts/arou/audience?hops=9" hops
expect_400 "$G/accounts/arou/audience?depth=2" depth
expect_400 "$G/accounts/arou/followers?limit=0" limit
expect_400 "$G/paths?from=arou" to
expect_400 "$G/audience" accounts POST '{"accounts": ["arou", "no-such-account"]}'
expect_400 "$G/audience" hops POST '{"accounts": ["arou"], "hops": 0}'
expect_400 "$G/audience" size POST '{"accounts": ["arou"], "size": 3}'

"${CLI[@]}" audience --demo arou toba77 nais_inou96 yaka84 liha54 --overlap --csv > "$TMP/cli-matrix.csv"
"${CLI[@]}" audience --demo arou toba77 nais_inou96 yaka84 liha54 --json > "$TMP/cli.json"

"$PY" - "$TMP" <<'PY'
import json, sys
import pandas as pd
t = sys.argv[1]
J = lambda f: json.load(open(f"{t}/{f}", encoding="utf-8"))

page = J("followers.json")
followers = pd.read_csv(f"{t}/followers.csv", keep_default_na=False)
assert list(followers.columns) == ["account", "followers"], followers.columns
assert len(followers) == page["total"] == 232, (len(followers), page["total"])
assert followers["followers"].is_monotonic_decreasing
assert [r["account"] for r in page["items"]] == list(followers["account"][:5])
followees = pd.read_csv(f"{t}/followees.csv", keep_default_na=False)
assert list(followees.columns) == ["account", "followers"]

aud = J("audience.json")
curve = pd.read_csv(f"{t}/audience.csv")
assert list(curve.columns) == ["hop", "new", "cumulative", "share"]
assert list(curve["cumulative"]) == [h["cumulative"] for h in aud["curve"]]
assert aud["curve"][1]["cumulative"] == 1700 and aud["audience"] == curve["cumulative"].iloc[-1]
assert curve["new"].sum() == aud["audience"]

s = J("set.json")
names = ["arou", "toba77", "nais_inou96", "yaka84", "liha54"]
assert [m["account"] for m in s["members"]] == names and any("duplicate" in n for n in s["notes"])
matrix = pd.read_csv(f"{t}/matrix.csv", keep_default_na=False, na_values=[""])
assert list(matrix.columns) == ["a", "b", "intersection", "jaccard", "overlap"]
assert len(matrix) == 25
square = matrix.pivot(index="a", columns="b", values="intersection").loc[names, names]
assert (square.values == square.values.T).all()
assert square.values.tolist() == s["overlap"]["intersection"]
jac = matrix.pivot(index="a", columns="b", values="jaccard").loc[names, names]
assert abs(jac.values - pd.DataFrame(s["overlap"]["jaccard"]).values).max() < 1e-12
off = matrix[matrix.a != matrix.b]
assert off.jaccard.between(0.44, 0.58).all(), off.jaccard.describe()   # the issue's "top five overlap pairwise with Jaccard 0.44-0.58"
members = pd.read_csv(f"{t}/members.csv")
assert list(members.columns) == ["account", "audience", "share", "unique", "unique_share_of_audience"]
assert list(members["unique"]) == [m["unique"] for m in s["members"]]
assert s["union"] <= members["audience"].sum() == s["sumOfAudiences"]

p = J("paths.json")
assert p["seesPosts"] and p["hops"] == 2 and len(p["paths"]) == 3 and p["pathCount"] >= 3
assert all(c[0] == "arou" and c[-1] == "liha54" and len(c) == 3 for c in p["paths"])

cli = pd.read_csv(f"{t}/cli-matrix.csv")
assert cli.sort_values(["a", "b"]).reset_index(drop=True)[["a", "b", "intersection"]].equals(
    matrix.sort_values(["a", "b"]).reset_index(drop=True)[["a", "b", "intersection"]])
assert J("cli.json")["union"] == s["union"]
print(f"audience: followers {len(followers)}, 3-hop curve {list(curve['new'])}, set union {s['union']} of {s['graphAccounts']} "
      f"(sum of audiences {s['sumOfAudiences']}), Jaccard {off.jaccard.min():.2f}-{off.jaccard.max():.2f}, paths {p['pathCount']}")
PY
echo "$CHECK: ok"
