using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport.Reference;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Betweenness in the undirected view (NetworkX on <c>G.to_undirected()</c>) and with zero-weight
/// edges (row-order independence), against hand-computed values and <see cref="ReferenceBetweenness"/>.
/// </summary>
public class BetweennessViewsTests
{
    private static GraphSnapshot Build(IEnumerable<(string From, string To, double Weight)> rows)
    {
        var b = new GraphBuilder();
        foreach (var (f, t, w) in rows) b.AddEdge(f, t, w);
        return b.Build(forceWeighted: true);
    }

    private static GraphSnapshot Build(string edges) =>
        Build(edges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e =>
        {
            var p = e.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (p[0], p[1], p.Length > 2 ? double.Parse(p[2], CultureInfo.InvariantCulture) : 1.0);
        }));

    private static void AssertClose(double[] expected, double[] actual, string what, double tol = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int v = 0; v < expected.Length; v++)
            Assert.True(Math.Abs(expected[v] - actual[v]) <= tol * Math.Max(1.0, Math.Abs(expected[v])),
                $"{what}: node {v} expected {expected[v]:R}, got {actual[v]:R}");
    }

    //  a -> b <- c : directed, b lies on no path; undirected, b lies on the only a–c path.
    [Fact]
    public void Undirected_InStar_CenterBrokersTheOnlyPair()
    {
        var g = Build("a b, c b");
        Assert.Equal(0.0, Betweenness.Compute(g, new BetweennessOptions { Normalized = false }).ScoreOf("b"));
        // Unordered pair {a, c}: 1 path, through b. Unnormalized 1; normalized 2/((n-1)(n-2)) · 1 = 1 (n = 3).
        var raw = Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Undirected = true });
        Assert.Equal(1.0, raw.ScoreOf("b"), 12);
        Assert.Equal(0.0, raw.ScoreOf("a"), 12);
        Assert.Equal(1.0, Betweenness.Compute(g, new BetweennessOptions { Undirected = true }).ScoreOf("b"), 12);
        // Endpoints (NetworkX endpoints=True on the undirected graph): b also ends the pairs {a,b}, {b,c}.
        var ep = Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Undirected = true, Endpoints = true });
        Assert.Equal(3.0, ep.ScoreOf("b"), 12); // {a,c} through b, {a,b}, {b,c}
        Assert.Equal(2.0, ep.ScoreOf("a"), 12); // {a,b}, {a,c}
    }

    //  a -> b -> c -> d and d -> a, e -> c : undirected 5-node graph with a 4-cycle a-b-c-d and a pendant e at c.
    [Fact]
    public void Undirected_CycleWithPendant_HandValues()
    {
        var g = Build("a b, b c, c d, d a, e c");
        var r = Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Undirected = true });
        // c: {e,a} 1 (both e-c-b-a and e-c-d-a pass c), {e,b} 1, {e,d} 1, {b,d} 1/2 -> 3.5.
        // a: {b,d} 1/2. b: {a,c} 1/2, {e,a} 1/2 -> 1. d likewise 1.
        Assert.Equal(3.5, r.ScoreOf("c"), 12);
        Assert.Equal(0.5, r.ScoreOf("a"), 12);
        Assert.Equal(1.0, r.ScoreOf("b"), 12);
        Assert.Equal(1.0, r.ScoreOf("d"), 12);
        Assert.Equal(0.0, r.ScoreOf("e"), 12);
        // Normalized: 2/((n-1)(n-2)) = 1/6 of the unordered sum.
        Assert.Equal(3.5 / 6, Betweenness.Compute(g, new BetweennessOptions { Undirected = true }).ScoreOf("c"), 12);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void Undirected_RandomGraphs_MatchReference(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string, string, double)>();
        for (int i = 0; i < 70; i++) rows.Add(("v" + rng.Next(30), "v" + rng.Next(30), rng.Next(1, 4)));
        var g = Build(rows);
        foreach (bool normalized in new[] { false, true })
            foreach (bool endpoints in new[] { false, true })
                foreach (bool weighted in new[] { false, true })
                {
                    var o = new BetweennessOptions { Undirected = true, Normalized = normalized, Endpoints = endpoints, Weighted = weighted, MaxDegreeOfParallelism = 2 };
                    AssertClose(ReferenceBetweenness.Compute(g, normalized, endpoints, weighted, undirected: true),
                        Betweenness.Compute(g, o).Scores, $"seed {seed} {o}");
                }
        // Sampled sources: NetworkX ≥ 3.5 rescaling with the undirected correction.
        int[] pivots = Betweenness.SamplePivots(g.NodeCount, 7, seed);
        var sampled = Betweenness.Compute(g, new BetweennessOptions { Undirected = true, Normalized = false, Samples = 7, Seed = seed });
        AssertClose(ReferenceBetweenness.Compute(g, normalized: false, sources: pivots, undirected: true), sampled.Scores, "sampled");
        // Cutoff: pairs farther than 2 hops apart do not count.
        AssertClose(ReferenceBetweenness.Compute(g, cutoff: 2, undirected: true),
            Betweenness.Compute(g, new BetweennessOptions { Undirected = true, Cutoff = 2 }).Scores, "cutoff 2");
    }

    [Fact]
    public void Undirected_MutualFollowsAreOneTie()
    {
        // a <-> b <-> c: undirected it is the path a-b-c whatever the reciprocal rows; b gets the one pair {a, c}.
        var g = Build("a b, b a, b c, c b");
        Assert.Equal(1.0, Betweenness.Compute(g, new BetweennessOptions { Undirected = true, Normalized = false }).ScoreOf("b"), 12);
        Assert.Equal(2.0, Betweenness.Compute(g, new BetweennessOptions { Normalized = false }).ScoreOf("b"), 12); // directed: (a,c) and (c,a)
    }

    //  s -> a (1), s -> b (1), a -> b (0), b -> t (1): a and b are both 1 away from s.
    //  Shortest s–b paths: s-b and s-a-b (σ = 2); s–t: s-b-t and s-a-b-t (σ = 2).
    //  a: (s,b) 1/2 + (s,t) 1/2 = 1.  b: (s,t) 2/2 + (a,t) 1 = 2.
    [Fact]
    public void ZeroWeight_PathThroughEqualDistanceAccount_CountsInEveryRowOrder()
    {
        var rows = new List<(string, string, double)> { ("s", "a", 1), ("s", "b", 1), ("a", "b", 0), ("b", "t", 1) };
        var o = new BetweennessOptions { Weighted = true, Normalized = false };
        foreach (var perm in Permutations(rows))
        {
            var r = Betweenness.Compute(Build(perm), o);
            string order = string.Join(", ", perm.Select(x => x.Item1 + x.Item2));
            Assert.True(Math.Abs(r.ScoreOf("a") - 1.0) < 1e-12, $"rows {order}: a = {r.ScoreOf("a")}, expected 1");
            Assert.True(Math.Abs(r.ScoreOf("b") - 2.0) < 1e-12, $"rows {order}: b = {r.ScoreOf("b")}, expected 2");
            Assert.Equal(0.0, r.ScoreOf("s"));
        }
    }

    private static IEnumerable<List<T>> Permutations<T>(List<T> items)
    {
        if (items.Count <= 1) { yield return [.. items]; yield break; }
        for (int i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var p in Permutations(rest)) yield return [items[i], .. p];
        }
    }

    /// <summary>
    /// Random graphs with many zero-weight edges (acyclic: a zero weight only goes up a hidden random
    /// rank), built from their rows in 12 shuffled orders each. Row order changes the node ids (accounts
    /// are numbered as they first appear), hence the heap's settling order; the scores of every account,
    /// compared by handle, must not change (up to the last bits of floating-point summation order) and
    /// must equal the reference's path counting.
    /// </summary>
    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    [InlineData(44)]
    [InlineData(45)]
    public void ZeroWeight_RandomGraphs_RowOrderIndependent_AndMatchReference(int seed)
    {
        var rng = new Random(seed);
        int n = 28;
        var rank = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var seen = new HashSet<(int, int)>();
        var rows = new List<(string, string, double)>();
        while (rows.Count < 80)
        {
            int u = rng.Next(n), v = rng.Next(n);
            if (u == v || !seen.Add((u, v))) continue; // no repeated pair: "last row wins" would make the graph order-dependent
            double w = rank[u] < rank[v] && rng.Next(2) == 0 ? 0.0 : rng.Next(1, 3);
            rows.Add(("v" + u, "v" + v, w));
        }
        Assert.Contains(rows, r => r.Item3 == 0);
        var first = Build(rows);
        foreach (bool endpoints in new[] { false, true })
        {
            var o = new BetweennessOptions { Weighted = true, Normalized = false, Endpoints = endpoints, MaxDegreeOfParallelism = 1 };
            var baseScores = Betweenness.Compute(first, o);
            AssertClose(ReferenceBetweenness.Compute(first, normalized: false, endpoints: endpoints, weighted: true), baseScores.Scores, $"seed {seed} reference");
            for (int k = 0; k < 12; k++)
            {
                var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
                var g = Build(shuffled);
                var r = Betweenness.Compute(g, o);
                for (int v = 0; v < n; v++)
                {
                    string name = "v" + v;
                    if (!first.TryGetNode(name, out _)) continue;
                    double a = baseScores.ScoreOf(name), b = r.ScoreOf(name);
                    Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)), $"seed {seed} shuffle {k} endpoints {endpoints}: {name} {a:R} vs {b:R}");
                }
            }
        }
    }

    [Fact]
    public void ZeroWeight_Cycle_IsRejectedNamingTheAccounts()
    {
        var g = Build("x a 1, a b 0, b c 0, c a 0, c y 1");
        var ex = Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Weighted = true }));
        Assert.Contains("'a'", ex.Message);
        Assert.Contains("'b'", ex.Message);
        Assert.Contains("'c'", ex.Message);
        Assert.Contains("zero-weight", ex.Message);
        // Unweighted, the same graph is fine.
        Assert.True(Betweenness.Compute(g).ScoreOf("c") > 0);
    }

    [Fact]
    public void ZeroWeight_UndirectedView_IsRejected_ButPositiveWeightsWork()
    {
        var g = Build("a b 0, b c 1");
        var ex = Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Weighted = true, Undirected = true }));
        Assert.Contains("undirected", ex.Message);
        // Directed, the same zero weight is counted: a -> b -> c is the only path, b brokers (a, c).
        Assert.Equal(1.0, Betweenness.Compute(g, new BetweennessOptions { Weighted = true, Normalized = false }).ScoreOf("b"), 12);
    }
}
