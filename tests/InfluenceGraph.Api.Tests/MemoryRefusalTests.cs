using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Api.Tests;

/// <summary>Analyses whose memory estimate would not fit are refused before they start (507 insufficient-memory).</summary>
public sealed class MemoryRefusalTests
{
    [Fact]
    public async Task Betweenness_OverTheConfiguredMemory_Is507NamingTheEstimateAndAHint()
    {
        // 1 MiB for the whole process: any real analysis is refused, deterministically, without a large allocation.
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", (1L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var graph = api.Publish("mem", "a b", "b c", "c a", "d a");
        var client = api.CreateClient();
        var response = await client.GetAsync("/graphs/mem/rankings/betweenness");
        var body = await HttpAssert.Problem(response, (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        double expected = MetricCatalog.Default.Find("betweenness")!.EstimateMemoryBytes(graph.Snapshot, MetricCatalog.Default.Find("betweenness")!.Normalize(MetricArguments.Empty, graph.Snapshot));
        Assert.Equal((long)expected, body.GetProperty("estimateBytes").GetInt64());
        Assert.Equal(1L << 20, body.GetProperty("availableBytes").GetInt64());
        Assert.True(body.GetProperty("inUseBytes").GetInt64() > 1L << 20); // a running .NET process uses more than 1 MiB
        Assert.StartsWith("betweenness on graph 'mem' (4 accounts, 4 follows)", body.GetProperty("analysis").GetString());
        string detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("would not fit", detail);
        Assert.Contains("1.0 MiB available", detail);
        Assert.Contains("per thread", body.GetProperty("hint").GetString());
        // Nothing was started or cached: with the default budget the same request computes.
        await using var roomy = new ApiFactory();
        roomy.Publish("mem", "a b", "b c", "c a", "d a");
        Assert.Equal(HttpStatusCode.OK, (await roomy.CreateClient().GetAsync("/graphs/mem/rankings/betweenness")).StatusCode);
    }

    [Fact]
    public async Task HyperBallReach_RefusalSuggestsFewerRegisters()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        api.Publish("mem", "a b", "b c", "c a");
        var body = await HttpAssert.Problem(await api.CreateClient().GetAsync("/graphs/mem/rankings/reach?hops=3&registers=256"),
            (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        // 2 counters x 3 accounts x 256 registers + 20 B per account.
        Assert.Equal(2 * 3 * 256 + 60, body.GetProperty("estimateBytes").GetInt64());
        Assert.Contains("fewer HyperLogLog registers", body.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Communities_OverTheConfiguredMemory_Is507WithLeidensEstimate_AndRunWhenItFits()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var graph = api.Publish("mem", "a b", "b c", "c a", "d a", "d e", "e d");
        var body = await HttpAssert.Problem(await api.CreateClient().GetAsync("/graphs/mem/communities"),
            (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        double expected = InfluenceGraph.Core.Communities.Leiden.EstimateMemoryBytes(graph.Snapshot, new InfluenceGraph.Core.Communities.LeidenOptions());
        // 1.15 x (32 B x 6 follows + (166 + 32 T) B x 5 accounts)
        Assert.Equal((long)(1.15 * (32 * 6 + (166 + 32.0 * Environment.ProcessorCount) * 5)), (long)expected);
        Assert.Equal((long)expected, body.GetProperty("estimateBytes").GetInt64());
        Assert.StartsWith("communities on graph 'mem' (5 accounts, 6 follows)", body.GetProperty("analysis").GetString());
        Assert.Contains("37 B per follow", body.GetProperty("hint").GetString());

        await using var roomy = new ApiFactory();
        roomy.Publish("mem", "a b", "b c", "c a", "d a", "d e", "e d");
        Assert.Equal(HttpStatusCode.OK, (await roomy.CreateClient().GetAsync("/graphs/mem/communities")).StatusCode);
    }

    [Fact]
    public async Task SetAudience_OverTheConfiguredMemory_Is507WithItsEstimate_AndRunsWhenItFits()
    {
        const string body = """{"accounts": ["a", "d"], "hops": 2}""";
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var graph = api.Publish("mem", "a b", "b c", "c a", "d a", "e d");
        var response = await api.CreateClient().PostAsync("/graphs/mem/audience", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await HttpAssert.Problem(response, (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        // 5 accounts, 2 members, overlap matrix kept: 4n + 16n·min(T, 2) + 2·⌈5/64⌉·8 + 4·2²
        double expected = 4 * 5 + 16 * 5 * Math.Min(Environment.ProcessorCount, 2) + 2 * 8 + 16;
        Assert.Equal(expected, InfluenceGraph.Core.Audience.SetAudiences.EstimateMemoryBytes(graph.Snapshot, 2, 2, new InfluenceGraph.Core.Audience.SetAudienceOptions()));
        Assert.Equal((long)expected, problem.GetProperty("estimateBytes").GetInt64());
        Assert.Equal("audience of 2 accounts on graph 'mem' (5 accounts, 5 follows)", problem.GetProperty("analysis").GetString());
        Assert.Contains("fewer accounts", problem.GetProperty("hint").GetString());

        await using var roomy = new ApiFactory();
        roomy.Publish("mem", "a b", "b c", "c a", "d a", "e d");
        var ok = await roomy.CreateClient().PostAsync("/graphs/mem/audience", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task ChangeComparison_OverTheConfiguredMemory_Is507WithTheComparisonsEstimate()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var client = api.CreateClient();
        Assert.True((await client.PostAsync("/graphs", new StringContent("""{"name":"weekly"}""", System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.True((await client.PostAsync("/graphs/weekly/edges", new StringContent("alice bob\nerin bob\nbob dave\n", System.Text.Encoding.UTF8, "text/plain"))).IsSuccessStatusCode);
        Assert.True((await client.PostAsync("/graphs/weekly/edges", new StringContent("erin dave\nfay dave\n", System.Text.Encoding.UTF8, "text/plain"))).IsSuccessStatusCode);
        var versions = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/graphs/weekly/versions")).RootElement.GetProperty("items").EnumerateArray().ToList();
        long v1 = versions[^2].GetProperty("version").GetInt64();
        var problem = await HttpAssert.Problem(await client.GetAsync($"/graphs/weekly/changes?metric=followers&from={v1}"),
            (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        // 4 accounts then 5: 850 B per account of both sides
        Assert.Equal(850L * (4 + 5), problem.GetProperty("estimateBytes").GetInt64());
        Assert.StartsWith("changes on graph 'weekly'", problem.GetProperty("analysis").GetString());
        Assert.Contains("850 B per account", problem.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task GuestList_OverTheConfiguredMemory_Is507WithThePlansEstimate()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var graph = api.Publish("mem", "a b", "b c", "c a", "d a", "e d");
        var response = await api.CreateClient().PostAsync("/graphs/mem/guest-lists",
            new StringContent("""{"size": 2, "eligible": "all", "hops": 2}""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await HttpAssert.Problem(response, (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        // nothing computed yet: Leiden's estimate + 64 B per account + the exact 2-hop oracle (bitset word, live lists twice, a workspace per thread)
        double expected = InfluenceGraph.Core.Communities.Leiden.EstimateMemoryBytes(graph.Snapshot) + 64 * 5 + 8 + 2 * (4 * 5 + 4 * 5) + 16 * 5 * Environment.ProcessorCount;
        Assert.Equal((long)expected, problem.GetProperty("estimateBytes").GetInt64());
        Assert.Equal("guest list on graph 'mem' (5 accounts, 5 follows)", problem.GetProperty("analysis").GetString());
        Assert.Contains("fewer hops", problem.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Influencers_OverTheConfiguredMemory_Is507WithTheSignalsSummedEstimate()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var graph = api.Publish("mem", "a b", "b c", "c a", "d a", "e d");
        var problem = await HttpAssert.Problem(await api.CreateClient().GetAsync("/graphs/mem/influencers?allowUnknownEngagement=true"),
            (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
        // PageRank + betweenness + reach (none cached yet) + 64 B per account, checked before the first of them starts
        double expected = InfluenceGraph.Core.Influence.InfluenceSignals.EstimateMemoryBytes(graph, new InfluenceGraph.Core.Influence.SignalOptions());
        double betweenness = MetricCatalog.Default.Find("betweenness")!.EstimateMemoryBytes(graph.Snapshot, MetricCatalog.Default.Find("betweenness")!.Normalize(MetricArguments.Empty, graph.Snapshot));
        Assert.True(expected > betweenness + 64 * 5);
        Assert.Equal((long)expected, problem.GetProperty("estimateBytes").GetInt64());
        Assert.StartsWith("influencer signals on graph 'mem' (5 accounts, 5 follows)", problem.GetProperty("analysis").GetString());
        Assert.Contains("betweenness", problem.GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Influencers_AfterAnAttributeImportWithAPoliticalAccount_TheEstimateCountsThePersonalizedPageRank()
    {
        await using var api = new ApiFactory().With("InfluenceGraph:AvailableMemoryBytes", "1048576");
        var client = api.CreateClient();
        api.Publish("pol", "a b", "b c", "c a", "d a", "e d");
        async Task<long> EstimateAsync()
        {
            var problem = await HttpAssert.Problem(await client.GetAsync("/graphs/pol/influencers?allowUnknownEngagement=true"),
                (HttpStatusCode)507, ProblemKind.InsufficientMemory.Type);
            return problem.GetProperty("estimateBytes").GetInt64();
        }
        async Task ImportAsync(string csv)
        {
            var r = await client.PostAsync("/graphs/pol/accounts", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        long none = await EstimateAsync();
        await ImportAsync("account,posts,is_political\na,10,false\nb,3,false\n");
        var v2 = api.Catalog.Get("pol")!;
        Assert.False(v2.HasPoliticalAccount);
        Assert.Equal(none, await EstimateAsync()); // attributes, but no political account: nothing more
        await ImportAsync("account,is_political\nc,true\n");
        var v3 = api.Catalog.Get("pol")!;
        Assert.True(v3.HasPoliticalAccount);
        Assert.False(v2.HasPoliticalAccount); // the earlier version keeps its own answer
        var pagerank = MetricCatalog.Default.Find("pagerank")!;
        double pr = pagerank.EstimateMemoryBytes(v3.Snapshot, pagerank.Normalize(MetricArguments.Empty, v3.Snapshot));
        // + the personalized PageRank, its personalization (16 B per account + 96 B for the political one), the political lift (20 B per account)
        Assert.Equal(none + (long)(pr + 16 * 5 + 96 + 20 * 5), await EstimateAsync());
        await ImportAsync("account,is_political\nc,false\n");
        Assert.False(api.Catalog.Get("pol")!.HasPoliticalAccount);
        Assert.Equal(none, await EstimateAsync());
    }
}
