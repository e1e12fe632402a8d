using System.Net.Http.Headers;
using System.Text;

namespace InfluenceGraph.Api.Tests;

/// <summary>A declared format or charset that the content contradicts is refused (400 naming both), never stored as junk.</summary>
public sealed class DeclaredFormatTests : IClassFixture<ImportsEndpointsTests.Factory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public DeclaredFormatTests(ImportsEndpointsTests.Factory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    private static ByteArrayContent Body(string text, string type, Encoding? encoding = null)
    {
        var c = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(text));
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return c;
    }

    public static TheoryData<string, string, string, string> Contradictions => new()
    {
        // content type, body, declared, detected
        { "text/tab-separated-values", "follower,followee\nalice,bob\ncarol,bob\n", "tsv", "csv" },
        { "text/csv", "alice\tbob\ncarol\tbob\n", "csv", "tsv" },
        { "text/csv", "alice bob\ncarol bob\n", "csv", "snap" },
        { "text/csv", "alice;bob\ncarol;bob\n", "csv", "csv" }, // semicolons: still one field per row at commas
        { "text/csv", "<?xml version=\"1.0\"?><graphml><graph><edge source=\"a\" target=\"b\"/></graph></graphml>", "csv", "graphml" },
        { "text/tab-separated-values", "graph [\n directed 1\n edge [ source 1 target 2 ]\n]\n", "tsv", "gml" },
        { "text/csv", "{\"follower\":\"a\",\"followee\":\"b\"}\n{\"follower\":\"c\",\"followee\":\"b\"}\n", "csv", "ndjson" },
        { "application/json", "alice,bob\ncarol,bob\n", "json", "csv" },
        { "application/graphml+xml", "alice bob\n", "graphml", "snap" },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public async Task DeclaredFormat_ContradictedByTheContent_Is400NamingBoth(string type, string text, string declared, string detected)
    {
        string graph = "mismatch-" + Guid.NewGuid().ToString("N")[..8];
        var problem = await HttpAssert.Problem(await _client.PostAsync($"/graphs/{graph}/edges", Body(text, type)), HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.Equal(declared, problem.GetProperty("declaredFormat").GetString());
        Assert.Equal(detected, problem.GetProperty("detectedFormat").GetString());
        Assert.Null(_api.Catalog.Get(graph));
    }

    [Fact]
    public async Task DeclaredByTheFormatParameter_IsCheckedToo()
    {
        var problem = await HttpAssert.Problem(await _client.PostAsync("/graphs/mm-param/edges?format=tsv", Body("a,b\nc,b\n", "text/plain")),
            HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.Contains("format option", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Utf16Declared_OnUtf8Body_Is400()
    {
        var problem = await HttpAssert.Problem(await _client.PostAsync("/graphs/mm-charset/edges", Body("alice,bob\ncarol,bob\n", "text/csv; charset=utf-16")),
            HttpStatusCode.BadRequest, "/problems/import-format");
        Assert.Equal("charset=utf-16", problem.GetProperty("declaredFormat").GetString());
        Assert.Null(_api.Catalog.Get("mm-charset"));
    }

    [Fact]
    public async Task Utf16Declared_OnUtf16Body_Imports()
    {
        var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/utf16-ok/edges",
            Body("follower,followee\nalice,bob\ncarol,bob\n", "text/csv; charset=utf-16", new UnicodeEncoding(false, false))));
        Assert.Equal(2, report.EdgesAdded);
    }

    [Theory]
    [InlineData("text/csv", "follower,followee\nalice,bob\n")]
    [InlineData("text/csv", "account\nalice\nbob\n")]                   // one-column rows without any other separator: accounts
    [InlineData("text/csv", "\"john smith\",bob\n")]                    // spaces inside a comma-separated field
    [InlineData("text/tab-separated-values", "alice\tbob, jr\n")]
    [InlineData("text/plain", "a,b\n")]                                 // not a declaration: detected
    public async Task ConsistentBodies_StillImport(string type, string text)
    {
        var res = await _client.PostAsync("/graphs/consistent-" + Guid.NewGuid().ToString("N")[..8] + "/edges", Body(text, type));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }
}
