using System.Diagnostics;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;
using Xunit.Abstractions;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class DemoNetworkTests(ITestOutputHelper output)
{
    /// <summary>
    /// The issue's acceptance test: with the default query (thresholds and Top = 20) the query
    /// finds the planted influencers with precision and recall >= 0.9. The query never sees the planted
    /// list; it only sees the graph and the attributes. Several seeds, so the demo is not tuned to one draw.
    /// </summary>
    [Theory]
    [InlineData(42)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2024)]
    public void Find_DemoNetwork_FindsPlantedInfluencersWithPrecisionAndRecallAtLeast90Percent(int seed)
    {
        var demo = DemoNetwork.Generate(seed);
        var state = Fixtures.State(demo.Graph, demo.Attributes.Values, "default");
        var report = Influencers.Find(Fixtures.Signals(state), new InfluencerQuery());

        var found = report.Candidates.Select(c => c.Account).ToHashSet();
        int truePositives = found.Count(demo.PlantedInfluencers.Contains);
        double precision = found.Count == 0 ? 0 : (double)truePositives / found.Count;
        double recall = (double)truePositives / demo.PlantedInfluencers.Count;
        output.WriteLine($"seed {seed}: precision {precision:F3} recall {recall:F3} {report.Counts}");
        foreach (var c in report.Candidates) output.WriteLine($"{(demo.PlantedInfluencers.Contains(c.Account) ? "planted" : "other  ")} {c.Account}: {c.Reason}");
        Assert.True(precision >= 0.9, $"precision {precision:F3}");
        Assert.True(recall >= 0.9, $"recall {recall:F3}");
        Assert.DoesNotContain(report.Candidates, c => demo.PoliticalAccounts.Contains(c.Account));
    }

    [Fact]
    public void Generate_SameSeed_SameNetwork_DifferentSeed_DifferentNetwork()
    {
        var a = DemoNetwork.Generate(5);
        var b = DemoNetwork.Generate(5);
        var c = DemoNetwork.Generate(6);
        Assert.Equal(a.Graph.Accounts.Names, b.Graph.Accounts.Names);
        Assert.Equal(TestGraphs.OutCsr(a.Graph).Targets, TestGraphs.OutCsr(b.Graph).Targets);
        Assert.Equal(a.PlantedInfluencers.Order(), b.PlantedInfluencers.Order());
        Assert.NotEqual(a.Graph.Accounts.Names, c.Graph.Accounts.Names);
    }

    [Fact]
    public void Generate_Shape_PowerLawFollowersLongTailActivityPoliticalCluster()
    {
        // (No timing assertion: speed is measured in the benchmarks, never in a unit test.)
        var demo = DemoNetwork.Generate();
        var g = demo.Graph;
        Assert.Equal(DemoNetwork.AccountCount, g.NodeCount);

        // Heavy tail: the top 1% of accounts hold far more than 1% of the follows, and the median is small.
        var indeg = Enumerable.Range(0, g.NodeCount).Select(g.InDegreeOf).OrderDescending().ToArray();
        double topShare = indeg.Take(g.NodeCount / 100).Sum() / (double)g.EdgeCount;
        Assert.True(topShare > 0.1, $"top 1% hold {topShare:P1} of follows");
        Assert.True(indeg[g.NodeCount / 2] <= 10, $"median followers {indeg[g.NodeCount / 2]}");

        // Long-tailed activity: the maximum is far above the median.
        var posts = demo.Attributes.Values.Where(a => a.Posts is not null).Select(a => a.Posts!.Value).Order().ToArray();
        Assert.True(posts[^1] > 20 * posts[posts.Length / 2], $"max {posts[^1]} vs median {posts[posts.Length / 2]}");

        Assert.Equal(18, demo.PlantedInfluencers.Count);
        Assert.Equal(46, demo.PoliticalAccounts.Count);
        Assert.All(demo.PoliticalAccounts, p => Assert.True(demo.Attributes[p].IsPolitical));
        Assert.All(demo.PlantedInfluencers, p => Assert.False(demo.Attributes[p].IsPolitical));
        Assert.Contains(demo.Attributes.Values, a => a.PoliticalShare is null && a.Topics.Count > 0); // lexicon path exercised
        Assert.True(g.NodeCount > demo.Attributes.Count, "some accounts have no attributes");
    }

    [Fact]
    public void Compute_DemoNetwork_ProductKernelsGiveTheSameCandidatesAsTheReference()
    {
        var demo = DemoNetwork.Generate();
        var state = Fixtures.State(demo.Graph, demo.Attributes.Values, "default");
        var product = Influencers.Compute(state, new InfluencerQuery { Top = 0 });
        var reference = Influencers.Find(Fixtures.Signals(state), new InfluencerQuery { Top = 0 });
        Assert.True(product.Signals.BetweennessExact);
        Assert.Equal(reference.Candidates.Select(c => c.Account), product.Candidates.Select(c => c.Account));
        Assert.Superset(demo.PlantedInfluencers.ToHashSet(), product.Candidates.Select(c => c.Account).ToHashSet());
    }
}
