using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Harmonic closeness: hand-computed values on drawn graphs, an all-pairs reference on random
/// graphs (directed, undirected, weighted, cutoff), and NetworkX/igraph's values for every public
/// network of the oracle (<c>oracle/expected-more/NAME.tsv</c>, column <c>harmonic</c>).
/// </summary>
public class HarmonicTests
{
    private static GraphSnapshot Build(string edges)
    {
        var b = new GraphBuilder();
        foreach (var e in edges.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var p = e.Split(' ');
            b.AddEdge(p[0], p[1], p.Length > 2 ? double.Parse(p[2], CultureInfo.InvariantCulture) : 1.0);
        }
        return b.Build();
    }

    //  b follows a, c follows b, d follows c, e follows a, a follows e.
    //  a's posts reach b, e (1 hop), c (2), d (3): H(a) = 1 + 1 + 1/2 + 1/3.
    //  e's posts reach a (1), then b (2), c (3), d (4): H(e) = 1 + 1/2 + 1/3 + 1/4.  d has no follower: 0.
    [Fact]
    public void Compute_Chain_SumsInverseDistancesFromFollowers()
    {
        var g = Build("b a, c b, d c, e a, a e");
        var r = Harmonic.Compute(g);
        Assert.Equal(1 + 1 + 0.5 + 1.0 / 3, r.ScoreOf("a"), 12);
        Assert.Equal(1 + 0.5 + 1.0 / 3 + 0.25, r.ScoreOf("e"), 12);
        Assert.Equal(0.0, r.ScoreOf("d"));
        Assert.Equal("harmonic", r.Metric);
        // Undirected: d is 1 tie from c, 2 from b, 3 from a, 4 from e.
        var u = Harmonic.Compute(g, new HarmonicOptions { Undirected = true });
        Assert.Equal(1 + 0.5 + 1.0 / 3 + 0.25, u.ScoreOf("d"), 12);
        // Cutoff 2 hops: a keeps b, e, c.
        Assert.Equal(2.5, Harmonic.Compute(g, new HarmonicOptions { Cutoff = 2 }).ScoreOf("a"), 12);
        // nbunch: only a is computed.
        var only = Harmonic.Compute(g, new HarmonicOptions { Accounts = ["a"] });
        Assert.Equal(r.ScoreOf("a"), only.ScoreOf("a"));
        Assert.Equal(0.0, only.ScoreOf("e"));
        Assert.False(only.Computed![g.Accounts.TryGetId("e", out int e) ? e : -1]);
        Assert.Throws<ArgumentException>(() => Harmonic.Compute(g, new HarmonicOptions { Accounts = ["zed"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Harmonic.Compute(g, new HarmonicOptions { Cutoff = -1 }));
    }

    //  b -> a (2), c -> b (0.5), c -> a (3): d(c, a) = min(3, 0.5 + 2) = 2.5; zero weight x -> a adds nothing.
    [Fact]
    public void Compute_Weighted_UsesDistances_AndSkipsZeroDistance()
    {
        var g = Build("b a 2, c b 0.5, c a 3, x a 0");
        var r = Harmonic.Compute(g, new HarmonicOptions { Weighted = true });
        Assert.Equal(1 / 2.0 + 1 / 2.5, r.ScoreOf("a"), 12);
        Assert.Equal(2.0, r.ScoreOf("b"), 12);
        // Uniform weights 2 are dropped for BFS; distances still count in weight units.
        var uniform = Build("b a 2, c b 2");
        Assert.Equal(1 / 2.0 + 1 / 4.0, Harmonic.Compute(uniform, new HarmonicOptions { Weighted = true }).ScoreOf("a"), 12);
        Assert.Equal(1.5, Harmonic.Compute(uniform).ScoreOf("a"), 12);
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, true)]
    public void Compute_RandomGraphs_MatchAllPairsReference(int seed, bool weighted, bool undirected)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        int n = 70;
        for (int i = 0; i < n; i++) b.AddAccount("v" + i);
        for (int i = 0; i < 220; i++) b.AddEdge(rng.Next(n), rng.Next(n), weighted ? rng.Next(1, 6) * 0.5 : 1.0);
        var g = b.Build(forceWeighted: weighted);
        var d = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i, j] = i == j ? 0 : double.PositiveInfinity;
        for (int u = 0; u < n; u++)
            for (int e = 0; e < g.OutDegreeOf(u); e++)
            {
                int v = g.Followees(u)[e];
                double w = weighted ? g.FolloweeWeights(u)[e] : 1;
                d[u, v] = Math.Min(d[u, v], w);
                if (undirected) d[v, u] = Math.Min(d[v, u], w);
            }
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
            if (d[i, k] + d[k, j] < d[i, j]) d[i, j] = d[i, k] + d[k, j];
        foreach (double? cutoff in new double?[] { null, 2.0 })
        {
            var r = Harmonic.Compute(g, new HarmonicOptions { Weighted = weighted, Undirected = undirected, Cutoff = cutoff, MaxDegreeOfParallelism = 2 });
            for (int v = 0; v < n; v++)
            {
                double want = 0;
                for (int u = 0; u < n; u++)
                    if (u != v && d[u, v] > 0 && d[u, v] <= (cutoff ?? double.PositiveInfinity)) want += 1 / d[u, v];
                Assert.True(Math.Abs(want - r.Scores[v]) <= 1e-12 * Math.Max(1, want), $"v{v} cutoff {cutoff}: want {want}, got {r.Scores[v]}");
            }
            Assert.Equal(r.Scores, Harmonic.Compute(g, new HarmonicOptions { Weighted = weighted, Undirected = undirected, Cutoff = cutoff, MaxDegreeOfParallelism = 1 }).Scores);
        }
    }

    /// <summary>Every network of the oracle's <c>expected-more</c> folder (column <c>harmonic</c>), 1e-9 relative.</summary>
    public static TheoryData<string> MoreNetworks => new()
    {
        "congress-twitter", "ego-twitter-12831", "ego-twitter-13212502", "email-eu-core", "polblogs",
        "bitcoin-alpha", "bitcoin-otc", "uk-mp-twitter-2022", "career-bofa", "career-verizon", "wiki-vote",
        "soc-slashdot0902",
    };

    [SharedTheory]
    [MemberData(nameof(MoreNetworks))]
    public void Compute_OracleNetwork_MatchesNetworkX(string name)
    {
        string edges = SharedData.Path($"oracle/expected/{name}.edges");
        if (!File.Exists(edges)) edges += ".gz";
        var graph = EdgeImport.Load(edges, new EdgeImportOptions { WeightColumn = "none" }, GraphBuildOptions.Default);
        var rows = File.ReadLines(SharedData.Path($"oracle/expected-more/{name}.tsv")).ToList();
        int col = Array.IndexOf(rows[0].Split('\t'), "harmonic");
        Assert.True(col > 0, "no harmonic column");
        Assert.Equal(graph.NodeCount, rows.Count - 1);
        var expected = rows.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => double.Parse(f[col], CultureInfo.InvariantCulture));
        // The 82,168-account Slashdot graph: a seeded sample of 400 accounts (NetworkX's nbunch), the
        // whole graph being an O(n m) run for the peer benchmark rather than a unit test.
        IReadOnlyList<string>? accounts = graph.NodeCount > 20_000
            ? expected.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % (graph.NodeCount / 400) == 0).ToArray()
            : null;
        var result = Harmonic.Compute(graph, new HarmonicOptions { Accounts = accounts });
        int checkedRows = 0;
        foreach (var (account, want) in expected)
        {
            if (accounts is not null && !accounts.Contains(account)) continue;
            double got = result.ScoreOf(account);
            Assert.True(Math.Abs(got - want) <= 1e-9 * Math.Max(1, Math.Abs(want)), $"{name} account {account}: oracle {want:R}, ours {got:R}");
            checkedRows++;
        }
        Assert.True(checkedRows >= Math.Min(graph.NodeCount, 400), $"{checkedRows} rows checked");
    }
}
