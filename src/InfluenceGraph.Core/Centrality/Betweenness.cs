using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Betweenness centrality (Brandes 2001) with NetworkX's semantics.</summary>
public static class Betweenness
{
    /// <summary>Computes betweenness on <paramref name="graph"/>.</summary>
    public static BetweennessResult Compute(GraphSnapshot graph, BetweennessOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("Betweenness is being written (issue 2).");
}
