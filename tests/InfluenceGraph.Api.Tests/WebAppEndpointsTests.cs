using System.Globalization;
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

    /// <summary>The overview's edges (compressed sparse rows) as [follower index, followee index] pairs.</summary>
    private static List<(int From, int To)> OverviewPairs(JsonElement overview)
    {
        var counts = overview.GetProperty("edges").GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        var followees = overview.GetProperty("edges").GetProperty("followees").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        Assert.Equal(overview.GetProperty("count").GetInt32(), counts.Length);
        Assert.Equal(counts.Sum(), followees.Length);
        var pairs = new List<(int, int)>();
        int s = 0;
        for (int i = 0; i < counts.Length; s += counts[i], i++)
            for (int k = 0; k < counts[i]; k++) pairs.Add((i, followees[s + k]));
        return pairs;
    }

    private static string[] Column(JsonElement overview, string name) =>
        overview.GetProperty("nodes").GetProperty(name).EnumerateArray().Select(n => n.ValueKind == JsonValueKind.Null ? "null" : n.ToString()).ToArray();

    [Fact]
    public async Task OverviewNetwork_KeepsTheTopAccounts_AndTheFollowsAmongThem()
    {
        var byFollowers = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/overview-network?by=followers&limit=3"));
        Assert.Equal(6, byFollowers.GetProperty("accounts").GetInt32());
        Assert.Equal(3, byFollowers.GetProperty("count").GetInt32());
        var names = Column(byFollowers, "account");
        // bob 4 followers, carol 2, erin 1 (then alice, dave, frank with 0).
        Assert.Equal(new[] { "bob", "carol", "erin" }, names);
        Assert.Equal(new[] { "4", "2", "1" }, Column(byFollowers, "followers"));
        // bob follows carol and erin (indexes 1, 2, ascending); carol and erin follow bob.
        Assert.Equal(new[] { 2, 1, 1 }, byFollowers.GetProperty("edges").GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(new[] { 1, 2, 0, 0 }, byFollowers.GetProperty("edges").GetProperty("followees").EnumerateArray().Select(c => c.GetInt32()));
        var edges = OverviewPairs(byFollowers).Select(e => (names[e.From], names[e.To])).ToHashSet();
        Assert.Equal(new HashSet<(string, string)> { ("carol", "bob"), ("bob", "carol"), ("bob", "erin"), ("erin", "bob") }, edges);
        Assert.False(byFollowers.GetProperty("edgesTruncated").GetBoolean());
        // Columns only: no per-node objects, no followees column (the web app never read it).
        Assert.Equal(JsonValueKind.Object, byFollowers.GetProperty("nodes").ValueKind);
        Assert.False(byFollowers.GetProperty("nodes").TryGetProperty("followees", out _));

        var byRank = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/overview-network"));
        Assert.Equal(6, byRank.GetProperty("count").GetInt32());
        var ranking = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/ego/rankings/pagerank"));
        Assert.Equal(ranking.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("account").GetString()), Column(byRank, "account"));
        // PageRank to 4 significant digits: within 5e-4 relative of the ranking's exact value, and that rounding.
        var pageRanks = byRank.GetProperty("nodes").GetProperty("pageRank").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        for (int i = 0; i < pageRanks.Length; i++)
        {
            double exact = ranking.GetProperty("items")[i].GetProperty("score").GetDouble();
            Assert.Equal(double.Parse(exact.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), pageRanks[i]);
            Assert.InRange(Math.Abs(pageRanks[i] - exact), 0, 5e-4 * exact);
        }
        Assert.Equal(7, OverviewPairs(byRank).Count); // all 6 accounts listed: all 7 follows among them
        Assert.Equal(new[] { "null", "null", "null", "null", "null", "null" }, Column(byRank, "isPolitical"));

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/graphs/ego/overview-network?by=betweenness")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/graphs/ego/overview-network?limit=2001")).StatusCode);
    }

    [Fact]
    public async Task OverviewNetwork_KeepsTenFollowsPerAccount_ToItsMostImportantListedFollowees()
    {
        // hub follows a01..a12 and each follows hub back (twice for a01: a duplicate follow is one edge).
        var follows = Enumerable.Range(1, 12).SelectMany(i => new[] { $"hub a{i:00}", $"a{i:00} hub" }).Append("a01 hub").ToArray();
        _api.Publish("wide", follows);
        var net = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/graphs/wide/overview-network?by=followers&limit=13"));
        var names = Column(net, "account");
        Assert.Equal(new[] { "hub" }.Concat(Enumerable.Range(1, 12).Select(i => $"a{i:00}")), names);
        Assert.True(net.GetProperty("edgesTruncated").GetBoolean());
        var pairs = OverviewPairs(net);
        // hub keeps its 10 most important listed followees (a01..a10, indexes 1..10); every a follows hub once.
        Assert.Equal(Enumerable.Range(1, 10).Select(j => (0, j)), pairs.Where(p => p.From == 0));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (i, 0)), pairs.Where(p => p.From != 0));
    }

    [Theory]
    [InlineData(0.00012345678, 0.0001235)]
    [InlineData(0.38774999, 0.3877)]
    [InlineData(1.0 / 3, 0.3333)]
    [InlineData(2.5e-9, 2.5e-9)]
    public void OverviewPageRank_IsRoundedToFourSignificantDigits(double exact, double shown) =>
        Assert.Equal(shown, InfluenceGraph.Api.Endpoints.OverviewNetworkEndpoints.RoundForScreen(exact));

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
