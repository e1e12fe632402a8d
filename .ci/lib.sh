# Shared by the checks in .ci/checks/ (sourced, not run; .ci/run only runs .ci/checks/*.sh).
# Sets ROOT (repository root), SHARED, EXPECTED, PY and CLI; needs CHECK (the check's name) set first.

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
