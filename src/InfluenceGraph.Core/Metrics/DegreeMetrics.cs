using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// Followers (in-degree): the accounts that follow each account, its direct audience. Canonical name
/// <c>followers</c>; <c>in_degree</c> (NetworkX's name) is accepted as an alias on input, and every
/// output (JSON <c>metric</c>, CSV/TSV headers, export columns) says <c>followers</c>.
/// </summary>
public sealed class InDegreeMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "followers";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["in_degree"];
    /// <inheritdoc />
    public override string Description => "Followers of each account (in-degree: its direct audience). Distinct followers in a simple graph; a kept self-loop counts once.";
    /// <inheritdoc />
    public override string Source => "NetworkX DiGraph.in_degree.";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => graph.NodeCount;
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Degree.In(graph);
}

/// <summary>
/// Followees (out-degree): the accounts each account follows. Canonical name <c>followees</c>;
/// <c>out_degree</c> (NetworkX's name) is accepted as an alias on input, outputs say <c>followees</c>.
/// </summary>
public sealed class OutDegreeMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "followees";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["out_degree"];
    /// <inheritdoc />
    public override string Description => "Followees of each account (out-degree: how many accounts it follows). Distinct followees in a simple graph; a kept self-loop counts once.";
    /// <inheritdoc />
    public override string Source => "NetworkX DiGraph.out_degree.";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => graph.NodeCount;
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Degree.Out(graph);
}
