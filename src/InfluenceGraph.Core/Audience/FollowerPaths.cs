using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Audience;

/// <summary>
/// How one account's posts reach another: the shortest follower chains from A to B.
/// </summary>
/// <remarks>
/// <para>
/// <b>Semantics.</b> A chain from A to B is a list <c>A = x0, x1, ..., xk = B</c> where each account
/// follows the one before it (edge <c>x(i+1) -> x(i)</c>): x1 is a follower of A, x2 a follower of x1,
/// ..., so A's posts can reach B through k hops. The hop count is the length of the shortest chain, i.e.
/// the BFS distance from A over in-edges (igraph <c>distances(mode="in")</c> from A; NetworkX
/// <c>shortest_path_length(G, B, A)</c> on the follow edges). B is in A's h-hop audience exactly when a
/// chain of at most h hops exists.
/// </para>
/// <para>
/// <b>Kernel.</b> Breadth-first search from A over in-edges that stops as soon as B is reached (at most
/// O(n + m)), counting shortest chains per account as it goes (Brandes' σ, saturating at
/// <see cref="long.MaxValue"/>), then a depth-first walk back from B over followees one layer closer to
/// A, in ascending node-id order, which lists up to <c>limit</c> distinct shortest chains (every walk
/// reaches A: each account of a layer has a followee in the layer before).
/// </para>
/// </remarks>
public static class FollowerPaths
{
    /// <summary>Finds the shortest follower chains from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="from">Node id of A, whose posts travel.</param>
    /// <param name="to">Node id of B, who may see them; must differ from A.</param>
    /// <param name="limit">Most chains to list, &gt;= 1.</param>
    /// <param name="cancellationToken">Cancels the search (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown node ids, <paramref name="from"/> == <paramref name="to"/>, or limit &lt; 1.</exception>
    public static FollowerPathResult Find(GraphSnapshot graph, int from, int to, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Audiences.CheckNode(graph, from, nameof(from));
        Audiences.CheckNode(graph, to, nameof(to));
        if (from == to) throw new ArgumentOutOfRangeException(nameof(to), to, "from and to are the same account.");
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be >= 1.");

        var w = AudienceWorkspace.Rent(graph.NodeCount);
        try
        {
            int hops = Distance(graph, from, to, w, out int reached, cancellationToken);
            if (hops < 0) return FollowerPathResult.NotFound(graph, from, to, reached);
            var chains = Enumerate(graph, from, to, hops, limit, w, cancellationToken);
            return new FollowerPathResult(graph, from, to, hops, w.PathCounts[to], chains, reached);
        }
        finally { w.Return(); }
    }

    /// <summary>BFS from <paramref name="from"/> over in-edges until <paramref name="to"/> is found.</summary>
    /// <returns>The hop count, or -1 when unreachable (then <paramref name="reached"/> is A's whole audience size).</returns>
    private static int Distance(GraphSnapshot g, int from, int to, AudienceWorkspace w, out int reached, CancellationToken ct)
    {
        EdgeChunks followers = g.InEdgeChunks;
        int[] stamp = w.Stamp, queue = w.Queue, dist = w.Distance;
        long[] sigma = w.PathCounts;
        int epoch = w.NextEpoch();
        stamp[from] = epoch; dist[from] = 0; sigma[from] = 1;
        queue[0] = from;
        int head = 0, count = 1;
        long scanned = 0;
        while (head < count)
        {
            int v = queue[head++];
            int dv = dist[v];
            long sv = sigma[v];
            int last = -1;
            var list = followers.Neighbours(v);
            foreach (int u in list)
            {
                if (u == last) continue; // duplicate edge (followers are sorted): one chain, not two
                last = u;
                if (stamp[u] != epoch)
                {
                    stamp[u] = epoch; dist[u] = dv + 1; sigma[u] = sv; queue[count++] = u;
                    if (u == to)
                    {
                        // Every account of layer dv is final: B's count is the sum over its followees there.
                        long s = 0;
                        int prev = -1;
                        foreach (int p in g.Followees(to))
                        {
                            if (p != prev && stamp[p] == epoch && dist[p] == dv) s = SaturatingAdd(s, sigma[p]);
                            prev = p;
                        }
                        sigma[to] = s;
                        reached = count - 1;
                        return dv + 1;
                    }
                }
                else if (dist[u] == dv + 1) sigma[u] = SaturatingAdd(sigma[u], sv);
            }
            scanned += list.Length;
            if (scanned > 1 << 16) { scanned = 0; ct.ThrowIfCancellationRequested(); }
        }
        reached = count - 1;
        return -1;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static List<int[]> Enumerate(GraphSnapshot g, int from, int to, int hops, int limit, AudienceWorkspace w, CancellationToken ct)
    {
        var chains = new List<int[]>();
        var chain = new int[hops + 1];
        int[] stamp = w.Stamp, dist = w.Distance;
        int epoch = w.Epoch;
        chain[hops] = to;
        // Explicit DFS: position[d] is the index, in chain[d]'s followee list, of the next followee to try (d = hops .. 1).
        var position = new int[hops + 1];
        int depth = hops;
        position[depth] = 0;
        long steps = 0;
        while (depth <= hops && chains.Count < limit)
        {
            if (depth == 0)
            {
                var c = new int[hops + 1];
                Array.Copy(chain, c, hops + 1);
                chains.Add(c);
                depth++;
                continue;
            }
            var outT = g.Followees(chain[depth]);
            int next = -1;
            while (position[depth] < outT.Length)
            {
                int p = outT[position[depth]++];
                // a duplicate edge repeats p: skip it so chains stay distinct
                if (position[depth] - 1 > 0 && outT[position[depth] - 2] == p) continue;
                if (stamp[p] == epoch && dist[p] == depth - 1 && (depth - 1 > 0 || p == from)) { next = p; break; }
            }
            if (++steps > 1 << 16) { steps = 0; ct.ThrowIfCancellationRequested(); }
            if (next < 0) { depth++; continue; }
            chain[depth - 1] = next;
            depth--;
            if (depth > 0) position[depth] = 0;
        }
        return chains;
    }
}

/// <summary>The shortest follower chains from one account to another (<see cref="FollowerPaths"/>).</summary>
public sealed class FollowerPathResult
{
    internal FollowerPathResult(GraphSnapshot graph, int from, int to, int hops, long pathCount, IReadOnlyList<int[]> chains, int fromAudience)
    {
        Graph = graph;
        From = from;
        To = to;
        Hops = hops;
        PathCount = pathCount;
        Chains = chains;
        FromAudienceSize = fromAudience;
    }

    internal static FollowerPathResult NotFound(GraphSnapshot g, int from, int to, int audience) =>
        new(g, from, to, -1, 0, [], audience);

    /// <summary>The snapshot.</summary>
    public GraphSnapshot Graph { get; }

    /// <summary>Node id of A (whose posts travel).</summary>
    public int From { get; }

    /// <summary>Node id of B.</summary>
    public int To { get; }

    /// <summary>True when B sees A's posts through some chain.</summary>
    public bool Found => Hops > 0;

    /// <summary>Length of the shortest chains in hops (1 = B follows A), or -1 when none exists.</summary>
    public int Hops { get; }

    /// <summary>Number of distinct shortest chains (saturates at <see cref="long.MaxValue"/>); 0 when none.</summary>
    public long PathCount { get; }

    /// <summary>Up to the requested number of shortest chains, each <c>[A, ..., B]</c> (node ids), in ascending lexicographic order of node ids read from B back to A.</summary>
    public IReadOnlyList<int[]> Chains { get; }

    /// <summary>
    /// When no chain exists: the size of A's whole audience (every hop count). When one exists: the
    /// accounts the search had reached when it found B (a lower bound of A's audience).
    /// </summary>
    public int FromAudienceSize { get; }

    /// <summary>Why B does not see A's posts, in words; null when it does.</summary>
    public string? Reason
    {
        get
        {
            if (Found) return null;
            string a = Graph.Accounts[From], b = Graph.Accounts[To];
            int followers = Graph.Followers(From).Length - (Graph.ContainsEdge(From, From) ? 1 : 0);
            if (followers <= 0) return $"'{a}' has no followers, so nobody sees its posts.";
            int followees = Graph.Followees(To).Length - (Graph.ContainsEdge(To, To) ? 1 : 0);
            if (followees <= 0) return $"'{b}' follows nobody, so it sees no account's posts.";
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"No follower chain leads from '{a}' to '{b}': the posts of '{a}' reach {FromAudienceSize:N0} account{(FromAudienceSize == 1 ? "" : "s")} at any number of hops, and '{b}' is not one of them.");
        }
    }
}
