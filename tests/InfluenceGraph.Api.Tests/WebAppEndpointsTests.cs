using InfluenceGraph.Api.Hosting;

namespace InfluenceGraph.Api.Tests;

/// <summary>The web app's server side: the page at '/', its security headers, the ego network, Swagger's padlocks.</summary>
public sealed class WebAppEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public WebAppEndpointsTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
        // alice -> bob, carol -> bob, bob -> carol, dave -> bob, bob -> erin, erin -> bob (mutual), frank -> carol
        api.Publish("ego", "alice bob", "carol bob", "bob carol", "dave bob", "bob erin", "erin bob", "frank carol");
    }

    [Fact]
    public async Task Root_ServesThePage_WithAContentSecurityPolicyWithoutInlineScript()
    {
        var response = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(WebAppSetup.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // API answers carry it too (a problem page, Swagger UI).
        Assert.True((await _client.GetAsync("/graphs/nothing")).Headers.Contains("Content-Security-Policy"));
        Assert.True((await _client.GetAsync("/swagger/index.html")).Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task EgoNetwork_ListsTheStrongestTiesFirst_AndTheFollowsAmongThem()
    {
        var net = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/ego-network?account=bob"));
        Assert.Equal(4, net.GetProperty("neighbours").GetInt32()); // alice, carol, dave, erin (not frank)
        Assert.False(net.GetProperty("truncated").GetBoolean());
        var nodes = net.GetProperty("nodes").EnumerateArray().Select(n => (n.GetProperty("account").GetString(), n.GetProperty("relation").GetString())).ToList();
        // The centre, then the mutual ties (carol: 2 followers, erin: 1), then one-way by followers then handle.
        Assert.Equal([("bob", "self"), ("carol", "mutual"), ("erin", "mutual"), ("alice", "follower"), ("dave", "follower")], nodes);
        var edges = net.GetProperty("edges").EnumerateArray().Select(e => (nodes[e[0].GetInt32()].Item1, nodes[e[1].GetInt32()].Item1)).ToHashSet();
        Assert.Equal(new HashSet<(string?, string?)> { ("alice", "bob"), ("carol", "bob"), ("bob", "carol"), ("dave", "bob"), ("bob", "erin"), ("erin", "bob") }, edges);

        var capped = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/ego-network?account=bob&limit=3"));
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        Assert.Equal(new[] { "bob", "carol", "erin" }, capped.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("account").GetString()!).ToArray());
        Assert.Equal(4, capped.GetProperty("edges").GetArrayLength());
    }

    [Theory]
    [InlineData("/graphs/ego/ego-network", "account")]
    [InlineData("/graphs/ego/ego-network?account=bob&limit=1", "limit")]
    [InlineData("/graphs/ego/ego-network?account=bob&limit=2001", "limit")]
    [InlineData("/graphs/ego/ego-network?account=bob&limit=1,5", "limit")]
    public async Task EgoNetwork_BadParameters_Are400NamingThem(string url, string parameter)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task EgoNetwork_UnknownAccountOrGraph_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/graphs/ego/ego-network?account=zoe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/graphs/nope/ego-network?account=bob")).StatusCode);
    }

    [Fact]
    public async Task OverviewNetwork_KeepsTheTopAccounts_AndTheFollowsAmongThem()
    {
        var byFollowers = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/overview-network?by=followers&limit=3"));
        Assert.Equal(6, byFollowers.GetProperty("accounts").GetInt32());
        var names = byFollowers.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("account").GetString()!).ToArray();
        // bob 4 followers, carol 2, erin 1 (then alice, dave, frank with 0).
        Assert.Equal(new[] { "bob", "carol", "erin" }, names);
        var edges = byFollowers.GetProperty("edges").EnumerateArray().Select(e => (names[e[0].GetInt32()], names[e[1].GetInt32()])).ToHashSet();
        Assert.Equal(new HashSet<(string, string)> { ("carol", "bob"), ("bob", "carol"), ("bob", "erin"), ("erin", "bob") }, edges);

        var byRank = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/overview-network"));
        Assert.Equal(6, byRank.GetProperty("nodes").GetArrayLength());
        var ranking = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/rankings/pagerank"));
        Assert.Equal(ranking.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("account").GetString()),
            byRank.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("account").GetString()));
        Assert.Equal(ranking.GetProperty("items")[0].GetProperty("score").GetDouble(), byRank.GetProperty("nodes")[0].GetProperty("pageRank").GetDouble());

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/graphs/ego/overview-network?by=betweenness")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/graphs/ego/overview-network?limit=2001")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_ReadsCarryNoSecurityRequirement_WritesNeedTheKey()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            var security = op.Value.GetProperty("security");
            // POSTs that only compute (nothing stored or changed) are reads: a set's audience, a guest list, an analysis's cost estimate.
            bool computeOnly = op.Value.TryGetProperty("operationId", out var id) && id.GetString() is "GetSetAudience" or "CreateGuestList" or "EstimateAnalysis";
            if (op.Name is "get" or "head" || computeOnly)
                Assert.True(security.GetArrayLength() == 0, $"{op.Name} {path.Name} needs no key: no padlock");
            else
            {
                Assert.Equal(1, security.GetArrayLength());
                Assert.True(security[0].TryGetProperty("ApiKey", out _), $"{op.Name} {path.Name} needs the key");
            }
        }
    }

    [Fact]
    public async Task SwaggerUi_HasDeepLinks_AndTheClosedPadlockStyleSheet()
    {
        string init = await _client.GetStringAsync("/swagger/index.js");
        Assert.Contains("\"deepLinking\":true", init);
        string page = await _client.GetStringAsync("/swagger/index.html");
        Assert.Contains(WebAppSetup.SwaggerStyleSheetPath, page);
        var css = await _client.GetAsync(WebAppSetup.SwaggerStyleSheetPath);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".authorization__btn", await css.Content.ReadAsStringAsync());
    }
}
