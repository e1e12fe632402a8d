using System.Net;
using System.Net.Http.Headers;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

/// <summary>The response cache of the read endpoints (ResponseCaching): bytes, ETag/304, versions, keys, partial answers, single flight.</summary>
public sealed class ResponseCacheTests
{
    // alice -> bob <-> carol, dan -> bob, dan -> alice; "Bob" (capital) is another account: handles are case-sensitive.
    private const string Edges = "alice bob, carol bob, bob carol, dan bob, dan alice, Bob dan";

    private static ApiFactory NewApi(params (string Key, string Value)[] settings)
    {
        var api = new ApiFactory();
        foreach (var (k, v) in settings) api.With(k, v);
        api.Catalog.Publish("rc", TestGraphs.FromText(Edges), new Dictionary<string, AccountAttributes>
        {
            ["bob"] = new() { Account = "bob", Posts = 140, PoliticalShare = 0.01 },
            ["carol"] = new() { Account = "carol", Posts = 20, IsPolitical = true },
        });
        return api;
    }

    private static readonly string[] Urls =
    [
        "/graphs/rc/accounts/bob",
        "/graphs/rc/accounts/Bob",
        "/graphs/rc/ego-network?account=bob",
        "/graphs/rc/overview-network?limit=10",
        "/graphs/rc/rankings/pagerank?top=3",
        "/graphs/rc/rankings/pagerank?format=csv",
        "/graphs/rc/influencers?allowUnknownEngagement=true",
        "/graphs/rc/accounts/bob/audience",
        "/graphs/rc/accounts/bob/followers?limit=2",
        "/graphs/rc/paths?from=dan&to=carol",
        "/graphs/rc/communities",
        "/graphs/rc/versions",
        "/graphs/rc/edges?format=csv",
    ];

    private static string? CacheStatus(HttpResponseMessage r) =>
        r.Headers.TryGetValues(ResponseCaching.StatusHeader, out var v) ? v.Single() : null;

    [Fact]
    public async Task CachedAnswers_AreByteIdenticalToUncachedOnes()
    {
        await using var cached = NewApi();
        await using var uncached = NewApi(("InfluenceGraph:ResponseCacheBytes", "0"));
        var c = cached.CreateClient();
        var u = uncached.CreateClient();
        foreach (string url in Urls)
        {
            var miss = await c.GetAsync(url);
            Assert.True(miss.StatusCode == HttpStatusCode.OK, $"{url}: {(int)miss.StatusCode} {await miss.Content.ReadAsStringAsync()}");
            Assert.Equal("miss", CacheStatus(miss));
            var hit = await c.GetAsync(url);
            Assert.Equal("hit", CacheStatus(hit));
            var plain = await u.GetAsync(url);
            Assert.Null(CacheStatus(plain)); // the cache is off
            byte[] a = await miss.Content.ReadAsByteArrayAsync(), b = await hit.Content.ReadAsByteArrayAsync(), p = await plain.Content.ReadAsByteArrayAsync();
            Assert.True(a.AsSpan().SequenceEqual(b), $"{url}: the cached body differs from the first one");
            // Another server computed its own results: only the computation's timing and the cursors (keyed by the graph's
            // creation time) may differ from it.
            Assert.True(Comparable(a) == Comparable(p), $"{url}: the cached body differs from the uncached server's");
            Assert.Equal(miss.Content.Headers.ContentType?.ToString(), hit.Content.Headers.ContentType?.ToString());
            Assert.Equal(miss.Headers.ETag, hit.Headers.ETag);
        }
    }

    private static string Comparable(byte[] body)
    {
        string text = System.Text.Encoding.UTF8.GetString(body);
        if (!text.StartsWith('{')) return text;
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        node.Remove("computation");
        node.Remove("nextCursor");
        // Commit times of the versions (each server committed its own).
        foreach (var array in node.Select(kv => kv.Value).OfType<System.Text.Json.Nodes.JsonArray>())
            foreach (var item in array.OfType<System.Text.Json.Nodes.JsonObject>()) item.Remove("committedAt");
        return node.ToJsonString();
    }

    [Fact]
    public async Task ETag_IsStrong_And_IfNoneMatch_Answers304WithoutBody()
    {
        await using var api = NewApi();
        var client = api.CreateClient();
        var first = await client.GetAsync("/graphs/rc/accounts/bob");
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Matches("^\"rc-[0-9a-f]{32}\"$", etag.Tag);
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());

        var request = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/accounts/bob");
        request.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, revalidated.Headers.ETag);

        // Another account, another representation: other ETags.
        var other = await client.GetAsync("/graphs/rc/accounts/Bob");
        Assert.NotEqual(etag, other.Headers.ETag);
        var withAccept = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/ego-network?account=bob");
        var json = await client.GetAsync("/graphs/rc/ego-network?account=bob");
        withAccept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Assert.NotEqual(json.Headers.ETag, (await client.SendAsync(withAccept)).Headers.ETag); // Accept is part of the key
    }

    [Fact]
    public async Task NewVersion_MakesOldEntriesUnreachable()
    {
        await using var api = NewApi();
        var client = api.CreateClient();
        var before = await HttpAssert.Ok<AccountDetail>(await client.GetAsync("/graphs/rc/accounts/bob"));
        Assert.Equal(3, before.Followers);
        var old = await client.GetAsync("/graphs/rc/accounts/bob");
        Assert.Equal("hit", CacheStatus(old));

        api.Catalog.Publish("rc", TestGraphs.FromText(Edges + ", erin bob"));
        var after = await client.GetAsync("/graphs/rc/accounts/bob");
        Assert.Equal("miss", CacheStatus(after));
        var detail = await HttpAssert.Ok<AccountDetail>(after);
        Assert.Equal(4, detail.Followers);
        Assert.Equal(2, detail.Version);
        Assert.NotEqual(old.Headers.ETag, after.Headers.ETag);

        // The old ETag no longer matches anything: a full answer, not 304.
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/accounts/bob");
        request.Headers.IfNoneMatch.Add(old.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task HandlesDifferingByCase_AreDifferentEntries()
    {
        await using var api = NewApi();
        var client = api.CreateClient();
        var lower = await HttpAssert.Ok<AccountDetail>(await client.GetAsync("/graphs/rc/accounts/bob"));
        var upper = await client.GetAsync("/graphs/rc/accounts/Bob");
        Assert.Equal("miss", CacheStatus(upper));
        var u = await HttpAssert.Ok<AccountDetail>(upper);
        Assert.Equal("bob", lower.Account);
        Assert.Equal("Bob", u.Account);
        Assert.Equal(0, u.Followers);
    }

    [Fact]
    public async Task KeyedReads_NeverServeACachedAnswerWithoutTheKey()
    {
        await using var api = NewApi(("InfluenceGraph:ApiKeys:0", "s3cret"), ("InfluenceGraph:RequireKeyForReads", "true"));
        var client = api.CreateClient();
        var keyed = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/rankings/pagerank?top=3");
        keyed.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(keyed)).StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/rankings/pagerank?top=3");
        again.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal("hit", CacheStatus(await client.SendAsync(again)));

        var anonymous = await client.GetAsync("/graphs/rc/rankings/pagerank?top=3");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/graphs/rc/rankings/pagerank?top=3");
        wrong.Headers.Add("X-Api-Key", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task PartialAnswers_AreNotStored()
    {
        // Every metric is "long" (work limit 0) and so not computed by the account detail: a later answer would say more.
        await using var api = NewApi(("InfluenceGraph:SyncWorkLimit", "0"));
        var client = api.CreateClient();
        var first = await HttpAssert.Ok<AccountDetail>(await client.GetAsync("/graphs/rc/accounts/bob"));
        Assert.Contains(first.Metrics, m => m.Status == "not_computed");
        var second = await client.GetAsync("/graphs/rc/accounts/bob");
        Assert.Null(CacheStatus(second));
        Assert.Null(second.Headers.ETag);
        // Errors are not stored either.
        var missing = await client.GetAsync("/graphs/rc/accounts/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(CacheStatus(await client.GetAsync("/graphs/rc/accounts/nobody")));
    }

    [Fact]
    public async Task ConcurrentRequestsForOneKey_AreComputedOnce()
    {
        await using var api = NewApi();
        var client = api.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetAsync("/graphs/rc/ego-network?account=bob&limit=3")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, responses.Count(r => CacheStatus(r) == "miss"));
        Assert.Equal(11, responses.Count(r => CacheStatus(r) == "hit"));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    private static async Task<HttpResponseMessage> GetEncoded(HttpClient client, string url, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return await client.SendAsync(request);
    }

    private static byte[] Decode(string? encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding switch
        {
            "br" => new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"unexpected encoding '{encoding}'"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")] // what browsers send: Brotli preferred
    [InlineData("gzip", "gzip")]
    public async Task CompressedAnswers_StoredCompressed_NeverServedToAClientThatDidNotAskForThem(string acceptEncoding, string expected)
    {
        await using var api = NewApi();
        var client = api.CreateClient(); // no automatic decompression: the bytes on the wire are seen
        foreach (string url in new[] { "/graphs/rc/overview-network?limit=10", "/graphs/rc/influencers?allowUnknownEngagement=true" })
        {
            var plain = await GetEncoded(client, url, null);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            byte[] identity = await plain.Content.ReadAsByteArrayAsync();

            var miss = await GetEncoded(client, url, acceptEncoding);
            Assert.Equal("miss", CacheStatus(miss));
            Assert.Equal(expected, Assert.Single(miss.Content.Headers.ContentEncoding));
            Assert.Contains("Accept-Encoding", miss.Headers.Vary);
            byte[] compressed = await miss.Content.ReadAsByteArrayAsync();
            Assert.Equal(identity, Decode(expected, compressed));

            var hit = await GetEncoded(client, url, acceptEncoding);
            Assert.Equal("hit", CacheStatus(hit));
            Assert.Equal(expected, Assert.Single(hit.Content.Headers.ContentEncoding));
            Assert.Equal(compressed, await hit.Content.ReadAsByteArrayAsync()); // the stored compressed bytes

            // A client without Accept-Encoding, after the compressed entry was stored: identity bytes, from its own entry.
            var again = await GetEncoded(client, url, null);
            Assert.Equal("hit", CacheStatus(again));
            Assert.Empty(again.Content.Headers.ContentEncoding);
            Assert.Equal(identity, await again.Content.ReadAsByteArrayAsync());
            if (url.Contains("overview", StringComparison.Ordinal)) Assert.NotEqual(plain.Headers.ETag, miss.Headers.ETag); // another representation
        }
        // Endpoints outside the response cache are not compressed (no per-request compression cost).
        var graphs = await GetEncoded(client, "/graphs", acceptEncoding);
        Assert.Equal(HttpStatusCode.OK, graphs.StatusCode);
        Assert.Empty(graphs.Content.Headers.ContentEncoding);
        // CSV is never compressed.
        var csv = await GetEncoded(client, "/graphs/rc/rankings/pagerank?format=csv", acceptEncoding);
        Assert.Empty(csv.Content.Headers.ContentEncoding);
    }

    [Fact]
    public void ETagOf_IsTheQuotedSha256Prefix()
    {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a3...
        Assert.Equal("\"rc-ba7816bf8f01cfea414140de5dae2223\"", ResponseCaching.ETagOf("abc"));
    }
}
