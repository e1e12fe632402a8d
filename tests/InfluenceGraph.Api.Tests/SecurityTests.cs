namespace InfluenceGraph.Api.Tests;

public sealed class SecurityTests
{
    [Fact]
    public async Task Writes_WithKeysConfigured_Need_X_Api_Key()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ApiKeys:0", "s3cret").With("InfluenceGraph:ApiKeys:1", "other");
        var client = api.CreateClient();

        var missing = await HttpAssert.Problem(await client.PostAsJsonAsync("/graphs", new { name = "k1" }), HttpStatusCode.Unauthorized, "/problems/api-key-required");
        Assert.Equal("X-Api-Key", missing.GetProperty("header").GetString());
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        await HttpAssert.Problem(await client.DeleteAsync("/graphs/default"), HttpStatusCode.Unauthorized, "/problems/api-key-required");
        await HttpAssert.Problem(await client.PostAsJsonAsync("/graphs/default/analyses", new { }), HttpStatusCode.Unauthorized, "/problems/api-key-required");
        await HttpAssert.Problem(await client.PostAsync("/graphs/default/edges", new StringContent("a,b", System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.Unauthorized, "/problems/api-key-required");

        // Reads stay open by default.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/graphs")).StatusCode);

        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", "other");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/graphs", new { name = "k1" })).StatusCode);
    }

    [Fact]
    public async Task Reads_KeyedByConfiguration()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ApiKeys:0", "s3cret").With("InfluenceGraph:RequireKeyForReads", "true");
        var client = api.CreateClient();
        await HttpAssert.Problem(await client.GetAsync("/graphs"), HttpStatusCode.Unauthorized, "/problems/api-key-required");
        await HttpAssert.Problem(await client.GetAsync("/graphs/default/rankings/followers"), HttpStatusCode.Unauthorized, "/problems/api-key-required");
        client.DefaultRequestHeaders.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/graphs")).StatusCode);
        // Health stays open for probes.
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task NoKeys_WritesFromAnotherMachine_Are403_ReadsAreOpen()
    {
        await using var api = new ApiFactory { RemoteAddress = IPAddress.Parse("203.0.113.7") };
        var client = api.CreateClient();
        await HttpAssert.Problem(await client.PostAsJsonAsync("/graphs", new { name = "remote" }), HttpStatusCode.Forbidden, "/problems/local-only");
        await HttpAssert.Problem(await client.DeleteAsync("/graphs/default"), HttpStatusCode.Forbidden, "/problems/local-only");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/graphs/default")).StatusCode);
    }

    [Fact]
    public async Task NoKeys_WritesFromLoopback_AreAccepted()
    {
        await using var api = new ApiFactory { RemoteAddress = IPAddress.Loopback };
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/graphs", new { name = "local" })).StatusCode);
    }

    [Fact]
    public async Task Imports_OverTheRateLimit_Are429WithRetryAfter()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ImportsPerMinute", "2");
        var client = api.CreateClient();
        HttpResponseMessage last = null!;
        for (int i = 0; i < 3; i++)
            last = await client.PostAsync("/graphs/limited/edges", new StringContent("a,b\n", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await HttpAssert.Problem(last, HttpStatusCode.TooManyRequests, "/problems/rate-limited");
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single()) > 0);
        // Reads are not limited.
        for (int i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/graphs")).StatusCode);
    }
}

/// <summary>The boundaries of keyless mode: cross-site pages, DNS rebinding, reverse proxies, rate-limit partitions.</summary>
public sealed class KeylessBoundaryTests
{
    private static HttpRequestMessage Replace(string origin = "", string? site = null, (string, string)? header = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/graphs/default/edges?mode=replace")
        {
            Content = new StringContent("evil,bob\n", System.Text.Encoding.UTF8, "text/plain"),
        };
        if (origin.Length > 0) req.Headers.Add("Origin", origin);
        if (site is not null) req.Headers.Add("Sec-Fetch-Site", site);
        if (header is { } h) req.Headers.TryAddWithoutValidation(h.Item1, h.Item2);
        return req;
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:3000", null)] // another port is another origin
    [InlineData("https://localhost", null)]     // another scheme too
    [InlineData("", "cross-site")]
    [InlineData("", "same-site")]
    public async Task CrossSiteWrite_IsRefused_AndTheGraphIsUnchanged(string origin, string? site)
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        long before = api.Catalog.Get("default")!.Version;
        var body = await HttpAssert.Problem(await client.SendAsync(Replace(origin, site)), HttpStatusCode.Forbidden, "/problems/local-only");
        Assert.Contains(origin.Length > 0 ? origin : site!, body.GetProperty("detail").GetString());
        Assert.Equal(before, api.Catalog.Get("default")!.Version);
        Assert.False(api.Catalog.Get("default")!.Snapshot.TryGetNode("evil", out _));
    }

    [Fact]
    public async Task SameOriginWrite_OfTheServedWebApp_IsAccepted()
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient(); // TestServer addresses http://localhost
        var res = await client.SendAsync(Replace("http://localhost", "same-origin"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.True(api.Catalog.Get("default")!.Snapshot.TryGetNode("evil", out _));
    }

    [Fact]
    public async Task AllowedOrigin_MayWrite()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AllowedOrigins:0", "http://localhost:5173");
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Replace("http://localhost:5173"))).StatusCode);
        await HttpAssert.Problem(await client.SendAsync(Replace("http://localhost:5174")), HttpStatusCode.Forbidden, "/problems/local-only");
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    [InlineData("X-Real-IP", "203.0.113.9")]
    [InlineData("X-Forwarded-Host", "graphs.example")]
    public async Task ForwardedWrite_IsRefused(string header, string value)
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        var body = await HttpAssert.Problem(await client.SendAsync(Replace(header: (header, value))), HttpStatusCode.Forbidden, "/problems/local-only");
        Assert.Contains(header, body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("attacker.example", false)]
    [InlineData("attacker.example:5080", false)]
    [InlineData("localhost:5080", true)]
    [InlineData("app.localhost", true)]
    [InlineData("127.0.0.1:5080", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]:5080", true)]
    public async Task Keyless_AnswersLoopbackHostNamesOnly(string host, bool answered)
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        var req = new HttpRequestMessage(HttpMethod.Get, "/graphs");
        req.Headers.Host = host;
        var res = await client.SendAsync(req);
        if (answered) Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        else Assert.Contains("DNS-rebinding", (await HttpAssert.Problem(res, HttpStatusCode.BadRequest, "/problems/bad-request")).GetProperty("detail").GetString());

        var write = Replace();
        write.Headers.Host = host;
        var w = await client.SendAsync(write);
        Assert.Equal(answered ? HttpStatusCode.OK : HttpStatusCode.BadRequest, w.StatusCode);
    }

    [Fact]
    public async Task WithKeys_AnyHostIsAnswered_AndTheKeyDecides()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ApiKeys:0", "s3cret");
        var client = api.CreateClient();
        var req = new HttpRequestMessage(HttpMethod.Get, "/graphs");
        req.Headers.Host = "graphs.example";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(req)).StatusCode);
    }

    [Fact]
    public async Task Keyless_RateLimit_IsPerAddress_NotPerUncheckedKeyHeader()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ImportsPerMinute", "3");
        var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/graphs/rl/edges") { Content = new StringContent($"a{i} b\n", System.Text.Encoding.UTF8, "text/plain") };
            req.Headers.Add("X-Api-Key", "random-" + Guid.NewGuid());
            statuses.Add((await client.SendAsync(req)).StatusCode);
        }
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Keyed_RateLimit_IsPerValidKey_AndWrongKeysShareTheAddress()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:ImportsPerMinute", "2")
            .With("InfluenceGraph:ApiKeys:0", "k1").With("InfluenceGraph:ApiKeys:1", "k2");
        var client = api.CreateClient();
        async Task<HttpStatusCode> Post(string key)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/graphs/rl/edges") { Content = new StringContent("a b\n", System.Text.Encoding.UTF8, "text/plain") };
            req.Headers.Add("X-Api-Key", key);
            return (await client.SendAsync(req)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Post("k1"));
        Assert.Equal(HttpStatusCode.OK, await Post("k1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Post("k1"));
        Assert.Equal(HttpStatusCode.OK, await Post("k2")); // another key, its own window
        // Wrong keys are counted on the client's address, whatever value they carry.
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("x" + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("x" + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Post("x" + Guid.NewGuid()));
    }
}
