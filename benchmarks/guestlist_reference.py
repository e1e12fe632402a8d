#!/usr/bin/env python3
"""Plain-Python lazy greedy (CELF) guest list: the reference the C# kernel is compared with.

Every account is eligible; an account covers itself and its h-hop audience (the accounts that see its
posts within h hops: followers, followers of followers), so the coverage counts the picked accounts
themselves. Edges are `follower followee` (SNAP files: FromNodeId ToNodeId = follower followee).

Lazy greedy as in Leskovec et al. 2007: a heap of upper bounds (first the cheap bound
1 + in(v) + sum of in(u) over v's followers, then stale gains); the top entry is picked when its gain is
fresh, otherwise its gain is recomputed (a Python set difference) and pushed back. Ties: smallest id.

Prints one JSON line: graph, accounts, size, hops, covered, seconds (the greedy only, after loading),
picks (ids as in the file), evaluations.

    /usr/bin/python3 benchmarks/guestlist_reference.py ../shared/data/soc-slashdot0902/soc-Slashdot0902.txt.gz --size 20 --hops 2
"""
import argparse
import gzip
import heapq
import json
import sys
import time


def read_edges(path):
    opener = gzip.open if path.endswith(".gz") else open
    ids, followers = {}, []

    def node(tok):
        i = ids.get(tok)
        if i is None:
            i = ids[tok] = len(followers)
            followers.append([])
        return i

    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#%":
                continue
            parts = line.split()
            a = node(parts[0])
            if len(parts) > 1:
                b = node(parts[1])
                followers[b].append(a)  # a follows b: a sees b's posts
    followers = [sorted(set(f)) for f in followers]
    names = [None] * len(followers)
    for k, v in ids.items():
        names[v] = k
    return names, followers


def reached(v, followers, hops):
    seen = {v}
    frontier = [v]
    for _ in range(hops):
        nxt = []
        for x in frontier:
            for u in followers[x]:
                if u not in seen:
                    seen.add(u)
                    nxt.append(u)
        frontier = nxt
    return seen


def lazy_greedy(followers, size, hops):
    n = len(followers)
    heap = []
    for v in range(n):
        bound = 1 + len(followers[v])
        if hops >= 2:
            bound += sum(len(followers[u]) for u in followers[v])
        heap.append((-min(bound, n), v, -1))
    heapq.heapify(heap)
    covered = set()
    picks, evaluations = [], 0
    while len(picks) < size and heap:
        key, v, rnd = heap[0]
        if rnd == len(picks):
            heapq.heappop(heap)
            covered |= reached(v, followers, hops)
            picks.append(v)
            continue
        heapq.heapreplace(heap, (-len(reached(v, followers, hops) - covered), v, len(picks)))
        evaluations += 1
    return picks, len(covered), evaluations


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("edges")
    ap.add_argument("--size", type=int, default=20)
    ap.add_argument("--hops", type=int, default=2)
    args = ap.parse_args()
    names, followers = read_edges(args.edges)
    t0 = time.perf_counter()
    picks, covered, evaluations = lazy_greedy(followers, args.size, args.hops)
    seconds = time.perf_counter() - t0
    print(json.dumps({"graph": args.edges, "accounts": len(followers), "size": args.size, "hops": args.hops, "covered": covered,
                      "seconds": seconds, "evaluations": evaluations, "picks": [names[v] for v in picks]}))


if __name__ == "__main__":
    sys.exit(main())
