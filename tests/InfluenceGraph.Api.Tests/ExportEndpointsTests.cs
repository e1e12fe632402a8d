using System.Globalization;
using DuckDB.NET.Data;
using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Tests;

/// <summary>GET /graphs/{graph}/edges and GET /graphs/{graph}/export, read back by NetworkX and DuckDB.</summary>
public sealed class ExportEndpointsTests : IClassFixture<JobsEndpointsTests.SmallLimitFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public ExportEndpointsTests(JobsEndpointsTests.SmallLimitFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    /* alice -> bob, carol -> bob, bob -> carol, dave -> carol, "o'dd, \"q\"" -> alice  (follower -> followee) */
    private async Task<GraphState> SmallAsync(string name)
    {
        var state = _api.Publish(name, [("alice", "bob", 1.0), ("carol", "bob", 1), ("bob", "carol", 1), ("dave", "carol", 1), ("o'dd, \"q\"", "alice", 1)]);
        var content = new StringContent("account,display_name,posts,political_share,is_political\nbob,\"Bob <b>\",1204,0.125,false\ncarol,,7,,true\n", System.Text.Encoding.UTF8, "text/csv");
        var imported = await _client.PostAsync($"/graphs/{name}/accounts", content);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        return _api.Catalog.Get(name)!;
    }

    private static HashSet<(string, string)> Edges(GraphState state)
    {
        var g = state.Snapshot;
        var set = new HashSet<(string, string)>();
        for (int u = 0; u < g.NodeCount; u++)
            foreach (int v in g.Followees(u)) set.Add((g.Accounts[u], g.Accounts[v]));
        return set;
    }

    [Fact]
    public void Slice_SnapshotInSevenEdgeChunks_PagesTheSameFollowsInCsrOrder()
    {
        var one = TestGraphs.Gnp(11, 60, 0.08);
        var many = one.Rechunk(7);
        Assert.True(many.OutEdgeChunks.ChunkCount > 10);
        var all = ExportEndpoints.Slice(one, 0, (int)one.EdgeCount).ToList();
        Assert.Equal(one.EdgeCount, all.Count);
        // CSR order: followers ascending, each one's followees ascending.
        var expected = Enumerable.Range(0, one.NodeCount).SelectMany(u => one.Followees(u).ToArray().Select(v => (u, v))).ToList();
        Assert.Equal(expected, all.Select(e => (e.Follower, e.Followee)).ToList());
        foreach (var (start, count) in new[] { (0, 1), (6, 9), (13, 40), ((int)one.EdgeCount - 3, 10), ((int)one.EdgeCount, 5) })
            Assert.Equal(all.Skip(start).Take(count).ToList(), ExportEndpoints.Slice(many, start, count).ToList());
    }

    [Fact]
    public async Task Edges_PagedJson_AndCsvStreamedWhole_ListEveryFollowOnce()
    {
        var state = _api.Catalog.Publish("edgelist", TestGraphs.RandomGraph(200, 900, 7));
        var expected = Edges(state);
        var seen = new List<(string, string)>();
        string? url = "/graphs/edgelist/edges?top=250";
        int pages = 0;
        while (url is not null)
        {
            var page = await HttpAssert.Ok<EdgePage>(await _client.GetAsync(url));
            Assert.Equal(expected.Count, page.Total);
            Assert.All(page.Items, e => Assert.Null(e.Weight));
            seen.AddRange(page.Items.Select(e => (e.Follower, e.Followee)));
            url = page.NextCursor is { } c ? "/graphs/edgelist/edges?top=250&cursor=" + Uri.EscapeDataString(c) : null;
            pages++;
        }
        Assert.Equal((expected.Count + 249) / 250, pages);
        Assert.Equal(expected.Count, seen.Count);
        Assert.True(expected.SetEquals(seen));

        var csv = await _client.GetAsync("/graphs/edgelist/edges?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("follower,followee", lines[0]);
        Assert.Equal(seen, lines.Skip(1).Select(l => (l.Split(',')[0], l.Split(',')[1]))); // same order as the JSON pages

        var offsetPage = await HttpAssert.Ok<EdgePage>(await _client.GetAsync("/graphs/edgelist/edges?offset=300&top=2"));
        Assert.Equal(seen.Skip(300).Take(2), offsetPage.Items.Select(e => (e.Follower, e.Followee)));
        await HttpAssert.Problem(await _client.GetAsync("/graphs/edgelist/edges?top=0"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        _api.Catalog.Publish("edgelist", TestGraphs.RandomGraph(50, 100, 8)); // a newer version; version= still reads the first
        var v1 = await HttpAssert.Ok<EdgePage>(await _client.GetAsync($"/graphs/edgelist/edges?top=10000&version={state.Version}"));
        Assert.True(expected.SetEquals(v1.Items.Select(e => (e.Follower, e.Followee))));
        Assert.Equal(state.Version, v1.Version);
        await HttpAssert.Problem(await _client.GetAsync("/graphs/nope/edges"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task Edges_Csv_QuotesHandlesAndWritesWeights()
    {
        _api.Publish("weighted-edges", [("alice", "bob", 1.5), ("o'dd, \"q\"", "alice", 1e-300)]);
        var text = await (await _client.GetAsync("/graphs/weighted-edges/edges?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal("follower,followee,weight\nalice,bob,1.5\n\"o'dd, \"\"q\"\"\",alice,1E-300\n", text);
        var json = await HttpAssert.Ok<EdgePage>(await _client.GetAsync("/graphs/weighted-edges/edges"));
        Assert.Equal([1.5, 1e-300], json.Items.Select(e => e.Weight!.Value));
    }

    private const string ReadGraphMl = """
        import sys, json, math, networkx as nx
        path, kind = sys.argv[1], sys.argv[2]
        g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path)
        def clean(d):
            return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in d.items() if k not in ("label",)}
        print(json.dumps({"directed": g.is_directed(),
                          "nodes": {n: clean(d) for n, d in g.nodes(data=True)},
                          "edges": sorted([u, v] for u, v in g.edges())}))
        """;

    [PythonFact("networkx")]
    public async Task GraphMlAndGexf_ThroughTheApi_ReadBackByNetworkX_WithMetricsAttributesAndSphere()
    {
        var state = await SmallAsync("gephi");
        var pagerank = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/gephi/rankings/pagerank?wait=60"));
        // A cached followers ranking (asked by its alias) is the followers attribute already there: not a second column.
        Assert.Equal("followers", (await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/gephi/rankings/followers"))).Metric);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/graphs/gephi/communities?wait=60")).StatusCode);
        foreach (var kind in new[] { "graphml", "gexf" })
        {
            var response = await _client.GetAsync($"/graphs/gephi/export?format={kind}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(kind == "graphml" ? "application/graphml+xml" : "application/gexf+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"gephi-v{state.Version}.{kind}", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            string path = Path.Combine(Path.GetTempPath(), $"ig-api-export-{Guid.NewGuid():N}.{kind}");
            try
            {
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
                var (code, stdout, stderr) = PythonOracle.Run(ReadGraphMl, TimeSpan.FromSeconds(120), path, kind);
                Assert.True(code == 0, $"networkx could not read the {kind}: {stderr}");
                var root = JsonDocument.Parse(stdout).RootElement;
                Assert.True(root.GetProperty("directed").GetBoolean());
                var nodes = root.GetProperty("nodes");
                Assert.Equal(state.Snapshot.Accounts.Names.Order(StringComparer.Ordinal), nodes.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                var edges = root.GetProperty("edges").EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!)).ToHashSet();
                Assert.True(Edges(state).SetEquals(edges));
                var bob = nodes.GetProperty("bob");
                Assert.Equal(2, bob.GetProperty("followers").GetInt64());
                Assert.Equal(1, bob.GetProperty("followees").GetInt64());
                Assert.False(bob.TryGetProperty("in_degree", out _));
                Assert.Equal("Bob <b>", bob.GetProperty("display_name").GetString());
                Assert.Equal(1204, bob.GetProperty("posts").GetInt64());
                Assert.Equal(0.125, bob.GetProperty("political_share").GetDouble());
                Assert.False(bob.GetProperty("is_political").GetBoolean());
                Assert.True(nodes.GetProperty("carol").GetProperty("is_political").GetBoolean());
                Assert.False(nodes.GetProperty("dave").TryGetProperty("posts", out _)); // no attributes: absent, not 0
                foreach (var row in pagerank.Items) // every cached metric, the exact doubles of the ranking
                    Assert.Equal(row.Score, nodes.GetProperty(row.Account).GetProperty("pagerank").GetDouble());
                Assert.True(bob.TryGetProperty("sphere", out var sphere) && sphere.GetInt64() >= 0);
            }
            finally { File.Delete(path); }
        }
    }

    [Fact]
    public async Task Parquet_AccountsEdgesRankingInfluencers_ReadBackByDuckDb()
    {
        var state = await SmallAsync("columnar");
        var dir = Directory.CreateTempSubdirectory("ig-api-parquet-");
        try
        {
            async Task<string> Save(string query, string file)
            {
                var response = await _client.GetAsync("/graphs/columnar/export?wait=60&" + query);
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
                string path = Path.Combine(dir.FullName, file);
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
                return path;
            }
            string accounts = await Save("format=parquet&metrics=in_degree,out_degree_centrality,pagerank", "accounts.parquet");
            string edges = await Save("format=parquet&table=edges", "edges.parquet");
            string ranking = await Save("format=parquet&table=ranking&metric=pagerank", "ranking.parquet");
            string influencers = await Save("format=parquet&table=influencers", "influencers.parquet");

            using var db = new DuckDBConnection("Data Source=:memory:");
            db.Open();
            using var cmd = db.CreateCommand();
            List<object?[]> Rows(string sql)
            {
                cmd.CommandText = sql;
                var rows = new List<object?[]>();
                using var r = cmd.ExecuteReader();
                while (r.Read()) { var a = new object?[r.FieldCount]; for (int i = 0; i < a.Length; i++) a[i] = r.IsDBNull(i) ? null : r.GetValue(i); rows.Add(a); }
                return rows;
            }
            // Columns carry canonical names: the alias in_degree is the followers column already there (once),
            // out_degree_centrality is written followees_centrality.
            var columns = Rows($"DESCRIBE SELECT * FROM read_parquet('{accounts}')").Select(r => (string)r[0]!).ToList();
            Assert.Equal(["account", "followers", "followees"], columns.Take(3));
            Assert.Equal(["followees_centrality", "pagerank"], columns.TakeLast(2));
            Assert.Single(columns, c => c == "followers");
            Assert.DoesNotContain(columns, c => c.Contains("degree", StringComparison.Ordinal));
            var acc = Rows($"SELECT account, followers, posts, display_name, followees_centrality, pagerank FROM read_parquet('{accounts}') ORDER BY account");
            Assert.Equal(state.Snapshot.NodeCount, acc.Count);
            var bob = acc.Single(r => (string)r[0]! == "bob");
            Assert.Equal(2L, Convert.ToInt64(bob[1], CultureInfo.InvariantCulture));
            Assert.Equal(1204L, Convert.ToInt64(bob[2], CultureInfo.InvariantCulture));
            Assert.Equal("Bob <b>", bob[3]);
            Assert.Equal(0.25, (double)bob[4]!); // bob follows carol: 1 of the n - 1 = 4 others
            var pr = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/columnar/rankings/pagerank?wait=60"));
            Assert.Equal(pr.Items.Single(i => i.Account == "bob").Score, (double)bob[5]!);
            Assert.Null(acc.Single(r => (string)r[0]! == "dave")[2]);

            var e = Rows($"SELECT follower, followee FROM read_parquet('{edges}')").Select(r => ((string)r[0]!, (string)r[1]!)).ToHashSet();
            Assert.True(Edges(state).SetEquals(e));

            var rk = Rows($"SELECT rank, account, score, percentile FROM read_parquet('{ranking}')");
            Assert.Equal(pr.Items.Select(i => (i.Rank, i.Account, i.Score)), rk.Select(r => ((int)Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!, (double?)r[2])));

            var inf = Rows($"SELECT count(*), min(rank) FROM read_parquet('{influencers}')");
            var json = await HttpAssert.Ok<InfluencerPage>(await _client.GetAsync("/graphs/columnar/influencers?wait=60"));
            Assert.Equal((long)json.Total, Convert.ToInt64(inf[0][0], CultureInfo.InvariantCulture));
            cmd.CommandText = $"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('{influencers}'))";
            var names = new List<string>();
            using (var r = cmd.ExecuteReader()) while (r.Read()) names.Add(r.GetString(0));
            Assert.Equal(InfluenceGraph.Core.Influence.InfluencerColumns.Names, names);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task Export_OfAMetricStillComputing_Is503ForTheFile_ThenWaitGivesIt()
    {
        _api.Catalog.Publish("export-wait", TestGraphs.RandomGraph(4000, 40000, 13));
        var first = await _client.GetAsync("/graphs/export-wait/export?format=parquet&table=ranking&metric=betweenness");
        await HttpAssert.Problem(first, HttpStatusCode.ServiceUnavailable, "/problems/result-not-ready");
        Assert.StartsWith("/jobs/", first.Headers.Location!.OriginalString);
        var file = await _client.GetAsync("/graphs/export-wait/export?format=parquet&table=ranking&metric=betweenness&wait=120");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("format=graphml&table=edges", "table")]
    [InlineData("format=parquet&table=people", "table")]
    [InlineData("format=graphml&metrics=nope", "metrics")]
    [InlineData("format=parquet&table=edges&metrics=pagerank", "metrics")]
    [InlineData("format=parquet&metric=pagerank", "metric")]
    [InlineData("format=parquet&table=ranking&metric=nope", "metric")]
    [InlineData("format=graphml&colour=red", "colour")]
    public async Task Export_BadParameter_Is400NamingIt(string query, string parameter)
    {
        _api.Publish("export-bad", "a b", "b c");
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/export-bad/export?" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }
}
