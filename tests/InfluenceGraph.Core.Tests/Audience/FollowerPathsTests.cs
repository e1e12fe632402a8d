using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Audience;

public sealed class FollowerPathsTests
{
    /*
        edges: b a, d a, c b, c d, e c, x y
        a's posts reach c through b or through d (c follows both), then e (follows c):
        a -> e: 3 hops, chains [a, b, c, e] and [a, d, c, e]. e -> a: e has no followers.
    */
    [Fact]
    public void Find_HandDrawn_ListsEveryShortestChain()
    {
        var g = TestGraphs.FromText("b a\nd a\nc b\nc d\ne c\nx y");
        int N(string s) { g.TryGetNode(s, out int v); return v; }
        string[] Names(int[] chain) => chain.Select(v => g.Accounts[v]).ToArray();

        var r = FollowerPaths.Find(g, N("a"), N("e"), 10);
        Assert.True(r.Found);
        Assert.Equal(3, r.Hops);
        Assert.Equal(2, r.PathCount);
        Assert.Equal([["a", "b", "c", "e"], ["a", "d", "c", "e"]], r.Chains.Select(Names).OrderBy(c => c[1]).ToArray());
        Assert.Null(r.Reason);

        var one = FollowerPaths.Find(g, N("a"), N("e"), 1);
        Assert.Single(one.Chains);
        Assert.Equal(2, one.PathCount);

        var none = FollowerPaths.Find(g, N("e"), N("a"), 5);
        Assert.False(none.Found);
        Assert.Equal(-1, none.Hops);
        Assert.Empty(none.Chains);
        Assert.Contains("'e' has no followers", none.Reason);

        var notReached = FollowerPaths.Find(g, N("a"), N("x"), 5);
        Assert.Contains("reach 4 accounts", notReached.Reason); // b, d, c, e
        var followsNobody = FollowerPaths.Find(g, N("b"), N("y"), 5);
        Assert.Contains("'y' follows nobody", followsNobody.Reason);
    }

    [Theory]
    [InlineData(1, 100, 300, false)]
    [InlineData(2, 400, 1200, true)]
    [InlineData(3, 1000, 5000, false)]
    [InlineData(4, 300, 3000, false)]
    public void Find_RandomGraphs_ChainsAreShortestValidAndDistinct(int seed, int n, int m, bool multigraph)
    {
        var g = AudienceReference.Random(n, m, seed, multigraph, skew: 1.5);
        var rng = new Random(seed);
        int found = 0;
        for (int k = 0; k < 60; k++)
        {
            int a = rng.Next(n), b = rng.Next(n);
            if (a == b) continue;
            int limit = 1 + rng.Next(8);
            var r = FollowerPaths.Find(g, a, b, limit);
            var dist = AudienceReference.Distances(g, a);
            if (!dist.TryGetValue(b, out int d))
            {
                Assert.False(r.Found);
                Assert.NotNull(r.Reason);
                Assert.Equal(0, r.PathCount);
                continue;
            }
            found++;
            Assert.Equal(d, r.Hops);
            long count = AudienceReference.ShortestChains(g, a, b);
            Assert.Equal(count, r.PathCount);
            Assert.Equal((int)Math.Min(limit, count), r.Chains.Count);
            foreach (var chain in r.Chains)
            {
                Assert.Equal(d + 1, chain.Length);
                Assert.Equal(a, chain[0]);
                Assert.Equal(b, chain[^1]);
                // each account follows the one before it: edge chain[i+1] -> chain[i]
                for (int i = 0; i + 1 < chain.Length; i++) Assert.True(g.ContainsEdge(chain[i + 1], chain[i]));
            }
            Assert.Equal(r.Chains.Count, r.Chains.Select(c => string.Join(",", c)).Distinct().Count());
        }
        Assert.True(found > 10, $"only {found} reachable pairs");
    }

    [Fact]
    public void Find_BadArguments_Throw()
    {
        var g = TestGraphs.FromText("a b");
        Assert.Throws<ArgumentOutOfRangeException>(() => FollowerPaths.Find(g, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FollowerPaths.Find(g, 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FollowerPaths.Find(g, 0, 7, 1));
    }
}
