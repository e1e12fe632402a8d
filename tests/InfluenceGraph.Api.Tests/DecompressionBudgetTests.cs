using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

/// <summary>One decompression budget for every decoding path of an import body; per-value caps; corrupt gzip by magic bytes.</summary>
public sealed class DecompressionBudgetTests : IAsyncDisposable
{
    private const long Budget = 200_000;
    private readonly ApiFactory _api = new ApiFactory().With("InfluenceGraph:MaxDecompressedBytes", Budget.ToString());
    private readonly HttpClient _client;

    public DecompressionBudgetTests() => _client = _api.CreateClient();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    // 1 MB of "a b" lines: a few KB compressed, five times the budget decompressed.
    private static readonly byte[] Bomb = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a b\n", 250_000)));

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var ms = new MemoryStream();
        using (Stream z = encoding switch
        {
            "gzip" => new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            _ => new BrotliStream(ms, CompressionLevel.Optimal, leaveOpen: true),
        }) z.Write(data);
        return ms.ToArray();
    }

    private static ByteArrayContent Body(byte[] bytes, string type, string? encoding = null)
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        if (encoding is not null) c.Headers.ContentEncoding.Add(encoding);
        return c;
    }

    [Theory]
    [InlineData("br", "text/plain", true)]          // Content-Encoding
    [InlineData("gzip", "text/plain", true)]
    [InlineData("deflate", "text/plain", true)]
    [InlineData("gzip", "application/gzip", false)] // gzip by media type
    [InlineData("gzip", "text/plain", false)]       // gzip by its magic bytes only
    [InlineData("gzip", "application/octet-stream", false)]
    public async Task EveryDecodingPath_IsLimitedByOneBudget_413_NothingApplied(string encoding, string type, bool header)
    {
        byte[] compressed = Compress(encoding, Bomb);
        Assert.True(compressed.Length < 10_000);
        string graph = $"bomb-{encoding}-{(header ? "header" : type.Replace('/', '-'))}";
        var res = await _client.PostAsync($"/graphs/{graph}/edges", Body(compressed, type, header ? encoding : null));
        var problem = await HttpAssert.Problem(res, HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
        Assert.Equal(Budget, problem.GetProperty("limitBytes").GetInt64());
        Assert.Null(_api.Catalog.Get(graph));
    }

    [Fact]
    public async Task GzipInsideContentEncoding_IsLimitedToo()
    {
        byte[] twice = Compress("gzip", Compress("gzip", Bomb));
        var res = await _client.PostAsync("/graphs/bomb-twice/edges", Body(twice, "text/plain", "gzip"));
        await HttpAssert.Problem(res, HttpStatusCode.RequestEntityTooLarge, "/problems/payload-too-large");
    }

    [Fact]
    public async Task UnderTheBudget_Imports()
    {
        byte[] small = Compress("gzip", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a b\n", 10_000))));
        var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/small/edges", Body(small, "text/plain")));
        Assert.Equal(10_000, report.RowsRead);
        Assert.Equal(1, report.EdgesAdded);
    }

    [Theory]
    [InlineData("trailing")]
    [InlineData("stray-magic")]
    [InlineData("cut-second-header")]
    public async Task GzipByMagicBytes_Corrupt_IsTheSameCorruptBodyProblem(string fault)
    {
        byte[] one = Compress("gzip", Encoding.UTF8.GetBytes("alice bob\n"));
        byte[] body = fault switch
        {
            "trailing" => [.. one, .. "carol dave\n"u8.ToArray()],
            "stray-magic" => [.. one, 0x1f, 0x8b, 8, 0, 0],
            _ => [.. one, .. one[..6]],
        };
        foreach (var (type, enc) in new[] { ("text/plain", (string?)null), ("text/plain", "gzip"), ("application/gzip", null) })
        {
            string graph = $"corrupt-{fault}-{(enc ?? type.Replace('/', '-'))}";
            var problem = await HttpAssert.Problem(await _client.PostAsync($"/graphs/{graph}/edges", Body(body, type, enc)),
                HttpStatusCode.BadRequest, "/problems/corrupt-body");
            Assert.Contains("gzip", problem.GetProperty("detail").GetString());
            Assert.Null(_api.Catalog.Get(graph));
        }
    }

    public static TheoryData<string, string> HugeValues => new()
    {
        { "application/graphml+xml", "<graphml><graph><node id=\"" + new string('x', 1_100_000) + "\"/></graph></graphml>" },
        { "text/plain", "graph [ node [ id \"" + new string('x', 1_100_000) + "\" ] ]" },
        { "application/json", "[{\"source\":\"" + new string('x', 1_100_000) + "\",\"target\":\"b\"}]" },
        { "text/csv", "follower,followee\n\"" + string.Concat(Enumerable.Repeat("x\n", 600_000)) + "\",b\n" },
        { "text/plain", new string('x', 1_100_000) + " b\n" },
    };

    [Theory]
    [MemberData(nameof(HugeValues))]
    public async Task EveryFormat_HasAPerValueCap(string type, string text)
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        var res = await client.PostAsync("/graphs/huge/edges", Body(Compress("gzip", Encoding.UTF8.GetBytes(text)), type));
        var problem = await HttpAssert.Problem(res, HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.Contains("1,048,576", problem.GetProperty("detail").GetString());
        Assert.Null(api.Catalog.Get("huge"));
    }
}
