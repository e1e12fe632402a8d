#!/usr/bin/env bash
# Lints the OpenAPI document of the real API process with Redocly CLI (pinned), using the rules in
# .ci/checks/api-redocly.yaml: start the server on a free localhost port, dump /openapi/v1.json,
# stop it, lint. Fails on any error or warning.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
REDOCLY_VERSION=2.77.0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/InfluenceGraph.Api -c Release -v q -nologo >/dev/null
BIN="$ROOT/src/InfluenceGraph.Api/bin/Release/net10.0"
TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

(cd "$BIN" && ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath=":memory:" exec dotnet InfluenceGraph.Api.dll --urls "$BASE") > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "$BASE/openapi/v1.json" -o "$TMP/openapi.json" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log"; echo "server exited"; exit 1; }
  sleep 0.5
done
[ -s "$TMP/openapi.json" ] || { echo "no OpenAPI document"; exit 1; }
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

cp "$ROOT/.ci/checks/api-redocly.yaml" "$TMP/redocly.yaml"
cd "$TMP"
npx --yes "@redocly/cli@$REDOCLY_VERSION" lint openapi.json --config redocly.yaml --max-problems 200 2>&1 | tee lint.log
# Warnings count too: the document must be clean.
grep -q 'Your API description is valid' lint.log || { echo "openapi lint: errors"; exit 1; }
if grep -qiE '[0-9]+ warnings?' lint.log; then echo "openapi lint: warnings"; exit 1; fi
echo "openapi lint: clean"
