using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Communities;

/// <summary>
/// Leiden partitions and their sphere profiles per (graph version, <see cref="LeidenOptions"/>), served
/// through the one <see cref="ComputationService"/> (its shared result cache, single flight, jobs with
/// the graph version): computed in the request up to <see cref="InlineMaxEdges"/> follow edges (about a
/// second), in a job (kind <c>communities</c>) above.
/// </summary>
public sealed class CommunityService(ComputationService computations)
{
    /// <summary>Graphs with at most this many edges are partitioned within the request.</summary>
    public const long InlineMaxEdges = 2_000_000;

    /// <summary>The cache key of the partition of <paramref name="state"/> with <paramref name="options"/> (every option that changes the result, in a fixed order).</summary>
    public static string KeyOf(GraphState state, LeidenOptions options) => ComputationRequest.KeyOf(state, "communities",
        options.Objective, options.Resolution, options.Directed, options.Seed, options.MaxIterations, options.Beta, options.Tolerance);

    /// <summary>
    /// The partition as a computation; its work is the edge count (informational: whether it runs in
    /// the request or as a job is decided by <see cref="IsLong"/>, by edges, not by the configured
    /// synchronous work limit, so a low limit set for rankings does not turn every partition into a job);
    /// its memory is <see cref="Leiden.EstimateMemoryBytes"/>, checked before it starts (507 when it would not fit).
    /// </summary>
    private static ComputationRequest<CommunityResult> Request(GraphState state, LeidenOptions options) =>
        new("communities", state, KeyOf(state, options), state.Snapshot.EdgeCount, (_, ct) => Leiden.Run(state.Snapshot, options, ct))
        {
            MemoryBytes = Leiden.EstimateMemoryBytes(state.Snapshot, options),
            MemoryHint = Leiden.MemoryHint,
        };

    /// <summary>The cached partition, or null.</summary>
    public CommunityResult? TryGetCached(GraphState state, LeidenOptions options) => computations.TryGetCached(Request(state, options));

    /// <summary>The job computing this partition, when one is queued or running.</summary>
    public Jobs.Job? RunningJob(GraphState state, LeidenOptions options) => computations.RunningJob(Request(state, options));

    /// <summary>True when the partition is not cached and the graph has more than <see cref="InlineMaxEdges"/> edges.</summary>
    public bool IsLong(GraphState state, LeidenOptions options) =>
        TryGetCached(state, options) is null && state.Snapshot.EdgeCount > InlineMaxEdges;

    /// <summary>The partition: cached, awaited from a computation in flight, or computed now.</summary>
    public Task<CommunityResult> GetOrComputeAsync(GraphState state, LeidenOptions options) => computations.GetOrComputeAsync(Request(state, options));

    /// <summary>Starts (or finds) the job computing the partition; its result link is <paramref name="resultLink"/>.</summary>
    public Jobs.Job StartJob(GraphState state, LeidenOptions options, string resultLink) => computations.StartJob(Request(state, options), resultLink);

    /// <summary>The sphere profiles of a partition with the default influencer query, cached beside the partition and signals.</summary>
    public Task<IReadOnlyList<SphereProfile>> ProfilesAsync(GraphState state, LeidenOptions options, CommunityResult result, InfluenceSignals signals)
    {
        string key = KeyOf(state, options) + "\u001fprofiles\u001f" + InfluenceService.KeyOf(state, signals.Options);
        return computations.GetOrComputeAsync(new ComputationRequest<IReadOnlyList<SphereProfile>>("communities", state, key, 0, (_, _) => Spheres.Profile(signals, result)));
    }
}
