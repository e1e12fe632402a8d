using System.Collections.Concurrent;
using InfluenceGraph.Core.Graph;
using QuikGraph;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>Retained managed memory of a graph structure, measured (not computed from a formula).</summary>
/// <param name="Graph">Benchmark graph name.</param>
/// <param name="Structure">What was built.</param>
/// <param name="Nodes">Accounts n.</param>
/// <param name="Edges">Edges m.</param>
/// <param name="RetainedBytes">Growth of the live managed heap (<c>GC.GetTotalMemory(true)</c>) caused by the structure, everything it references included.</param>
/// <param name="EdgeArrayBytes">Snapshot only: bytes of the per-edge arrays (out-targets, in-sources, weights); 0 for QuikGraph.</param>
/// <param name="OffsetArrayBytes">Snapshot only: bytes of the two offset arrays (n+1 ints each); 0 for QuikGraph.</param>
public sealed record Footprint(string Graph, FootprintStructure Structure, int Nodes, long Edges, long RetainedBytes, long EdgeArrayBytes, long OffsetArrayBytes)
{
    /// <summary>The budget: 12 bytes per edge + 32 bytes per account.</summary>
    public long BudgetBytes => 12 * Edges + 32L * Nodes;

    /// <summary>Everything retained, per edge.</summary>
    public double RetainedPerEdge => (double)RetainedBytes / Math.Max(1, Edges);

    /// <summary>Snapshot: bytes not in per-edge arrays (offsets + account index with handles), per account.</summary>
    public double RestPerAccount => (double)(RetainedBytes - EdgeArrayBytes) / Math.Max(1, Nodes);

    /// <summary>Snapshot: the per-edge arrays, per edge (8 unweighted).</summary>
    public double EdgeArraysPerEdge => (double)EdgeArrayBytes / Math.Max(1, Edges);

    /// <summary>Snapshot: the account index alone (handles, dictionary, list), per account.</summary>
    public double AccountIndexPerAccount => (double)(RetainedBytes - EdgeArrayBytes - OffsetArrayBytes) / Math.Max(1, Nodes);

    private static readonly ConcurrentDictionary<(string, FootprintStructure), Footprint> _cache = new();

    /// <summary>Measures (once per process) the retained size of <paramref name="structure"/> built from graph <paramref name="graph"/>.</summary>
    public static Footprint Measure(string graph, FootprintStructure structure) =>
        _cache.GetOrAdd((graph, structure), k => MeasureNow(k.Item1, k.Item2));

    private static Footprint MeasureNow(string graph, FootprintStructure structure)
    {
        if (structure == FootprintStructure.Snapshot)
        {
            // Make the inputs first (cached), so that only the snapshot is between the two readings.
            if (BenchGraphs.TryGetRmatEdges(graph, out _)) _ = BenchGraphs.RmatEdges(graph);
            else _ = BenchGraphs.Snapshot(graph);
            long before = LiveBytes();
            GraphSnapshot s = BenchGraphs.TryGetRmatEdges(graph, out _) ? BenchGraphs.RmatEdges(graph).ToSnapshot() : BenchGraphs.Load(graph);
            long after = LiveBytes();
            long edgeArrays = 0, offsets = 0;
            foreach (var d in new[] { s.OutEdgeChunks, s.InEdgeChunks })
                foreach (var ch in d.Chunks)
                {
                    edgeArrays += 4L * ch.Targets.Length + 8L * (ch.Weights?.Length ?? 0);
                    offsets += 4L * ch.Offsets.Length;
                }
            var f = new Footprint(graph, structure, s.NodeCount, s.EdgeCount, after - before, edgeArrays, offsets);
            GC.KeepAlive(s);
            return f;
        }
        else
        {
            var g0 = BenchGraphs.Snapshot(graph);
            int[] src = new int[g0.EdgeCount], dst = new int[g0.EdgeCount];
            int i = 0;
            for (int u = 0; u < g0.NodeCount; u++) foreach (int v in g0.Followees(u)) { src[i] = u; dst[i] = v; i++; }
            long before = LiveBytes();
            var q = QuikGraphInputs.BuildBidirectional(src, dst);
            long after = LiveBytes();
            var f = new Footprint(graph, structure, q.VertexCount, q.EdgeCount, after - before, 0, 0);
            GC.KeepAlive(q);
            return f;
        }
    }

    private static long LiveBytes()
    {
        for (int k = 0; k < 3; k++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
