using InfluenceGraph.Core.Graph;
using QuikGraph.Algorithms;

namespace InfluenceGraph.Core.Tests.Graph;

public class GraphSnapshotTests
{
    //  alice -> bob <- carol,  bob -> carol   (alice follows bob, ...)
    private static GraphSnapshot ThreeAccounts()
    {
        var b = new GraphBuilder();
        b.AddEdge("alice", "bob");
        b.AddEdge("carol", "bob");
        b.AddEdge("bob", "carol");
        return b.Build();
    }

    [Fact]
    public void Build_ThreeAccounts_DegreesFollowDirection()
    {
        var g = ThreeAccounts();
        Assert.True(g.TryGetNode("bob", out int bob));
        Assert.True(g.TryGetNode("alice", out int alice));
        Assert.Equal(2, g.InDegreeOf(bob));   // followers alice, carol
        Assert.Equal(1, g.OutDegreeOf(bob));  // follows carol
        Assert.Equal(0, g.InDegreeOf(alice));
        Assert.Equal(3, g.EdgeCount);
    }

    [Fact]
    public void Build_DuplicateRows_CollapseKeepsLastWeight_KeepCountsMultiplicity()
    {
        var set = new GraphBuilder();
        set.AddEdge("a", "b", 1); set.AddEdge("a", "b", 5); set.AddEdge("a", "c", 2);
        var g = set.Build();
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(3, g.EdgeRowsRead);
        Assert.Equal(5.0, g.FolloweeWeights(0)[0]); // a -> b keeps the last row's weight

        var multi = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        multi.AddEdge("a", "b"); multi.AddEdge("a", "b");
        Assert.Equal(2, multi.Build().EdgeCount);
    }

    [Fact]
    public void Build_SelfLoops_KeptOrDroppedPerPolicy()
    {
        var keep = new GraphBuilder(); keep.AddEdge("a", "a"); keep.AddEdge("a", "b");
        var kept = keep.Build();
        Assert.Equal(1, kept.SelfLoopCount);
        Assert.Equal(1, kept.InDegreeOf(0));
        var drop = new GraphBuilder(new GraphBuildOptions(SelfLoops: SelfLoopPolicy.Drop)); drop.AddEdge("a", "a"); drop.AddEdge("a", "b");
        var dropped = drop.Build();
        Assert.Equal(0, dropped.SelfLoopCount);
        Assert.Equal(2, dropped.NodeCount); // the account stays
        Assert.Equal(1, dropped.EdgeCount);
    }

    [Fact]
    public void Intern_NfcAndNfdSpellings_AreOneAccount_LeadingZerosAreNot()
    {
        var b = new GraphBuilder();
        b.AddEdge("caf\u00e9", "007");     // precomposed é
        b.AddEdge(" cafe\u0301 ", "7");    // e + combining acute, with blanks
        var g = b.Build();
        Assert.Equal(3, g.NodeCount);     // café, 007, 7
        Assert.True(g.TryGetNode("cafe\u0301", out int v));
        Assert.Equal("caf\u00e9", g.Accounts[v]);
        Assert.Throws<ArgumentException>(() => b.AddEdge("  ", "x"));
    }

    [Fact]
    public void QuikGraph_StronglyConnectedComponents_RunOnSnapshotWithoutCopy()
    {
        var g = ThreeAccounts(); // {bob, carol} is a cycle, alice alone
        var components = new Dictionary<int, int>();
        int count = g.StronglyConnectedComponents(components);
        Assert.Equal(2, count);
        g.TryGetNode("bob", out int bob); g.TryGetNode("carol", out int carol); g.TryGetNode("alice", out int alice);
        Assert.Equal(components[bob], components[carol]);
        Assert.NotEqual(components[bob], components[alice]);
    }
}
