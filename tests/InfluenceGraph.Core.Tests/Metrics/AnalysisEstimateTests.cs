using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Metrics;

/// <summary>Memory estimates of the set audience and the change comparison: their formulas, and the budget's verdicts.</summary>
public sealed class AnalysisEstimateTests
{
    [Fact]
    public void SetAudienceEstimate_CountsOwnersWorkspacesAndTheOverlapMatrix()
    {
        var g = TestGraphs.RandomGraph(1000, 5000, 3);
        int n = g.NodeCount;
        var one = new SetAudienceOptions { MaxDegreeOfParallelism = 1 };
        // 10 members, 1 thread, matrix: 4n + 16n + 10 x ceil(n/64) x 8 + 4 x 100
        Assert.Equal(4.0 * n + 16.0 * n + 10 * Math.Ceiling(n / 64.0) * 8 + 400, SetAudiences.EstimateMemoryBytes(g, 10, 2, one));
        // 4 threads but 2 members: two workspaces
        Assert.Equal(4.0 * n + 32.0 * n + 2 * Math.Ceiling(n / 64.0) * 8 + 16, SetAudiences.EstimateMemoryBytes(g, 2, 2, one with { MaxDegreeOfParallelism = 4 }));
        // above the overlap limit: no matrix
        Assert.Equal(4.0 * n + 16.0 * n, SetAudiences.EstimateMemoryBytes(g, 10, 2, one with { OverlapLimit = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SetAudiences.EstimateMemoryBytes(g, -1, 2));
    }

    [Fact]
    public void SetAudienceEstimate_BoundsWhatAComputationAllocatesOnItsThread()
    {
        var g = TestGraphs.RandomGraph(4000, 40000, 5, followeeSkew: 3);
        var members = Enumerable.Range(0, g.NodeCount).OrderByDescending(g.InDegreeOf).Take(20).ToList();
        var options = new SetAudienceOptions { MaxDegreeOfParallelism = 1 };
        SetAudiences.Compute(g, members, 2, options); // warm the workspace pool and the JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = SetAudiences.Compute(g, members, 2, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        double estimate = SetAudiences.EstimateMemoryBytes(g, 20, 2, options);
        Assert.True(r.UnionSize > 100);
        // an upper bound; with the workspace pooled the owner array and the stored audiences remain (at least a sixth of it)
        Assert.InRange(allocated, estimate / 6, estimate);
    }

    [Fact]
    public void ChangeComparisonEstimate_Is850BytesPerAccountOfBothSides_AndBoundsTheAllocation()
    {
        Assert.Equal(850.0 * (386_053 + 386_049), RankingComparer.EstimateMemoryBytes(386_053, 386_049));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingComparer.EstimateMemoryBytes(-1, 3));

        var a = TestGraphs.RandomGraph(3000, 20000, 7);
        var b = TestGraphs.RandomGraph(3000, 21000, 8);
        var ra = PageRank.Compute(a); var rb = PageRank.Compute(b);
        RankingComparer.Compare(ra, rb); // JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        var c = RankingComparer.Compare(ra, rb);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(c.Moves.Count > 2000);
        double estimate = RankingComparer.EstimateMemoryBytes(a.NodeCount, b.NodeCount);
        Assert.InRange(allocated, estimate / 3, estimate);
    }

    [Fact]
    public void Budget_RefusesTheComparisonWhenItDoesNotFit_AndNotWhenItDoes()
    {
        double estimate = RankingComparer.EstimateMemoryBytes(1000, 1000);
        Assert.NotNull(MemoryBudget.Refusal("changes", estimate, 500_000, 500_000 + (long)estimate - 1, null));
        Assert.Null(MemoryBudget.Refusal("changes", estimate, 500_000, 500_000 + (long)estimate, null));
    }
}

/// <summary>The guest list's memory estimate by objective.</summary>
public sealed class GuestListEstimateTests
{
    [Fact]
    public void Estimate_CountsLeidenUnlessComputed_TheOracleAndTheSketches()
    {
        var g = TestGraphs.RandomGraph(1000, 6000, 9);
        double n = g.NodeCount, m = g.EdgeCount;
        var two = new InfluenceGraph.Core.GuestList.GuestListRequest { Hops = 2, MaxDegreeOfParallelism = 1 };
        double leiden = InfluenceGraph.Core.Communities.Leiden.EstimateMemoryBytes(g, new InfluenceGraph.Core.Communities.LeidenOptions { MaxDegreeOfParallelism = 1 });
        double oracle = Math.Ceiling(n / 64) * 8 + 2 * (4 * m + 4 * n) + 16 * n;
        Assert.Equal(leiden + 64 * n + oracle, InfluenceGraph.Core.GuestList.GuestLists.EstimateMemoryBytes(g, two, spheresComputed: false), 6);
        Assert.Equal(64 * n + oracle, InfluenceGraph.Core.GuestList.GuestLists.EstimateMemoryBytes(g, two, spheresComputed: true), 6);
        var three = two with { Hops = 3, Registers = 256 };
        Assert.Equal(64 * n + oracle + 2 * n * 256, InfluenceGraph.Core.GuestList.GuestLists.EstimateMemoryBytes(g, three, spheresComputed: true), 6);
        var spread = two with { Objective = InfluenceGraph.Core.GuestList.GuestListObjective.Spread };
        Assert.Equal(64 * n, InfluenceGraph.Core.GuestList.GuestLists.EstimateMemoryBytes(g, spread, spheresComputed: true), 6);
    }
}

/// <summary>The influencer signals' memory estimate: the sum of the metrics they run, checked before any of them.</summary>
public sealed class InfluenceSignalsEstimateTests
{
    private static double MetricEstimate(InfluenceGraph.Core.Graph.GraphSnapshot g, string metric, MetricArguments a)
    {
        var m = MetricCatalog.Default.Find(metric)!;
        return m.EstimateMemoryBytes(g, m.Normalize(a, g));
    }

    [Fact]
    public void Estimate_IsTheSumOfPageRankBetweennessReach_PlusTheSignalsOwnArrays()
    {
        var g = TestGraphs.RandomGraph(1000, 6000, 9);
        var state = new InfluenceGraph.Core.Storage.GraphState("t", 1, g, new Dictionary<string, InfluenceGraph.Core.Graph.AccountAttributes>(StringComparer.Ordinal), DateTimeOffset.UnixEpoch, null);
        var options = new InfluenceGraph.Core.Influence.SignalOptions();
        double pagerank = MetricEstimate(g, "pagerank", MetricArguments.Empty.With("alpha", options.Alpha));
        double betweenness = MetricEstimate(g, "betweenness", MetricArguments.Empty); // 1,000 accounts: exact
        double reach = MetricEstimate(g, "reach", MetricArguments.Empty);
        double sum = pagerank + betweenness + reach + 64 * 1000;
        Assert.Equal(sum, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(state, options), 6);
        // more than any one of them: the results of the first stay while the next runs
        Assert.True(sum > betweenness + reach);
        // signals already cached are left out
        Assert.Equal(sum - betweenness, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(state, options, new HashSet<string> { "betweenness" }), 6);

        // political accounts add the personalized PageRank
        var attrs = new Dictionary<string, InfluenceGraph.Core.Graph.AccountAttributes>(StringComparer.Ordinal)
        {
            [g.Accounts[0]] = new() { Account = g.Accounts[0], IsPolitical = true },
        };
        var political = new InfluenceGraph.Core.Storage.GraphState("t", 1, g, attrs, DateTimeOffset.UnixEpoch, null);
        // its PageRank, the personalization (16 B per account + 96 B per political account) and the political lift (20 B per account)
        Assert.Equal(sum + pagerank + 16 * 1000 + 96 + 20 * 1000, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(political, options), 6);
        var parts = InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryParts(political, options);
        Assert.Equal((pagerank, pagerank + 16 * 1000 + 96, betweenness, reach, 84.0 * 1000), (parts.PageRank, parts.PoliticalPageRank, parts.Betweenness, parts.Reach, parts.Own));
        // a cached plain PageRank leaves the personalized one counted
        Assert.Equal(0, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryParts(political, options, new HashSet<string> { "pagerank" }).PageRank);
        Assert.Equal(parts.PoliticalPageRank, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryParts(political, options, new HashSet<string> { "pagerank" }).PoliticalPageRank);

        // above the exact limit, betweenness is the guaranteed-error estimate's (per thread the same kernels, sampled)
        var sampled = options with { ExactBetweennessMaxAccounts = 10 };
        var bc = InfluenceGraph.Core.Influence.InfluenceSignals.BetweennessOptionsFor(g, sampled);
        double sampledBc = MetricEstimate(g, "betweenness", MetricArguments.Empty.With("epsilon", bc.Epsilon).With("delta", bc.Delta).With("seed", bc.Seed));
        Assert.Equal(pagerank + sampledBc + reach + 64 * 1000, InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(state, sampled), 6);
    }

    [Fact]
    public void Budget_RefusesTheSignalsWhenTheSumDoesNotFit_ThoughEachAloneWould()
    {
        var g = TestGraphs.RandomGraph(1000, 6000, 9);
        var state = new InfluenceGraph.Core.Storage.GraphState("t", 1, g, new Dictionary<string, InfluenceGraph.Core.Graph.AccountAttributes>(StringComparer.Ordinal), DateTimeOffset.UnixEpoch, null);
        double sum = InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(state);
        double largest = MetricEstimate(g, "betweenness", MetricArguments.Empty);
        long available = 1_000_000 + (long)(largest + sum) / 2;
        Assert.Null(MemoryBudget.Refusal("betweenness", largest, 1_000_000, available, null));
        var refusal = MemoryBudget.Refusal(InfluenceGraph.Core.Influence.InfluenceSignals.AnalysisName(state), sum, 1_000_000, available, InfluenceGraph.Core.Influence.InfluenceSignals.MemoryHint);
        Assert.NotNull(refusal);
        Assert.StartsWith("influencer signals (PageRank, betweenness, reach, political proximity) on graph 't' (1,000 accounts", refusal.Analysis);
    }
}
