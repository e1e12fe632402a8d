#!/usr/bin/env bash
# Smoke test of the BenchmarkDotNet project: every benchmark compiles and runs once
# (BenchmarkDotNet's Dry job) on the smallest graph (R-MAT 10^4 edges), and the memory report runs.
# It never gates on timing: it fails only when a benchmark throws, does not build, or reports nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
[ -z "${INFLUENCEGRAPH_SHARED:-}" ] && [ -d "$ROOT/../shared" ] && export INFLUENCEGRAPH_SHARED="$(cd "$ROOT/../shared" && pwd)"
export INFLUENCEGRAPH_BENCH_GRAPHS=rmat-1e4   # the smallest size only
ART=$(mktemp -d /tmp/bench-smoke.XXXXXX)
trap 'rm -rf "$ART"' EXIT

dotnet build benchmarks/InfluenceGraph.Benchmarks -c Release -v q -nologo
DLL=benchmarks/InfluenceGraph.Benchmarks/bin/Release/net10.0/InfluenceGraph.Benchmarks.dll

echo "== memory footprint (rmat-1e4)"
dotnet "$DLL" memory rmat-1e4

echo "== BenchmarkDotNet --job Dry on rmat-1e4"
set +e
dotnet "$DLL" --filter '*' --job Dry --artifacts "$ART" 2>&1 | tee "$ART/run.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  echo "bench-smoke: BenchmarkDotNet exited with $rc (a benchmark failed; see 'Benchmarks with issues' above)"
  exit 1
fi
reports=$(ls "$ART"/results/*-report-github.md 2>/dev/null | wc -l)
if [ "$reports" -eq 0 ]; then echo "bench-smoke: no report written"; exit 1; fi
if grep -q "Benchmarks with issues" "$ART/run.log"; then echo "bench-smoke: some benchmarks have issues"; exit 1; fi
echo "bench-smoke: $reports report(s), all benchmarks ran"
