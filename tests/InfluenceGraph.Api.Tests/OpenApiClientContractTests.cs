using System.Net.Http.Headers;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// What a generated client relies on in /openapi/v1.json: declared 415s with a problem body that has a
/// detail, fixed value sets as enums, ranges as minimum/maximum, the If-None-Match header, and free-form
/// objects declared as maps (additionalProperties) rather than empty objects.
/// </summary>
public sealed class OpenApiClientContractTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonElement> Document() => JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;

    private static JsonElement Operation(JsonElement doc, string path, string method) => doc.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Parameter(JsonElement op, string name) =>
        op.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static string[] Enum(JsonElement schema) => schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Theory]
    [InlineData("/graphs")]
    [InlineData("/graphs/default/analyses")]
    public async Task JsonBodyOfAnotherType_Is415_WithADetail_AndDeclared(string path)
    {
        var response = await _client.PostAsync(path, new StringContent("pagerank", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/problems/unsupported-media-type", problem.GetProperty("type").GetString());
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());

        var doc = await Document();
        string template = path == "/graphs" ? "/graphs" : "/graphs/{graph}/analyses";
        Assert.True(Operation(doc, template, "post").GetProperty("responses").TryGetProperty("415", out _), template + " declares 415");
    }

    [Fact]
    public async Task FixedValueSets_AreEnums()
    {
        var doc = await Document();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var job = schemas.GetProperty("JobStatus").GetProperty("properties");
        Assert.Contains("influencers", Enum(job.GetProperty("kind")));
        Assert.Contains("import-edges", Enum(job.GetProperty("kind")));
        Assert.Equal(["queued", "running", "succeeded", "failed", "cancelled"], Enum(job.GetProperty("state")));
        Assert.Equal(["collapse", "keep"], Enum(schemas.GetProperty("CreateGraphRequest").GetProperty("properties").GetProperty("duplicateEdges")));
        Assert.Equal(["keep", "drop"], Enum(schemas.GetProperty("GraphSummary").GetProperty("properties").GetProperty("selfLoopPolicy")));
        var ranking = Operation(doc, "/graphs/{graph}/rankings/{metric}", "get");
        Assert.Equal(["json", "csv"], Enum(Parameter(ranking, "format").GetProperty("schema")));
        var export = Operation(doc, "/graphs/{graph}/export", "get");
        Assert.Equal(["graphml", "gexf", "parquet"], Enum(Parameter(export, "format").GetProperty("schema")));
        var metric = Enum(Parameter(ranking, "metric").GetProperty("schema"));
        // Canonical names first, in catalog order, then the aliases accepted on input; the example is canonical.
        Assert.Equal(MetricCatalog.Default.Names, metric.Take(MetricCatalog.Default.Names.Count()));
        Assert.Equal(["in_degree", "out_degree", "in_degree_centrality", "out_degree_centrality"], metric.Skip(MetricCatalog.Default.Names.Count()));
        var metricParameter = Parameter(ranking, "metric");
        Assert.Equal("followers", metricParameter.GetProperty("example").GetString());
        Assert.Contains("in_degree = followers", metricParameter.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ranges_AreMinimumAndMaximum()
    {
        var doc = await Document();
        var ranking = Operation(doc, "/graphs/{graph}/rankings/{metric}", "get");
        var alpha = Parameter(ranking, "alpha").GetProperty("schema");
        Assert.Equal(0, alpha.GetProperty("minimum").GetDouble());
        Assert.Equal(1, alpha.GetProperty("maximum").GetDouble());
        Assert.Equal(1, Parameter(ranking, "top").GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(0, Parameter(ranking, "offset").GetProperty("schema").GetProperty("minimum").GetInt32());
        var changes = Operation(doc, "/graphs/{graph}/changes", "get");
        Assert.Equal(10000, Parameter(changes, "limit").GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal(1000, Parameter(changes, "top").GetProperty("schema").GetProperty("maximum").GetInt32());
        var ego = Operation(doc, "/graphs/{graph}/ego-network", "get");
        Assert.Equal(2, Parameter(ego, "limit").GetProperty("schema").GetProperty("minimum").GetInt32());
    }

    [Fact]
    public async Task IfNoneMatch_IsDeclared_WhereA304IsAnswered()
    {
        var doc = await Document();
        foreach (var (path, method) in new[] { ("/graphs/{graph}/rankings/{metric}", "get"), ("/graphs/{graph}/influencers", "get") })
        {
            var op = Operation(doc, path, method);
            Assert.True(op.GetProperty("responses").TryGetProperty("304", out _), path);
            Assert.Equal("header", Parameter(op, "If-None-Match").GetProperty("in").GetString());
        }
    }

    [Fact]
    public async Task FreeFormObjects_AreMaps_NotEmptyObjects()
    {
        var doc = await Document();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("AnalysisRequest", "options"), ("RankingPage", "options"), ("InfluencerPage", "query"), ("SpherePage", "parameters") })
        {
            var p = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);
            Assert.Equal(JsonValueKind.Object, p.GetProperty("additionalProperties").ValueKind);
        }
        var edgeItem = Operation(doc, "/graphs/{graph}/edges", "post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("items");
        Assert.Equal("string", edgeItem.GetProperty("properties").GetProperty("follower").GetProperty("type").GetString());
        Assert.True(edgeItem.TryGetProperty("additionalProperties", out _));
    }
}

/// <summary>GML declared by its media type is imported (and every accepted media type is documented: ImportDocumentationTests).</summary>
public sealed class GmlMediaTypeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("text/vnd.gml")]
    [InlineData("application/gml")]
    public async Task GmlBody_WithAGmlContentType_IsImported(string contentType)
    {
        string graph = "gml-" + Guid.NewGuid().ToString("N")[..8];
        var body = new StringContent("graph [\n directed 1\n node [ id 0 label \"alice\" ]\n node [ id 1 label \"bob\" ]\n node [ id 2 label \"carol\" ]\n edge [ source 0 target 1 ]\n edge [ source 2 target 1 ]\n]\n");
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await _client.PostAsync($"/graphs/{graph}/edges", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var report = JsonDocument.Parse(text).RootElement;
        Assert.Equal("gml", report.GetProperty("format").GetString());
        Assert.Equal(2, report.GetProperty("edgesAdded").GetInt32());
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.True(doc.GetProperty("paths").GetProperty("/graphs/{graph}/edges").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").TryGetProperty(contentType, out _), contentType + " documented");
    }
}
