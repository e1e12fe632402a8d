using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

public sealed class JobsEndpointsTests : IClassFixture<JobsEndpointsTests.SmallLimitFactory>
{
    /// <summary>Anything above 1000 edge visits runs as a job.</summary>
    public sealed class SmallLimitFactory : ApiFactory
    {
        public SmallLimitFactory() => With("InfluenceGraph:SyncWorkLimit", "1000");
    }

    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public JobsEndpointsTests(SmallLimitFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    private Task<JobStatus> WaitAsync(string location) => JobTestSupport.WaitAsync(_client, location);

    [Fact]
    public async Task LongRanking_Answers202WithJob_ThenTheRankingIsServedFromCache()
    {
        _api.Catalog.Publish("long", TestGraphs.RandomGraph(300, 1500, 1));
        var response = await _client.GetAsync("/graphs/long/rankings/betweenness");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
        Assert.Equal("ranking", job!.Kind);
        Assert.Equal("/jobs/" + job.Id, response.Headers.Location?.OriginalString);

        var done = await WaitAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", done.State);
        Assert.Equal(1.0, done.Progress);
        Assert.Equal("/graphs/long/rankings/betweenness", done.Result);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);

        var page = await HttpAssert.Ok<RankingPage>(await _client.GetAsync(done.Result));
        Assert.Equal(300, page.Total);
        Assert.True(page.Computation.Exact);
    }

    [Fact]
    public async Task Analysis_ComputesEachMetric_WithStepsAndLinks()
    {
        _api.Catalog.Publish("analysed", TestGraphs.RandomGraph(200, 800, 2));
        var response = await _client.PostAsJsonAsync("/graphs/analysed/analyses", new { metrics = new[] { "pagerank", "betweenness" }, options = new { alpha = 0.9, samples = 50, seed = 7 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await WaitAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", done.State);
        Assert.Equal(["pagerank", "betweenness"], done.Steps.Select(s => s.Name));
        Assert.All(done.Steps, s => Assert.Equal("succeeded", s.State));
        Assert.Equal("/graphs/analysed/rankings/pagerank?alpha=0.9", done.Steps[0].Result);
        Assert.Equal("/graphs/analysed/rankings/betweenness?samples=50&seed=7", done.Steps[1].Result);

        // Cached now: answered at once (200), with the sample size reported.
        var bc = await HttpAssert.Ok<RankingPage>(await _client.GetAsync(done.Steps[1].Result!));
        Assert.Equal(50, bc.Computation.SourcesUsed);
        Assert.False(bc.Computation.Exact);
    }

    [Theory]
    [InlineData("{\"metrics\":[\"klout\"]}", "metrics")]
    [InlineData("{\"options\":{\"alpha\":\"high\"}}", "options.alpha")]
    [InlineData("{\"options\":{\"damping\":0.5}}", "options.damping")]
    [InlineData("{\"metrics\":[\"in_degree\"],\"options\":{\"alpha\":0.5}}", "options.alpha")]
    [InlineData("{\"options\":{\"alpha\":7}}", "options.alpha")]
    public async Task Analysis_BadRequest_Is400NamingTheField(string json, string parameter)
    {
        _api.Publish("analysis-bad", "a b");
        var response = await _client.PostAsync("/graphs/analysis-bad/analyses", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await HttpAssert.Problem(response, HttpStatusCode.BadRequest, "/problems/invalid-parameter");
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Analysis_UnknownGraph_Is404()
    {
        await HttpAssert.Problem(await _client.PostAsJsonAsync("/graphs/nope/analyses", new { }), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    [Fact]
    public async Task CancelJob_WhileRunning_EndsCancelled_AndNothingIsCached()
    {
        _api.Catalog.Publish("cancel", TestGraphs.RandomGraph(20_000, 200_000, 3));
        var response = await _client.PostAsJsonAsync("/graphs/cancel/analyses", new { metrics = new[] { "betweenness" } });
        var job = await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
        var cancelled = await HttpAssert.Ok<JobStatus>(await _client.DeleteAsync("/jobs/" + job!.Id));
        Assert.Equal("cancelled", cancelled.State);
        Assert.Null(cancelled.Result);

        // A second cancel: the job is finished.
        await HttpAssert.Problem(await _client.DeleteAsync("/jobs/" + job.Id), HttpStatusCode.Conflict, "/problems/job-finished");
        // The ranking is not cached: asking again starts a new job (202), it does not answer 200.
        var again = await _client.GetAsync("/graphs/cancel/rankings/betweenness");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
        Assert.NotEqual(job.Id, second!.Id);
        await _client.DeleteAsync("/jobs/" + second.Id);
    }

    [Fact]
    public async Task Ranking_WhileAnAnalysisComputesIt_Answers202WithThatJob_NotAFinishedOne()
    {
        _api.Catalog.Publish("shared-work", TestGraphs.RandomGraph(20_000, 200_000, 5));
        var response = await _client.PostAsJsonAsync("/graphs/shared-work/analyses", new { metrics = new[] { "betweenness" } });
        var analysis = (await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!;
        try
        {
            // Wait until the analysis is actually computing betweenness (it reports sources done).
            JobStatus status = analysis;
            for (int i = 0; i < 2400 && !(status.State == "running" && status.Progress > 0); i++)
            {
                await Task.Delay(25);
                status = await HttpAssert.Ok<JobStatus>(await _client.GetAsync("/jobs/" + analysis.Id));
            }
            Assert.Equal("running", status.State);

            var ranking = await _client.GetAsync("/graphs/shared-work/rankings/betweenness");
            Assert.Equal(HttpStatusCode.Accepted, ranking.StatusCode);
            var job = await ranking.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
            Assert.Equal(analysis.Id, job!.Id);                       // the job doing the work, with its real progress
            Assert.NotEqual("succeeded", job.State);
            Assert.Equal("/jobs/" + analysis.Id, ranking.Headers.Location?.OriginalString);

            // The running step reports the time it has taken so far, not 0.
            await Task.Delay(50);
            var live = await HttpAssert.Ok<JobStatus>(await _client.GetAsync("/jobs/" + analysis.Id));
            var step = Assert.Single(live.Steps, s => s.Name == "betweenness");
            Assert.Equal("running", step.State);
            Assert.True(step.ElapsedMs > 0, $"running step elapsed {step.ElapsedMs} ms");
        }
        finally
        {
            await _client.DeleteAsync("/jobs/" + analysis.Id);
        }
        var cancelled = await WaitAsync("/jobs/" + analysis.Id);
        var interrupted = Assert.Single(cancelled.Steps, s => s.Name == "betweenness");
        Assert.Equal("cancelled", interrupted.State);
        Assert.True(interrupted.ElapsedMs > 0, $"cancelled step elapsed {interrupted.ElapsedMs} ms");
    }

    [Fact]
    public async Task GetJob_Unknown_Is404()
    {
        await HttpAssert.Problem(await _client.GetAsync("/jobs/0000"), HttpStatusCode.NotFound, "/problems/job-not-found");
        await HttpAssert.Problem(await _client.DeleteAsync("/jobs/0000"), HttpStatusCode.NotFound, "/problems/job-not-found");
    }

    [Fact]
    public async Task ListJobs_ContainsSubmittedJobs()
    {
        _api.Publish("listed", "a b", "b c");
        var response = await _client.PostAsJsonAsync("/graphs/listed/analyses", new { metrics = new[] { "followers" } });
        var job = await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json);
        var list = await HttpAssert.Ok<List<JobStatus>>(await _client.GetAsync("/jobs"));
        Assert.Contains(list, j => j.Id == job!.Id);
    }
}
