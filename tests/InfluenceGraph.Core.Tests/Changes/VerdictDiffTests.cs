using System.Text;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Changes;

public sealed class VerdictDiffTests
{
    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void BecameAndStoppedCandidates_NameTheActivitySignalWithItsNumbersOnBothSides()
    {
        using var catalog = new GraphCatalog();
        catalog.ImportEdges("w", Text("a1 bob\na2 bob\na3 bob\na1 carol\na2 carol\na3 dave\n"), new EdgeImportOptions());
        catalog.ImportAccounts("w", Text("account,posts\nbob,310\ncarol,2000\ndave,1500\na1,3\na2,4\na3,5\n"), new AccountImportOptions());
        var v1 = catalog.Get("w")!;
        catalog.ImportAccounts("w", Text("account,posts\nbob,1204\ncarol,500\n"), new AccountImportOptions());
        var v2 = catalog.Get("w")!;
        Assert.Equal(v1.Version + 1, v2.Version);

        var query = new InfluencerQuery { MinInfluencePercentile = 0, MinPosts = 1000, AllowUnknownEngagement = true };
        var d = VerdictDiff.Compare(InfluenceSignals.Compute(v1), InfluenceSignals.Compute(v2), query);

        // Candidates: v1 carol and dave (>= 1,000 posts), v2 bob and dave.
        Assert.Equal((2, 2, 1, 1), (d.CandidatesFrom, d.CandidatesTo, d.BecameCount, d.StoppedCount));
        var bob = Assert.Single(d.Became);
        Assert.Equal("bob", bob.Account);
        Assert.Equal("activity", bob.ExcludedBy);
        Assert.Null(bob.RankFrom);
        Assert.Equal(1, bob.RankTo); // three followers: the most influential candidate
        Assert.Equal("crossed the activity threshold: 310 → 1,204 posts (required 1,000)", bob.Signal);
        Assert.Equal("not a candidate: 310 posts, fewer than the required 1,000", bob.Reason);
        var carol = Assert.Single(d.Stopped);
        Assert.Equal("carol", carol.Account);
        Assert.Equal("fell below the activity threshold: 2,000 → 500 posts (required 1,000)", carol.Signal);
        Assert.Null(carol.RankTo);
    }
}
