using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>In-degree: the followers of each account (its direct audience).</summary>
public sealed class InDegreeMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "in_degree";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["followers"];
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

/// <summary>Out-degree: the followees of each account.</summary>
public sealed class OutDegreeMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "out_degree";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["followees"];
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
