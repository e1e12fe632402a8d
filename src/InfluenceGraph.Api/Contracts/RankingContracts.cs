namespace InfluenceGraph.Api.Contracts;

/// <summary>One row of a ranking.</summary>
/// <param name="Rank">Competition rank, 1-based: tied scores share the best rank (1, 2, 2, 4).</param>
/// <param name="Account">Account handle.</param>
/// <param name="Score">The metric's score; null when undefined (never a NaN token).</param>
/// <param name="Percentile">Percent of the graph's accounts with a strictly lower score, in [0, 100).</param>
public sealed record RankingRow(int Rank, string Account, double? Score, double Percentile);

/// <summary>How a metric result was computed.</summary>
/// <param name="ElapsedMs">Computation time in milliseconds (0 for a cached result's original time is kept).</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <param name="Iterations">Power iterations performed (PageRank), else null.</param>
/// <param name="Converged">Whether the iteration converged within maxIterations (PageRank), else null.</param>
/// <param name="Residual">L1 change of the last iteration (PageRank), else null.</param>
/// <param name="SourcesUsed">Sources whose shortest paths were counted (betweenness), else null.</param>
/// <param name="Exact">False when the scores are estimates (betweenness from a sample of sources, reach from HyperLogLog counters), else null.</param>
/// <param name="Method">The algorithm actually used when the metric chooses one (reach: exact, hyperloglog, hyperball), else null.</param>
/// <param name="RelativeStandardError">Relative standard error of each estimated score (reach estimated with HyperBall: 0.78/√registers; the 2-hop HyperLogLog method: 1.04/√registers), else null.</param>
/// <param name="Guarantee">Guaranteed-error betweenness (<c>epsilon</c> given): ε, δ, the vertex-diameter bound and the number of sampled pairs; else null.</param>
public sealed record ComputationInfo(
    double ElapsedMs, DateTimeOffset ComputedAt, int? Iterations = null, bool? Converged = null,
    double? Residual = null, int? SourcesUsed = null, bool? Exact = null, string? Method = null, double? RelativeStandardError = null,
    ErrorGuarantee? Guarantee = null)
{
    /// <summary>The record of a computation that took <paramref name="elapsed"/> and ended at <paramref name="computedAt"/>.</summary>
    public static ComputationInfo Of(InfluenceGraph.Core.Metrics.MetricComputation c, TimeSpan elapsed, DateTimeOffset computedAt) =>
        new(elapsed.TotalMilliseconds, computedAt, c.Iterations, c.Converged, c.Residual, c.SourcesUsed, c.Exact, c.Method, c.RelativeStandardError,
            c.Guarantee is { } g ? new ErrorGuarantee(g.Epsilon, g.Delta, g.VertexDiameterBound, g.DiameterMethod, g.SampleSize) : null);
}

/// <summary>The error guarantee of betweenness estimated by sampling shortest paths (Riondato and Kornaropoulos 2016).</summary>
/// <param name="Epsilon">With probability at least 1 − delta, every normalized score is within epsilon of the exact one.</param>
/// <param name="Delta">Probability that the epsilon bound fails.</param>
/// <param name="VertexDiameterBound">Upper bound on the number of accounts on a shortest path, from which the sample size follows.</param>
/// <param name="DiameterMethod"><c>bfs-eccentricity</c> (unweighted: BFS eccentricities inside strongly connected components) or <c>component-size</c> (weighted).</param>
/// <param name="SampleSize">Sampled pairs of accounts, one shortest path each: ⌈(0.5/ε²)(⌊log2(VD−2)⌋ + 1 + ln(1/δ))⌉.</param>
public sealed record ErrorGuarantee(double Epsilon, double Delta, int VertexDiameterBound, string DiameterMethod, int SampleSize);

/// <summary>A page of a ranking: accounts by score descending, ties by handle ascending.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version the ranking belongs to.</param>
/// <param name="Metric">The canonical name of the metric computed (e.g. <c>followers</c>, also when the path named its alias <c>in_degree</c>).</param>
/// <param name="Options">The metric's options with defaults filled in (the cache key with the version).</param>
/// <param name="Total">Accounts in the ranking (all of the graph's).</param>
/// <param name="Offset">0-based position of the first row of this page.</param>
/// <param name="Items">The rows of this page.</param>
/// <param name="NextCursor">Opaque cursor of the next page (pass as <c>cursor</c>); null on the last page. Valid while the graph version stays the same.</param>
/// <param name="Computation">How the scores were computed.</param>
/// <param name="Warnings">
/// Why the scores may not be what was asked for, e.g. PageRank that did not converge within maxIterations
/// (the scores are then the last iterate, not the stationary distribution); empty when none. The same
/// text is sent in the <c>X-Computation-Warning</c> response header (also for CSV).
/// </param>
public sealed record RankingPage(
    string Graph, long Version, string Metric, IReadOnlyDictionary<string, object> Options,
    int Total, int Offset, IReadOnlyList<RankingRow> Items, string? NextCursor, ComputationInfo Computation,
    IReadOnlyList<string>? Warnings = null);

/// <summary>An option of a metric (its parameter schema).</summary>
/// <param name="Name">Query parameter and JSON member name.</param>
/// <param name="Type"><c>number</c>, <c>integer</c>, <c>boolean</c>, <c>string</c>, or <c>object</c> for account weights (<c>account:weight,...</c> in a query).</param>
/// <param name="Default">Default value, or null when absent means "not set" (e.g. samples: exact).</param>
/// <param name="Description">Meaning, range and source of the semantics.</param>
/// <param name="Minimum">Smallest allowed value (numbers), or null.</param>
/// <param name="ExclusiveMinimum">True when the value must be strictly greater than <paramref name="Minimum"/>.</param>
/// <param name="Maximum">Largest allowed value (numbers), or null.</param>
/// <param name="AllowedValues">The accepted values of a string option, or null.</param>
/// <param name="CliOption">The same option of <c>influencegraph score</c> (e.g. <c>--max-iterations</c>).</param>
public sealed record MetricOptionInfo(string Name, string Type, object? Default, string Description,
    double? Minimum = null, bool ExclusiveMinimum = false, double? Maximum = null, IReadOnlyList<string>? AllowedValues = null, string? CliOption = null)
{
    /// <summary>The schema of <paramref name="p"/>.</summary>
    public static MetricOptionInfo Of(InfluenceGraph.Core.Metrics.MetricParameter p) =>
        new(p.Name, p.SchemaType, p.Default, p.Description, p.Minimum, p.ExclusiveMinimum, p.Maximum, p.AllowedValues, p.CliName);
}

/// <summary>A metric the API can rank by.</summary>
/// <param name="Name">Name used in <c>/graphs/{graph}/rankings/{metric}</c>.</param>
/// <param name="Description">What it measures, in which direction, and its reference semantics.</param>
/// <param name="Options">Its options (query parameters).</param>
/// <param name="Aliases">Other names accepted on input in place of <paramref name="Name"/> (e.g. <c>in_degree</c> for <c>followers</c>); responses always carry <paramref name="Name"/>.</param>
/// <param name="Source">Where the definition comes from (paper, reference tool).</param>
public sealed record MetricInfo(string Name, string Description, IReadOnlyList<MetricOptionInfo> Options,
    IReadOnlyList<string>? Aliases = null, string? Source = null)
{
    /// <summary>The description of <paramref name="m"/>.</summary>
    public static MetricInfo Of(InfluenceGraph.Core.Metrics.Metric m) =>
        new(m.Name, m.Description, m.Parameters.Select(MetricOptionInfo.Of).ToList(), m.Aliases, m.Source);
}

/// <summary>The metrics the API can rank by.</summary>
/// <param name="Metrics">One entry per metric.</param>
public sealed record MetricList(IReadOnlyList<MetricInfo> Metrics);
