using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Core.Tests.Metrics;

public sealed class MemoryBudgetTests
{
    [Fact]
    public void Refusal_WhenEstimatePlusInUseExceedsAvailable_NamesEveryFigure()
    {
        var refusal = MemoryBudget.Refusal("leiden", estimateBytes: 600L << 20, inUseBytes: 500L << 20, availableBytes: 1L << 30, hint: "fewer iterations");
        Assert.NotNull(refusal);
        Assert.Equal(600L << 20, refusal.EstimateBytes);
        Assert.Equal("Not started: leiden needs an estimated 600.0 MiB, and this process already uses 500.0 MiB of the 1.0 GiB available to it (524.0 MiB free), so it would not fit; to make it fit: fewer iterations.", refusal.Message);
    }

    [Fact]
    public void Refusal_WhenItFitsExactly_IsNull()
    {
        Assert.Null(MemoryBudget.Refusal("x", 524L << 20, 500L << 20, 1L << 30, null));
        Assert.NotNull(MemoryBudget.Refusal("x", (524L << 20) + 1, 500L << 20, 1L << 30, null));
        Assert.Null(MemoryBudget.Refusal("x", double.NaN, 500L << 20, 1, null)); // no estimate: nothing to check
    }

    [Fact]
    public void Available_UsesTheConfiguredBudget_ElseTheRuntimeFigure()
    {
        Assert.Equal(12345, MemoryBudget.Available(12345));
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, MemoryBudget.Available(null));
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, MemoryBudget.Available(0));
    }

    [Fact]
    public void BetweennessEstimate_FollowsItsFormula()
    {
        var g = TestGraphs.FromText("a b, b c, c a, d a, d b");
        var metric = MetricCatalog.Default.Find("betweenness")!;
        int t = Environment.ProcessorCount;
        double exact = metric.EstimateMemoryBytes(g, metric.Normalize(MetricArguments.Empty, g));
        // per thread a kernel (45 B per account + 4 B per follow); 4 sources = 4 blocks, all inside the merge window: 4 sets of
        // sums (8 B per account); merged sums, scores, ranking (36 B per account); no traversal copy (one chunk, no self-loop)
        Assert.Equal(t * (45.0 * 4 + 4 * 5) + 4 * 8 * 4 + 36 * 4, exact);
        double sampled = metric.EstimateMemoryBytes(g, metric.Normalize(MetricArguments.Empty.With("samples", 2), g));
        Assert.Equal(t * (45.0 * 4 + 4 * 5) + 2 * 2 * 8 * 4 + 52 * 4, sampled); // 2 blocks of 2 sums (estimate and squares)
        // guaranteed error: the diameter bound (57 B per account), a bidirectional search per thread (32 B per account), 256
        // blocks of sums, the scores and ranking (20 B per account), the sample ids (r bounded with a diameter of 4 accounts)
        int r = InfluenceGraph.Core.Centrality.BetweennessSampling.SampleSize(4, 0.02, 0.1);
        Assert.True(r > 256);
        double guaranteed = metric.EstimateMemoryBytes(g, metric.Normalize(MetricArguments.Empty.With("epsilon", 0.02).With("delta", 0.1), g));
        Assert.Equal(57.0 * 4 + t * 32 * 4 + 256 * 8 * 4 + 20 * 4 + 4.0 * r, guaranteed);
        // a self-loop (one follow more per kernel) makes the kernels walk a copy without it: 4 B per account (+1) and per follow, both directions
        var loop = TestGraphs.FromText("a b, b c, c a, d a, d b, a a");
        Assert.Equal(exact + t * 4 + 2 * (4.0 * 5 + 4 * 6), metric.EstimateMemoryBytes(loop, metric.Normalize(MetricArguments.Empty, loop)));
    }
}
