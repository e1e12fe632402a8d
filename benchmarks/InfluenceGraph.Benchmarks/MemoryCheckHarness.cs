using System.Text.Json;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>memcheck --edges FILE [--only signals|signals-parts|pagerank|leiden] [--no-warmup] [--no-collect]</c>: checks two memory estimates against what the computation really takes on a SNAP edge
/// file: the influencer signals (<see cref="InfluenceSignals.EstimateMemoryBytes"/>, a sum) and Leiden
/// (<see cref="Leiden.EstimateMemoryBytes"/>). For each, in this process (after a warm-up run): the bytes allocated
/// (<c>GC.GetTotalAllocatedBytes(true)</c>), the managed heap's peak above the baseline while it runs (live and
/// not-yet-collected objects, <c>GC.GetTotalMemory(false)</c> sampled every millisecond), the heap after a full collection
/// (what the result keeps), and the estimate. Prints one JSON line per analysis.
/// </summary>
public static class MemoryCheckHarness
{
    /// <summary>Runs the harness; returns the exit code (2 for bad arguments).</summary>
    public static int Run(string[] args)
    {
        string? edges = null, only = null;
        bool warmup = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--edges" when i + 1 < args.Length: edges = args[++i]; break;
                case "--only" when i + 1 < args.Length: only = args[++i]; break;
                case "--no-warmup": warmup = false; break;
                case "--no-collect": Leiden.CollectThreshold = long.MaxValue; break; // Leiden without its collections between levels
                default: Console.Error.WriteLine("usage: memcheck --edges FILE [--only signals|signals-parts|pagerank|leiden] [--no-warmup] [--no-collect]"); return 2;
            }
        }
        if (edges is null) { Console.Error.WriteLine("usage: memcheck --edges FILE [--only signals|signals-parts|pagerank|leiden] [--no-warmup] [--no-collect]"); return 2; }
        var g = GuestListHarness.Load(edges);
        var state = new GraphState("g", 1, g, new Dictionary<string, AccountAttributes>(StringComparer.Ordinal), DateTimeOffset.UnixEpoch, null);
        if (only is null or "signals") Measure("influencer signals", g, InfluenceSignals.EstimateMemoryBytes(state), () => InfluenceSignals.Compute(state), warmup);
        if (only is "pagerank")
        {
            var pr = InfluenceGraph.Core.Metrics.MetricCatalog.Default.Find("pagerank")!;
            var a = pr.Normalize(InfluenceGraph.Core.Metrics.MetricArguments.Empty, g);
            Measure("pagerank", g, pr.EstimateMemoryBytes(g, a), () => { var r = pr.Compute(g, a, null, CancellationToken.None); _ = r.RankOf(0); return r; }, warmup);
        }
        if (only is "betweenness-parts")
        {
            // The guaranteed-error betweenness step by step: the traversal copy, the vertex-diameter bound.
            Measure("betweenness: traversal copy", g, 0, () => InfluenceGraph.Core.Traversal.TraversalGraph.From(g), warmup);
            var tg = InfluenceGraph.Core.Traversal.TraversalGraph.From(g);
            Measure("betweenness: vertex-diameter bound", g, 0, () => InfluenceGraph.Core.Centrality.BetweennessSampling.VertexDiameterBound(tg, out _), warmup);
        }
        if (only is "signals-parts")
        {
            // Each signal alone, as InfluenceSignals.Compute runs it (the ranking built as the signals' constructor builds it).
            var options = new SignalOptions();
            var parts = InfluenceSignals.EstimateMemoryParts(state, options);
            Measure("signal: pagerank", g, parts.PageRank, () => { var r = InfluenceGraph.Core.Centrality.PageRank.Compute(g, InfluenceSignals.PageRankOptionsFor(options)); _ = r.RankOf(0); return r; }, warmup);
            Measure("signal: betweenness", g, parts.Betweenness, () => { var r = InfluenceGraph.Core.Centrality.Betweenness.Compute(g, InfluenceSignals.BetweennessOptionsFor(g, options)); _ = r.RankOf(0); return r; }, warmup);
            Measure("signal: reach", g, parts.Reach, () => { var r = InfluenceGraph.Core.Influence.Reach.Compute(g, options.Reach); _ = r.RankOf(0); return r; }, warmup);
            var pr = InfluenceGraph.Core.Centrality.PageRank.Compute(g, InfluenceSignals.PageRankOptionsFor(options));
            var bc = InfluenceGraph.Core.Centrality.Betweenness.Compute(g, InfluenceSignals.BetweennessOptionsFor(g, options));
            var reach = InfluenceGraph.Core.Influence.Reach.Compute(g, options.Reach);
            Measure("signal: own arrays (in-degree, assembly)", g, parts.Own, () => InfluenceSignals.FromResults(state, pr, bc, null, reach, options), warmup);
        }
        if (only is null or "leiden") Measure(Leiden.CollectThreshold == long.MaxValue ? "leiden (no collections)" : "leiden", g, Leiden.EstimateMemoryBytes(g), () => Leiden.Run(g, new LeidenOptions()), warmup);
        return 0;
    }

    private static void Measure(string name, GraphSnapshot g, double estimate, Func<object> run, bool warmup)
    {
        if (warmup) GC.KeepAlive(run()); // warm-up (JIT, pools)
        long baseline = GC.GetTotalMemory(true), peak = baseline;
        long before = GC.GetTotalAllocatedBytes(true);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!sampling.IsCancellationRequested) { peak = Math.Max(peak, GC.GetTotalMemory(false)); Thread.Sleep(1); }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = run();
        double seconds = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        sampler.Wait();
        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        long kept = GC.GetTotalMemory(true) - baseline;
        GC.KeepAlive(result);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            analysis = name, accounts = g.NodeCount, follows = g.EdgeCount, threads = Environment.ProcessorCount, seconds,
            allocatedBytes = allocated, peakHeapAboveBaselineBytes = peak - baseline, resultKeptBytes = kept, estimateBytes = (long)estimate,
            estimateOverPeak = estimate / Math.Max(1, peak - baseline), gcCollections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
            gcServer = System.Runtime.GCSettings.IsServerGC,
        }));
    }
}
