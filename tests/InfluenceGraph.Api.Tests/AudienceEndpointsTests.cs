using System.Net.Http.Headers;
using System.Text;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

public sealed class AudienceEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    /*
        edges (follower followee): alice bob, carol bob, x/y bob, bob carol, dave carol, erin dave; frank isolated
        followers: bob {alice, carol, x/y}, carol {bob, dave}, dave {erin}
        bob's posts: hop 1 alice, carol, x/y; hop 2 dave (follows carol); hop 3 erin (follows dave)
    */
    public AudienceEndpointsTests(ApiFactory api)
    {
        _client = api.CreateClient();
        if (api.Catalog.Get("aud") is null)
            api.Publish("aud", new[] { "alice bob", "carol bob", "x/y bob", "bob carol", "dave carol", "erin dave" }
                .Select(p => p.Split(' ')).Select(p => (p[0], p[1], 1.0)), "frank");
        if (api.Catalog.Get("star") is null)
        {
            // 150 hubs h0..h149, each followed by its own two accounts and by everyone
            var b = new GraphBuilder();
            for (int i = 0; i < 150; i++) { b.AddEdge($"f{i}a", $"h{i}"); b.AddEdge($"f{i}b", $"h{i}"); b.AddEdge("everyone", $"h{i}"); }
            api.Catalog.Publish("star", b.Build());
        }
    }

    private static async Task<string> Csv(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    private Task<HttpResponseMessage> PostSet(string body, string query = "") =>
        _client.PostAsync("/graphs/aud/audience" + query, new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Followers_MostFollowedFirst_PagedWithCursor()
    {
        var response = await _client.GetAsync("/graphs/aud/accounts/bob/followers?limit=2");
        var page = await HttpAssert.Ok<NeighbourPage>(response);
        Assert.Equal("1", response.Headers.GetValues("X-Graph-Version").Single());
        Assert.Equal(("bob", "followers", 3, 0), (page.Account, page.Direction, page.Total, page.Offset));
        Assert.Equal([new NeighbourRow("carol", 2), new NeighbourRow("alice", 0)], page.Items);
        var next = await HttpAssert.Ok<NeighbourPage>(await _client.GetAsync("/graphs/aud/accounts/bob/followers?limit=2&cursor=" + page.NextCursor));
        Assert.Equal([new NeighbourRow("x/y", 0)], next.Items);
        Assert.Equal(2, next.Offset);
        Assert.Null(next.NextCursor);

        var followees = await HttpAssert.Ok<NeighbourPage>(await _client.GetAsync("/graphs/aud/accounts/bob/followees"));
        Assert.Equal([new NeighbourRow("carol", 2)], followees.Items);
        // a handle with '/' percent-encoded
        var slash = await HttpAssert.Ok<NeighbourPage>(await _client.GetAsync("/graphs/aud/accounts/x%2Fy/followees"));
        Assert.Equal("x/y", slash.Account);
        Assert.Equal([new NeighbourRow("bob", 3)], slash.Items);
        // a cursor of another list is refused
        await HttpAssert.Problem(await _client.GetAsync("/graphs/aud/accounts/carol/followers?cursor=" + page.NextCursor), HttpStatusCode.Conflict, "/problems/cursor-stale");
    }

    [Fact]
    public async Task Followers_Csv_HasHandleAndFollowersCount()
    {
        string csv = await Csv(await _client.GetAsync("/graphs/aud/accounts/bob/followers?format=csv"));
        Assert.Equal("account,followers\ncarol,2\nalice,0\nx/y,0\n", csv.Replace("\r\n", "\n"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphs/aud/accounts/frank/followers");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        Assert.Equal("account,followers\n", (await Csv(await _client.SendAsync(request))).Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("/graphs/aud/accounts/bob/followers?top=3", "top")]
    [InlineData("/graphs/aud/accounts/bob/followers?limit=0", "limit")]
    [InlineData("/graphs/aud/accounts/bob/followers?offset=-1", "offset")]
    [InlineData("/graphs/aud/accounts/bob/followees?format=xml", "format")]
    [InlineData("/graphs/aud/accounts/bob/followers?cursor=zzz", "cursor")]
    [InlineData("/graphs/aud/accounts/bob/audience?hops=0", "hops")]
    [InlineData("/graphs/aud/accounts/bob/audience?hops=7", "hops")]
    [InlineData("/graphs/aud/accounts/bob/audience?hops=two", "hops")]
    [InlineData("/graphs/aud/accounts/bob/audience?hop=2", "hop")]
    [InlineData("/graphs/aud/paths?from=bob", "to")]
    [InlineData("/graphs/aud/paths?to=bob", "from")]
    [InlineData("/graphs/aud/paths?from=bob&to=bob", "to")]
    [InlineData("/graphs/aud/paths?from=bob&to=erin&limit=0", "limit")]
    [InlineData("/graphs/aud/paths?from=bob&to=erin&limit=101", "limit")]
    [InlineData("/graphs/aud/paths?from=bob&to=erin&maxHops=2", "maxHops")]
    public async Task BadQuery_Is400NamingTheParameter(string url, string parameter)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync(url), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/graphs/aud/accounts/ghost/followers", "/problems/account-not-found")]
    [InlineData("/graphs/aud/accounts/ghost/audience", "/problems/account-not-found")]
    [InlineData("/graphs/nope/accounts/bob/followees", "/problems/graph-not-found")]
    [InlineData("/graphs/nope/paths?from=a&to=b", "/problems/graph-not-found")]
    [InlineData("/graphs/aud/paths?from=ghost&to=bob", "/problems/account-not-found")]
    [InlineData("/graphs/aud/paths?from=bob&to=ghost", "/problems/account-not-found")]
    public async Task Unknown_Is404(string url, string type) =>
        await HttpAssert.Problem(await _client.GetAsync(url), HttpStatusCode.NotFound, type);

    [Fact]
    public async Task Audience_CurvePerHop_ExactAndComplete()
    {
        var a = await HttpAssert.Ok<AudienceResponse>(await _client.GetAsync("/graphs/aud/accounts/bob/audience?hops=3"));
        Assert.Equal((3, 7, 5, true), (a.Hops, a.GraphAccounts, a.Audience, a.Complete));
        Assert.Equal(5.0 / 7, a.Share, 12);
        Assert.Equal([3, 1, 1], a.Curve.Select(h => h.New));
        Assert.Equal([3, 4, 5], a.Curve.Select(h => h.Cumulative));
        Assert.Equal([1, 2, 3], a.Curve.Select(h => h.Hop));
        var two = await HttpAssert.Ok<AudienceResponse>(await _client.GetAsync("/graphs/aud/accounts/bob/audience"));
        Assert.Equal((2, 4, false), (two.Hops, two.Audience, two.Complete));
        Assert.Equal("not complete: the 1 account first reached at hop 2 has followers outside the audience, so more accounts see its posts at 3 hops or more", two.CompleteReason);
        Assert.StartsWith("the 1 account first reached at hop 3 has no follower outside the audience", a.CompleteReason);
        string csv = await Csv(await _client.GetAsync("/graphs/aud/accounts/bob/audience?hops=2&format=csv"));
        Assert.Equal("hop,new,cumulative,share\n1,3,3,0.42857142857142855\n2,1,4,0.5714285714285714\n", csv.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task SetAudience_UnionUniqueAndOverlap()
    {
        // 2 hops: A(bob) = {alice, carol, x/y, dave}; A(carol) = {bob, dave, alice, x/y, erin}
        var r = await HttpAssert.Ok<AudienceSetResponse>(await PostSet("""{"accounts": ["bob", " carol", "bob"], "hops": 2}"""));
        Assert.Equal((2, 7, 6, 6, 9L), (r.Hops, r.GraphAccounts, r.Union, r.UnionWithMembers, r.SumOfAudiences));
        Assert.Equal(6.0 / 7, r.UnionShare, 12);
        Assert.Equal(["bob", "carol"], r.Members.Select(m => m.Account));
        Assert.Equal([4, 5], r.Members.Select(m => m.Audience));
        Assert.Equal([1, 2], r.Members.Select(m => m.Unique)); // {carol} and {bob, erin}
        Assert.Equal(0.25, r.Members[0].UniqueShareOfAudience!.Value, 12);
        Assert.Equal(["bob", "carol"], r.Overlap!.Accounts);
        Assert.Equal([4, 3], r.Overlap.Intersection[0]);
        Assert.Equal(0.5, r.Overlap.Jaccard[0][1]!.Value, 12);
        Assert.Equal(0.75, r.Overlap.Overlap[1][0]!.Value, 12);
        Assert.Contains(r.Notes, n => n.Contains("1 duplicate account collapsed"));

        // 1 hop, no overlap
        var one = await HttpAssert.Ok<AudienceSetResponse>(await PostSet("""{"accounts": ["bob", "carol"], "hops": 1}"""));
        Assert.Equal((5, 0), (one.Union, one.Overlap!.Intersection[0][1]));
        Assert.Equal(0.0, one.Overlap.Jaccard[0][1]);
        // hops default 2
        Assert.Equal(2, (await HttpAssert.Ok<AudienceSetResponse>(await PostSet("""{"accounts": ["bob"]}"""))).Hops);
    }

    [Fact]
    public async Task SetAudience_Csv_LongFormMatrixAndMembersTable()
    {
        string csv = (await Csv(await PostSet("""{"accounts": ["bob", "carol", "frank"], "hops": 2}""", "?format=csv"))).Replace("\r\n", "\n");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("a,b,intersection,jaccard,overlap", lines[0]);
        Assert.Equal(10, lines.Length); // 3 x 3 ordered pairs
        Assert.Contains("bob,carol,3,0.5,0.75", lines);
        Assert.Contains("bob,bob,4,1,1", lines);
        Assert.Contains("frank,frank,0,,", lines); // frank has no audience: ratios undefined
        Assert.Contains("bob,frank,0,0,", lines);

        string members = (await Csv(await PostSet("""{"accounts": ["bob", "carol"]}""", "?format=csv&table=members"))).Replace("\r\n", "\n");
        Assert.Equal("account,audience,share,unique,unique_share_of_audience\nbob,4,0.5714285714285714,1,0.25\ncarol,5,0.7142857142857143,2,0.4\n", members);
    }

    [Fact]
    public async Task SetAudience_OverOneHundredAccounts_NoMatrixButUnion()
    {
        string body = JsonSerializer.Serialize(new { accounts = Enumerable.Range(0, 150).Select(i => $"h{i}").ToArray(), hops = 1 });
        var r = await HttpAssert.Ok<AudienceSetResponse>(await _client.PostAsync("/graphs/star/audience", new StringContent(body, Encoding.UTF8, "application/json")));
        Assert.Null(r.Overlap);
        Assert.Equal(301, r.Union);        // 300 own followers + everyone
        Assert.All(r.Members, m => Assert.Equal((3, 2), (m.Audience, m.Unique)));
        Assert.Contains(r.Notes, n => n.Contains("at most 100"));
        var csv = await _client.PostAsync("/graphs/star/audience?format=csv", new StringContent(body, Encoding.UTF8, "application/json"));
        var p = await HttpAssert.Problem(csv, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("accounts", p.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("""{"accounts": []}""", "accounts")]
    [InlineData("""{"hops": 2}""", "accounts")]
    [InlineData("""{"accounts": "bob"}""", "accounts")]
    [InlineData("""{"accounts": ["bob", 3]}""", "accounts[1]")]
    [InlineData("""{"accounts": ["bob"], "hops": 0}""", "hops")]
    [InlineData("""{"accounts": ["bob"], "hops": 7}""", "hops")]
    [InlineData("""{"accounts": ["bob"], "hops": 1.5}""", "hops")]
    [InlineData("""{"accounts": ["bob"], "depth": 2}""", "depth")]
    [InlineData("""["bob"]""", "body")]
    [InlineData("""{"accounts": ["bob"], "hops": 2, "hops": 3}""", "body")]   // a property twice: never its last value
    [InlineData("""{"accounts": ["bob"], "accounts": ["carol"]}""", "body")]
    public async Task SetAudience_BadBody_Is400NamingTheField(string body, string parameter)
    {
        var p = await HttpAssert.Problem(await PostSet(body), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, p.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task SetAudience_UnknownAccountsTooManyAndBadRequests()
    {
        var p = await HttpAssert.Problem(await PostSet("""{"accounts": ["bob", "ghost", "nobody"]}"""), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(["ghost", "nobody"], p.GetProperty("unknown").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains("'ghost', 'nobody'", p.GetProperty("detail").GetString());

        string many = JsonSerializer.Serialize(new { accounts = Enumerable.Repeat("bob", 1001).ToArray() });
        p = await HttpAssert.Problem(await PostSet(many), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Contains("at most 1000", p.GetProperty("detail").GetString());

        Assert.Equal("body", (await HttpAssert.Problem(await PostSet("{not json"), HttpStatusCode.BadRequest, "/problems/invalid-parameter")).GetProperty("parameter").GetString());
        await HttpAssert.Problem(await _client.PostAsync("/graphs/aud/audience", new StringContent("bob", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
        p = await HttpAssert.Problem(await PostSet("""{"accounts": ["bob"]}""", "?table=members"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("table", p.GetProperty("parameter").GetString());
        p = await HttpAssert.Problem(await PostSet("""{"accounts": ["bob"]}""", "?hops=2"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("hops", p.GetProperty("parameter").GetString());
        await HttpAssert.Problem(await _client.PostAsync("/graphs/nope/audience", new StringContent("""{"accounts": ["bob"]}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task Paths_ShortestChainsOrTheReason()
    {
        var r = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/aud/paths?from=bob&to=erin"));
        Assert.True(r.SeesPosts);
        Assert.Equal((3, 1L, false), (r.Hops, r.PathCount, r.Truncated));
        Assert.Equal([["bob", "carol", "dave", "erin"]], r.Paths);
        Assert.Null(r.Reason);

        var back = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/aud/paths?from=carol&to=x%2Fy&limit=1"));
        Assert.Equal([["carol", "bob", "x/y"]], back.Paths);

        var none = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/aud/paths?from=erin&to=bob"));
        Assert.False(none.SeesPosts);
        Assert.Null(none.Hops);
        Assert.Empty(none.Paths);
        Assert.Contains("'erin' has no followers", none.Reason);
        var nobody = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/aud/paths?from=bob&to=frank"));
        Assert.Contains("'frank' follows nobody", nobody.Reason);
        var outside = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/aud/paths?from=dave&to=alice"));
        Assert.Contains("reach 1 account at any number of hops", outside.Reason);
    }

    [Fact]
    public async Task OpenApi_DocumentsTheAudienceOperationsWithCsv()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var (path, method, csv) in new[]
                 {
                     ("/graphs/{graph}/accounts/{account}/followers", "get", true), ("/graphs/{graph}/accounts/{account}/followees", "get", true),
                     ("/graphs/{graph}/accounts/{account}/audience", "get", true), ("/graphs/{graph}/audience", "post", true),
                     ("/graphs/{graph}/paths", "get", false),
                 })
        {
            var op = doc.GetProperty(path).GetProperty(method);
            var ok = op.GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.True(ok.TryGetProperty("application/json", out _), path);
            Assert.Equal(csv, ok.TryGetProperty("text/csv", out _));
            Assert.True(op.GetProperty("responses").TryGetProperty("400", out _), path);
        }
        var body = doc.GetProperty("/graphs/{graph}/audience").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.True(body.TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task ReachRanking_Hops_HyperBallStatesItsError_ExactOnRequest()
    {
        // 3 hops: bob reaches alice, carol, x/y, dave, erin (5); carol reaches bob, dave, alice, x/y, erin (5)
        var r = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/aud/rankings/reach?hops=3"));
        Assert.Equal(3, Convert.ToInt32(r.Options["hops"].ToString()));
        Assert.Equal("hyperball", r.Computation.Method);
        Assert.False(r.Computation.Exact);
        Assert.Equal(0.0975, r.Computation.RelativeStandardError!.Value, 12); // 0.78/√64
        Assert.Equal([5.0, 5.0], r.Items.Take(2).Select(i => i.Score!.Value)); // tiny sets: the sketch is exact
        var exact = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/aud/rankings/reach?hops=3&method=exact"));
        Assert.Equal("exact", exact.Computation.Method);
        Assert.True(exact.Computation.Exact);
        Assert.Null(exact.Computation.RelativeStandardError);
        Assert.Equal(["bob", "carol"], exact.Items.Take(2).Select(i => i.Account).Order());
        var two = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/aud/rankings/reach"));
        Assert.Equal(4, two.Items.Single(i => i.Account == "bob").Score); // default 2 hops, exact
        Assert.Equal("exact", two.Computation.Method);

        foreach (var (query, parameter) in new[] { ("hops=7", "hops"), ("registers=48&hops=3", "registers"), ("registers=64", "registers"), ("method=hyperloglog&hops=3", "method") })
        {
            var p = await HttpAssert.Problem(await _client.GetAsync("/graphs/aud/rankings/reach?" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
            Assert.Equal(parameter, p.GetProperty("parameter").GetString());
        }
    }
}
