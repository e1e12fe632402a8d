using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Changes;

public sealed class RankingComparerTests
{
    private static CentralityResult InDegree(params (string Follower, string Followee)[] edges)
    {
        var b = new GraphBuilder();
        foreach (var (u, v) in edges) b.AddEdge(u, v);
        var g = b.Build();
        return new CentralityResult(g, "followers", Enumerable.Range(0, g.NodeCount).Select(v => (double)g.InDegreeOf(v)).ToArray());
    }

    /*
        before: bob has 3 followers, carol 2, dave 1, alice/erin/fay 0
        after : dave gains 3 followers (erin, fay, gus) -> 4, bob keeps 3, carol loses one -> 1, gus is new
    */
    [Fact]
    public void Compare_FindsRisersFallersEntrantsAndLeavers_WithReasonsFromTheNumbers()
    {
        var before = InDegree(("alice", "bob"), ("erin", "bob"), ("fay", "bob"), ("alice", "carol"), ("erin", "carol"), ("bob", "dave"));
        var after = InDegree(("alice", "bob"), ("erin", "bob"), ("fay", "bob"), ("alice", "carol"), ("bob", "dave"), ("erin", "dave"), ("fay", "dave"), ("gus", "dave"));
        var c = RankingComparer.Compare(before, after, topK: 2);

        Assert.Equal(6, c.AccountsInBoth);
        var dave = c.Moves.First();
        Assert.Equal("dave", dave.Account);
        Assert.Equal(3, dave.RankFrom);   // bob 3, carol 2, dave 1
        Assert.Equal(1, dave.RankTo);     // dave 4, bob 3, carol 1
        Assert.Equal(2, dave.RankGain);
        Assert.Equal("rose from #3 to #1 by followers (1 → 4); followers 1 → 4 (+3)", dave.Reason);
        var carol = c.Moves.Single(m => m.Account == "carol");
        Assert.Equal(-1, carol.RankGain);
        Assert.StartsWith("fell from #2 to #3", carol.Reason);
        Assert.Equal(["dave"], c.Entrants.Select(m => m.Account));
        Assert.Equal(["carol"], c.Leavers.Select(m => m.Account));
        // top-10 overlap: both graphs have fewer than 10 accounts: all 6 shared of min(7, 6) = 6
        Assert.Equal(6, c.TopOverlaps[0].Shared);
        Assert.InRange(c.KendallTauB.TauB, -1, 1);
        Assert.True(c.Rbo.Extrapolated < 1 && c.Rbo.Extrapolated > 0);
    }

    [Fact]
    public void Compare_OfARankingWithItself_IsPerfect()
    {
        var r = InDegree(("a", "b"), ("c", "b"), ("b", "d"), ("e", "d"), ("f", "d"), ("a", "c"));
        var c = RankingComparer.Compare(r, r);
        Assert.Equal(1.0, c.KendallTauB.TauB, 14);
        Assert.Equal(1.0, c.Rbo.Extrapolated, 14);
        Assert.All(c.Moves, m => Assert.Equal(0, m.RankGain));
        Assert.Empty(c.Entrants);
    }

    [Fact]
    public void Reason_ForAccountsNewOrGone()
    {
        Assert.Equal("new in the graph: ranked #4 by pagerank (0.125) with 1,200 followers", RankingComparer.Reason("pagerank", null, 4, null, 0.125, null, 1200));
        Assert.Equal("no longer in the graph (was #1 by pagerank, 0.5, with 3 followers)", RankingComparer.Reason("pagerank", 1, null, 0.5, null, 3, null));
    }
}
