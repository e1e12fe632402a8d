using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>PageRank (<see cref="PageRank"/>) as a catalog metric.</summary>
public sealed class PageRankMetric : Metric
{
    private static readonly PageRankOptions Defaults = new();

    /// <inheritdoc />
    public override string Name => "pagerank";
    /// <inheritdoc />
    public override string Description => "PageRank: rank flows from follower to followee, so an account followed by important accounts ranks high. Dangling rank (accounts that follow nobody) is spread along the personalization (uniform without one); scores sum to 1.";
    /// <inheritdoc />
    public override string Source => "Page, Brin, Motwani, Winograd 1999; NetworkX pagerank (fixed point, dangling and personalization conventions), except that the tolerance is an L1 change not scaled by n.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "alpha", Type = MetricParameterType.Number, Default = Defaults.Alpha, Minimum = 0, Maximum = 1,
            Description = "Damping factor: the probability of following an edge rather than teleporting (NetworkX alpha)." },
        new() { Name = "tolerance", Type = MetricParameterType.Number, Default = Defaults.Tolerance, Minimum = 0, ExclusiveMinimum = true,
            Description = "Stop when the L1 change between two iterations is below this (not scaled by n, unlike NetworkX's tol)." },
        new() { Name = "maxIterations", Type = MetricParameterType.Integer, Default = Defaults.MaxIterations, Minimum = 1, Maximum = 100_000,
            Description = "Iteration limit (NetworkX max_iter); the computation record says whether the iteration converged." },
        new() { Name = "weighted", Type = MetricParameterType.Boolean, Default = false,
            Description = "Use edge weights as transition strengths: P[u,v] = w(u,v) / sum of u's out-weights (NetworkX weight='weight')." },
    ];

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments a) =>
        Math.Min(a.Integer("maxIterations") ?? Defaults.MaxIterations, 100) * (double)(graph.EdgeCount + graph.NodeCount);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments a, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        PageRank.Compute(graph, Options(a), progress, cancellationToken);

    /// <summary>The <see cref="PageRankOptions"/> of normalized arguments.</summary>
    public static PageRankOptions Options(MetricArguments a) => new()
    {
        Alpha = a.Number("alpha") ?? Defaults.Alpha,
        Tolerance = a.Number("tolerance") ?? Defaults.Tolerance,
        MaxIterations = a.Integer("maxIterations") ?? Defaults.MaxIterations,
        Weighted = a.Boolean("weighted") ?? false,
    };

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is PageRankResult p ? new MetricComputation(Iterations: p.Iterations, Converged: p.Converged, Residual: p.Residual) : MetricComputation.None;
}
