using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Api.Tests;

/// <summary>The metric catalog as the API exposes it: /metrics, query binding, unknown parameters, OpenAPI.</summary>
public sealed class MetricCatalogEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    //   alice -> bob <- carol, bob -> carol, dave -> bob
    public MetricCatalogEndpointsTests(ApiFactory api)
    {
        _client = api.CreateClient();
        if (api.Catalog.Get("cat") is null) api.Publish("cat", "alice bob", "carol bob", "bob carol", "dave bob");
    }

    [Fact]
    public async Task Metrics_ListsTheCatalog_WithSchemaAndCliNames()
    {
        var list = await HttpAssert.Ok<MetricList>(await _client.GetAsync("/metrics"));
        Assert.Equal(MetricCatalog.Default.Names, list.Metrics.Select(m => m.Name));
        var pr = list.Metrics.Single(m => m.Name == "pagerank");
        var alpha = pr.Options.Single(o => o.Name == "alpha");
        Assert.Equal("number", alpha.Type);
        Assert.Equal(0.85, ((JsonElement)alpha.Default!).GetDouble());
        Assert.Equal(0, alpha.Minimum);
        Assert.Equal(1, alpha.Maximum);
        var maxIter = pr.Options.Single(o => o.Name == "maxIterations");
        Assert.Equal("--max-iterations", maxIter.CliOption);
        Assert.Equal(["in_degree"], list.Metrics.Single(m => m.Name == "followers").Aliases!);
        Assert.Contains("cutoff", list.Metrics.Single(m => m.Name == "betweenness").Options.Select(o => o.Name));
    }

    [Theory]
    [InlineData("/graphs/cat/rankings/pagerank?limit=4", "limit")]
    [InlineData("/graphs/cat/rankings/pagerank?epsilon=0.01", "epsilon")]
    [InlineData("/graphs/cat/rankings/followers?alpha=0.5", "alpha")]
    [InlineData("/graphs/cat/rankings/pagerank?top=2&Epsilon=1", "Epsilon")]
    public async Task Ranking_UnknownParameter_Is400NamingItAndListingTheAccepted(string url, string parameter)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync(url), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        var accepted = body.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("top", accepted);
        Assert.Contains("format", accepted);
        Assert.DoesNotContain(parameter, accepted);
        Assert.Contains("Accepted: top, offset, cursor, format, columns", body.GetProperty("detail").GetString());
        if (url.Contains("/pagerank")) Assert.Contains("maxIterations", accepted);
    }

    [Fact]
    public async Task Ranking_ParameterOfAnotherMetric_SaysWhichMetricTakesIt()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/cat/rankings/pagerank?samples=2"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("samples", body.GetProperty("parameter").GetString());
        Assert.StartsWith("Parameter 'samples' does not apply to metric 'pagerank' (it is an option of betweenness).", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/graphs?limit=4", "limit")]
    [InlineData("/graphs/cat?verbose=true", "verbose")]
    [InlineData("/metrics?metric=pagerank", "metric")]
    [InlineData("/jobs?state=running", "state")]
    [InlineData("/graphs/cat/accounts/bob?alpha=0.5", "alpha")]
    [InlineData("/graphs/cat/influencers?limit=4", "limit")]
    [InlineData("/problems?x=1", "x")]
    public async Task EveryEndpoint_UnknownQueryParameter_Is400(string url, string parameter)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync(url), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_UnknownQueryParameter_Is400_AndNothingIsImported()
    {
        var response = await _client.PostAsync("/graphs/cat-import/edges?mode=append&dryRun=true", new StringContent("x y\n", System.Text.Encoding.UTF8, "text/plain"));
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("dryRun", body.GetProperty("parameter").GetString());
        Assert.Contains("mode", body.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/graphs/cat-import")).StatusCode);
        var analysis = await _client.PostAsync("/graphs/cat/analyses?metrics=pagerank", JsonContent.Create(new { metrics = new[] { "in_degree" } }));
        Assert.Equal("metrics", (await HttpAssert.Problem(analysis, HttpStatusCode.BadRequest, "/problems/invalid-parameter")).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task KnownParameters_StillWork_AndAliasesRank()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/in_degree?TOP=2"));
        Assert.Equal("followers", page.Metric); // asked by the alias, answered with the canonical name
        Assert.Equal(["bob", "carol"], page.Items.Select(r => r.Account));
        var bc = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/betweenness?cutoff=1"));
        Assert.Equal(0, bc.Items.Single(r => r.Account == "bob").Score);
        Assert.Equal(1.0, ((JsonElement)bc.Options["cutoff"]).GetDouble());
        var full = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/betweenness"));
        Assert.Equal(1.0 / 3, full.Items.Single(r => r.Account == "bob").Score!.Value, 15);
    }

    [Fact]
    public async Task Betweenness_ExplicitSources_CountOnlyTheirPaths_ScaledAsASample()
    {
        // From alice the one path through bob is alice -> bob -> carol: raw 1; a sampled estimate with
        // K = 1 pivot, N = n - 1 = 3, normalized by 1/(K(N - 1)) = 1/2 (NetworkX >= 3.5 _rescale).
        var alice = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/betweenness?sources=alice"));
        Assert.Equal(0.5, alice.Items.Single(r => r.Account == "bob").Score!.Value, 15);
        // carol's only followee is bob: no path from carol passes through bob.
        var carol = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/betweenness?sources=carol"));
        Assert.Equal(0, carol.Items.Single(r => r.Account == "bob").Score);
        // Every account as a source is the exact run (bob 1/3), whatever the order given.
        var all = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/cat/rankings/betweenness?sources=dave,carol,bob,alice"));
        Assert.Equal(1.0 / 3, all.Items.Single(r => r.Account == "bob").Score!.Value, 15);
    }

    [Theory]
    [InlineData("sources=alice,ghost", "sources", "'ghost'")]
    [InlineData("sources=alice,alice", "sources", "twice")]
    [InlineData("sources=alice&samples=2", "samples", "not both")]
    [InlineData("sources=alice&seed=3", "seed", "explicit sources")]
    [InlineData("sources=alice,,bob", "sources", "separated by commas")]
    public async Task Betweenness_BadSources_Is400NamingTheParameter(string query, string parameter, string says)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/cat/rankings/betweenness?" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(says, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ranking_ParameterGivenTwice_Is400()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/cat/rankings/pagerank?alpha=0.5&alpha=0.6"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("alpha", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task OpenApi_RankingParameters_AreGeneratedFromTheCatalog()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var op = doc.GetProperty("paths").GetProperty("/graphs/{graph}/rankings/{metric}").GetProperty("get");
        var parameters = op.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var name in MetricCatalog.Default.ParameterNames)
            Assert.True(parameters.ContainsKey(name), $"metric parameter {name} is not documented");
        var alpha = parameters["alpha"].GetProperty("schema");
        Assert.Equal("number", alpha.GetProperty("type").GetString());
        Assert.Equal(0, alpha.GetProperty("minimum").GetDouble());
        Assert.Equal(1, alpha.GetProperty("maximum").GetDouble());
        Assert.Equal(0.85, alpha.GetProperty("default").GetDouble());
        Assert.StartsWith("pagerank: Damping factor", parameters["alpha"].GetProperty("description").GetString());
        Assert.Equal(0, parameters["tolerance"].GetProperty("schema").GetProperty("exclusiveMinimum").GetDouble());
        Assert.Equal("integer", parameters["samples"].GetProperty("schema").GetProperty("type").GetString());
        var metricEnum = parameters["metric"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        // Canonical names (what responses carry) first, then the aliases accepted on input.
        Assert.Equal(MetricCatalog.Default.Names.Concat(MetricCatalog.Default.All.SelectMany(m => m.Aliases)), metricEnum);
        Assert.Equal("followers", metricEnum[2]);
        Assert.Equal("in_degree", metricEnum[MetricCatalog.Default.All.Count]);
    }
}
