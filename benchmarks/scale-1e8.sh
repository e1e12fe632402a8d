#!/usr/bin/env bash
# The 10^8-edge scale run (src/docs/scale.md): generates a seeded R-MAT follower graph with textual handles
# (user123456) and an attribute file, imports it through the CLI and through the API (streamed upload, the real
# server on a temporary database), restarts the API, asks every analysis, and prints a Markdown table of every
# figure with the command, date and load, and whether each target is met.
#
#   bash benchmarks/scale-1e8.sh [--edges N] [--seed S] [--wait-quiet] [--quiet-timeout SECONDS]
#                                [--dir DIR] [--keep] [--report FILE] [--port P] [--skip-api] [--skip-cli]
#
#   --edges N         follows in the first version (default 1e8; 1e6 or 1e7 for a quick check)
#   --wait-quiet      before each timed phase, wait until the 1-minute load average is < 0.5 (at most
#                     --quiet-timeout seconds, default 1800; then the phase runs and its figure is marked "under load")
#   --dir DIR         work folder (default: a new folder under $TMPDIR or /tmp); removed at the end unless --keep
#   --report FILE     also write the table to FILE
#   --port P          API port (default 5788)
#   --analysis-timeout S  stop one analysis after S seconds (default 1800), record "> S s (stopped)" as missed, go on
#
# Needs: the .NET 10 SDK, curl, python3, gcc (for the triad loop; installed with apt-get when missing and root).
# Non-interactive; exits non-zero with a message on the first failure (the server is stopped, the folder removed).
# Timed figures are judged against a target only when the load average was < 0.5 at the start of the phase;
# otherwise they read "under load (load X)" and judge nothing. Memory figures are judged always.
set -euo pipefail

COMMAND="bash benchmarks/scale-1e8.sh${*:+ $*}"
EDGES=100000000
SEED=1
WAIT_QUIET=0
QUIET_TIMEOUT=1800
DIR=""
KEEP=0
REPORT=""
PORT=5788
SKIP_API=0
SKIP_CLI=0
ANALYSIS_TIMEOUT=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --edges) EDGES=$(python3 -c "print(int(float('$2')))"); shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET=1; shift ;;
    --quiet-timeout) QUIET_TIMEOUT="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --report) REPORT="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --skip-api) SKIP_API=1; shift ;;
    --skip-cli) SKIP_CLI=1; shift ;;
    --analysis-timeout) ANALYSIS_TIMEOUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "scale-1e8: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STARTED_AT=$(date -u '+%Y-%m-%d %H:%M UTC')
[ -z "$DIR" ] && DIR=$(mktemp -d "${TMPDIR:-/tmp}/scale-1e8.XXXXXX")
mkdir -p "$DIR"
SERVER_PID=""
FIGS="$DIR/figures.tsv"   # name, value, unit, target, verdict, how: separated by the unit separator \x1f
: > "$FIGS"

log() { echo "[scale $(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "scale-1e8: FAILED: $*" >&2; exit 1; }
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "$KEEP" = 0 ]; then rm -rf "$DIR"; else log "kept $DIR"; fi
  [ $rc -ne 0 ] && echo "scale-1e8: exit $rc (see the messages above)" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load1() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
calc() { python3 -c "import sys, math; print($1)"; }
# fig NAME VALUE UNIT TARGET VERDICT COMMAND
fig() { printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >> "$FIGS"; log "$1 = $2 $3 ${5:+($5)}"; }
PHASE_LOAD=0
quiet() {   # before a timed phase
  if [ "$WAIT_QUIET" = 1 ]; then
    local t0=$SECONDS
    while python3 -c "import sys; sys.exit(0 if float('$(load1)') >= 0.5 else 1)"; do
      [ $((SECONDS - t0)) -ge "$QUIET_TIMEOUT" ] && { log "still loaded after ${QUIET_TIMEOUT}s (load $(load1)): running anyway"; break; }
      sleep 10
    done
  fi
  PHASE_LOAD=$(load1)
}
loadnote() { python3 -c "print('' if float('$PHASE_LOAD') < 0.5 else 'under load (load $PHASE_LOAD)')"; }
# judge VALUE OP TARGET [timed]: met / missed / under load
judge() {
  local v=$1 op=$2 t=$3 timed=${4:-timed}
  if [ "$timed" = timed ] && python3 -c "import sys; sys.exit(0 if float('$PHASE_LOAD') >= 0.5 else 1)"; then
    echo "under load (load $PHASE_LOAD): not judged"; return
  fi
  if python3 -c "import sys; sys.exit(0 if float('$v') $op float('$t') else 1)"; then echo "met"; else echo "missed"; fi
}
# timed_run OUT ERR -- cmd...: runs under /usr/bin/time -v; sets WALL (s), CPU (user + system s), MAXRSS_MB and TIMED_OUT (1 when the
# analysis timeout stopped it: only with TIMEOUT_OK=1, else a failure)
timed_run() {
  local out=$1 err=$2; shift 3
  local tv="$DIR/time.$$" rc=0
  local t0; t0=$(now)
  TIMED_OUT=0
  if [ "${TIMEOUT_OK:-0}" = 1 ]; then
    /usr/bin/time -v -o "$tv" timeout "$ANALYSIS_TIMEOUT" "$@" > "$out" 2> "$err" || rc=$?
    if [ $rc = 124 ] || grep -q "Command exited with non-zero status 124" "$tv" 2>/dev/null; then TIMED_OUT=1; rc=0; fi
  else
    /usr/bin/time -v -o "$tv" "$@" > "$out" 2> "$err" || rc=$?
  fi
  if [ $rc != 0 ]; then
    tail -20 "$err" >&2; die "command failed (exit $rc): $*"
  fi
  WALL=$(since "$t0")
  MAXRSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$tv")
  CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$tv")
}
kv() { sed -n "s/^$2=//p" "$1" | head -1; }

# ---- preconditions ----------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"
[ -x /usr/bin/time ] || { [ "$(id -u)" = 0 ] && apt-get install -y time >/dev/null 2>&1; } || die "/usr/bin/time not found (apt-get install time)"
if ! command -v gcc >/dev/null; then
  [ "$(id -u)" = 0 ] && { apt-get install -y gcc >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y gcc >/dev/null; }; }
  command -v gcc >/dev/null || die "gcc not found (apt-get install gcc): needed for the triad bandwidth loop"
fi
MEM_TOTAL_GB=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
MEM_AVAIL_GB=$(awk '/MemAvailable/ {printf "%.1f", $2/1048576}' /proc/meminfo)
# Estimates from the measured costs (src/docs/scale.md): generous, to refuse before starting rather than mid-run.
NEED_MEM_GB=$(calc "round(max(2.0, $EDGES * 90 / 1e9), 1)")
NEED_DISK_GB=$(calc "round(max(1.0, $EDGES * 130 / 1e9), 1)")
DISK_AVAIL_GB=$(df -Pk "$DIR" | awk 'NR==2 {printf "%.1f", $4/1048576}')
log "edges=$EDGES dir=$DIR memory available ${MEM_AVAIL_GB} GiB (need ~${NEED_MEM_GB}), disk ${DISK_AVAIL_GB} GiB (need ~${NEED_DISK_GB})"
python3 -c "import sys; sys.exit(0 if $MEM_AVAIL_GB >= $NEED_MEM_GB else 1)" || die "not enough free memory: ${MEM_AVAIL_GB} GiB available, the run needs about ${NEED_MEM_GB} GiB (free -g)"
python3 -c "import sys; sys.exit(0 if $DISK_AVAIL_GB >= $NEED_DISK_GB else 1)" || die "not enough disk in $DIR: ${DISK_AVAIL_GB} GiB, the run needs about ${NEED_DISK_GB} GiB (use --dir)"
[ "$SKIP_API" = 1 ] || ! (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || die "port $PORT is in use (use --port)"

# ---- build ------------------------------------------------------------------------------------------------
log "building (Release)"
# Each program runs from its own copy under $DIR/bin, so a rebuild of the repository during the run changes nothing.
build_copy() {   # project folder, copy name
  dotnet build "$ROOT/$1" -c Release -nologo -v quiet > "$DIR/build.log" 2>&1 || { tail -30 "$DIR/build.log" >&2; die "build of $1 failed"; }
  mkdir -p "$DIR/bin/$2"
  cp -r "$ROOT/$1/bin/Release/net10.0/." "$DIR/bin/$2/"
}
build_copy src/InfluenceGraph.Cli cli
build_copy src/InfluenceGraph.Api api
build_copy benchmarks/InfluenceGraph.Benchmarks bench
CLI=(dotnet "$DIR/bin/cli/influencegraph.dll")
BENCH=(dotnet "$DIR/bin/bench/InfluenceGraph.Benchmarks.dll")
API_DIR="$DIR/bin/api"
gcc -O3 -fopenmp -o "$DIR/triad" "$ROOT/benchmarks/scale/triad.c" || die "cannot compile benchmarks/scale/triad.c"

# ---- (a) generate -----------------------------------------------------------------------------------------
quiet
log "generating $EDGES follows (seed $SEED)"
timed_run "$DIR/gen.out" "$DIR/gen.err" -- "${BENCH[@]}" scale-gen --edges "$EDGES" --seed "$SEED" --out "$DIR/data"
GEN="$DIR/gen.out"
fig "generate v1 + v2 edge files + attributes" "$WALL" s "well under 60 s at 10^8" "$(judge "$WALL" '<' 60)" \
  "benchmarks … -- scale-gen --edges $EDGES --seed $SEED (CPU $CPU s; v1 $(kv $GEN bytes_v1) B, v2 $(kv $GEN edges_v2) lines, $(kv $GEN accounts_in_file) attribute rows)"

# ---- triad bandwidth ----------------------------------------------------------------------------------------
quiet
"$DIR/triad" > "$DIR/triad.out" || die "triad loop failed"
TRIAD=$(kv "$DIR/triad.out" triad_gbs)
TRIAD_LOAD=$PHASE_LOAD
fig "memory bandwidth, STREAM triad (all cores)" "$TRIAD" "GB/s" "" "$(loadnote)" "benchmarks/scale/triad.c (gcc -O3 -fopenmp), best of 10"

# ---- (b) CLI import ---------------------------------------------------------------------------------------
CLIDB="$DIR/cli.db"
if [ "$SKIP_CLI" = 0 ]; then
  quiet
  log "CLI import of v1"
  timed_run "$DIR/cli-import.json" "$DIR/cli-import.err" -- "${CLI[@]}" import edges "$DIR/data/edges-v1.txt" --graph scale --db "$CLIDB" --json
  CLI_IMPORT_WALL=$WALL; CLI_IMPORT_RSS=$MAXRSS_MB
  ROWS=$(python3 -c "import json; print(json.load(open('$DIR/cli-import.json'))['rowsRead'])")
  RATE=$(calc "round($ROWS / $WALL)")
  fig "CLI import, textual handles, whole process" "$RATE" "edges/s" "≥ 2,000,000" "$(judge "$RATE" '>=' 2000000)" "influencegraph import edges edges-v1.txt --graph scale --db cli.db ($ROWS rows in $WALL s, CPU $CPU s)"
  CLI_IMPORT_LOAD=$PHASE_LOAD
  fig "CLI import peak memory (max RSS)" "$CLI_IMPORT_RSS" MiB "≤ 2 × snapshot" "(judged below)" "/usr/bin/time -v"
  quiet
  timed_run "$DIR/cli-accounts.json" "$DIR/cli-accounts.err" -- "${CLI[@]}" import accounts "$DIR/data/accounts.csv" --graph scale --db "$CLIDB" --json
  fig "CLI import of the attribute file" "$WALL" s "" "$(loadnote)" "influencegraph import accounts accounts.csv --graph scale (peak $MAXRSS_MB MiB)"

  # Snapshot memory and PageRank, measured in one process on the stored graph.
  quiet
  timed_run "$DIR/probe.out" "$DIR/probe.err" -- "${BENCH[@]}" scale-probe --db "$CLIDB" --graph scale
  P="$DIR/probe.out"
  N=$(kv $P accounts); M=$(kv $P edges)
  SNAP=$(kv $P snapshot_bytes); BUDGET=$(kv $P snapshot_budget_bytes)
  SNAP_MB=$(calc "round($SNAP / 1048576)")
  fig "accounts / follows (distinct) of v1" "$N / $M" "" "" "" "scale-probe"
  fig "snapshot, measured (CSR both ways + handles)" "$SNAP_MB" MiB "≤ 12 B/follow + 32 B/account = $(calc "round($BUDGET/1048576)") MiB" "$(judge "$SNAP" '<=' "$BUDGET" untimed)" "benchmarks … -- scale-probe (live managed heap growth)"
  fig "snapshot per follow (edge arrays)" "$(kv $P snapshot_b_per_edge)" "B/follow" "" "" "scale-probe"
  fig "snapshot per account (offsets + account index with handles)" "$(kv $P snapshot_b_per_account)" "B/account" "" "" "scale-probe"
  fig "attributes held at rest (posts, share, topics)" "$(calc "round(($(kv $P state_bytes) - $SNAP) / max(1, $(kv $P attribute_rows)))")" "B/account" "" "" "scale-probe"
  fig "CLI import peak / snapshot" "$(calc "round($CLI_IMPORT_RSS * 1048576 / $SNAP, 2)")" "×" "≤ 2" "$(judge "$(calc "$CLI_IMPORT_RSS * 1048576 / $SNAP")" '<=' 2 untimed)" "max RSS of the import / snapshot bytes"
  fig "load of the stored graph (read-only, in-process)" "$(kv $P load_seconds)" s "" "$(loadnote)" "scale-probe"
  PR_T=$(kv $P pagerank2_seconds); PR_IT=$(kv $P pagerank2_iterations); PR_GBS=$(kv $P pagerank2_gbs)
  BPI=$(kv $P pagerank_bytes_per_iteration)
  fig "PageRank (α 0.85, tol 1e-9, all cores), steady run" "$PR_T" s "" "$(loadnote)" "$PR_IT iterations, converged $(kv $P pagerank2_converged); first run $(kv $P pagerank1_seconds) s"
  fig "PageRank bytes streamed per iteration (model)" "$(calc "round($BPI / 1e6)")" MB "" "" "PageRank.StreamedBytesPerPass: follows $(calc "round($(kv $P pagerank_edge_bytes) / 1e6)") MB + accounts $(calc "round($(kv $P pagerank_account_bytes) / 1e6)") MB + Anderson acceleration $(calc "round($(kv $P pagerank_acceleration_bytes) / 1e6)") MB ($(kv $P self_loops) self-loops)"
  fig "PageRank achieved bandwidth" "$PR_GBS" "GB/s" "≥ 50% of triad" "" "bytes per iteration × iterations / time"
  RATIO=$(calc "round($PR_GBS / $TRIAD, 2)")
  V=$(judge "$RATIO" '>=' 0.5)
  python3 -c "import sys; sys.exit(0 if float('$TRIAD_LOAD') < 0.5 else 1)" || V="under load (triad load $TRIAD_LOAD): not judged"
  fig "PageRank bandwidth / triad" "$RATIO" "×" "≥ 0.5" "$V" "same run"

  quiet
  timed_run "$DIR/cli-score.tsv" "$DIR/cli-score.err" -- "${CLI[@]}" score --graph scale --db "$CLIDB" --metrics pagerank,followers,reach --timings --out "$DIR/cli-score.tsv"
  T_LOAD=$(awk '/^timing load/ {print $3}' "$DIR/cli-score.err"); T_REACH=$(awk '/^timing reach/ {print $3}' "$DIR/cli-score.err")
  fig "CLI score pagerank,followers,reach (whole process)" "$WALL" s "" "$(loadnote)" "influencegraph score --graph scale --metrics pagerank,followers,reach --timings (load $T_LOAD s, 2-hop reach $T_REACH s, CPU $CPU s, peak $MAXRSS_MB MiB)"

  quiet
  TIMEOUT_OK=1 timed_run "$DIR/cli-influencers.txt" "$DIR/cli-influencers.err" -- "${CLI[@]}" influencers --graph scale --db "$CLIDB" --top 20
  if [ "$TIMED_OUT" = 1 ]; then
    fig "influencer query, cold (CLI whole process: load + every signal)" "> $ANALYSIS_TIMEOUT" s "≤ 120 s" "missed (stopped after $ANALYSIS_TIMEOUT s; load $PHASE_LOAD)" "influencegraph influencers --graph scale --top 20 (peak $MAXRSS_MB MiB)"
  else
    fig "influencer query, cold (CLI whole process: load + every signal)" "$WALL" s "≤ 120 s" "$(judge "$WALL" '<=' 120)" "influencegraph influencers --graph scale --top 20 (CPU $CPU s, peak $MAXRSS_MB MiB)"
  fi
fi

# ---- (b, c, d) the API --------------------------------------------------------------------------------------
BASE="http://127.0.0.1:$PORT"
APIDB="$DIR/api.db"
start_server() {
  (cd "$API_DIR" && ASPNETCORE_ENVIRONMENT=Production InfluenceGraph__DatabasePath="$APIDB" InfluenceGraph__SeedDefaultGraph=false \
     InfluenceGraph__MaxUploadBytes=$((64 * 1024 * 1024 * 1024)) InfluenceGraph__ConfirmWorkLimit=0 TMPDIR="$DIR" \
     exec dotnet InfluenceGraph.Api.dll --urls "$BASE") >> "$DIR/server.log" 2>&1 &
  SERVER_PID=$!
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# http METHOD URL [curl args...]: body to $DIR/resp.json, status in HTTP_STATUS; the elapsed time in HTTP_TIME
http() {
  local method=$1 url=$2; shift 2
  HTTP_STATUS=$(curl -s -o "$DIR/resp.json" -D "$DIR/resp.headers" -w '%{http_code}' -X "$method" "$@" "$BASE$url") || HTTP_STATUS=000
}
# wait_job LOCATION: polls /jobs/ID until it ends; fails on a failed/cancelled job; returns 1 past JOB_DEADLINE
JOB_DEADLINE=""
wait_job() {
  local loc=$1 state
  while true; do
    [ -n "$JOB_DEADLINE" ] && [ "$SECONDS" -ge "$JOB_DEADLINE" ] && return 1
    http GET "$loc"
    state=$(python3 -c "import json; print(json.load(open('$DIR/resp.json')).get('state', ''))" 2>/dev/null || echo "")
    case "$state" in
      succeeded) return 0 ;;
      failed|cancelled) cat "$DIR/resp.json" >&2; die "job $loc $state" ;;
    esac
    sleep 1
  done
}
# ask NAME URL [METHOD [JSON]]: times a request until its answer (following 202 jobs and wait=), records the figure
ask() {
  local name=$1 url=$2 method=${3:-GET} body=${4:-}
  quiet
  local t0; t0=$(now)
  local args=() started=$SECONDS job="" stopped=0
  [ -n "$body" ] && args=(-H 'Content-Type: application/json' -d "$body")
  JOB_DEADLINE=$((SECONDS + ANALYSIS_TIMEOUT))
  while true; do
    if [ $((SECONDS - started)) -ge "$ANALYSIS_TIMEOUT" ]; then stopped=1; break; fi
    http "$method" "$url" "${args[@]}"
    case "$HTTP_STATUS" in
      200|201) break ;;
      202) local loc; loc=$(awk 'tolower($1) == "location:" {print $2}' "$DIR/resp.headers" | tr -d '\r')
           if [[ "$loc" == /jobs/* ]]; then
             job=$loc
             if ! wait_job "$loc"; then stopped=1; break; fi
             method=GET; args=(); url=$(python3 -c "import json; print(json.load(open('$DIR/resp.json'))['result'])")
           else sleep 1; fi ;;
      503) sleep 1 ;;
      *) cat "$DIR/resp.json" >&2; die "$method $url answered $HTTP_STATUS" ;;
    esac
  done
  JOB_DEADLINE=""
  if [ "$stopped" = 1 ]; then
    # Cancel what runs for it (the job, or the ranking job the wait= request started) so the next phase starts clean.
    curl -s -o /dev/null -X DELETE "$BASE$job" 2>/dev/null || true
    for j in $(curl -s "$BASE/jobs" | python3 -c "import sys, json; d = json.load(sys.stdin); items = d.get('items', d) if isinstance(d, dict) else d; print(' '.join(x['id'] for x in items if x.get('state') in ('queued', 'running')))" 2>/dev/null); do
      curl -s -o /dev/null -X DELETE "$BASE/jobs/$j" || true
    done
    fig "$name" "> $ANALYSIS_TIMEOUT" s "${5:-}" "missed: stopped after $ANALYSIS_TIMEOUT s (load $PHASE_LOAD)" "$method $url${body:+ $body}"
    ASK_TIME=$ANALYSIS_TIMEOUT
    return 0
  fi
  ASK_TIME=$(since "$t0")
  local rss; rss=$(( $(status_kb "$SERVER_PID" VmHWM) / 1024 ))
  fig "$name" "$ASK_TIME" s "${5:-}" "${6:-$(loadnote)}" "$method $url${body:+ $body} (server peak so far $rss MiB)"
  cp "$DIR/resp.json" "$DIR/answer-$(echo "$name" | tr -c 'a-z0-9' '_').json"
}

if [ "$SKIP_API" = 0 ]; then
  quiet
  start_server
  for _ in $(seq 1 120); do curl -s -o /dev/null "$BASE/graphs" && break; sleep 0.5; done
  curl -s -o /dev/null "$BASE/graphs" || { tail -20 "$DIR/server.log" >&2; die "API did not start"; }
  log "API import of v1 (streamed upload)"
  t0=$(now)
  http POST "/graphs/scale/edges?source=edges-v1.txt" -H 'Content-Type: text/plain' -T "$DIR/data/edges-v1.txt"
  case "$HTTP_STATUS" in
    200|201) ;;
    202) wait_job "$(awk 'tolower($1) == "location:" {print $2}' "$DIR/resp.headers" | tr -d '\r')" ;;
    *) cat "$DIR/resp.json" >&2; die "API import answered $HTTP_STATUS" ;;
  esac
  WALL=$(since "$t0")
  ROWS=$(python3 -c "import json; d = json.load(open('$DIR/resp.json')); print((d.get('import') or d)['rowsRead'])")
  API_HWM=$(( $(status_kb "$SERVER_PID" VmHWM) / 1024 ))
  RATE=$(calc "round($ROWS / $WALL)")
  fig "API import, streamed upload (request to job done)" "$RATE" "edges/s" "≥ 2,000,000" "$(judge "$RATE" '>=' 2000000)" "curl -T edges-v1.txt POST /graphs/scale/edges ($ROWS rows in $WALL s)"
  fig "API server peak memory during import (VmHWM)" "$API_HWM" MiB "≤ 2 × snapshot" "$( [ -n "${SNAP:-}" ] && judge "$(calc "$API_HWM * 1048576 / $SNAP")" '<=' 2 untimed || echo '')" "/proc/PID/status VmHWM ($( [ -n "${SNAP:-}" ] && calc "round($API_HWM * 1048576 / $SNAP, 2)") × snapshot)"
  quiet
  t0=$(now)
  http POST "/graphs/scale/accounts?source=accounts.csv" -H 'Content-Type: text/csv' -T "$DIR/data/accounts.csv"
  case "$HTTP_STATUS" in
    200|201) ;;
    202) wait_job "$(awk 'tolower($1) == "location:" {print $2}' "$DIR/resp.headers" | tr -d '\r')" ;;
    *) cat "$DIR/resp.json" >&2; die "API import of the attributes answered $HTTP_STATUS" ;;
  esac
  fig "API import of the attribute file" "$(since "$t0")" s "" "$(loadnote)" "curl -T accounts.csv POST /graphs/scale/accounts"
  stop_server

  # (c) restart: reload time, RSS at rest
  quiet
  t0=$(now)
  start_server
  for _ in $(seq 1 3600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/graphs/scale" || true)
    [ "$code" = 200 ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$DIR/server.log" >&2; die "API died while reloading"; }
    sleep 0.2
  done
  [ "$code" = 200 ] || die "graph not served 720 s after the restart"
  RELOAD=$(since "$t0")
  fig "API restart: process start to the graph served" "$RELOAD" s "" "$(loadnote)" "GET /graphs/scale answered 200"
  sleep 5
  fig "API memory at rest after the reload (VmRSS)" "$(( $(status_kb "$SERVER_PID" VmRSS) / 1024 ))" MiB "" "" "/proc/PID/status (peak during the reload $(( $(status_kb "$SERVER_PID" VmHWM) / 1024 )) MiB)"

  # (d) the analyses, as a user asks them
  ask "first ranking after restart: PageRank top 10" "/graphs/scale/rankings/pagerank?top=10&wait=300"
  TOP=$(python3 -c "import json; print(json.load(open('$DIR/resp.json'))['items'][0]['account'])")
  ask "followers ranking top 10" "/graphs/scale/rankings/followers?top=10&wait=300"
  ask "2-hop reach ranking top 10" "/graphs/scale/rankings/reach?top=10&wait=300"
  ask "communities (Leiden, defaults)" "/graphs/scale/communities?wait=300"
  ask "influencer query top 20 (rankings and spheres above cached)" "/graphs/scale/influencers?top=20&wait=300" GET "" "≤ 120 s"
  INF_T=$ASK_TIME
  [[ "$(tail -1 "$FIGS")" == *stopped* ]] || { sed -i '$ d' "$FIGS"; fig "influencer query top 20 (rankings and spheres above cached)" "$INF_T" s "≤ 120 s" "$(judge "$INF_T" '<=' 120)" "GET /graphs/scale/influencers?top=20&wait=300 (server peak so far $(( $(status_kb "$SERVER_PID" VmHWM) / 1024 )) MiB)"; }
  ask "guest list of 20 (2-hop audience, influencer matches eligible)" "/graphs/scale/guest-lists" POST '{"size": 20}'
  ask "audience of the top PageRank account ($TOP)" "/graphs/scale/accounts/$TOP/audience"

  # the second version and the change comparison
  quiet
  t0=$(now)
  http POST "/graphs/scale/edges?source=edges-v2.txt&mode=replace" -H 'Content-Type: text/plain' -T "$DIR/data/edges-v2.txt"
  case "$HTTP_STATUS" in
    200|201) ;;
    202) wait_job "$(awk 'tolower($1) == "location:" {print $2}' "$DIR/resp.headers" | tr -d '\r')" ;;
    *) cat "$DIR/resp.json" >&2; die "API import of v2 answered $HTTP_STATUS" ;;
  esac
  fig "API import of v2 (mode=replace, 2% of follows removed and 2% added)" "$(since "$t0")" s "" "$(loadnote)" "curl -T edges-v2.txt POST /graphs/scale/edges?mode=replace"
  FROM=$(curl -s "$BASE/graphs/scale/versions" | python3 -c "import sys, json; d = json.load(sys.stdin); v = d.get('items', d) if isinstance(d, dict) else d; print(sorted(x['version'] for x in v)[-2])")
  ask "change comparison v$FROM → latest (PageRank)" "/graphs/scale/changes?metric=pagerank&from=$FROM&wait=300"
  fig "API server peak memory over the whole session (VmHWM)" "$(( $(status_kb "$SERVER_PID" VmHWM) / 1024 ))" MiB "< machine memory ($MEM_TOTAL_GB GiB)" "$(judge "$(( $(status_kb "$SERVER_PID" VmHWM) / 1024 ))" '<' "$(calc "$MEM_TOTAL_GB * 1024")" untimed)" "/proc/PID/status VmHWM"
  stop_server
fi

# ---- (e) the table ------------------------------------------------------------------------------------------
{
  echo "### Scale run: R-MAT $(calc "f'{$EDGES:,}'") follows, textual handles (seed $SEED)"
  echo
  echo "Date: $STARTED_AT · command: \`$COMMAND\` · machine: $(nproc) cores, $MEM_TOTAL_GB GiB · load at start of each phase in the verdicts · uptime at the end: $(uptime | sed 's/.*load/load/')"
  echo
  echo "| figure | value | unit | target | verdict | how |"
  echo "|---|---|---|---|---|---|"
  python3 -c "
import sys
for line in open(sys.argv[1], encoding='utf-8'):
    print('| ' + ' | '.join(f.replace('|', '/') for f in line.rstrip('\n').split('\x1f')) + ' |')" "$FIGS"
} > "$DIR/table.md"
cat "$DIR/table.md"
[ -n "$REPORT" ] && cp "$DIR/table.md" "$REPORT"
log "done"
