using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Traversal;

/// <summary>
/// The adjacency the traversal kernels walk (<see cref="BreadthFirstSearch"/>,
/// <see cref="ShortestPathBfs"/>, <see cref="Dijkstra"/>): one direction of the follower snapshot
/// (<see cref="EdgeDirection"/>) as a CSR without self-loops and with parallel edges merged, plus
/// its transpose (for bottom-up BFS steps).
/// </summary>
/// <remarks>
/// <para>
/// <b>What is kept.</b> A self-loop never lies on a shortest path and a parallel edge is the same
/// tie again, so both are dropped up front (NetworkX visits each neighbour once, using the lightest
/// edge of a <c>MultiDiGraph</c>): the kernels need no per-edge checks. In the undirected view
/// (<see cref="EdgeDirection.Both"/>) a pair of accounts with a follow either way (or both) is one
/// tie, whose length is the lighter of the two follows when weighted (NetworkX's
/// <c>to_undirected()</c> keeps the attributes of whichever direction it meets last, an arbitrary
/// choice; the lighter one is order-independent and is what a shortest path would use).
/// </para>
/// <para>
/// <b>Uniform weights.</b> When every kept edge has the same positive length c, shortest paths are
/// those with the fewest hops, so the weights are dropped (BFS instead of Dijkstra) and
/// <see cref="HopLength"/> = c converts a weighted cutoff into hops (<see cref="MaxHops"/>).
/// </para>
/// <para>
/// <b>Cost.</b> O(n + m) time. When the snapshot has neither self-loops nor parallel edges and the
/// direction is <see cref="EdgeDirection.Out"/> or <see cref="EdgeDirection.In"/>, the snapshot's
/// own arrays are used (no copy); the undirected view allocates a merged CSR of at most 2m entries.
/// Build it once per graph and share it between threads (it is immutable); each thread then owns
/// one kernel object with its own work arrays.
/// </para>
/// </remarks>
public sealed class TraversalGraph
{
    private TraversalGraph(int n, EdgeDirection direction, Csr forward, Csr reverse)
    {
        NodeCount = n;
        Direction = direction;
        Offsets = forward.Offsets;
        Targets = forward.Targets;
        ReverseOffsets = reverse.Offsets;
        ReverseTargets = reverse.Targets;
        HopLength = 1.0;
        double[]? weights = forward.Weights;
        if (weights is { Length: > 0 } && weights[0] > 0 && Array.TrueForAll(weights, x => x == weights[0]))
        {
            HopLength = weights[0];
            weights = null;
        }
        Weights = weights;
    }

    /// <summary>Number of accounts n (node ids 0..n−1, those of the snapshot).</summary>
    public int NodeCount { get; }

    /// <summary>Which edges of the snapshot <see cref="Targets"/> holds.</summary>
    public EdgeDirection Direction { get; }

    /// <summary>True for the undirected view (<see cref="EdgeDirection.Both"/>).</summary>
    public bool IsUndirected => Direction == EdgeDirection.Both;

    /// <summary>Length n+1; the neighbours of v are <c>Targets[Offsets[v] .. Offsets[v+1])</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Neighbours in the traversal direction, ascending inside each row, no self-loop, no repeat.</summary>
    public int[] Targets { get; }

    /// <summary>
    /// Edge lengths aligned with <see cref="Targets"/> (finite, ≥ 0); null when every edge has
    /// length <see cref="HopLength"/> (then BFS finds the shortest paths).
    /// </summary>
    public double[]? Weights { get; }

    /// <summary>Length n+1: the transpose of <see cref="Offsets"/>/<see cref="Targets"/> (the same arrays in the undirected view).</summary>
    public int[] ReverseOffsets { get; }

    /// <summary>Sources of the edges into each node, ascending inside each row.</summary>
    public int[] ReverseTargets { get; }

    /// <summary>Length of every edge when <see cref="Weights"/> is null: 1, or the common weight of a uniformly weighted graph.</summary>
    public double HopLength { get; }

    /// <summary>Number of edges kept (in the undirected view each tie counts twice, once per direction).</summary>
    public int EdgeCount => Targets.Length;

    /// <summary>The neighbours of <paramref name="v"/> in the traversal direction.</summary>
    public ReadOnlySpan<int> Neighbors(int v) => Targets.AsSpan(Offsets[v], Offsets[v + 1] - Offsets[v]);

    /// <summary>
    /// Largest number of hops h whose length h · <see cref="HopLength"/> is ≤ <paramref name="cutoff"/>
    /// (inclusive, with the relative tie tolerance <see cref="PathLength.TieEpsilon"/>);
    /// <see cref="int.MaxValue"/> for no cutoff (null or +∞).
    /// </summary>
    public int MaxHops(double? cutoff)
    {
        if (cutoff is not double c || double.IsPositiveInfinity(c)) return int.MaxValue;
        double h = Math.Floor(c / HopLength);
        if (h >= int.MaxValue - 1) return int.MaxValue;
        int hops = (int)h;
        while (hops > 0 && PathLength.Compare(hops * HopLength, c) > 0) hops--;
        while (PathLength.Compare((hops + 1) * HopLength, c) <= 0) hops++;
        return hops;
    }

    /// <summary>
    /// Builds the traversal adjacency of <paramref name="graph"/> in <paramref name="direction"/>.
    /// </summary>
    /// <param name="graph">The follower snapshot (edges follower → followee).</param>
    /// <param name="direction">Out (followees), In (followers) or Both (the undirected view).</param>
    /// <param name="weighted">
    /// Use the snapshot's edge weights as lengths (Dijkstra); ignored when the snapshot carries no
    /// weights, since every edge then has length 1.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="weighted"/> and an edge weight is negative, NaN or infinite (the message names
    /// the edge as <c>'follower' -> 'followee'</c> and the weight).
    /// </exception>
    public static TraversalGraph From(GraphSnapshot graph, EdgeDirection direction = EdgeDirection.Out, bool weighted = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        bool useWeights = weighted && graph.IsWeighted;
        if (useWeights) ValidateWeights(graph);

        // The traversal kernels index one array per direction: past Array.MaxLength edges this throws a clear NotSupportedException.
        var (outOff, outT, outW) = graph.OutEdgeChunks.ToSingleArrays("A shortest-path traversal (betweenness, harmonic closeness, paths)");
        var (inOff, inS, inW) = graph.InEdgeChunks.ToSingleArrays("A shortest-path traversal (betweenness, harmonic closeness, paths)");
        var outRaw = new Csr(outOff, outT, useWeights ? outW : null);
        var inRaw = new Csr(inOff, inS, useWeights ? inW : null);
        bool clean = IsClean(n, outRaw);
        Csr outC = clean ? outRaw : Clean(n, outRaw), inC = clean ? inRaw : Clean(n, inRaw);
        return direction switch
        {
            EdgeDirection.Out => new TraversalGraph(n, direction, outC, inC),
            EdgeDirection.In => new TraversalGraph(n, direction, inC, outC),
            EdgeDirection.Both => Undirected(n, outC, inC),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Direction must be Out, In or Both."),
        };
    }

    private static TraversalGraph Undirected(int n, Csr a, Csr b)
    {
        var both = Merge(n, a, b);
        return new TraversalGraph(n, EdgeDirection.Both, both, both);
    }

    private static void ValidateWeights(GraphSnapshot graph)
    {
        for (int u = 0; u < graph.NodeCount; u++)
        {
            var w = graph.FolloweeWeights(u);
            for (int e = 0; e < w.Length; e++)
                if (!(w[e] >= 0) || double.IsInfinity(w[e]))
                    throw new ArgumentException(
                        $"Edge '{graph.Accounts[u]}' -> '{graph.Accounts[graph.Followees(u)[e]]}' has weight {w[e]}; path lengths need finite weights >= 0.", nameof(graph));
        }
    }

    private readonly record struct Csr(int[] Offsets, int[] Targets, double[]? Weights);

    private static bool IsClean(int n, Csr g)
    {
        for (int v = 0; v < n; v++)
        {
            int prev = -1;
            for (int e = g.Offsets[v], end = g.Offsets[v + 1]; e < end; e++)
            {
                int t = g.Targets[e];
                if (t == v || t == prev) return false;
                prev = t;
            }
        }
        return true;
    }

    /// <summary>Drops self-loops and merges adjacent repeats (rows are sorted), keeping the lightest weight.</summary>
    private static Csr Clean(int n, Csr g)
    {
        int[] off = g.Offsets, tgt = g.Targets;
        double[]? w = g.Weights;
        var offsets = new int[n + 1];
        var targets = new int[tgt.Length];
        var weights = w is null ? null : new double[tgt.Length];
        int write = 0;
        for (int v = 0; v < n; v++)
        {
            offsets[v] = write;
            int prev = -1;
            for (int e = off[v], end = off[v + 1]; e < end; e++)
            {
                int t = tgt[e];
                if (t == v) continue;
                if (t == prev)
                {
                    if (weights is not null && w![e] < weights[write - 1]) weights[write - 1] = w[e];
                    continue;
                }
                targets[write] = t;
                if (weights is not null) weights[write] = w![e];
                write++;
                prev = t;
            }
        }
        offsets[n] = write;
        Array.Resize(ref targets, write);
        if (weights is not null) Array.Resize(ref weights, write);
        return new Csr(offsets, targets, weights);
    }

    /// <summary>Row-wise sorted union of two clean CSRs (the out- and in-edges), lighter weight on a shared pair.</summary>
    private static Csr Merge(int n, Csr a, Csr b)
    {
        var offsets = new int[n + 1];
        var targets = new int[(long)a.Targets.Length + b.Targets.Length > Array.MaxLength
            ? throw new InvalidOperationException("The undirected view would exceed the largest array .NET allows.")
            : a.Targets.Length + b.Targets.Length];
        bool weighted = a.Weights is not null;
        var weights = weighted ? new double[targets.Length] : null;
        int write = 0;
        for (int v = 0; v < n; v++)
        {
            offsets[v] = write;
            int i = a.Offsets[v], iEnd = a.Offsets[v + 1], j = b.Offsets[v], jEnd = b.Offsets[v + 1];
            while (i < iEnd || j < jEnd)
            {
                int ta = i < iEnd ? a.Targets[i] : int.MaxValue, tb = j < jEnd ? b.Targets[j] : int.MaxValue;
                if (ta < tb)
                {
                    targets[write] = ta;
                    if (weighted) weights![write] = a.Weights![i];
                    i++;
                }
                else if (tb < ta)
                {
                    targets[write] = tb;
                    if (weighted) weights![write] = b.Weights![j];
                    j++;
                }
                else
                {
                    targets[write] = ta;
                    if (weighted) weights![write] = Math.Min(a.Weights![i], b.Weights![j]);
                    i++;
                    j++;
                }
                write++;
            }
        }
        offsets[n] = write;
        Array.Resize(ref targets, write);
        if (weights is not null) Array.Resize(ref weights, write);
        return new Csr(offsets, targets, weights);
    }

    /// <summary>
    /// Accounts of one cycle made only of zero-length edges (in traversal order, first account not
    /// repeated), or null when there is none. In the undirected view every zero-length tie is such a
    /// cycle (there and back). O(n + m).
    /// </summary>
    public int[]? FindZeroLengthCycle()
    {
        if (Weights is not { } w) return null;
        int n = NodeCount;
        // Iterative DFS over the zero-length edges: 0 = unseen, 1 = on the stack, 2 = done.
        var color = new byte[n];
        var parent = new int[n];
        var cursor = new int[n];
        var stack = new int[n];
        for (int root = 0; root < n; root++)
        {
            if (color[root] != 0) continue;
            int top = 0;
            stack[top++] = root;
            color[root] = 1;
            parent[root] = -1;
            cursor[root] = Offsets[root];
            while (top > 0)
            {
                int v = stack[top - 1];
                int e = cursor[v];
                while (e < Offsets[v + 1] && w[e] != 0) e++;
                if (e == Offsets[v + 1])
                {
                    cursor[v] = e;
                    color[v] = 2;
                    top--;
                    continue;
                }
                cursor[v] = e + 1;
                int t = Targets[e];
                if (color[t] == 1)
                {
                    var cycle = new List<int>();
                    for (int x = v; x != t; x = parent[x]) cycle.Add(x);
                    cycle.Add(t);
                    cycle.Reverse();
                    return [.. cycle];
                }
                if (color[t] == 0)
                {
                    color[t] = 1;
                    parent[t] = v;
                    cursor[t] = Offsets[t];
                    stack[top++] = t;
                }
            }
        }
        return null;
    }
}

/// <summary>Comparison of floating-point path lengths with igraph's relative tolerance.</summary>
public static class PathLength
{
    /// <summary>Relative tolerance under which two path lengths are equal (igraph's <c>IGRAPH_SHORTEST_PATH_EPSILON</c>, 1e-10).</summary>
    public const double TieEpsilon = 1e-10;

    /// <summary>
    /// igraph's <c>igraph_cmp_epsilon</c>: 0 when <paramref name="a"/> and <paramref name="b"/> are
    /// equal up to a relative <see cref="TieEpsilon"/> (|a − b| ≤ 1e-10 · (|a| + |b|)), else −1 or 1
    /// as a &lt; b or a &gt; b. So 0.1 + 0.2 ties with 0.3.
    /// </summary>
    public static int Compare(double a, double b)
    {
        if (a == b) return 0;
        double diff = a - b;
        if (Math.Abs(diff) <= TieEpsilon * (Math.Abs(a) + Math.Abs(b))) return 0;
        return diff < 0 ? -1 : 1;
    }
}
