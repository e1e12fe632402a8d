using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Core.Tests.Metrics;

public class NewMetricsTests
{
    private static GraphSnapshot Graph(params (string, string)[] edges)
    {
        var b = new GraphBuilder();
        foreach (var (u, v) in edges) b.AddEdge(u, v);
        return b.Build();
    }

    private static Dictionary<string, double> Scores(string metric, GraphSnapshot g, MetricArguments? given = null)
    {
        var m = MetricCatalog.Default.Find(metric)!;
        var r = m.Compute(g, m.Normalize(given ?? MetricArguments.Empty, g), null, default);
        Assert.Equal(m.Name, r.Metric);
        return Enumerable.Range(0, g.NodeCount).ToDictionary(v => g.Accounts[v], v => r.Scores[v]);
    }

    // a, b, c, e: a 4-clique of ties (every pair tied), so coreness 3; d and z hang on a (z's
    // self-loop ignored): 1; the mutual pair x <-> y is two ties each: 2. Values from
    // networkx.core_number on the graph without self-loops.
    private static readonly (string, string)[] CoreExample =
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("x", "y"), ("y", "x"), ("z", "z"), ("z", "a"), ("e", "a"), ("e", "b"), ("e", "c")];

    [Fact]
    public void Coreness_MatchesNetworkXCoreNumber_OnHandExample()
    {
        var s = Scores("coreness", Graph(CoreExample));
        Assert.Equal(new Dictionary<string, double> { ["a"] = 3, ["b"] = 3, ["c"] = 3, ["d"] = 1, ["e"] = 3, ["x"] = 2, ["y"] = 2, ["z"] = 1 }, s);
    }

    [Fact]
    public void Coreness_IsolatedAndSelfLoopOnly_AreZero()
    {
        var b = new GraphBuilder();
        b.AddEdge("loop", "loop");
        b.AddEdge("p", "q");
        b.AddAccount("alone");
        var s = Scores("coreness", b.Build());
        Assert.Equal(0, s["loop"]);
        Assert.Equal(0, s["alone"]);
        Assert.Equal(1, s["p"]);
    }

    [Fact]
    public void Coreness_ChainOfTriangles_PeelsInOrder()
    {
        // A 5-clique (k = 4) with a tail of a triangle attached by one tie and a path.
        var edges = new List<(string, string)>();
        string[] k5 = ["k1", "k2", "k3", "k4", "k5"];
        for (int i = 0; i < 5; i++) for (int j = i + 1; j < 5; j++) edges.Add((k5[i], k5[j]));
        edges.AddRange([("t1", "t2"), ("t2", "t3"), ("t3", "t1"), ("t1", "k1"), ("p1", "t3"), ("p2", "p1")]);
        var s = Scores("coreness", Graph([.. edges]));
        Assert.All(k5, k => Assert.Equal(4, s[k]));
        Assert.Equal(2, s["t1"]);
        Assert.Equal(2, s["t2"]);
        Assert.Equal(2, s["t3"]);
        Assert.Equal(1, s["p1"]);
        Assert.Equal(1, s["p2"]);
    }

    // networkx.in_degree_centrality: a has 4 followers among n - 1 = 7 others.
    [Fact]
    public void DegreeCentrality_DividesByNMinusOne()
    {
        var g = Graph(CoreExample);
        var i = Scores("followers_centrality", g);
        Assert.Equal(4.0 / 7, i["a"], 15);
        Assert.Equal(0.2857142857142857, i["b"], 15);
        Assert.Equal(1.0 / 7, i["z"], 15); // its self-loop counts once, as in NetworkX
        var o = Scores("followees_centrality", g);
        Assert.Equal(3.0 / 7, o["e"], 15);
        Assert.Equal(2.0 / 7, o["z"], 15);
    }

    [Fact]
    public void DegreeCentrality_SingleAccount_IsOne()
    {
        var b = new GraphBuilder();
        b.AddAccount("only");
        Assert.Equal(1.0, Scores("followers_centrality", b.Build())["only"]);
    }

    // Three fans follow a celebrity: the celebrity is the only authority (followed by hubs),
    // the fans share the hub score (they follow the authority); the celebrity follows nobody.
    [Fact]
    public void Hits_Direction_AuthorityIsFollowed_HubFollows()
    {
        var g = Graph(("f1", "celeb"), ("f2", "celeb"), ("f3", "celeb"));
        var a = Scores("authority", g);
        var h = Scores("hub", g);
        Assert.Equal(1.0, a["celeb"], 15);
        Assert.Equal(0.0, a["f1"]);
        Assert.Equal(0.0, h["celeb"]);
        Assert.Equal(1.0 / 3, h["f2"], 15);
    }

    [Fact]
    public void Hits_ReportsIterations_AndNonConvergence()
    {
        var g = Graph(("d1", "d2"), ("d1", "d3"), ("d2", "d3"));
        var hub = MetricCatalog.Default.Find("hub")!;
        var one = hub.Describe(hub.Compute(g, hub.Normalize(MetricArguments.Empty.With("maxIterations", 1), g), null, default));
        Assert.Equal(1, one.Iterations);
        Assert.False(one.Converged);
        var full = hub.Describe(hub.Compute(g, hub.Normalize(MetricArguments.Empty, g), null, default));
        Assert.True(full.Converged);
        Assert.True(full.Residual < 1e-12);
    }

    // PageRank options reachable through the catalog. Chain a -> b, c isolated; alpha 0.5.
    // personalization {a: 1}: b gets alpha * x_a; dangling mass of b and c returns to a (NetworkX:
    // dangling follows the personalization).
    [Fact]
    public void PageRank_Personalization_Dangling_Nstart()
    {
        var b = new GraphBuilder();
        b.AddEdge("a", "b");
        b.AddAccount("c");
        var g = b.Build();
        var tight = MetricArguments.Empty.With("alpha", 0.5).With("tolerance", 1e-15);
        var p = Scores("pagerank", g, tight.With("personalization", new Dictionary<string, double> { ["a"] = 1 }));
        // x_a = 0.5 + 0.5 (x_b + x_c), x_b = 0.5 x_a, x_c = 0 -> x_a = 0.5 + 0.25 x_a -> 2/3, x_b = 1/3.
        Assert.Equal(2.0 / 3, p["a"], 12);
        Assert.Equal(1.0 / 3, p["b"], 12);
        Assert.Equal(0.0, p["c"], 12);
        // dangling {c: 1}, uniform teleport: x_c = 1/6 + 0.5 (x_b + x_c), x_a = 1/6, x_b = 1/6 + 0.5 x_a = 1/4,
        // -> x_c = 1/6 + 1/8 + x_c / 2 -> x_c = 7/12.
        var d = Scores("pagerank", g, tight.With("dangling", new Dictionary<string, double> { ["c"] = 2 }));
        Assert.Equal(1.0 / 6, d["a"], 12);
        Assert.Equal(1.0 / 4, d["b"], 12);
        Assert.Equal(7.0 / 12, d["c"], 12);
        // A warm start changes the iterations, not the fixed point.
        var plain = Scores("pagerank", g, tight);
        var warm = Scores("pagerank", g, tight.With("nstart", new Dictionary<string, double> { ["b"] = 5 }));
        foreach (var k in plain.Keys) Assert.Equal(plain[k], warm[k], 12);
    }

    [Theory]
    [InlineData("personalization")]
    [InlineData("dangling")]
    [InlineData("nstart")]
    public void PageRank_AccountWeights_UnknownAccount_IsRefusedNamingIt(string parameter)
    {
        var g = Graph(("a", "b"));
        var pr = MetricCatalog.Default.Find("pagerank")!;
        var e = Assert.Throws<MetricArgumentException>(() => pr.Normalize(MetricArguments.Empty.With(parameter, new Dictionary<string, double> { ["a"] = 1, ["ghost"] = 1 }), g));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains("'ghost'", e.Message);
    }
}
