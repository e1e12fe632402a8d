using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// PageRank against NetworkX 2.8.8 on small graphs, one test per option. Expected values were
/// computed with Debian's /usr/bin/python3 and networkx 2.8.8 at tol=1e-15 (the one-liner is
/// quoted above each test); the kernel runs at an L1 tolerance of 1e-13, so 1e-12 absolute holds.
/// </summary>
public class PageRankTests
{
    private const double Tight = 1e-13;
    private const double Close = 1e-12;

    //  Langville & Meyer's 6-node graph (networkx's test fixture), node 2 is dangling:
    //
    //      1 ---> 2          4 <---> 5
    //      ^ \    ^          ^ \     |
    //      |  v   |          |  v    v
    //      +-- 3 -+--> 5     +---- 6 <-- 5
    //
    //  edges 1->2 1->3 3->1 3->2 3->5 5->4 5->6 4->5 4->6 6->4
    private static readonly (string, string)[] LangvilleMeyerEdges =
        [("1", "2"), ("1", "3"), ("3", "1"), ("3", "2"), ("3", "5"), ("5", "4"), ("5", "6"), ("4", "5"), ("4", "6"), ("6", "4")];

    private static void AssertScores(PageRankResult r, params (string Account, double Expected)[] expected)
    {
        Assert.True(r.Converged);
        Assert.Equal(expected.Length, r.Graph.NodeCount);
        foreach (var (account, value) in expected)
            Assert.True(Math.Abs(r.ScoreOf(account) - value) < Close, $"{account}: got {r.ScoreOf(account):R}, networkx {value:R}");
    }

    // nx.pagerank(nx.DiGraph(LM), alpha=0.9, tol=1e-15, max_iter=10000)
    [Fact]
    public void Compute_LangvilleMeyer_Alpha09_MatchesNetworkX()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Alpha = 0.9, Tolerance = Tight });
        AssertScores(r, ("1", 0.03721196507800312), ("2", 0.053957349363104846), ("3", 0.04150565335623431),
            ("4", 0.3750808151098324), ("5", 0.20599833187742703), ("6", 0.2862458852153985));
    }

    // nx.pagerank(nx.DiGraph(LM), alpha=0.5, tol=1e-15, max_iter=10000)
    [Fact]
    public void Compute_Alpha05_MatchesNetworkX()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Alpha = 0.5, Tolerance = Tight });
        AssertScores(r, ("1", 0.11618257261410814), ("2", 0.14522821576763528), ("3", 0.12448132780083018),
            ("4", 0.23900414937759284), ("5", 0.1759336099585061), ("6", 0.19917012448132743));
    }

    // alpha 0: no link is followed, every account gets the teleport share 1/6 (networkx: 1/6 each).
    [Fact]
    public void Compute_Alpha0_IsTheTeleportVector()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Alpha = 0.0, Tolerance = Tight });
        Assert.All(r.Scores, s => Assert.Equal(1.0 / 6, s, 15));
        Assert.Equal(1, r.Iterations); // the uniform start is already the fixed point
    }

    // nx.pagerank(nx.DiGraph(LM), personalization={1: 1, 4: 3}, tol=1e-15, max_iter=10000)
    // Dangling node 2's rank restarts along the personalization (networkx dangling=None).
    [Fact]
    public void Compute_Personalization_DanglingFollowsPersonalization_MatchesNetworkX()
    {
        var o = new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 1, ["4"] = 3 }, Tolerance = Tight };
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), o);
        AssertScores(r, ("1", 0.049104189542172307), ("2", 0.026782243379460304), ("3", 0.0208692805554235),
            ("4", 0.44066152760785093), ("5", 0.1931941120573731), ("6", 0.26938864685771974));
    }

    // nx.pagerank(nx.DiGraph(LM), personalization={1: 1, 4: 3}, dangling={v: 1 for v in G}, tol=1e-15, max_iter=10000)
    [Fact]
    public void Compute_Personalization_DanglingUniform_MatchesNetworkX()
    {
        var o = new PageRankOptions
        {
            Personalization = new Dictionary<string, double> { ["1"] = 1, ["4"] = 3 },
            Dangling = DanglingPolicy.Uniform,
            Tolerance = Tight,
        };
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), o);
        AssertScores(r, ("1", 0.04944685994393136), ("2", 0.03296177542010242), ("3", 0.025684500327352384),
            ("4", 0.4285444156539645), ("5", 0.19407823659686574), ("6", 0.2692842120577835));
    }

    // Scaling every personalization weight by 1000 changes nothing: it is normalized (graph-tool does not normalize).
    [Fact]
    public void Compute_Personalization_IsNormalized()
    {
        var g = TestGraphs.FromPairs(LangvilleMeyerEdges);
        var a = PageRank.Compute(g, new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 1, ["4"] = 3 }, Tolerance = Tight });
        var b = PageRank.Compute(g, new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 1000, ["4"] = 3000 }, Tolerance = Tight });
        for (int v = 0; v < g.NodeCount; v++) Assert.Equal(a.Scores[v], b.Scores[v], 14);
        Assert.Equal(1.0, b.Scores.Sum(), 12);
    }

    // DUP = 0->1 (x3), 0->2, 1->2, 2->0, 2->1
    // nx.pagerank(nx.DiGraph(DUP)) = [0.23391812865497041, 0.33333333333333326, 0.4327485380116961]
    // nx.pagerank(nx.MultiDiGraph(DUP)) = [0.22395756593487504, 0.36673051421835867, 0.40931191984676607] (igraph, graph-tool too)
    [Theory]
    [InlineData(DuplicateEdgePolicy.Collapse, 0.23391812865497041, 0.33333333333333326, 0.4327485380116961)]
    [InlineData(DuplicateEdgePolicy.Keep, 0.22395756593487504, 0.36673051421835867, 0.40931191984676607)]
    public void Compute_DuplicateRows_FollowTheSnapshotPolicy(DuplicateEdgePolicy policy, double x0, double x1, double x2)
    {
        var g = TestGraphs.FromPairs([("0", "1"), ("0", "1"), ("0", "1"), ("0", "2"), ("1", "2"), ("2", "0"), ("2", "1")], new GraphBuildOptions(policy));
        AssertScores(PageRank.Compute(g, new PageRankOptions { Tolerance = Tight }), ("0", x0), ("1", x1), ("2", x2));
    }

    //  a -1-> b, a -3-> c, b -0.5-> c, c -2-> a, c -2-> b, d -0-> a   (weights are transition strengths)
    //  d's only out-edge weighs 0, so d is dangling.
    private static GraphSnapshot WeightedGraph()
    {
        var b = new GraphBuilder();
        b.AddEdge("a", "b", 1.0); b.AddEdge("a", "c", 3.0); b.AddEdge("b", "c", 0.5);
        b.AddEdge("c", "a", 2.0); b.AddEdge("c", "b", 2.0); b.AddEdge("d", "a", 0.0);
        return b.Build();
    }

    // W.add_weighted_edges_from([...]); nx.pagerank(W, tol=1e-15, max_iter=10000)
    [Fact]
    public void Compute_Weighted_ZeroOutWeightIsDangling_MatchesNetworkX()
    {
        var r = PageRank.Compute(WeightedGraph(), new PageRankOptions { Weighted = true, Tolerance = Tight });
        AssertScores(r, ("a", 0.23314850179079577), ("b", 0.28269255842133967), ("c", 0.4365398921688173), ("d", 0.04761904761904763));
    }

    // Transition probabilities depend only on each account's weight ratios: weights scaled per account by
    // 1e-318 (subnormal) or 5e307 (a and c: out-weights summing past double.MaxValue) give the networkx values of WeightedGraph().
    [Theory]
    [InlineData(1e-318)]
    [InlineData(5e307)]
    public void Compute_Weighted_ExtremeWeightMagnitudes_SameProbabilities(double scale)
    {
        var b = new GraphBuilder();
        b.AddEdge("a", "b", 1.0 * scale); b.AddEdge("a", "c", 3.0 * scale); b.AddEdge("b", "c", 0.5 * scale);
        b.AddEdge("c", "a", 2.0 * scale); b.AddEdge("c", "b", 2.0 * scale); b.AddEdge("d", "a", 0.0);
        var r = PageRank.Compute(b.Build(), new PageRankOptions { Weighted = true, Tolerance = Tight });
        AssertScores(r, ("a", 0.23314850179079577), ("b", 0.28269255842133967), ("c", 0.4365398921688173), ("d", 0.04761904761904763));
    }

    // nx.pagerank(W, weight=None, tol=1e-15, max_iter=10000): the same graph, weights ignored.
    [Fact]
    public void Compute_WeightedSnapshot_UnweightedOption_IgnoresWeights()
    {
        var r = PageRank.Compute(WeightedGraph(), new PageRankOptions { Weighted = false, Tolerance = Tight });
        AssertScores(r, ("a", 0.24228224068944318), ("b", 0.31337719298245614), ("c", 0.40684056632810073), ("d", 0.037500000000000006));
    }

    // S = 0->1 1->1 1->2 2->2 2->3 3->3 3->0 0->2, plus isolated node 4
    // nx.pagerank(S, tol=1e-15, max_iter=10000): a self-loop is an ordinary out-edge; the isolated node is dangling.
    [Fact]
    public void Compute_SelfLoopsAndIsolatedAccount_MatchNetworkX()
    {
        var g = TestGraphs.FromPairs([("0", "1"), ("1", "1"), ("1", "2"), ("2", "2"), ("2", "3"), ("3", "3"), ("3", "0"), ("0", "2")], null, "4");
        AssertScores(PageRank.Compute(g, new PageRankOptions { Tolerance = Tight }),
            ("0", 0.1630342710793538), ("1", 0.1833637278643117), ("2", 0.3188934397640198), ("3", 0.2985639829790619), ("4", 0.03614457831325302));
    }

    //  alice -> bob <- carol, bob -> carol (the README's example). Solved by hand:
    //  x_a = 0.05; x_b = 0.05 + 0.85(x_a + x_c); x_c = 0.05 + 0.85 x_b
    //  => x_b = (0.05 + 0.85·0.05 + 0.85·0.05)/(1 − 0.7225) = 0.1350/0.2775, x_c = 0.05 + 0.85 x_b.
    [Fact]
    public void Compute_ReadmeExample_CarolAboveAlice()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs([("alice", "bob"), ("carol", "bob"), ("bob", "carol")]), new PageRankOptions { Tolerance = Tight });
        double b = 0.1350 / 0.2775, c = 0.05 + 0.85 * b;
        AssertScores(r, ("alice", 0.05), ("bob", b), ("carol", c));
        Assert.Equal(["bob", "carol", "alice"], r.Top(3).Select(t => t.Account));
    }

    [Fact]
    public void Compute_EmptyGraph_ConvergedWithNoScores()
    {
        var r = PageRank.Compute(GraphSnapshot.Empty);
        Assert.Empty(r.Scores);
        Assert.True(r.Converged);
        Assert.Equal(0, r.Iterations);
    }

    // The chain a1 -> a2 -> a3 needs 18 networkx iterations at tol 1e-6; after 5 the L1 change is 0.028
    // (../shared/cases/pr-maxiter-nonconvergence). The flag says so and EnsureConverged throws.
    [Fact]
    public void Compute_MaxIterationsReached_ReportsNotConverged_EnsureConvergedThrows()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs([("a1", "a2"), ("a2", "a3")]), new PageRankOptions { Tolerance = 1e-6, MaxIterations = 5 });
        Assert.False(r.Converged);
        Assert.Equal(5, r.Iterations);
        Assert.True(r.Residual >= 1e-6);
        var e = Assert.Throws<PageRankConvergenceException>(() => r.EnsureConverged());
        Assert.Contains("converge", e.Message);
        Assert.Equal(5, e.Iterations);
    }

    [Fact]
    public void EnsureConverged_Converged_ReturnsSameResult()
    {
        var r = PageRank.Compute(TestGraphs.FromPairs([("a1", "a2"), ("a2", "a3")]));
        Assert.Same(r, r.EnsureConverged());
    }

    // The stopping rule is an absolute L1 change, not n·tol: on a 3000-account graph with tol 1e-6 NetworkX
    // would stop at an L1 change of 3e-3; we stop below 1e-6 and the scores are within 1e-6·α/(1−α) (L1) of the fixed point.
    [Fact]
    public void Compute_Tolerance_IsNotScaledByNodeCount()
    {
        var g = PageRankGraphs.Uniform(seed: 7, n: 3000, m: 9000);
        var loose = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-6 });
        var tight = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-14 });
        Assert.True(loose.Converged);
        Assert.True(loose.Residual < 1e-6, $"residual {loose.Residual}");
        double l1 = 0;
        for (int v = 0; v < g.NodeCount; v++) l1 += Math.Abs(loose.Scores[v] - tight.Scores[v]);
        Assert.True(l1 < 1e-6 * 0.85 / 0.15, $"L1 distance to the fixed point {l1}");
    }

    // A warm start at (nearly) the answer converges to the same fixed point in fewer iterations.
    [Fact]
    public void Compute_WarmStart_SameFixedPointFewerIterations()
    {
        var g = PageRankGraphs.Uniform(seed: 3, n: 500, m: 3000);
        var cold = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-13 });
        var start = cold.Scores.Select(s => s * 42).ToArray(); // normalized on entry
        var warm = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-13, WarmStart = start });
        Assert.True(warm.Converged);
        Assert.True(warm.Iterations < cold.Iterations / 2, $"warm {warm.Iterations} vs cold {cold.Iterations}");
        for (int v = 0; v < g.NodeCount; v++) Assert.Equal(cold.Scores[v], warm.Scores[v], 12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Compute_AlphaOutOfRange_Throws(double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Alpha = alpha }));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Compute_ToleranceNotPositive_Throws(double tol) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Tolerance = tol }));

    [Fact]
    public void Compute_MaxIterationsZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { MaxIterations = 0 }));

    [Fact]
    public void Compute_MaxDegreeOfParallelismZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { MaxDegreeOfParallelism = 0 }));

    [Theory]
    [InlineData("2", -1.0, "'2'")]
    [InlineData("2", double.NaN, "'2'")]
    [InlineData("2", double.PositiveInfinity, "'2'")]
    [InlineData("zz9", 1.0, "'zz9'")]
    public void Compute_BadPersonalization_ThrowsNamingTheAccount(string account, double weight, string mention)
    {
        var o = new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 1, [account] = weight } };
        var e = Assert.Throws<ArgumentException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), o));
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Compute_AllZeroPersonalization_Throws()
    {
        var o = new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 0, ["2"] = 0 } };
        var e = Assert.Throws<ArgumentException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), o));
        Assert.Contains("sum to 0", e.Message);
        Assert.Throws<ArgumentException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Personalization = new Dictionary<string, double>() }));
    }

    [Fact]
    public void Compute_PersonalizationNamesOneAccountTwice_Throws()
    {
        var o = new PageRankOptions { Personalization = new Dictionary<string, double> { ["1"] = 1, [" 1 "] = 2 } };
        var e = Assert.Throws<ArgumentException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), o));
        Assert.Contains("twice", e.Message);
    }

    [Theory]
    [InlineData(5, 0.0)]   // wrong length
    [InlineData(6, -1.0)]  // a negative entry
    [InlineData(6, 0.0)]   // all zero
    public void Compute_BadWarmStart_Throws(int length, double value)
    {
        var start = new double[length];
        Array.Fill(start, 0.0);
        if (value != 0) start[0] = value;
        Assert.Throws<ArgumentException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { WarmStart = start }));
    }

    [Fact]
    public void Compute_ReportsProgressOncePerIteration()
    {
        var reports = new List<CentralityProgress>();
        var r = PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), new PageRankOptions { Tolerance = 1e-10 }, new SyncProgress(reports.Add));
        Assert.Equal(r.Iterations, reports.Count);
        Assert.Equal(Enumerable.Range(1, r.Iterations).Select(i => (long)i), reports.Select(p => p.Done));
        Assert.All(reports, p => Assert.Equal(200, p.Total));
    }

    [Fact]
    public void Compute_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PageRank.Compute(TestGraphs.FromPairs(LangvilleMeyerEdges), null, null, cts.Token));
    }

    [Fact]
    public void Compute_CancelledDuringIterations_Throws()
    {
        using var cts = new CancellationTokenSource();
        var g = PageRankGraphs.Uniform(seed: 5, n: 20_000, m: 100_000);
        var progress = new SyncProgress(p => { if (p.Done == 2) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-15 }, progress, cts.Token));
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress(Action<CentralityProgress> report) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) => report(value);
    }
}
