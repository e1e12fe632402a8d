using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Communities;

/// <summary>Leiden with 8-byte ties and exactly-sized aggregates: the same partitions as before, and its memory estimate.</summary>
public sealed class LeidenMemoryTests
{
    private static GraphSnapshot Random(int seed, int n, int rows, bool keep) =>
        TestGraphs.RandomGraph(n, rows, seed, new GraphBuildOptions(keep ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse), followeeSkew: 2);

    private static long Fingerprint(int[] membership)
    {
        long h = 0;
        foreach (int c in membership) h = (h * 31 + c) % 1_000_000_007;
        return h;
    }

    /// <summary>
    /// Values produced by the previous kernel (double tie weights, per-block aggregation buffers) on the same graphs and
    /// options, recorded when the storage changed: the partition (a fingerprint of the membership), its quality and its
    /// undirected modularity must be bit-identical, including multigraphs (tie weights above 2), directed modularity and CPM.
    /// </summary>
    [Theory]
    [InlineData(31, 400, 3000, false, CommunityObjective.Modularity, false, 1.0, 8, 0.24052415146923536, 0.24052415146923536, 80603196L)]
    [InlineData(32, 300, 2500, true, CommunityObjective.Modularity, true, 1.0, 9, 0.2285972806890211, 0.2282588990500153, 602306285L)]
    [InlineData(33, 500, 4000, true, CommunityObjective.Cpm, false, 0.05, 30, 0.19780866516403708, 0.2119290401076916, 942665790L)]
    [InlineData(34, 600, 5000, false, CommunityObjective.Modularity, false, 1.5, 25, 0.1854777006708487, 0.20852991547405397, 601728978L)]
    public void Run_IntegerTieWeights_GiveThePreviousKernelsPartitionBitForBit(int seed, int n, int rows, bool keep,
        CommunityObjective objective, bool directed, double resolution, int count, double quality, double modularity, long fingerprint)
    {
        var g = Random(seed, n, rows, keep);
        foreach (int threads in new[] { 1, 2 })
        {
            var r = Leiden.Run(g, new LeidenOptions { Objective = objective, Directed = directed, Resolution = resolution, MaxDegreeOfParallelism = threads });
            Assert.Equal(count, r.Count);
            Assert.Equal(quality, r.Quality);
            Assert.Equal(modularity, r.Modularity);
            Assert.Equal(fingerprint, Fingerprint(r.Membership));
        }
    }

    [Fact]
    public void EstimateMemoryBytes_FollowsItsFormula()
    {
        var g = Random(35, 1000, 8000, false);
        double n = g.NodeCount, m = g.EdgeCount;
        Assert.Equal(1.15 * (32 * m + (166 + 32 * 1) * n), Leiden.EstimateMemoryBytes(g, new LeidenOptions { MaxDegreeOfParallelism = 1 }), 6);
        Assert.Equal(1.15 * (32 * m + (166 + 32 * 4) * n), Leiden.EstimateMemoryBytes(g, new LeidenOptions { MaxDegreeOfParallelism = 4 }), 6);
        Assert.Equal(0, Leiden.EstimateMemoryBytes(GraphSnapshot.Empty));
    }

    [Fact]
    public void EstimateMemoryBytes_BoundsTheStructuresItCounts()
    {
        // The undirected view really costs 8 B per stored tie direction + 20 B per account, at most 16 B per follow + 20 B per account.
        var g = Random(36, 2000, 20000, true);
        var ties = TieGraph.FromSnapshot(g, 1);
        long view = 8L * ties.Adj.Length + 4L * ties.Offsets.Length + 16L * ties.N;
        Assert.Equal(ties.Adj.Length, ties.Weights.Length);
        Assert.True(ties.Adj.Length <= 2 * g.EdgeCount);
        Assert.True(ties.Adj.Length > g.EdgeCount, $"{ties.Adj.Length} stored tie directions for {g.EdgeCount} follows");
        double estimate = Leiden.EstimateMemoryBytes(g, new LeidenOptions { MaxDegreeOfParallelism = 1 });
        // the view plus a first aggregate as large, plus the per-account work arrays: within the estimate, and not far below it
        Assert.InRange(2.0 * view + 166 * g.NodeCount, 0.5 * estimate, estimate);
    }

    [Fact]
    public void Budget_RefusesLeidenWhenTheEstimateDoesNotFit_AndLetsItRunWhenItDoes()
    {
        var g = Random(37, 500, 4000, false);
        double estimate = Leiden.EstimateMemoryBytes(g);
        var refusal = MemoryBudget.Refusal(Leiden.AnalysisName("r", g), estimate, inUseBytes: 1000, availableBytes: (long)estimate, Leiden.MemoryHint);
        Assert.NotNull(refusal);
        Assert.StartsWith("Not started: communities (Leiden) on graph 'r' (500 accounts, ", refusal!.Message);
        Assert.Contains("37 B per follow", refusal.Message);
        Assert.Null(MemoryBudget.Refusal(Leiden.AnalysisName("r", g), estimate, inUseBytes: 1000, availableBytes: (long)Math.Ceiling(estimate) + 1000, Leiden.MemoryHint));
    }

    /// <summary>
    /// The full collections Leiden asks for after dropping large aggregates (so that a process does not hold every level's
    /// aggregate at once) run when the dropped bytes pass the threshold, and change nothing of the partition: with a threshold
    /// of 1 byte (a collection at every level) the first graph above gives the same membership, quality and modularity as with the default.
    /// </summary>
    [Fact]
    public void CollectionsBetweenLevels_RunPastTheThreshold_AndLeaveThePartitionBitIdentical()
    {
        var g = Random(31, 400, 3000, false);
        var reference = Leiden.Run(g, new LeidenOptions { MaxIterations = 8 });
        long threshold = Leiden.CollectThreshold;
        try
        {
            Leiden.CollectThreshold = 1;
            int full = GC.CollectionCount(GC.MaxGeneration);
            var collected = Leiden.Run(g, new LeidenOptions { MaxIterations = 8 });
            Assert.True(GC.CollectionCount(GC.MaxGeneration) > full, "no full collection ran");
            Assert.Equal(Fingerprint(reference.Membership), Fingerprint(collected.Membership));
            Assert.Equal(reference.Quality, collected.Quality);
            Assert.Equal(reference.Modularity, collected.Modularity);
        }
        finally { Leiden.CollectThreshold = threshold; }
        Assert.Equal(64L << 20, Leiden.CollectAfterDiscardedBytes);
    }
}
