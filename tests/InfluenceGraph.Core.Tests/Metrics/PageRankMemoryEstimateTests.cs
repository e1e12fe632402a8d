using System.Buffers;
using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Traversal;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Metrics;

/// <summary>
/// PageRank's memory estimate against the arrays the kernel really rents (by their pooled length), with and without the
/// Anderson history, and the block accumulators of the source-parallel driver that betweenness counts.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class PageRankMemoryEstimateTests
{
    private const int N = 3000;

    /// <summary>N accounts, 5 seeded follows each (no self-loop), plus a self-loop on the accounts <paramref name="loop"/> picks.</summary>
    private static GraphSnapshot Graph(Func<int, bool> loop)
    {
        var rng = new Random(5);
        var edges = new List<(string, string)>();
        static string A(int i) => "a" + i.ToString(CultureInfo.InvariantCulture);
        for (int u = 0; u < N; u++)
        {
            for (int k = 0; k < 5; k++)
            {
                int v = rng.Next(N - 1);
                edges.Add((A(u), A(v >= u ? v + 1 : v)));
            }
            if (loop(u)) edges.Add((A(u), A(u)));
        }
        return TestGraphs.FromPairs(edges);
    }

    /// <summary>A directed cycle of <paramref name="n"/> accounts with one self-loop: the power step only turns the error around (slow contraction).</summary>
    private static GraphSnapshot Cycle(int n)
    {
        var edges = new List<(string, string)>();
        for (int u = 0; u < n; u++) edges.Add(("c" + u, "c" + ((u + 1) % n)));
        edges.Add(("c0", "c0"));
        return TestGraphs.FromPairs(edges);
    }

    private static double Estimate(GraphSnapshot g) => PageRankMetric.EstimateMemoryBytes(g, new PageRankOptions());

    /// <summary>The rented part of the estimate: all but the result, its ranking and the per-pass small objects.</summary>
    private static double PooledPart(GraphSnapshot g) => Estimate(g) - 20.0 * g.NodeCount - PageRankMetric.BytesPerPass * 200;

    private static long Rented(GraphSnapshot g)
    {
        PageRank.RentedBytes = 0;
        PageRank.Compute(g, new PageRankOptions { MaxDegreeOfParallelism = 1 });
        return PageRank.RentedBytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(3000)]
    [InlineData(82168)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    public void PooledLength_IsWhatTheSharedPoolRents(int n)
    {
        var a = ArrayPool<double>.Shared.Rent(n);
        try { Assert.Equal(a.Length, PageRankMetric.PooledLength(n)); }
        finally { ArrayPool<double>.Shared.Return(a); }
    }

    [Fact]
    public void Formula_CountsTheResultRankingFourWorkVectors_AndWithSelfLoopsTheStepRecoveryAndAndersonHistory()
    {
        const double p = 8.0 * 4096; // 3,000 doubles rented as 4,096
        var plain = Graph(_ => false);
        Assert.Equal(0, plain.SelfLoopCount);
        Assert.Equal(20.0 * N + 4 * p + 8192 * 200, Estimate(plain));
        var loops = Graph(u => u % 2 == 0);
        // + the self-loop step and the recovered scores (2 vectors) + the Anderson history (8 vectors)
        Assert.Equal(20.0 * N + (4 + 2 + 8) * p + 8192 * 200, Estimate(loops));
        // a personalization adds its vector and the per-account check; α = 0 never solves the self-loops
        Assert.Equal(Estimate(loops) + 16.0 * N, PageRankMetric.EstimateMemoryBytes(loops, new PageRankOptions { Personalization = new Dictionary<string, double> { ["a1"] = 1 } }));
        Assert.Equal(20.0 * N + 4 * p + 8192 * 200, PageRankMetric.EstimateMemoryBytes(loops, new PageRankOptions { Alpha = 0 }));
        // the catalog metric gives the same
        var m = MetricCatalog.Default.Find("pagerank")!;
        Assert.Equal(Estimate(loops), m.EstimateMemoryBytes(loops, m.Normalize(MetricArguments.Empty, loops)));
    }

    [Fact]
    public void SelfLoopHeavyGraph_RentsTheAndersonHistory_AndTheEstimateCountsIt()
    {
        var g = Graph(u => u % 2 == 0); // 1 account in 2 with a self-loop: the history starts after the first pass
        long rented = Rented(g);
        double p = 8.0 * PageRankMetric.PooledLength(N);
        Assert.True(rented >= (4 + 1 + 8) * p, $"rented {rented} B: the work vectors, the self-loop step and the 8 history vectors");
        Assert.InRange(rented, PooledPart(g) - p, PooledPart(g)); // at most the recovery vector is not rented
        // without the history the old 48 B/account would have been far below
        Assert.True(48.0 * N < rented);
    }

    [Fact]
    public void SlowContractionWithOneSelfLoop_StartsTheHistoryLate_WhichTheEstimateAlreadyCounts()
    {
        var g = Cycle(N); // 1 self-loop in 3,000 accounts: not the eager rule; the cycle contracts by α per pass
        long rented = Rented(g);
        double p = 8.0 * PageRankMetric.PooledLength(N);
        Assert.True(rented >= (4 + 1 + 8) * p, $"rented {rented} B: the history started on slow contraction");
        Assert.InRange(rented, PooledPart(g) - p, PooledPart(g));
    }

    [Fact]
    public void FastMixingGraphWithOneSelfLoop_NeverStartsTheHistory_TheEstimateIsAboveByIt()
    {
        var g = Graph(u => u == 7);
        long rented = Rented(g);
        double p = 8.0 * PageRankMetric.PooledLength(N);
        Assert.InRange(rented, PooledPart(g) - 9 * p, PooledPart(g) - 8 * p); // the 8 history vectors counted, not rented
    }

    [Fact]
    public void Estimate_BoundsWhatTheRunAllocatesOnItsThread()
    {
        foreach (var g in new[] { Graph(_ => false), Graph(u => u % 2 == 0), Cycle(5000) })
        {
            PageRank.Compute(g, new PageRankOptions { MaxDegreeOfParallelism = 1 }).RankOf(0); // JIT
            long before = GC.GetAllocatedBytesForCurrentThread();
            var r = PageRank.Compute(g, new PageRankOptions { MaxDegreeOfParallelism = 1 });
            _ = r.RankOf(0); // the ranking counts
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= Estimate(g), $"{g.NodeCount} accounts: allocated {allocated} B, estimate {Estimate(g)} B");
        }
    }

    [Theory]
    [InlineData(10_000, 82168, 1, 2, 102)]   // soc-Slashdot0902, guaranteed-error sampling: 64 MiB / 657 KB = 102 sets
    [InlineData(10_000, 3_434_147, 1, 2, 6)] // 10^8 follows: the window's floor 2·2 + 2
    [InlineData(3, 82168, 2, 2, 3)]          // fewer blocks than the window
    [InlineData(300, 300, 1, 4, 256)]        // small accounts: every block
    public void AccumulatorBytes_IsTheMergeWindowOfSets(long sources, int length, int arrays, int threads, int sets)
    {
        Assert.Equal(8.0 * length * arrays * sets, SourceParallel.AccumulatorBytes(sources, length, arrays, threads));
        Assert.Equal(0, SourceParallel.AccumulatorBytes(0, length, arrays, threads));
    }

    [Fact]
    public void Accumulate_WithAStalledWorker_AllocatesTheWholeWindow_AndNoMore()
    {
        const int length = 1 << 16, sources = 256; // 512 KiB per set: window = 64 MiB / 512 KiB = 128 blocks of 1 source
        double bound = SourceParallel.AccumulatorBytes(sources, length, 1, 2);
        Assert.Equal(128.0 * 8 * length, bound);
        using var release = new ManualResetEventSlim();
        int done = 0;
        long before = GC.GetTotalAllocatedBytes(true);
        var totals = SourceParallel.Accumulate<object>(Enumerable.Range(0, sources).ToArray(), length, 1, () => new object(), (_, s, acc) =>
        {
            if (s == 0) release.Wait(TimeSpan.FromSeconds(30)); // block 0 stays open while the other worker runs ahead
            acc[0][s] += 1;
            if (Interlocked.Increment(ref done) == 127) release.Set(); // blocks 1..127: the window is full
        }, 2);
        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        Assert.Equal(sources, totals[0].Sum());
        Assert.InRange(allocated, bound, bound + 8.0 * length + (1 << 20)); // the window's sets + the totals + small objects
    }
}

/// <summary>Tests that count the process's allocated bytes run alone (other tests would add theirs).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "memory measurements (not parallel)";
}
