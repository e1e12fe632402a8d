using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Audience;

public sealed class AudienceTests
{
    /*
        edges (follower followee): b a, c a, d b, e d, a e
        a's posts: hop 1 {b, c}; hop 2 {d} (follows b); hop 3 {e} (follows d); hop 4: a (follows e) is
        the account itself, so nothing new and the audience is complete at 3 hops.
    */
    [Fact]
    public void Of_HandDrawnChain_CountsNewAccountsPerHopExcludingSelf()
    {
        var g = TestGraphs.FromText("b a\nc a\nd b\ne d\na e");
        g.TryGetNode("a", out int a);
        var curve = Audiences.Of(g, a, 4);
        Assert.Equal([2, 1, 1, 0], curve.NewPerHop);
        Assert.Equal([2, 3, 4, 4], curve.Cumulative);
        Assert.Equal(4, curve.Size);
        Assert.Equal(0.8, curve.ShareAt(3), 12);
        Assert.True(curve.IsComplete);
        var two = Audiences.Of(g, a, 2);
        Assert.Equal([2, 1], two.NewPerHop);
        Assert.False(two.IsComplete); // e is still to come at hop 3
        Assert.Equal(["b", "c", "d"], Audiences.Members(g, a, 2).Select(v => g.Accounts[v]).Order());
    }

    [Theory]
    [InlineData(1, 60, 150, false)]
    [InlineData(2, 400, 1600, false)]
    [InlineData(3, 400, 2400, true)]
    [InlineData(4, 2000, 5000, false)]
    public void Of_RandomGraphs_CurveEqualsPlainBfs(int seed, int n, int m, bool multigraph)
    {
        var g = AudienceReference.Random(n, m, seed, multigraph);
        var rng = new Random(seed);
        for (int k = 0; k < 40; k++)
        {
            int v = rng.Next(n), hops = 1 + rng.Next(6);
            var curve = Audiences.Of(g, v, hops);
            Assert.Equal(AudienceReference.Curve(g, v, hops), curve.NewPerHop);
            var expected = AudienceReference.Audience(g, v, hops);
            Assert.Equal(expected.Order(), Audiences.Members(g, v, hops));
            bool complete = AudienceReference.Audience(g, v, hops + 1).Count == expected.Count;
            Assert.Equal(complete, curve.IsComplete);
        }
    }

    [Fact]
    public void Of_ManySearchesOnOneWorkspace_StayIndependent()
    {
        // The epoch stamps must make every search start from scratch, pooled workspace or not.
        var g = AudienceReference.Random(300, 1500, 9);
        for (int round = 0; round < 3; round++)
            for (int v = 0; v < g.NodeCount; v += 7)
                Assert.Equal(AudienceReference.Audience(g, v, 2).Count, Audiences.Of(g, v, 2).Size);
    }

    [Fact]
    public void Of_BadArguments_Throw()
    {
        var g = TestGraphs.FromText("a b");
        Assert.Throws<ArgumentOutOfRangeException>(() => Audiences.Of(g, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Audiences.Of(g, 0, Audiences.MaxHops + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Audiences.Of(g, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Audiences.Of(g, -1, 1));
    }

    [Fact]
    public void Of_Cancelled_Throws()
    {
        var g = AudienceReference.Random(20000, 200000, 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Audiences.Of(g, 0, 6, cts.Token));
    }

    [Fact]
    public void Neighbours_ListDistinctMostFollowedFirstThenHandle()
    {
        // x is followed by a, b (twice: multigraph), c; c has 2 followers, a and b have 1 and 0.
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        foreach (var (u, v) in new[] { ("a", "x"), ("b", "x"), ("b", "x"), ("c", "x"), ("a", "c"), ("b", "c"), ("x", "a") }) b.AddEdge(u, v);
        var g = b.Build();
        g.TryGetNode("x", out int x);
        Assert.Equal(["c", "a", "b"], Neighbours.List(g, x, NeighbourDirection.Followers).Select(v => g.Accounts[v]));
        Assert.Equal(3, Neighbours.DistinctCount(g, x, NeighbourDirection.Followers));
        Assert.Equal(4, g.InDegreeOf(x));
        g.TryGetNode("b", out int bn);
        Assert.Equal(["x", "c"], Neighbours.List(g, bn, NeighbourDirection.Followees).Select(v => g.Accounts[v]));
    }
}
