using QuikGraph;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>QuikGraph baselines' inputs.</summary>
public static class QuikGraphInputs
{
    /// <summary>
    /// QuikGraph's own bidirectional adjacency graph over the same node ids, with
    /// <see cref="SEdge{TVertex}"/> edges (the cheapest edge type, per BASELINES.md's probe) and
    /// parallel edges allowed (no duplicate check per add: the input is already simple).
    /// </summary>
    public static BidirectionalGraph<int, SEdge<int>> BuildBidirectional(ReadOnlySpan<int> followers, ReadOnlySpan<int> followees)
    {
        var g = new BidirectionalGraph<int, SEdge<int>>(allowParallelEdges: true);
        for (int e = 0; e < followers.Length; e++) g.AddVerticesAndEdge(new SEdge<int>(followers[e], followees[e]));
        return g;
    }
}
