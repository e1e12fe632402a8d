using System.Diagnostics;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Storage;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>A computed metric: scores with the ranking, and how they were obtained.</summary>
/// <param name="Result">Scores and ranking.</param>
/// <param name="Info">Timings and algorithm details.</param>
public sealed record ComputedMetric(CentralityResult Result, ComputationInfo Info);

/// <summary>A metric request checked against a graph version: the unit of caching.</summary>
/// <param name="State">The graph version.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Options">Options as given.</param>
/// <param name="Normalized">Options with defaults filled in.</param>
/// <param name="Key">Cache key: graph, creation time, version, metric, options.</param>
public sealed record MetricRequest(GraphState State, MetricDefinition Metric, MetricOptions Options,
    IReadOnlyDictionary<string, object> Normalized, string Key);

/// <summary>
/// Computes metrics once per (graph, version, metric, options) and keeps the results in a bounded
/// least-recently-used cache; concurrent requests for the same key share one computation, and a
/// computation running as a job is found by later requests.
/// </summary>
public sealed class MetricService
{
    private sealed class Entry(Task<ComputedMetric> task, string? jobId)
    {
        public Task<ComputedMetric> Task { get; } = task;
        public string? JobId { get; } = jobId;
        public LinkedListNode<string>? Node { get; set; }
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _lru = new();
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly double _syncWorkLimit;
    private readonly JobService _jobs;

    /// <summary>Creates the service.</summary>
    public MetricService(IOptions<InfluenceGraphOptions> options, JobService jobs)
    {
        _capacity = Math.Max(1, options.Value.ResultCacheEntries);
        _syncWorkLimit = options.Value.SyncWorkLimit;
        _jobs = jobs;
    }

    /// <summary>Checks options and builds the cache key.</summary>
    /// <exception cref="MetricOptionException">An option does not apply or is out of range.</exception>
    public static MetricRequest Prepare(GraphState state, MetricDefinition metric, MetricOptions options)
    {
        var normalized = metric.Normalize(options, state.Snapshot);
        string key = string.Join("\u001f", state.Name, state.CreatedAt.UtcTicks, state.Version, metric.Name, MetricDefinition.KeyOf(normalized));
        return new MetricRequest(state, metric, options, normalized, key);
    }

    /// <summary>The finished result for <paramref name="request"/>, if cached.</summary>
    public ComputedMetric? TryGetCached(MetricRequest request)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(request.Key, out var e) || !e.Task.IsCompletedSuccessfully) return null;
            Touch(e);
            return e.Task.Result;
        }
    }

    /// <summary>The job computing <paramref name="request"/>, when one is running.</summary>
    public Job? RunningJob(MetricRequest request)
    {
        lock (_gate)
            return _entries.TryGetValue(request.Key, out var e) && !e.Task.IsCompleted && e.JobId is { } id ? _jobs.Get(id) : null;
    }

    /// <summary>True when computing <paramref name="request"/> would exceed <see cref="InfluenceGraphOptions.SyncWorkLimit"/>.</summary>
    public bool IsLong(MetricRequest request) => request.Metric.EstimateWork(request.State.Snapshot, request.Options) > _syncWorkLimit;

    /// <summary>
    /// The result for <paramref name="request"/>: from the cache, from a computation in flight, or
    /// computed now on the thread pool.
    /// </summary>
    public Task<ComputedMetric> GetOrComputeAsync(MetricRequest request, IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(request.Key, out var e)) { Touch(e); return e.Task; }
            var task = Task.Run(() => Compute(request, progress, cancellationToken), cancellationToken);
            Add(request.Key, new Entry(task, null));
            return task;
        }
    }

    /// <summary>
    /// Starts (or finds) the job computing <paramref name="request"/>; its result link is
    /// <paramref name="resultLink"/>.
    /// </summary>
    public Job StartJob(MetricRequest request, string resultLink)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(request.Key, out var e) && e.JobId is { } id && !e.Task.IsCompleted && _jobs.Get(id) is { } running)
                return running;
            var done = new TaskCompletionSource<ComputedMetric>(TaskCreationOptions.RunContinuationsAsynchronously);
            var job = _jobs.Start("ranking", request.State.Name, (job, ct) =>
            {
                try
                {
                    var result = Compute(request, new SyncProgress(job), ct);
                    job.SetStep(new JobStep(request.Metric.Name, "succeeded", result.Info.ElapsedMs, resultLink));
                    job.Result = resultLink;
                    done.TrySetResult(result);
                    return Task.CompletedTask;
                }
                catch (Exception ex)
                {
                    Remove(request.Key, done.Task);
                    done.TrySetException(ex);
                    throw;
                }
            });
            // A queued job cancelled before running never reaches the delegate: drop its entry too.
            _ = job.Completion.ContinueWith(_ => { if (!done.Task.IsCompleted) { Remove(request.Key, done.Task); done.TrySetCanceled(); } }, TaskScheduler.Default);
            Add(request.Key, new Entry(done.Task, job.Id));
            return job;
        }
    }

    /// <summary>Computes (or awaits the computation of) <paramref name="request"/> inside a job, reporting progress.</summary>
    /// <returns>The result, and whether it was cached before.</returns>
    public async Task<(ComputedMetric Result, bool Cached)> ComputeInJobAsync(MetricRequest request, IProgress<CentralityProgress> progress, CancellationToken cancellationToken)
    {
        Task<ComputedMetric> task;
        bool cached;
        lock (_gate)
        {
            cached = _entries.TryGetValue(request.Key, out var e);
            if (cached) { Touch(e!); task = e!.Task; }
            else
            {
                task = Task.Run(() => Compute(request, progress, cancellationToken), cancellationToken);
                Add(request.Key, new Entry(task, null));
            }
        }
        try
        {
            return (await task.WaitAsync(cancellationToken).ConfigureAwait(false), cached && task.IsCompletedSuccessfully);
        }
        catch
        {
            Remove(request.Key, task);
            throw;
        }
    }

    private static ComputedMetric Compute(MetricRequest request, IProgress<CentralityProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var result = request.Metric.Compute(request.State, request.Options, progress, ct);
        sw.Stop();
        return new ComputedMetric(result, request.Metric.Describe(result, sw.Elapsed, DateTimeOffset.UtcNow));
    }

    private void Add(string key, Entry entry)
    {
        if (_entries.Remove(key, out var old) && old.Node is not null) _lru.Remove(old.Node);
        entry.Node = _lru.AddFirst(key);
        _entries[key] = entry;
        // Failed or cancelled computations are not kept.
        entry.Task.ContinueWith(t => Remove(key, t), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        while (_entries.Count > _capacity && _lru.Last is { } last)
        {
            _lru.RemoveLast();
            _entries.Remove(last.Value);
        }
    }

    private void Remove(string key, Task task)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var e) && ReferenceEquals(e.Task, task))
            {
                _entries.Remove(key);
                if (e.Node is not null) _lru.Remove(e.Node);
            }
        }
    }

    private void Touch(Entry e)
    {
        if (e.Node is null || e.Node.List is null) return;
        _lru.Remove(e.Node);
        _lru.AddFirst(e.Node);
    }

    /// <summary>Reports synchronously to a job (the computation runs on a pool thread already).</summary>
    private sealed class SyncProgress(Job job) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) => job.Report(value.Fraction, value.Message);
    }
}
