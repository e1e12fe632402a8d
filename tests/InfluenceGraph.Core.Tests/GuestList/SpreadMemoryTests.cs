using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Core.Tests.GuestList;

/// <summary>The Independent Cascade RR samples are estimated before each OPIM-C round: refused when the first does not fit, capped after.</summary>
public sealed class SpreadMemoryTests
{
    private static readonly int[] Eps = [];

    [Fact]
    public void SamplingEstimate_Is16BytesPerMember_24PerSet_96PerAccount()
    {
        // 1,000 accounts, 100 sets per sample of 3.5 accounts on average: 16 x 350 + 24 x 100 + 96 x 1,000.
        Assert.Equal(5_600 + 2_400 + 96_000, SpreadMaximizer.EstimateSamplingBytes(1000, 100, 3.5));
        Assert.Equal(96.0 * 7, SpreadMaximizer.EstimateSamplingBytes(7, 0, 1));
    }

    [Fact]
    public void FirstRoundOverTheBudget_IsRefusedBeforeSampling_NamingTheSetsAndAHint()
    {
        var g = TestGraphs.Gnp(4, 400, 0.015);
        var all = Enumerable.Range(0, g.NodeCount).ToArray();
        var e = Assert.Throws<AnalysisMemoryException>(() =>
            SpreadMaximizer.Run(g, all, Eps, 10, new SpreadOptions(Seed: 9) { SampleMemoryBytes = 1000 }));
        Assert.Contains("guest list by Independent Cascade spread", e.Analysis);
        Assert.Contains("RR sets per sample", e.Analysis);
        Assert.Equal(SpreadMaximizer.MemoryHint, e.Hint);
        // at least the 96 B per account of the estimate, above the 1,000-byte budget
        Assert.True(e.EstimateBytes >= 96 * 400, $"estimate {e.EstimateBytes}");
    }

    [Fact]
    public void LaterRoundOverTheBudget_StopsDoubling_AndReturnsTheLastRoundThatFitted()
    {
        var g = TestGraphs.Gnp(4, 400, 0.015);
        var all = Enumerable.Range(0, g.NodeCount).ToArray();
        var options = new SpreadOptions(Epsilon: 0.02, Seed: 9);
        var free = SpreadMaximizer.Run(g, all, Eps, 10, options with { SampleMemoryBytes = long.MaxValue });
        Assert.False(free.MemoryCapped);
        Assert.True(free.Rounds >= 2, $"needs several rounds for this test ({free.Rounds})");
        double mean = (double)free.RrMembers / free.TotalSets;
        long budget = (long)SpreadMaximizer.EstimateSamplingBytes(g.NodeCount, 0.75 * free.SetsPerSample, mean);

        var capped = SpreadMaximizer.Run(g, all, Eps, 10, options with { SampleMemoryBytes = budget });
        Assert.True(capped.MemoryCapped);
        Assert.Equal(free.Rounds - 1, capped.Rounds);
        Assert.True(capped.SetsPerSample < free.SetsPerSample);
        Assert.True(capped.CappedRoundBytes > budget, $"the round not run needed {capped.CappedRoundBytes} <= {budget}");
        Assert.True(capped.Samples.Selection.Bytes + capped.Samples.Validation.Bytes <= budget);
        // Not certified to 1 - 1/e - epsilon (that took the round that did not fit), but a valid, weaker certificate.
        Assert.True(capped.CertifiedRatio < 1 - 1 / Math.E - options.Epsilon);
        Assert.True(capped.CertifiedRatio > 0);
        // The same samples as the uncapped run up to that round: the first set of each is the same.
        Assert.Equal(free.Samples.Selection.Set(0).ToArray(), capped.Samples.Selection.Set(0).ToArray());
    }

    [Fact]
    public void CappedGuestList_SaysSoInItsNotes()
    {
        var g = TestGraphs.Gnp(4, 400, 0.015);
        var state = new InfluenceGraph.Core.Storage.GraphState("t", 1, g, new Dictionary<string, AccountAttributes>(), DateTimeOffset.UnixEpoch, null);
        var signals = InfluenceGraph.Core.Influence.InfluenceSignals.Compute(state);
        var free = SpreadMaximizer.Run(g, Enumerable.Range(0, g.NodeCount).ToArray(), Eps, 5, new SpreadOptions(Epsilon: 0.02) { SampleMemoryBytes = long.MaxValue });
        double mean = (double)free.RrMembers / free.TotalSets;
        var request = new GuestListRequest
        {
            Size = 5, Objective = GuestListObjective.Spread, Eligibility = new InfluenceGraph.Core.Influence.InfluencerQuery { Top = 0 }, EligibleAll = true,
            Spread = new SpreadOptions(Epsilon: 0.02) { SampleMemoryBytes = (long)SpreadMaximizer.EstimateSamplingBytes(g.NodeCount, 0.75 * free.SetsPerSample, mean) },
        };
        var report = GuestLists.Plan(signals, request);
        Assert.Contains(report.Notes, n => n.StartsWith("the RR samples stopped at", StringComparison.Ordinal));
    }
}
