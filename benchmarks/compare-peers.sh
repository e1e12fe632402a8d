#!/usr/bin/env bash
# Side-by-side comparison of InfluenceGraph with igraph, graph-tool and NetworkX on the same graph
# files, in one run, alternating ours / peer (see compare_peers.py for what is timed and how).
#
#   benchmarks/compare-peers.sh                         # full: R-MAT 1e4..3e6 + soc-Slashdot, betweenness on 1e4/1e5
#   benchmarks/compare-peers.sh --sizes 1e4,1e5 --bc-sizes 1e4 --no-slashdot --rounds 1   # quick check
#
# Needs the shared folder (INFLUENCEGRAPH_SHARED, default ../shared beside the clone) for
# oracle/gen_graph.py, bench.py, centrality.py and soc-Slashdot; installs the Debian packages of the
# reference tools when they are missing (as root). Prints the Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ -z "${INFLUENCEGRAPH_SHARED:-}" ]; then
  [ -d "$ROOT/../shared/oracle" ] || { echo "compare-peers: ../shared not found; set INFLUENCEGRAPH_SHARED" >&2; exit 2; }
  export INFLUENCEGRAPH_SHARED="$(cd "$ROOT/../shared" && pwd)"
fi

if ! /usr/bin/python3 -c "import igraph, graph_tool, networkx, pandas, scipy, numpy" 2>/dev/null; then
  echo "compare-peers: installing the reference tools (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-igraph python3-graph-tool python3-networkx python3-pandas python3-scipy python3-numpy >&2
fi

echo "compare-peers: building (Release)" >&2
dotnet build src/InfluenceGraph.Cli -c Release -v q -nologo >&2
dotnet build benchmarks/InfluenceGraph.Benchmarks -c Release -v q -nologo >&2

exec /usr/bin/python3 benchmarks/compare_peers.py "$@"
