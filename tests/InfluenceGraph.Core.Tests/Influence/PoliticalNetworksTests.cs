using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;
using nietras.SeparatedValues;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>
/// Exposure and proximity on the political-label networks of <c>../shared/data</c>, against NetworkX.
/// </summary>
public sealed class PoliticalNetworksTests
{
    private static Dictionary<string, string> UkParties()
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(SharedData.Path("data/uk-mp-twitter-2022/mp_vertices.csv"));
        var parties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in reader) parties[row["screen_name"].ToString()] = row["party"].ToString();
        return parties;
    }

    /// <summary>
    /// UK MPs (585 accounts, follower -> followee = engager -> engaged MP), with only the 308
    /// Conservative MPs marked <c>is_political</c>. Expected values from NetworkX 2.8.8
    /// (<c>/usr/bin/python3</c>, on <c>oracle/expected/uk-mp-twitter-2022.edges</c>):
    /// <c>pr = nx.pagerank(G, 0.85, tol=1e-14)</c>, <c>ppr = nx.pagerank(G, 0.85,
    /// personalization={c: 1 for c in conservatives}, tol=1e-14)</c>, lift = ppr / pr, percentile =
    /// 100 x bisect_left(sorted lifts, lift) / 585; exposure = Conservative successors / successors.
    /// </summary>
    [SharedFact]
    public void UkMps_ConservativesPolitical_ExposureAndProximityMatchNetworkX()
    {
        var g = ImportedGraphs.Oracle("uk-mp-twitter-2022");
        var parties = UkParties();
        var attrs = g.Accounts.Names.Select(n => new AccountAttributes { Account = n, IsPolitical = parties[n] == "Conservative" });
        var state = Fixtures.State(g, attrs, "uk-mp-twitter-2022");
        var s = InfluenceSignals.Compute(state);
        Assert.Equal(308, s.PoliticalAccountCount);
        var q = new InfluencerQuery();

        void Check(string account, double ppr, double lift, int lower, int politicalFollowees, int followees)
        {
            Assert.True(g.TryGetNode(account, out int v));
            var e = Influencers.Engagement(s, v, q);
            Assert.Equal(ppr, e.Proximity.PersonalizedPageRank!.Value, ppr * 1e-6);
            Assert.Equal(lift, e.Proximity.Lift!.Value, lift * 1e-6);
            Assert.Equal(100.0 * lower / 585, e.Proximity.Percentile!.Value, 9);
            Assert.Equal(new ExposureSignal(politicalFollowees, followees, 308, (double)politicalFollowees / followees, politicalFollowees / 308.0), e.Exposure);
        }
        Check("Keir_Starmer", 0.0109426370511, 0.909263235956, 275, 3, 61);     // 47.008547th percentile
        Check("jeremycorbyn", 0.00173801376207, 0.762138698672, 265, 4, 23);    // 45.299145th
        Check("RosieDuffield1", 0.0018569482828, 0.944807173826, 276, 19, 62);  // 47.179487th, highest non-Conservative lift
        Check("HarrietHarman", 0.00289998703527, 0.862276498383, 274, 29, 59);

        // No Conservative is ever a candidate; the most Conservative-lifted non-Conservative is RosieDuffield1.
        var report = Influencers.Find(s, new InfluencerQuery { MinInfluencePercentile = 0, MinActivityPercentile = 0, MaxPoliticalEngagement = 1, Top = 0 });
        Assert.Equal(308, report.Counts.PoliticalAccounts);
        Assert.DoesNotContain(report.Candidates, c => parties[c.Account] == "Conservative");
        Assert.Equal("RosieDuffield1", report.Candidates.MaxBy(c => c.Politics.Proximity.Lift)!.Account);
    }

    [SharedFact]
    public void UkMps_EveryAccountPolitical_NoCandidates()
    {
        var g = ImportedGraphs.Oracle("uk-mp-twitter-2022");
        var state = Fixtures.State(g, g.Accounts.Names.Select(n => new AccountAttributes { Account = n, IsPolitical = true }));
        var report = Influencers.Compute(state, new InfluencerQuery { MinInfluencePercentile = 0, MinActivityPercentile = 0, MaxPoliticalEngagement = 1 });
        Assert.Empty(report.Candidates);
        Assert.Equal(585, report.Counts.PoliticalAccounts);
    }

    /// <summary>US Congress (475 members; the oracle's edges are already reversed to engager -> engaged): all political, no candidate.</summary>
    [SharedFact]
    public void Congress_EveryAccountPolitical_NoCandidates()
    {
        var g = ImportedGraphs.Oracle("congress-twitter");
        Assert.Equal(475, g.NodeCount);
        var state = Fixtures.State(g, g.Accounts.Names.Select(n => new AccountAttributes { Account = n, IsPolitical = true }));
        var report = Influencers.Compute(state);
        Assert.Empty(report.Candidates);
        Assert.Equal(475, report.Counts.PoliticalAccounts);
        Assert.Contains(report.Notes, n => n.Contains("every account is political"));
    }
}
