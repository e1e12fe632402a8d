using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.GuestList;

public sealed class GuestListKernelTests
{
    private static GraphSnapshot RandomGraph(int seed, int n, double p) => TestGraphs.Gnp(seed, n, p);

    /// <summary>Plain set-based reach: the node and every account within h hops over in-edges.</summary>
    private static HashSet<int> Reached(GraphSnapshot g, int v, int hops)
    {
        var seen = new HashSet<int> { v };
        var frontier = new List<int> { v };
        for (int h = 0; h < hops; h++)
        {
            var next = new List<int>();
            foreach (int x in frontier)
                foreach (int u in g.Followers(x).ToArray())
                    if (seen.Add(u)) next.Add(u);
            frontier = next;
        }
        return seen;
    }

    private static int Union(GraphSnapshot g, IEnumerable<int> list, int hops)
    {
        var all = new HashSet<int>();
        foreach (int v in list) all.UnionWith(Reached(g, v, hops));
        return all.Count;
    }

    /// <summary>Reached sets as bit masks (n &lt;= 20) for the brute force.</summary>
    private static int[] Masks(GraphSnapshot g, int hops) =>
        Enumerable.Range(0, g.NodeCount).Select(v => Reached(g, v, hops).Aggregate(0, (m, x) => m | (1 << x))).ToArray();

    private static int BruteForce(int[] masks, int[] pool, int k, int fixedMask = 0) =>
        Subsets(pool, k).Max(s => System.Numerics.BitOperations.PopCount((uint)s.Aggregate(fixedMask, (m, v) => m | masks[v])));

    private static IEnumerable<int[]> Subsets(int[] pool, int k, int start = 0)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = start; i <= pool.Length - k; i++)
            foreach (var rest in Subsets(pool, k - 1, i + 1))
                yield return [pool[i], .. rest];
    }

    [Fact]
    public void Audience_GreedyIsWithinOneMinusInvE_AndTheCertificateBoundsTheBruteForceOptimum()
    {
        int checkedCases = 0, strict = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed * 7919 + 1);
            int n = rng.Next(5, 21);
            var g = RandomGraph(seed, n, rng.NextDouble() * 0.25 + 0.02);
            int size = rng.Next(1, 5);
            int hops = rng.Next(1, 3);
            var candidates = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.8).ToArray();
            if (candidates.Length < size) continue;
            var oracle = new AudienceOracle(g, hops);
            var result = LazyGreedy.Run(oracle, candidates, [], size, maxDegreeOfParallelism: 1 + seed % 2);

            int opt = BruteForce(Masks(g, hops), candidates, size);
            var list = result.Steps.Select(s => s.Node).ToArray();
            Assert.Equal(size, list.Length);
            Assert.Equal(Union(g, list, hops), result.Value);
            Assert.True(result.Value >= (1 - 1 / Math.E) * opt, $"seed {seed}: greedy {result.Value} < (1-1/e) x {opt}");
            Assert.True(result.UpperBound >= opt, $"seed {seed}: bound {result.UpperBound} < optimum {opt}");
            Assert.True(result.LastBound >= opt, $"seed {seed}: last bound {result.LastBound} < optimum {opt}");
            Assert.True(result.UpperBound <= result.LastBound);
            // Cumulative values are the union of the prefix, gains add up.
            for (int i = 0; i < list.Length; i++) Assert.Equal(Union(g, list[..(i + 1)], hops), result.Steps[i].Cumulative);
            if (result.Value < opt) strict++;
            checkedCases++;
        }
        Assert.True(checkedCases > 200, $"only {checkedCases} cases");
        Assert.True(strict >= 0); // greedy may be optimal on all of them; the bounds above are the real checks
    }

    [Fact]
    public void Audience_PicksTheLargestMarginalGain_TiesBySmallestId_LikeNaiveGreedy()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var g = RandomGraph(seed, 20, 0.12);
            var all = Enumerable.Range(0, 20).ToArray();
            var lazy = LazyGreedy.Run(new AudienceOracle(g, 2), all, [], 4).Steps.Select(s => s.Node).ToList();
            var naive = new List<int>();
            for (int k = 0; k < 4; k++)
            {
                int best = -1, bestValue = -1;
                foreach (int v in all)
                {
                    if (naive.Contains(v)) continue;
                    int value = Union(g, [.. naive, v], 2);
                    if (value > bestValue) { bestValue = value; best = v; }
                }
                naive.Add(best);
            }
            Assert.Equal(naive, lazy);
        }
    }

    [Fact]
    public void Audience_RequiredAccountsComeFirst_AndTheBoundHoldsForListsContainingThem()
    {
        for (int seed = 0; seed < 150; seed++)
        {
            var rng = new Random(seed + 17);
            int n = rng.Next(6, 18);
            var g = RandomGraph(seed + 1000, n, 0.15);
            int size = rng.Next(2, 5);
            int required = rng.Next(1, size);
            var nodes = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            var req = nodes[..required];
            var cand = nodes[required..];
            var result = LazyGreedy.Run(new AudienceOracle(g, 2), cand, req, size);
            Assert.Equal(req, result.Steps.Take(required).Select(s => s.Node));
            Assert.All(result.Steps.Take(required), s => Assert.True(s.Required));
            var masks = Masks(g, 2);
            int opt = BruteForce(masks, cand, size - required, req.Aggregate(0, (m, v) => m | masks[v]));
            Assert.True(result.UpperBound >= opt, $"seed {seed}: bound {result.UpperBound} < optimum {opt}");
            Assert.True(result.Value <= opt);
        }
    }

    [Fact]
    public void Audience_SameListForAnyThreadCount()
    {
        var demo = DemoNetwork.Generate(7);
        var all = Enumerable.Range(0, demo.Graph.NodeCount).ToArray();
        var one = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 20, 1);
        var two = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 20, 2);
        var four = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 20, 4);
        Assert.Equal(one.Steps, two.Steps);
        Assert.Equal(one.Steps, four.Steps);
        Assert.Equal(one.UpperBound, two.UpperBound);
        Assert.True(one.UpperBound >= one.Value);
    }

    [Fact]
    public void AudienceUnion_ExcludesEachAccountFromItsOwnAudienceOnly()
    {
        // a -> b, c -> b, b -> c, d -> c (the Reach example): A2(b) = {a, c, d}, A2(c) = {b, d, a}.
        var builder = new GraphBuilder();
        builder.AddEdge("a", "b"); builder.AddEdge("c", "b"); builder.AddEdge("b", "c"); builder.AddEdge("d", "c");
        var g = builder.Build();
        g.TryGetNode("b", out int b); g.TryGetNode("c", out int c); g.TryGetNode("a", out int a);
        var oracle = new AudienceOracle(g, 2);
        Assert.Equal(3, oracle.AudienceUnionOf([b]));
        Assert.Equal(4, oracle.UnionOf([b]));           // b itself is reached (it is on the list)
        Assert.Equal(4, oracle.AudienceUnionOf([b, c])); // each is in the other's audience
        Assert.Equal(3, oracle.AudienceUnionOf([a, b])); // nobody reaches a's posts, a is in b's audience
    }

    [Fact]
    public void Audience_PerGroupLimit_ListIsFeasible_HalfOfTheConstrainedOptimum_AndTheBoundCoversIt()
    {
        int checkedCases = 0, binding = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed * 104729 + 3);
            int n = rng.Next(6, 19);
            var g = RandomGraph(seed + 500, n, rng.NextDouble() * 0.3 + 0.03);
            int groups = rng.Next(1, 5);
            var groupOf = Enumerable.Range(0, n).Select(_ => rng.Next(groups)).ToArray();
            int max = rng.Next(1, 3), size = rng.Next(1, 5), hops = rng.Next(1, 3);
            var nodes = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            int required = rng.Next(0, Math.Min(2, size));
            var req = nodes[..required];
            if (req.GroupBy(v => groupOf[v]).Any(x => x.Count() > max)) continue;
            var cand = nodes[required..].Where(_ => rng.NextDouble() < 0.85).ToArray();
            var masks = Masks(g, hops);
            int fixedMask = req.Aggregate(0, (m, v) => m | masks[v]);
            bool Feasible(int[] s) => s.Concat(req).GroupBy(v => groupOf[v]).All(x => x.Count() <= max);
            // Constrained optimum: the best feasible list of at most size - required free picks (f is monotone).
            int opt = System.Numerics.BitOperations.PopCount((uint)fixedMask);
            for (int k = 1; k <= Math.Min(size - required, cand.Length); k++)
                foreach (var s in Subsets(cand, k))
                    if (Feasible(s)) opt = Math.Max(opt, System.Numerics.BitOperations.PopCount((uint)s.Aggregate(fixedMask, (m, v) => m | masks[v])));

            var result = LazyGreedy.Run(new AudienceOracle(g, hops), cand, req, size, 1 + seed % 2, limit: new GroupLimit(groupOf, max));
            var list = result.Steps.Select(s => s.Node).ToArray();
            Assert.Equal(req, list.Take(required));
            Assert.True(list.GroupBy(v => groupOf[v]).All(x => x.Count() <= max), $"seed {seed}: a group holds more than {max}");
            Assert.Equal(Union(g, list, hops), result.Value);
            Assert.True(result.Value >= 0.5 * opt, $"seed {seed}: greedy {result.Value} < opt/2 = {opt}/2");
            Assert.True(result.UpperBound >= opt, $"seed {seed}: bound {result.UpperBound} < constrained optimum {opt}");
            Assert.True(result.LastBound >= opt, $"seed {seed}: last bound {result.LastBound} < constrained optimum {opt}");
            int unconstrained = BruteForce(masks, cand, Math.Min(size - required, cand.Length), fixedMask);
            if (opt < unconstrained) binding++;
            checkedCases++;
        }
        Assert.True(checkedCases > 200, $"only {checkedCases} cases");
        Assert.True(binding > 30, $"the limit changed the optimum in only {binding} cases");
    }

    [Fact]
    public void Audience_PerGroupLimit_SpreadsPicks_AndALooseLimitChangesNothing()
    {
        var demo = DemoNetwork.Generate(7);
        int n = demo.Graph.NodeCount;
        var all = Enumerable.Range(0, n).ToArray();
        var groupOf = all.Select(v => v % 5).ToArray();
        var free = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 10, 2);
        var loose = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 10, 2, limit: new GroupLimit(groupOf, 10));
        Assert.Equal(free.Steps, loose.Steps);
        Assert.Equal(free.LastBound, loose.LastBound);
        var tight1 = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 10, 1, limit: new GroupLimit(groupOf, 2));
        var tight2 = LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [], 10, 2, limit: new GroupLimit(groupOf, 2));
        Assert.Equal(tight1.Steps, tight2.Steps);
        Assert.All(tight1.Steps.GroupBy(s => groupOf[s.Node]), x => Assert.Equal(2, x.Count()));
        Assert.True(tight1.Value <= free.Value);
        Assert.True(tight1.UpperBound >= tight1.Value && tight1.UpperBound <= free.UpperBound + free.UpperBound);
        Assert.Throws<ArgumentException>(() => LazyGreedy.Run(new AudienceOracle(demo.Graph, 2), all, [0, 5, 10], 10, limit: new GroupLimit(groupOf, 2)));
    }

    [Fact]
    public void Sketched_ThreeHops_EstimatesWithinTheStatedError_AndNearlyMatchesTheExactGreedy()
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var g = RandomGraph(seed + 11, 600 + 150 * seed, 2.5 / (600 + 150 * seed));
            int n = g.NodeCount;
            var all = Enumerable.Range(0, n).ToArray();
            var sketch = new SketchAudienceOracle(g, 3, 1024, seed);
            double rse = sketch.RelativeStandardError;
            Assert.Equal(0.78 / 32, rse, 12);
            var chosen = LazyGreedy.Run(sketch, all, [], 8, 1 + seed % 2);
            var list = chosen.Steps.Select(s => s.Node).ToArray();
            int exactValue = Union(g, list, 3);
            // The sketches' estimate of the chosen list against its exact reach: within 4 standard errors.
            Assert.InRange(sketch.EstimatedCovered, exactValue * (1 - 4 * rse), exactValue * (1 + 4 * rse));
            // Each pick's own sketch against its exact 3-hop reached set.
            foreach (int v in list.Take(3))
            {
                int exact = Reached(g, v, 3).Count;
                var single = new SketchAudienceOracle(g, 3, 1024, seed);
                long est = single.Gain(v, single.CreateScratch());
                Assert.InRange(est, exact * (1 - 4 * rse) - 2, exact * (1 + 4 * rse) + 2);
            }
            // Choosing with estimates costs little against the exact greedy.
            var exactGreedy = LazyGreedy.Run(new AudienceOracle(g, 3), all, [], 8, 1);
            Assert.True(exactValue >= 0.95 * exactGreedy.Value, $"seed {seed}: sketched list reaches {exactValue}, exact greedy {exactGreedy.Value}");
            // Deterministic whatever the thread count.
            var again = LazyGreedy.Run(new SketchAudienceOracle(g, 3, 1024, seed, 1), all, [], 8, 2);
            Assert.Equal(list, again.Steps.Select(s => s.Node));
        }
    }
}
