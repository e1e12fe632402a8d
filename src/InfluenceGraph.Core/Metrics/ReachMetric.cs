using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Metrics;

/// <summary>Reach: the 2-hop audience of each account (<see cref="Influence.Reach"/>).</summary>
public sealed class ReachMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "reach";
    /// <inheritdoc />
    public override string Description => "2-hop audience: distinct accounts that see the account's posts directly (followers) or through one follower (followers of followers), the account itself excluded. Exact, or a HyperLogLog estimate for the heaviest accounts of very large graphs (the computation record's 'exact' says which).";
    /// <inheritdoc />
    public override string Source => "Size of the union of the 1- and 2-step in-neighbourhoods; HyperLogLog: Flajolet, Fusy, Gandouet, Meunier 2007.";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments)
    {
        double work = graph.EdgeCount;
        for (int u = 0; u < graph.NodeCount; u++) work += (double)graph.InDegreeOf(u) * graph.OutDegreeOf(u);
        return work;
    }
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Reach.Compute(graph, new ReachOptions(), cancellationToken);
    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is ReachResult r ? new MetricComputation(Exact: r.IsExact) : MetricComputation.None;
}
