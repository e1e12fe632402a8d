using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Communities;

/// <summary>
/// A weighted undirected graph in CSR form (both directions stored, no self-loops), with two node
/// weights x (out) and y (in) used by the quality functions. Internal to <see cref="Leiden"/>.
/// </summary>
/// <remarks>
/// Tie weights are whole numbers: counts of follow edges at the base level, sums of them in the aggregates. They are
/// kept as <c>int</c> (8 B per stored tie direction with the neighbour id, where a <c>double</c> weight took 12 B); the
/// kernels add them into <c>double</c> sums exactly as before (integers below 2^53 are exact in a double), so the
/// partitions are bit-identical. The total weight of all stored directions is 2 x (follows between distinct accounts),
/// which must stay below 2^31 (checked when the view is built).
/// </remarks>
internal sealed class TieGraph
{
    public TieGraph(int[] offsets, int[] adj, int[] weights, double[] x, double[] y)
    {
        Offsets = offsets; Adj = adj; Weights = weights; X = x; Y = y;
    }

    public int N => X.Length;
    public int[] Offsets { get; }
    public int[] Adj { get; }
    public int[] Weights { get; }
    public double[] X { get; }
    public double[] Y { get; }

    /// <summary>
    /// The undirected view of a follower network: one tie {u, v} per pair with an edge either way,
    /// weighing the number of directed edges between them (1, or 2 for a mutual follow; more only for
    /// kept duplicate edges); self-loops dropped; edge weights of the snapshot ignored.
    /// </summary>
    /// <exception cref="NotSupportedException">More than 2^30 − 1 follows.</exception>
    public static TieGraph FromSnapshot(GraphSnapshot g, int? threads)
    {
        int n = g.NodeCount;
        if (2 * g.EdgeCount > int.MaxValue)
            throw new NotSupportedException($"Communities are computed for graphs of up to {int.MaxValue / 2:N0} follows (the undirected view's tie weights and offsets are 32-bit); this graph has {g.EdgeCount:N0}.");
        var offsets = new int[n + 1];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads ?? -1 };
        // Pass 1: number of distinct neighbours (merge of sorted followees and followers).
        var counts = new int[n];
        Parallel.For(0, n, po, u =>
        {
            var a = g.Followees(u); var b = g.Followers(u);
            int i = 0, j = 0, c = 0, last = -1;
            while (i < a.Length || j < b.Length)
            {
                int t = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
                if (t == u || t == last) continue;
                last = t; c++;
            }
            counts[u] = c;
        });
        for (int u = 0; u < n; u++) offsets[u + 1] = checked(offsets[u] + counts[u]);
        var adj = new int[offsets[n]];
        var w = new int[offsets[n]];
        Parallel.For(0, n, po, u =>
        {
            var a = g.Followees(u); var b = g.Followers(u);
            int i = 0, j = 0, p = offsets[u] - 1, last = -1;
            while (i < a.Length || j < b.Length)
            {
                int t = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
                if (t == u) continue;
                if (t == last) { w[p] += 1; continue; }
                last = t; adj[++p] = t; w[p] = 1;
            }
        });
        var x = new double[n]; var y = new double[n];
        return new TieGraph(offsets, adj, w, x, y);
    }
}
