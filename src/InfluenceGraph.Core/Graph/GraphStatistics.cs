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
    /// Tarjan's algorithm (1972), iterative so that long follow chains cannot overflow the call stack.
    /// Returns the size of the largest strongly connected component and the number of components
    /// ((0, 0) for an empty graph). O(n + m) time, O(n) extra memory.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="g"/> is null.</exception>
    public static (int Largest, int Count) StronglyConnectedComponentSizes(GraphSnapshot g)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = g.NodeCount;
        if (n == 0) return (0, 0);
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var stack = new int[n];
        var call = new int[n];
        var edge = new int[n];
        Array.Fill(index, -1);
        int next = 0, sp = 0, largest = 0, count = 0;
        int[] offsets = g.OutOffsets, targets = g.OutTargets;
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0) continue;
            int cp = 0;
            index[root] = low[root] = next++;
            stack[sp++] = root; onStack[root] = true;
            call[cp++] = root; edge[root] = offsets[root];
            while (cp > 0)
            {
                int v = call[cp - 1];
                if (edge[v] < offsets[v + 1])
                {
                    int w = targets[edge[v]++];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++;
                        stack[sp++] = w; onStack[w] = true;
                        call[cp++] = w; edge[w] = offsets[w];
                    }
                    else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
                    continue;
                }
                cp--;
                if (cp > 0) { int u = call[cp - 1]; if (low[v] < low[u]) low[u] = low[v]; }
                if (low[v] != index[v]) continue;
                int size = 0, x;
                do { x = stack[--sp]; onStack[x] = false; size++; } while (x != v);
                count++;
                if (size > largest) largest = size;
            }
        }
        return (largest, count);
    }
}
