using System.Globalization;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// The shared computation service on its own: cached / inline / job policy, single flight, composite
/// work whose parts are cached steps, retry after failure, and the cache key's format.
/// </summary>
public sealed class ComputationServiceTests : IDisposable
{
    private readonly JobService _jobs;
    private readonly ComputationService _service;
    private readonly GraphState _state;

    public ComputationServiceTests()
    {
        var options = Options.Create(new InfluenceGraphOptions { SyncWorkLimit = 1000, ResultCacheEntries = 8 });
        _jobs = new JobService(options, NullLogger<JobService>.Instance);
        _service = new ComputationService(options, _jobs);
        _state = new GraphState("g", 3, TestGraphs.FromText("a b, b c"), new Dictionary<string, AccountAttributes>(), DateTimeOffset.UnixEpoch, null);
    }

    public void Dispose() => _jobs.Dispose();

    private ComputationRequest<string> Counting(string analysis, double work, Func<int> onRun, Func<string>? value = null) =>
        new("test", _state, ComputationRequest.KeyOf(_state, analysis), work, (progress, ct) =>
        {
            int n = onRun();
            progress.Report(new CentralityProgress(1, 2, "half"));
            return value?.Invoke() ?? $"{analysis}#{n}";
        }) { StepName = analysis };

    [Fact]
    public async Task GetAsync_CheapWork_ComputedInTheRequestOnce_ThenCached()
    {
        int runs = 0;
        var request = Counting("cheap", work: 10, () => Interlocked.Increment(ref runs));
        var first = await _service.GetAsync(request, "/x");
        Assert.Null(first.Job);
        Assert.Equal("cheap#1", first.Result);
        Assert.Equal("cheap#1", _service.TryGetCached(request));
        var again = await _service.GetAsync(Counting("cheap", 10, () => Interlocked.Increment(ref runs)), "/x"); // same key, new request object
        Assert.Equal("cheap#1", again.Result);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task GetOrComputeAsync_ConcurrentRequests_ShareOneComputation()
    {
        int runs = 0;
        using var gate = new ManualResetEventSlim();
        ComputationRequest<string> Make() => Counting("shared", 10, () => { gate.Wait(TimeSpan.FromSeconds(30)); return Interlocked.Increment(ref runs); });
        var tasks = Enumerable.Range(0, 8).Select(_ => _service.GetOrComputeAsync(Make())).ToList();
        gate.Set();
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal("shared#1", r));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task GetAsync_LongWork_RunsAJobWithOneStep_FoundByLaterRequests()
    {
        using var gate = new ManualResetEventSlim();
        int runs = 0;
        ComputationRequest<string> Make() => Counting("long", work: 5000, () => { gate.Wait(TimeSpan.FromSeconds(30)); return Interlocked.Increment(ref runs); });
        var first = await _service.GetAsync(Make(), "/graphs/g/long");
        var job = Assert.IsType<Job>(first.Job);
        Assert.Null(first.Result);
        Assert.Equal("test", job.Kind);
        Assert.Equal(3, job.Version);
        var second = await _service.GetAsync(Make(), "/graphs/g/long");
        Assert.Same(job, second.Job);                        // the job doing the work, not a new one
        Assert.Same(job, _service.StartJob(Make(), "/graphs/g/long"));

        gate.Set();
        await job.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var status = job.ToStatus();
        Assert.Equal("succeeded", status.State);
        Assert.Equal("/graphs/g/long", status.Result);
        var step = Assert.Single(status.Steps);
        Assert.Equal(("long", "succeeded", "/graphs/g/long"), (step.Name, step.State, step.Result));
        var done = await _service.GetAsync(Make(), "/graphs/g/long");
        Assert.Equal("long#1", done.Result);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task StartJob_CompositeWork_PartsAreCachedSteps_SharedPartsShowCached()
    {
        int runsA = 0, runsB = 0, runsC = 0;
        var a = Counting("part-a", 10, () => Interlocked.Increment(ref runsA));
        var b = Counting("part-b", 10, () => Interlocked.Increment(ref runsB));
        var c = Counting("part-c", 10, () => Interlocked.Increment(ref runsC));
        ComputationRequest<string> Composite(string name, params ComputationRequest<string>[] parts) =>
            new("composite", _state, ComputationRequest.KeyOf(_state, name), 5000, async ctx =>
            {
                var values = new List<string>();
                for (int i = 0; i < parts.Length; i++) values.Add(await ctx.StepAsync(parts[i], i, parts.Length, "/part/" + i));
                return string.Join("+", values);
            });

        var job1 = _service.StartJob(Composite("ab", a, b), "/ab");
        await job1.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var s1 = job1.ToStatus();
        Assert.Equal("succeeded", s1.State);
        Assert.Equal([("part-a", "succeeded", "/part/0"), ("part-b", "succeeded", "/part/1")], s1.Steps.Select(s => (s.Name, s.State, s.Result)));
        Assert.Equal("part-a#1+part-b#1", _service.TryGetCached(Composite("ab", a, b)));
        Assert.Equal("part-b#1", _service.TryGetCached(b));  // each part is cached on its own

        var job2 = _service.StartJob(Composite("bc", b, c), "/bc");
        await job2.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([("part-b", "cached"), ("part-c", "succeeded")], job2.ToStatus().Steps.Select(s => (s.Name, s.State)));
        Assert.Equal("part-b#1+part-c#1", _service.TryGetCached<string>(ComputationRequest.KeyOf(_state, "bc")));
        Assert.Equal((1, 1, 1), (runsA, runsB, runsC));
    }

    [Fact]
    public async Task GetAsync_FailedComputation_IsNotCached_NextRequestRetries()
    {
        int runs = 0;
        ComputationRequest<string> Make() => Counting("flaky", 10, () => Interlocked.Increment(ref runs),
            () => runs == 1 ? throw new ArgumentException("first run fails") : "ok");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _service.GetAsync(Make(), "/f"));
        Assert.Equal("first run fails", e.Message);
        Assert.Null(_service.TryGetCached(Make()));
        Assert.Equal("ok", (await _service.GetAsync(Make(), "/f")).Result);
        Assert.Equal(2, runs);
    }

    [Fact]
    public void KeyOf_FormatsInvariantly_AndSeparatesGraphVersions()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("g\u001f621355968000000000\u001f3\u001fpagerank\u001f0.85\u001f200\u001f\u001fTrue\u001fx",
                ComputationRequest.KeyOf(_state, "pagerank", 0.85, 200, null, true, "x"));
        }
        finally { CultureInfo.CurrentCulture = before; }
        Assert.NotEqual(ComputationRequest.KeyOf(_state, "m"), ComputationRequest.KeyOf(_state with { Version = 4 }, "m"));
        Assert.NotEqual(ComputationRequest.KeyOf(_state, "m"), ComputationRequest.KeyOf(_state with { CreatedAt = DateTimeOffset.UnixEpoch.AddTicks(1) }, "m"));
    }
}
