using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Audience;

/// <summary>
/// Plain set-based references for the audience kernels: hop distances towards followers with a
/// Dictionary/Queue, audiences as HashSets, shortest chains counted by dynamic programming over the
/// distance layers. Deliberately naive so that they do not share code or tricks with the product.
/// </summary>
internal static class AudienceReference
{
    /// <summary>Hop distance from <paramref name="v"/> to every account that sees its posts (BFS on followers), v itself at 0.</summary>
    public static Dictionary<int, int> Distances(GraphSnapshot g, int v, int maxHops = int.MaxValue)
    {
        var dist = new Dictionary<int, int> { [v] = 0 };
        var queue = new Queue<int>();
        queue.Enqueue(v);
        while (queue.Count > 0)
        {
            int x = queue.Dequeue();
            if (dist[x] == maxHops) continue;
            foreach (var e in g.InEdges(x))
                if (!dist.ContainsKey(e.Source)) { dist[e.Source] = dist[x] + 1; queue.Enqueue(e.Source); }
        }
        return dist;
    }

    /// <summary>The h-hop audience as a set (v excluded).</summary>
    public static HashSet<int> Audience(GraphSnapshot g, int v, int hops)
    {
        var set = Distances(g, v, hops).Keys.ToHashSet();
        set.Remove(v);
        return set;
    }

    /// <summary>New accounts at each hop 1..h.</summary>
    public static int[] Curve(GraphSnapshot g, int v, int hops)
    {
        var curve = new int[hops];
        foreach (var (node, d) in Distances(g, v, hops)) if (d > 0) curve[d - 1]++;
        return curve;
    }

    /// <summary>Number of distinct shortest chains from <paramref name="from"/> to <paramref name="to"/> (0 when none).</summary>
    public static long ShortestChains(GraphSnapshot g, int from, int to)
    {
        var dist = Distances(g, from);
        if (!dist.TryGetValue(to, out int d)) return 0;
        var count = new Dictionary<int, long> { [from] = 1 };
        foreach (var layer in dist.Where(kv => kv.Value > 0 && kv.Value <= d).GroupBy(kv => kv.Value).OrderBy(gr => gr.Key))
            foreach (var (x, dx) in layer)
                // x's distinct followees one layer closer to `from`
                count[x] = g.OutEdges(x).Select(e => e.Target).Distinct()
                    .Where(p => dist.TryGetValue(p, out int dp) && dp == dx - 1).Sum(p => count[p]);
        return count[to];
    }

    /// <summary>A random graph with skewed followee choice (some big audiences); self-loops and repeats allowed.</summary>
    public static GraphSnapshot Random(int n, int m, int seed, bool multigraph = false, double skew = 3)
    {
        var rng = new System.Random(seed);
        var b = new GraphBuilder(new GraphBuildOptions(multigraph ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse));
        for (int i = 0; i < n; i++) b.AddAccount("a" + i);
        for (int e = 0; e < m; e++) b.AddEdge(rng.Next(n), (int)(n * Math.Pow(rng.NextDouble(), skew)));
        return b.Build();
    }
}
