using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>Harmonic closeness (<see cref="Harmonic"/>) as a catalog metric.</summary>
public sealed class HarmonicMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "harmonic";
    /// <inheritdoc />
    public override string Description => "Harmonic closeness: the sum of 1/d over the accounts that reach this one in d follows (each follower 1, each follower of a follower 1/2, ...): how close the audience of its posts is. Not normalized (at most n-1 unweighted).";
    /// <inheritdoc />
    public override string Source => "Marchiori & Latora 2000, Boldi & Vigna 2014; NetworkX harmonic_centrality (distances to the account), igraph harmonic_centrality(mode='in'); cutoff as igraph's.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "weighted", Type = MetricParameterType.Boolean, Default = false,
            Description = "Edge weights are distances (Dijkstra; NetworkX distance='weight'); an account at distance 0 adds nothing." },
        new() { Name = "undirected", Type = MetricParameterType.Boolean, Default = false,
            Description = "The undirected view: a follow either way is a tie (NetworkX G.to_undirected(), igraph mode='all')." },
        new() { Name = "cutoff", Type = MetricParameterType.Number, Minimum = 0,
            Description = "Count only accounts within this distance: hops, or the sum of weights when weighted (igraph cutoff); absent = no limit (NetworkX)." },
    ];

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments a) =>
        (double)graph.NodeCount * (graph.EdgeCount + graph.NodeCount) * (a.Boolean("weighted") == true ? 4 : 1) * (a.Boolean("undirected") == true ? 2 : 1);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments a, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Harmonic.Compute(graph, new HarmonicOptions
        {
            Weighted = a.Boolean("weighted") ?? false,
            Undirected = a.Boolean("undirected") ?? false,
            Cutoff = a.Number("cutoff"),
        }, progress, cancellationToken);

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is HarmonicResult h ? new MetricComputation(SourcesUsed: h.Graph.NodeCount, Exact: true) : MetricComputation.None;
}
