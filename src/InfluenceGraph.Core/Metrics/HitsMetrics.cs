using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// HITS hub and authority scores (<see cref="Hits"/>, Kleinberg 1999) as two catalog metrics,
/// <c>hub</c> and <c>authority</c>, with NetworkX <c>hits</c> semantics (its <c>_hits_python</c>
/// power iteration from the uniform vector, sum-normalized).
/// </summary>
/// <remarks>
/// Direction with edges <c>follower -> followee</c>: an account's <b>authority</b> sums the hub scores
/// of its followers (a good authority is followed by good hubs); its <b>hub</b> score sums the authority
/// scores of its followees (a good hub follows good authorities). Both sum to 1 (all 0 on a graph
/// without edges). Computed by power iteration until the L1 change of the hub vector is below
/// <c>tolerance</c> (not scaled by n, as NetworkX's <c>_hits_python</c>); an iteration stopped by
/// <c>maxIterations</c> is reported with <c>converged = false</c>.
/// </remarks>
public abstract class HitsMetric : Metric
{
    private static readonly HitsOptions Defaults = new() { Tolerance = 1e-12, MaxIterations = 10_000 };

    /// <inheritdoc />
    public override string Source => "Kleinberg 1999 (J. ACM 46(5)); NetworkX hits (_hits_python power iteration from the uniform vector, sum-normalized).";

    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "tolerance", Type = MetricParameterType.Number, Default = Defaults.Tolerance, Minimum = 0, ExclusiveMinimum = true,
            Description = "Stop when the L1 change of the sum-normalized hub vector between two iterations is below this (NetworkX tol, not scaled by n)." },
        new() { Name = "maxIterations", Type = MetricParameterType.Integer, Default = Defaults.MaxIterations, Minimum = 1, Maximum = 1_000_000,
            Description = "Iteration limit (NetworkX max_iter); the computation record says whether the iteration converged." },
        new() { Name = "weighted", Type = MetricParameterType.Boolean, Default = false,
            Description = "Use edge weights as link strengths (A[u,v] = w(u,v))." },
    ];

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments a) =>
        2.0 * Math.Min(a.Integer("maxIterations") ?? Defaults.MaxIterations, 1000) * (graph.EdgeCount + graph.NodeCount);

    /// <summary>Runs HITS with the normalized arguments <paramref name="a"/>.</summary>
    protected static HitsResult Run(GraphSnapshot graph, MetricArguments a, CancellationToken cancellationToken) =>
        Hits.Compute(graph, new HitsOptions
        {
            Tolerance = a.Number("tolerance") ?? Defaults.Tolerance,
            MaxIterations = a.Integer("maxIterations") ?? Defaults.MaxIterations,
            Weighted = a.Boolean("weighted") ?? false,
        }, cancellationToken);

    /// <summary>Wraps one of the two score vectors of <paramref name="r"/> with its convergence record.</summary>
    protected static CentralityResult Scores(HitsResult r, CentralityResult scores) => new HitsScores(scores, r.Iterations, r.Residual, r.Converged);

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is HitsScores h ? new MetricComputation(Iterations: h.Iterations, Converged: h.Converged, Residual: h.Residual) : MetricComputation.None;

    /// <summary>Hub or authority scores with the record of the iteration that produced them.</summary>
    public sealed class HitsScores : CentralityResult
    {
        internal HitsScores(CentralityResult scores, int iterations, double residual, bool converged)
            : base(scores.Graph, scores.Metric, scores.Scores)
        {
            Iterations = iterations;
            Residual = residual;
            Converged = converged;
        }

        /// <summary>Iterations performed.</summary>
        public int Iterations { get; }

        /// <summary>L1 change of the hub vector in the last iteration.</summary>
        public double Residual { get; }

        /// <summary>Whether the residual fell below the tolerance.</summary>
        public bool Converged { get; }
    }
}

/// <summary>HITS hub score: high for an account that follows good authorities.</summary>
public sealed class HubMetric : HitsMetric
{
    /// <inheritdoc />
    public override string Name => "hub";
    /// <inheritdoc />
    public override string Description => "HITS hub score: an account following good authorities is a good hub (h = A a, A[u,v] = 1 when u follows v). Sums to 1.";
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken)
    {
        var r = Run(graph, arguments, cancellationToken);
        return Scores(r, r.Hubs);
    }
}

/// <summary>HITS authority score: high for an account followed by good hubs.</summary>
public sealed class AuthorityMetric : HitsMetric
{
    /// <inheritdoc />
    public override string Name => "authority";
    /// <inheritdoc />
    public override string Description => "HITS authority score: an account followed by good hubs is a good authority (a = Aᵀ h, A[u,v] = 1 when u follows v). Sums to 1.";
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken)
    {
        var r = Run(graph, arguments, cancellationToken);
        return Scores(r, r.Authorities);
    }
}
