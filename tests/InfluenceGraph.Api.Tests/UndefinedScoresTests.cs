using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace InfluenceGraph.Api.Tests;

public sealed class UndefinedScoresTests : IClassFixture<UndefinedScoresTests.Factory>
{
    /// <summary>A metric registered from outside the API (as the influencer helper's would be) whose scores are undefined for some accounts.</summary>
    private sealed class UndefinedMetric : Metric
    {
        public override string Name => "ratio";
        public override string Description => "Test metric: NaN, +infinity and 1.";
        public override string Source => "This test.";
        public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => graph.NodeCount;
        public override CentralityResult Compute(GraphSnapshot g, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken)
        {
            var s = new double[g.NodeCount];
            for (int v = 0; v < s.Length; v++) s[v] = g.Accounts[v] switch { "a" => double.NaN, "b" => double.PositiveInfinity, _ => 1.0 };
            return new CentralityResult(g, Name, s);
        }
    }

    public sealed class Factory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<Metric, UndefinedMetric>());
        }
    }

    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public UndefinedScoresTests(Factory api)
    {
        _api = api;
        _client = api.CreateClient();
        if (api.Catalog.Get("nan") is null) api.Publish("nan", "a b", "b c");
    }

    [Fact]
    public async Task Json_UndefinedScores_AreNull_NeverANaNToken()
    {
        var response = await _client.GetAsync("/graphs/nan/rankings/ratio");
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
        var page = JsonSerializer.Deserialize<RankingPage>(text, ApiFactory.Json)!;
        Assert.Equal(2, page.Items.Count(r => r.Score is null));
        Assert.Equal(1.0, Assert.Single(page.Items, r => r.Account == "c").Score);
    }

    [Fact]
    public async Task Csv_UndefinedScores_AreEmptyFields()
    {
        string text = await _client.GetStringAsync("/graphs/nan/rankings/ratio?format=csv");
        var rows = text.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[1]);
        Assert.Equal("", rows["a"][2]);
        Assert.Equal("", rows["b"][2]);
        Assert.Equal("1", rows["c"][2]);
    }

    [Fact]
    public async Task Account_UndefinedScore_IsNull()
    {
        var a = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/nan/accounts/a"));
        var ratio = Assert.Single(a.Metrics, m => m.Metric == "ratio");
        Assert.Equal("computed", ratio.Status);
        Assert.Null(ratio.Score);
    }

    [Fact]
    public async Task EmptyGraph_RankingIsEmpty_CsvHasTheHeaderOnly()
    {
        await _client.PostAsJsonAsync("/graphs", new { name = "nothing" });
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/nothing/rankings/pagerank"));
        Assert.Equal(0, page.Total);
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal("rank,account,score\n", await _client.GetStringAsync("/graphs/nothing/rankings/followers?format=csv"));
    }

    [Fact]
    public async Task OffsetPastTheEnd_GivesAnEmptyPage()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/nan/rankings/followers?offset=50"));
        Assert.Empty(page.Items);
        Assert.Equal(3, page.Total);
        Assert.Equal(3, page.Offset);
    }
}
