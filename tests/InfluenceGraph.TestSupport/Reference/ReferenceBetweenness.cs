using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.TestSupport.Reference;

/// <summary>
/// Slow, independent betweenness for checking <see cref="Core.Centrality.Betweenness"/>: all-pairs
/// distances by Floyd–Warshall, shortest-path counts by dynamic programming over distances, then the
/// pair definition σ_st(v) = σ_sv · σ_vt when d(s,v) + d(v,t) = d(s,t). No Brandes accumulation, no
/// BFS/Dijkstra, O(n³) time and O(n²) memory: for graphs of a few hundred accounts.
/// </summary>
/// <remarks>
/// Same semantics as the product (NetworkX's, see SEMANTICS.md): directed, ordered pairs, self-loops
/// ignored, parallel edges one path with the lightest weight, weighted lengths equal up to a relative
/// 1e-9 are ties, cutoff keeps pairs with d(s,t) ≤ cutoff. Weights must be ≥ 0; zero weights are
/// counted by recursion over the tight predecessors (σ_st = Σ σ_su over u with d(s,u) + w(u,t) =
/// d(s,t)), which needs no settling order (zero-weight cycles are not supported). Undirected: the
/// symmetric graph (lighter weight of a pair followed both ways), unordered pairs (unnormalized
/// halved). The rescaling is re-derived from NetworkX ≥ 3.5 <c>_rescale</c>.
/// </remarks>
public static class ReferenceBetweenness
{
    /// <summary>
    /// Per-source dependencies: <c>dep[s][v]</c> = Σ_{t ≠ s, v} σ_st(v)/σ_st (plus, with endpoints,
    /// 1 when v ≠ s is reached from s, and for v = s the number of accounts s reaches).
    /// </summary>
    public static double[][] Dependencies(GraphSnapshot g, bool weighted = false, bool endpoints = false, double? cutoff = null, bool undirected = false)
    {
        int n = g.NodeCount;
        const double inf = double.PositiveInfinity;
        // Lightest edge u -> v (no self-loops).
        var w = new double[n, n];
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++) w[u, v] = inf;
        for (int u = 0; u < n; u++)
            for (int e = 0; e < g.OutDegreeOf(u); e++)
            {
                int v = g.Followees(u)[e];
                if (v == u) continue;
                double len = weighted && g.IsWeighted ? g.FolloweeWeights(u)[e] : 1.0;
                if (len < 0) throw new ArgumentException("The reference needs weights >= 0.");
                w[u, v] = Math.Min(w[u, v], len);
                if (undirected) w[v, u] = Math.Min(w[v, u], len);
            }

        var d = new double[n, n];
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++) d[u, v] = u == v ? 0 : w[u, v];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++)
            {
                if (double.IsInfinity(d[i, k])) continue;
                for (int j = 0; j < n; j++)
                {
                    double via = d[i, k] + d[k, j];
                    if (via < d[i, j] && !Tie(via, d[i, j])) d[i, j] = via;
                }
            }

        // σ[s, t] = Σ σ[s, u] over the tight last hops u -> t (d(s,u) + w(u,t) = d(s,t)), by memoized recursion.
        var sigma = new double[n, n];
        for (int s = 0; s < n; s++)
        {
            var known = new bool[n];
            sigma[s, s] = 1;
            known[s] = true;
            double Count(int t, int depth)
            {
                if (known[t]) return sigma[s, t];
                if (depth > n) throw new InvalidOperationException("Zero-weight cycle: the reference cannot count paths.");
                double count = 0;
                for (int u = 0; u < n; u++)
                    if (u != t && !double.IsInfinity(w[u, t]) && !double.IsInfinity(d[s, u]) && Tie(d[s, u] + w[u, t], d[s, t]))
                        count += Count(u, depth + 1);
                known[t] = true;
                return sigma[s, t] = count;
            }
            for (int t = 0; t < n; t++)
                if (!double.IsInfinity(d[s, t])) Count(t, 0);
        }

        double limit = cutoff ?? inf;
        bool Within(int s, int t) => !double.IsInfinity(d[s, t]) && (d[s, t] <= limit || Tie(d[s, t], limit));
        var dep = new double[n][];
        for (int s = 0; s < n; s++)
        {
            dep[s] = new double[n];
            for (int t = 0; t < n; t++)
            {
                if (t == s || !Within(s, t)) continue;
                if (endpoints) { dep[s][s] += 1; dep[s][t] += 1; }
                for (int v = 0; v < n; v++)
                {
                    if (v == s || v == t || double.IsInfinity(d[s, v]) || double.IsInfinity(d[v, t])) continue;
                    if (Tie(d[s, v] + d[v, t], d[s, t])) dep[s][v] += sigma[s, v] * sigma[v, t] / sigma[s, t];
                }
            }
        }
        return dep;
    }

    /// <summary>
    /// Betweenness of every node id, summed over <paramref name="sources"/> (null = all) and rescaled
    /// like NetworkX ≥ 3.5 (exact when the sources are all nodes).
    /// </summary>
    public static double[] Compute(GraphSnapshot g, bool normalized = true, bool endpoints = false, bool weighted = false,
        IReadOnlyCollection<int>? sources = null, double? cutoff = null, bool undirected = false)
    {
        int n = g.NodeCount;
        var dep = Dependencies(g, weighted, endpoints, cutoff, undirected);
        var src = sources?.ToHashSet() ?? Enumerable.Range(0, n).ToHashSet();
        var raw = new double[n];
        foreach (int s in src)
            for (int v = 0; v < n; v++) raw[v] += dep[s][v];
        var scores = Rescale(raw, n, normalized, endpoints, src.Count == n ? null : src);
        if (undirected && !normalized && n - (endpoints ? 0 : 1) >= 2)
            for (int v = 0; v < n; v++) scores[v] /= 2; // unordered pairs (NetworkX's undirected correction)
        return scores;
    }

    /// <summary>NetworkX ≥ 3.5 <c>_rescale</c> for directed graphs (sampled = the pivots, null when exact).</summary>
    public static double[] Rescale(double[] raw, int n, bool normalized, bool endpoints, ISet<int>? sampled)
    {
        int bigN = endpoints ? n : n - 1;
        if (bigN < 2) return (double[])raw.Clone();
        int k = sampled?.Count ?? bigN;
        var result = new double[raw.Length];
        for (int v = 0; v < raw.Length; v++)
        {
            double scale;
            if (sampled is null || endpoints)
                scale = normalized ? 1.0 / (k * (bigN - 1.0)) : (double)bigN / k;
            else if (sampled.Contains(v))
                scale = k <= 1 ? double.NaN : normalized ? 1.0 / ((k - 1.0) * (bigN - 1)) : (double)bigN / (k - 1);
            else
                scale = normalized ? 1.0 / (k * (bigN - 1.0)) : (double)bigN / k;
            result[v] = raw[v] * scale;
        }
        return result;
    }

    /// <summary>
    /// Textbook serial Brandes (2001, Algorithm 1): per source a <see cref="Queue{T}"/> BFS (or a
    /// <see cref="PriorityQueue{TElement,TPriority}"/> Dijkstra when <paramref name="weighted"/>), explicit
    /// predecessor lists and a stack, everything allocated per source, one thread. O(nm) time: a
    /// baseline for benchmarks and a second solver for the tests, with the same semantics as
    /// <see cref="Compute"/> (no cutoff).
    /// </summary>
    public static double[] Brandes(GraphSnapshot g, bool normalized = true, bool endpoints = false, bool weighted = false,
        IReadOnlyCollection<int>? sources = null)
    {
        int n = g.NodeCount;
        bool useWeights = weighted && g.IsWeighted;
        var raw = new double[n];
        var src = sources?.ToHashSet() ?? Enumerable.Range(0, n).ToHashSet();
        foreach (int s in src.Order())
        {
            var stack = new Stack<int>();
            var pred = new List<int>[n];
            for (int v = 0; v < n; v++) pred[v] = [];
            var sigma = new double[n];
            var dist = new double[n];
            Array.Fill(dist, double.PositiveInfinity);
            sigma[s] = 1;
            dist[s] = 0;
            if (!useWeights)
            {
                var queue = new Queue<int>();
                queue.Enqueue(s);
                while (queue.Count > 0)
                {
                    int v = queue.Dequeue();
                    stack.Push(v);
                    foreach (int w in g.Followees(v).ToArray().Distinct())
                    {
                        if (w == v) continue;
                        if (double.IsPositiveInfinity(dist[w])) { dist[w] = dist[v] + 1; queue.Enqueue(w); }
                        if (dist[w] == dist[v] + 1) { sigma[w] += sigma[v]; pred[w].Add(v); }
                    }
                }
            }
            else
            {
                var done = new bool[n];
                var heap = new PriorityQueue<int, double>();
                heap.Enqueue(s, 0);
                while (heap.TryDequeue(out int v, out double d))
                {
                    if (done[v] || d != dist[v]) continue;
                    done[v] = true;
                    stack.Push(v);
                    var lightest = new Dictionary<int, double>();
                    for (int e = 0; e < g.OutDegreeOf(v); e++)
                    {
                        int w = g.Followees(v)[e];
                        if (w != v) lightest[w] = Math.Min(lightest.GetValueOrDefault(w, double.PositiveInfinity), g.FolloweeWeights(v)[e]);
                    }
                    foreach (var (w, len) in lightest)
                    {
                        if (done[w]) continue;
                        double alt = d + len;
                        if (double.IsPositiveInfinity(dist[w]) || (alt < dist[w] && !Tie(alt, dist[w])))
                        {
                            dist[w] = alt; sigma[w] = sigma[v]; pred[w] = [v];
                            heap.Enqueue(w, alt);
                        }
                        else if (Tie(alt, dist[w])) { sigma[w] += sigma[v]; pred[w].Add(v); }
                    }
                }
            }
            var delta = new double[n];
            if (endpoints) raw[s] += stack.Count - 1;
            while (stack.Count > 0)
            {
                int w = stack.Pop();
                foreach (int v in pred[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
                if (w != s) raw[w] += endpoints ? delta[w] + 1 : delta[w];
            }
        }
        return Rescale(raw, n, normalized, endpoints, src.Count == n ? null : src);
    }

    private static bool Tie(double a, double b) =>
        a == b || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= 1e-9 * (Math.Abs(a) + Math.Abs(b)));
}
