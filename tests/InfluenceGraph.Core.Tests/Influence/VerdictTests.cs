using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>The sharpened verdict: reach weighs, brokerage is shown; why an account is not a candidate; exposure by coverage; the sphere as evidence.</summary>
public class VerdictTests
{
    /*
        500 accounts u0..u499, each following 5 random others (seeded); "brand" is followed by 150 of
        them and follows nobody, so no shortest path passes through it: betweenness 0, the lowest
        percentile, while its followers, PageRank and 2-hop audience are the graph's highest.
        Every account posts (brand the most) with 0% political content; u0 is political.
    */
    private static (GraphSnapshot Graph, InfluenceSignals Signals) Brand()
    {
        var rng = new Random(1);
        var b = new GraphBuilder();
        for (int i = 0; i < 500; i++)
            for (int k = 0; k < 5; k++)
            {
                int j = rng.Next(500);
                if (j != i) b.AddEdge("u" + i, "u" + j);
            }
        foreach (int i in Enumerable.Range(1, 499).OrderBy(_ => rng.Next()).Take(150)) b.AddEdge("u" + i, "brand");
        var g = b.Build();
        var attrs = g.Accounts.Names.Select(a => new AccountAttributes
        {
            Account = a, Posts = a == "brand" ? 1000 : 1 + int.Parse(a[1..]) % 97,
            PoliticalShare = 0.0, IsPolitical = a == "u0",
        });
        return (g, Fixtures.Signals(Fixtures.State(g, attrs)));
    }

    [Fact]
    public void TopAudienceAccountFollowingNobody_IsACandidate_BrokerageShownNotWeighed()
    {
        var (g, s) = Brand();
        Assert.True(g.TryGetNode("brand", out int brand));
        Assert.Equal(0, g.OutDegreeOf(brand));
        Assert.Equal(0, s.Betweenness.Scores[brand]);
        Assert.Equal(1, s.Followers.RankOf(brand));

        var report = Influencers.Find(s, new InfluencerQuery());
        var c = Assert.Single(report.Candidates, x => x.Account == "brand");
        var bc = c.MetricOf("betweenness")!;
        Assert.Equal(0, bc.Weight);      // shown...
        Assert.Equal(0, bc.Value);
        Assert.Contains("(brokerage, not weighed: top 100% by betweenness)", c.Reason);
        Assert.True(c.Influence.Percentile >= 95);

        // Before: the equal mean of the four percentiles (betweenness weighing 1) left it out.
        var old = new InfluencerQuery { MetricWeights = new Dictionary<InfluenceMetric, double> { [InfluenceMetric.Betweenness] = 1 } };
        Assert.DoesNotContain(Influencers.Find(s, old).Candidates, x => x.Account == "brand");
        var why = InfluencerVerdict.Of(s, brand, old);
        Assert.Equal("influence", why.ExcludedBy);
        Assert.Contains("is below the required 95 (top 5%)", why.Reason);

        // Brokerage as a filter: requiring the top half by betweenness excludes it, and says so.
        var brokers = new InfluencerQuery { MinBetweennessPercentile = 50 };
        Assert.DoesNotContain(Influencers.Find(s, brokers).Candidates, x => x.Account == "brand");
        Assert.Equal("betweenness", InfluencerVerdict.Of(s, brand, brokers).ExcludedBy);
    }

    [Fact]
    public void Verdict_SaysWhichThresholdExcluded_WithTheNumbers_AndAgreesWithFind()
    {
        var (g, s) = Brand();
        var q = new InfluencerQuery();
        var report = Influencers.Find(s, q with { Top = 0 });
        var candidates = report.Candidates.ToDictionary(c => c.Account, c => c.Rank);
        int counted = 0;
        for (int v = 0; v < g.NodeCount; v++)
        {
            var verdict = InfluencerVerdict.Of(s, v, q);
            Assert.Equal(candidates.ContainsKey(g.Accounts[v]), verdict.IsCandidate);
            if (verdict.IsCandidate)
            {
                Assert.Null(verdict.ExcludedBy);
                Assert.Equal(candidates[g.Accounts[v]], verdict.Rank);
                Assert.StartsWith($"candidate #{verdict.Rank}: influence top", verdict.Reason);
            }
            else
            {
                Assert.StartsWith("not a candidate: ", verdict.Reason);
                counted++;
                if (verdict.ExcludedBy == "influence")
                    Assert.Contains($"influence percentile {Math.Floor(verdict.Influence.Percentile * 10) / 10:0.#}", verdict.Reason.Replace(",", ""));
                if (verdict.ExcludedBy == "activity")
                    Assert.Contains($"{verdict.Activity.Posts} posts (posts percentile", verdict.Reason);
            }
        }
        Assert.Equal(report.Counts.Accounts - report.Counts.Matched, counted);
        Assert.True(g.TryGetNode("u0", out int u0));
        Assert.Equal("political_account", InfluencerVerdict.Of(s, u0, q).ExcludedBy);
    }

    /*
        30 political accounts p0..p29; x follows p0..p12 and 58 other accounts (71 followees): 18% of
        its followees are political, but it follows 13 of the graph's 30 political accounts (43%).
    */
    [Fact]
    public void Exposure_FollowingManyPoliticalAccounts_CountsWhateverElseItFollows()
    {
        var b = new GraphBuilder();
        for (int i = 0; i < 13; i++) b.AddEdge("x", "p" + i);
        for (int i = 0; i < 58; i++) b.AddEdge("x", "o" + i);
        for (int i = 13; i < 30; i++) b.AddAccount("p" + i);
        var g = b.Build();
        var attrs = Enumerable.Range(0, 30).Select(i => new AccountAttributes { Account = "p" + i, IsPolitical = true })
            .Append(new AccountAttributes { Account = "x", Posts = 10, PoliticalShare = 0.0 });
        var s = Fixtures.Signals(Fixtures.State(g, attrs));
        Assert.True(g.TryGetNode("x", out int x));
        var e = Influencers.Engagement(s, x, new InfluencerQuery());
        Assert.Equal(13.0 / 71, e.Exposure.Share!.Value, 12);
        Assert.Equal(13.0 / 30, e.Exposure.Coverage!.Value, 12);
        Assert.Equal(13.0 / 30, e.Exposure.Value!.Value, 12);
        var sphere = e.Sphere!;
        double expected = (0.6 * 0 + 0.2 * 13.0 / 30 + 0.2 * e.Proximity.Percentile!.Value / 100 + 0.2 * sphere.PoliticalShare) / 1.2;
        Assert.Equal(expected, e.Score!.Value, 12);
        var verdict = InfluencerVerdict.Of(s, x, new InfluencerQuery { MinInfluencePercentile = 0, MinActivityPercentile = 0 });
        Assert.Contains("follows 13 of 30 political accounts (43% of them; 18% of its 71 followees)", verdict.Reason);
        Assert.Contains($"its sphere {sphere.Id} is ", verdict.Reason);
    }
}
