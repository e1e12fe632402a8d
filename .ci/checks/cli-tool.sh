#!/usr/bin/env bash
# The CLI as a .NET tool, the way the README's quick start installs it: `dotnet pack` of
# src/InfluenceGraph.Cli, `dotnet tool install` into a temporary tool path, then `influencegraph
# --help` and one `influencegraph score` on the demo network, run from that tool path (functional, not timed:
# the start-up figure comes from benchmarks/cli-startup.sh).
set -euo pipefail
CHECK=cli-tool
source "$(dirname "$0")/../lib.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack src/InfluenceGraph.Cli -c Release -nologo -v quiet -o "$TMP/pkg"
ls "$TMP/pkg"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/InfluenceGraph.Cli/InfluenceGraph.Cli.csproj)
dotnet tool install InfluenceGraph.Cli --tool-path "$TMP/tools" --add-source "$TMP/pkg" --version "$version"
[ -x "$TMP/tools/influencegraph" ] || { echo "$CHECK: no influencegraph command in the tool path"; exit 1; }

cd "$TMP"   # not the repository: the tool must not depend on the working directory
PATH="$TMP/tools:$PATH" influencegraph --help > help.txt
for verb in score import graphs influencers; do
  grep -q "^  $verb" help.txt || { echo "$CHECK: --help does not list '$verb'"; cat help.txt; exit 1; }
done

PATH="$TMP/tools:$PATH" influencegraph score --edges "$ROOT/data/demo/edges.tsv" --metrics followers,pagerank --out scores.tsv
# The demo network's row count and the followers column must agree with the edge file itself.
"$PY" - "$ROOT/data/demo/edges.tsv" scores.tsv <<'PY'
import collections, csv, sys
followers, accounts = collections.Counter(), set()
with open(sys.argv[1]) as f:
    rows = [l.split() for l in f if l.strip() and not l.startswith("#")]
for i, r in enumerate(rows):
    if i == 0 and r[:2] == ["follower", "followee"]: continue
    accounts.update(r[:2])
    if len(r) >= 2: followers[r[1]] += 1
with open(sys.argv[2]) as f:
    table = list(csv.DictReader(f, delimiter="\t"))
assert len(table) == len(accounts), f"{len(table)} rows for {len(accounts)} accounts"
assert "in_degree" not in table[0], "score wrote the alias in_degree as a column name"
col = "followers"
bad = [r["account"] for r in table if int(r[col]) != followers[r["account"]]]
assert not bad, f"followers differ for {bad[:5]}"
top = max(accounts, key=lambda a: (followers[a], a))
print(f"cli-tool: score of {len(table)} accounts; most followed {top} ({followers[top]}); first row by pagerank: {table[0]['account']}")
PY
echo "cli-tool: ok"
