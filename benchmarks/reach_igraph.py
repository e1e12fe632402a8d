#!/usr/bin/python3
"""reach_igraph.py EDGES OUT [--order H] - the reference for the h-hop reach of every account.

Loads a SNAP-style edge list (`follower followee` per line, '#' comments, CRLF tolerated) into igraph
(duplicates collapsed, self-loops kept: neither changes a neighbourhood), times
Graph.neighborhood_size(order=H, mode="in") (the loading is not timed), writes `node<TAB>reach` with
reach = neighborhood_size - 1 (the account itself excluded: InfluenceGraph's audience), and prints one
JSON line {"seconds": ..., "n": ..., "m": ...}.
"""
import argparse, json, sys, time
import igraph as ig

p = argparse.ArgumentParser()
p.add_argument("edges"); p.add_argument("out"); p.add_argument("--order", type=int, default=3)
a = p.parse_args()
names, edges = {}, []
with open(a.edges, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        u, v = line.split()[:2]
        for x in (u, v):
            if x not in names:
                names[x] = len(names)
        edges.append((names[u], names[v]))
g = ig.Graph(n=len(names), edges=edges, directed=True)
g.simplify(multiple=True, loops=False)
t0 = time.perf_counter()
sizes = g.neighborhood_size(order=a.order, mode="in")
seconds = time.perf_counter() - t0
inv = [None] * len(names)
for k, i in names.items():
    inv[i] = k
with open(a.out, "w", encoding="utf-8") as o:
    o.write("node\treach\n")
    for i, s in enumerate(sizes):
        o.write(f"{inv[i]}\t{s - 1}\n")
print(json.dumps({"seconds": seconds, "n": g.vcount(), "m": g.ecount(), "order": a.order}))
