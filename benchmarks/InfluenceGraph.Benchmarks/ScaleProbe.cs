using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>-- scale-probe --db PATH --graph NAME</c>: loads a stored graph (read-only) and prints, one
/// <c>key=value</c> per line, what <c>benchmarks/scale-1e8.sh</c> reports about the snapshot and the PageRank kernel.
/// </summary>
/// <remarks>
/// <para>
/// <b>Memory</b> is measured, not computed: the growth of the live managed heap (<c>GC.GetTotalMemory</c> after
/// full collections) caused by the loaded state (<c>state_bytes</c>: snapshot + attributes), then by the snapshot
/// alone (<c>snapshot_bytes</c>: CSR arrays both directions, offsets, the account index with every handle).
/// <c>edge_array_bytes</c> (per-edge arrays, 8 B per follow unweighted) and <c>offset_bytes</c> come from the array
/// counts (<c>TopologyBytes</c> minus the per-edge arrays); the rest of the snapshot is the account index. The budget is 12 B per follow + 32 B per account.
/// </para>
/// <para>
/// <b>PageRank</b> (default options: α = 0.85, L1 tolerance 1e-9, all cores) runs twice; the second run's time is the
/// steady one (arrays rented and touched, code compiled). <c>pagerank_bytes_per_iteration</c> is the kernel's
/// streamed-bytes model for the options used (<c>PageRank.StreamedBytesPerPass</c>: every array the pass and, on a
/// graph with self-loops, the Anderson acceleration read or write, counted once per element as STREAM counts;
/// unweighted: 12 B per follow, 36 B per account + 8 B for the self-loop step, + 136 B per account for the
/// acceleration), split into <c>pagerank_edge_bytes</c>, <c>pagerank_account_bytes</c> and
/// <c>pagerank_acceleration_bytes</c>. A gathered contribution that misses the cache costs a whole 64 B line, so the
/// model is a lower bound on the traffic. <c>pagerank_edge_gbs</c> counts the per-follow bytes alone.
/// </para>
/// </remarks>
internal static class ScaleProbe
{
    /// <summary>Runs the probe; 0 on success, 2 on a bad option or a missing graph.</summary>
    public static int Run(string[] args)
    {
        string? db = null, graph = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db" when i + 1 < args.Length: db = args[++i]; break;
                case "--graph" when i + 1 < args.Length: graph = args[++i]; break;
                default: Console.Error.WriteLine($"error: unknown option {args[i]} for scale-probe"); return 2;
            }
        }
        if (db is null || graph is null) { Console.Error.WriteLine("usage: scale-probe --db PATH --graph NAME"); return 2; }
        if (!File.Exists(db)) { Console.Error.WriteLine($"error: database {db} not found"); return 2; }
        var inv = CultureInfo.InvariantCulture;
        void Put(string key, FormattableString value) => Console.WriteLine(key + "=" + value.ToString(inv));

        long before = LiveBytes();
        var (holder, load, attributeCount, afterState) = LoadState(db, graph);
        if (holder is null) { Console.Error.WriteLine($"error: graph '{graph}' not found in {db}"); return 2; }
        GraphSnapshot s = DropAttributes(holder);
        long afterSnapshot = LiveBytes();
        // Only NodeCount, EdgeCount, IsWeighted and TopologyBytes: the probe does not depend on how the arrays are laid out.
        long edgeArrays = (s.IsWeighted ? 24L : 8L) * s.EdgeCount;   // an int id per direction (+ a double weight per direction)
        long offsets = s.TopologyBytes - edgeArrays;
        long snapshotBytes = afterSnapshot - before;
        Put("load_seconds", $"{load:F3}");
        Put("accounts", $"{s.NodeCount}");
        Put("edges", $"{s.EdgeCount}");
        Put("attribute_rows", $"{attributeCount}");
        Put("state_bytes", $"{afterState - before}");
        Put("snapshot_bytes", $"{snapshotBytes}");
        Put("edge_array_bytes", $"{edgeArrays}");
        Put("offset_bytes", $"{offsets}");
        Put("account_index_bytes", $"{snapshotBytes - edgeArrays - offsets}");
        Put("snapshot_b_per_edge", $"{(double)edgeArrays / Math.Max(1, s.EdgeCount):F2}");
        Put("snapshot_b_per_account", $"{(double)(snapshotBytes - edgeArrays) / Math.Max(1, s.NodeCount):F1}");
        Put("snapshot_budget_bytes", $"{12 * s.EdgeCount + 32L * s.NodeCount}");

        var sw = new Stopwatch();
        var (edgeBytes, accountBytes, accelerationBytes) = PageRank.StreamedBytesPerPass(s);
        double bytes = edgeBytes + accountBytes + accelerationBytes;
        for (int run = 1; run <= 2; run++)
        {
            sw.Restart();
            var pr = PageRank.Compute(s);
            double t = sw.Elapsed.TotalSeconds;
            Put($"pagerank{run}_seconds", $"{t:F3}");
            Put($"pagerank{run}_iterations", $"{pr.Iterations}");
            Put($"pagerank{run}_converged", $"{pr.Converged}");
            Put($"pagerank{run}_gbs", $"{bytes * pr.Iterations / t / 1e9:F3}");
            Put($"pagerank{run}_edge_gbs", $"{(double)edgeBytes * pr.Iterations / t / 1e9:F3}");
        }
        Put("pagerank_bytes_per_iteration", $"{bytes:F0}");
        Put("pagerank_edge_bytes", $"{edgeBytes}");
        Put("pagerank_account_bytes", $"{accountBytes}");
        Put("pagerank_acceleration_bytes", $"{accelerationBytes}");
        Put("self_loops", $"{s.SelfLoopCount}");
        GC.KeepAlive(s);
        return 0;
    }

    /// <summary>Loads the state in its own frame (no stack temporary keeps it alive afterwards) and measures it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GraphState?[]? Holder, double Seconds, int AttributeRows, long LiveAfter) LoadState(string db, string graph)
    {
        var sw = Stopwatch.StartNew();
        GraphState? state;
        using (var store = new SqliteGraphStore(db, readOnly: true)) state = store.Load(graph);
        double seconds = sw.Elapsed.TotalSeconds;
        if (state is null) return (null, seconds, 0, 0);
        var holder = new GraphState?[] { state };
        int rows = state.Attributes.Count;
        state = null;
        return (holder, seconds, rows, LiveBytes());
    }

    /// <summary>Keeps only the snapshot of the state in <paramref name="holder"/> (the attributes become garbage).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static GraphSnapshot DropAttributes(GraphState?[] holder)
    {
        var s = holder[0]!.Snapshot;
        holder[0] = null;
        return s;
    }

    private static long LiveBytes()
    {
        for (int k = 0; k < 3; k++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
