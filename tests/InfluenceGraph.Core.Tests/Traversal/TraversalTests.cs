using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Tests.Traversal;

/// <summary>
/// The traversal blocks against naive implementations (queue BFS, Floyd–Warshall) on seeded random
/// graphs, and on small graphs whose answers are drawn in the comments.
/// </summary>
public class TraversalTests
{
    private static GraphSnapshot Random(int seed, int n, int rows, bool weighted, bool zeros = false)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        for (int i = 0; i < n; i++) b.AddAccount("v" + i);
        for (int i = 0; i < rows; i++) b.AddEdge(rng.Next(n), rng.Next(n), weighted ? rng.Next(zeros ? 0 : 1, 5) : 1.0);
        return b.Build(forceWeighted: weighted);
    }

    private static GraphSnapshot Build(string edges)
    {
        var b = new GraphBuilder();
        foreach (var e in edges.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var p = e.Split(' ');
            b.AddEdge(p[0], p[1], p.Length > 2 ? double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture) : 1.0);
        }
        return b.Build();
    }

    /// <summary>Hop distances from each source by a textbook queue BFS over the snapshot's edges in <paramref name="dir"/>.</summary>
    private static int[] NaiveBfs(GraphSnapshot g, int[] sources, EdgeDirection dir, int maxHops)
    {
        var dist = Enumerable.Repeat(-1, g.NodeCount).ToArray();
        var q = new Queue<int>();
        foreach (int s in sources) if (dist[s] < 0) { dist[s] = 0; q.Enqueue(s); }
        while (q.Count > 0)
        {
            int v = q.Dequeue();
            if (dist[v] == maxHops) continue;
            var next = dir switch
            {
                EdgeDirection.Out => g.Followees(v).ToArray(),
                EdgeDirection.In => g.Followers(v).ToArray(),
                _ => [.. g.Followees(v).ToArray(), .. g.Followers(v).ToArray()],
            };
            foreach (int w in next) if (dist[w] < 0) { dist[w] = dist[v] + 1; q.Enqueue(w); }
        }
        return dist;
    }

    [Theory]
    [InlineData(1, EdgeDirection.Out)]
    [InlineData(2, EdgeDirection.In)]
    [InlineData(3, EdgeDirection.Both)]
    public void BreadthFirstSearch_EveryStrategyAndHopLimit_MatchesQueueBfs(int seed, EdgeDirection dir)
    {
        var g = Random(seed, 300, 1500, weighted: false);
        var tg = TraversalGraph.From(g, dir);
        foreach (var strategy in new[] { BfsStrategy.Auto, BfsStrategy.TopDown, BfsStrategy.BottomUp })
        {
            var bfs = new BreadthFirstSearch(tg, strategy);
            // Many runs on one instance: labels from earlier runs must never leak into later ones.
            for (int s = 0; s < g.NodeCount; s += 7)
                foreach (int hops in new[] { 0, 1, 2, int.MaxValue })
                {
                    int[] sources = s % 2 == 0 ? [s] : [s, (s * 31) % g.NodeCount, s];
                    int reached = bfs.Run(sources, hops);
                    var want = NaiveBfs(g, sources.Distinct().ToArray(), dir, hops);
                    Assert.Equal(want.Count(d => d >= 0), reached);
                    for (int v = 0; v < g.NodeCount; v++) Assert.Equal(want[v], bfs.DistanceOf(v));
                    // Levels partition the reached accounts by distance, in order.
                    int total = 0;
                    for (int d = 0; d < bfs.LevelCount; d++)
                    {
                        foreach (int v in bfs.Level(d)) Assert.Equal(d, want[v]);
                        total += bfs.Level(d).Length;
                    }
                    Assert.Equal(reached, total);
                }
        }
    }

    //  Followers: a <- b <- c <- d (b follows a, c follows b, d follows c), e follows a.
    [Fact]
    public void BreadthFirstSearch_FollowersDirection_GivesHopAudiences_AndVisitorCanStop()
    {
        var g = Build("b a, c b, d c, e a");
        var bfs = new BreadthFirstSearch(TraversalGraph.From(g, EdgeDirection.In));
        g.TryGetNode("a", out int a);
        Assert.Equal(3, bfs.Run(a, maxHops: 1)); // a and its followers b, e
        Assert.Equal(5, bfs.Run(a));
        Assert.Equal(3, bfs.DistanceOf(g.Accounts.TryGetId("d", out int d) ? d : -1));
        var seen = new List<(int, int)>();
        bfs.Run(a, visitor: (level, nodes) => { seen.Add((level, nodes.Length)); return level < 1; });
        Assert.Equal([(0, 1), (1, 2)], seen); // stopped after level 1: level 2 never expanded
        Assert.Equal(-1, bfs.DistanceOf(d));
        // Along the follows (Out) a follows nobody: only a itself.
        Assert.Equal(1, new BreadthFirstSearch(TraversalGraph.From(g, EdgeDirection.Out)).Run(a));
    }

    [Fact]
    public void TraversalGraph_UndirectedView_MergesBothDirections_KeepsLighterWeight()
    {
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        b.AddEdge("a", "b", 5); b.AddEdge("b", "a", 2); b.AddEdge("a", "b", 4); b.AddEdge("a", "a", 1); b.AddEdge("c", "a", 3);
        var g = b.Build();
        var tg = TraversalGraph.From(g, EdgeDirection.Both, weighted: true);
        g.TryGetNode("a", out int a); g.TryGetNode("b", out int bb); g.TryGetNode("c", out int c);
        Assert.Equal(new[] { bb, c }.Order().ToArray(), tg.Neighbors(a).ToArray());
        int e = tg.Offsets[a] + tg.Neighbors(a).IndexOf(bb);
        Assert.Equal(2.0, tg.Weights![e]); // lighter of a->b (4, 5) and b->a (2); the self-loop is gone
        Assert.Equal(4, tg.EdgeCount); // a-b and a-c, both ways
        Assert.Equal(tg.Offsets, tg.ReverseOffsets);
    }

    private static double[,] FloydWarshall(GraphSnapshot g, EdgeDirection dir)
    {
        int n = g.NodeCount;
        var d = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i, j] = i == j ? 0 : double.PositiveInfinity;
        for (int u = 0; u < n; u++)
            for (int e = 0; e < g.OutDegreeOf(u); e++)
            {
                int v = g.Followees(u)[e];
                double w = g.FolloweeWeights(u)[e];
                if (dir != EdgeDirection.In) d[u, v] = Math.Min(d[u, v], w);
                if (dir != EdgeDirection.Out) d[v, u] = Math.Min(d[v, u], w);
            }
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
            if (d[i, k] + d[k, j] < d[i, j]) d[i, j] = d[i, k] + d[k, j];
        return d;
    }

    [Theory]
    [InlineData(5, EdgeDirection.Out)]
    [InlineData(6, EdgeDirection.In)]
    [InlineData(7, EdgeDirection.Both)]
    public void Dijkstra_Distances_MatchFloydWarshall_WithCutoff(int seed, EdgeDirection dir)
    {
        var g = Random(seed, 60, 200, weighted: true, zeros: true);
        var d = FloydWarshall(g, dir);
        var dj = new Dijkstra(TraversalGraph.From(g, dir, weighted: true));
        foreach (double cutoff in new[] { double.PositiveInfinity, 3.0 })
            for (int s = 0; s < g.NodeCount; s++)
            {
                int settled = dj.Run(s, cutoff);
                int want = 0;
                for (int v = 0; v < g.NodeCount; v++)
                {
                    double expected = d[s, v] <= cutoff ? d[s, v] : double.PositiveInfinity;
                    if (!double.IsInfinity(expected)) want++;
                    Assert.Equal(expected, dj.DistanceOf(v));
                }
                Assert.Equal(want, settled);
                var order = dj.Settled.ToArray();
                for (int i = 1; i < order.Length; i++) Assert.True(dj.DistanceOf(order[i - 1]) <= dj.DistanceOf(order[i]));
            }
    }

    //  s -> a (0), a -> b (0), s -> b (0), b -> t (1): a, b, s all at distance 0; σ(b) = 2 (s-b, s-a-b), σ(t) = 2.
    [Fact]
    public void Dijkstra_ZeroLengthEdges_PathCountsFollowTheZeroEdges()
    {
        foreach (string rows in new[] { "s a 0, a b 0, s b 0, b t 1", "b t 1, s b 0, a b 0, s a 0" })
        {
            var g = Build(rows);
            var dj = new Dijkstra(TraversalGraph.From(g, EdgeDirection.Out, weighted: true), countPaths: true);
            g.TryGetNode("s", out int s); g.TryGetNode("a", out int a); g.TryGetNode("b", out int b); g.TryGetNode("t", out int t);
            Assert.Equal(4, dj.Run(s));
            Assert.Equal(1.0, dj.PathCount(a));
            Assert.Equal(2.0, dj.PathCount(b));
            Assert.Equal(2.0, dj.PathCount(t));
            var order = dj.Settled.ToArray();
            Assert.True(Array.IndexOf(order, a) < Array.IndexOf(order, b), rows);
        }
        var cyc = Build("s a 0, a b 0, b a 0");
        cyc.TryGetNode("s", out int src);
        var ex = Assert.Throws<ZeroLengthCycleException>(() => new Dijkstra(TraversalGraph.From(cyc, EdgeDirection.Out, true), countPaths: true).Run(src));
        Assert.Equal(2, ex.Nodes.Length);
    }

    [Fact]
    public void ShortestPathBfs_PathCounts_MatchDynamicProgramming()
    {
        var g = Random(9, 120, 500, weighted: false);
        var tg = TraversalGraph.From(g, EdgeDirection.Out);
        foreach (var strategy in new[] { BfsStrategy.TopDown, BfsStrategy.BottomUp, BfsStrategy.Auto })
        {
            var sp = new ShortestPathBfs(tg, strategy);
            for (int s = 0; s < g.NodeCount; s += 5)
            {
                sp.Run(s);
                var dist = NaiveBfs(g, [s], EdgeDirection.Out, int.MaxValue);
                // σ(v) = Σ σ(u) over distinct followees-edges u -> v with dist(u) + 1 = dist(v).
                var sigma = new double[g.NodeCount];
                sigma[s] = 1;
                foreach (int v in Enumerable.Range(0, g.NodeCount).Where(v => dist[v] > 0).OrderBy(v => dist[v]))
                    foreach (int u in g.Followers(v).ToArray().Distinct())
                        if (u != v && dist[u] >= 0 && dist[u] + 1 == dist[v]) sigma[v] += sigma[u];
                for (int v = 0; v < g.NodeCount; v++)
                {
                    Assert.Equal(dist[v], sp.DistanceOf(v));
                    Assert.Equal(sigma[v], sp.PathCount(v));
                }
            }
        }
    }

    [Fact]
    public void SourceParallel_Accumulate_BitIdenticalForAnyThreadCount_AndMapKeepsOrder()
    {
        var g = Random(10, 400, 2000, weighted: false);
        var tg = TraversalGraph.From(g, EdgeDirection.Both);
        int[] sources = Enumerable.Range(0, g.NodeCount).ToArray();
        // Sum over sources of 1/d to every reached account: floating-point sums whose order matters.
        double[] Run(int threads) => SourceParallel.Accumulate(sources, g.NodeCount, 1, () => new BreadthFirstSearch(tg),
            (bfs, s, acc) =>
            {
                bfs.Run(s);
                foreach (int v in bfs.Reached) if (v != s) acc[0][v] += 1.0 / bfs.DistanceOf(v) / 3.0;
            }, threads)[0];
        var one = Run(1);
        Assert.Contains(one, x => x > 0);
        foreach (int t in new[] { 2, 3, 8 }) Assert.Equal(one, Run(t));
        var mapped = SourceParallel.Map(sources, () => new BreadthFirstSearch(tg), (bfs, s) => bfs.Run(s), 3);
        var serial = new BreadthFirstSearch(tg);
        for (int s = 0; s < sources.Length; s++) Assert.Equal(serial.Run(s), mapped[s]);
    }

    [Fact]
    public void IndexedMinHeap_PopsInKeyOrder_WithDecreaseKey()
    {
        var rng = new Random(3);
        var heap = new IndexedMinHeap(500);
        var key = new double[500];
        for (int i = 0; i < 500; i++) { key[i] = rng.NextDouble(); heap.Push(i, key[i]); }
        for (int i = 0; i < 500; i += 3) { key[i] /= 10; heap.DecreaseKey(i, key[i]); }
        double last = double.NegativeInfinity;
        var popped = new HashSet<int>();
        while (heap.Count > 0)
        {
            int v = heap.Pop(out double k);
            Assert.Equal(key[v], k);
            Assert.True(k >= last);
            Assert.True(popped.Add(v));
            last = k;
        }
        Assert.Equal(500, popped.Count);
        Assert.Throws<InvalidOperationException>(() => heap.Pop(out _));
    }
}
