#!/usr/bin/python3
"""compare_reach.py - all-accounts h-hop reach: InfluenceGraph's HyperBall against igraph, side by side.

Run through benchmarks/compare-reach.sh (it builds the benchmark project and installs python3-igraph
and pandas first).  In ONE invocation, on the same edge files, alternating igraph / ours in every
round so that machine drift hits both sides:

  * igraph: Graph.neighborhood_size(order=H, mode="in") (exact; benchmarks/reach_igraph.py, a fresh
    process, loading not timed) - the reference values too (minus 1: the account itself);
  * ours: `InfluenceGraph.Benchmarks reach --method hyperball --registers M` (a fresh process, loading
    not timed, an untimed warm-up when a call is short, median of --reps calls), M = 64 and 256.

Accuracy: the median, over the accounts with a non-empty exact audience, of |estimate - exact| / exact,
for hash seed 0 (what the product uses) and, with --seeds, other seeds: HyperBall's errors of accounts
whose audiences overlap are strongly correlated, so the median over one graph's accounts is close to
ONE draw of the error (σ = 0.78/√M with HyperBall's UltraLogLog registers); the pooled median over
the accounts AND the seeds shows the typical value (the error target is judged on it and on seed 0).

Output: a Markdown table on stdout (graph, method, median seconds, igraph median, ratio, median relative
error per seed and their mean, stated σ, targets) with the machine load (uptime and the CPU other
processes used during the run), and raw JSON lines + the table in --out.
"""
import argparse, gzip, json, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH_DLL = os.path.join(ROOT, "benchmarks/InfluenceGraph.Benchmarks/bin/Release/net10.0/InfluenceGraph.Benchmarks.dll")
PY = "/usr/bin/python3"
# Targets (soc-Slashdot0902 only): 64 registers at most 1/20 of igraph's time; median relative error
# at most 10% with 64 registers, at most 4% with 256.
TARGET_GRAPH = "soc-slashdot0902"
TARGET_RATIO = {64: 1 / 20}
TARGET_ERROR = {64: 0.10, 256: 0.04}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def busy_jiffies():
    with open("/proc/stat") as f:
        v = list(map(int, f.readline().split()[1:]))
    return sum(v) - v[3] - v[4]


HZ = os.sysconf("SC_CLK_TCK")


def run(cmd):
    """Run a process; return (last JSON line, wall seconds, cores used by OTHER processes meanwhile)."""
    r0 = os.times()
    b0 = busy_jiffies()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = os.times()
    child = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    foreign = max(0.0, ((busy_jiffies() - b0) / HZ - child) / wall) if wall > 0.05 else None
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1]), wall, foreign


def read_values(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            k, v = line.rstrip("\n").split("\t")
            out[k] = float(v)
    return out


def rel_errors(est, exact):
    if set(est) != set(exact):
        raise RuntimeError(f"account sets differ: {len(set(est) ^ set(exact))} accounts in only one file")
    return [abs(est[k] - x) / x for k, x in exact.items() if x > 0]


def graphs(shared, names):
    tmp = tempfile.mkdtemp(prefix="ig-reach-")
    out = []
    for name in names:
        if name == "wiki-vote":
            out.append((name, os.path.join(shared, "data/wiki-vote/Wiki-Vote.txt")))
        elif name == "soc-slashdot0902":
            src = os.path.join(shared, "data/soc-slashdot0902/soc-Slashdot0902.txt.gz")
            dst = os.path.join(tmp, "soc-Slashdot0902.txt")
            with gzip.open(src, "rb") as f, open(dst, "wb") as o:
                shutil.copyfileobj(f, o)
            out.append((name, dst))
        else:
            raise SystemExit(f"unknown graph {name}")
    return tmp, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs", default="wiki-vote,soc-slashdot0902")
    ap.add_argument("--hops", type=int, default=3)
    ap.add_argument("--registers", default="64,256")
    ap.add_argument("--rounds", type=int, default=1, help="igraph/ours alternations per graph (medians over rounds)")
    ap.add_argument("--reps", type=int, default=3, help="timed calls of ours per process")
    ap.add_argument("--seeds", default="0", help="hash seeds for the accuracy (0 = the product's)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--shared", default=os.environ.get("INFLUENCEGRAPH_SHARED", os.path.join(ROOT, "..", "shared")))
    a = ap.parse_args()
    registers = [int(x) for x in a.registers.split(",")]
    seeds = [int(x) for x in a.seeds.split(",")]
    uptime_before = open("/proc/loadavg").read().split()[:3]
    tmp, gs = graphs(a.shared, a.graphs.split(","))
    raw, rows = [], []
    try:
        for name, path in gs:
            ig_times, ours = [], {m: [] for m in registers}
            errors = {m: {} for m in registers}
            pooled = {}
            foreign = []
            ref_file = os.path.join(tmp, f"{name}.igraph.tsv")
            for rnd in range(a.rounds):
                log(f"{name}: round {rnd + 1}: igraph neighborhood_size(order={a.hops}, mode='in')")
                j, _, f = run([PY, os.path.join(HERE, "reach_igraph.py"), path, ref_file, "--order", str(a.hops)])
                ig_times.append(j["seconds"]); foreign.append(f); raw.append({"graph": name, "tool": "igraph", **j, "foreign_cores": f})
                for m in registers:
                    log(f"{name}: round {rnd + 1}: ours HyperBall {m} registers")
                    out = os.path.join(tmp, f"{name}.ours{m}.s0.tsv")
                    cmd = ["dotnet", BENCH_DLL, "reach", "--graph", path, "--hops", str(a.hops), "--registers", str(m), "--reps", str(a.reps), "--out", out]
                    if a.threads:
                        cmd += ["--threads", str(a.threads)]
                    j, _, f = run(cmd)
                    ours[m].append(j["median_s"]); foreign.append(f); raw.append({"graph": name, "tool": "ours", **j, "foreign_cores": f})
            exact = read_values(ref_file)
            for m in registers:
                for s in seeds:
                    out = os.path.join(tmp, f"{name}.ours{m}.s{s}.tsv")
                    if s != 0:
                        run(["dotnet", BENCH_DLL, "reach", "--graph", path, "--hops", str(a.hops), "--registers", str(m), "--reps", "1", "--seed", str(s), "--out", out])
                    errs_s = rel_errors(read_values(out), exact)
                    errors[m][s] = statistics.median(errs_s)
                    pooled.setdefault(m, []).extend(errs_s)
                ig = statistics.median(ig_times)
                t = statistics.median(ours[m])
                e0 = errors[m][0] if 0 in errors[m] else None
                rows.append({
                    "graph": name, "registers": m, "ours_s": t, "igraph_s": ig, "ratio": t / ig,
                    "errors": errors[m], "mean_error": statistics.mean(errors[m].values()), "pooled": statistics.median(pooled[m]), "sigma": 0.78 / m ** 0.5,
                    "ratio_target": TARGET_RATIO.get(m) if name == TARGET_GRAPH else None,
                    "error_target": TARGET_ERROR.get(m) if name == TARGET_GRAPH else None,
                    "error0": e0,
                    "foreign_cores": statistics.median([x for x in foreign if x is not None] or [0]),
                })
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    uptime_after = open("/proc/loadavg").read().split()[:3]
    busy = any(r["foreign_cores"] > 0.3 for r in rows)
    lines = [
        f"All-accounts {a.hops}-hop reach, HyperBall vs igraph neighborhood_size(order={a.hops}, mode=\"in\"); "
        f"load average before {' '.join(uptime_before)}, after {' '.join(uptime_after)}"
        + (" - MEASURED UNDER LOAD: figures do not show that a target is met" if busy else ""),
        "",
        "| graph | registers | ours median s | igraph s | ours/igraph | time target | median rel. error (seed " + ",".join(map(str, seeds)) + ") | mean over seeds | pooled median (accounts × seeds) | stated σ = 0.78/√m | error target (pooled and seed 0) | other processes (cores) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        errs = ", ".join(f"{r['errors'][s]:.1%}" for s in seeds)
        load = " (under load)" if busy else ""
        rt, et = r["ratio_target"], r["error_target"]
        time_verdict = f"≤ 1/{round(1 / rt)}: {'met' if r['ratio'] <= rt else 'missed'}{load}" if rt else "-"
        error_verdict = f"≤ {et:.0%}: {'met' if r['error0'] is not None and r['error0'] <= et and r['pooled'] <= et else 'missed'}" if et else "-"
        lines.append(
            f"| {r['graph']} | {r['registers']} | {r['ours_s']:.3f} | {r['igraph_s']:.2f} | {r['ratio']:.4f} | {time_verdict} | "
            f"{errs} | {r['mean_error']:.1%} | {r['pooled']:.1%} | {r['sigma']:.1%} | {error_verdict} | {r['foreign_cores']:.2f} |")
    table = "\n".join(lines)
    print(table)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as o:
            for x in raw:
                o.write(json.dumps(x) + "\n")
            o.write(table + "\n")


if __name__ == "__main__":
    main()
