namespace InfluenceGraph.Api.Tests;

public sealed class HealthAndOpenApiTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public HealthAndOpenApiTests(ApiFactory api) => _client = api.CreateClient();

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_IsHealthy(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SwaggerUi_PointsAtTheOpenApiDocument()
    {
        var page = await _client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var init = await _client.GetStringAsync("/swagger/index.js");
        Assert.Contains("/openapi/v1.json", init);
    }

    [Fact]
    public async Task ProblemTypes_Resolve()
    {
        var info = await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/problems/graph-not-found"));
        Assert.Equal(404, info.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/problems/nothing-like-this")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_EveryOperation_IsDocumentedWithResponsesSchemasAndExamples()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());

        var operations = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            string where = $"{op.Name.ToUpperInvariant()} {path.Name}";
            operations.Add(where);
            var o = op.Value;
            Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("operationId").GetString()), where);
            Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("summary").GetString()), where + " summary");
            Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("description").GetString()), where + " description");
            Assert.True(o.GetProperty("tags").GetArrayLength() > 0, where + " tags");
            Assert.True(o.TryGetProperty("security", out _), where + " security");
            var responses = o.GetProperty("responses").EnumerateObject().ToList();
            Assert.Contains(responses, r => r.Name.StartsWith('2'));
            if (path.Name != "/health" && path.Name != "/health/ready" && path.Name != "/problems")
                Assert.Contains(responses, r => r.Name.StartsWith('4'));
            foreach (var r in responses)
            {
                Assert.False(string.IsNullOrWhiteSpace(r.Value.GetProperty("description").GetString()), $"{where} {r.Name} description");
                if (!r.Value.TryGetProperty("content", out var content)) continue;
                foreach (var media in content.EnumerateObject())
                {
                    Assert.True(media.Value.TryGetProperty("schema", out _), $"{where} {r.Name} {media.Name} schema");
                    bool example = media.Value.TryGetProperty("example", out _) || SchemaHasExample(doc, media.Value.GetProperty("schema"));
                    Assert.True(example, $"{where} {r.Name} {media.Name} has no example");
                }
            }
            foreach (var p in o.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
                Assert.False(string.IsNullOrWhiteSpace(p.TryGetProperty("description", out var d) ? d.GetString() : null), $"{where} parameter {p.GetProperty("name")}");
        }
        foreach (var expected in new[]
                 {
                     "GET /graphs", "POST /graphs", "GET /graphs/{graph}", "DELETE /graphs/{graph}", "POST /graphs/{graph}/edges",
                     "POST /graphs/{graph}/accounts", "GET /graphs/{graph}/rankings/{metric}", "GET /graphs/{graph}/accounts/{account}",
                     "POST /graphs/{graph}/analyses", "GET /jobs/{id}", "DELETE /jobs/{id}", "GET /health", "GET /health/ready",
                 })
            Assert.Contains(expected, operations);

        // The ranking documents both representations and the statuses of paging and jobs.
        var ranking = doc.GetProperty("paths").GetProperty("/graphs/{graph}/rankings/{metric}").GetProperty("get").GetProperty("responses");
        Assert.True(ranking.GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _));
        foreach (var status in new[] { "200", "202", "304", "400", "404", "409" }) Assert.True(ranking.TryGetProperty(status, out _), status);
        var import = doc.GetProperty("paths").GetProperty("/graphs/{graph}/edges").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "200", "202", "400", "401", "413", "415", "429" }) Assert.True(import.TryGetProperty(status, out _), status);
    }

    private static bool SchemaHasExample(JsonElement doc, JsonElement schema)
    {
        if (schema.TryGetProperty("examples", out _) || schema.TryGetProperty("example", out _)) return true;
        if (schema.TryGetProperty("$ref", out var r))
        {
            string name = r.GetString()!.Split('/').Last();
            var target = doc.GetProperty("components").GetProperty("schemas").GetProperty(name);
            return target.TryGetProperty("examples", out _) || target.TryGetProperty("example", out _);
        }
        if (schema.TryGetProperty("items", out var items)) return SchemaHasExample(doc, items);
        return false;
    }
}
