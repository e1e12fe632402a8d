using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// The error guarantee of a guaranteed-error betweenness run (<see cref="BetweennessOptions.Epsilon"/>).
/// </summary>
/// <param name="Epsilon">ε: with probability at least 1 − δ, every account's normalized estimate is within ε of its exact normalized betweenness (NetworkX's normalization), in (0, 1).</param>
/// <param name="Delta">δ, the probability that the bound fails, in (0, 1).</param>
/// <param name="VertexDiameterBound">
/// The upper bound VD on the vertex diameter (the largest number of accounts on a shortest path,
/// endpoints included) the sample size was computed from, in [1, n]; see
/// <see cref="BetweennessSampling.VertexDiameterBound"/>.
/// </param>
/// <param name="DiameterMethod">How the bound was obtained: <c>bfs-eccentricity</c> (unweighted) or <c>component-size</c> (weighted).</param>
/// <param name="SampleSize">r, the number of sampled pairs of accounts (one shortest path each).</param>
public sealed record BetweennessGuarantee(double Epsilon, double Delta, int VertexDiameterBound, string DiameterMethod, int SampleSize);

/// <summary>
/// Betweenness estimated with a guaranteed error: Riondato–Kornaropoulos sampling of shortest paths.
/// </summary>
/// <remarks>
/// <para>
/// <b>Algorithm</b> (M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness
/// centrality through sampling", Data Min. Knowl. Disc. 30(2), 2016, doi:10.1007/s10618-015-0423-0,
/// Algorithm 1). Draw r ordered pairs (u, v), u ≠ v, uniformly; for each, if v is reachable from u,
/// draw one of the shortest u→v paths uniformly (backwards from v, choosing predecessor p of w with
/// probability σ_up/σ_uw) and add 1/r to every account strictly inside it. The result estimates
/// Σ_{s≠t} σ_st(w)/σ_st / (n(n−1)); it is multiplied by n/(n−2) to be on NetworkX's scale (division by
/// (n−1)(n−2)), and ε is tightened to ε(n−2)/n before sizing the sample so that the stated ε holds on
/// that scale.
/// </para>
/// <para>
/// <b>Sample size</b> (their Theorem 2, VC dimension ≤ ⌊log2(VD − 2)⌋ + 1):
/// r = ⌈(c/ε²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉ with c = 0.5 (the constant they use, after Löffler and
/// Phillips). With probability at least 1 − δ every estimate is then within ε of the exact value at
/// the same time. VD is an upper bound on the vertex diameter, see <see cref="VertexDiameterBound"/>;
/// below 3 the logarithm term is taken as 1.
/// </para>
/// <para>
/// <b>Reproducibility.</b> Sample i draws its pair and its path from a SplitMix64 stream seeded by
/// (seed, i) only, and every account's total is a whole count, so the estimate is bit-identical for
/// any thread count. Each sample costs one balanced bidirectional BFS between u and v (unweighted: the two balls
/// grow until their frontiers are joined by an edge, Borassi and Natale, ESA 2016), or a full Dijkstra from u
/// (weighted): O(r·m) in the worst case, independent of n, and on small-world graphs far less.
/// </para>
/// </remarks>
public static class BetweennessSampling
{
    /// <summary>The constant c of the sample size (Riondato and Kornaropoulos 2016, §4: 0.5).</summary>
    public const double UniversalConstant = 0.5;

    /// <summary>
    /// The sample size r = ⌈(c/ε²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉, c = 0.5, on the scale of the
    /// estimates (no tightening for NetworkX's normalization: see <see cref="Estimate"/>).
    /// </summary>
    /// <param name="vertexDiameterBound">Upper bound VD on the vertex diameter, ≥ 1 (below 3 the log term is 1).</param>
    /// <param name="epsilon">Additive error ε in (0, 1).</param>
    /// <param name="delta">Failure probability δ in (0, 1).</param>
    /// <returns>r ≥ 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">ε or δ outside (0, 1), VD &lt; 1, or r above <see cref="int.MaxValue"/>.</exception>
    public static int SampleSize(int vertexDiameterBound, double epsilon, double delta)
    {
        if (!(epsilon > 0 && epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be in (0, 1).");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfLessThan(vertexDiameterBound, 1);
        int vc = vertexDiameterBound < 3 ? 1 : (int)Math.Floor(Math.Log2(vertexDiameterBound - 2)) + 1;
        double r = Math.Ceiling(UniversalConstant / (epsilon * epsilon) * (vc + Math.Log(1.0 / delta)));
        if (r > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Epsilon {epsilon} needs {r:0} sampled paths, more than {int.MaxValue}; choose a larger epsilon.");
        return (int)r;
    }

    /// <summary>
    /// An upper bound on the vertex diameter of <paramref name="graph"/>: the largest number of
    /// accounts on any shortest path (endpoints included), in [1, n] (0 for an empty graph).
    /// </summary>
    /// <remarks>
    /// A shortest path runs through strongly connected components C1, …, Ck along a path of the
    /// condensation (a DAG), and its part inside each Ci is a shortest path of Ci. So
    /// VD ≤ max over condensation paths of Σ (D(Ci) + 1), where D(C) bounds the hop diameter of C:
    /// unweighted, D(C) = ecc_out(r) + ecc_in(r) for the first member r of C, from one BFS each way
    /// inside C (d(x, y) ≤ d(x, r) + d(r, y)) — in the undirected view that is twice one BFS
    /// eccentricity, the bound Riondato and Kornaropoulos use; weighted (<c>component-size</c>), where a
    /// shortest path may take more hops than the fewest, D(C) = |C| − 1. Both are capped at |C| − 1 and
    /// the total at n. The longest condensation path is found by dynamic programming in Tarjan's
    /// order. O(n + m) time and memory.
    /// </remarks>
    /// <param name="graph">The traversal adjacency (directed, or the undirected view).</param>
    /// <param name="method"><c>bfs-eccentricity</c> or <c>component-size</c> (when <paramref name="graph"/> is weighted).</param>
    public static int VertexDiameterBound(TraversalGraph graph, out string method)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        bool weighted = graph.Weights is not null;
        method = weighted ? "component-size" : "bfs-eccentricity";
        if (n == 0) return 0;
        var (comp, count, members, starts) = Components.StronglyConnected(n, graph.Offsets, graph.Targets);
        var dist = new int[n];
        Array.Fill(dist, -1);
        var queue = new int[n];
        var best = new long[count];
        long overall = 1;
        for (int c = 0; c < count; c++)
        {
            int size = starts[c + 1] - starts[c];
            long hops = size - 1;
            if (!weighted && size > 1)
            {
                int root = members[starts[c]];
                long ecc = Eccentricity(graph.Offsets, graph.Targets, comp, c, root, dist, queue)
                         + Eccentricity(graph.ReverseOffsets, graph.ReverseTargets, comp, c, root, dist, queue);
                hops = Math.Min(hops, ecc);
            }
            long tail = 0;
            for (int i = starts[c]; i < starts[c + 1]; i++)
            {
                int v = members[i];
                for (int e = graph.Offsets[v], end = graph.Offsets[v + 1]; e < end; e++)
                {
                    int d = comp[graph.Targets[e]];
                    if (d != c && best[d] > tail) tail = best[d]; // d < c: already final (Tarjan's order)
                }
            }
            best[c] = Math.Min(n, hops + 1 + tail);
            if (best[c] > overall) overall = best[c];
        }
        return (int)Math.Min(n, overall);
    }

    /// <summary>Largest BFS distance from <paramref name="root"/> inside component <paramref name="c"/>; leaves <paramref name="dist"/> all −1 again.</summary>
    private static int Eccentricity(int[] offsets, int[] targets, int[] comp, int c, int root, int[] dist, int[] queue)
    {
        int head = 0, tail = 0, ecc = 0;
        queue[tail++] = root;
        dist[root] = 0;
        while (head < tail)
        {
            int v = queue[head++];
            int dv = dist[v];
            if (dv > ecc) ecc = dv;
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++)
            {
                int w = targets[e];
                if (dist[w] >= 0 || comp[w] != c) continue;
                dist[w] = dv + 1;
                queue[tail++] = w;
            }
        }
        for (int i = 0; i < tail; i++) dist[queue[i]] = -1;
        return ecc;
    }

    /// <summary>
    /// Estimates the normalized betweenness (NetworkX's scale, division by (n−1)(n−2)) of every
    /// account of <paramref name="graph"/> within ε with probability 1 − δ.
    /// </summary>
    /// <param name="graph">The traversal adjacency (directed, or the undirected view; weighted or not).</param>
    /// <param name="epsilon">ε in (0, 1).</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="seed">Seed of the samples.</param>
    /// <param name="maxDegreeOfParallelism">Threads, ≥ 1; the result does not depend on it.</param>
    /// <param name="progress">Progress in sampled pairs, or null.</param>
    /// <param name="cancellationToken">Checked before every sample.</param>
    /// <returns>The estimates (length n; all 0 when n &lt; 3) and the guarantee they carry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">ε or δ outside (0, 1).</exception>
    /// <exception cref="ZeroLengthCycleException">Weighted, and zero-weight edges form a cycle.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static (double[] Scores, BetweennessGuarantee Guarantee) Estimate(TraversalGraph graph, double epsilon, double delta, int seed,
        int maxDegreeOfParallelism, IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        int vd = VertexDiameterBound(graph, out string method);
        // The estimates are on the n(n−1) scale; NetworkX's (n−1)(n−2) is n/(n−2) times larger.
        double scale = n > 2 ? (double)n / (n - 2) : 1.0;
        int r = SampleSize(Math.Max(vd, 1), epsilon / scale, delta);
        var guarantee = new BetweennessGuarantee(epsilon, delta, vd, method, r);
        if (n < 3)
        {
            progress?.Report(new CentralityProgress(r, r, $"{r} of {r} sampled pairs"));
            return (new double[n], guarantee);
        }
        var samples = new int[r];
        for (int i = 0; i < r; i++) samples[i] = i;
        double[][] sums = SourceParallel.Accumulate<PathSampler>(samples, n, 1, () => new PathSampler(graph),
            (sampler, i, acc) => sampler.Sample(seed, i, acc[0]), maxDegreeOfParallelism, progress, cancellationToken);
        double[] scores = sums[0];
        double f = scale / r;
        for (int v = 0; v < n; v++) scores[v] *= f;
        return (scores, guarantee);
    }

    /// <summary>One thread's state: a bidirectional BFS between u and v (or a Dijkstra from u), and the path draw.</summary>
    private sealed class PathSampler
    {
        private readonly TraversalGraph _g;
        private readonly Dijkstra? _dijkstra;
        private readonly int[] _dist;
        private readonly double[] _sigma;
        private readonly int[] _queue;
        private readonly int[] _distBack;
        private readonly double[] _sigmaBack;
        private readonly int[] _queueBack;

        public PathSampler(TraversalGraph graph)
        {
            _g = graph;
            int n = graph.NodeCount;
            if (graph.Weights is not null)
            {
                _dijkstra = new Dijkstra(graph, countPaths: true);
                _dist = [];
                _sigma = [];
                _queue = [];
                _distBack = [];
                _sigmaBack = [];
                _queueBack = [];
                return;
            }
            _dist = new int[n];
            Array.Fill(_dist, -1);
            _sigma = new double[n];
            _queue = new int[n];
            _distBack = new int[n];
            Array.Fill(_distBack, -1);
            _sigmaBack = new double[n];
            _queueBack = new int[n];
        }

        public void Sample(int seed, int index, double[] counts)
        {
            ulong state = unchecked((ulong)(uint)seed * 0xD1B54A32D192ED03UL ^ (ulong)(uint)index * 0x9E3779B97F4A7C15UL ^ 0x5851F42D4C957F2DUL);
            int n = _g.NodeCount;
            int u = Bounded(ref state, n);
            int v = Bounded(ref state, n - 1);
            if (v >= u) v++;
            if (_dijkstra is not null) SampleWeighted(u, v, ref state, counts);
            else SampleUnweighted(u, v, ref state, counts);
        }

        /// <summary>
        /// One uniformly random shortest u → v path by a balanced bidirectional BFS (M. Borassi and E. Natale,
        /// KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation, ESA 2016, section 3.1): the ball
        /// around u (out-edges) and the ball around v (in-edges) grow one whole level at a time, always the side whose
        /// frontier has fewer edges to scan, until an edge x → w joins u's frontier (x) to v's frontier (w). Then
        /// d(u, v) = d(u, x) + 1 + d(w, v), the shortest paths are exactly the joining edges' σ_ux · σ_wv, and a path is
        /// drawn by picking a joining edge with probability σ_ux σ_wv / σ_uv, then walking from x back to u (predecessor
        /// p with probability σ_up / σ_ux) and from w on to v (successor s with probability σ_sv / σ_wv): every shortest
        /// path has probability 1 / σ_uv, as with the one-sided BFS of Riondato and Kornaropoulos, but only the two
        /// balls are visited — on small-world graphs a tiny part of what a BFS up to v's level touches.
        /// </summary>
        private void SampleUnweighted(int u, int v, ref ulong state, double[] counts)
        {
            int[] off = _g.Offsets, tgt = _g.Targets, roff = _g.ReverseOffsets, rtgt = _g.ReverseTargets;
            int[] df = _dist, db = _distBack, qf = _queue, qb = _queueBack;
            double[] sf = _sigma, sb = _sigmaBack;
            int fHead = 0, fTail = 0, bHead = 0, bTail = 0;
            qf[fTail++] = u; df[u] = 0; sf[u] = 1.0;
            qb[bTail++] = v; db[v] = 0; sb[v] = 1.0;
            long fVolume = off[u + 1] - off[u], bVolume = roff[v + 1] - roff[v];
            double total = 0;
            bool forwardJoin = false;
            while (fHead < fTail && bHead < bTail)
            {
                bool forward = fVolume <= bVolume;
                if (forward)
                {
                    // Does u's frontier [fHead, fTail) reach v's frontier [bHead, bTail) in one edge?
                    int level = bTail > bHead ? db[qb[bHead]] : 0;
                    for (int i = fHead; i < fTail; i++)
                    {
                        int x = qf[i];
                        for (int e = off[x], end = off[x + 1]; e < end; e++)
                        {
                            int w = tgt[e];
                            if (db[w] == level) total += sf[x] * sb[w];
                        }
                    }
                    if (total > 0) { forwardJoin = true; break; }
                    int levelEnd = fTail;
                    fVolume = 0;
                    for (; fHead < levelEnd; fHead++)
                    {
                        int x = qf[fHead];
                        int dx = df[x] + 1;
                        double sx = sf[x];
                        for (int e = off[x], end = off[x + 1]; e < end; e++)
                        {
                            int w = tgt[e];
                            if (df[w] < 0)
                            {
                                df[w] = dx;
                                sf[w] = sx;
                                qf[fTail++] = w;
                                fVolume += off[w + 1] - off[w];
                            }
                            else if (df[w] == dx) sf[w] += sx;
                        }
                    }
                }
                else
                {
                    int level = fTail > fHead ? df[qf[fHead]] : 0;
                    for (int i = bHead; i < bTail; i++)
                    {
                        int w = qb[i];
                        for (int e = roff[w], end = roff[w + 1]; e < end; e++)
                        {
                            int x = rtgt[e];
                            if (df[x] == level) total += sf[x] * sb[w];
                        }
                    }
                    if (total > 0) break;
                    int levelEnd = bTail;
                    bVolume = 0;
                    for (; bHead < levelEnd; bHead++)
                    {
                        int w = qb[bHead];
                        int dw = db[w] + 1;
                        double sw = sb[w];
                        for (int e = roff[w], end = roff[w + 1]; e < end; e++)
                        {
                            int x = rtgt[e];
                            if (db[x] < 0)
                            {
                                db[x] = dw;
                                sb[x] = sw;
                                qb[bTail++] = x;
                                bVolume += roff[x + 1] - roff[x];
                            }
                            else if (db[x] == dw) sb[x] += sw;
                        }
                    }
                }
            }
            if (total > 0)
            {
                // Draw the joining edge x → w with probability σ_ux σ_wv / σ_uv (the edges in the order they were summed).
                double target = NextDouble(ref state) * total, acc = 0;
                int jx = -1, jw = -1;
                if (forwardJoin)
                {
                    int level = db[qb[bHead]];
                    for (int i = fHead; i < fTail && !(acc > target); i++)
                    {
                        int x = qf[i];
                        for (int e = off[x], end = off[x + 1]; e < end; e++)
                        {
                            int w = tgt[e];
                            if (db[w] != level) continue;
                            jx = x; jw = w;
                            acc += sf[x] * sb[w];
                            if (acc > target) break;
                        }
                    }
                }
                else
                {
                    int level = df[qf[fHead]];
                    for (int i = bHead; i < bTail && !(acc > target); i++)
                    {
                        int w = qb[i];
                        for (int e = roff[w], end = roff[w + 1]; e < end; e++)
                        {
                            int x = rtgt[e];
                            if (df[x] != level) continue;
                            jx = x; jw = w;
                            acc += sf[x] * sb[w];
                            if (acc > target) break;
                        }
                    }
                }
                // u … x: x and its predecessors, u excluded.
                for (int x = jx; x != u;)
                {
                    counts[x] += 1.0;
                    int want = df[x] - 1;
                    double r = NextDouble(ref state) * sf[x], a = 0;
                    int pick = -1;
                    for (int e = roff[x], end = roff[x + 1]; e < end; e++)
                    {
                        int p = rtgt[e];
                        if (df[p] != want) continue;
                        pick = p;
                        a += sf[p];
                        if (r < a) break;
                    }
                    x = pick;
                }
                // w … v: w and its successors, v excluded.
                for (int w = jw; w != v;)
                {
                    counts[w] += 1.0;
                    int want = db[w] - 1;
                    double r = NextDouble(ref state) * sb[w], a = 0;
                    int pick = -1;
                    for (int e = off[w], end = off[w + 1]; e < end; e++)
                    {
                        int s = tgt[e];
                        if (db[s] != want) continue;
                        pick = s;
                        a += sb[s];
                        if (r < a) break;
                    }
                    w = pick;
                }
            }
            for (int i = 0; i < fTail; i++) df[qf[i]] = -1;
            for (int i = 0; i < bTail; i++) db[qb[i]] = -1;
        }

        private void SampleWeighted(int u, int v, ref ulong state, double[] counts)
        {
            var dj = _dijkstra!;
            dj.Run(u);
            if (dj.PathCount(v) == 0.0) return;
            int[] head = dj.PredHead!, next = dj.PredNext!, node = dj.PredNode!;
            double[] sigma = dj.Sigma;
            int w = v;
            while (true)
            {
                double x = NextDouble(ref state) * sigma[w];
                int pick = -1;
                double acc = 0.0;
                for (int p = head[w]; p >= 0; p = next[p])
                {
                    pick = node[p];
                    acc += sigma[pick];
                    if (x < acc) break;
                }
                if (pick == u) return;
                counts[pick] += 1.0;
                w = pick;
            }
        }

        private static double NextDouble(ref ulong state) => (Betweenness.SplitMix64(ref state) >> 11) * (1.0 / (1UL << 53));

        private static int Bounded(ref ulong state, int bound) => Betweenness.Bounded(ref state, bound);
    }
}
