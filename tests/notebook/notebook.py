"""The notebook pattern, run against a real server: what an analyst types in Jupyter, checked.

    python3 tests/notebook/notebook.py BASE_URL DUCKDB_QUERY_COMMAND...

BASE_URL is the API (e.g. http://127.0.0.1:5080) serving the demo graph 'default' with a small
SyncWorkLimit, so that exact betweenness runs as a background job. DUCKDB_QUERY_COMMAND runs one SQL
query with DuckDB and prints its rows as JSON (the DuckDbQuery helper beside this file): Debian's
Python has no Parquet reader, so the Parquet files are checked by DuckDB.

Every read is checked against an independent answer of the API (JSON), so a read that is silently
wrong (a job's JSON parsed as a table, a truncated file, shifted columns) fails loudly.
"""
import io
import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import networkx as nx
import pandas as pd

BASE = sys.argv[1].rstrip("/")
DUCKDB = sys.argv[2:]


def fail(message):
    print("notebook: FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def get_json(path):
    with urllib.request.urlopen(BASE + path) as r:
        return json.load(r)


# --- The README's polling helper (kept short; src/docs/notebooks.md explains it) --------------------
def read_table(url, timeout=600):
    """pandas.read_csv that waits for a result a job is computing: the server blocks up to wait=60 s,
    and answers 503 with Retry-After while the job runs; anything else raises."""
    sep = "&" if "?" in url else "?"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return pd.read_csv(url + sep + "wait=60", float_precision="round_trip")
        except urllib.error.HTTPError as e:
            if e.code != 503 or time.monotonic() > deadline:
                raise
            time.sleep(float(e.headers.get("Retry-After", "2")))


def download(path, suffix):
    """Saves a file of the API (with wait) and returns its local path."""
    target = tempfile.NamedTemporaryFile(suffix=suffix, delete=False).name
    with urllib.request.urlopen(BASE + path) as r, open(target, "wb") as f:
        f.write(r.read())
    return target


def duckdb(sql):
    out = subprocess.run(DUCKDB + [sql], capture_output=True, text=True, timeout=300)
    check(out.returncode == 0, f"duckdb could not run {sql!r}: {out.stderr}")
    rows = json.loads(out.stdout)
    return rows[0], rows[1:]


graph = get_json("/graphs/default")
accounts, follows = graph["accounts"], graph["edges"]
print(f"graph 'default': {accounts} accounts, {follows} follows, version {graph['version']}")

# 1. A ranking that needs a job: without a wait, a CSV reader gets 503 (pandas raises), never a 202 table.
url = BASE + "/graphs/default/rankings/betweenness?format=csv"
try:
    silent = pd.read_csv(url)
    fail(f"read_csv of a ranking still computing returned a table of {silent.shape} with columns {list(silent.columns)[:3]}")
except urllib.error.HTTPError as e:
    check(e.code == 503, f"expected 503, got {e.code}")
    check(e.headers.get("Retry-After") is not None, "503 without Retry-After")
    location = e.headers.get("Location", "")
    check(location.startswith("/jobs/"), f"503 without the job's Location (got {location!r})")
    problem = json.loads(e.read())
    check(problem["type"] == "/problems/result-not-ready", problem)
    print(f"read_csv without wait raised HTTP 503 (Retry-After {e.headers['Retry-After']} s, job at {location})")

# 2. The same read with wait: the table, whole and right.
ranking = pd.read_csv(url + "&wait=120", float_precision="round_trip")  # exact doubles (the default parser may be 1 ulp off)
check(list(ranking.columns) == ["rank", "account", "score"], f"columns {list(ranking.columns)}")
check(len(ranking) == accounts, f"{len(ranking)} rows for {accounts} accounts")
check(ranking["score"].is_monotonic_decreasing, "scores not in ranking order")
top = get_json("/graphs/default/rankings/betweenness?top=5")["items"]
check([r["account"] for r in top] == list(ranking["account"][:5]), "CSV and JSON disagree on the top 5")
check(all(abs(r["score"] - s) == 0 for r, s in zip(top, ranking["score"][:5])), "CSV scores differ from JSON")
print(f"read_csv with wait=120: {len(ranking)} rows, top {ranking['account'][0]} ({ranking['score'][0]:.6g})")

# 3. The polling helper on another table that needs a job (the influencers' signals).
influencers = read_table(BASE + "/graphs/default/influencers?format=csv")
expected = get_json("/graphs/default/influencers?top=1")
check(len(influencers) == expected["total"], f"{len(influencers)} influencers, JSON says {expected['total']}")
check(influencers["account"][0] == expected["items"][0]["account"], "first influencer differs")
print(f"read_table (polling helper): {len(influencers)} influencers, first {influencers['account'][0]}")

# 4. GraphML for Gephi/NetworkX: same accounts, follows and attribute values.
# metrics= takes aliases (in_degree = followers): attributes carry the canonical names, never twice.
path = download("/graphs/default/export?format=graphml&metrics=betweenness,in_degree,out_degree_centrality&wait=120", ".graphml")
g = nx.read_graphml(path)
check(g.is_directed(), "GraphML not directed")
check(g.number_of_nodes() == accounts and g.number_of_edges() == follows, f"GraphML has {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
first = ranking["account"][0]
check(g.nodes[first]["betweenness"] == ranking["score"][0], "betweenness attribute differs from the ranking")
for node, data in list(g.nodes(data=True))[:200]:
    check("in_degree" not in data and "out_degree_centrality" not in data, f"{node}: an alias became an attribute name")
    check(data["followers"] == g.in_degree(node), f"{node}: followers attribute is not its in-degree in the file")
    check(abs(data["followees_centrality"] - g.out_degree(node) / (accounts - 1)) <= 1e-15, f"{node}: followees_centrality is not out-degree / (n - 1)")
print(f"GraphML read by NetworkX: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, attributes {sorted(g.nodes[first])[:6]}...")

# 5. Parquet, checked by DuckDB.
edges = download("/graphs/default/export?format=parquet&table=edges", ".parquet")
cols, rows = duckdb(f"SELECT count(*) AS n, count(DISTINCT follower) AS followers FROM read_parquet('{edges}')")
check(rows[0][0] == follows, f"edges.parquet has {rows[0][0]} rows for {follows} follows")
check(rows[0][1] == sum(1 for n in g.nodes if g.out_degree(n) > 0), "distinct followers differ from the GraphML")
table = download("/graphs/default/export?format=parquet&table=ranking&metric=betweenness&wait=120", ".parquet")
cols, rows = duckdb(f"SELECT rank, account, score, percentile FROM read_parquet('{table}') ORDER BY rank, account LIMIT 5")
check(cols == ["rank", "account", "score", "percentile"], f"columns {cols}")
check([r[1] for r in rows] == list(ranking["account"][:5]) and [r[2] for r in rows] == list(ranking["score"][:5]), f"Parquet ranking differs: {rows}")
accounts_file = download("/graphs/default/export?format=parquet&metrics=betweenness", ".parquet")
cols, rows = duckdb(f"SELECT count(*), sum(followers), max(betweenness) FROM read_parquet('{accounts_file}')")
check(rows[0][0] == accounts and rows[0][1] == follows and rows[0][2] == ranking["score"][0], f"accounts.parquet: {rows[0]}")
print(f"Parquet read by DuckDB: {follows} follows, ranking top {rows and ranking['account'][0]}, {accounts} accounts")
print("notebook: OK")
