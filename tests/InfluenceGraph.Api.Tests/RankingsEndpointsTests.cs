using System.Text.Json;
using System.Globalization;
using System.Net.Http.Headers;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// The ranking endpoint. One test sets the process-wide <see cref="CultureInfo.DefaultThreadCurrentCulture"/> (the
/// server's culture), which every thread without its own culture sees: the class runs in a collection that is never
/// run in parallel with the others, so no other test formats numbers under it.
/// </summary>
[Collection(ProcessCultureCollection.Name)]
public sealed class RankingsEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    //   alice -> bob <-> carol
    public RankingsEndpointsTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
        if (api.Catalog.Get("tri") is null) api.Publish("tri", "alice bob", "carol bob", "bob carol");
    }

    [Fact]
    public async Task Followers_Triangle_RanksFollowersWithPercentiles()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/tri/rankings/followers"));
        Assert.Equal("followers", page.Metric);
        Assert.Equal(["bob", "carol", "alice"], page.Items.Select(r => r.Account));
        Assert.Equal([2.0, 1.0, 0.0], page.Items.Select(r => r.Score!.Value));
        Assert.Equal([1, 2, 3], page.Items.Select(r => r.Rank));
        // Percentile = share of accounts with a strictly lower score.
        Assert.Equal(200.0 / 3, page.Items[0].Percentile, 10);
        Assert.Equal(100.0 / 3, page.Items[1].Percentile, 10);
        Assert.Equal(0.0, page.Items[2].Percentile);
        Assert.Equal(3, page.Total);
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("in_degree", "followers", new[] { 2.0, 1.0, 0.0 })]
    [InlineData("In-Degree", "followers", new[] { 2.0, 1.0, 0.0 })]
    [InlineData("out_degree", "followees", new[] { 1.0, 1.0, 1.0 })]
    [InlineData("in_degree_centrality", "followers_centrality", new[] { 1.0, 0.5, 0.0 })]
    [InlineData("out_degree_centrality", "followees_centrality", new[] { 0.5, 0.5, 0.5 })]
    public async Task Alias_AnswersTheCanonicalMetric_SameScoresSameETag(string alias, string canonical, double[] scores)
    {
        // alice -> bob, carol -> bob, bob -> carol: bob has 2 followers of n - 1 = 2 others, carol 1, alice 0.
        var byName = await _client.GetAsync($"/graphs/tri/rankings/{canonical}");
        var byAlias = await _client.GetAsync($"/graphs/tri/rankings/{alias}");
        var a = await HttpAssert.Ok<RankingPage>(byName);
        var b = await HttpAssert.Ok<RankingPage>(byAlias);
        Assert.Equal(canonical, a.Metric);
        Assert.Equal(canonical, b.Metric); // the response names the metric computed, never the alias as typed
        Assert.Equal(scores, b.Items.Select(r => r.Score!.Value));
        Assert.Equal(a.Items, b.Items);
        Assert.Equal(byName.Headers.ETag, byAlias.Headers.ETag); // one cache entry: keyed by the canonical metric
        Assert.Equal(await _client.GetStringAsync($"/graphs/tri/rankings/{canonical}?format=csv"), await _client.GetStringAsync($"/graphs/tri/rankings/{alias}?format=csv"));
        var estimate = await HttpAssert.Ok<AnalysisEstimateDto>(await _client.GetAsync($"/graphs/tri/rankings/{alias}/estimate"));
        Assert.Equal(canonical, Assert.Single(estimate.Metrics).Metric);
    }

    // networkx 2.8.8: nx.pagerank(nx.DiGraph([('alice','bob'),('carol','bob'),('bob','carol')]), tol=1e-14)
    //   {'alice': 0.05, 'bob': 0.4864864864864804, 'carol': 0.4635135135135194}; alpha=0.5: bob 0.444444, carol 0.388889, alice 0.166667
    [Theory]
    [InlineData(null, 0.4864864864864865, 0.4635135135135135, 0.05)]
    [InlineData("0.5", 0.4444444444444444, 0.3888888888888889, 0.1666666666666667)]
    public async Task PageRank_Triangle_MatchesNetworkx(string? alpha, double bob, double carol, double alice)
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/tri/rankings/pagerank" + (alpha is null ? "" : "?alpha=" + alpha)));
        Assert.Equal(["bob", "carol", "alice"], page.Items.Select(r => r.Account));
        Assert.Equal(bob, page.Items[0].Score!.Value, 8);
        Assert.Equal(carol, page.Items[1].Score!.Value, 8);
        Assert.Equal(alice, page.Items[2].Score!.Value, 8);
        Assert.True(page.Computation.Converged);
        Assert.Equal(alpha is null ? 0.85 : 0.5, ((JsonElement)page.Options["alpha"]).GetDouble());
    }

    // networkx: nx.betweenness_centrality(G) on the same graph: bob 0.5 (alice -> carol passes through bob), others 0.
    [Fact]
    public async Task Betweenness_Triangle_MatchesNetworkx()
    {
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/tri/rankings/betweenness"));
        Assert.Equal("bob", page.Items[0].Account);
        Assert.Equal(0.5, page.Items[0].Score!.Value, 12);
        Assert.Equal(0.0, page.Items[1].Score!.Value);
        Assert.True(page.Computation.Exact);
        // Ties share the best rank (competition ranking) and are ordered by handle.
        Assert.Equal(["alice", "carol"], page.Items.Skip(1).Select(r => r.Account));
        Assert.Equal([2, 2], page.Items.Skip(1).Select(r => r.Rank));
    }

    // ../shared/cases/api-csv-invariant-culture: weighted.csv imported through the API and ranked by
    // weighted PageRank with the server culture de-DE; every check of the case's expected.tsv
    // (networkx 2.8.8 values, header rank,node,score, no BOM, 3 fields per line, score regex,
    // round-trip exactness, rank order a1,a3,a2, weights 0.5 and 1e0 parsed invariantly) is run here.
    [SharedFact]
    public async Task Csv_SharedInvariantCultureCase_UnderGermanCulture_PassesEveryCheck()
    {
        var checks = File.ReadAllLines(SharedData.Path("cases/api-csv-invariant-culture/expected.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(f => f[0] == "weighted_csv_out").ToList();
        string Expected(string check, string key = "-") => checks.Single(f => f[1] == check && f[2] == key)[3];
        var previous = CultureInfo.DefaultThreadCurrentCulture;
        CultureInfo.DefaultThreadCurrentCulture = new CultureInfo("de-DE");
        try
        {
            var upload = new ByteArrayContent(await File.ReadAllBytesAsync(SharedData.Path("cases/api-csv-invariant-culture/weighted.csv")));
            upload.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/culture-case/edges?source=weighted.csv&mode=replace", upload));
            Assert.Equal(4, report.EdgesAdded);
            var g = _api.Catalog.Get("culture-case")!.Snapshot;
            foreach (var f in checks.Where(f => f[1] == "weight_parsed"))
            {
                var ends = f[2].Split(" -> ");
                Assert.True(g.TryGetNode(ends[0], out int u));
                Assert.True(g.TryGetNode(ends[1], out int v));
                int at = g.Followees(u).IndexOf(v);
                Assert.True(at >= 0, $"edge {f[2]} missing");
                Assert.Equal(double.Parse(f[3], CultureInfo.InvariantCulture), g.FolloweeWeights(u)[at]);
            }

            // The shared case's layout (rank,node,score) is the reference tools' one: columns= asks for it.
            var response = await _client.GetAsync("/graphs/culture-case/rankings/pagerank?weighted=true&format=csv&columns=rank,node,score");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            byte[] bytes = await response.Content.ReadAsByteArrayAsync();
            bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            Assert.Equal(bool.Parse(Expected("csv_starts_with_bom")), bom);
            var lines = System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\n').Split('\n');
            Assert.Equal(Expected("csv_header"), lines[0]);
            int fields = int.Parse(Expected("csv_columns_per_line"), CultureInfo.InvariantCulture);
            Assert.All(lines, l => Assert.Equal(fields, l.Split(',').Length));
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
            Assert.All(rows, r => Assert.Matches(Expected("csv_score_regex"), r[2]));
            Assert.Equal(Expected("csv_rank_order").Split(','), rows.Select(r => r[1]));
            Assert.Equal([1, 2, 3], rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)));
            var score = rows.ToDictionary(r => r[1], r => double.Parse(r[2], NumberStyles.Float, CultureInfo.InvariantCulture));
            foreach (var f in checks.Where(f => f[1] == "pagerank"))
                Assert.True(Math.Abs(score[f[2]] - double.Parse(f[3], CultureInfo.InvariantCulture)) <= double.Parse(f[4], CultureInfo.InvariantCulture),
                    $"{f[2]}: {score[f[2]]} vs networkx {f[3]}");

            // Round trip: the CSV text parses to exactly the doubles of the JSON ranking.
            var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/culture-case/rankings/pagerank?weighted=true"));
            double tolerance = double.Parse(checks.Single(f => f[1] == "csv_roundtrip_abs_error")[4], CultureInfo.InvariantCulture);
            foreach (var row in page.Items) Assert.True(Math.Abs(row.Score!.Value - score[row.Account]) <= tolerance);
            foreach (var row in page.Items) Assert.Equal(row.Score!.Value, score[row.Account]);
        }
        finally
        {
            CultureInfo.DefaultThreadCurrentCulture = previous;
        }
    }

    // Percentile and the account alias are opt-in columns, in the order asked for.
    //   alice -> bob <-> carol: in-degree bob 2, carol 1, alice 0.
    [Fact]
    public async Task Csv_ColumnsParameter_ChoosesAndOrdersColumns()
    {
        var lines = (await _client.GetStringAsync("/graphs/tri/rankings/followers?format=csv&columns=rank,node,score,percentile")).TrimEnd('\n').Split('\n');
        Assert.Equal(["rank,node,score,percentile", "1,bob,2,66.66666666666667", "2,carol,1,33.333333333333336", "3,alice,0,0"], lines);
        lines = (await _client.GetStringAsync("/graphs/tri/rankings/followers?format=csv&columns=account,%20percentile")).TrimEnd('\n').Split('\n');
        Assert.Equal(["account,percentile", "bob,66.66666666666667", "carol,33.333333333333336", "alice,0"], lines);
        lines = (await _client.GetStringAsync("/graphs/tri/rankings/followers?format=csv")).TrimEnd('\n').Split('\n');
        Assert.Equal(["rank,account,score", "1,bob,2", "2,carol,1", "3,alice,0"], lines); // the JSON field's word
        lines = (await _client.GetStringAsync("/graphs/tri/rankings/followers?format=csv&columns=rank,node,score")).TrimEnd('\n').Split('\n');
        Assert.Equal(["rank,node,score", "1,bob,2", "2,carol,1", "3,alice,0"], lines);      // the reference tools' layout
    }

    [Theory]
    [InlineData("format=csv&columns=rank,nodes")]
    [InlineData("format=csv&columns=rank,,score")]
    [InlineData("format=csv&columns=score,score")]
    [InlineData("format=csv&columns=")]
    [InlineData("columns=rank,node")]
    public async Task Csv_BadColumns_Is400NamingColumns(string query)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/tri/rankings/followers?" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("columns", body.GetProperty("parameter").GetString());
    }

    // ASP.NET Core's default binding reads numbers with AllowThousands: alpha=0,85 became 85 and
    // tolerance=0,001 became 1. Numbers are invariant culture, NumberStyles.Float: a bad value is a 400
    // naming the parameter, in the API's words, never a .NET type name.
    [Theory]
    [InlineData("pagerank?alpha=0,85", "alpha", "number")]
    [InlineData("pagerank?tolerance=0,001", "tolerance", "number")]
    [InlineData("pagerank?alpha=1,000.5", "alpha", "number")]
    [InlineData("pagerank?alpha=NaN", "alpha", "number")]
    [InlineData("pagerank?alpha=", "alpha", "number")]
    [InlineData("pagerank?maxIterations=abc", "maxIterations", "integer")]
    [InlineData("pagerank?maxIterations=1,000", "maxIterations", "integer")]
    [InlineData("pagerank?weighted=yes", "weighted", "true or false")]
    [InlineData("followers?top=1.5", "top", "integer")]
    [InlineData("betweenness?samples=2,0", "samples", "integer")]
    public async Task QueryNumbers_NotInvariantOrMalformed_Are400NamingTheParameter(string query, string parameter, string kind)
    {
        var response = await _client.GetAsync("/graphs/tri/rankings/" + query);
        string text = await response.Content.ReadAsStringAsync();
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.StartsWith(parameter + " must be", body.GetProperty("detail").GetString());
        Assert.Contains(kind, body.GetProperty("detail").GetString());
        Assert.DoesNotContain("Nullable", text);
        Assert.DoesNotContain("Int32", text);
        Assert.DoesNotContain("Failed to bind", text);
    }

    [Fact]
    public async Task QueryNumbers_InvariantForms_AreAccepted()
    {
        var a = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/tri/rankings/pagerank?alpha=0.85&tolerance=1e-9"));
        var b = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/tri/rankings/pagerank?alpha=8.5E-1&tolerance=0.000000001"));
        Assert.Equal(0.85, (double)((JsonElement)a.Options["alpha"]).GetDouble());
        Assert.Equal(a.Items.Select(r => r.Score), b.Items.Select(r => r.Score));
    }

    // maxIterations=1 cannot reach tolerance 1e-9 on alice -> bob <-> carol: the ranking is served
    // but says so, in JSON (warnings) and in a header (the only place CSV can carry it).
    [Fact]
    public async Task PageRank_NotConverged_CarriesAWarning_InJsonAndCsv()
    {
        var response = await _client.GetAsync("/graphs/tri/rankings/pagerank?maxIterations=1");
        var page = await HttpAssert.Ok<RankingPage>(response);
        Assert.False(page.Computation.Converged);
        var warning = Assert.Single(page.Warnings!);
        Assert.StartsWith("not-converged", warning);
        Assert.Contains("maxIterations=1", warning);
        Assert.Equal(warning, Assert.Single(response.Headers.GetValues("X-Computation-Warning")));

        var csv = await _client.GetAsync("/graphs/tri/rankings/pagerank?maxIterations=1&format=csv");
        Assert.StartsWith("not-converged", Assert.Single(csv.Headers.GetValues("X-Computation-Warning")));

        var converged = await _client.GetAsync("/graphs/tri/rankings/pagerank");
        Assert.Empty((await HttpAssert.Ok<RankingPage>(converged)).Warnings!);
        Assert.False(converged.Headers.Contains("X-Computation-Warning"));
    }

    [Fact]
    public async Task Csv_ByAcceptHeader_QuotesHandlesWithCommas()
    {
        _api.Publish("quoted", "x,1 \"y\"", "z \"y\"");
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphs/quoted/rankings/followers");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await _client.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        // RFC 4180: a field with a comma or quote is quoted, inner quotes doubled.
        Assert.Contains("\"\"\"y\"\"\"", text);
        Assert.Contains("\"x,1\"", text);
    }

    [Fact]
    public async Task Paging_ByCursorAndByOffset_CoverTheRankingOnceInOrder()
    {
        // 60 accounts: a star plus a chain, many ties.
        var edges = new List<(string, string, double)>();
        for (int i = 0; i < 59; i++) edges.Add(($"u{i:D2}", i % 3 == 0 ? "hub" : $"u{(i + 1):D2}", 1));
        _api.Publish("paging", edges);
        var full = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/paging/rankings/followers?top=1000"));
        Assert.Equal(full.Total, full.Items.Count);

        var byCursor = new List<RankingRow>();
        string url = "/graphs/paging/rankings/followers?top=7";
        int pages = 0;
        while (true)
        {
            var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync(url));
            byCursor.AddRange(page.Items);
            pages++;
            if (page.NextCursor is null) break;
            url = "/graphs/paging/rankings/followers?top=7&cursor=" + Uri.EscapeDataString(page.NextCursor);
        }
        Assert.Equal((full.Total + 6) / 7, pages);
        Assert.Equal(full.Items, byCursor);

        var byOffset = new List<RankingRow>();
        for (int off = 0; off < full.Total; off += 11)
            byOffset.AddRange((await HttpAssert.Ok<RankingPage>(await _client.GetAsync($"/graphs/paging/rankings/followers?top=11&offset={off}"))).Items);
        Assert.Equal(full.Items, byOffset);
    }

    [Fact]
    public async Task Cursor_AfterTheGraphChanged_Is409CursorStale()
    {
        _api.Publish("stale", "a b", "c b", "d b");
        var first = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/stale/rankings/followers?top=1"));
        Assert.NotNull(first.NextCursor);
        _api.Publish("stale", "a b", "c b", "d b", "e b");
        var response = await _client.GetAsync("/graphs/stale/rankings/followers?top=1&cursor=" + Uri.EscapeDataString(first.NextCursor!));
        await HttpAssert.Problem(response, HttpStatusCode.Conflict, "/problems/cursor-stale");
    }

    [Fact]
    public async Task Cursor_Garbage_Is400NamingCursor()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/tri/rankings/followers?cursor=notacursor"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("cursor", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task ETag_SameVersion_Gives304_NewVersion_Gives200WithAnotherTag()
    {
        _api.Publish("etag", "a b", "c b");
        var first = await _client.GetAsync("/graphs/etag/rankings/pagerank");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.Equal("1", first.Headers.GetValues("X-Graph-Version").Single());

        var again = new HttpRequestMessage(HttpMethod.Get, "/graphs/etag/rankings/pagerank");
        again.Headers.IfNoneMatch.Add(tag!);
        var notModified = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(tag, notModified.Headers.ETag);

        // Other options or another page: another representation, another tag.
        var other = await _client.GetAsync("/graphs/etag/rankings/pagerank?alpha=0.5");
        Assert.NotEqual(tag, other.Headers.ETag);

        _api.Publish("etag", "a b", "c b", "b c");
        var changed = new HttpRequestMessage(HttpMethod.Get, "/graphs/etag/rankings/pagerank");
        changed.Headers.IfNoneMatch.Add(tag!);
        var fresh = await _client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(tag, fresh.Headers.ETag);
        Assert.Equal("2", fresh.Headers.GetValues("X-Graph-Version").Single());
    }

    [Fact]
    public async Task UnknownGraph_Is404()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/nope/rankings/pagerank"), HttpStatusCode.NotFound, "/problems/graph-not-found");
        Assert.Equal("nope", body.GetProperty("graph").GetString());
    }

    [Fact]
    public async Task UnknownMetric_Is404ListingTheKnownOnes()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/tri/rankings/klout"), HttpStatusCode.NotFound, "/problems/metric-not-found");
        Assert.Contains("pagerank", body.GetProperty("known").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("pagerank?alpha=1.5", "alpha")]
    [InlineData("pagerank?alpha=abc", "alpha")]
    [InlineData("pagerank?tolerance=0", "tolerance")]
    [InlineData("pagerank?maxIterations=0", "maxIterations")]
    [InlineData("pagerank?samples=2", "samples")]
    [InlineData("betweenness?samples=0", "samples")]
    [InlineData("betweenness?samples=4", "samples")]
    [InlineData("betweenness?alpha=0.5", "alpha")]
    [InlineData("followers?top=0", "top")]
    [InlineData("followers?top=10001", "top")]
    [InlineData("followers?top=abc", "top")]
    [InlineData("followers?offset=-1", "offset")]
    [InlineData("followers?format=xml", "format")]
    [InlineData("followers?weighted=maybe", "weighted")]
    public async Task BadParameter_Is400NamingIt(string query, string parameter)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/tri/rankings/" + query), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task ListMetrics_DescribesOptionsWithDefaults()
    {
        var list = await HttpAssert.Ok<MetricList>(await _client.GetAsync("/metrics"));
        var pr = Assert.Single(list.Metrics, m => m.Name == "pagerank");
        var alpha = Assert.Single(pr.Options, o => o.Name == "alpha");
        Assert.Equal(0.85, ((JsonElement)alpha.Default!).GetDouble());
        Assert.Contains(list.Metrics, m => m.Name == "betweenness");
        Assert.Equal(["in_degree"], Assert.Single(list.Metrics, m => m.Name == "followers").Aliases);
        Assert.Equal(["out_degree"], Assert.Single(list.Metrics, m => m.Name == "followees").Aliases);
        Assert.Equal(["in_degree_centrality"], Assert.Single(list.Metrics, m => m.Name == "followers_centrality").Aliases);
        Assert.DoesNotContain(list.Metrics, m => m.Name.Contains("degree", StringComparison.Ordinal));
    }
}

/// <summary>
/// Tests that change process-wide state (the default thread culture): xunit runs this collection alone, after the
/// parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCultureCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide culture";
}
