using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class InfluencerReasonTests
{
    private static InfluencerCandidate Sample() => new(
        Rank: 1, Account: "x",
        Influence: new MetricSignal("influence", 97.5, 4, 97.2),
        Metrics:
        [
            new MetricSignal("pagerank", 0.0123, 3, 98.4),
            new MetricSignal("betweenness", 0.02, 12, 95.0),
            new MetricSignal("followers", 1234, 2, 99.67),
            new MetricSignal("reach", 5678, 1, 99.95),
        ],
        Activity: new ActivitySignal(140, 92.3, 40, 500),
        Politics: new PoliticalEngagement(
            new ContentSignal(0.012, ContentSource.PoliticalShare, null, null, []),
            new ExposureSignal(0, 120, 35, 0.0),
            new ProximitySignal(1e-4, 0.8, 40.7),
            0.6 * 0.012 + 0.2 * 0.0 + 0.2 * 0.407, new EngagementWeights(), 0.25));

    [Fact]
    public void Build_HandBuiltCandidate_ExactText()
    {
        // top% = 100 - percentile, rounded up: 2.8 -> 3, 1.6 -> 2, 5.0 -> 5, 0.33 -> 0.4, 0.05 -> 0.1, 7.7 -> 8
        Assert.Equal(
            "influence top 3%: top 2% by PageRank, top 5% by betweenness, 1,234 followers (top 0.4%), 2-hop audience 5,678 (top 0.1%); "
            + "140 posts (top 8%); 1% political content; follows 0 of 35 political accounts; proximity to politics 40th percentile; "
            + "political engagement 0.09 < 0.25",
            Sample().Reason);
    }

    [Fact]
    public void Build_ChangesWithTheFields()
    {
        var c = Sample();
        var more = c with { Activity = c.Activity with { Posts = 2500, Percentile = 99.5 } };
        Assert.Contains("2,500 posts (top 0.5%)", more.Reason);
        var lexicon = c with
        {
            Politics = c.Politics with
            {
                Content = new ContentSignal(0.05, ContentSource.Lexicon, 2, 40, [new("Obama2012", "obama*"), new("SOTU", "sotu")]),
                Exposure = new ExposureSignal(3, 150, 35, 0.02),
                Score = 0.3,
            },
        };
        Assert.Contains("5% political topics (2 of 40)", lexicon.Reason);
        Assert.Contains("follows 3 of 35 political accounts (2% of its 150 followees)", lexicon.Reason);
        Assert.EndsWith("political engagement 0.30 >= 0.25", lexicon.Reason);
        var unknown = c with { Activity = new ActivitySignal(null, null, null, 0) };
        Assert.Contains("; activity unknown;", unknown.Reason);
    }

    [Theory]
    [InlineData(1.2, "2%")]
    [InlineData(2.0, "2%")]
    [InlineData(0.33, "0.4%")]
    [InlineData(0.01, "0.1%")]
    [InlineData(100, "100%")]
    public void Top_RoundsUp(double top, string expected) => Assert.Equal(expected, InfluencerReason.Top(top));

    [Theory]
    [InlineData(0.0, "0%")]
    [InlineData(0.004, "0.4%")]
    [InlineData(0.0001, "<0.1%")]
    [InlineData(0.125, "13%")]
    [InlineData(1.0, "100%")]
    public void Share_Formats(double share, string expected) => Assert.Equal(expected, InfluencerReason.Share(share));

    [Theory]
    [InlineData(40.7, "40th")]
    [InlineData(1.0, "1st")]
    [InlineData(92.0, "92nd")]
    [InlineData(13.0, "13th")]
    [InlineData(23.9, "23rd")]
    public void Ordinal_Floors(double pct, string expected) => Assert.Equal(expected, InfluencerReason.Ordinal(pct));

    /// <summary>On a real query, every number printed in a reason is the candidate's own field, formatted.</summary>
    [Fact]
    public void Reason_OfDemoCandidates_IsBuiltFromTheirFields()
    {
        var demo = DemoNetwork.Generate();
        var report = Influencers.Find(Fixtures.Signals(Fixtures.State(demo.Graph, demo.Attributes.Values)), new InfluencerQuery { Top = 0 });
        Assert.NotEmpty(report.Candidates);
        foreach (var c in report.Candidates)
        {
            Assert.StartsWith($"influence top {InfluencerReason.Top(c.Influence.TopPercent)}: top {InfluencerReason.Top(c.MetricOf("pagerank")!.TopPercent)} by PageRank", c.Reason);
            var f = c.MetricOf("followers")!;
            Assert.Contains($"{InfluencerReason.Count(f.Value)} followers (top {InfluencerReason.Top(f.TopPercent)})", c.Reason);
            Assert.Contains($"{InfluencerReason.Count(c.Activity.Posts!.Value)} posts (top {InfluencerReason.Top(c.Activity.TopPercent!.Value)})", c.Reason);
            Assert.Contains($"follows {c.Politics.Exposure.PoliticalFollowees} of {c.Politics.Exposure.PoliticalAccounts} political accounts", c.Reason);
            Assert.EndsWith($"political engagement {c.Politics.Score!.Value:0.00} < 0.25", c.Reason);
        }
    }
}
