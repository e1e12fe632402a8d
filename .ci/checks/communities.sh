#!/usr/bin/env bash
# Quality check of `influencegraph communities` (Leiden) against igraph on the shared networks:
# each network is imported with the production import into a fresh database, our membership is
# written as CSV, and igraph (python3-igraph) computes, on the same undirected view (self-loops
# dropped, one undirected edge per follow, so a mutual follow weighs 2), the modularity of OUR
# membership and the best modularity of its own community_leiden(objective_function="modularity")
# over 5 seeds. Ours must be at least igraph's best minus 0.005; every community must be connected.
# NMI/ARI against email-eu-core's departments and polblogs' leanings are printed beside igraph's.
# On the smaller networks the modularity our CLI reports (--json) must equal igraph's of the same
# membership (1e-9). Shared folder: $INFLUENCEGRAPH_SHARED or ../shared.
set -euo pipefail
CHECK=communities
source "$(dirname "$0")/../lib.sh"
require_shared "$SHARED/data"
if ! "$PY" -c "import igraph" 2>/dev/null; then
  echo "$CHECK: installing python3-igraph for $PY"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y python3-igraph >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y python3-igraph >/dev/null; }
fi
build_cli
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
DB="$OUT/c.db"

# name | original file | file igraph reads (same edge set, as the shared-data import test shows)
NETWORKS=(
  "email-eu-core|$SHARED/data/email-eu-core/email-Eu-core.txt.gz|$EXPECTED/email-eu-core.edges"
  "polblogs|$SHARED/data/polblogs/polblogs.gml|$EXPECTED/polblogs.edges"
  "wiki-vote|$SHARED/data/wiki-vote/Wiki-Vote.txt|$EXPECTED/wiki-vote.edges"
  "facebook-combined|$SHARED/data/facebook-combined/facebook_combined.txt.gz|$SHARED/data/facebook-combined/facebook_combined.txt.gz"
  "soc-slashdot0902|$SHARED/data/soc-slashdot0902/soc-Slashdot0902.txt.gz|$EXPECTED/soc-slashdot0902.edges.gz"
)
for row in "${NETWORKS[@]}"; do
  IFS='|' read -r name file edges <<<"$row"
  "${CLI[@]}" import edges "$file" --graph "$name" --db "$DB" >/dev/null
  "${CLI[@]}" communities --graph "$name" --db "$DB" --seed 1 --csv > "$OUT/$name.csv"
  case "$name" in email-eu-core|polblogs|wiki-vote)
    "${CLI[@]}" communities --graph "$name" --db "$DB" --seed 1 --json > "$OUT/$name.json";;
  esac
  echo "$name|$edges" >> "$OUT/list"
done

"$PY" - "$OUT" "$SHARED" <<'PY'
import csv, gzip, json, os, random, sys
import igraph as ig
out, shared = sys.argv[1], sys.argv[2]

def read_edges(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        for line in f:
            t = line.split()
            if line.startswith("#") or len(t) < 2:
                continue   # comments; a lone handle is an isolated account (already in the membership)
            yield t[0], t[1]

def truth_labels(name):
    if name == "email-eu-core":
        return {a: b for a, b in (l.split() for l in open(f"{shared}/data/email-eu-core/email-Eu-core-department-labels.txt"))}
    if name == "polblogs":
        g = ig.Graph.Read_GML(f"{shared}/data/polblogs/polblogs.gml")
        return {str(int(v["id"])): int(v["value"]) for v in g.vs}
    return None

failed = 0
print("| network | accounts | ties | ours (igraph's modularity of our membership) | igraph best of 5 | igraph seeds | communities ours / igraph | NMI ours / igraph | ARI ours / igraph |")
print("|---|---|---|---|---|---|---|---|---|")
for row in open(f"{out}/list"):
    name, edges = row.strip().split("|")
    member = {r["account"]: int(r["community"]) for r in csv.DictReader(open(f"{out}/{name}.csv", encoding="utf-8"))}
    names = sorted(member)
    idx = {a: i for i, a in enumerate(names)}
    pairs = set()
    for a, b in read_edges(edges):
        if a != b:
            pairs.add((idx[a], idx[b]))   # a follow listed twice is one follow (the default import collapses duplicates)
    g = ig.Graph(n=len(names), edges=sorted(pairs), directed=True)
    u = g.as_undirected(mode="each")
    ours = [member[a] for a in names]
    q_ours = u.modularity(ours)
    best, best_memb, seeds = None, None, []
    for s in range(1, 6):
        random.seed(s)
        c = u.community_leiden(objective_function="modularity")
        q = u.modularity(c.membership)
        seeds.append(q)
        if best is None or q > best:
            best, best_memb = q, c.membership
    ok = q_ours >= best - 0.005
    # every community connected in the undirected view
    disconnected = 0
    groups = {}
    for i, c in enumerate(ours):
        groups.setdefault(c, []).append(i)
    for c, vs in groups.items():
        if len(vs) > 1 and not u.induced_subgraph(vs).is_connected():
            disconnected += 1
    if disconnected:
        ok = False
    js = f"{out}/{name}.json"
    if os.path.exists(js):
        reported = json.load(open(js, encoding="utf-8"))["modularity"]
        if abs(reported - q_ours) > 1e-9:
            print(f"FAIL {name}: our CLI reports modularity {reported:.12f}, igraph computes {q_ours:.12f} for the same membership")
            ok = False
    truth = truth_labels(name)
    nmi = ari = "-"
    if truth:
        t = [truth[a] for a in names]
        codes = {x: i for i, x in enumerate(sorted(set(t)))}
        t = [codes[x] for x in t]
        nmi = f"{ig.compare_communities(t, ours, method='nmi'):.3f} / {ig.compare_communities(t, best_memb, method='nmi'):.3f}"
        ari = f"{ig.compare_communities(t, ours, method='ari'):.3f} / {ig.compare_communities(t, best_memb, method='ari'):.3f}"
    print(f"| {name} | {len(names):,} | {u.ecount():,} | {q_ours:.4f} | {best:.4f} | {min(seeds):.4f}-{max(seeds):.4f} | "
          f"{len(groups):,} / {len(set(best_memb)):,} | {nmi} | {ari} |")
    if not ok:
        failed += 1
        print(f"FAIL {name}: ours {q_ours:.4f} vs igraph best {best:.4f} (allowed 0.005 below), {disconnected} disconnected communities")
print(f"communities: {failed} network(s) failed")
sys.exit(1 if failed else 0)
PY
