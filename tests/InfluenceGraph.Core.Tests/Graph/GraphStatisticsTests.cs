using System.Globalization;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Graph;

public class GraphStatisticsTests
{
    //  a <-> b -> c -> d -> c,  d -> d (self-loop),  e alone
    //  n = 5, m = 6: density 6 / 20 = 0.3; reciprocated: a->b, b->a, c->d, d->c = 4 of 6 (the
    //  self-loop never counts); components {a,b}, {c,d}, {e}: 3, the largest 2.
    [Fact]
    public void Of_HandDrawnGraph_CountsDensityReciprocityAndComponents()
    {
        var g = TestGraphs.FromText("a b, b a, b c, c d, d c, d d", isolated: "e");
        var s = GraphStatistics.Of(g);
        Assert.Equal(0.3, s.Density!.Value, 15);
        Assert.Equal(4.0 / 6, s.Reciprocity!.Value, 15);
        Assert.Equal(2, s.LargestStronglyConnectedComponent);
        Assert.Equal(3, s.StronglyConnectedComponents);
        Assert.Same(s, GraphStatistics.Of(g));
    }

    [Fact]
    public void Of_TinyGraphs_LeaveUndefinedValuesNull()
    {
        var empty = GraphStatistics.Of(TestGraphs.FromText(""));
        Assert.Equal(new GraphStatistics(null, null, 0, 0), empty);
        var one = GraphStatistics.Of(TestGraphs.FromText("x"));
        Assert.Equal(new GraphStatistics(null, null, 1, 1), one);
    }

    // A 300,000-account follow chain: the iterative Tarjan must not overflow the stack.
    [Fact]
    public void StronglyConnectedComponentSizes_LongChain_EachAccountAlone()
    {
        var rows = string.Join(',', Enumerable.Range(0, 299_999).Select(i => $"{i} {i + 1}"));
        var (largest, count) = GraphStatistics.StronglyConnectedComponentSizes(TestGraphs.FromText(rows));
        Assert.Equal((1, 300_000), (largest, count));
    }

    // NetworkX 3 (/usr/bin/python3): G = nx.DiGraph() from NAME.edges (a one-token line adds a node);
    // nx.density(G), nx.overall_reciprocity(G), max/len of nx.strongly_connected_components(G).
    [SharedTheory]
    [InlineData("email-eu-core", 0.025342411448732432, 0.6933635759258535, 803, 203)]
    [InlineData("polblogs", 0.0085751889696702, 0.24252299605781866, 793, 688)]
    [InlineData("wiki-vote", 0.0020485375110809584, 0.0564572905515532, 1300, 5816)]
    [InlineData("congress-twitter", 0.05902287363979569, 0.4615847693581157, 469, 7)]
    [InlineData("ego-twitter-12831", 0.04468085106382979, 0.5383373688458434, 191, 42)]
    public void Of_OracleNetwork_MatchesNetworkX(string name, double density, double reciprocity, int largest, int count)
    {
        var s = GraphStatistics.Of(ImportedGraphs.Oracle(name));
        Assert.True(Math.Abs(s.Density!.Value - density) <= 1e-15, $"density {s.Density.Value.ToString("R", CultureInfo.InvariantCulture)}");
        Assert.True(Math.Abs(s.Reciprocity!.Value - reciprocity) <= 1e-15, $"reciprocity {s.Reciprocity.Value.ToString("R", CultureInfo.InvariantCulture)}");
        Assert.Equal(largest, s.LargestStronglyConnectedComponent);
        Assert.Equal(count, s.StronglyConnectedComponents);
    }
}
