namespace InfluenceGraph.Api.Tests;

public sealed class GraphsEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public GraphsEndpointsTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    [Fact]
    public async Task ListGraphs_AtStartUp_ContainsTheDefaultDemoGraph()
    {
        var list = await HttpAssert.Ok<GraphList>(await _client.GetAsync("/graphs"));
        var demo = Assert.Single(list.Graphs, g => g.Name == "default");
        Assert.True(demo.Accounts > 0);
        Assert.True(demo.Version >= 1);
    }

    //   alice -> bob <-> carol
    // networkx: density 0.5 (3 / (3*2)), overall_reciprocity 2/3 (bob<->carol), largest SCC {bob, carol}.
    [Fact]
    public async Task GetGraph_Triangle_ReportsNetworkxStatistics()
    {
        _api.Publish("tri-stats", "alice bob", "carol bob", "bob carol");
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/tri-stats"));
        Assert.Equal(3, g.Accounts);
        Assert.Equal(3, g.Edges);
        Assert.Equal(0.5, g.Density!.Value, 12);
        Assert.Equal(2.0 / 3, g.Reciprocity!.Value, 12);
        Assert.Equal(2, g.LargestStronglyConnectedComponent);
        Assert.Equal(2, g.StronglyConnectedComponents);
        Assert.Equal(1, g.Version);
        Assert.NotNull(g.LastImportAt);
    }

    //   a -> b -> c -> d -> a   (a 4-cycle)   d -> e -> f   x (isolated)   f -> f (self-loop)
    // SCCs: {a,b,c,d}, {e}, {f}, {x}: largest 4, count 4. Self-loop f->f is not reciprocated:
    // reciprocity 0/7. density 7 / (7*6).
    [Fact]
    public async Task GetGraph_CycleWithTailAndSelfLoop_CountsComponentsLikeNetworkx()
    {
        _api.Publish("cycle-tail", [("a", "b", 1), ("b", "c", 1), ("c", "d", 1), ("d", "a", 1), ("d", "e", 1), ("e", "f", 1), ("f", "f", 1)], "x");
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/cycle-tail"));
        Assert.Equal(7, g.Accounts);
        Assert.Equal(7, g.Edges);
        Assert.Equal(1, g.SelfLoops);
        Assert.Equal(4, g.LargestStronglyConnectedComponent);
        Assert.Equal(4, g.StronglyConnectedComponents);
        Assert.Equal(0.0, g.Reciprocity);
        Assert.Equal(7.0 / 42, g.Density!.Value, 12);
    }

    [Fact]
    public async Task GetGraph_LongChain_DoesNotOverflowTheStack()
    {
        // 200 000 accounts in one follow chain: a recursive Tarjan would overflow here.
        var b = new InfluenceGraph.Core.Graph.GraphBuilder();
        for (int i = 0; i < 200_000; i++) b.AddEdge(i.ToString(), (i + 1).ToString());
        _api.Catalog.Publish("chain", b.Build());
        var g = await HttpAssert.Ok<GraphSummary>(await _client.GetAsync("/graphs/chain"));
        Assert.Equal(200_001, g.StronglyConnectedComponents);
        Assert.Equal(1, g.LargestStronglyConnectedComponent);
    }

    [Fact]
    public async Task CreateGraph_ThenDelete_ThenGet_Is404()
    {
        var created = await _client.PostAsJsonAsync("/graphs", new { name = "to-delete", duplicateEdges = "keep" });
        var g = await HttpAssert.Ok<GraphSummary>(created, HttpStatusCode.Created);
        Assert.Equal("/graphs/to-delete", created.Headers.Location?.OriginalString);
        Assert.Equal(0, g.Version);
        Assert.Equal(0, g.Accounts);
        Assert.Equal("keep", g.DuplicateEdges);
        Assert.Null(g.Density);
        Assert.Null(g.Reciprocity);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/graphs/to-delete")).StatusCode);
        await HttpAssert.Problem(await _client.GetAsync("/graphs/to-delete"), HttpStatusCode.NotFound, "/problems/graph-not-found");
        await HttpAssert.Problem(await _client.DeleteAsync("/graphs/to-delete"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task CreateGraph_ExistingName_Is409()
    {
        await _client.PostAsJsonAsync("/graphs", new { name = "twice" });
        var body = await HttpAssert.Problem(await _client.PostAsJsonAsync("/graphs", new { name = "twice" }), HttpStatusCode.Conflict, "/problems/graph-exists");
        Assert.Equal("twice", body.GetProperty("graph").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"bad name!\"}", "name")]
    [InlineData("{\"name\":\"ok\",\"selfLoops\":\"sometimes\"}", "selfLoops")]
    [InlineData("{\"name\":\"ok2\",\"duplicateEdges\":\"merge\"}", "duplicateEdges")]
    public async Task CreateGraph_InvalidField_Is400NamingIt(string json, string field)
    {
        var response = await _client.PostAsync("/graphs", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(field, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task CreateGraph_MalformedJson_Is400NotA500()
    {
        var response = await _client.PostAsync("/graphs", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownRoute_IsAProblem404()
    {
        var response = await _client.GetAsync("/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // HEAD is answered wherever GET is (RFC 9110 section 9.3.2): same status and headers, no body.
    [Theory]
    [InlineData("/graphs", HttpStatusCode.OK)]
    [InlineData("/graphs/default", HttpStatusCode.OK)]
    [InlineData("/graphs/default/rankings/followers?top=3", HttpStatusCode.OK)]
    [InlineData("/graphs/nope", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task Head_WhereGetExists_AnswersLikeGetWithoutABody(string url, HttpStatusCode status)
    {
        var client = _api.CreateClient();
        var get = await client.GetAsync(url);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(status, get.StatusCode);
        Assert.Equal(status, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}

public sealed class PersistenceTests
{
    [Fact]
    public async Task ImportedGraph_SurvivesARestart_WithItsVersionAndLastImport()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ig-api-persist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "catalog.db");
        try
        {
            await using (var first = new ApiFactory().With("InfluenceGraph:DatabasePath", db))
            {
                var client = first.CreateClient();
                var r = await client.PostAsync("/graphs/kept/edges?source=kept.csv", new StringContent("alice,bob\ncarol,bob\n", System.Text.Encoding.UTF8, "text/csv"));
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
            await using var second = new ApiFactory().With("InfluenceGraph:DatabasePath", db);
            var g = await HttpAssert.Ok<GraphSummary>(await second.CreateClient().GetAsync("/graphs/kept"));
            Assert.Equal(3, g.Accounts);
            Assert.Equal(2, g.Edges);
            Assert.Equal(1, g.Version);
            Assert.Equal("kept.csv", g.LastImport!.Source);
            Assert.Equal(2, g.LastImport.EdgesAdded);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    // A 'default' graph seeded by an older build (here: a 3-account stand-in) is replaced by this
    // build's demo network at start-up, unless someone imported into it.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DefaultGraph_FromAnOlderDemo_IsRepublished_UnlessImportedInto(bool importedInto)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ig-api-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string db = Path.Combine(dir, "catalog.db");
        try
        {
            await using (var first = new ApiFactory().With("InfluenceGraph:DatabasePath", db))
            {
                var b = new InfluenceGraph.Core.Graph.GraphBuilder();
                b.AddEdge("old_a", "old_b"); b.AddEdge("old_c", "old_b");
                first.Catalog.Publish("default", b.Build());
                if (importedInto)
                    await HttpAssert.Ok<ImportReportDto>(await first.CreateClient().PostAsync("/graphs/default/edges",
                        new StringContent("old_d,old_b\n", System.Text.Encoding.UTF8, "text/csv")));
            }
            await using var second = new ApiFactory().With("InfluenceGraph:DatabasePath", db);
            var g = await HttpAssert.Ok<GraphSummary>(await second.CreateClient().GetAsync("/graphs/default"));
            var demo = InfluenceGraph.Core.Generators.DemoNetwork.Generate();
            if (importedInto)
            {
                Assert.Equal(4, g.Accounts);
                Assert.Equal(3, g.Edges);
            }
            else
            {
                Assert.Equal(demo.Graph.NodeCount, g.Accounts);
                Assert.Equal(demo.Graph.EdgeCount, g.Edges);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
