using System.Net.Http.Json;
using System.Text;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// Jobs against a graph that is deleted or updated under them: they end cancelled with the reason,
/// never "succeeded" for data that is gone, never with a step left "running", and they release the
/// single job slot.
/// </summary>
public sealed class JobLifecycleTests : IClassFixture<JobLifecycleTests.Factory>
{
    /// <summary>One job slot, long rankings go to jobs, bodies over 2 kB are imported by a job.</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            With("InfluenceGraph:SyncWorkLimit", "1000");
            With("InfluenceGraph:MaxConcurrentJobs", "1");
            With("InfluenceGraph:ImportJobThresholdBytes", "2000");
        }
    }

    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public JobLifecycleTests(Factory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    private Task<JobStatus> WaitAsync(string id) => JobTestSupport.WaitAsync(_client, "/jobs/" + id);

    private async Task<JobStatus> StartBetweenness(string graph)
    {
        var response = await _client.PostAsJsonAsync($"/graphs/{graph}/analyses", new { metrics = new[] { "pagerank", "betweenness" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!;
    }

    [Fact]
    public async Task DeleteGraph_CancelsItsRunningAnalysis_WithReason_AndNoStepLeftRunning()
    {
        _api.Catalog.Publish("doomed", TestGraphs.RandomGraph(20_000, 200_000, 5));
        var job = await StartBetweenness("doomed");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/graphs/doomed")).StatusCode);
        var done = await WaitAsync(job.Id);
        Assert.Equal("cancelled", done.State);
        Assert.Null(done.Result);
        Assert.Contains("deleted", done.Message);
        Assert.Equal("/problems/job-cancelled", done.Error!.Type);
        Assert.Contains("'doomed' was deleted", done.Error.Detail);
        Assert.DoesNotContain(done.Steps, s => s.State is "running" or "pending");
        Assert.Null(_api.Catalog.Get("doomed"));
    }

    // The import job waits behind an analysis holding the only slot; the graph is deleted meanwhile.
    // The import must end cancelled (not succeeded) and must not bring the graph back.
    [Fact]
    public async Task DeleteGraph_WithAnImportJobQueued_CancelsIt_AndTheGraphStaysDeleted()
    {
        _api.Catalog.Publish("blocker", TestGraphs.RandomGraph(20_000, 200_000, 6));
        var blocker = await StartBetweenness("blocker");
        _api.Publish("racing", "x y");
        string body = string.Concat(Enumerable.Range(0, 400).Select(i => $"f{i},h{i % 10}\n")); // ~4 kB > 2 kB: a job
        var response = await _client.PostAsync("/graphs/racing/edges", new StringContent(body, new UTF8Encoding(false), "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var import = (await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!;
        Assert.Equal("import-edges", import.Kind);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/graphs/racing")).StatusCode);
        var done = await WaitAsync(import.Id);
        Assert.Equal("cancelled", done.State);
        Assert.Contains("'racing' was deleted", done.Error!.Detail);
        await _client.DeleteAsync("/jobs/" + blocker.Id);
        await WaitAsync(blocker.Id);
        Assert.Null(_api.Catalog.Get("racing"));
        await HttpAssert.Problem(await _client.GetAsync("/graphs/racing"), HttpStatusCode.NotFound, "/problems/graph-not-found");
    }

    // An analysis of version 1 is superseded when version 2 is published: it is cancelled and frees
    // the only job slot, so an analysis of version 2 runs to the end.
    [Fact]
    public async Task NewVersion_CancelsTheSupersededAnalysis_AndTheNewOneRuns()
    {
        JobStatus done;
        string graph;
        for (int attempt = 1; ; attempt++)
        {
            graph = "evolving" + attempt;
            _api.Catalog.Publish(graph, TestGraphs.RandomGraph(20_000, 200_000, 7));
            var old = await StartBetweenness(graph);
            var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync($"/graphs/{graph}/edges",
                new StringContent("a1,a2\n", new UTF8Encoding(false), "text/csv")));
            Assert.Equal(2, report.VersionAfter);
            done = await WaitAsync(old.Id);
            // The premise is an analysis still running when version 2 is published. With other test assemblies loading
            // the cores (dotnet test runs them side by side) the analysis has once finished first; the race is then run
            // again on a fresh graph, at most three times: an analysis that is never cancelled still fails.
            if (done.State == "succeeded" && attempt < 3) continue;
            break;
        }
        Assert.Equal("cancelled", done.State);
        Assert.Contains("version 2", done.Error!.Detail);
        Assert.DoesNotContain(done.Steps, s => s.State is "running" or "pending");

        var response = await _client.PostAsJsonAsync($"/graphs/{graph}/analyses", new { metrics = new[] { "in_degree" } });
        var fresh = await WaitAsync((await response.Content.ReadFromJsonAsync<JobStatus>(ApiFactory.Json))!.Id);
        Assert.Equal("succeeded", fresh.State);
    }
}
