using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// A per-account metric, self-described: name, aliases, meaning, parameter schema, cost estimate,
/// computation and the record of how a result was computed. The API (rankings, account details,
/// analyses, <c>GET /metrics</c>, the OpenAPI document) and the CLI (<c>score --metrics</c> and its
/// options) read everything about a metric from here.
/// </summary>
/// <remarks>
/// To add a metric: one class deriving from this one (one file), plus one line in
/// <see cref="MetricCatalog.Builtin"/>. Implementations must be stateless and thread-safe (one instance
/// serves every request).
/// </remarks>
public abstract class Metric
{
    /// <summary>
    /// Canonical name, the one every output carries (JSON <c>metric</c> fields, CSV/TSV headers, export
    /// columns, the OpenAPI document): lower case with '_' (<c>pagerank</c>, <c>followers</c>).
    /// </summary>
    public abstract string Name { get; }

    /// <summary>
    /// Other names accepted on input in place of <see cref="Name"/> (e.g. <c>in_degree</c> for
    /// <c>followers</c>); outputs never echo an alias. None by default.
    /// </summary>
    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>What it measures, in which direction of the follow edges, and its reference semantics.</summary>
    public abstract string Description { get; }

    /// <summary>Where the definition comes from (paper, reference tool and function).</summary>
    public abstract string Source { get; }

    /// <summary>The parameters it takes (its options), in documentation order; none by default.</summary>
    public virtual IReadOnlyList<MetricParameter> Parameters => [];

    /// <summary>The parameter named <paramref name="name"/> (ordinal), or null.</summary>
    public MetricParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Checks <paramref name="given"/> against the schema and <paramref name="graph"/> and returns the
    /// arguments with defaults filled in (the arguments <see cref="Compute"/> and <see cref="EstimateWork"/> take).
    /// </summary>
    /// <param name="given">The arguments the caller gave (values already typed, e.g. by <see cref="MetricParameter.ParseText"/>).</param>
    /// <param name="graph">The graph they will be applied to (for graph-dependent ranges and account names).</param>
    /// <exception cref="MetricArgumentException">An argument is not a parameter of this metric (the message lists its parameters), has the wrong type or is out of range.</exception>
    public MetricArguments Normalize(MetricArguments given, GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(graph);
        var values = new List<KeyValuePair<string, object>>();
        foreach (var (name, value) in given)
        {
            var p = Parameter(name) ?? throw new MetricArgumentException(name, Parameters.Count == 0
                ? $"Parameter '{name}' does not apply to metric '{Name}', which takes no options."
                : $"Parameter '{name}' does not apply to metric '{Name}' (its options: {string.Join(", ", Parameters.Select(x => x.Name))}).");
            values.Add(new(name, p.Check(value)));
        }
        foreach (var p in Parameters)
            if (p.Default is { } d && !given.ContainsKey(p.Name)) values.Add(new(p.Name, d));
        return Validate(MetricArguments.Of(values), given, graph);
    }

    /// <summary>
    /// Graph-dependent checks and canonicalisation after the schema checks (e.g. <c>samples</c> ≤ n, or
    /// dropping a <c>seed</c> that cannot matter). The default returns <paramref name="normalized"/>.
    /// </summary>
    /// <param name="normalized">Checked arguments with defaults.</param>
    /// <param name="given">The arguments as given (to tell a default from an explicit value).</param>
    /// <param name="graph">The graph.</param>
    /// <exception cref="MetricArgumentException">An argument is invalid for this graph.</exception>
    protected virtual MetricArguments Validate(MetricArguments normalized, MetricArguments given, GraphSnapshot graph) => normalized;

    /// <summary>Estimated work in edge visits (compared with a limit to decide between computing at once and a background job).</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="arguments">Normalized arguments.</param>
    public abstract double EstimateWork(GraphSnapshot graph, MetricArguments arguments);

    /// <summary>
    /// Estimated peak memory of a computation in bytes: by default 48 per account (the scores, 8 B; the
    /// ranking order, 4 B; ranks and the kernel's per-account working arrays, about 36 B). A rough
    /// upper-bound figure for the cost estimate, in the spirit of Neo4j GDS's <c>.estimate</c>.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="arguments">Normalized arguments.</param>
    public virtual double EstimateMemoryBytes(GraphSnapshot graph, MetricArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return 48.0 * graph.NodeCount;
    }

    /// <summary>
    /// What would lower <see cref="EstimateMemoryBytes"/> (e.g. <c>fewer pivots: samples=1000</c>), named in the refusal of an
    /// analysis that would not fit in memory (<see cref="MemoryBudget"/>); null by default (nothing to suggest).
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="arguments">Normalized arguments.</param>
    public virtual string? MemoryHint(GraphSnapshot graph, MetricArguments arguments) => null;

    /// <summary>Computes the score of every account.</summary>
    /// <param name="graph">The follower network (edge u -> v: u follows v).</param>
    /// <param name="arguments">Normalized arguments (<see cref="Normalize"/>).</param>
    /// <param name="progress">Receives progress of long computations; may be null.</param>
    /// <param name="cancellationToken">Cancels the computation (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Scores by node id, with <see cref="CentralityResult.Metric"/> = <see cref="Name"/>.</returns>
    public abstract CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken);

    /// <summary>How <paramref name="result"/> was computed (iterations, convergence, sources, exactness); empty by default.</summary>
    public virtual MetricComputation Describe(CentralityResult result) => MetricComputation.None;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>How a metric result was computed; a member is null when it does not apply to the metric.</summary>
/// <param name="Iterations">Iterations performed (PageRank, HITS).</param>
/// <param name="Converged">Whether the iteration reached its tolerance within its iteration limit (PageRank, HITS).</param>
/// <param name="Residual">L1 change of the last iteration (PageRank, HITS).</param>
/// <param name="SourcesUsed">Sources whose shortest paths were counted (betweenness).</param>
/// <param name="Exact">False when the result is an estimate (sampled betweenness, HyperLogLog reach).</param>
/// <param name="Method">The algorithm actually used when a metric can choose (reach: exact, hyperloglog, hyperball).</param>
/// <param name="RelativeStandardError">Relative standard error of each estimated score (reach estimated with HyperBall: 0.78/√registers; the 2-hop HyperLogLog method: 1.04/√registers).</param>
/// <param name="Guarantee">The error guarantee of guaranteed-error betweenness (ε, δ, vertex-diameter bound, sample size), else null.</param>
public sealed record MetricComputation(int? Iterations = null, bool? Converged = null, double? Residual = null, int? SourcesUsed = null, bool? Exact = null,
    string? Method = null, double? RelativeStandardError = null, Centrality.BetweennessGuarantee? Guarantee = null)
{
    /// <summary>Nothing to report (a direct computation such as a degree).</summary>
    public static MetricComputation None { get; } = new();
}
