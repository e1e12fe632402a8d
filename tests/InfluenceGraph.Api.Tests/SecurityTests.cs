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
        await HttpAssert.Problem(await client.GetAsync("/graphs/default/rankings/in_degree"), HttpStatusCode.Unauthorized, "/problems/api-key-required");
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
