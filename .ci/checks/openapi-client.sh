#!/usr/bin/env bash
# A generated client can rely on the OpenAPI document: start the real API (free localhost port, temporary
# database, an API key), fetch /openapi/v1.json, generate TypeScript types with openapi-typescript, compile
# tests/openapi-client/client.ts (openapi-fetch calls of the main endpoints, no casts) under
# `tsc --strict --noEmit`, then run tests/openapi-client/validate.mjs: a scripted sequence of real requests
# whose every JSON body is validated with ajv (JSON Schema 2020-12) against the schema the document
# declares for that operation and status; an undeclared status or media type fails too.
# npm packages are pinned in tests/openapi-client/package.json and installed into its node_modules (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
CLIENT="$ROOT/tests/openapi-client"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

(cd "$CLIENT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
dotnet build src/InfluenceGraph.Api -c Release -v q -nologo >/dev/null
BIN="$ROOT/src/InfluenceGraph.Api/bin/Release/net10.0"
TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
KEY="oc-$RANDOM$RANDOM"

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

(cd "$BIN" && ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath="$TMP/catalog.db" InfluenceGraph__ApiKeys__0="$KEY" \
  exec dotnet InfluenceGraph.Api.dll --urls "$BASE") > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log"; echo "server exited"; exit 1; }
  sleep 0.5
done
curl -fsS "$BASE/openapi/v1.json" -o "$TMP/openapi.json"

cd "$CLIENT"
mkdir -p generated
npx --no-install openapi-typescript "$TMP/openapi.json" -o generated/api.d.ts >/dev/null
# Free-form objects must not become Record<string, never> (valid requests would need casts).
if grep -v -E "^export type (webhooks|[$]defs) = " generated/api.d.ts | grep -n "Record<string, never>"; then echo "openapi client: an object schema without members"; exit 1; fi
npx --no-install tsc -p tsconfig.json
echo "openapi client: generated types compile under --strict"
node validate.mjs "$BASE" "$KEY" "$TMP/openapi.json"
echo "openapi client: passed"
