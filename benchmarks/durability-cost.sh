#!/usr/bin/env bash
# What synchronous=FULL costs against NORMAL (WAL mode), side by side in one run:
#  - the API: N one-row import batches (each its own transaction) with curl into a fresh database;
#  - the CLI: one import of wiki-vote (103,689 edges) into a fresh database (process start included).
# Alternates full/normal for ROUNDS rounds and prints a Markdown table with the load average.
#   benchmarks/durability-cost.sh [BATCHES=200] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BATCHES=${1:-200}; ROUNDS=${2:-3}
SHARED="${INFLUENCEGRAPH_SHARED:-$ROOT/../shared}"
WIKI="$SHARED/data/wiki-vote/Wiki-Vote.txt"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/InfluenceGraph.Api -c Release -v q -nologo >/dev/null
dotnet build src/InfluenceGraph.Cli -c Release -v q -nologo >/dev/null
API="$ROOT/src/InfluenceGraph.Api/bin/Release/net10.0"
CLI="$ROOT/src/InfluenceGraph.Cli/bin/Release/net10.0/influencegraph.dll"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"; [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

api_batches() { # $1 = Full|Normal -> seconds for BATCHES one-row imports
  rm -rf "$TMP"/api.db*
  (cd "$API" && ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath="$TMP/api.db" InfluenceGraph__Durability="$1" \
     InfluenceGraph__SeedDefaultGraph=false InfluenceGraph__ImportsPerMinute=100000 exec dotnet InfluenceGraph.Api.dll --urls "$BASE") >"$TMP/api.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
  curl -fsS -X POST -H 'Content-Type: text/plain' --data-binary 'warm up' "$BASE/graphs/w/edges" >/dev/null
  local t0 t1
  t0=$(date +%s.%N)
  for i in $(seq 1 "$BATCHES"); do
    curl -fsS -o /dev/null -X POST -H 'Content-Type: text/plain' --data-binary "u$i v$i" "$BASE/graphs/d/edges"
  done
  t1=$(date +%s.%N)
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}
cli_import() { # $1 = full|normal -> seconds for one wiki-vote import (whole process)
  rm -rf "$TMP"/cli.db*
  local t0 t1
  t0=$(date +%s.%N)
  dotnet "$CLI" import edges "$WIKI" --graph wiki --db "$TMP/cli.db" --durability "$1" >/dev/null
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}

echo "durability-cost: start $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| round | API: $BATCHES one-row batches, FULL | NORMAL | CLI: wiki-vote import, FULL | NORMAL |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  af=$(api_batches Full); an=$(api_batches Normal)
  cf=$(cli_import full); cn=$(cli_import normal)
  echo "| $r | $af s | $an s | $cf s | $cn s |"
done
echo
echo "end $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
