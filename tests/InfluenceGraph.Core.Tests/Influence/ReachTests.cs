using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class ReachTests
{
    /// <summary>Brute force: the set (followers ∪ followers of followers) \ {v}, built with HashSets.</summary>
    private static int[] BruteForce(GraphSnapshot g)
    {
        var r = new int[g.NodeCount];
        for (int v = 0; v < g.NodeCount; v++)
        {
            var set = new HashSet<int>();
            foreach (int u in g.Followers(v)) { set.Add(u); foreach (int w in g.Followers(u)) set.Add(w); }
            set.Remove(v);
            r[v] = set.Count;
        }
        return r;
    }

    // Skewed followees (cubes of uniforms) so some accounts have large audiences; self-loops and repeats allowed.
    private static GraphSnapshot Random(int n, int m, int seed, bool multigraph = false) =>
        TestGraphs.RandomGraph(n, m, seed, new GraphBuildOptions(multigraph ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse), followeeSkew: 3);

    /*
        a -> b <- c        edges: a b, c b, b c, d c
             b -> c <- d
        reach(b) = {a, c} ∪ followers(a) ∪ followers(c) = {a, c} ∪ {} ∪ {b, d} minus b = {a, c, d} = 3
        reach(c) = {b, d} ∪ followers(b) = {a, c} minus c             = {b, d, a}    = 3
        reach(a) = reach(d) = 0 (nobody follows them)
    */
    [Fact]
    public void Compute_HandDrawnGraph_CountsTwoHopAudienceExcludingSelf()
    {
        var g = TestGraphs.FromText("a b\nc b\nb c\nd c");
        var r = Reach.Compute(g);
        Assert.True(r.IsExact);
        Assert.Equal(3, r.ScoreOf("b"));
        Assert.Equal(3, r.ScoreOf("c"));
        Assert.Equal(0, r.ScoreOf("a"));
        Assert.Equal(0, r.ScoreOf("d"));
    }

    [Fact]
    public void Compute_SelfLoopAndDuplicates_DoNotCount()
    {
        // x follows itself and y twice (multigraph): reach(y) = {x}, reach(x) = {} (itself excluded).
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        b.AddEdge("x", "x"); b.AddEdge("x", "y"); b.AddEdge("x", "y");
        var r = Reach.Compute(b.Build());
        Assert.Equal(1, r.ScoreOf("y"));
        Assert.Equal(0, r.ScoreOf("x"));
    }

    [Theory]
    [InlineData(1, 50, 200, false)]
    [InlineData(2, 300, 3000, false)]
    [InlineData(3, 300, 3000, true)]
    [InlineData(4, 1000, 20000, false)]
    public void Compute_Exact_EqualsBruteForceOnRandomGraphs(int seed, int n, int m, bool multigraph)
    {
        var g = Random(n, m, seed, multigraph);
        var expected = BruteForce(g);
        var r = Reach.Compute(g, new ReachOptions { Method = ReachMethod.Exact });
        Assert.Equal(expected.Select(x => (double)x), r.Scores);
        var single = Reach.Compute(g, new ReachOptions { Method = ReachMethod.Exact, MaxDegreeOfParallelism = 1 });
        Assert.Equal(r.Scores, single.Scores);
    }

    [Fact]
    public void Compute_Empty_NoScores() => Assert.Empty(Reach.Compute(GraphSnapshot.Empty).Scores);

    [Fact]
    public void Compute_HyperLogLog_WithinErrorBoundsOfExact()
    {
        // p = 6 (64 registers, standard error ~13%) forces estimation on accounts whose own work exceeds 256.
        var g = Random(5000, 60000, 11);
        var exact = BruteForce(g);
        var r = Reach.Compute(g, new ReachOptions { Method = ReachMethod.HyperLogLog, Precision = 6 });
        Assert.False(r.IsExact);
        // an account's own exact work: in(v) + sum of in(u) over its followers u
        int Work(int v) => g.InDegreeOf(v) + g.Followers(v).ToArray().Sum(g.InDegreeOf);
        var estimated = Enumerable.Range(0, g.NodeCount).Where(v => Work(v) > 256).ToArray();
        for (int v = 0; v < g.NodeCount; v++)
        {
            if (Work(v) > 256) Assert.True(Math.Abs(r.Scores[v] - exact[v]) / exact[v] < 0.5, $"account {v}: {r.Scores[v]} vs {exact[v]}");
            else Assert.Equal(exact[v], r.Scores[v]); // small audiences are still counted exactly
        }
        Assert.True(estimated.Length > 10);
        // mean relative error of the estimated ones near the theoretical 1.04/sqrt(64) = 13%
        double mean = estimated.Average(v => Math.Abs(r.Scores[v] - exact[v]) / exact[v]);
        Assert.True(mean < 0.2, $"mean relative error {mean:P1}");
    }

    [Fact]
    public void Compute_Auto_SwitchesToEstimateAboveWorkLimit()
    {
        var g = Random(300, 3000, 5);
        Assert.True(Reach.Compute(g).IsExact);
        var r = Reach.Compute(g, new ReachOptions { ExactWorkLimit = 10, Registers = 256 });
        Assert.Equal(ReachMethod.HyperBall, r.Method);
        Assert.False(r.IsExact);
        Assert.Equal(256, r.Registers);
        Assert.Equal(0.78 / 16, r.RelativeStandardError!.Value, 1e-9);
        Assert.Equal(Reach.ExactWork(g), r.Work);
        // the same counts as HyperBall asked for directly
        var hb = Reach.Compute(g, new ReachOptions { Method = ReachMethod.HyperBall, Registers = 256 });
        Assert.Equal(hb.Scores, r.Scores);
        // and within a few standard errors of the exact counts on the accounts with sizeable audiences
        var exact = BruteForce(g);
        var big = Enumerable.Range(0, g.NodeCount).Where(v => exact[v] >= 50).ToArray();
        Assert.True(big.Length > 20, $"{big.Length} accounts with 50+ audience");
        double mean = big.Average(v => Math.Abs(r.Scores[v] - exact[v]) / exact[v]);
        Assert.True(mean < 0.1, $"mean relative error {mean:P1} (standard error 4.9%)");
    }

    /// <summary>The stamp-array kernel alone (the kernel before the dense bitset), as the reference.</summary>
    private static double[] StampOnly(GraphSnapshot g)
    {
        var stamp = Enumerable.Repeat(-1, g.NodeCount).ToArray();
        return Enumerable.Range(0, g.NodeCount).Select(v => (double)Reach.CountExact(g, v, stamp)).ToArray();
    }

    [Theory]
    [InlineData(21, 70, 900, false)]     // n not a multiple of 64: the last bitset word is partial
    [InlineData(22, 64, 2000, true)]     // multigraph, dense: most targets reach nearly everyone
    [InlineData(23, 2000, 30000, false)]
    [InlineData(24, 129, 400, true)]
    public void ComputeExact_DenseBitsetKernel_EqualsStampKernelAndBruteForce(int seed, int n, int m, bool multigraph)
    {
        var g = Random(n, m, seed, multigraph);
        var reference = StampOnly(g);
        Assert.Equal(BruteForce(g).Select(x => (double)x), reference);
        Assert.Contains(reference, x => x > 0);
        // every target on the dense path, every target on the stamp path, and the production threshold
        foreach (long threshold in new[] { 0L, long.MaxValue, Reach.DenseWorkThreshold(n) })
        {
            Assert.Equal(reference, Reach.ComputeExact(g, 2, CancellationToken.None, threshold));
            Assert.Equal(reference, Reach.ComputeExact(g, 1, CancellationToken.None, threshold));
        }
    }

    [Fact]
    public void ComputeExact_DenseKernel_ExcludesTheTargetAndCountsAccountsAtWordBoundaries()
    {
        // 130 accounts a0..a129; a63, a64, a127, a128 and a129 sit at 64-bit word edges. a0 follows a129, every
        // other account follows a0: reach(a129) = {a0} ∪ followers(a0) minus a129 = 129.
        var b = new GraphBuilder();
        for (int i = 0; i < 130; i++) Assert.Equal(i, b.AddAccount($"a{i}"));
        b.AddEdge(0, 129);
        for (int i = 1; i < 130; i++) b.AddEdge(i, 0);
        var g = b.Build();
        var dense = Reach.ComputeExact(g, 1, CancellationToken.None, 0);
        Assert.Equal(129, dense[129]);
        Assert.Equal(129, dense[0]);   // a1..a129 directly, a0 itself (through a129) excluded
        Assert.Equal(0, dense[64]);    // nobody follows a64
        Assert.Equal(StampOnly(g), dense);
    }

    [Fact]
    public void Compute_BadPrecision_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Reach.Compute(GraphSnapshot.Empty, new ReachOptions { Precision = 3 }));
}
