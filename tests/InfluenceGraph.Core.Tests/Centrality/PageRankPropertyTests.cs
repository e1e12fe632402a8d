using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport.Reference;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>Seeded random graphs for the PageRank tests (rows kept so the reference can read them too).</summary>
internal static class PageRankGraphs
{
    /// <summary>
    /// Edge rows of a random multigraph on accounts u0..u(n-1) with loops and isolated accounts: skewed
    /// endpoints (squares of uniforms) give hubs, dangling and isolated accounts; weights in [0, 5]
    /// with two decimals, one row in ten weighing 0 when <paramref name="zeroWeights"/>.
    /// </summary>
    public static EdgeRows Rows(int seed, int n, int m, bool zeroWeights = true) =>
        TestGraphs.Random(n, m, seed, prefix: "u", followerSkew: 2, followeeSkew: 2,
            weight: rng => zeroWeights && rng.Next(10) == 0 ? 0.0 : Math.Round(rng.NextDouble() * 5, 2));

    /// <summary>The unweighted collapsed graph of <see cref="Rows"/>.</summary>
    public static GraphSnapshot Uniform(int seed, int n, int m) => Rows(seed, n, m).Build();
}

/// <summary>
/// Seeded property tests: the CSR kernel equals the dictionary reference
/// (<see cref="ReferencePageRank"/>) on random graphs with every option, sums to 1, and is
/// bit-identical whatever the thread count.
/// </summary>
public class PageRankPropertyTests
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Compute_RandomGraph_EqualsReference(int seed)
    {
        var rng = new Random(seed * 7919);
        int n = rng.Next(2, 120);
        int m = rng.Next(0, 5 * n);
        var edges = PageRankGraphs.Rows(seed, n, m);
        var (accounts, rows) = (edges.Accounts, edges.Rows);
        bool weighted = seed % 2 == 0;
        bool multi = seed % 3 == 0;
        bool danglingUniform = seed % 4 == 1;
        double alpha = new[] { 0.85, 0.5, 0.95, 0.1 }[seed % 4];
        Dictionary<string, double>? pers = null;
        if (seed % 3 != 1)
        {
            pers = new Dictionary<string, double>();
            foreach (var a in accounts.Where(_ => rng.Next(4) == 0)) pers[a] = rng.Next(3); // zeros included
            pers[accounts[rng.Next(n)]] = 1.5;
        }

        var g = edges.Build(new GraphBuildOptions(multi ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse), weighted);
        var options = new PageRankOptions
        {
            Alpha = alpha, Weighted = weighted, Personalization = pers, Tolerance = 1e-14, MaxIterations = 10_000,
            Dangling = danglingUniform ? DanglingPolicy.Uniform : DanglingPolicy.Personalization,
        };
        var r = PageRank.Compute(g, options);
        var expected = ReferencePageRank.Compute(accounts, rows, alpha, weighted, multi, pers, danglingUniform, tolerance: 1e-14);

        Assert.True(r.Converged);
        Assert.Equal(expected.Count, g.NodeCount);
        foreach (var (account, value) in expected)
            Assert.True(Math.Abs(r.ScoreOf(account) - value) < 1e-12, $"seed {seed}, {account}: kernel {r.ScoreOf(account):R}, reference {value:R}");
        Assert.Equal(1.0, r.Scores.Sum(), 12);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Compute_RandomGraph_ScoresSumToOneAndArePositive(int seed)
    {
        var g = PageRankGraphs.Uniform(seed, n: 1000, m: 4000);
        var r = PageRank.Compute(g);
        Assert.True(r.Converged);
        Assert.Equal(1.0, r.Scores.Sum(), 12);
        Assert.All(r.Scores, s => Assert.True(s >= 0.15 / g.NodeCount * (1 - 1e-9)));  // at least the teleport floor (1-α)/n
    }

    // Relabeling accounts (a different insertion order, so different node ids and CSR order) permutes the scores.
    [Fact]
    public void Compute_RelabeledGraph_PermutesScores()
    {
        var edges = PageRankGraphs.Rows(11, 300, 1500);
        var a = PageRank.Compute(edges.Build(), new PageRankOptions { Tolerance = 1e-14 });
        var shuffled = edges.Accounts.OrderBy(s => s.GetHashCode() ^ 0x5bd1e995).ToList();
        var b = PageRank.Compute((edges with { Accounts = shuffled }).Build(), new PageRankOptions { Tolerance = 1e-14 });
        foreach (var acc in edges.Accounts) Assert.Equal(a.ScoreOf(acc), b.ScoreOf(acc), 13);
    }

    // Large enough (n + m > 65 536, several chunks) that the parallel path runs.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compute_AnyThreadCount_BitIdenticalScores(bool weighted)
    {
        var g = PageRankGraphs.Rows(42, 40_000, 250_000).Build(weighted: weighted);
        var pers = new Dictionary<string, double> { ["u1"] = 1, ["u17"] = 2, ["u999"] = 0.5 };
        PageRankResult Run(int threads) => PageRank.Compute(g, new PageRankOptions
        {
            Weighted = weighted, Tolerance = 1e-12, MaxDegreeOfParallelism = threads, Personalization = weighted ? pers : null,
        });
        var one = Run(1);
        Assert.True(one.Converged);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            var other = Run(threads);
            Assert.Equal(one.Iterations, other.Iterations);
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Residual), BitConverter.DoubleToInt64Bits(other.Residual));
            for (int v = 0; v < g.NodeCount; v++)
                Assert.True(BitConverter.DoubleToInt64Bits(one.Scores[v]) == BitConverter.DoubleToInt64Bits(other.Scores[v]),
                    $"threads {threads}, node {v}: {one.Scores[v]:R} vs {other.Scores[v]:R}");
        }
    }
}
