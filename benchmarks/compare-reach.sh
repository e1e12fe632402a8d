#!/usr/bin/env bash
# All-accounts h-hop reach: InfluenceGraph's HyperBall against igraph's exact neighborhood_size, side
# by side in one run on wiki-vote and soc-Slashdot0902 (see compare_reach.py for what is timed and how).
#
#   benchmarks/compare-reach.sh                                  # 3 hops, 64 and 256 registers, seed 0
#   benchmarks/compare-reach.sh --seeds 0,1,2,3,4 --rounds 3     # accuracy over 5 hash seeds, 3 alternations
#
# Needs the shared folder (INFLUENCEGRAPH_SHARED, default ../shared beside the clone); installs
# python3-igraph and pandas when missing (as root). Prints the Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ -z "${INFLUENCEGRAPH_SHARED:-}" ]; then
  [ -d "$ROOT/../shared/data" ] || { echo "compare-reach: ../shared not found; set INFLUENCEGRAPH_SHARED" >&2; exit 2; }
  export INFLUENCEGRAPH_SHARED="$(cd "$ROOT/../shared" && pwd)"
fi
if ! /usr/bin/python3 -c "import igraph" 2>/dev/null; then
  echo "compare-reach: installing python3-igraph" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-igraph >&2
fi
echo "compare-reach: building (Release)" >&2
dotnet build benchmarks/InfluenceGraph.Benchmarks -c Release -v q -nologo >&2
exec /usr/bin/python3 benchmarks/compare_reach.py "$@"
