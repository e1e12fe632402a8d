using System.Text.Json;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Core.Tests.Metrics;

public class MetricCatalogTests
{
    private static readonly MetricCatalog Catalog = MetricCatalog.Default;

    // alice -> bob <- carol, bob -> carol, dave -> bob
    private static GraphSnapshot Example()
    {
        var b = new GraphBuilder();
        foreach (var (u, v) in new[] { ("alice", "bob"), ("carol", "bob"), ("bob", "carol"), ("dave", "bob") }) b.AddEdge(u, v);
        return b.Build();
    }

    [Theory]
    [InlineData("pagerank", "pagerank")]
    [InlineData("PageRank", "pagerank")]
    [InlineData("in-degree", "followers")]
    [InlineData(" followers ", "followers")]
    [InlineData("In_Degree", "followers")]
    [InlineData("followees", "followees")]
    [InlineData("out_degree", "followees")]
    [InlineData("in_degree_centrality", "followers_centrality")]
    [InlineData("Out-Degree-Centrality", "followees_centrality")]
    [InlineData("Betweenness", "betweenness")]
    public void Find_NameOrAlias_CaseAndDashInsensitive(string asked, string expected) =>
        Assert.Equal(expected, Catalog.Find(asked)?.Name);

    [Fact]
    public void Find_Unknown_IsNull() => Assert.Null(Catalog.Find("klout"));

    [Fact]
    public void Names_AreUniqueLowerCase_AndEachMetricDescribesItself()
    {
        Assert.Equal(Catalog.Names.Count(), Catalog.Names.Distinct().Count());
        foreach (var m in Catalog.All)
        {
            Assert.Matches("^[a-z][a-z_]*$", m.Name);
            Assert.False(string.IsNullOrWhiteSpace(m.Description), m.Name);
            Assert.False(string.IsNullOrWhiteSpace(m.Source), m.Name);
            foreach (var p in m.Parameters)
            {
                Assert.Matches("^[a-z][A-Za-z]*$", p.Name);
                Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{m.Name}.{p.Name}");
                if (p.Default is { } def) Assert.Equal(def, p.Check(def)); // a default passes its own checks
            }
        }
    }

    [Fact]
    public void Catalog_RejectsAnAliasUsedTwice()
    {
        var e = Assert.Throws<ArgumentException>(() => new MetricCatalog([new InDegreeMetric(), new OutDegreeMetric(), new AliasClash()]));
        Assert.Contains("'followers'", e.Message); // the clash's alias is the canonical name of the followers metric
    }

    private sealed class AliasClash : Metric
    {
        public override string Name => "clash";
        public override IReadOnlyList<string> Aliases => ["followers"];
        public override string Description => "x";
        public override string Source => "x";
        public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => 0;
        public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) => Degree.In(graph);
    }

    [Fact]
    public void Normalize_FillsDefaults_InNameOrder()
    {
        var pr = Catalog.Find("pagerank")!;
        var a = pr.Normalize(MetricArguments.Empty.With("alpha", 0.5), Example());
        Assert.Equal(["alpha", "maxIterations", "tolerance", "weighted"], a.Keys);
        Assert.Equal(0.5, a.Number("alpha"));
        Assert.Equal(200, a.Integer("maxIterations"));
        Assert.Equal(1e-9, a.Number("tolerance"));
        Assert.Equal("alpha=0.5;maxIterations=200;tolerance=1E-09;weighted=false", a.Key);
    }

    [Fact]
    public void Normalize_ParameterOfAnotherMetric_IsRefusedListingTheOptions()
    {
        var e = Assert.Throws<MetricArgumentException>(() => Catalog.Find("pagerank")!.Normalize(MetricArguments.Empty.With("samples", 3), Example()));
        Assert.Equal("samples", e.Parameter);
        Assert.Contains("alpha, tolerance, maxIterations, weighted", e.Message);
        var none = Assert.Throws<MetricArgumentException>(() => Catalog.Find("followers")!.Normalize(MetricArguments.Empty.With("alpha", 0.5), Example()));
        Assert.Contains("takes no options", none.Message);
    }

    [Theory]
    [InlineData("pagerank", "alpha", "1.5", "alpha must be in [0, 1] (got 1.5)")]
    [InlineData("pagerank", "alpha", "-0.1", "alpha must be in [0, 1]")]
    [InlineData("pagerank", "alpha", "0,85", "'.' as the decimal separator")]
    [InlineData("pagerank", "tolerance", "0", "tolerance must be > 0 (got 0)")]
    [InlineData("pagerank", "maxIterations", "0", "maxIterations must be in [1, 100000]")]
    [InlineData("pagerank", "maxIterations", "2.5", "maxIterations must be an integer")]
    [InlineData("pagerank", "weighted", "yes", "weighted must be true or false")]
    [InlineData("betweenness", "samples", "0", "samples must be >= 1")]
    [InlineData("betweenness", "cutoff", "-1", "cutoff must be >= 0")]
    public void ParseText_BadValue_NamesTheParameterAndTheRange(string metric, string parameter, string text, string message)
    {
        var p = Catalog.Find(metric)!.Parameter(parameter)!;
        var e = Assert.Throws<MetricArgumentException>(() => p.ParseText(text));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ParseJson_TypesAndPrefixedName()
    {
        var alpha = Catalog.Find("pagerank")!.Parameter("alpha")!;
        Assert.Equal(0.5, alpha.ParseJson(JsonDocument.Parse("0.5").RootElement));
        var e = Assert.Throws<MetricArgumentException>(() => alpha.ParseJson(JsonDocument.Parse("\"high\"").RootElement, "options.alpha"));
        Assert.Equal("options.alpha", e.Parameter);
        var range = Assert.Throws<MetricArgumentException>(() => alpha.ParseJson(JsonDocument.Parse("7").RootElement, "options.alpha"));
        Assert.Equal("options.alpha", range.Parameter);
    }

    [Fact]
    public void AccountWeights_QueryAndJsonForms()
    {
        var p = new MetricParameter { Name = "personalization", Type = MetricParameterType.AccountWeights, Description = "x" };
        var q = (IReadOnlyDictionary<string, double>)p.ParseText("alice:2, http://x.org/b:1");
        Assert.Equal(2, q["alice"]);
        Assert.Equal(1, q["http://x.org/b"]); // split at the last ':'
        Assert.Equal("alice:2,http://x.org/b:1", MetricParameter.Format(q));
        var j = (IReadOnlyDictionary<string, double>)p.ParseJson(JsonDocument.Parse("{\"bob\": 0.5}").RootElement);
        Assert.Equal(0.5, j["bob"]);
        Assert.Contains("'account:weight' items", Assert.Throws<MetricArgumentException>(() => p.ParseText("alice")).Message);
        Assert.Contains("weights must be finite and >= 0", Assert.Throws<MetricArgumentException>(() => p.ParseText("alice:-1")).Message);
        Assert.Contains("sum to 0", Assert.Throws<MetricArgumentException>(() => p.ParseText("alice:0")).Message);
        Assert.Contains("twice", Assert.Throws<MetricArgumentException>(() => p.ParseText("a:1,a:2")).Message);
    }

    [Fact]
    public void Betweenness_SamplesAboveN_Refused_SamplesEqualN_IsExact_SeedNeedsSamples()
    {
        var bc = Catalog.Find("betweenness")!;
        var g = Example();
        var e = Assert.Throws<MetricArgumentException>(() => bc.Normalize(MetricArguments.Empty.With("samples", 5), g));
        Assert.Equal("samples must be in 1..4 (the number of accounts) (got 5).", e.Message);
        var exact = bc.Normalize(MetricArguments.Empty.With("samples", 4).With("seed", 3), g);
        Assert.False(exact.ContainsKey("samples"));
        Assert.False(exact.ContainsKey("seed"));
        var seed = Assert.Throws<MetricArgumentException>(() => bc.Normalize(MetricArguments.Empty.With("seed", 3), g));
        Assert.Equal("seed", seed.Parameter);
        var sampled = bc.Normalize(MetricArguments.Empty.With("samples", 2), g);
        Assert.Equal(0, sampled.Integer("seed"));
    }

    // Example: bob lies on alice->carol and dave->carol (normalized 2/6); with cutoff 1 no path of
    // two hops counts, so nobody lies between two others.
    [Fact]
    public void Betweenness_Cutoff_ReachesCore()
    {
        var bc = Catalog.Find("betweenness")!;
        var g = Example();
        var full = bc.Compute(g, bc.Normalize(MetricArguments.Empty, g), null, default);
        Assert.Equal(1.0 / 3, full.ScoreOf("bob"), 15);
        var cut = bc.Compute(g, bc.Normalize(MetricArguments.Empty.With("cutoff", 1.0), g), null, default);
        Assert.Equal(0, cut.ScoreOf("bob"));
    }

    [Fact]
    public void PageRank_Compute_UsesTheArguments_AndDescribesConvergence()
    {
        var pr = Catalog.Find("pagerank")!;
        var g = Example();
        var r = pr.Compute(g, pr.Normalize(MetricArguments.Empty.With("maxIterations", 1), g), null, default);
        var c = pr.Describe(r);
        Assert.Equal(1, c.Iterations);
        Assert.False(c.Converged);
        var full = pr.Compute(g, pr.Normalize(MetricArguments.Empty.With("tolerance", 1e-14), g), null, default);
        double xb = (0.0375 + 0.85 * 0.075 + 0.85 * 0.0375) / (1 - 0.85 * 0.85);
        Assert.Equal(xb, full.ScoreOf("bob"), 12);
        Assert.True(pr.Describe(full).Converged);
    }
}
