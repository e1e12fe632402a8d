using System.Text;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Changes;

/// <summary>Time-stamped edges: import, the earliest-time rule, asOf, persistence, the minimum-weight filter, and the bitcoin example.</summary>
public sealed class EdgeTimesTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"ig-edgetimes-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_db + suffix);
    }

    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    private static long Epoch(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    private static string[] Edges(GraphSnapshot g) =>
        Enumerable.Range(0, g.NodeCount).SelectMany(u => g.Followees(u).ToArray().Select(v => $"{g.Accounts[u]}>{g.Accounts[v]}"))
            .Order(StringComparer.Ordinal).ToArray();

    private static long TimeOf(GraphSnapshot g, string from, string to)
    {
        Assert.True(g.TryGetNode(from, out int u));
        Assert.True(g.TryGetNode(to, out int v));
        for (int e = 0; e < g.OutDegreeOf(u); e++)
            if (g.Followees(u)[e] == v) return g.FolloweeTimes(u)[e];
        throw new Xunit.Sdk.XunitException($"no edge {from}>{to}");
    }

    // A header column named 'date' is recognised; ISO dates, date-times with an offset and epoch seconds mix; the repeated
    // pair alice>bob keeps its earliest time (2013-01-01), not its last (2014-06-01).
    private const string Dated = """
        source,target,date
        alice,bob,2014-06-01
        carol,bob,2013-05-01T12:00:00+02:00
        alice,bob,2013-01-01
        bob,dave,1388534400
        dave,erin,2015-01-01T00:00:00Z
        """;

    [Fact]
    public void HeaderTimeColumn_IsRead_RepeatedPairKeepsEarliestTime_AndAsOfRebuildsTheNetworkOfThatDay()
    {
        using var catalog = GraphCatalog.Open(_db);
        var report = catalog.ImportEdges("t", Text(Dated), new EdgeImportOptions());
        Assert.True(report.Applied);
        Assert.True(report.EdgeTimes);
        Assert.Equal(4, report.EdgesAdded);
        var g = catalog.Get("t")!.Snapshot;
        Assert.True(g.HasEdgeTimes);
        Assert.Equal(Epoch("2013-01-01T00:00:00Z"), TimeOf(g, "alice", "bob"));
        Assert.Equal(Epoch("2013-05-01T10:00:00Z"), TimeOf(g, "carol", "bob"));
        Assert.Equal(1388534400, TimeOf(g, "bob", "dave")); // 2014-01-01

        // As of the end of 2013-12-31: bob>dave (2014-01-01 00:00:00) is one second too late; dave and erin are not yet there.
        Assert.Null(VersionSpec.TryResolve(catalog, "t", "2013-12-31", out var at2013));
        Assert.Equal(["alice>bob", "carol>bob"], Edges(at2013!.Snapshot));
        Assert.Equal(3, at2013.Snapshot.NodeCount);
        Assert.Equal(Epoch("2013-12-31T23:59:59Z"), at2013.AsOf);
        // Epoch seconds as a time: inclusive (<=).
        Assert.Null(VersionSpec.TryResolve(catalog, "t", "1388534400", out var atNewYear));
        Assert.Equal(["alice>bob", "bob>dave", "carol>bob"], Edges(atNewYear!.Snapshot));
        // version + asOf: the edges of that version as of the time.
        Assert.Null(VersionSpec.TryResolve(catalog, "t", "1", "2013-02-01", out var early, out _));
        Assert.Equal(["alice>bob"], Edges(early!.Snapshot));
        // The same request again is served from the cache (same instance).
        Assert.Null(VersionSpec.TryResolve(catalog, "t", "1", "2013-02-01", out var again, out _));
        Assert.Same(early, again);
    }

    [Fact]
    public void EdgeTimes_SurviveReopening_InTheCurrentVersionAndInTheHistory()
    {
        using (var catalog = GraphCatalog.Open(_db))
        {
            catalog.ImportEdges("t", Text(Dated), new EdgeImportOptions());
            catalog.ImportEdges("t", Text("source,target,time\nerin,alice,2016-01-01\nalice,bob,2012-01-01\n"), new EdgeImportOptions());
        }
        using var reopened = GraphCatalog.Open(_db);
        var current = reopened.Get("t")!;
        Assert.Equal(2, current.Version);
        // The second batch moved alice>bob to its even earlier time.
        Assert.Equal(Epoch("2012-01-01T00:00:00Z"), TimeOf(current.Snapshot, "alice", "bob"));
        Assert.Equal(Epoch("2016-01-01T00:00:00Z"), TimeOf(current.Snapshot, "erin", "alice"));
        var v1 = reopened.GetVersion("t", 1)!;
        Assert.True(v1.Snapshot.HasEdgeTimes);
        Assert.Equal(Epoch("2013-01-01T00:00:00Z"), TimeOf(v1.Snapshot, "alice", "bob"));
        Assert.Null(VersionSpec.TryResolve(reopened, "t", "1", "2013-12-31", out var old, out _));
        Assert.Equal(["alice>bob", "carol>bob"], Edges(old!.Snapshot));
    }

    [Fact]
    public void BadTime_IsARejectedRow_NamingLineAndField()
    {
        using var catalog = GraphCatalog.Open(_db);
        var report = catalog.ImportEdges("t", Text("source,target,timestamp\na,b,2013-10-25\nc,d,yesterday\ne,f,\n"), new EdgeImportOptions());
        Assert.False(report.Applied);
        Assert.Equal(2, report.RejectedCount);
        Assert.Equal(3, report.Rejections[0].Line);
        Assert.Equal("timestamp", report.Rejections[0].Field);
        Assert.Contains("'yesterday' is not a time", report.Rejections[0].Reason);
        Assert.Equal(4, report.Rejections[1].Line);
        Assert.Null(catalog.Get("t"));
    }

    [Fact]
    public void HeaderlessRatingFile_TimeColumnByPosition_MinWeightDropsNegativeRatings_AndCountsThem()
    {
        // SOURCE,TARGET,RATING,TIME (the SNAP signed rating files): account 9 appears only in a negative rating.
        const string rows = "6,2,4,1289241912\n6,5,2,1289241942\n1,9,-10,1289243140\n2,6,0,1289243200\n1,6,1,1382745599\n";
        using var catalog = GraphCatalog.Open(_db);
        var report = catalog.ImportEdges("r", Text(rows), new EdgeImportOptions { Format = ImportFormat.Csv, TimeColumn = "4", MinWeight = 1 });
        Assert.True(report.Applied);
        Assert.Equal(2, report.BelowMinWeight); // -10 and 0
        Assert.Equal(3, report.EdgesAdded);
        var g = catalog.Get("r")!.Snapshot;
        Assert.False(g.TryGetNode("9", out _));
        Assert.Equal(4, g.NodeCount); // 6, 2, 5, 1
        Assert.Equal(1382745599, TimeOf(g, "1", "6"));
        Assert.Equal(4.0, g.FolloweeWeights(g.Accounts.Names.ToList().IndexOf("6"))[0]);

        // Without the filter a negative rating is a rejected row (weights are >= 0), as before.
        var strict = catalog.ImportEdges("r2", Text(rows), new EdgeImportOptions { Format = ImportFormat.Csv, TimeColumn = "4" });
        Assert.False(strict.Applied);
        Assert.Equal("weight", strict.Rejections[0].Field);
        // A headerless file needs the time column's position.
        Assert.Throws<ImportFormatException>(() => catalog.ImportEdges("r3", Text(rows), new EdgeImportOptions { Format = ImportFormat.Csv, TimeColumn = "time" }));
    }

    [Fact]
    public void GraphWithoutEdgeTimes_ATimeMeansTheLastVersionCommittedByThen_AndAsOfWithVersionIsRefused()
    {
        using var catalog = GraphCatalog.Open(_db);
        catalog.ImportEdges("p", Text("a b\n"), new EdgeImportOptions());
        catalog.ImportEdges("p", Text("b c\n"), new EdgeImportOptions());
        Assert.False(catalog.Get("p")!.Snapshot.HasEdgeTimes);
        Assert.Null(VersionSpec.TryResolve(catalog, "p", null, DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), out var now, out _));
        Assert.Equal(2, now!.Version);
        Assert.Null(now.AsOf);
        Assert.NotNull(VersionSpec.TryResolve(catalog, "p", null, "2001-01-01", out _, out var p1));
        Assert.Equal("asOf", p1);
        Assert.NotNull(VersionSpec.TryResolve(catalog, "p", "1", "2030-01-01", out _, out var p2));
        Assert.Equal("asOf", p2);
        Assert.NotNull(VersionSpec.TryResolve(catalog, "p", "9", null, out _, out var p3));
        Assert.Equal("version", p3);
        Assert.Null(VersionSpec.TryResolve(catalog, "p", "1", null, out var v1, out _));
        Assert.Equal(["a>b"], Edges(v1!.Snapshot));
    }

    /// <summary>
    /// The change-over-time example: bitcoin-otc imported ONCE with its time column (4th) and only the positive ratings
    /// (weight >= 1), PageRank (alpha 0.85, unweighted, tolerance 1e-9) of the network as of 2013-10-25 (inclusive: up to
    /// 23:59:59 UTC) against all of it, over the accounts present in both. Reference values computed independently with
    /// NetworkX 3 pagerank (tol=1e-12) and scipy.stats.kendalltau on the same edges, and RBO_ext (Webber et al. 2010,
    /// equation 32; ties by handle): otc τ-b 0.92639, top-10 shared 8, top-50 shared 42, top-100 shared 84, RBO 0.86794;
    /// alpha τ-b 0.92726, 9, 45, 90, RBO 0.93300. Rater → rated is follower → followee: credit flows to the rated account.
    /// </summary>
    [SharedTheory]
    [InlineData("bitcoin-otc/soc-sign-bitcoinotc.csv", 4755, 26014, 5573, 32029, 0.92639, 8, 42, 84, 0.86794)]
    [InlineData("bitcoin-alpha/soc-sign-bitcoinalpha.csv", 3266, 19221, 3683, 22650, 0.92726, 9, 45, 90, 0.93300)]
    public void BitcoinExample_OneImportWithTimes_MatchesTheReference(string file, int nodesThen, int edgesThen, int nodesAll, int edgesAll,
        double tau, int top10, int top50, int top100, double rbo)
    {
        using var catalog = GraphCatalog.Open(_db);
        using (var f = File.OpenRead(SharedData.Path("data/" + file)))
        {
            var report = catalog.ImportEdges("btc", f, new EdgeImportOptions { SourceName = Path.GetFileName(file), TimeColumn = "4", MinWeight = 1 });
            Assert.True(report.Applied);
            Assert.Equal(0, report.RejectedCount);
        }
        Assert.Null(VersionSpec.TryResolve(catalog, "btc", "2013-10-25", out var then));
        var all = catalog.Get("btc")!;
        Assert.Equal((nodesThen, (long)edgesThen), (then!.Snapshot.NodeCount, then.Snapshot.EdgeCount));
        Assert.Equal((nodesAll, (long)edgesAll), (all.Snapshot.NodeCount, all.Snapshot.EdgeCount));
        var pagerank = MetricCatalog.Default.Find("pagerank")!;
        var none = MetricArguments.Of([]);
        var a = pagerank.Compute(then.Snapshot, pagerank.Normalize(none, then.Snapshot), null, CancellationToken.None);
        var b = pagerank.Compute(all.Snapshot, pagerank.Normalize(none, all.Snapshot), null, CancellationToken.None);
        var c = RankingComparer.Compare(a, b, 0.9, 10);
        Assert.Equal(nodesThen, c.AccountsInBoth);
        Assert.Equal(tau, c.KendallTauB.TauB, 0.0005);
        Assert.Equal([top10, top50, top100], c.TopOverlaps.Select(o => o.Shared));
        Assert.Equal(rbo, c.Rbo.Extrapolated, 0.0005);
    }
}
