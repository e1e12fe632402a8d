namespace InfluenceGraph.Core.Traversal;

/// <summary>
/// Single-source Dijkstra over a weighted <see cref="TraversalGraph"/> with an indexed 4-ary heap and
/// decrease-key, optionally counting shortest paths and recording the shortest-path DAG (the first
/// half of Brandes' algorithm on weighted graphs). One instance per thread, reused for every source.
/// </summary>
/// <remarks>
/// <para>
/// <b>Ties.</b> Two path lengths a, b are equal when |a − b| ≤ 1e-10 · (|a| + |b|)
/// (<see cref="PathLength.Compare"/>, igraph's epsilon comparison), so 0.1 + 0.2 ties with 0.3. The
/// shortest-path DAG holds every edge u → w with d(u) + len(u, w) tied with d(w).
/// </para>
/// <para>
/// <b>Zero-length edges.</b> Accounts joined by a zero-length edge are at the same distance, and
/// the heap may settle the head before the tail. With path counting on, <see cref="Settled"/> is
/// then reordered into a topological order of the DAG (Kahn's algorithm over its edges, the
/// settling order breaking ties) and σ is recounted along it, so every shortest path through
/// equal-distance accounts counts, whatever the order of the input rows. The common case (no DAG
/// edge into an already settled account) costs nothing extra. A cycle of zero-length edges
/// (e.g. any zero-length tie of the undirected view, there and back) makes the number of shortest
/// walks infinite: <see cref="Run"/> then throws <see cref="ZeroLengthCycleException"/>.
/// </para>
/// <para>
/// <b>Cutoff</b> (igraph semantics): accounts farther than the cutoff (beyond the tie tolerance) are
/// not reached. <b>No clearing</b>: accounts are stamped per run; a run costs O((m' + n') log n') for
/// the m' edges and n' accounts it reaches. Memory: about 8m + 48n bytes with path counting.
/// </para>
/// </remarks>
public sealed class Dijkstra
{
    private readonly TraversalGraph _g;
    private readonly double[] _weights;
    private readonly bool _countPaths;
    private readonly IndexedMinHeap _heap;
    private readonly int[] _stamp;        // 2·epoch = in the heap, 2·epoch + 1 = settled, less = unseen
    private int _epoch;
    private int _settled;
    internal readonly double[] Dist;
    internal readonly double[] Sigma;
    internal readonly int[] Order;       // settled nodes; with path counting a topological order of the DAG
    internal readonly int[]? PredHead;   // per node: first cell of its DAG predecessors, −1 = none
    internal readonly int[]? PredNext;
    internal readonly int[]? PredNode;
    private int[]? _indegree;

    /// <summary>Creates the per-thread state for <paramref name="graph"/>.</summary>
    /// <param name="graph">A weighted adjacency (<see cref="TraversalGraph.Weights"/> not null); use <see cref="ShortestPathBfs"/> or <see cref="BreadthFirstSearch"/> otherwise.</param>
    /// <param name="countPaths">Count shortest paths (σ) and record the DAG predecessors.</param>
    /// <exception cref="ArgumentException"><paramref name="graph"/> has no weights.</exception>
    public Dijkstra(TraversalGraph graph, bool countPaths = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _g = graph;
        _weights = graph.Weights ?? throw new ArgumentException("Dijkstra needs a weighted graph; unweighted graphs use ShortestPathBfs or BreadthFirstSearch.", nameof(graph));
        _countPaths = countPaths;
        int n = graph.NodeCount, m = graph.EdgeCount;
        _heap = new IndexedMinHeap(n);
        _stamp = new int[n];
        Dist = new double[n];
        Sigma = countPaths ? new double[n] : [];
        Order = new int[n];
        if (countPaths)
        {
            PredHead = new int[n];
            PredNext = new int[m];
            PredNode = new int[m];
        }
    }

    /// <summary>Accounts settled by the last run, by nondecreasing distance (with path counting: a topological order of the shortest-path DAG).</summary>
    public ReadOnlySpan<int> Settled => Order.AsSpan(0, _settled);

    /// <summary>Distance from the source to <paramref name="node"/> in the last run (sum of edge lengths), or +∞ when not reached.</summary>
    public double DistanceOf(int node) => _stamp[node] == 2 * _epoch + 1 ? Dist[node] : double.PositiveInfinity;

    /// <summary>Number of shortest paths from the source to <paramref name="node"/> (0 when not reached; needs path counting).</summary>
    /// <exception cref="InvalidOperationException">The instance was created without path counting.</exception>
    public double PathCount(int node) =>
        !_countPaths ? throw new InvalidOperationException("Create the Dijkstra with countPaths: true to count paths.")
        : _stamp[node] == 2 * _epoch + 1 ? Sigma[node] : 0.0;

    /// <summary>
    /// Runs Dijkstra from <paramref name="source"/>, reaching only accounts within
    /// <paramref name="cutoff"/> (inclusive, with the tie tolerance).
    /// </summary>
    /// <returns>The number of accounts settled, the source included.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is not a node id, or <paramref name="cutoff"/> is NaN or negative.</exception>
    /// <exception cref="ZeroLengthCycleException">With path counting, shortest paths from the source run through a cycle of zero length.</exception>
    public int Run(int source, double cutoff = double.PositiveInfinity)
    {
        if ((uint)source >= (uint)_g.NodeCount) throw new ArgumentOutOfRangeException(nameof(source), source, $"Not a node id (0..{_g.NodeCount - 1}).");
        if (!(cutoff >= 0)) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "The cutoff must be a length >= 0.");
        if (_epoch >= int.MaxValue / 2 - 1)
        {
            Array.Clear(_stamp);
            _epoch = 0;
        }
        _epoch++;
        bool backEdge = _countPaths ? RunCounting(source, cutoff) : RunPlain(source, cutoff);
        if (backEdge) Reorder(source);
        return _settled;
    }

    private unsafe bool RunPlain(int s, double cutoff)
    {
        int inHeap = 2 * _epoch, done = inHeap + 1;
        var heap = _heap;
        heap.Clear();
        int settled = 0;
        fixed (int* off = _g.Offsets, tgt = _g.Targets, stamp = _stamp, order = Order)
        fixed (double* wt = _weights, dist = Dist)
        {
            dist[s] = 0.0;
            stamp[s] = inHeap;
            heap.Push(s, 0.0);
            while (heap.Count > 0)
            {
                int v = heap.Pop(out double d);
                stamp[v] = done;
                order[settled++] = v;
                for (int e = off[v], end = off[v + 1]; e < end; e++)
                {
                    int w = tgt[e];
                    int st = stamp[w];
                    if (st == done) continue;
                    double alt = d + wt[e];
                    if (alt > cutoff && PathLength.Compare(alt, cutoff) > 0) continue;
                    if (st != inHeap)
                    {
                        dist[w] = alt;
                        stamp[w] = inHeap;
                        heap.Push(w, alt);
                    }
                    else if (alt < dist[w])
                    {
                        dist[w] = alt;
                        heap.DecreaseKey(w, alt);
                    }
                }
            }
        }
        _settled = settled;
        return false;
    }

    /// <summary>Dijkstra with σ and predecessors; returns true when a DAG edge into an already settled node was seen (zero-length ties).</summary>
    private unsafe bool RunCounting(int s, double cutoff)
    {
        int inHeap = 2 * _epoch, done = inHeap + 1;
        var heap = _heap;
        heap.Clear();
        int settled = 0, cells = 0;
        bool backEdge = false;
        fixed (int* off = _g.Offsets, tgt = _g.Targets, stamp = _stamp, order = Order, pHead = PredHead, pNext = PredNext, pNode = PredNode)
        fixed (double* wt = _weights, dist = Dist, sigma = Sigma)
        {
            dist[s] = 0.0;
            sigma[s] = 1.0;
            stamp[s] = inHeap;
            pHead[s] = -1;
            heap.Push(s, 0.0);
            while (heap.Count > 0)
            {
                int v = heap.Pop(out double d);
                stamp[v] = done;
                order[settled++] = v;
                double sv = sigma[v];
                for (int e = off[v], end = off[v + 1]; e < end; e++)
                {
                    int w = tgt[e];
                    int st = stamp[w];
                    double alt = d + wt[e];
                    if (st == done)
                    {
                        // Settled earlier at a distance ≤ d: a DAG edge only through a zero-length tie.
                        if (alt - dist[w] <= PathLength.TieEpsilon * (alt + dist[w])) backEdge = true;
                        continue;
                    }
                    if (alt > cutoff && PathLength.Compare(alt, cutoff) > 0) continue;
                    int cmp = st != inHeap ? -1 : PathLength.Compare(alt, dist[w]);
                    if (cmp < 0)
                    {
                        // First or strictly shorter path: w's predecessors so far are dropped.
                        dist[w] = alt;
                        sigma[w] = sv;
                        pNode[cells] = v;
                        pNext[cells] = -1;
                        pHead[w] = cells++;
                        if (st != inHeap) { stamp[w] = inHeap; heap.Push(w, alt); }
                        else heap.DecreaseKey(w, alt);
                    }
                    else if (cmp == 0)
                    {
                        sigma[w] += sv;
                        pNode[cells] = v;
                        pNext[cells] = pHead[w];
                        pHead[w] = cells++;
                    }
                }
            }
        }
        _settled = settled;
        return backEdge;
    }

    /// <summary>
    /// Zero-length ties: rebuilds the DAG from the final distances (every tight edge between settled
    /// nodes), orders the settled nodes topologically (Kahn; ties in settling order) and recounts σ.
    /// </summary>
    private void Reorder(int s)
    {
        int done = 2 * _epoch + 1, n = _g.NodeCount, count = _settled;
        int[] off = _g.Offsets, tgt = _g.Targets, order = Order, pHead = PredHead!, pNext = PredNext!, pNode = PredNode!;
        double[] wt = _weights, dist = Dist, sigma = Sigma;
        var indeg = _indegree ??= new int[n];
        for (int i = 0; i < count; i++) { int v = order[i]; indeg[v] = 0; sigma[v] = 0.0; pHead[v] = -1; }
        for (int i = 0; i < count; i++)
        {
            int u = order[i];
            for (int e = off[u]; e < off[u + 1]; e++)
            {
                int w = tgt[e];
                if (_stamp[w] == done && PathLength.Compare(dist[u] + wt[e], dist[w]) == 0) indeg[w]++;
            }
        }
        // Kahn's algorithm; the queue is the new order. Nodes become ready in settling order.
        var topo = new int[count];
        int head = 0, tail = 0;
        for (int i = 0; i < count; i++) if (indeg[order[i]] == 0) topo[tail++] = order[i];
        if (tail > 0 && topo[0] == s) sigma[s] = 1.0;
        int cells = 0;
        while (head < tail)
        {
            int u = topo[head++];
            double su = sigma[u];
            for (int e = off[u]; e < off[u + 1]; e++)
            {
                int w = tgt[e];
                if (_stamp[w] != done || PathLength.Compare(dist[u] + wt[e], dist[w]) != 0) continue;
                sigma[w] += su;
                pNode[cells] = u;
                pNext[cells] = pHead[w];
                pHead[w] = cells++;
                if (--indeg[w] == 0) topo[tail++] = w;
            }
        }
        if (tail < count) throw new ZeroLengthCycleException(FindCycle(order.AsSpan(0, count), indeg));
        Array.Copy(topo, order, count);
    }

    /// <summary>A cycle among the nodes Kahn could not order (each has a DAG predecessor among them).</summary>
    private int[] FindCycle(ReadOnlySpan<int> settled, int[] indeg)
    {
        int done = 2 * _epoch + 1;
        int[] off = _g.Offsets, tgt = _g.Targets;
        double[] wt = _weights, dist = Dist;
        // Walk forward along DAG edges inside the blocked set until a node repeats (each blocked node
        // with a blocked predecessor... walk backwards instead: every blocked node has a blocked predecessor).
        var blocked = new HashSet<int>();
        foreach (int v in settled) if (indeg[v] > 0) blocked.Add(v);
        var pred = new Dictionary<int, int>();
        foreach (int u in blocked)
            for (int e = off[u]; e < off[u + 1]; e++)
            {
                int w = tgt[e];
                if (blocked.Contains(w) && _stamp[w] == done && PathLength.Compare(dist[u] + wt[e], dist[w]) == 0) pred.TryAdd(w, u);
            }
        int x = settled[0];
        foreach (int v in settled) if (blocked.Contains(v)) { x = v; break; }
        var seen = new Dictionary<int, int>();
        var path = new List<int>();
        while (!seen.ContainsKey(x))
        {
            seen[x] = path.Count;
            path.Add(x);
            x = pred[x];
        }
        var cycle = path.GetRange(seen[x], path.Count - seen[x]);
        cycle.Reverse(); // predecessors were followed backwards
        return [.. cycle];
    }
}

/// <summary>
/// Shortest paths run through a cycle of zero length (all its edges tie with length 0 at that
/// distance), so their number is infinite and path-counting metrics (betweenness) are undefined.
/// </summary>
public sealed class ZeroLengthCycleException : ArgumentException
{
    /// <summary>Creates the exception for the cycle <paramref name="nodes"/> (node ids, in order).</summary>
    public ZeroLengthCycleException(int[] nodes)
        : base($"Shortest paths run through a cycle of zero length ({nodes.Length} accounts); the number of shortest paths is infinite.")
    {
        Nodes = nodes;
    }

    /// <summary>The node ids of the cycle, in edge order (the first is not repeated at the end).</summary>
    public int[] Nodes { get; }
}
