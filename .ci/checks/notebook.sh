#!/usr/bin/env bash
# The notebook pattern against the real server: start the API on a free localhost port with a temporary
# database (demo graph 'default', a small SyncWorkLimit so exact betweenness runs as a job), then run
# tests/notebook/notebook.py with Debian's Python (pandas, networkx): read_csv of a ranking that needs a
# job (503 without wait, the table with wait), the polling helper, GraphML read back by NetworkX, Parquet
# checked by DuckDB (the DuckDbQuery helper, DuckDB.NET). Fails loudly on any silently wrong read.
set -euo pipefail
CHECK=notebook
source "$(dirname "$0")/../lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! "$PY" -c "import pandas, networkx" 2>/dev/null; then
  echo "notebook: installing python3-pandas python3-networkx"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-pandas python3-networkx >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y python3-pandas python3-networkx >/dev/null; }
fi

dotnet build tests/notebook/DuckDbQuery -c Release -v q -nologo >/dev/null
DUCKDB=(dotnet "$ROOT/tests/notebook/DuckDbQuery/bin/Release/net10.0/DuckDbQuery.dll")
start_api InfluenceGraph__SyncWorkLimit=1000

if ! "$PY" tests/notebook/notebook.py "$BASE" "${DUCKDB[@]}"; then
  echo "--- server log"; tail -n 40 "$TMP/server.log"
  exit 1
fi
