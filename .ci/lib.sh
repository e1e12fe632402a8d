# Shared by the checks in .ci/checks/ (sourced, not run; .ci/run only runs .ci/checks/*.sh).
# Sets ROOT (repository root), SHARED, EXPECTED, PY and CLI; needs CHECK (the check's name) set first.
# start_api / stop_api run the API server of a check (TMP, PORT, BASE, SERVER_PID; see below).

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SHARED="${INFLUENCEGRAPH_SHARED:-$ROOT/../shared}"
EXPECTED="$SHARED/oracle/expected"
PY=/usr/bin/python3   # Debian's, the one the oracle scripts are written for

# Fails the check unless $1 (a folder of the shared material) exists.
require_shared() {
  if [ ! -d "$1" ]; then
    echo "$CHECK: $1 not found (put the shared folder beside the clone or set INFLUENCEGRAPH_SHARED)"; exit 1
  fi
}

# Installs what ../shared/oracle/compare.py imports, when missing (CI runs as root).
ensure_oracle_python() {
  if ! "$PY" -c "import numpy, pandas, scipy" 2>/dev/null; then
    echo "$CHECK: installing numpy/pandas/scipy for $PY"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y python3-pandas python3-scipy python3-numpy >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y python3-pandas python3-scipy python3-numpy >/dev/null; }
  fi
}

# Builds the CLI in Release and sets CLI to the command that runs it.
build_cli() {
  dotnet build src/InfluenceGraph.Cli -c Release -nologo -v quiet
  CLI=(dotnet "$ROOT/src/InfluenceGraph.Cli/bin/Release/net10.0/influencegraph.dll")
}

# --- The API process of a check -------------------------------------------------------------------
# Every check that talks to a real API server starts it with start_api and stops it with stop_api
# (or lets the EXIT trap do it); nothing else repeats the start-up.

TMP=""          # the check's temporary folder, made by check_tmp (never inherited from the environment)
SERVER_PID=""   # the running API server, if any
PORT=""         # its localhost port (kept across restarts)
BASE=""         # http://127.0.0.1:$PORT
API_BIN=""      # the API's Release output folder, once built

# Makes TMP (once) and sets the EXIT trap that stops the API server and removes TMP.
check_tmp() {
  if [ -z "$TMP" ]; then
    TMP=$(mktemp -d)
    trap api_cleanup EXIT
  fi
}

# The EXIT trap of check_tmp: stop_api, then remove TMP.
api_cleanup() {
  stop_api
  if [ -n "$TMP" ]; then rm -rf "$TMP"; fi
}

# stop_api [SIGNAL]: stops the server start_api started (SIGTERM, or e.g. KILL for a crash) and waits
# for it; does nothing when none runs.
stop_api() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -s "${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# start_api [NAME=VALUE...]: builds the API in Release (once per check), then starts it in the
# background on a free localhost port (PORT, BASE; the same port when started again after stop_api)
# with ASPNETCORE_ENVIRONMENT=Production and a database in TMP (InfluenceGraph__DatabasePath=
# $TMP/catalog.db). Each NAME=VALUE adds or overrides an environment setting of the server, e.g.
# InfluenceGraph__ApiKeys__0="$KEY", InfluenceGraph__DatabasePath=":memory:". Its output is appended to
# $API_LOG (default $TMP/server.log). Returns when GET /health/ready answers Healthy (waiting up to
# $API_READY_SECONDS, default 120); if the server exits or is not ready by then, prints the end of its
# log and exits the check with 1. Sets SERVER_PID; the EXIT trap stops the server.
start_api() {
  check_tmp
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  if [ -z "$API_BIN" ]; then
    dotnet build "$ROOT/src/InfluenceGraph.Api" -c Release -v q -nologo >/dev/null
    API_BIN="$ROOT/src/InfluenceGraph.Api/bin/Release/net10.0"
  fi
  if [ -z "$PORT" ]; then
    PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    BASE="http://127.0.0.1:$PORT"
  fi
  local log="${API_LOG:-$TMP/server.log}"
  (cd "$API_BIN" && exec env ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath="$TMP/catalog.db" "$@" \
     dotnet InfluenceGraph.Api.dll --urls "$BASE") >> "$log" 2>&1 &
  SERVER_PID=$!
  local tries=$(( ${API_READY_SECONDS:-120} * 4 ))
  for _ in $(seq 1 "$tries"); do
    if [ "$(curl -fsS "$BASE/health/ready" 2>/dev/null)" = Healthy ]; then
      echo "${CHECK:-check}: API ready on $BASE"
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PID=""
      echo "--- server log ($log)"; tail -n 40 "$log"
      echo "${CHECK:-check}: the API server exited while starting"; exit 1
    fi
    sleep 0.25
  done
  echo "--- server log ($log)"; tail -n 40 "$log"
  echo "${CHECK:-check}: the API server was not ready on $BASE after ${API_READY_SECONDS:-120} s"; exit 1
}
