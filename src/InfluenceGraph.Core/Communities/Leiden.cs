using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Communities;

/// <summary>
/// Leiden community detection (V. A. Traag, L. Waltman, N. J. van Eck, <em>From Louvain to Leiden:
/// guaranteeing well-connected communities</em>, Scientific Reports 9, 5233, 2019,
/// doi:10.1038/s41598-019-41695-z), following igraph's <c>igraph_community_leiden</c>: fast local
/// moving with a queue, refinement of each community into well-connected sub-communities (chosen at
/// random with probability ∝ exp(ΔQ/β)), aggregation of the refined partition with the unrefined one
/// as its start, repeated until the aggregate cannot shrink; whole iterations are repeated from the
/// partition found until one moves no node, raises the quality by less than <see cref="LeidenOptions.Tolerance"/>,
/// or <see cref="LeidenOptions.MaxIterations"/> is reached.
/// </summary>
/// <remarks>
/// <para>
/// <b>The undirected view.</b> Accounts u and v are tied when either follows the other. The tie
/// weighs the number of follow edges between them: 1 for a one-way follow, 2 for a mutual follow
/// (with <see cref="DuplicateEdgePolicy.Keep"/>, every kept duplicate adds 1). Self-loops are
/// dropped; edge weights stored in the snapshot are ignored. This is igraph's
/// <c>G.simplify(multiple=False, loops=True).as_undirected(mode="each")</c> of the directed
/// follower graph: a multigraph with one undirected edge per directed follow.
/// </para>
/// <para>
/// <b>Quality.</b> Moving node v (out/in weights x_v, y_v) into community C changes the objective by
/// ΔQ ∝ w(v, C) − γ (x_v Y_C + y_v X_C) / D: undirected modularity uses x = y = tie strength and
/// D = 4m; directed modularity (Leicht and Newman 2008) x = out-degree, y = in-degree, D = m (w
/// counts follows either way); CPM uses x = y = 1 (accounts) and D = 2.
/// </para>
/// <para>
/// <b>Connectedness.</b> The refinement keeps every sub-community connected. The final partition is
/// additionally checked: a community that is not connected in the undirected view is split into its
/// connected components (which can only raise the objective, as no tie joins them).
/// </para>
/// <para>
/// <b>Determinism.</b> The random node orders and refinement choices come from a SplitMix64 stream
/// seeded with <see cref="LeidenOptions.Seed"/>; the moving and refinement steps are sequential, so
/// the same seed gives the same partition whatever <see cref="LeidenOptions.MaxDegreeOfParallelism"/>.
/// </para>
/// <para>Cost: O(m) per pass over the ties. Memory: see <see cref="EstimateMemoryBytes"/> (the undirected view at
/// 8 B per tie direction, the first aggregate at most as large, and about 110 B per account of work arrays).</para>
/// </remarks>
public static class Leiden
{
    /// <summary>Finds communities of <paramref name="graph"/>.</summary>
    /// <param name="graph">The follower network (any size; isolated accounts become singleton communities).</param>
    /// <param name="options">Options; null = defaults (modularity, γ = 1, seed 42).</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>The partition with its quality and undirected modularity.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Directed with CPM.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CommunityResult Run(GraphSnapshot graph, LeidenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new LeidenOptions();
        options.Validate();
        var ties = TieGraph.FromSnapshot(graph, options.MaxDegreeOfParallelism);
        int n = ties.N;
        double d = SetNodeWeights(graph, ties, options);
        double f = d > 0 ? options.Resolution / d : 0;

        var rng = new SplitMix64(options.Seed);
        var membership = new int[n];
        for (int v = 0; v < n; v++) membership[v] = v;
        int iterations = 0;
        bool converged = false, toleranceReached = false;
        var work = new Workspace(n);
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        double previous = double.NaN;
        while (iterations < options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            bool changed = Iterate(ties, membership, f, options.Beta, rng, work, po, cancellationToken);
            if (!changed) { converged = true; break; }
            if (options.Tolerance > 0 && iterations < options.MaxIterations)
            {
                // Community ids are node ids of the base graph here (< n); sequential sum, so deterministic.
                double q = Quality(ties, membership, n, f);
                if (q - previous < options.Tolerance) { toleranceReached = true; break; }
                previous = q;
            }
        }
        SplitDisconnected(ties, membership);
        var sizes = Canonicalise(membership);
        double quality = Quality(ties, membership, sizes.Length, f);
        double modularity;
        if (options.Objective == CommunityObjective.Modularity && !options.Directed && options.Resolution == 1.0) modularity = quality;
        else
        {
            // The same undirected view with modularity's node weights (no second copy of the ties).
            double dm = SetNodeWeights(graph, ties, new LeidenOptions());
            modularity = dm > 0 ? Quality(ties, membership, sizes.Length, 1.0 / dm) : double.NaN;
        }
        return new CommunityResult(membership, sizes, quality, modularity, iterations, converged, options, toleranceReached);
    }

    /// <summary>
    /// Upper estimate of the peak bytes <see cref="Run"/> allocates on <paramref name="graph"/>, before running it:
    /// the undirected view (8 B per stored tie direction: neighbour id and whole-number weight; at most 2 directions
    /// per follow between distinct accounts, so 16 B per follow) and the first aggregate (at most as large: a further
    /// 16 B per follow), plus per account the offsets and node weights of both (2 x 20 B), the moving and refinement
    /// work arrays (62 B), memberships and level maps (24 B), the connectedness check (8 B), the aggregation's
    /// counting arrays (12 B) and per worker thread the refinement scratch (20 B) and aggregation marks (12 B).
    /// </summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="options">Null = defaults; only <see cref="LeidenOptions.MaxDegreeOfParallelism"/> matters (threads T; null = the machine's cores).</param>
    /// <returns>Bytes: <c>1.15 x (32 m + (166 + 32 T) n)</c>, the factor 1.15 for the garbage collector's overhead (large-object
    /// heap fragmentation between levels). Checked on R-MAT 10^7 follows (386,053 accounts, T = 2): the run completes under a
    /// GC heap hard limit of the graph's live bytes + 408 MiB and runs out of memory at + 374 MiB, where the estimate is
    /// 430 MiB (the version before the 8-byte ties and the exact-size aggregation ran out of memory at + 504 MiB). Graphs
    /// with many mutual follows or strong communities need less (fewer ties, smaller aggregates): it errs towards refusing.
    /// The estimate holds for the heap's peak because <see cref="Run"/> asks for a full collection after every
    /// <see cref="CollectAfterDiscardedBytes"/> of dropped aggregates (on R-MAT 10^7: peak 428 MB with it, 671 MB without, estimate 471 MB).</returns>
    public static double EstimateMemoryBytes(GraphSnapshot graph, LeidenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int threads = Math.Max(1, options?.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
        double n = graph.NodeCount, m = graph.EdgeCount;
        return 1.15 * (32 * m + (166 + 32.0 * threads) * n);
    }

    /// <summary>The analysis as a memory refusal names it: <c>communities (Leiden) on graph 'NAME' (N accounts, M follows)</c>.</summary>
    /// <param name="graphName">The graph's name.</param>
    /// <param name="graph">Its snapshot.</param>
    public static string AnalysisName(string graphName, GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"communities (Leiden) on graph '{graphName}' ({graph.NodeCount:N0} accounts, {graph.EdgeCount:N0} follows)");
    }

    /// <summary>What a memory refusal of Leiden suggests: its memory grows with the follows whatever the options.</summary>
    public const string MemoryHint =
        "partition a smaller graph (a version or a subgraph with fewer follows: Leiden needs about 37 B per follow), or give the process more memory";

    /// <summary>
    /// Undirected modularity of <paramref name="membership"/> on the undirected view described in
    /// <see cref="Leiden"/>: Q = Σ_c [ L_c / m − γ (K_c / 2m)² ]; equals igraph's
    /// <c>modularity(membership, resolution=γ)</c> on <c>simplify(loops only).as_undirected("each")</c>.
    /// </summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="membership">Length n, community ids &gt;= 0.</param>
    /// <param name="resolution">γ, default 1.</param>
    /// <param name="threads">Threads for building the undirected view; null = all cores.</param>
    /// <returns>Q in [−1/2, 1); NaN when the graph has no tie.</returns>
    /// <exception cref="ArgumentException">Membership length differs from the node count, or holds a negative id.</exception>
    public static double UndirectedModularity(GraphSnapshot graph, int[] membership, double resolution = 1.0, int? threads = null)
        => Modularity(graph, membership, directed: false, resolution, threads);

    /// <summary>
    /// Modularity of <paramref name="membership"/>: undirected (see <see cref="UndirectedModularity"/>)
    /// or Leicht–Newman directed, Q = Σ_c [ E_c / m − γ K_c^out K_c^in / m² ] over non-loop follow
    /// edges (igraph's <c>modularity(directed=True)</c> on the loop-free graph).
    /// </summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="membership">Length n, community ids &gt;= 0.</param>
    /// <param name="directed">Directed (Leicht–Newman) modularity.</param>
    /// <param name="resolution">γ, default 1.</param>
    /// <param name="threads">Threads for building the undirected view; null = all cores.</param>
    /// <returns>Q; NaN when the graph has no tie (or, directed, no non-loop edge).</returns>
    /// <exception cref="ArgumentException">Membership length differs from the node count, or holds a negative id.</exception>
    public static double Modularity(GraphSnapshot graph, int[] membership, bool directed, double resolution = 1.0, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.Length != graph.NodeCount)
            throw new ArgumentException($"membership has {membership.Length} entries, the graph {graph.NodeCount} accounts", nameof(membership));
        int k = 0;
        foreach (int c in membership)
        {
            if (c < 0) throw new ArgumentException("membership holds a negative community id", nameof(membership));
            k = Math.Max(k, c + 1);
        }
        var ties = TieGraph.FromSnapshot(graph, threads);
        double d = SetNodeWeights(graph, ties, new LeidenOptions { Directed = directed });
        return d > 0 ? Quality(ties, membership, k, resolution / d) : double.NaN;
    }

    private static double SetNodeWeights(GraphSnapshot graph, TieGraph t, LeidenOptions o)
    {
        int n = t.N;
        if (o.Objective == CommunityObjective.Cpm)
        {
            Array.Fill(t.X, 1.0); Array.Fill(t.Y, 1.0);
            return 2.0;
        }
        if (!o.Directed)
        {
            double total = 0;
            for (int v = 0; v < n; v++)
            {
                double s = 0;
                for (int e = t.Offsets[v]; e < t.Offsets[v + 1]; e++) s += t.Weights[e];
                t.X[v] = s; t.Y[v] = s; total += s;
            }
            return 2 * total;
        }
        double m = 0;
        for (int v = 0; v < n; v++)
        {
            int outDeg = 0, inDeg = 0;
            foreach (int u in graph.Followees(v)) if (u != v) outDeg++;
            foreach (int u in graph.Followers(v)) if (u != v) inDeg++;
            t.X[v] = outDeg; t.Y[v] = inDeg; m += outDeg;
        }
        return m;
    }

    /// <summary>Σ_c [A_c − 2 f X_c Y_c] / T with A_c the internal tie weight over ordered pairs and T its total.</summary>
    private static double Quality(TieGraph t, int[] membership, int k, double f)
    {
        int n = t.N;
        var internalW = new double[k];
        var cx = new double[k];
        var cy = new double[k];
        double total = 0;
        for (int v = 0; v < n; v++)
        {
            int c = membership[v];
            cx[c] += t.X[v]; cy[c] += t.Y[v];
            double inside = 0;
            for (int e = t.Offsets[v]; e < t.Offsets[v + 1]; e++)
            {
                total += t.Weights[e];
                if (membership[t.Adj[e]] == c) inside += t.Weights[e];
            }
            internalW[c] += inside;
        }
        if (total <= 0) return double.NaN;
        double q = 0;
        for (int c = 0; c < k; c++) q += internalW[c] - 2 * f * cx[c] * cy[c];
        return q / total;
    }

    private sealed class Workspace
    {
        private long _discarded;

        /// <summary>Counts <paramref name="bytes"/> of large arrays just dropped; past <see cref="CollectAfterDiscardedBytes"/>, collects them.</summary>
        public void Discard(long bytes)
        {
            _discarded += bytes;
            if (_discarded < CollectThreshold) return;
            _discarded = 0;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }

        public Workspace(int n)
        {
            WeightTo = new double[n]; Neighbours = new int[n + 1];
            ClusterX = new double[n]; ClusterY = new double[n]; ClusterCount = new int[n];
            Queue = new int[n]; InQueue = new bool[n]; Empty = new int[n];
            Ext = new double[n]; NonSingleton = new bool[n]; Refined = new int[n]; Order = new int[n];
            Map = new int[n];
        }
        public double[] WeightTo, ClusterX, ClusterY, Ext;
        public int[] Neighbours, ClusterCount, Queue, Empty, Refined, Order, Map;
        public bool[] InQueue, NonSingleton;
    }

    /// <summary>One Leiden iteration from <paramref name="membership"/> (updated). True when any node moved.</summary>
    private static bool Iterate(TieGraph baseGraph, int[] membership, double f, double beta, SplitMix64 rng, Workspace w, ParallelOptions po, CancellationToken ct)
    {
        int n0 = baseGraph.N;
        var g = baseGraph;
        var memb = (int[])membership.Clone();
        int[]? nodeMap = null; // original node -> current aggregate node
        bool changed = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            changed |= MoveNodes(g, memb, f, rng, w);
            int clusters = Renumber(memb, g.N, w.Map);
            if (clusters >= g.N) break;
            var refined = new int[g.N];
            int r = Refine(g, memb, clusters, f, beta, rng.Next(), w, refined, po);
            if (r >= g.N) break;
            var (agg, aggMemb) = Aggregate(g, refined, r, memb, po);
            if (!ReferenceEquals(g, baseGraph)) w.Discard(BytesOf(g) + 4L * memb.Length);
            if (nodeMap is null)
            {
                nodeMap = refined;
            }
            else
            {
                for (int i = 0; i < n0; i++) nodeMap[i] = refined[nodeMap[i]];
            }
            g = agg; memb = aggMemb;
        }
        if (nodeMap is null) Array.Copy(memb, membership, n0);
        else for (int i = 0; i < n0; i++) membership[i] = memb[nodeMap[i]];
        // This iteration's last aggregate, the node map and the first membership copy are garbage now.
        w.Discard((ReferenceEquals(g, baseGraph) ? 0 : BytesOf(g)) + 4L * memb.Length + (nodeMap is null ? 0 : 4L * n0) + 4L * n0);
        return changed;
    }

    /// <summary>Bytes of the arrays of an undirected view or aggregate (offsets, ties and weights, node weights).</summary>
    private static long BytesOf(TieGraph g) => 4L * (g.Offsets.Length + g.Adj.Length + g.Weights.Length) + 8L * (g.X.Length + g.Y.Length);

    /// <summary>
    /// Discarded bytes after which <see cref="Run"/> asks the garbage collector for a full, non-compacting collection: the
    /// aggregates of each level are large objects, which the collector returns only at a full collection, so without it a
    /// process grows by every level's aggregate (measured: the API server grew by 6.3 GiB during Leiden at 10^8 follows where
    /// the live peak is about 4.5 GiB). 64 MiB: small graphs never pay for it.
    /// </summary>
    public const long CollectAfterDiscardedBytes = 64L << 20;

    /// <summary>The threshold in use (<see cref="CollectAfterDiscardedBytes"/>; a measurement harness sets it to long.MaxValue to compare).</summary>
    internal static long CollectThreshold = CollectAfterDiscardedBytes;

    /// <summary>Fast local moving (igraph <c>fastmovenodes</c>). True when a node changed community.</summary>
    private static bool MoveNodes(TieGraph g, int[] memb, double f, SplitMix64 rng, Workspace w)
    {
        int n = g.N;
        var cx = w.ClusterX; var cy = w.ClusterY; var cnt = w.ClusterCount;
        Array.Clear(cx, 0, n); Array.Clear(cy, 0, n); Array.Clear(cnt, 0, n);
        var x = g.X; var y = g.Y; var off = g.Offsets; var adj = g.Adj; var wt = g.Weights;
        for (int v = 0; v < n; v++) { int c = memb[v]; cx[c] += x[v]; cy[c] += y[v]; cnt[c]++; }
        var empty = w.Empty; int emptyTop = 0;
        for (int c = n - 1; c >= 0; c--) if (cnt[c] == 0) empty[emptyTop++] = c;
        var queue = w.Queue; var inQ = w.InQueue;
        for (int i = 0; i < n; i++) queue[i] = i;
        rng.Shuffle(queue.AsSpan(0, n));
        for (int i = 0; i < n; i++) inQ[i] = true;
        int head = 0, size = n;
        var weightTo = w.WeightTo; var neigh = w.Neighbours;
        bool changed = false;
        while (size > 0)
        {
            int v = queue[head]; head++; if (head == n) head = 0; size--;
            inQ[v] = false;
            int cur = memb[v];
            int nn = 0;
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int c = memb[adj[e]];
                if (weightTo[c] == 0) neigh[nn++] = c;
                weightTo[c] += wt[e];
            }
            double xv = x[v], yv = y[v];
            cx[cur] -= xv; cy[cur] -= yv;
            if (--cnt[cur] == 0) empty[emptyTop++] = cur;
            int best = cur;
            double bestDiff = weightTo[cur] - f * (xv * cy[cur] + yv * cx[cur]);
            if (bestDiff < 0 && cnt[cur] > 0) { best = empty[emptyTop - 1]; bestDiff = 0; }
            for (int i = 0; i < nn; i++)
            {
                int c = neigh[i];
                double diff = weightTo[c] - f * (xv * cy[c] + yv * cx[c]);
                if (diff > bestDiff) { bestDiff = diff; best = c; }
                weightTo[c] = 0;
            }
            weightTo[cur] = 0;
            if (cnt[best] == 0) emptyTop--; // best is the top of the empty stack
            cx[best] += xv; cy[best] += yv; cnt[best]++;
            if (best != cur)
            {
                changed = true;
                memb[v] = best;
                for (int e = off[v]; e < off[v + 1]; e++)
                {
                    int u = adj[e];
                    if (!inQ[u] && memb[u] != best)
                    {
                        inQ[u] = true;
                        int tail = head + size; if (tail >= n) tail -= n;
                        queue[tail] = u; size++;
                    }
                }
            }
        }
        return changed;
    }

    /// <summary>Renumbers community ids to 0..k−1 in order of first node; returns k.</summary>
    private static int Renumber(int[] memb, int n, int[] map)
    {
        Array.Fill(map, -1, 0, n);
        int k = 0;
        for (int v = 0; v < n; v++)
        {
            int c = memb[v];
            if (map[c] < 0) map[c] = k++;
            memb[v] = map[c];
        }
        return k;
    }

    /// <summary>
    /// Refinement (igraph <c>mergenodes</c>) of every community, in parallel over communities; each
    /// community draws from its own stream seeded by (refinement seed, community id), so the result
    /// does not depend on the number of threads. Fills <paramref name="refined"/> with ids 0..r−1; returns r.
    /// </summary>
    private static int Refine(TieGraph g, int[] memb, int clusters, double f, double beta, ulong seed, Workspace w, int[] refined, ParallelOptions po)
    {
        int n = g.N;
        var x = g.X; var y = g.Y; var off = g.Offsets; var adj = g.Adj; var wt = g.Weights;
        // Nodes grouped by community (counting sort, ascending node id inside).
        var start = new int[clusters + 1];
        for (int v = 0; v < n; v++) start[memb[v] + 1]++;
        for (int c = 0; c < clusters; c++) start[c + 1] += start[c];
        var order = w.Order; var fill = (int[])start.Clone();
        for (int v = 0; v < n; v++) order[fill[memb[v]]++] = v;

        var rx = w.ClusterX; var ry = w.ClusterY; var ext = w.Ext; var nonSingleton = w.NonSingleton;
        for (int v = 0; v < n; v++) refined[v] = v;
        Parallel.For(0, clusters, po, () => new RefineScratch(n), (c, _, scratch) =>
        {
            int s = start[c], len = start[c + 1] - s;
            if (len == 1) return scratch;
            var weightTo = scratch.WeightTo; var neigh = scratch.Neighbours; var cum = scratch.Cum;
            double totX = 0, totY = 0;
            for (int i = s; i < s + len; i++)
            {
                int v = order[i];
                totX += x[v]; totY += y[v];
                rx[v] = x[v]; ry[v] = y[v]; nonSingleton[v] = false;
                double e0 = 0;
                for (int e = off[v]; e < off[v + 1]; e++) if (memb[adj[e]] == c) e0 += wt[e];
                ext[v] = e0;
            }
            var rng = new SplitMix64(seed ^ (0x632BE59BD9B4E019UL * (ulong)(c + 1)));
            var nodes = order.AsSpan(s, len);
            rng.Shuffle(nodes);
            foreach (int v in nodes)
            {
                int c0 = refined[v];
                if (nonSingleton[c0]) continue;
                if (ext[c0] < f * (rx[c0] * (totY - ry[c0]) + ry[c0] * (totX - rx[c0]))) continue;
                double xv = x[v], yv = y[v], extV = ext[c0];
                rx[c0] = 0; ry[c0] = 0;
                int nn = 0;
                neigh[nn++] = c0;
                weightTo[c0] = double.Epsilon; // marks c0 as listed (no other node is in c0)
                for (int e = off[v]; e < off[v + 1]; e++)
                {
                    int u = adj[e];
                    if (memb[u] != c) continue;
                    int rc = refined[u];
                    if (weightTo[rc] == 0) neigh[nn++] = rc;
                    weightTo[rc] += wt[e];
                }
                weightTo[c0] = 0;
                double maxDiff = double.NegativeInfinity;
                int best = c0;
                for (int i = 0; i < nn; i++)
                {
                    int rc = neigh[i];
                    double diff = double.NegativeInfinity;
                    if (rc == c0 || ext[rc] >= f * (rx[rc] * (totY - ry[rc]) + ry[rc] * (totX - rx[rc])))
                        diff = weightTo[rc] - f * (xv * ry[rc] + yv * rx[rc]);
                    cum[i] = diff;
                    if (diff > maxDiff) { maxDiff = diff; best = rc; }
                }
                // Sample among diff >= 0 with probability ∝ exp((diff − max)/β) (igraph: ∝ exp(diff/β)).
                double total = 0;
                for (int i = 0; i < nn; i++)
                {
                    double diff = cum[i];
                    if (diff >= 0) total += Math.Exp((diff - maxDiff) / beta);
                    cum[i] = total;
                }
                int chosen = best;
                if (total > 0 && double.IsFinite(total))
                {
                    double r = rng.NextDouble() * total;
                    for (int i = 0; i < nn; i++)
                        if (r < cum[i]) { chosen = neigh[i]; break; }
                }
                double wChosen = weightTo[chosen];
                for (int i = 0; i < nn; i++) weightTo[neigh[i]] = 0;
                rx[chosen] += xv; ry[chosen] += yv;
                if (chosen != c0)
                {
                    ext[chosen] += extV - 2 * wChosen;
                    ext[c0] = 0;
                    refined[v] = chosen;
                    nonSingleton[chosen] = true;
                }
            }
            return scratch;
        }, _ => { });
        return Renumber(refined, n, w.Map);
    }

    private sealed class RefineScratch(int n)
    {
        public readonly double[] WeightTo = new double[n];
        public readonly int[] Neighbours = new int[n + 1];
        public readonly double[] Cum = new double[n + 1];
    }

    /// <summary>
    /// Collapses each refined community into one node; its start community is its members' community.
    /// Built in parallel over fixed blocks of refined communities in two passes (count the distinct neighbours,
    /// then fill the exactly-sized arrays), so the aggregate's peak memory is the aggregate itself.
    /// </summary>
    private static (TieGraph Graph, int[] Membership) Aggregate(TieGraph g, int[] refined, int r, int[] memb, ParallelOptions po)
    {
        int n = g.N;
        var start = new int[r + 1];
        for (int v = 0; v < n; v++) start[refined[v] + 1]++;
        for (int c = 0; c < r; c++) start[c + 1] += start[c];
        var members = new int[n]; var fill = (int[])start.Clone();
        for (int v = 0; v < n; v++) members[fill[refined[v]]++] = v;

        var x = new double[r]; var y = new double[r]; var aggMemb = new int[r];
        var degree = new int[r];
        int blocks = Math.Max(1, Math.Min(64, r / 256));
        // Pass 1: the distinct neighbours of each aggregate (no edge array yet), with its node weights and start community.
        Parallel.For(0, blocks, po, () => new int[r], (b, _, listed) =>
        {
            int c0 = (int)((long)r * b / blocks), c1 = (int)((long)r * (b + 1) / blocks);
            for (int c = c0; c < c1; c++)
            {
                int mark = c + 1, deg = 0; // listed[] holds c+1 for neighbours seen from c (0 = never)
                for (int i = start[c]; i < start[c + 1]; i++)
                {
                    int v = members[i];
                    x[c] += g.X[v]; y[c] += g.Y[v];
                    aggMemb[c] = memb[v];
                    for (int e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
                    {
                        int d = refined[g.Adj[e]];
                        if (d != c && listed[d] != mark) { listed[d] = mark; deg++; }
                    }
                }
                degree[c] = deg;
            }
            return listed;
        }, _ => { });
        var offsets = new int[r + 1];
        for (int c = 0; c < r; c++) offsets[c + 1] = checked(offsets[c] + degree[c]);
        var allAdj = new int[offsets[r]]; var allW = new int[offsets[r]];
        // Pass 2: each aggregate's neighbours in order of first appearance and their summed weights, written in place
        // (the arrays are allocated once at their exact size: no per-block buffers, no resizing copies).
        Parallel.For(0, blocks, po, () => (Acc: new int[r], Listed: new int[r]), (b, _, local) =>
        {
            int c0 = (int)((long)r * b / blocks), c1 = (int)((long)r * (b + 1) / blocks);
            var acc = local.Acc; var listed = local.Listed;
            for (int c = c0; c < c1; c++)
            {
                int first = offsets[c], p = first, mark = c + 1;
                for (int i = start[c]; i < start[c + 1]; i++)
                {
                    int v = members[i];
                    for (int e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
                    {
                        int d = refined[g.Adj[e]];
                        if (d == c) continue;
                        if (listed[d] != mark) { listed[d] = mark; allAdj[p++] = d; acc[d] = 0; }
                        acc[d] += g.Weights[e];
                    }
                }
                for (int q = first; q < p; q++) allW[q] = acc[allAdj[q]];
            }
            return local;
        }, _ => { });
        return (new TieGraph(offsets, allAdj, allW, x, y), aggMemb);
    }

    /// <summary>Splits every community into its connected components in the undirected view.</summary>
    private static void SplitDisconnected(TieGraph g, int[] memb)
    {
        int n = g.N;
        var label = new int[n]; Array.Fill(label, -1);
        var stack = new int[n];
        int next = 0;
        for (int s = 0; s < n; s++)
        {
            if (label[s] >= 0) continue;
            int c = memb[s], id = next++, top = 0;
            label[s] = id; stack[top++] = s;
            while (top > 0)
            {
                int v = stack[--top];
                for (int e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
                {
                    int u = g.Adj[e];
                    if (label[u] < 0 && memb[u] == c) { label[u] = id; stack[top++] = u; }
                }
            }
        }
        Array.Copy(label, memb, n);
    }

    /// <summary>Renumbers communities by size, largest first (ties: smallest member first); returns the sizes.</summary>
    private static int[] Canonicalise(int[] memb)
    {
        int n = memb.Length, k = 0;
        foreach (int c in memb) k = Math.Max(k, c + 1);
        var size = new int[k]; var first = new int[k]; Array.Fill(first, int.MaxValue);
        for (int v = 0; v < n; v++) { size[memb[v]]++; if (first[memb[v]] > v) first[memb[v]] = v; }
        var ids = Enumerable.Range(0, k).Where(c => size[c] > 0).ToArray();
        Array.Sort(ids, (a, b) => size[a] != size[b] ? size[b].CompareTo(size[a]) : first[a].CompareTo(first[b]));
        var map = new int[k];
        for (int i = 0; i < ids.Length; i++) map[ids[i]] = i;
        for (int v = 0; v < n; v++) memb[v] = map[memb[v]];
        return ids.Select(c => size[c]).ToArray();
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seedable generator with a fixed definition.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound) (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        ulong b = (ulong)bound;
        while (true)
        {
            ulong r = Next() >> 32;
            ulong m = r * b;
            if ((uint)m >= (uint)((0x1_0000_0000UL - b) % b)) return (int)(m >> 32);
        }
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
