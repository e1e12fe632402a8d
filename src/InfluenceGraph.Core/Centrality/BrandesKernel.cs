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
/// <b>Unweighted</b> (BFS, level by level, direction-optimizing as in Beamer et al. 2012). Each
/// level step records the shortest-path DAG edges it finds in one flat buffer — top-down as the
/// successors of each frontier node, bottom-up (when the unvisited nodes' in-edges are fewer than
/// the frontier's out-edges) as the predecessors of each newly reached node — with branch-free
/// writes. Path counts σ and dependencies are then computed over the DAG edges only (about a fifth
/// of the edges on R-MAT graphs), with no distance test. Dependencies are written per node as
/// δ(w) = σ(w) · Σ_{x ∈ succ(w)} c(x) with c(x) = (1 + δ(x)) / σ(x): one division per node
/// instead of one per edge.
/// </para>
/// <para>
/// <b>Weighted</b> (Dijkstra with an indexed 4-ary heap and decrease-key). Two path lengths a, b are
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
    private readonly double[]? _coef;       // (1 + δ) / σ of finished nodes (a running sum before)
    private readonly int[]? _dag;           // DAG edges found by each BFS step, length m + 1
    private readonly int[]? _segBegin;      // per queue position: its successors in _dag (top-down step)
    private readonly int[]? _segEnd;
    private readonly int[]? _predBegin;     // per queue position: its predecessors in _dag (bottom-up step)
    private readonly int[]? _predEnd;
    private readonly int[]? _levelStart;    // queue position where each level starts, length n + 2
    private readonly bool[]? _bottomUp;     // per level: was the step to the next level bottom-up

    // Dijkstra.
    private readonly double[]? _wdist;
    private readonly byte[]? _state;        // 0 unseen, 1 in heap, 2 settled
    private readonly double[]? _delta;
    private readonly int[]? _predHead;
    private readonly int[]? _predNext;
    private readonly int[]? _predNode;
    private readonly double[]? _heapKey;   // indexed 4-ary min-heap of unsettled reached nodes (≤ n entries)
    private readonly int[]? _heapNode;
    private readonly int[]? _heapPos;      // node -> its position in the heap

    private readonly BfsDirection _direction;

    public BrandesKernel(BrandesGraph graph, BfsDirection direction = BfsDirection.Auto)
    {
        _g = graph;
        _direction = direction;
        int n = graph.NodeCount, m = graph.EdgeCount;
        _sigma = new double[n];
        _order = new int[n];
        if (graph.Weights is null)
        {
            _dist = new int[n];
            Array.Fill(_dist, -1);
            _coef = new double[n];
            _dag = new int[m + 1]; // +1: the branch-free recording writes one cell past the last DAG edge
            _segBegin = new int[n];
            _segEnd = new int[n];
            _predBegin = new int[n];
            _predEnd = new int[n];
            _levelStart = new int[n + 2];
            _bottomUp = new bool[n + 1];
        }
        else
        {
            _wdist = new double[n];
            _state = new byte[n];
            _delta = new double[n];
            _predHead = new int[n];
            _predNext = new int[m];
            _predNode = new int[m];
            _heapKey = new double[n];
            _heapNode = new int[n];
            _heapPos = new int[n];
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
        int n = _g.NodeCount;
        long m = _g.EdgeCount;
        fixed (int* off = _g.Offsets, tgt = _g.Targets, inOff = _g.InOffsets, inSrc = _g.InSources)
        fixed (int* dist = _dist, queue = _order, dag = _dag, segBegin = _segBegin, segEnd = _segEnd, predBegin = _predBegin, predEnd = _predEnd, levelStart = _levelStart)
        fixed (double* sigma = _sigma, coef = _coef)
        fixed (bool* bottomUp = _bottomUp)
        {
            // 1. Level-synchronous BFS, direction-optimizing (Beamer et al. 2012). Each step d
            //    (level d -> d+1) records the DAG edges it finds in `dag`:
            //    - top-down: for each node of level d, its successors (segBegin/segEnd at its queue position);
            //    - bottom-up: for each node of level d+1, its predecessors (predBegin/predEnd). A node can
            //      have both (found bottom-up, expanded top-down), hence two pairs of arrays.
            //    Writes are unconditional and the cursor advances only on a DAG edge (no branch).
            //    Path counts need every predecessor, so bottom-up cannot stop early; it pays when the
            //    in-edges of the unvisited nodes are fewer than the out-edges of the frontier.
            dist[s] = 0;
            coef[s] = 0.0;
            queue[0] = s;
            levelStart[0] = 0;
            levelStart[1] = 1;
            int tail = 1, pos = 0, level = 0;
            long frontierOut = off[s + 1] - off[s];
            long unvisitedIn = m - (inOff[s + 1] - inOff[s]);
            while (levelStart[level + 1] > levelStart[level] && level < maxHops)
            {
                int next = level + 1;
                long nextOut = 0;
                bool up = _direction switch
                {
                    BfsDirection.TopDown => false,
                    BfsDirection.BottomUp => true,
                    _ => frontierOut > unvisitedIn + (n >> 2), // bottom-up also scans the n nodes, sequentially
                };
                bottomUp[level] = up;
                if (!up)
                {
                    for (int i = levelStart[level], iEnd = levelStart[level + 1]; i < iEnd; i++)
                    {
                        int v = queue[i];
                        segBegin[i] = pos;
                        for (int* e = tgt + off[v], end = tgt + off[v + 1]; e < end; e++)
                        {
                            int w = *e;
                            int dw = dist[w];
                            if (dw < 0)
                            {
                                dist[w] = dw = next;
                                queue[tail++] = w;
                                coef[w] = 0.0;
                                nextOut += off[w + 1] - off[w];
                                unvisitedIn -= inOff[w + 1] - inOff[w];
                            }
                            dag[pos] = w;
                            pos += dw == next ? 1 : 0;
                        }
                        segEnd[i] = pos;
                    }
                }
                else
                {
                    for (int v = 0; v < n; v++)
                    {
                        if (dist[v] >= 0) continue;
                        int begin = pos;
                        for (int* e = inSrc + inOff[v], end = inSrc + inOff[v + 1]; e < end; e++)
                        {
                            int u = *e;
                            dag[pos] = u;
                            pos += dist[u] == level ? 1 : 0;
                        }
                        if (pos == begin) continue;
                        dist[v] = next;
                        int j = tail++;
                        queue[j] = v;
                        predBegin[j] = begin;
                        predEnd[j] = pos;
                        coef[v] = 0.0;
                        nextOut += off[v + 1] - off[v];
                        unvisitedIn -= inOff[v + 1] - inOff[v];
                    }
                }
                levelStart[level + 2] = tail;
                frontierOut = nextOut;
                level = next;
            }
            int steps = level; // levels 0..steps exist (the last may be empty)

            // 2. Path counts σ, level by level.
            sigma[s] = 1.0;
            for (int d = 0; d < steps; d++)
            {
                if (!bottomUp[d])
                {
                    for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++) sigma[queue[i]] = 0.0;
                    for (int i = levelStart[d], iEnd = levelStart[d + 1]; i < iEnd; i++)
                    {
                        double sv = sigma[queue[i]];
                        for (int* j = dag + segBegin[i], end = dag + segEnd[i]; j < end; j++) sigma[*j] += sv;
                    }
                }
                else
                {
                    for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++)
                    {
                        double sum = 0.0;
                        for (int* j = dag + predBegin[i], end = dag + predEnd[i]; j < end; j++) sum += sigma[*j];
                        sigma[queue[i]] = sum;
                    }
                }
            }

            // 3. Dependencies, deepest level first. coef[w] first collects Σ_{x ∈ succ(w)} c(x), then
            //    becomes c(w) = 1/σ(w) + that sum, and δ(w) = σ(w) · sum (one division per node).
            for (int d = steps - 1; d >= 0; d--)
            {
                for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++)
                {
                    int w = queue[i];
                    double sw = sigma[w], sum = coef[w];
                    coef[w] = 1.0 / sw + sum;
                    double x = sw * sum;
                    if (endpoints) x += 1.0;
                    score[w] += x;
                    if (squares is not null) squares[w] += x * x;
                }
                if (!bottomUp[d])
                {
                    for (int i = levelStart[d], iEnd = levelStart[d + 1]; i < iEnd; i++)
                    {
                        double sum = 0.0;
                        for (int* j = dag + segBegin[i], end = dag + segEnd[i]; j < end; j++) sum += coef[*j];
                        coef[queue[i]] = sum;
                    }
                }
                else
                {
                    for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++)
                    {
                        double c = coef[queue[i]];
                        for (int* j = dag + predBegin[i], end = dag + predEnd[i]; j < end; j++) coef[*j] += c;
                    }
                }
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

    private unsafe int RunDijkstra(int s, double[] score, double[]? squares, bool endpoints, double cutoff)
    {
        double[] dist = _wdist!, sigma = _sigma, delta = _delta!;
        byte[] state = _state!;
        int[] order = _order, predHead = _predHead!, predNext = _predNext!, predNode = _predNode!;

        int settled = 0, cells = 0, heapSize = 0;
        dist[s] = 0.0;
        sigma[s] = 1.0;
        state[s] = 1;
        predHead[s] = -1;
        Insert(ref heapSize, 0.0, s);
        fixed (int* off = _g.Offsets, tgt = _g.Targets, pHead = predHead, pNext = predNext, pNode = predNode)
        fixed (double* wt = _g.Weights, pDist = dist, pSigma = sigma)
        fixed (byte* pState = state)
        {
            while (heapSize > 0)
            {
                int v = PopMin(ref heapSize, out double d);
                pState[v] = 2;
                order[settled++] = v;
                double sv = pSigma[v];
                for (int e = off[v], end = off[v + 1]; e < end; e++)
                {
                    int w = tgt[e];
                    byte st = pState[w];
                    if (st == 2) continue;
                    double alt = d + wt[e];
                    if (alt > cutoff && Compare(alt, cutoff) > 0) continue;
                    int cmp = st == 0 ? -1 : Compare(alt, pDist[w]);
                    if (cmp < 0)
                    {
                        // First or strictly shorter path: w's predecessors so far are dropped.
                        pDist[w] = alt;
                        pSigma[w] = sv;
                        pState[w] = 1;
                        pNode[cells] = v;
                        pNext[cells] = -1;
                        pHead[w] = cells++;
                        if (st == 0) Insert(ref heapSize, alt, w);
                        else SiftUp(_heapPos![w], alt, w);
                    }
                    else if (cmp == 0)
                    {
                        pSigma[w] += sv;
                        pNode[cells] = v;
                        pNext[cells] = pHead[w];
                        pHead[w] = cells++;
                    }
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

    private void Insert(ref int size, double key, int node) => SiftUp(size++, key, node);

    /// <summary>Moves <paramref name="node"/> with <paramref name="key"/> up from heap position <paramref name="i"/> (insert or decrease-key).</summary>
    private void SiftUp(int i, double key, int node)
    {
        double[] keys = _heapKey!;
        int[] nodes = _heapNode!, pos = _heapPos!;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            pos[nodes[i]] = i;
            i = parent;
        }
        keys[i] = key;
        nodes[i] = node;
        pos[node] = i;
    }

    private int PopMin(ref int size, out double key)
    {
        double[] keys = _heapKey!;
        int[] nodes = _heapNode!, pos = _heapPos!;
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
                int c = 4 * i + 1;
                if (c >= last) break;
                int best = c;
                double bk = keys[c];
                int cEnd = Math.Min(c + 4, last);
                for (int j = c + 1; j < cEnd; j++)
                    if (keys[j] < bk) { bk = keys[j]; best = j; }
                if (bk >= k) break;
                keys[i] = bk;
                nodes[i] = nodes[best];
                pos[nodes[i]] = i;
                i = best;
            }
            keys[i] = k;
            nodes[i] = x;
            pos[x] = i;
        }
        return top;
    }
}

/// <summary>How the BFS kernel chooses the direction of each level step (tests force each one).</summary>
internal enum BfsDirection
{
    /// <summary>Bottom-up when the frontier's out-edges outnumber the unvisited nodes' in-edges plus n/4.</summary>
    Auto,

    /// <summary>Always top-down (classic Brandes).</summary>
    TopDown,

    /// <summary>Always bottom-up.</summary>
    BottomUp,
}
