using System.Diagnostics;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>A computed metric: scores with the ranking, and how they were obtained.</summary>
/// <param name="Result">Scores and ranking.</param>
/// <param name="Info">Timings and algorithm details.</param>
public sealed record ComputedMetric(CentralityResult Result, ComputationInfo Info);

/// <summary>A metric request checked against a graph version: the unit of caching.</summary>
/// <param name="State">The graph version.</param>
/// <param name="Metric">The metric (from the <see cref="MetricCatalog"/>).</param>
/// <param name="Normalized">Arguments checked against the metric's schema, with defaults filled in.</param>
/// <param name="Key">Cache key: graph, creation time, version, metric, normalized arguments.</param>
public sealed record MetricRequest(GraphState State, Metric Metric, MetricArguments Normalized, string Key);

/// <summary>
/// Computes metrics once per (graph, version, metric, options) and keeps the results in a bounded
/// least-recently-used cache (<see cref="ResultCache{T}"/>); concurrent requests for the same key share
/// one computation, and a computation running as a job is found by later requests.
/// </summary>
public sealed class MetricService
{
    private readonly ResultCache<ComputedMetric> _cache;
    private readonly double _syncWorkLimit;
    private readonly JobService _jobs;

    /// <summary>Creates the service.</summary>
    public MetricService(IOptions<InfluenceGraphOptions> options, JobService jobs)
    {
        _cache = new ResultCache<ComputedMetric>(options.Value.ResultCacheEntries);
        _syncWorkLimit = options.Value.SyncWorkLimit;
        _jobs = jobs;
    }

    /// <summary>The cache key of a graph version: name, creation time (a recreated graph never hits an old entry), version.</summary>
    public static string GraphKey(GraphState state) => string.Join("\u001f", state.Name, state.CreatedAt.UtcTicks, state.Version);

    /// <summary>Checks the arguments against the metric's schema and builds the cache key.</summary>
    /// <exception cref="MetricArgumentException">An argument does not apply or is out of range.</exception>
    public static MetricRequest Prepare(GraphState state, Metric metric, MetricArguments given)
    {
        var normalized = metric.Normalize(given, state.Snapshot);
        string key = string.Join("\u001f", GraphKey(state), metric.Name, normalized.Key);
        return new MetricRequest(state, metric, normalized, key);
    }

    /// <summary>The finished result for <paramref name="request"/>, if cached.</summary>
    public ComputedMetric? TryGetCached(MetricRequest request) =>
        _cache.TryGetCompleted(request.Key, out var r) ? r : null;

    /// <summary>The job computing <paramref name="request"/>, when one is running.</summary>
    public Job? RunningJob(MetricRequest request) =>
        _cache.RunningJobId(request.Key) is { } id && _jobs.Get(id) is { State: JobState.Queued or JobState.Running } job ? job : null;

    /// <summary>Estimated work of <paramref name="request"/> in edge visits.</summary>
    public static double Work(MetricRequest request) => request.Metric.EstimateWork(request.State.Snapshot, request.Normalized);

    /// <summary>True when computing <paramref name="request"/> would exceed <see cref="InfluenceGraphOptions.SyncWorkLimit"/>.</summary>
    public bool IsLong(MetricRequest request) => Work(request) > _syncWorkLimit;

    /// <summary>True when work of this size runs as a job.</summary>
    public bool IsLong(double work) => work > _syncWorkLimit;

    /// <summary>
    /// The result for <paramref name="request"/>: from the cache, from a computation in flight, or
    /// computed now on the thread pool.
    /// </summary>
    public Task<ComputedMetric> GetOrComputeAsync(MetricRequest request, IProgress<CentralityProgress>? progress = null) =>
        _cache.GetOrStart(request.Key, () => Task.Run(() => Compute(request, progress, CancellationToken.None))).Task;

    /// <summary>Starts (or finds) the job computing <paramref name="request"/>; its result link is <paramref name="resultLink"/>.</summary>
    public Job StartJob(MetricRequest request, string resultLink)
    {
        if (RunningJob(request) is { } running) return running;
        Job? job = null;
        _cache.GetOrStart(request.Key, () =>
        {
            var done = new TaskCompletionSource<ComputedMetric>(TaskCreationOptions.RunContinuationsAsynchronously);
            job = _jobs.Start("ranking", request.State.Name, (j, ct) =>
            {
                try
                {
                    var result = Compute(request, new JobProgress(j), ct);
                    j.SetStep(new JobStep(request.Metric.Name, "succeeded", result.Info.ElapsedMs, resultLink));
                    j.Result = resultLink;
                    done.TrySetResult(result);
                }
                catch (OperationCanceledException) { done.TrySetCanceled(); throw; }
                catch (Exception e) { done.TrySetException(e); throw; }
                return Task.CompletedTask;
            }, j => done.TrySetCanceled(), request.State.Version); // a job cancelled while queued never ran its work
            return (done.Task, job.Id);
        });
        if (job is not null) return job;
        if (RunningJob(request) is { } owner) return owner;
        if (TryGetCached(request) is not null) return _jobs.Completed("ranking", request.State.Name, resultLink);
        // Computing without a job of its own (a synchronous request): follow that computation with a
        // job that ends when it does, rather than a job that claims to have finished already.
        var (inflight, _) = _cache.GetOrStart(request.Key, () => Task.Run(() => Compute(request, null, CancellationToken.None)));
        return _jobs.Start("ranking", request.State.Name, async (j, ct) =>
        {
            j.Report(0, "waiting for the computation already under way");
            var result = await inflight.WaitAsync(ct).ConfigureAwait(false);
            j.SetStep(new JobStep(request.Metric.Name, "succeeded", result.Info.ElapsedMs, resultLink));
            j.Result = resultLink;
        }, version: request.State.Version);
    }

    /// <summary>Computes (or awaits the computation of) <paramref name="request"/> inside a job, reporting progress.</summary>
    /// <returns>The result, and whether it was cached before.</returns>
    /// <param name="request">What to compute.</param>
    /// <param name="progress">Progress of the computation.</param>
    /// <param name="cancellationToken">Cancels the computation (or the wait for one already running).</param>
    /// <param name="jobId">
    /// The job doing the work: recorded with the computation so that a ranking request for the same
    /// result meanwhile is answered 202 with this job (real progress) instead of a job of its own.
    /// </param>
    public async Task<(ComputedMetric Result, bool Cached)> ComputeInJobAsync(MetricRequest request, IProgress<CentralityProgress> progress, CancellationToken cancellationToken, string? jobId = null)
    {
        var (task, existed) = _cache.GetOrStart(request.Key, () => (Task.Run(() => Compute(request, progress, cancellationToken), cancellationToken), jobId));
        bool cached = existed && task.IsCompletedSuccessfully;
        return (await task.WaitAsync(cancellationToken).ConfigureAwait(false), cached);
    }

    private static ComputedMetric Compute(MetricRequest request, IProgress<CentralityProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var result = request.Metric.Compute(request.State.Snapshot, request.Normalized, progress, ct);
        sw.Stop();
        return new ComputedMetric(result, ComputationInfo.Of(request.Metric.Describe(result), sw.Elapsed, DateTimeOffset.UtcNow));
    }

    /// <summary>Reports synchronously to a job (the computation runs on a pool thread already).</summary>
    internal sealed class JobProgress(Job job) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) => job.Report(value.Fraction, value.Message);
    }
}
