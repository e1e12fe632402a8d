using System.Runtime.CompilerServices;

namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Structure statistics of a snapshot (NetworkX semantics on the <c>DiGraph</c> of the snapshot),
/// computed once per snapshot (snapshots are immutable) and cached beside it.
/// </summary>
/// <remarks>
/// m is <see cref="GraphSnapshot.EdgeCount"/>: duplicate rows count as the snapshot's
/// <see cref="DuplicateEdgePolicy"/> says, a self-loop is an edge. Time O(n + m log d), extra memory O(n).
/// </remarks>
/// <param name="Density">m / (n (n-1)) in [0, ∞) (above 1 only with self-loops or kept duplicates), NetworkX <c>density</c> for directed graphs (self-loops counted in m); null when n &lt; 2.</param>
/// <param name="Reciprocity">Edges u -> v (u != v) whose reverse v -> u exists, divided by m, in [0, 1] (NetworkX <c>overall_reciprocity</c>: a self-loop is never reciprocated); null when m = 0.</param>
/// <param name="LargestStronglyConnectedComponent">Accounts in the largest strongly connected component (mutually reachable along follows; an account alone is a component of 1); 0 when n = 0.</param>
/// <param name="StronglyConnectedComponents">Number of strongly connected components (NetworkX <c>number_strongly_connected_components</c>), in [0, n].</param>
public sealed record GraphStatistics(double? Density, double? Reciprocity, int LargestStronglyConnectedComponent, int StronglyConnectedComponents)
{
    private static readonly ConditionalWeakTable<GraphSnapshot, GraphStatistics> Cache = new();

    /// <summary>The statistics of <paramref name="graph"/> (computed on first use, O(n + m log d); later calls return the same instance).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public static GraphStatistics Of(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Cache.GetValue(graph, Compute);
    }

    private static GraphStatistics Compute(GraphSnapshot g)
    {
        int n = g.NodeCount;
        long m = g.EdgeCount;
        double? density = n < 2 ? null : m / ((double)n * (n - 1));
        double? reciprocity = null;
        if (m > 0)
        {
            long reciprocated = 0;
            for (int u = 0; u < n; u++)
                foreach (int v in g.Followees(u))
                    if (v != u && g.Followees(v).BinarySearch(u) >= 0) reciprocated++;
            reciprocity = (double)reciprocated / m;
        }
        var (largest, count) = StronglyConnectedComponentSizes(g);
        return new GraphStatistics(density, reciprocity, largest, count);
    }

    /// <summary>
    /// Tarjan's algorithm (1972, <see cref="Traversal.Components.StronglyConnected"/>).
    /// Returns the size of the largest strongly connected component and the number of components
    /// ((0, 0) for an empty graph). O(n + m) time, O(n) extra memory.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="g"/> is null.</exception>
    public static (int Largest, int Count) StronglyConnectedComponentSizes(GraphSnapshot g)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = g.NodeCount;
        if (n == 0) return (0, 0);
        var (offsets, targets, _) = g.OutEdgeChunks.ToSingleArrays("Strongly connected components");
        var (_, count, _, starts) = Traversal.Components.StronglyConnected(n, offsets, targets);
        int largest = 0;
        for (int c = 0; c < count; c++) largest = Math.Max(largest, starts[c + 1] - starts[c]);
        return (largest, count);
    }
}
