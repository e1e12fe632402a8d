using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>PageRank (Page, Brin, Motwani, Winograd 1999) with NetworkX's fixed point.</summary>
public static class PageRank
{
    /// <summary>Computes PageRank on <paramref name="graph"/>.</summary>
    public static PageRankResult Compute(GraphSnapshot graph, PageRankOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("PageRank is being written (issue 2).");
}
