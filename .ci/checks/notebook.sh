#!/usr/bin/env bash
# The notebook pattern against the real server: start the API on a free localhost port with a temporary
# database (demo graph 'default', a small SyncWorkLimit so exact betweenness runs as a job), then run
# tests/notebook/notebook.py with Debian's Python (pandas, networkx): read_csv of a ranking that needs a
# job (503 without wait, the table with wait), the polling helper, GraphML read back by NetworkX, Parquet
# checked by DuckDB (the DuckDbQuery helper, DuckDB.NET). Fails loudly on any silently wrong read.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=/usr/bin/python3
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! "$PY" -c "import pandas, networkx" 2>/dev/null; then
  echo "notebook: installing python3-pandas python3-networkx"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-pandas python3-networkx >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y python3-pandas python3-networkx >/dev/null; }
fi

dotnet build src/InfluenceGraph.Api -c Release -v q -nologo >/dev/null
dotnet build tests/notebook/DuckDbQuery -c Release -v q -nologo >/dev/null
BIN="$ROOT/src/InfluenceGraph.Api/bin/Release/net10.0"
DUCKDB=(dotnet "$ROOT/tests/notebook/DuckDbQuery/bin/Release/net10.0/DuckDbQuery.dll")
TMP=$(mktemp -d)
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

(cd "$BIN" && ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath="$TMP/catalog.db" InfluenceGraph__SyncWorkLimit=1000 \
  exec dotnet InfluenceGraph.Api.dll --urls "$BASE") > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log"; echo "notebook: server exited"; exit 1; }
  sleep 0.5
done
curl -fsS "$BASE/health/ready" | grep -qx Healthy

if ! "$PY" tests/notebook/notebook.py "$BASE" "${DUCKDB[@]}"; then
  echo "--- server log"; tail -n 40 "$TMP/server.log"
  exit 1
fi
