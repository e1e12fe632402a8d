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
        Assert.Equal(t * (53.0 * 4 + 4 * 5) + 36 * 4 + 16 * 5, exact);
        double sampled = metric.EstimateMemoryBytes(g, metric.Normalize(MetricArguments.Empty.With("samples", 2), g));
        Assert.Equal(t * (61.0 * 4 + 4 * 5) + 52 * 4 + 16 * 5, sampled);
    }
}
