using System.Globalization;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>
/// A metric the API ranks by: its name, options, cost estimate and computation. Register new ones
/// (reach, influence...) as <see cref="MetricDefinition"/> singletons in the service collection.
/// </summary>
public abstract class MetricDefinition
{
    /// <summary>Name in URLs (<c>pagerank</c>, <c>in_degree</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>What it measures, its direction and reference semantics.</summary>
    public abstract string Description { get; }

    /// <summary>The options it takes, with defaults.</summary>
    public virtual IReadOnlyList<MetricOptionInfo> Options => [];

    /// <summary>
    /// Checks <paramref name="options"/> against <paramref name="graph"/> and returns them with defaults
    /// filled in, by option name, in a fixed order (the cache key).
    /// </summary>
    /// <exception cref="MetricOptionException">An option does not apply to this metric or is out of range.</exception>
    public IReadOnlyDictionary<string, object> Normalize(MetricOptions options, GraphSnapshot graph)
    {
        var mine = Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var given in options.Given())
            if (!mine.Contains(given))
                throw new MetricOptionException(given, mine.Count == 0
                    ? $"Parameter '{given}' does not apply to metric '{Name}', which takes no options."
                    : $"Parameter '{given}' does not apply to metric '{Name}' (its options: {string.Join(", ", mine)}).");
        return NormalizeCore(options, graph);
    }

    /// <summary>Validates and fills defaults (only this metric's options are set).</summary>
    protected virtual IReadOnlyDictionary<string, object> NormalizeCore(MetricOptions options, GraphSnapshot graph) =>
        new SortedDictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Estimated work in edge visits, compared with <c>SyncWorkLimit</c> to decide between computing in the request and a job.</summary>
    public abstract double EstimateWork(GraphSnapshot graph, MetricOptions options);

    /// <summary>Computes the scores of every account.</summary>
    public abstract CentralityResult Compute(GraphState state, MetricOptions options, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Describes how <paramref name="result"/> was computed (iterations, samples...).</summary>
    public virtual ComputationInfo Describe(CentralityResult result, TimeSpan elapsed, DateTimeOffset computedAt) =>
        new(elapsed.TotalMilliseconds, computedAt);

    /// <summary>The canonical cache-key text of normalised options.</summary>
    public static string KeyOf(IReadOnlyDictionary<string, object> normalized) =>
        string.Join(";", normalized.Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));
}

/// <summary>In-degree: followers per account.</summary>
public sealed class InDegreeMetric : MetricDefinition
{
    /// <inheritdoc />
    public override string Name => "in_degree";
    /// <inheritdoc />
    public override string Description => "Followers of each account (in-degree: its direct audience). Distinct followers in a simple graph (NetworkX DiGraph.in_degree); a kept self-loop counts once.";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricOptions options) => graph.NodeCount;
    /// <inheritdoc />
    public override CentralityResult Compute(GraphState state, MetricOptions options, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Degree.In(state.Snapshot);
}

/// <summary>Out-degree: followees per account.</summary>
public sealed class OutDegreeMetric : MetricDefinition
{
    /// <inheritdoc />
    public override string Name => "out_degree";
    /// <inheritdoc />
    public override string Description => "Followees of each account (out-degree: how many accounts it follows). NetworkX DiGraph.out_degree.";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricOptions options) => graph.NodeCount;
    /// <inheritdoc />
    public override CentralityResult Compute(GraphState state, MetricOptions options, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Degree.Out(state.Snapshot);
}

/// <summary>PageRank.</summary>
public sealed class PageRankMetric : MetricDefinition
{
    private static readonly PageRankOptions Defaults = new();

    /// <inheritdoc />
    public override string Name => "pagerank";
    /// <inheritdoc />
    public override string Description => "PageRank (Page, Brin, Motwani, Winograd 1999): rank flows from follower to followee, so an account followed by important accounts ranks high. NetworkX pagerank semantics (dangling rank spread uniformly); scores sum to 1.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricOptionInfo> Options =>
    [
        new("alpha", "number", Defaults.Alpha, "Damping factor alpha in [0, 1]: the probability of following an edge rather than teleporting."),
        new("tolerance", "number", Defaults.Tolerance, "Stop when the L1 change between two iterations is below this (> 0; not scaled by n, unlike NetworkX's tol)."),
        new("maxIterations", "integer", Defaults.MaxIterations, "Iteration limit, 1..100000; the response says whether the iteration converged."),
        new("weighted", "boolean", false, "Use edge weights as transition strengths."),
    ];

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object> NormalizeCore(MetricOptions o, GraphSnapshot graph)
    {
        double alpha = o.Alpha ?? Defaults.Alpha;
        if (!double.IsFinite(alpha) || alpha < 0 || alpha > 1) throw new MetricOptionException("alpha", $"The damping factor alpha must be in [0, 1] (got {F(alpha)}).");
        double tol = o.Tolerance ?? Defaults.Tolerance;
        if (!double.IsFinite(tol) || tol <= 0) throw new MetricOptionException("tolerance", $"The tolerance must be a number > 0 (got {F(tol)}).");
        int maxIter = o.MaxIterations ?? Defaults.MaxIterations;
        if (maxIter < 1 || maxIter > 100_000) throw new MetricOptionException("maxIterations", $"maxIterations must be in 1..100000 (got {maxIter}).");
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["alpha"] = alpha, ["tolerance"] = tol, ["maxIterations"] = maxIter, ["weighted"] = o.Weighted ?? false,
        };
    }

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricOptions o) =>
        Math.Min(o.MaxIterations ?? Defaults.MaxIterations, 100) * (double)(graph.EdgeCount + graph.NodeCount);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphState state, MetricOptions o, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        PageRank.Compute(state.Snapshot, new PageRankOptions
        {
            Alpha = o.Alpha ?? Defaults.Alpha,
            Tolerance = o.Tolerance ?? Defaults.Tolerance,
            MaxIterations = o.MaxIterations ?? Defaults.MaxIterations,
            Weighted = o.Weighted ?? false,
        }, progress, cancellationToken);

    /// <inheritdoc />
    public override ComputationInfo Describe(CentralityResult result, TimeSpan elapsed, DateTimeOffset computedAt) =>
        result is PageRankResult p
            ? new(elapsed.TotalMilliseconds, computedAt, Iterations: p.Iterations, Converged: p.Converged, Residual: p.Residual)
            : base.Describe(result, elapsed, computedAt);

    private static string F(double x) => x.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Betweenness centrality.</summary>
public sealed class BetweennessMetric : MetricDefinition
{
    private static readonly BetweennessOptions Defaults = new();

    /// <inheritdoc />
    public override string Name => "betweenness";
    /// <inheritdoc />
    public override string Description => "Betweenness centrality (Brandes 2001): the share of shortest follow paths between other accounts that pass through the account. NetworkX betweenness_centrality semantics: normalized divides by (n-1)(n-2); samples = k sampled sources (rescaled by n/k).";
    /// <inheritdoc />
    public override IReadOnlyList<MetricOptionInfo> Options =>
    [
        new("samples", "integer", null, "Number k of sampled source accounts (NetworkX k), 1..n; absent = exact (every account is a source)."),
        new("seed", "integer", Defaults.Seed, "Seed of the source sample: same seed and graph version, same result."),
        new("normalized", "boolean", Defaults.Normalized, "Divide by (n-1)(n-2) (NetworkX, directed)."),
        new("endpoints", "boolean", Defaults.Endpoints, "Count the path endpoints as lying on the path (NetworkX endpoints)."),
        new("weighted", "boolean", false, "Edge weights are distances (Dijkstra) instead of hop counts."),
    ];

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object> NormalizeCore(MetricOptions o, GraphSnapshot graph)
    {
        var d = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["normalized"] = o.Normalized ?? Defaults.Normalized,
            ["endpoints"] = o.Endpoints ?? Defaults.Endpoints,
            ["weighted"] = o.Weighted ?? false,
        };
        if (o.Samples is int k)
        {
            if (k < 1 || k > graph.NodeCount)
                throw new MetricOptionException("samples", $"samples must be in 1..{graph.NodeCount} (the number of accounts) (got {k}).");
            if (k < graph.NodeCount)
            {
                d["samples"] = k;
                d["seed"] = o.Seed ?? Defaults.Seed;
            }
        }
        return d;
    }

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricOptions o) =>
        (double)(o.Samples ?? graph.NodeCount) * (graph.EdgeCount + graph.NodeCount) * (o.Weighted == true ? 4 : 1);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphState state, MetricOptions o, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Betweenness.Compute(state.Snapshot, new BetweennessOptions
        {
            Normalized = o.Normalized ?? Defaults.Normalized,
            Endpoints = o.Endpoints ?? Defaults.Endpoints,
            Weighted = o.Weighted ?? false,
            Samples = o.Samples is int k && k < state.Snapshot.NodeCount ? k : null,
            Seed = o.Seed ?? Defaults.Seed,
        }, progress, cancellationToken);

    /// <inheritdoc />
    public override ComputationInfo Describe(CentralityResult result, TimeSpan elapsed, DateTimeOffset computedAt) =>
        result is BetweennessResult b
            ? new(elapsed.TotalMilliseconds, computedAt, SourcesUsed: b.SourcesUsed, Exact: b.IsExact)
            : base.Describe(result, elapsed, computedAt);
}

/// <summary>Reach: the 2-hop audience of each account.</summary>
public sealed class ReachMetric : MetricDefinition
{
    /// <inheritdoc />
    public override string Name => "reach";
    /// <inheritdoc />
    public override string Description => "2-hop audience: distinct accounts that see the account's posts directly (followers) or through one follower (followers of followers), the account itself excluded. Exact, or a HyperLogLog estimate for the heaviest accounts of very large graphs (computation.exact says which).";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricOptions options)
    {
        double work = graph.EdgeCount;
        for (int u = 0; u < graph.NodeCount; u++) work += (double)graph.InDegreeOf(u) * graph.OutDegreeOf(u);
        return work;
    }
    /// <inheritdoc />
    public override CentralityResult Compute(GraphState state, MetricOptions options, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        InfluenceGraph.Core.Influence.Reach.Compute(state.Snapshot, new InfluenceGraph.Core.Influence.ReachOptions(), cancellationToken);
    /// <inheritdoc />
    public override ComputationInfo Describe(CentralityResult result, TimeSpan elapsed, DateTimeOffset computedAt) =>
        result is InfluenceGraph.Core.Influence.ReachResult r
            ? new(elapsed.TotalMilliseconds, computedAt, Exact: r.IsExact)
            : base.Describe(result, elapsed, computedAt);
}
