namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// One thread's Brandes (2001) single-source pass: shortest-path counts from a source s, then the
/// dependency accumulation δ_s(v) = Σ_{w : v ∈ P_s(w)} σ_sv/σ_sw · (1 + δ_s(w)) added to a score array.
/// </summary>
/// <remarks>
/// <para>
/// All work arrays are allocated once per thread and reused for every source; only the nodes the
/// search reached are reset afterwards, so a source that reaches few nodes costs little.
/// </para>
/// <para>
/// <b>Unweighted</b> (BFS). The forward pass records, for each node in BFS order, its successors
/// on the shortest-path DAG (targets one level further) in one flat buffer, so the backward pass
/// walks only DAG edges, with no distance test. The backward pass is written per node as
/// δ(w) = σ(w) · Σ_{x ∈ succ(w)} c(x) with c(x) = (1 + δ(x)) / σ(x): one division per node
/// instead of one per edge.
/// </para>
/// <para>
/// <b>Weighted</b> (Dijkstra with a binary heap and lazy deletion). Two path lengths a, b are
/// <em>tied</em> when |a − b| ≤ 1e-10 · (|a| + |b|) (igraph's epsilon comparison), so 0.1 + 0.2
/// ties with 0.3. Predecessor lists are linked lists in one buffer of at most m cells (an edge is
/// relaxed once, when its tail is settled), dropped when a strictly shorter path is found. An edge
/// into a node that is already settled is ignored (with zero-weight edges, a path through an
/// account settled at the same distance is not counted; zero-weight cycles would otherwise give
/// infinitely many shortest walks).
/// </para>
/// <para>
/// <b>Cutoff</b> (igraph semantics): only shortest paths of length ≤ cutoff count (inclusive, with
/// the same tie tolerance). Nodes beyond the cutoff are never reached, so they neither count as
/// targets nor pass dependencies back.
/// </para>
/// </remarks>
internal sealed class BrandesKernel
{
    /// <summary>Relative tolerance under which two weighted path lengths are equal (igraph's IGRAPH_SHORTEST_PATH_EPSILON).</summary>
    internal const double TieEpsilon = 1e-10;

    private readonly BrandesGraph _g;

    // Shared by both passes.
    private readonly double[] _sigma;
    private readonly int[] _order;          // nodes in the order they were settled (BFS queue / Dijkstra stack)

    // BFS.
    private readonly int[]? _dist;          // -1 = not reached
    private readonly double[]? _coef;       // (1 + δ) / σ of settled nodes
    private readonly int[]? _succ;          // DAG successors, grouped by position in _order
    private readonly int[]? _succStart;     // length n+1, indexed by position in _order

    // Dijkstra.
    private readonly double[]? _wdist;
    private readonly byte[]? _state;        // 0 unseen, 1 in heap, 2 settled
    private readonly double[]? _delta;
    private readonly int[]? _predHead;
    private readonly int[]? _predNext;
    private readonly int[]? _predNode;
    private readonly double[]? _heapKey;
    private readonly int[]? _heapNode;

    public BrandesKernel(BrandesGraph graph)
    {
        _g = graph;
        int n = graph.NodeCount, m = graph.EdgeCount;
        _sigma = new double[n];
        _order = new int[n];
        if (graph.Weights is null)
        {
            _dist = new int[n];
            Array.Fill(_dist, -1);
            _coef = new double[n];
            _succ = new int[m];
            _succStart = new int[n + 1];
        }
        else
        {
            _wdist = new double[n];
            _state = new byte[n];
            _delta = new double[n];
            _predHead = new int[n];
            _predNext = new int[m];
            _predNode = new int[m];
            _heapKey = new double[m + 1];
            _heapNode = new int[m + 1];
        }
    }

    /// <summary>
    /// Adds the dependencies of source <paramref name="s"/> to <paramref name="score"/> (and their
    /// squares to <paramref name="squares"/> when not null). With <paramref name="endpoints"/>, every
    /// reached target also scores 1 and s scores the number of nodes it reached (NetworkX
    /// <c>_accumulate_endpoints</c>). Returns the number of nodes reached, s included.
    /// </summary>
    /// <param name="s">Source node id.</param>
    /// <param name="score">Receives the dependencies δ_s(v) (plus endpoint counts).</param>
    /// <param name="squares">Receives their squares, or null.</param>
    /// <param name="endpoints">Count path endpoints (NetworkX <c>endpoints=True</c>).</param>
    /// <param name="maxHops">BFS: nodes farther than this many hops are not reached.</param>
    /// <param name="cutoff">Dijkstra: nodes farther than this distance (beyond the tie tolerance) are not reached.</param>
    public int Run(int s, double[] score, double[]? squares, bool endpoints, int maxHops, double cutoff) =>
        _g.Weights is null
            ? RunBfs(s, score, squares, endpoints, maxHops)
            : RunDijkstra(s, score, squares, endpoints, cutoff);

    private unsafe int RunBfs(int s, double[] score, double[]? squares, bool endpoints, int maxHops)
    {
        fixed (int* off = _g.Offsets, tgt = _g.Targets, dist = _dist, queue = _order, succ = _succ, succStart = _succStart)
        fixed (double* sigma = _sigma, coef = _coef)
        {
            // 1. BFS. Every edge into the next level is a DAG edge, recorded without a branch; the
            //    only branch is the (rarer) discovery of a new node.
            dist[s] = 0;
            queue[0] = s;
            int head = 0, tail = 1, pos = 0;
            while (head < tail)
            {
                int v = queue[head];
                succStart[head++] = pos;
                int next = dist[v] + 1;
                if (next > maxHops) continue; // v is at the cutoff: its edges lead beyond it
                for (int* e = tgt + off[v], end = tgt + off[v + 1]; e < end; e++)
                {
                    int w = *e;
                    int dw = dist[w];
                    if (dw < 0)
                    {
                        dist[w] = dw = next;
                        queue[tail++] = w;
                    }
                    succ[pos] = w;
                    pos += dw == next ? 1 : 0;
                }
            }
            succStart[tail] = pos;

            // 2. Path counts σ along the DAG, in BFS order.
            sigma[s] = 1.0;
            for (int i = 1; i < tail; i++) sigma[queue[i]] = 0.0;
            for (int i = 0; i < tail; i++)
            {
                double sv = sigma[queue[i]];
                for (int* j = succ + succStart[i], end = succ + succStart[i + 1]; j < end; j++) sigma[*j] += sv;
            }

            // 3. Dependencies in reverse BFS order: δ(w) = σ(w) Σ_{x ∈ succ(w)} c(x), c(w) = 1/σ(w) + Σ c(x).
            for (int i = tail - 1; i > 0; i--)
            {
                int w = queue[i];
                double sum = 0.0;
                for (int* j = succ + succStart[i], end = succ + succStart[i + 1]; j < end; j++) sum += coef[*j];
                double sw = sigma[w];
                coef[w] = 1.0 / sw + sum;
                double x = sw * sum;
                if (endpoints) x += 1.0;
                score[w] += x;
                if (squares is not null) squares[w] += x * x;
            }
            if (endpoints)
            {
                double x = tail - 1;
                score[s] += x;
                if (squares is not null) squares[s] += x * x;
            }

            for (int i = 0; i < tail; i++) dist[queue[i]] = -1;
            return tail;
        }
    }

    private int RunDijkstra(int s, double[] score, double[]? squares, bool endpoints, double cutoff)
    {
        int[] off = _g.Offsets, tgt = _g.Targets;
        double[] wt = _g.Weights!;
        double[] dist = _wdist!, sigma = _sigma, delta = _delta!;
        byte[] state = _state!;
        int[] order = _order, predHead = _predHead!, predNext = _predNext!, predNode = _predNode!;

        int settled = 0, cells = 0, heapSize = 0;
        dist[s] = 0.0;
        sigma[s] = 1.0;
        state[s] = 1;
        predHead[s] = -1;
        Push(ref heapSize, 0.0, s);
        while (heapSize > 0)
        {
            int v = Pop(ref heapSize, out double d);
            if (state[v] == 2 || d != dist[v]) continue; // stale heap entry
            state[v] = 2;
            order[settled++] = v;
            double sv = sigma[v];
            for (int e = off[v], end = off[v + 1]; e < end; e++)
            {
                int w = tgt[e];
                byte st = state[w];
                if (st == 2) continue;
                double alt = d + wt[e];
                if (alt > cutoff && Compare(alt, cutoff) > 0) continue;
                int cmp = st == 0 ? -1 : Compare(alt, dist[w]);
                if (cmp < 0)
                {
                    dist[w] = alt;
                    sigma[w] = sv;
                    state[w] = 1;
                    predNode[cells] = v;
                    predNext[cells] = -1;
                    predHead[w] = cells++;
                    Push(ref heapSize, alt, w);
                }
                else if (cmp == 0)
                {
                    sigma[w] += sv;
                    predNode[cells] = v;
                    predNext[cells] = predHead[w];
                    predHead[w] = cells++;
                }
            }
        }

        for (int i = settled - 1; i >= 0; i--)
        {
            int w = order[i];
            double c = (1.0 + delta[w]) / sigma[w];
            for (int p = predHead[w]; p >= 0; p = predNext[p])
            {
                int u = predNode[p];
                delta[u] += sigma[u] * c;
            }
            if (w != s)
            {
                double x = endpoints ? delta[w] + 1.0 : delta[w];
                score[w] += x;
                if (squares is not null) squares[w] += x * x;
            }
        }
        if (endpoints)
        {
            double x = settled - 1;
            score[s] += x;
            if (squares is not null) squares[s] += x * x;
        }

        for (int i = 0; i < settled; i++)
        {
            int w = order[i];
            state[w] = 0;
            delta[w] = 0.0;
        }
        return settled;
    }

    /// <summary>igraph's <c>igraph_cmp_epsilon</c>: 0 when a and b are equal up to a relative <see cref="TieEpsilon"/>.</summary>
    internal static int Compare(double a, double b)
    {
        if (a == b) return 0;
        double diff = a - b;
        if (Math.Abs(diff) <= TieEpsilon * (Math.Abs(a) + Math.Abs(b))) return 0;
        return diff < 0 ? -1 : 1;
    }

    private void Push(ref int size, double key, int node)
    {
        double[] keys = _heapKey!;
        int[] nodes = _heapNode!;
        int i = size++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            i = parent;
        }
        keys[i] = key;
        nodes[i] = node;
    }

    private int Pop(ref int size, out double key)
    {
        double[] keys = _heapKey!;
        int[] nodes = _heapNode!;
        int top = nodes[0];
        key = keys[0];
        int last = --size;
        if (last > 0)
        {
            double k = keys[last];
            int x = nodes[last];
            int i = 0;
            while (true)
            {
                int c = 2 * i + 1;
                if (c >= last) break;
                if (c + 1 < last && keys[c + 1] < keys[c]) c++;
                if (keys[c] >= k) break;
                keys[i] = keys[c];
                nodes[i] = nodes[c];
                i = c;
            }
            keys[i] = k;
            nodes[i] = x;
        }
        return top;
    }
}
