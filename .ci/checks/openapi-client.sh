#!/usr/bin/env bash
# A generated client can rely on the OpenAPI document: start the real API (free localhost port, temporary
# database, an API key), fetch /openapi/v1.json, generate TypeScript types with openapi-typescript, compile
# tests/openapi-client/client.ts (openapi-fetch calls of the main endpoints, no casts) under
# `tsc --strict --noEmit`, then run tests/openapi-client/validate.mjs: a scripted sequence of real requests
# whose every JSON body is validated with ajv (JSON Schema 2020-12) against the schema the document
# declares for that operation and status; an undeclared status or media type fails too.
# npm packages are pinned in tests/openapi-client/package.json and installed into its node_modules (gitignored).
set -euo pipefail
CHECK=openapi-client
source "$(dirname "$0")/../lib.sh"
CLIENT="$ROOT/tests/openapi-client"

(cd "$CLIENT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
KEY="oc-$RANDOM$RANDOM"
start_api InfluenceGraph__ApiKeys__0="$KEY"
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
