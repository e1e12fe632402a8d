using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Audience;

/// <summary>Which neighbours of an account to list.</summary>
public enum NeighbourDirection
{
    /// <summary>The accounts that follow it (in-edges): its direct audience.</summary>
    Followers,

    /// <summary>The accounts it follows (out-edges): whose posts it sees.</summary>
    Followees,
}

/// <summary>
/// The followers or followees of an account, each once, most-followed first (then by handle, ordinal),
/// so that a page of the list starts with the neighbours that matter most for reach.
/// </summary>
/// <remarks>
/// A duplicate edge (multigraph) lists its neighbour once; a kept self-loop lists the account among its
/// own followers and followees (it is an edge of the graph), although audiences never count the account
/// itself. O(d log d) for d neighbours.
/// </remarks>
public static class Neighbours
{
    /// <summary>The distinct neighbours of <paramref name="node"/>, ordered by followers count descending, then handle.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="node">Node id of the account.</param>
    /// <param name="direction">Followers (in-edges) or followees (out-edges).</param>
    /// <returns>Node ids of the neighbours.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unknown node id.</exception>
    public static int[] List(GraphSnapshot graph, int node, NeighbourDirection direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Audiences.CheckNode(graph, node, nameof(node));
        var span = direction == NeighbourDirection.Followers ? graph.Followers(node) : graph.Followees(node);
        var list = new List<int>(span.Length);
        int last = -1;
        foreach (int u in span)
        {
            if (u != last) list.Add(u); // sorted ascending: duplicates are adjacent
            last = u;
        }
        var names = graph.Accounts;
        list.Sort((a, b) =>
        {
            int c = graph.InDegreeOf(b).CompareTo(graph.InDegreeOf(a));
            return c != 0 ? c : names.CompareOrdinal(a, b);
        });
        return list.ToArray();
    }

    /// <summary>
    /// Number of distinct neighbours of <paramref name="node"/> in <paramref name="direction"/> (the length of
    /// <see cref="List"/>); equals the degree unless the graph keeps duplicate edges.
    /// </summary>
    public static int DistinctCount(GraphSnapshot graph, int node, NeighbourDirection direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Audiences.CheckNode(graph, node, nameof(node));
        var span = direction == NeighbourDirection.Followers ? graph.Followers(node) : graph.Followees(node);
        int count = 0, last = -1;
        foreach (int u in span)
        {
            if (u != last) count++;
            last = u;
        }
        return count;
    }
}
