using System.Globalization;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Communities;

/// <summary>
/// Leiden partitions per (graph version, <see cref="LeidenOptions"/>), cached in a small LRU; computed
/// in the request up to <see cref="InlineMaxEdges"/> follow edges (about a second), in a job above.
/// </summary>
public sealed class CommunityService(JobService jobs)
{
    private readonly ResultCache<CommunityResult> _cache = new(16);
    private readonly ResultCache<IReadOnlyList<SphereProfile>> _profiles = new(16);

    /// <summary>Graphs with at most this many edges are partitioned within the request.</summary>
    public const long InlineMaxEdges = 2_000_000;

    /// <summary>The cache key of the partition of <paramref name="state"/> with <paramref name="options"/>.</summary>
    public static string KeyOf(GraphState state, LeidenOptions options) => string.Join("\u001f", MetricService.GraphKey(state), "communities",
        options.Objective, options.Resolution.ToString("R", CultureInfo.InvariantCulture), options.Directed, options.Seed, options.MaxIterations,
        options.Beta.ToString("R", CultureInfo.InvariantCulture), options.Tolerance.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The cached partition, or null.</summary>
    public CommunityResult? TryGetCached(GraphState state, LeidenOptions options) =>
        _cache.TryGetCompleted(KeyOf(state, options), out var r) ? r : null;

    /// <summary>The job computing this partition, when one is running.</summary>
    public Job? RunningJob(GraphState state, LeidenOptions options) =>
        _cache.RunningJobId(KeyOf(state, options)) is { } id ? jobs.Get(id) : null;

    /// <summary>True when the partition is not cached and the graph is too large to partition within a request.</summary>
    public bool IsLong(GraphState state, LeidenOptions options) =>
        TryGetCached(state, options) is null && state.Snapshot.EdgeCount > InlineMaxEdges;

    /// <summary>The partition, computed now when not cached.</summary>
    public Task<CommunityResult> GetOrComputeAsync(GraphState state, LeidenOptions options) =>
        _cache.GetOrStart(KeyOf(state, options), () => Task.Run(() => Leiden.Run(state.Snapshot, options))).Task;

    /// <summary>Starts (or finds) the job computing the partition; its result link is <paramref name="resultLink"/>.</summary>
    public Job StartJob(GraphState state, LeidenOptions options, string resultLink)
    {
        string key = KeyOf(state, options);
        if (RunningJob(state, options) is { } running) return running;
        Job? job = null;
        _cache.GetOrStart(key, () =>
        {
            var done = new TaskCompletionSource<CommunityResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            job = jobs.Start("communities", state.Name, async (j, ct) =>
            {
                try
                {
                    var r = await Task.Run(() => Leiden.Run(state.Snapshot, options, ct), ct);
                    j.Result = resultLink;
                    done.TrySetResult(r);
                }
                catch (OperationCanceledException) { done.TrySetCanceled(); throw; }
                catch (Exception e) { done.TrySetException(e); throw; }
            }, _ => done.TrySetCanceled());
            return (done.Task, job.Id);
        });
        return job ?? RunningJob(state, options) ?? jobs.Completed("communities", state.Name, resultLink);
    }

    /// <summary>The sphere profiles of a partition with the default influencer query, cached with the partition and signals.</summary>
    public IReadOnlyList<SphereProfile> Profiles(GraphState state, LeidenOptions options, CommunityResult result, InfluenceSignals signals)
    {
        string key = KeyOf(state, options) + "\u001fprofiles\u001f" + InfluenceService.KeyOf(state, signals.Options);
        return _profiles.GetOrStart(key, () => Task.FromResult(Spheres.Profile(signals, result))).Task.GetAwaiter().GetResult();
    }
}
