#!/usr/bin/env bash
# Lints the OpenAPI document of the real API process with Redocly CLI (pinned), using the rules in
# .ci/checks/api-redocly.yaml: start the server on a free localhost port, dump /openapi/v1.json,
# stop it, lint. Fails on any error or warning.
set -euo pipefail
CHECK=api-openapi-lint
source "$(dirname "$0")/../lib.sh"
REDOCLY_VERSION=2.77.0

start_api InfluenceGraph__DatabasePath=":memory:"
curl -fsS "$BASE/openapi/v1.json" -o "$TMP/openapi.json"
[ -s "$TMP/openapi.json" ] || { echo "no OpenAPI document"; exit 1; }
stop_api

cp "$ROOT/.ci/checks/api-redocly.yaml" "$TMP/redocly.yaml"
cd "$TMP"
npx --yes "@redocly/cli@$REDOCLY_VERSION" lint openapi.json --config redocly.yaml --max-problems 200 2>&1 | tee lint.log
# Warnings count too: the document must be clean.
grep -q 'Your API description is valid' lint.log || { echo "openapi lint: errors"; exit 1; }
if grep -qiE '[0-9]+ warnings?' lint.log; then echo "openapi lint: warnings"; exit 1; fi
echo "openapi lint: clean"
