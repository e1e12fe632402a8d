using System.Globalization;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// Harmonic closeness and the undirected view through the API: rankings, <c>/metrics</c>, account
/// details, and the oracle's NetworkX values on public networks.
/// </summary>
public sealed class HarmonicEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    //   b follows a, c follows b, e follows a: a's posts reach b, e (1 hop) and c (2 hops).
    public HarmonicEndpointsTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
        if (api.Catalog.Get("hchain") is null) api.Publish("hchain", "b a", "c b", "e a");
    }

    [Fact]
    public async Task Ranking_Harmonic_SumsInverseDistancesFromFollowers()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/harmonic"));
        Assert.Equal("a", page.Items[0].Account);
        Assert.Equal(2.5, page.Items[0].Score!.Value, 12); // 1 + 1 + 1/2
        Assert.Equal(1.0, page.Items.Single(r => r.Account == "b").Score!.Value, 12);
        // Undirected: a is 1 tie from b and e, 2 from c -> 2.5 still; c is 1 from b, 2 from a, 3 from e -> 1 + 1/2 + 1/3.
        var u = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/harmonic?undirected=true"));
        Assert.Equal(1 + 0.5 + 1.0 / 3, u.Items.Single(r => r.Account == "c").Score!.Value, 12);
        // Cutoff 1: followers only.
        var c1 = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/harmonic?cutoff=1"));
        Assert.Equal(2.0, c1.Items.Single(r => r.Account == "a").Score!.Value, 12);
    }

    [Fact]
    public async Task Betweenness_Undirected_CountsUnorderedPairs()
    {
        // Undirected path c - b - a - e: b brokers {c,a},{c,e}; a brokers {b,e},{c,e}: normalized 2/((n-1)(n-2)) = 1/3 of 2.
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/betweenness?undirected=true"));
        Assert.Equal(2.0 / 3, page.Items.Single(r => r.Account == "a").Score!.Value, 12);
        Assert.Equal(2.0 / 3, page.Items.Single(r => r.Account == "b").Score!.Value, 12);
        var directed = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/betweenness"));
        Assert.Equal(1.0 / 6, directed.Items.Single(r => r.Account == "b").Score!.Value, 12); // only (c, a) passes b
    }

    [Fact]
    public async Task Betweenness_Epsilon_IsAGuaranteedErrorEstimate_AndDeltaAloneIs400()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/hchain/rankings/betweenness?epsilon=0.2&delta=0.1&seed=3"));
        Assert.False(page.Computation.Exact);
        Assert.True(page.Computation.SourcesUsed > 0); // the number of sampled pairs
        foreach (var row in page.Items) Assert.InRange(row.Score!.Value, 0.0, 1.0 / 6 + 0.2); // exact: b 1/6, others 0
        var problem = await HttpAssert.Problem(await _client.GetAsync("/graphs/hchain/rankings/betweenness?delta=0.1"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Contains("delta", problem.GetRawText());
    }

    [Fact]
    public async Task Metrics_AndAccountDetail_IncludeHarmonic()
    {
        var list = await HttpAssert.Ok<MetricList>(await _client.GetAsync("/metrics"));
        var h = list.Metrics.Single(m => m.Name == "harmonic");
        Assert.Equal(["weighted", "undirected", "cutoff"], h.Options.Select(o => o.Name));
        Assert.Contains("undirected", list.Metrics.Single(m => m.Name == "betweenness").Options.Select(o => o.Name));
        var a = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/hchain/accounts/a"));
        var metric = Assert.Single(a.Metrics, m => m.Metric == "harmonic");
        Assert.Equal(2.5, metric.Score!.Value, 12);
        Assert.Equal(1, metric.Rank);
    }

    [SharedTheory]
    [InlineData("congress-twitter")]
    [InlineData("email-eu-core")]
    public async Task Ranking_Harmonic_OracleNetwork_MatchesNetworkX(string name)
    {
        string graph = "oracle-" + name;
        if (_api.Catalog.Get(graph) is null) _api.Catalog.Publish(graph, ImportedGraphs.Oracle(name));
        var expected = File.ReadLines(SharedData.Path($"oracle/expected-more/{name}.tsv")).Skip(1).Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => double.Parse(f[4], CultureInfo.InvariantCulture)); // node hub authority coreness harmonic ...
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync($"/graphs/{graph}/rankings/harmonic?top=10000"));
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Count, page.Items.Count);
        foreach (var row in page.Items)
        {
            double want = expected[row.Account];
            Assert.True(Math.Abs(row.Score!.Value - want) <= 1e-9 * Math.Max(1, want), $"{name} {row.Account}: oracle {want:R}, API {row.Score:R}");
        }
    }
}
