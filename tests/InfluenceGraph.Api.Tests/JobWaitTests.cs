using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Tests;

/// <summary>wait=SECONDS / Prefer: wait=N, 503 for table readers, cost estimates, the short-job lane, ETAs, the influencers job's last step.</summary>
public sealed class JobWaitTests : IClassFixture<JobsEndpointsTests.SmallLimitFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public JobWaitTests(JobsEndpointsTests.SmallLimitFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    [Fact]
    public async Task CsvRanking_NotReady_Is503WithRetryAfterAndLocation_ThenWaitGivesTheTable()
    {
        // Big enough that exact betweenness takes a while: the first CSV request cannot be answered at once.
        _api.Catalog.Publish("waitcsv", TestGraphs.RandomGraph(4000, 40000, 3));
        var first = await _client.GetAsync("/graphs/waitcsv/rankings/betweenness?format=csv");
        var problem = await HttpAssert.Problem(first, HttpStatusCode.ServiceUnavailable, "/problems/result-not-ready");
        Assert.Equal("2", first.Headers.GetValues("Retry-After").Single());
        string location = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/jobs/", location);
        Assert.Equal(location, "/jobs/" + problem.GetProperty("jobId").GetString());
        Assert.Contains("wait=", problem.GetProperty("detail").GetString());

        // The same CSV request with a wait blocks until the job is done and answers the table.
        var csv = await _client.GetAsync("/graphs/waitcsv/rankings/betweenness?format=csv&wait=120");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("rank,account,score", lines[0]);
        Assert.Equal(4001, lines.Length);
        var json = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/waitcsv/rankings/betweenness?top=1"));
        Assert.Equal($"1,{json.Items[0].Account},", lines[1][..(lines[1].LastIndexOf(',') + 1)]);
        Assert.Equal("succeeded", (await JobTestSupport.WaitAsync(_client, location)).State);
    }

    [Fact]
    public async Task Json_KeepsThe202WithoutWait_AndWaitOrPreferGiveThePage()
    {
        _api.Catalog.Publish("waitjson", TestGraphs.RandomGraph(300, 1500, 5));
        var accepted = await _client.GetAsync("/graphs/waitjson/rankings/betweenness?samples=200&seed=1");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await JobTestSupport.WaitAsync(_client, accepted.Headers.Location!.OriginalString);

        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/waitjson/rankings/betweenness?wait=60"));
        Assert.Equal(300, page.Total);
        Assert.True(page.Computation.Exact);

        using var prefer = new HttpRequestMessage(HttpMethod.Get, "/graphs/waitjson/rankings/harmonic");
        prefer.Headers.TryAddWithoutValidation("Prefer", "respond-async, wait=60");
        var preferred = await _client.SendAsync(prefer);
        var harmonic = await HttpAssert.Ok<RankingPage>(preferred);
        Assert.Equal("harmonic", harmonic.Metric);
        Assert.Equal("wait=60", preferred.Headers.GetValues("Preference-Applied").Single());

        using var huge = new HttpRequestMessage(HttpMethod.Get, "/graphs/waitjson/rankings/harmonic");
        huge.Headers.TryAddWithoutValidation("Prefer", "wait=99999");
        var capped = await _client.SendAsync(huge);
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.Equal("wait=300", capped.Headers.GetValues("Preference-Applied").Single());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("301")]
    [InlineData("NaN")]
    public async Task BadWait_Is400NamingWait(string value)
    {
        var body = await HttpAssert.Problem(await _client.GetAsync($"/graphs/default/rankings/pagerank?wait={value}"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("wait", body.GetProperty("parameter").GetString());
        Assert.Contains("300", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Wait_IsUnknownWhereNo202CanHappen()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs?wait=5"), HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal("wait", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Analysis_WithWait_Answers200WithTheFinishedJob()
    {
        _api.Catalog.Publish("waitanalysis", TestGraphs.RandomGraph(200, 800, 2));
        var done = await HttpAssert.Ok<JobStatus>(await _client.PostAsJsonAsync("/graphs/waitanalysis/analyses?wait=60", new { metrics = new[] { "pagerank", "betweenness" } }));
        Assert.Equal("succeeded", done.State);
        Assert.Equal(["pagerank", "betweenness"], done.Steps.Select(s => s.Name));
        Assert.Null(done.EtaSeconds);
    }

    [Fact]
    public async Task DryRun_EstimatesFromTheCatalog_AndStartsNothing()
    {
        var state = _api.Catalog.Publish("estimate", TestGraphs.RandomGraph(300, 1500, 9));
        int n = state.Snapshot.NodeCount;
        long m = state.Snapshot.EdgeCount;
        var jobsBefore = (await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/jobs"))).ToString();

        var est = await HttpAssert.Ok<AnalysisEstimateDto>(await _client.GetAsync("/graphs/estimate/rankings/betweenness/estimate"));
        var bc = Assert.Single(est.Metrics);
        Assert.Equal((double)n * (m + n), bc.Work); // exact Brandes: every account a source, each visiting nodes + edges
        Assert.Equal(Math.Round(bc.Work / 5e7, 3), bc.Seconds);
        // Exact Brandes: a kernel per thread, the block accumulators of the merge window (300 sources: 256 blocks, all inside
        // the window), the merged results, a traversal copy (single-chunk snapshot: only the cleaned copy, when it has
        // self-loops) (see BetweennessMetric.EstimateMemoryBytes).
        double copy = state.Snapshot.SelfLoopCount == 0 ? 0 : 2 * (4.0 * (n + 1) + 4.0 * m);
        Assert.Equal((long)(Environment.ProcessorCount * (45.0 * n + 4.0 * m) + 256 * 8.0 * n + 36.0 * n + copy), bc.MemoryBytes);
        Assert.False(bc.Cached);
        Assert.Equal("job", bc.RunsAs); // SyncWorkLimit is 1000 in this fixture
        Assert.Equal("/graphs/estimate/analyses", est.Start.Href);
        Assert.Equal(["betweenness"], est.Start.Body.Metrics);

        var sampled = await HttpAssert.Ok<AnalysisEstimateDto>(await _client.GetAsync("/graphs/estimate/rankings/betweenness/estimate?samples=30"));
        Assert.Equal(30.0 * (m + n), sampled.Work);

        var analysis = await HttpAssert.Ok<AnalysisEstimateDto>(await _client.PostAsJsonAsync("/graphs/estimate/analyses/estimate", new { metrics = new[] { "in_degree", "betweenness" } }));
        Assert.Equal(["followers", "betweenness"], analysis.Metrics.Select(x => x.Metric)); // in_degree asked: the canonical name answers
        Assert.Equal("request", analysis.Metrics[0].RunsAs);
        Assert.Equal(n + (double)n * (m + n), analysis.Work);
        Assert.Equal(jobsBefore, (await HttpAssert.Ok<JsonElement>(await _client.GetAsync("/jobs"))).ToString()); // nothing started
        Assert.Equal(HttpStatusCode.Accepted, (await _client.GetAsync("/graphs/estimate/rankings/betweenness")).StatusCode); // not computed by the dry runs
    }

    [Fact]
    public async Task InfluencersJob_FinalMessageIsItsLastListedStep()
    {
        _api.Catalog.Publish("influencerjob", TestGraphs.RandomGraph(300, 1500, 11));
        var accepted = await _client.GetAsync("/graphs/influencerjob/influencers");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var done = await JobTestSupport.WaitAsync(_client, accepted.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", done.State);
        Assert.Equal(["pagerank", "betweenness", "reach", "political proximity (personalized pagerank)"], done.Steps.Select(s => s.Name));
        Assert.Equal(done.Steps[^1].Name, done.Message);
        Assert.All(done.Steps, s => Assert.Contains(s.State, new[] { "succeeded", "cached" }));
    }

    [Fact]
    public async Task ShortJob_PassesALongOne_ThroughTheQuickSlot()
    {
        using var jobs = new JobService(Options.Create(new InfluenceGraphOptions { MaxConcurrentJobs = 1, QuickJobSlots = 1, QuickJobWorkLimit = 1000, WorkPerSecond = 100 }), NullLogger<JobService>.Instance);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var long1 = jobs.Start("ranking", "g", (_, ct) => gate.Task.WaitAsync(ct), estimatedWork: 1e6);
        for (int i = 0; i < 600 && long1.State != JobState.Running; i++) await Task.Delay(50);
        var long2 = jobs.Start("ranking", "g", (_, ct) => gate.Task.WaitAsync(ct), estimatedWork: 1e6);
        var quick = jobs.Start("ranking", "g", (_, _) => Task.CompletedTask, estimatedWork: 500);
        await quick.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Succeeded, quick.State);
        Assert.Equal("quick", quick.ToStatus().Lane);
        Assert.Equal(JobState.Running, long1.State);
        Assert.Equal(JobState.Queued, long2.State); // the long one still waits for the general slot

        // ETA before any progress: the work estimate (1e6 visits at 100/s = 10000 s), minus the time running.
        var eta = long1.ToStatus().EtaSeconds!.Value;
        Assert.InRange(eta, 9000, 10000);
        Assert.Equal(10000, long2.ToStatus().EtaSeconds);
        gate.SetResult();
        await Task.WhenAll(long1.Completion, long2.Completion).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(long2.ToStatus().EtaSeconds);
    }

    [Fact]
    public async Task WithoutQuickSlots_AShortJobWaitsItsTurn()
    {
        using var jobs = new JobService(Options.Create(new InfluenceGraphOptions { MaxConcurrentJobs = 1, QuickJobSlots = 0, QuickJobWorkLimit = 1000 }), NullLogger<JobService>.Instance);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = jobs.Start("ranking", "g", (_, ct) => gate.Task.WaitAsync(ct), estimatedWork: 1e6);
        for (int i = 0; i < 600 && slow.State != JobState.Running; i++) await Task.Delay(50);
        var quick = jobs.Start("ranking", "g", (_, _) => Task.CompletedTask, estimatedWork: 500);
        await Task.Delay(300);
        Assert.Equal(JobState.Queued, quick.State);
        gate.SetResult();
        await quick.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Succeeded, slow.State);
    }

    [Fact]
    public async Task RunningJob_EtaExtrapolatesFromProgress()
    {
        using var jobs = new JobService(Options.Create(new InfluenceGraphOptions()), NullLogger<JobService>.Instance);
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = jobs.Start("ranking", "g", async (j, ct) => { await Task.Delay(400, ct); j.Report(0.25, "a quarter"); reported.SetResult(); await gate.Task.WaitAsync(ct); });
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var s = job.ToStatus();
        double elapsed = s.ElapsedMs / 1000;
        Assert.InRange(s.EtaSeconds!.Value, 3 * elapsed - 0.2, 3 * elapsed + 0.2); // elapsed × (1 − 0.25) / 0.25
        gate.SetResult();
        await job.Completion;
    }
}

/// <summary>The guard of a GET whose work is over ConfirmWorkLimit.</summary>
public sealed class ExpensiveAnalysisTests : IClassFixture<ExpensiveAnalysisTests.LowConfirmFactory>
{
    /// <summary>Over 100,000 edge visits a GET does not start the work.</summary>
    public sealed class LowConfirmFactory : ApiFactory
    {
        public LowConfirmFactory() => With("InfluenceGraph:SyncWorkLimit", "1000").With("InfluenceGraph:ConfirmWorkLimit", "100000");
    }

    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public ExpensiveAnalysisTests(LowConfirmFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    [Fact]
    public async Task ExpensiveGet_Answers409WithTheEstimateAndTheStartRequest_ThenRunsWhenStarted()
    {
        var state = _api.Catalog.Publish("expensive", TestGraphs.RandomGraph(300, 1500, 4));
        int n = state.Snapshot.NodeCount;
        long m = state.Snapshot.EdgeCount;
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/expensive/rankings/betweenness?format=csv"), HttpStatusCode.Conflict, "/problems/expensive-analysis");
        var metric = body.GetProperty("estimate").GetProperty("metrics")[0];
        Assert.Equal((double)n * (m + n), metric.GetProperty("work").GetDouble());
        Assert.Equal("confirm", metric.GetProperty("runsAs").GetString());
        var start = body.GetProperty("start");
        Assert.Equal("/graphs/expensive/analyses", start.GetProperty("href").GetString());
        long suggested = 100000 / 10 / (n + m);
        Assert.Contains($"samples={Math.Max(1, suggested)}", body.GetProperty("detail").GetString());

        // The export of that metric is guarded the same way (nothing started).
        await HttpAssert.Problem(await _client.GetAsync("/graphs/expensive/export?format=graphml&metrics=betweenness"), HttpStatusCode.Conflict, "/problems/expensive-analysis");

        // Cheap work is not affected; the sampled variant fits the limit.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/graphs/expensive/rankings/followers")).StatusCode);

        var started = await HttpAssert.Ok<JobStatus>(await _client.PostAsync(start.GetProperty("href").GetString() + "?wait=60",
            JsonContent.Create(start.GetProperty("body"))));
        Assert.Equal("succeeded", started.State);
        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync("/graphs/expensive/rankings/betweenness"));
        Assert.Equal(n, page.Total);
        Assert.True(page.Computation.Exact);
    }
}
