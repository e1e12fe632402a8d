using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

public sealed class AccountsEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    //   alice -> bob <-> carol ; bob has attributes
    public AccountsEndpointsTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
        if (api.Catalog.Get("acc") is null)
        {
            api.Catalog.Publish("acc", TestGraphs.FromText("alice bob, carol bob, bob carol"), new Dictionary<string, AccountAttributes>
            {
                ["bob"] = new() { Account = "bob", DisplayName = "Bob", Posts = 140, PoliticalShare = 0.01, IsPolitical = false, Topics = ["football"] },
                ["dora"] = new() { Account = "dora", Posts = 3 },
            });
        }
    }

    [Fact]
    public async Task GetAccount_Bob_HasCountsAttributesAndEveryMetric()
    {
        var response = await _client.GetAsync("/graphs/acc/accounts/bob");
        var a = await HttpAssert.Ok<AccountDetail>(response);
        Assert.Equal("1", response.Headers.GetValues("X-Graph-Version").Single());
        Assert.True(a.InGraph);
        Assert.Equal(2, a.Followers);
        Assert.Equal(1, a.Followees);
        Assert.Equal(140, a.Attributes!.Posts);
        Assert.Equal("Bob", a.Attributes.DisplayName);
        Assert.Equal(["football"], a.Attributes.Topics);

        var byName = a.Metrics.ToDictionary(m => m.Metric);
        Assert.Equal(MetricCatalog.Default.Names, a.Metrics.Select(m => m.Metric)); // every catalog metric, in catalog order
        Assert.Equal(2, byName["followers"].Score);
        Assert.Equal(1, byName["followers"].Rank);
        Assert.Equal(200.0 / 3, byName["followers"].Percentile!.Value, 10);
        // networkx pagerank: bob 0.486486 (rank 1); betweenness bob 0.5 (rank 1).
        Assert.Equal(0.4864864864864865, byName["pagerank"].Score!.Value, 8);
        Assert.Equal(1, byName["pagerank"].Rank);
        Assert.Equal(0.5, byName["betweenness"].Score!.Value, 12);
        Assert.All(a.Metrics, m => Assert.Equal("computed", m.Status));
    }

    [Fact]
    public async Task GetAccount_AttributesOnly_IsNotInGraphAndHasNoMetrics()
    {
        var a = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/acc/accounts/dora"));
        Assert.False(a.InGraph);
        Assert.Equal(3, a.Attributes!.Posts);
        Assert.Empty(a.Metrics);
    }

    [Fact]
    public async Task GetAccount_Unknown_Is404()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/acc/accounts/zed"), HttpStatusCode.NotFound, "/problems/account-not-found");
        Assert.Equal("zed", body.GetProperty("account").GetString());
        await HttpAssert.Problem(await _client.GetAsync("/graphs/nope/accounts/bob"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task GetAccount_ExpensiveMetricNotCached_IsNotComputed()
    {
        await using var small = new ApiFactory().With("InfluenceGraph:SyncWorkLimit", "5");
        small.Publish("g", "a b", "b c", "c a");
        var a = await HttpAssert.Ok<AccountDetail>(await small.CreateClient().GetAsync("/graphs/g/accounts/a"));
        var bc = Assert.Single(a.Metrics, m => m.Metric == "betweenness");
        Assert.Equal("not_computed", bc.Status);
        Assert.Null(bc.Score);
        Assert.Equal("computed", Assert.Single(a.Metrics, m => m.Metric == "followers").Status);
    }

    // Handles with characters that are special in a path: each one is reachable by its
    // percent-encoded handle (Uri.EscapeDataString), '/' also literally. The graph:
    //   "a/b" -> "50%" -> "🦊 fox" -> "x y" ;  "a%2Fb" (a literal percent sequence) -> "x y"
    // (A handle containing the literal text "%2F" needs the raw request target, which Kestrel gives
    // and TestServer does not; api-smoke.sh checks it against the real server.)
    [Theory]
    [InlineData("a/b", 0, 1)]
    [InlineData("50%", 1, 1)]
    [InlineData("🦊 fox", 1, 1)]
    [InlineData("x y", 2, 0)]
    public async Task GetAccount_HandleWithSlashPercentEmojiOrSpace_IsFound(string handle, int followers, int followees)
    {
        if (_api.Catalog.Get("odd") is null)
            _api.Publish("odd", [("a/b", "50%", 1.0), ("50%", "🦊 fox", 1.0), ("🦊 fox", "x y", 1.0), ("a%2Fb", "x y", 1.0)]);
        var detail = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/odd/accounts/" + Uri.EscapeDataString(handle)));
        Assert.Equal(handle, detail.Account);
        Assert.Equal(followers, detail.Followers);
        Assert.Equal(followees, detail.Followees);
        if (handle == "a/b")
            Assert.Equal("a/b", (await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/odd/accounts/a/b"))).Account);
    }
}
