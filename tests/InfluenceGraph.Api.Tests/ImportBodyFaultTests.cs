using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// Bodies that do not decode as declared must be a 4xx problem (400 corrupt-body/empty-body or 415),
/// never a 500, never a silent partial import, and never a new graph version.
/// </summary>
public sealed class ImportBodyFaultTests : IClassFixture<ImportsEndpointsTests.Factory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public ImportBodyFaultTests(ImportsEndpointsTests.Factory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    private const string Csv = "alice,bob\ncarol,bob\nbob,carol\n";

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var ms = new MemoryStream();
        using (Stream z = encoding switch
        {
            "gzip" => new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentException(encoding),
        }) z.Write(data);
        return ms.ToArray();
    }

    private static ByteArrayContent Content(byte[] body, string type, string? encoding = null)
    {
        var c = new ByteArrayContent(body);
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        if (encoding is not null) c.Headers.ContentEncoding.Add(encoding);
        return c;
    }

    private async Task AssertNothingImported(string graph) =>
        Assert.Null(_api.Catalog.Get(graph));

    // Fault kinds per encoding: plain text declared as compressed, truncated (last 6 bytes cut: the
    // gzip trailer's ISIZE and part of its CRC-32, zlib's Adler-32, brotli's last block), trailing garbage.
    [Theory]
    [InlineData("gzip", "plain")]
    [InlineData("gzip", "truncated")]
    [InlineData("gzip", "trailing")]
    [InlineData("deflate", "plain")]
    [InlineData("deflate", "truncated")]
    [InlineData("deflate", "trailing")]
    [InlineData("br", "plain")]
    [InlineData("br", "truncated")]
    [InlineData("br", "trailing")]
    public async Task ContentEncoding_BodyThatDoesNotDecode_Is400CorruptBody_AndImportsNothing(string encoding, string fault)
    {
        byte[] good = Compress(encoding, Encoding.UTF8.GetBytes(Csv));
        byte[] body = fault switch
        {
            "plain" => Encoding.UTF8.GetBytes(Csv),
            "truncated" => good[..^6],
            _ => [.. good, .. Encoding.UTF8.GetBytes("x,y\n")],
        };
        string graph = $"bad-{encoding}-{fault}";
        var problem = await HttpAssert.Problem(await _client.PostAsync($"/graphs/{graph}/edges", Content(body, "text/csv", encoding)),
            HttpStatusCode.BadRequest, "/problems/corrupt-body");
        Assert.Contains(encoding, problem.GetProperty("detail").GetString());
        await AssertNothingImported(graph);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task ContentEncoding_ValidBody_Imports(string encoding)
    {
        var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync($"/graphs/good-{encoding}/edges",
            Content(Compress(encoding, Encoding.UTF8.GetBytes(Csv)), "text/csv", encoding)));
        Assert.Equal(3, report.EdgesAdded);
    }

    [Fact]
    public async Task ApplicationGzip_CorruptOrTruncated_Is400CorruptBody()
    {
        byte[] good = Compress("gzip", Encoding.UTF8.GetBytes(Csv));
        await HttpAssert.Problem(await _client.PostAsync("/graphs/appgz-trunc/edges", Content(good[..^6], "application/gzip")),
            HttpStatusCode.BadRequest, "/problems/corrupt-body");
        byte[] flipped = (byte[])good.Clone();
        flipped[^7] ^= 0xFF; // inside the CRC-32
        await HttpAssert.Problem(await _client.PostAsync("/graphs/appgz-crc/edges", Content(flipped, "application/gzip")),
            HttpStatusCode.BadRequest, "/problems/corrupt-body");
        await HttpAssert.Problem(await _client.PostAsync("/graphs/appgz-plain/edges", Content(Encoding.UTF8.GetBytes(Csv), "application/gzip")),
            HttpStatusCode.BadRequest, "/problems/corrupt-body");
        await AssertNothingImported("appgz-trunc");
        await AssertNothingImported("appgz-crc");
        await AssertNothingImported("appgz-plain");
    }

    [Fact]
    public async Task ContentEncoding_OfNothing_Is400EmptyBody_AndCreatesNoVersion()
    {
        await HttpAssert.Problem(await _client.PostAsync("/graphs/gz-empty/edges", Content(Compress("br", []), "text/csv", "br")),
            HttpStatusCode.BadRequest, "/problems/empty-body");
        await AssertNothingImported("gz-empty");
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("zstd")]
    [InlineData("gzip, br")]
    public async Task ContentEncoding_Unsupported_Is415(string encoding)
    {
        var content = Content(Encoding.UTF8.GetBytes(Csv), "text/csv");
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        await HttpAssert.Problem(await _client.PostAsync("/graphs/enc-unsupported/edges", content),
            HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
        await AssertNothingImported("enc-unsupported");
    }

    private static byte[] Multipart(string boundary, bool closed, params (string Name, string File, string Text)[] files)
    {
        var sb = new StringBuilder();
        foreach (var (name, file, text) in files)
            sb.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n{text}\r\n");
        if (closed) sb.Append($"--{boundary}--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public async Task Multipart_WithoutClosingBoundary_Is400CorruptBody()
    {
        var body = Multipart("XyZ", closed: false, ("file", "e.csv", Csv));
        await HttpAssert.Problem(await _client.PostAsync("/graphs/mp-open/edges", Content(body, "multipart/form-data; boundary=XyZ")),
            HttpStatusCode.BadRequest, "/problems/corrupt-body");
        await AssertNothingImported("mp-open");
    }

    [Fact]
    public async Task Multipart_WithContentEncoding_Is415()
    {
        var body = Compress("gzip", Multipart("XyZ", closed: true, ("file", "e.csv", Csv)));
        await HttpAssert.Problem(await _client.PostAsync("/graphs/mp-gz/edges", Content(body, "multipart/form-data; boundary=XyZ", "gzip")),
            HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type");
        await AssertNothingImported("mp-gz");
    }

    // One file per request: a second file part must not be dropped silently; the whole request is refused.
    [Fact]
    public async Task Multipart_TwoFileParts_Is400OneFilePerRequest_AndImportsNothing()
    {
        var body = Multipart("XyZ", closed: true, ("file", "a.csv", "alice,bob\n"), ("file2", "b.csv", "carol,dave\n"));
        var problem = await HttpAssert.Problem(await _client.PostAsync("/graphs/mp-two/edges", Content(body, "multipart/form-data; boundary=XyZ")),
            HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("file", problem.GetProperty("parameter").GetString());
        Assert.Contains("b.csv", problem.GetProperty("detail").GetString());
        await AssertNothingImported("mp-two");
    }

    // The full Content-Type reaches the importer: its charset decodes the body. ISO-8859-1 "jéromé"
    // (é = 0xE9) is not valid UTF-8, so without the charset it would be refused or garbled.
    [Fact]
    public async Task Charset_FromContentTypeOrFilePart_DecodesTheBody()
    {
        byte[] latin1 = [(byte)'j', 0xE9, (byte)'r', (byte)'o', (byte)'m', 0xE9, (byte)',', (byte)'b', (byte)'\n'];
        await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/latin1/edges", Content(latin1, "text/csv; charset=iso-8859-1")));
        Assert.True(_api.Catalog.Get("latin1")!.Snapshot.TryGetNode("jéromé", out _));

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(latin1);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=iso-8859-1");
        form.Add(part, "file", "latin1.csv");
        await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/latin1-part/edges", form));
        Assert.True(_api.Catalog.Get("latin1-part")!.Snapshot.TryGetNode("jéromé", out _));
    }
}
