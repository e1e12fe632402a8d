namespace InfluenceGraph.Api.Tests;

/// <summary>PageRank's personalization, dangling distribution and warm start through the API (query and analysis body).</summary>
public sealed class PageRankOptionsEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    // a -> b, c isolated. alpha 0.5, personalization {a: 1}: x_a = 2/3, x_b = 1/3, x_c = 0.
    // dangling {c: 1}, uniform teleport: x_a = 1/6, x_b = 1/4, x_c = 7/12.
    public PageRankOptionsEndpointsTests(ApiFactory api)
    {
        _client = api.CreateClient();
        if (api.Catalog.Get("pers") is null) api.Publish("pers", [("a", "b", 1.0)], "c");
    }

    private static Dictionary<string, double> Scores(RankingPage page) => page.Items.ToDictionary(r => r.Account, r => r.Score!.Value);

    [Fact]
    public async Task Personalization_InTheQuery()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/pers/rankings/pagerank?alpha=0.5&tolerance=1e-15&personalization=a:1"));
        var s = Scores(page);
        Assert.Equal(2.0 / 3, s["a"], 12);
        Assert.Equal(1.0 / 3, s["b"], 12);
        Assert.Equal(0.0, s["c"], 12);
        Assert.Equal(1.0, ((JsonElement)page.Options["personalization"]).GetProperty("a").GetDouble());
    }

    [Fact]
    public async Task Dangling_AndNstart_InTheQuery()
    {
        var s = Scores(await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/pers/rankings/pagerank?alpha=0.5&tolerance=1e-15&dangling=c:2")));
        Assert.Equal(1.0 / 6, s["a"], 12);
        Assert.Equal(1.0 / 4, s["b"], 12);
        Assert.Equal(7.0 / 12, s["c"], 12);
        var plain = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/pers/rankings/pagerank?tolerance=1e-15"));
        // Started at the fixed point, the iteration stops at once with the same scores.
        string start = string.Join(",", plain.Items.Select(r => r.Account + ":" + r.Score!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var warm = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/pers/rankings/pagerank?tolerance=1e-15&nstart=" + Uri.EscapeDataString(start)));
        foreach (var (account, score) in Scores(plain)) Assert.Equal(score, Scores(warm)[account], 12);
        Assert.True(plain.Computation.Iterations > 5, $"{plain.Computation.Iterations} iterations from uniform");
        Assert.True(warm.Computation.Iterations <= 2, $"{warm.Computation.Iterations} iterations from the fixed point");
    }

    [Theory]
    [InlineData("personalization=ghost:1,a:1", "personalization", "'ghost'")]
    [InlineData("dangling=zed:1", "dangling", "'zed'")]
    [InlineData("nstart=a:1,nobody:2", "nstart", "'nobody'")]
    [InlineData("personalization=a", "personalization", "account:weight")]
    [InlineData("personalization=a:-1", "personalization", ">= 0")]
    public async Task BadAccountWeights_Are400NamingTheParameter(string query, string parameter, string mention)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/pers/rankings/pagerank?" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(mention, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Personalization_AsAJsonBody_OfAnAnalysis()
    {
        var response = await _client.PostAsJsonAsync("/graphs/pers/analyses", new { metrics = new[] { "pagerank" }, options = new { alpha = 0.5, tolerance = 1e-15, personalization = new Dictionary<string, double> { ["a"] = 1 } } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await JobTestSupport.WaitAsync(_client, response.Headers.Location!.ToString());
        Assert.Equal("succeeded", job.State);
        Assert.Equal("/graphs/pers/rankings/pagerank?alpha=0.5&personalization=a%3A1&tolerance=1E-15", job.Steps[0].Result);
        var s = Scores(await HttpAssert.Ok<RankingPage>(await _client.GetAsync(job.Steps[0].Result)));
        Assert.Equal(2.0 / 3, s["a"], 12);

        var bad = await _client.PostAsJsonAsync("/graphs/pers/analyses", new { metrics = new[] { "pagerank" }, options = new { personalization = new Dictionary<string, double> { ["ghost"] = 1 } } });
        var problem = await HttpAssert.Problem(bad, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("options.personalization", problem.GetProperty("parameter").GetString());
        Assert.Contains("'ghost'", problem.GetProperty("detail").GetString());
    }
}
