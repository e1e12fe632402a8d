using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Guaranteed-error betweenness (Riondato and Kornaropoulos 2016): the sample size formula, the
/// vertex-diameter bound, thread independence, and the guarantee checked empirically against exact
/// normalized betweenness on public networks (max error ≤ ε in every one of 20 seeded runs).
/// </summary>
public class BetweennessGuaranteeTests
{
    [Theory]
    // VD = 10: ⌊log2 8⌋ + 1 = 4; (0.5/0.01)(4 + ln 10) = 315.13 → 316.
    [InlineData(10, 0.1, 0.1, 316)]
    // VD = 3: ⌊log2 1⌋ + 1 = 1; (0.5/0.0025)(1 + ln 20) = 799.15 → 800.
    [InlineData(3, 0.05, 0.05, 800)]
    // VD = 2 (no account inside any shortest path): the term is 1, as for VD = 3.
    [InlineData(2, 0.05, 0.05, 800)]
    // VD = 35: ⌊log2 33⌋ + 1 = 6; (0.5/0.0001)(6 + ln 10) = 41512.9 → 41513.
    [InlineData(35, 0.01, 0.1, 41513)]
    public void SampleSize_FollowsTheFormula(int vd, double epsilon, double delta, int expected) =>
        Assert.Equal(expected, BetweennessSampling.SampleSize(vd, epsilon, delta));

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(1.0, 0.1)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.1, double.NaN)]
    public void SampleSize_RejectsOutOfRange(double epsilon, double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BetweennessSampling.SampleSize(10, epsilon, delta));

    [Fact]
    public void VertexDiameterBound_DirectedPathAndCycle()
    {
        // a -> b -> c -> d -> e: five singleton components in a chain; VD = 5 exactly.
        var path = TestGraphs.FromText("a b\nb c\nc d\nd e");
        Assert.Equal(5, BetweennessSampling.VertexDiameterBound(TraversalGraph.From(path), out string m));
        Assert.Equal("bfs-eccentricity", m);
        // A directed 6-cycle: ecc_out + ecc_in = 10 hops, capped at |C| - 1 = 5: VD ≤ 6 (exact).
        var cycle = TestGraphs.FromText("a b\nb c\nc d\nd e\ne f\nf a");
        Assert.Equal(6, BetweennessSampling.VertexDiameterBound(TraversalGraph.From(cycle), out _));
        // Its undirected view: 2 × eccentricity 3 = 6 hops, capped at 5 → 6; the true VD is 4.
        Assert.Equal(6, BetweennessSampling.VertexDiameterBound(TraversalGraph.From(cycle, EdgeDirection.Both), out _));
        // A 2-cycle feeding a chain: x <-> y -> z -> w: component {x, y} (1 hop) + z + w = 4 accounts.
        var mixed = TestGraphs.FromText("x y\ny x\ny z\nz w");
        Assert.Equal(4, BetweennessSampling.VertexDiameterBound(TraversalGraph.From(mixed), out _));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void VertexDiameterBound_IsAnUpperBound_OnRandomGraphs(int seed, bool undirected)
    {
        var g = TestGraphs.RandomGraph(60, 90, seed, followeeSkew: 2);
        var tg = TraversalGraph.From(g, undirected ? EdgeDirection.Both : EdgeDirection.Out);
        int bound = BetweennessSampling.VertexDiameterBound(tg, out _);
        int trueVd = 1;
        var bfs = new BreadthFirstSearch(tg);
        for (int s = 0; s < g.NodeCount; s++)
        {
            bfs.Run(s);
            trueVd = Math.Max(trueVd, bfs.LevelCount);
        }
        Assert.InRange(bound, trueVd, g.NodeCount);
    }

    [Fact]
    public void Estimate_IsBitIdenticalForAnyThreadCount_AndDependsOnTheSeed()
    {
        var g = TestGraphs.RandomGraph(300, 1500, 11, followeeSkew: 2);
        BetweennessResult Run(int threads, int seed) => Betweenness.Compute(g, new BetweennessOptions { Epsilon = 0.1, Delta = 0.1, Seed = seed, MaxDegreeOfParallelism = threads });
        var one = Run(1, 5);
        var two = Run(2, 5);
        Assert.Equal(one.Scores, two.Scores);
        Assert.NotEqual(one.Scores, Run(2, 6).Scores);
        var gu = one.Guarantee!;
        Assert.Equal(0.1, gu.Epsilon);
        Assert.Equal(gu.SampleSize, one.SourcesUsed);
        Assert.False(one.IsExact);
        // ε is tightened by (n-2)/n = 298/300 before sizing the sample.
        Assert.Equal(BetweennessSampling.SampleSize(gu.VertexDiameterBound, 0.1 * 298 / 300, 0.1), gu.SampleSize);
    }

    /// <summary>
    /// The bidirectional sampler draws every shortest u → v path with probability 1/σ_uv: with a large sample the
    /// estimate converges to the exact values. Dense random graphs have many shortest paths per pair, joined by many
    /// frontier edges with unequal σ_ux·σ_wv, so a joining edge or a predecessor/successor chosen with the wrong
    /// weight leaves a systematic error; the standard error here is ≤ 0.0007, the bound checked 0.003.
    /// </summary>
    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    public void Estimate_WithManySamples_ConvergesToExact(int seed, bool undirected)
    {
        var g = TestGraphs.Gnp(seed, 60, 0.06);
        var exact = Betweenness.Compute(g, new BetweennessOptions { Undirected = undirected });
        Assert.True(exact.Scores.Max() > 0.03, "the graph must have accounts with a sizeable betweenness");
        var est = Betweenness.Compute(g, new BetweennessOptions { Epsilon = 0.004, Delta = 0.1, Seed = 1, Undirected = undirected });
        Assert.True(est.Guarantee!.SampleSize > 100_000, $"sample size {est.Guarantee.SampleSize}");
        double err = MaxError(exact.Scores, est.Scores);
        Assert.True(err <= 0.003, $"max error {err} over {est.Guarantee.SampleSize} sampled paths");
    }

    /// <summary>
    /// Three shortest s → t paths share their nodes unequally (s x1 y1 t, s x2 y1 t, s x2 y2 t) and t is the only
    /// account reached in 3 hops: with ε small the estimate of x2 and y1 (on 2 of the 3 paths) is twice that of x1
    /// and y2 (on 1), which a joining edge drawn uniformly rather than by σ_ux·σ_wv would not give.
    /// </summary>
    [Fact]
    public void Estimate_WeighsEachShortestPathEqually()
    {
        var g = TestGraphs.FromText("s x1\ns x2\nx1 y1\nx2 y1\nx2 y2\ny1 t\ny2 t");
        var exact = Betweenness.Compute(g, new BetweennessOptions { Normalized = false });
        var est = Betweenness.Compute(g, new BetweennessOptions { Epsilon = 0.005, Seed = 2, Normalized = false });
        int N(string a) { Assert.True(g.TryGetNode(a, out int v)); return v; }
        // Exact (NetworkX): x1 on s→y1 (1/2) and s→t (1/3); x2 on s→y1 (1/2), s→y2 (1) and s→t (2/3).
        Assert.Equal(1.0 / 2 + 1.0 / 3, exact.Scores[N("x1")], 12);
        Assert.Equal(1.0 / 2 + 1 + 2.0 / 3, exact.Scores[N("x2")], 12);
        // The guarantee on the unnormalized scale: within ε · (n-1)(n-2) = 0.005 · 20.
        foreach (string a in new[] { "x1", "x2", "y1", "y2" })
            Assert.True(Math.Abs(est.Scores[N(a)] - exact.Scores[N(a)]) <= 0.1, $"{a}: {est.Scores[N(a)]} vs exact {exact.Scores[N(a)]}");
    }

    [Fact]
    public void Estimate_Unnormalized_IsTheNormalizedEstimateRescaled()
    {
        var g = TestGraphs.RandomGraph(200, 800, 3, followeeSkew: 2);
        var norm = Betweenness.Compute(g, new BetweennessOptions { Epsilon = 0.1, Seed = 1 });
        var raw = Betweenness.Compute(g, new BetweennessOptions { Epsilon = 0.1, Seed = 1, Normalized = false, Undirected = false });
        for (int v = 0; v < g.NodeCount; v++) Assert.Equal(norm.Scores[v] * 199 * 198, raw.Scores[v], 9);
        Assert.Equal(0.1, norm.Guarantee!.Delta); // the default δ
    }

    [Fact]
    public void Estimate_Weighted_UsesComponentSizes_AndStaysWithinEpsilon()
    {
        var g = TestGraphs.RandomGraph(120, 500, 8, followeeSkew: 2, weight: r => 1 + r.Next(3));
        var exact = Betweenness.Compute(g, new BetweennessOptions { Weighted = true });
        var est = Betweenness.Compute(g, new BetweennessOptions { Weighted = true, Epsilon = 0.05, Seed = 2 });
        Assert.Equal("component-size", est.Guarantee!.DiameterMethod);
        Assert.True(exact.Scores.Max() > 0.1, "the test graph needs a real broker");
        Assert.True(MaxError(exact.Scores, est.Scores) <= 0.05);
    }

    [Theory]
    [InlineData("Samples")]
    [InlineData("Endpoints")]
    [InlineData("Cutoff")]
    [InlineData("DeltaAlone")]
    public void Epsilon_CombinedWithAnotherMode_IsRejected(string other)
    {
        var g = TestGraphs.FromText("a b\nb c");
        var o = other switch
        {
            "Samples" => new BetweennessOptions { Epsilon = 0.1, Samples = 2 },
            "Endpoints" => new BetweennessOptions { Epsilon = 0.1, Endpoints = true },
            "Cutoff" => new BetweennessOptions { Epsilon = 0.1, Cutoff = 2 },
            _ => new BetweennessOptions { Delta = 0.1 },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => Betweenness.Compute(g, o));
        Assert.Contains(other == "DeltaAlone" ? "Epsilon" : other, e.Message);
    }

    /// <summary>
    /// The guarantee, empirically: on each network, 20 seeded runs; in every run the largest error
    /// over all accounts is at most ε (the theorem allows δ = 10% of runs to fail; the constant is
    /// conservative, so none should).
    /// </summary>
    [SharedTheory]
    [InlineData("email-eu-core", 0.02, false)]
    [InlineData("wiki-vote", 0.015, false)]
    [InlineData("congress-twitter", 0.03, true)]
    public void Guarantee_HoldsInAllOf20SeededRuns(string network, double epsilon, bool undirected)
    {
        var g = ImportedGraphs.Oracle(network);
        var exact = Betweenness.Compute(g, new BetweennessOptions { Undirected = undirected });
        double top = exact.Scores.Max();
        Assert.True(top > epsilon, $"{network}: the largest betweenness {top} must exceed ε, or an all-zero estimate would pass");
        double worst = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var est = Betweenness.Compute(g, new BetweennessOptions { Epsilon = epsilon, Delta = 0.1, Seed = seed, Undirected = undirected });
            double err = MaxError(exact.Scores, est.Scores);
            Assert.True(err <= epsilon, $"{network}, seed {seed}: max error {err} > ε = {epsilon} (r = {est.Guarantee!.SampleSize}, VD ≤ {est.Guarantee.VertexDiameterBound})");
            worst = Math.Max(worst, err);
        }
        Assert.True(worst > 0, "a sampled estimate that is exact everywhere would mean the sampler did not sample");
    }

    private static double MaxError(ReadOnlySpan<double> exact, ReadOnlySpan<double> estimate)
    {
        double max = 0;
        for (int v = 0; v < exact.Length; v++) max = Math.Max(max, Math.Abs(exact[v] - estimate[v]));
        return max;
    }
}
