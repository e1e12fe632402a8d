using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

public sealed class ImportsEndpointsTests : IClassFixture<ImportsEndpointsTests.Factory>
{
    /// <summary>Small limits so that 413 and the job path are reachable with small bodies.</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            With("InfluenceGraph:MaxUploadBytes", "100000");
            With("InfluenceGraph:MaxDecompressedBytes", "200000");
            With("InfluenceGraph:ImportJobThresholdBytes", "20000");
        }
    }

    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public ImportsEndpointsTests(Factory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    private static StringContent Body(string text, string type) => new(text, new UTF8Encoding(false), type);

    private async Task<ImportReportDto> ImportOk(string url, HttpContent content) =>
        await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync(url, content));

    [Theory]
    [InlineData("text/csv", "follower,followee\nalice,bob\ncarol,bob\nbob,carol\n", "csv")]
    [InlineData("text/tab-separated-values", "alice\tbob\ncarol\tbob\nbob\tcarol\n", "tsv")]
    [InlineData("text/plain", "# SNAP\nalice bob\ncarol bob\nbob carol\n", "snap")]
    [InlineData("application/json", "[{\"follower\":\"alice\",\"followee\":\"bob\"},{\"follower\":\"carol\",\"followee\":\"bob\"},{\"follower\":\"bob\",\"followee\":\"carol\"}]", "json")]
    [InlineData("application/x-ndjson", "{\"follower\":\"alice\",\"followee\":\"bob\"}\n{\"follower\":\"carol\",\"followee\":\"bob\"}\n{\"follower\":\"bob\",\"followee\":\"carol\"}\n", "ndjson")]
    public async Task ImportEdges_EachMediaType_BuildsTheSameGraph(string type, string body, string format)
    {
        string graph = "media-" + format;
        var report = await ImportOk($"/graphs/{graph}/edges", Body(body, type));
        Assert.True(report.Applied);
        Assert.Equal(format, report.Format);
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(3, report.EdgesAdded);
        Assert.Equal(3, report.AccountsAdded);
        Assert.Equal(1, report.VersionAfter);

        // alice -> bob <-> carol: bob has 2 followers.
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync($"/graphs/{graph}/rankings/followers"));
        Assert.Equal(["bob", "carol", "alice"], page.Items.Select(r => r.Account));
        Assert.Equal([2.0, 1.0, 0.0], page.Items.Select(r => r.Score!.Value));
    }

    [Fact]
    public async Task ImportEdges_GzipByContentEncoding_AndByMediaType()
    {
        byte[] gz = Gzip("alice,bob\ncarol,bob\n");
        var encoded = new ByteArrayContent(gz);
        encoded.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        encoded.Headers.ContentEncoding.Add("gzip");
        var r1 = await ImportOk("/graphs/gz1/edges", encoded);
        Assert.Equal(2, r1.EdgesAdded);

        var typed = new ByteArrayContent(gz);
        typed.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var r2 = await ImportOk("/graphs/gz2/edges?source=edges.csv.gz", typed);
        Assert.Equal(2, r2.EdgesAdded);
        Assert.Equal("edges.csv.gz", r2.Source);
    }

    [Fact]
    public async Task ImportEdges_Multipart_UsesTheFilePartAndItsName()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("alice\tbob\ncarol\tbob\n"));
        form.Add(new StringContent("ignored"), "comment");
        form.Add(file, "file", "follows.tsv");
        var report = await ImportOk("/graphs/multipart/edges", form);
        Assert.Equal("follows.tsv", report.Source);
        Assert.Equal("tsv", report.Format);
        Assert.Equal(2, report.EdgesAdded);
    }

    [Fact]
    public async Task ImportEdges_FolloweeFollowerDirection_FlipsEachRow()
    {
        // Rows "author engager": bob is followed by alice and carol.
        await ImportOk("/graphs/flipped/edges?direction=followee-follower", Body("bob,alice\nbob,carol\n", "text/csv"));
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/flipped/rankings/followers?top=1"));
        Assert.Equal("bob", page.Items[0].Account);
        Assert.Equal(2, page.Items[0].Score);
    }

    [Fact]
    public async Task ImportEdges_AppendThenReplace_BumpsTheVersionEachTime()
    {
        var r1 = await ImportOk("/graphs/modes/edges", Body("a,b\n", "text/csv"));
        var r2 = await ImportOk("/graphs/modes/edges", Body("c,b\n", "text/csv"));
        Assert.Equal(2, r2.VersionAfter);
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/modes"));
        Assert.Equal(2, g.Edges);
        var r3 = await ImportOk("/graphs/modes/edges?mode=replace", Body("x,y\n", "text/csv"));
        Assert.Equal("replace", r3.Mode);
        g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/modes"));
        Assert.Equal(1, g.Edges);
        Assert.Equal(3, g.Version);
        Assert.Equal(1, r1.VersionAfter);
    }

    [Fact]
    public async Task ImportEdges_RejectedRowWithOnErrorFail_Is400AndAppliesNothing()
    {
        await ImportOk("/graphs/rejects/edges", Body("a,b\n", "text/csv"));
        var response = await _client.PostAsync("/graphs/rejects/edges", Body("follower,followee,weight\nc,d,1\ne,f,abc\n", "text/csv"));
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/import-rejected");
        Assert.Equal(3, body.GetProperty("line").GetInt64());
        Assert.Equal(1, body.GetProperty("rejectedCount").GetInt64());
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/rejects"));
        Assert.Equal(1, g.Version);
        Assert.Equal(1, g.Edges);

        // onError=skip applies the good row and reports the bad one.
        var skipped = await ImportOk("/graphs/rejects/edges?onError=skip", Body("follower,followee,weight\nc,d,1\ne,f,abc\n", "text/csv"));
        Assert.True(skipped.Applied);
        Assert.Equal(1, skipped.RejectedCount);
        Assert.Equal(3, skipped.Rejections.Single().Line);
        Assert.Equal(2, skipped.VersionAfter);
    }

    [Fact]
    public async Task ImportEdges_BrokenJson_Is400WithLine()
    {
        var response = await _client.PostAsync("/graphs/broken/edges", Body("[{\"follower\":\"a\",\n\"followee\": ]", "application/json"));
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.True(body.GetProperty("line").GetInt64() >= 1);
        await HttpAssert.Problem(await _client.GetAsync("/graphs/broken"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("image/png")]
    public async Task ImportEdges_UnsupportedMediaType_Is415ListingTheSupportedOnes(string type)
    {
        var body = await HttpAssert.Problem(await _client.PostAsync("/graphs/m415/edges", Body("a,b\n", type)), HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
        Assert.Contains("text/csv", body.GetProperty("supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ImportEdges_EmptyBody_Is400AndCreatesNothing()
    {
        // curl --data-binary @missing-file sends an empty body: refuse it rather than apply an empty batch.
        await HttpAssert.Problem(await _client.PostAsync("/graphs/empty/edges", Body("", "text/plain")), HttpStatusCode.BadRequest, "/problems/empty-body");
        await HttpAssert.Problem(await _client.GetAsync("/graphs/empty"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task ImportEdges_FormatOverride_AcceptsAnyMediaType()
    {
        var report = await ImportOk("/graphs/override/edges?format=csv", Body("a,b\n", "application/x-www-form-urlencoded"));
        Assert.Equal("csv", report.Format);
    }

    [Fact]
    public async Task ImportEdges_UnsupportedContentEncoding_Is415()
    {
        var content = Body("a,b\n", "text/csv");
        content.Headers.ContentEncoding.Add("compress");
        await HttpAssert.Problem(await _client.PostAsync("/graphs/enc/edges", content), HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
    }

    [Fact]
    public async Task ImportEdges_OverMaxUploadBytes_Is413WithTheLimit_ByLengthAndWhenChunked()
    {
        string big = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"u{i},v{i}\n")); // ~130 kB > 100 kB
        var body = await HttpAssert.Problem(await _client.PostAsync("/graphs/big/edges", Body(big, "text/csv")), HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
        Assert.Equal(100000, body.GetProperty("limitBytes").GetInt64());

        // Without Content-Length (chunked): refused while streaming, nothing applied.
        var chunked = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var p = await HttpAssert.Problem(await _client.PostAsync("/graphs/big/edges", chunked), HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
        Assert.Equal(100000, p.GetProperty("limitBytes").GetInt64());
        await HttpAssert.Problem(await _client.GetAsync("/graphs/big"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    // Kestrel refuses a chunked body over MaxRequestBodySize with its own BadHttpRequestException(413)
    // (TestServer has no such limit, so the handler is driven directly): the problem still gives limitBytes.
    [Fact]
    public async Task KestrelBodyLimit_Is413WithLimitBytes()
    {
        var handler = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<InfluenceGraph.Api.Problems.ApiExceptionHandler>(_api.Services);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _api.Services };
        context.Response.Body = new MemoryStream();
        var e = new Microsoft.AspNetCore.Http.BadHttpRequestException("Request body too large. The max request body size is 100000 bytes.", 413);
        Assert.True(await handler.TryHandleAsync(context, e, CancellationToken.None));
        Assert.Equal(413, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = System.Text.Json.JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("/problems/payload-too-large", body.GetProperty("type").GetString());
        Assert.Equal(100000, body.GetProperty("limitBytes").GetInt64());
    }

    [Fact]
    public async Task ImportEdges_GzipBomb_Is413OnTheDecompressedSize()
    {
        byte[] gz = Gzip(string.Concat(Enumerable.Repeat("alice,bob\n", 30_000))); // 300 kB decompressed, ~1 kB compressed
        Assert.True(gz.Length < 20_000);
        var content = new ByteArrayContent(gz);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Headers.ContentEncoding.Add("gzip");
        var body = await HttpAssert.Problem(await _client.PostAsync("/graphs/bomb/edges", content), HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
        Assert.Equal(200000, body.GetProperty("limitBytes").GetInt64());
    }

    [Fact]
    public async Task ImportEdges_LargerThanTheJobThreshold_Is202_ThenTheJobImportsEverything()
    {
        string body = string.Concat(Enumerable.Range(0, 3000).Select(i => $"f{i},h{i % 10}\n")); // ~30 kB > 20 kB
        var response = await _client.PostAsync("/graphs/queued/edges", Body(body, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
        Assert.Equal("import-edges", job!.Kind);
        JobStatus done = job;
        for (int i = 0; i < 2400 && done.State is "queued" or "running"; i++)
        {
            await Task.Delay(50);
            done = await HttpAssert.Ok<JobStatus>(await _client.GetAsync(response.Headers.Location!));
        }
        Assert.Equal("succeeded", done.State);
        Assert.Equal("/graphs/queued", done.Result);
        Assert.Equal(3000, done.Import!.EdgesAdded);
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/queued"));
        Assert.Equal(3010, g.Accounts);
        Assert.Equal(3000, g.Edges);
    }

    // A job import refused under onError=fail is the client's fault: the job error is the same
    // 400 import-rejected problem a small request gets, with the report's rejections.
    [Fact]
    public async Task ImportJob_RejectedRowsWithOnErrorFail_FailsAsImportRejected400()
    {
        string body = "follower,followee,weight\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"f{i},h{i % 10},1\n")) + "bad,row,abc\n";
        var response = await _client.PostAsync("/graphs/queued-rejected/edges", Body(body, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JobStatus done = (await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!;
        for (int i = 0; i < 2400 && done.State is "queued" or "running"; i++)
        {
            await Task.Delay(50);
            done = await HttpAssert.Ok<JobStatus>(await _client.GetAsync(response.Headers.Location!));
        }
        Assert.Equal("failed", done.State);
        Assert.Equal("/problems/import-rejected", done.Error!.Type);
        Assert.Equal(400, done.Error.Status);
        Assert.Contains("line 3002", done.Error.Detail);
        Assert.Equal(1, done.Import!.RejectedCount);
        Assert.Equal(3002, done.Import.Rejections.Single().Line);
        Assert.False(done.Import.Applied);
        Assert.Null(_api.Catalog.Get("queued-rejected")?.Snapshot is { NodeCount: > 0 } ? "imported" : null);
    }

    [Fact]
    public async Task ImportAccounts_Csv_AttributesShowOnTheAccount()
    {
        await ImportOk("/graphs/attrs/edges", Body("alice,bob\n", "text/csv"));
        var report = await ImportOk("/graphs/attrs/accounts", Body("account,posts,political_share,is_political\nbob,140,0.01,false\nzed,3,0,false\n", "text/csv"));
        Assert.Equal("accounts", report.Kind);
        Assert.Equal(2, report.AccountsUpdated);
        Assert.Equal(1, report.AccountsNotInGraph);   // zed has attributes but no edge: stored, not a node
        var bob = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/attrs/accounts/bob"));
        Assert.Equal(140, bob.Attributes!.Posts);
        Assert.Equal(0.01, bob.Attributes.PoliticalShare);
        Assert.False(bob.Attributes.IsPolitical);
    }

    [Fact]
    public async Task ImportAccounts_KeyChoosesTheJoinColumn_AndTheReportCountsTheJoin()
    {
        await ImportOk("/graphs/keyed/edges", Body("1 2\n2 3\n", "text/plain"));
        const string vertices = "id,screen_name,posts\n1,alice,10\n2,bob,20\n3,carol,30\n";
        var byName = await ImportOk("/graphs/keyed/accounts", Body(vertices, "text/csv"));
        Assert.Equal(("screen_name", 0L, 3L), (byName.KeyColumn, byName.AccountsJoined, byName.AccountsNotInGraph));
        Assert.Contains("column 'id' matches 3 of the first 3 rows: import with --key id (API key=id)", byName.JoinHint);
        var byId = await ImportOk("/graphs/keyed/accounts?key=id", Body(vertices, "text/csv"));
        Assert.Equal(("id", 3L, 0L), (byId.KeyColumn, byId.AccountsJoined, byId.AccountsNotInGraph));
        Assert.Null(byId.JoinHint);
        Assert.Equal(20, (await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/keyed/accounts/2"))).Attributes!.Posts);
        var bad = await HttpAssert.Problem(await _client.PostAsync("/graphs/keyed/accounts?key=handle", Body(vertices, "text/csv")), HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.Contains("no column 'handle'", bad.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("mode=merge", "mode")]
    [InlineData("onError=ignore", "onError")]
    [InlineData("direction=sideways", "direction")]
    [InlineData("format=xlsx", "format")]
    public async Task ImportEdges_BadQuery_Is400NamingIt(string query, string parameter)
    {
        var body = await HttpAssert.Problem(await _client.PostAsync("/graphs/q/edges?" + query, Body("a,b\n", "text/csv")), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task ImportEdges_InvalidGraphName_Is400()
    {
        var body = await HttpAssert.Problem(await _client.PostAsync("/graphs/bad%20name/edges", Body("a,b\n", "text/csv")), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("graph", body.GetProperty("parameter").GetString());
    }

    private static byte[] Gzip(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    /// <summary>A stream without a length, so HttpClient sends the body chunked.</summary>
    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
