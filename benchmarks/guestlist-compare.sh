#!/usr/bin/env bash
# Guest list side by side: plain-Python lazy greedy vs the C# kernels, same graphs, one run; prints uptime.
#   benchmarks/guestlist-compare.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${1:-$here/../../shared}"
dotnet build -c Release "$here/InfluenceGraph.Benchmarks" >/dev/null
bench="$here/InfluenceGraph.Benchmarks/bin/Release/net10.0/InfluenceGraph.Benchmarks.dll"
echo "start: $(date -u +%FT%TZ) $(uptime)"
for f in "$shared/data/wiki-vote/Wiki-Vote.txt" "$shared/data/soc-slashdot0902/soc-Slashdot0902.txt.gz"; do
  echo "python: $(/usr/bin/python3 "$here/guestlist_reference.py" "$f" --size 20 --hops 2 | cut -c1-400)"
  echo "ours:   $(dotnet "$bench" guestlist --edges "$f" --size 20 --hops 2 --spread-size 50 --epsilon 0.1)"
done
echo "end: $(date -u +%FT%TZ) $(uptime)"
