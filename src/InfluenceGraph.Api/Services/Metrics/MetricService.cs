using System.Diagnostics;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;

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
public sealed record MetricRequest(GraphState State, Metric Metric, MetricArguments Normalized, string Key)
{
    /// <summary>
    /// The request as a <see cref="ComputationRequest{T}"/> (job kind <c>ranking</c>, step named after the
    /// metric, work from the metric's cost estimate), to compute through <see cref="ComputationService"/>
    /// or as a step of a larger computation (<see cref="ComputationContext.StepAsync{TPart}"/>).
    /// </summary>
    public ComputationRequest<ComputedMetric> Computation => new(
        "ranking", State, Key, Metric.EstimateWork(State.Snapshot, Normalized), (progress, ct) => MetricService.Compute(this, progress, ct))
    {
        StepName = Metric.Name,
        ElapsedMs = m => m.Info.ElapsedMs,
        MemoryBytes = Metric.EstimateMemoryBytes(State.Snapshot, Normalized),
        MemoryHint = Metric.MemoryHint(State.Snapshot, Normalized),
    };
}

/// <summary>
/// Metrics through the <see cref="ComputationService"/>: computed once per (graph, version, metric,
/// normalized arguments) and cached; concurrent requests for the same key share one computation; a
/// long one runs as a <c>ranking</c> job, found by later requests.
/// </summary>
public sealed class MetricService(ComputationService computations)
{
    /// <summary>The cache key of a graph version: name, creation time (a recreated graph never hits an old entry), version.</summary>
    public static string GraphKey(GraphState state) => string.Join("\u001f", state.Name, state.CreatedAt.UtcTicks, state.AsOf is { } asOf ? $"{state.Version}@{asOf}" : state.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Checks the arguments against the metric's schema and builds the cache key.</summary>
    /// <exception cref="MetricArgumentException">An argument does not apply or is out of range.</exception>
    public static MetricRequest Prepare(GraphState state, Metric metric, MetricArguments given)
    {
        var normalized = metric.Normalize(given, state.Snapshot);
        string key = ComputationRequest.KeyOf(state, metric.Name, normalized.Key);
        return new MetricRequest(state, metric, normalized, key);
    }

    /// <summary>The finished result for <paramref name="request"/>, if cached.</summary>
    public ComputedMetric? TryGetCached(MetricRequest request) => computations.TryGetCached(request.Computation);

    /// <summary>The job computing <paramref name="request"/>, when one is queued or running.</summary>
    public Job? RunningJob(MetricRequest request) => computations.RunningJob(request.Computation);

    /// <summary>Estimated work of <paramref name="request"/> in edge visits.</summary>
    public static double Work(MetricRequest request) => request.Metric.EstimateWork(request.State.Snapshot, request.Normalized);

    /// <summary>True when computing <paramref name="request"/> would exceed <see cref="InfluenceGraphOptions.SyncWorkLimit"/>.</summary>
    public bool IsLong(MetricRequest request) => computations.IsLong(Work(request));

    /// <summary>True when work of this size runs as a job.</summary>
    public bool IsLong(double work) => computations.IsLong(work);

    /// <summary>The result (cached, or computed in the request when cheap) or the job computing it (see <see cref="ComputationService.GetAsync{T}"/>).</summary>
    public Task<ComputationOutcome<ComputedMetric>> GetAsync(MetricRequest request, string resultLink) =>
        computations.GetAsync(request.Computation, resultLink);

    /// <summary>
    /// The result for <paramref name="request"/>: from the cache, from a computation in flight, or
    /// computed now on the thread pool.
    /// </summary>
    public Task<ComputedMetric> GetOrComputeAsync(MetricRequest request) => computations.GetOrComputeAsync(request.Computation);

    /// <summary>Starts (or finds) the job computing <paramref name="request"/>; its result link is <paramref name="resultLink"/>.</summary>
    public Job StartJob(MetricRequest request, string resultLink) => computations.StartJob(request.Computation, resultLink);

    internal static ComputedMetric Compute(MetricRequest request, IProgress<CentralityProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var result = request.Metric.Compute(request.State.Snapshot, request.Normalized, progress, ct);
        sw.Stop();
        return new ComputedMetric(result, ComputationInfo.Of(request.Metric.Describe(result), sw.Elapsed, DateTimeOffset.UtcNow));
    }
}
