using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Api.Services.Imports;

namespace InfluenceGraph.Api.Tests;

/// <summary>What the imports document in OpenAPI is exactly what they accept.</summary>
public sealed class ImportDocumentationTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public ImportDocumentationTests(ApiFactory api) => _client = api.CreateClient();

    [Theory]
    [InlineData("/graphs/{graph}/edges")]
    [InlineData("/graphs/{graph}/accounts")]
    public async Task OpenApi_FormatsAndMediaTypes_AreTheAcceptedOnes(string path)
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var op = doc.GetProperty("paths").GetProperty(path).GetProperty("post");
        var format = op.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "format");
        var documented = format.GetProperty("schema").GetProperty("enum").EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).ToList();
        Assert.Equal(ImportsEndpoints.FormatNames.Keys.Order(), documented.Order());
        var media = op.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(ImportService.SupportedMediaTypes.Order(), media.Order());
    }

    [Theory]
    [InlineData("jsonl", "application/octet-stream", "{\"account\":\"bob\",\"posts\":140}\n{\"account\":\"carol\",\"posts\":7}\n")]
    [InlineData("snap", "text/plain", "account posts\nbob 140\ncarol 7\n")]
    [InlineData("graphml", "application/xml", "<graphml><key id=\"p\" for=\"node\" attr.name=\"posts\" attr.type=\"long\"/><graph edgedefault=\"directed\"><node id=\"bob\"><data key=\"p\">140</data></node><node id=\"carol\"><data key=\"p\">7</data></node></graph></graphml>")]
    public async Task AccountImport_DocumentedFormats_AreAccepted(string format, string contentType, string body)
    {
        string graph = "docfmt-" + format;
        var response = await _client.PostAsync($"/graphs/{graph}/accounts?format={format}", new StringContent(body, System.Text.Encoding.UTF8, contentType));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var edges = await _client.PostAsync($"/graphs/{graph}/edges", new StringContent("bob carol\n", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, edges.StatusCode);
        var bob = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync($"/graphs/{graph}/accounts/bob"));
        Assert.Equal(140, bob.Attributes!.Posts);
    }
}
