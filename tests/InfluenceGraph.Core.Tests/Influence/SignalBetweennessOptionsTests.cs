using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>Which betweenness the influencer signals use: exact up to the limit, the guaranteed-error estimate above it, pivots only when asked.</summary>
public class SignalBetweennessOptionsTests
{
    private static readonly InfluenceGraph.Core.Graph.GraphSnapshot G = TestGraphs.RandomGraph(50, 200, 1);

    [Fact]
    public void UpToTheLimit_IsExact()
    {
        var o = InfluenceSignals.BetweennessOptionsFor(G, new SignalOptions { ExactBetweennessMaxAccounts = 50 });
        Assert.Null(o.Samples);
        Assert.Null(o.Epsilon);
    }

    [Fact]
    public void AboveTheLimit_IsTheGuaranteedErrorEstimate_NotFixedPivots()
    {
        var o = InfluenceSignals.BetweennessOptionsFor(G, new SignalOptions { ExactBetweennessMaxAccounts = 49, BetweennessSeed = 4 });
        Assert.Null(o.Samples);
        Assert.Equal(0.02, o.Epsilon);
        Assert.Equal(0.1, o.Delta);
        Assert.Equal(4, o.Seed);
    }

    [Fact]
    public void AboveTheLimit_WithSamples_UsesPivots()
    {
        var o = InfluenceSignals.BetweennessOptionsFor(G, new SignalOptions { ExactBetweennessMaxAccounts = 10, BetweennessSamples = 20 });
        Assert.Equal(20, o.Samples);
        Assert.Null(o.Epsilon);
        Assert.Null(o.Delta);
    }

    [Theory]
    [InlineData(0.0, 0.1, "BetweennessEpsilon")]
    [InlineData(0.6, 0.1, "BetweennessEpsilon")]
    [InlineData(0.1, 0.0, "BetweennessDelta")]
    public void Validate_NamesTheBadOption(double epsilon, double delta, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SignalOptions { BetweennessEpsilon = epsilon, BetweennessDelta = delta }.Validate());
        Assert.Equal(name, e.ParamName);
    }
}
