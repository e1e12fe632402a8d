using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>In-degree (followers) and out-degree (followees) of every account.</summary>
/// <remarks>
/// Counts follow the snapshot's <see cref="DuplicateEdgePolicy"/>: distinct neighbours when
/// duplicates are collapsed (NetworkX <c>DiGraph.in_degree</c>), multiplicity in a multigraph.
/// A kept self-loop adds 1 to both. O(n).
/// </remarks>
public static class Degree
{
    /// <summary>Followers per account, as <c>followers</c> scores (NetworkX in-degree).</summary>
    public static CentralityResult In(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var s = new double[graph.NodeCount];
        for (int v = 0; v < s.Length; v++) s[v] = graph.InDegreeOf(v);
        return new CentralityResult(graph, "followers", s);
    }

    /// <summary>Followees per account, as <c>followees</c> scores (NetworkX out-degree).</summary>
    public static CentralityResult Out(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var s = new double[graph.NodeCount];
        for (int u = 0; u < s.Length; u++) s[u] = graph.OutDegreeOf(u);
        return new CentralityResult(graph, "followees", s);
    }
}
