using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// Every network of <c>../shared/data</c> imported from its ORIGINAL file (gzip, GML, JSON, CRLF,
/// headers, NetworkX data columns, reversed sources) gives the node and edge counts its
/// PROVENANCE.md states and exactly the graph of <c>../shared/oracle/expected/NAME.edges</c>
/// (compared as sets of handles and of follower -> followee pairs).
/// </summary>
public class SharedDataImportTests
{
    public static TheoryData<string, string, string, int, long> Networks => new()
    {
        // oracle name, original file, options (reverse / weight none), nodes, edges (PROVENANCE.md "Counts verified here")
        { "bitcoin-alpha", "data/bitcoin-alpha/soc-sign-bitcoinalpha.csv", "weight=none", 3783, 24186 },
        { "bitcoin-otc", "data/bitcoin-otc/soc-sign-bitcoinotc.csv", "weight=none", 5881, 35592 },
        { "career-bofa", "data/twitter-career-followers/bofa_careers.json.gz", "reverse", 13688, 68328 },
        { "career-verizon", "data/twitter-career-followers/verizoncareers.json.gz", "reverse", 9226, 59576 },
        { "congress-twitter", "data/congress-twitter/congress.edgelist", "reverse", 475, 13289 },
        { "ego-twitter-12831", "data/ego-twitter/12831.edges", "", 236, 2478 },
        { "ego-twitter-13212502", "data/ego-twitter/13212502.edges", "", 170, 2262 },
        { "email-eu-core", "data/email-eu-core/email-Eu-core.txt.gz", "", 1005, 25571 },
        { "polblogs", "data/polblogs/polblogs.gml", "", 1490, 19025 },
        { "soc-slashdot0902", "data/soc-slashdot0902/soc-Slashdot0902.txt.gz", "", 82168, 948464 },
        { "uk-mp-twitter-2022", "data/uk-mp-twitter-2022/mp_edgelist.csv", "", 585, 26833 },
        { "wiki-vote", "data/wiki-vote/Wiki-Vote.txt", "", 7115, 103689 },
    };

    [SharedTheory]
    [MemberData(nameof(Networks))]
    public void ImportEdges_OriginalFile_MatchesProvenanceCountsAndOracleEdgeSet(string oracle, string file, string opts, int nodes, long edges)
    {
        var options = new EdgeImportOptions
        {
            SourceName = Path.GetFileName(file),
            Reverse = opts.Contains("reverse"),
            WeightColumn = opts.Contains("weight=none") ? "none" : null,
        };
        using var catalog = new GraphCatalog();
        using (var s = File.OpenRead(SharedData.Path(file)))
        {
            var report = catalog.ImportEdges(oracle, s, options);
            Assert.True(report.Applied, string.Join("; ", report.Rejections.Take(3)));
            Assert.Equal(0, report.RejectedCount);
        }
        var g = catalog.Get(oracle)!.Snapshot;
        Assert.Equal(nodes, g.NodeCount);
        Assert.Equal(edges, g.EdgeCount);

        string expectedFile = SharedData.Path("oracle/expected/" + oracle + (File.Exists(SharedData.Path($"oracle/expected/{oracle}.edges")) ? ".edges" : ".edges.gz"));
        var expected = EdgeImport.Load(expectedFile, new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(Handles(expected), Handles(g));
        var missing = Pairs(expected);
        missing.ExceptWith(Pairs(g));
        var extra = Pairs(g);
        extra.ExceptWith(Pairs(expected));
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{missing.Count} oracle edges missing (e.g. {string.Join(", ", missing.Take(3))}), {extra.Count} extra (e.g. {string.Join(", ", extra.Take(3))})");
    }

    [SharedFact]
    public void ImportEdges_PolblogsGml_KeepsIsolatedNodesDuplicatesAndNodeAttributes()
    {
        // PROVENANCE.md: 19,090 edge records, 19,025 distinct pairs, 3 self-loops, 266 isolated nodes;
        // node 1 is "100monkeystyping.com", value 0 (liberal).
        using var catalog = new GraphCatalog();
        using var s = File.OpenRead(SharedData.Path("data/polblogs/polblogs.gml"));
        var r = catalog.ImportEdges("polblogs", s, new EdgeImportOptions { SourceName = "polblogs.gml" });
        Assert.Equal(ImportFormat.Gml, r.Format);
        Assert.Equal(19090, r.RowsRead);
        Assert.Equal(19025, r.EdgesAdded);
        Assert.Equal(65, r.DuplicatesSkipped);
        var state = catalog.Get("polblogs")!;
        Assert.Equal(3, state.Snapshot.SelfLoopCount);
        int isolated = 0;
        for (int v = 0; v < state.Snapshot.NodeCount; v++)
            if (state.Snapshot.InDegreeOf(v) == 0 && state.Snapshot.OutDegreeOf(v) == 0) isolated++;
        Assert.Equal(266, isolated);
        var a = state.Attributes["1"];
        Assert.Equal("100monkeystyping.com", a.DisplayName);
        Assert.Equal("0", a.Extra["value"]);
        Assert.Equal("Blogarama", a.Extra["source"]);
    }

    [SharedFact]
    public void ImportEdges_FacebookUndirected_AddsBothDirections()
    {
        // PROVENANCE.md: 4,039 nodes, 88,234 undirected friendships, 0 self-loops -> 176,468 arcs.
        using var catalog = new GraphCatalog();
        using (var s = File.OpenRead(SharedData.Path("data/facebook-combined/facebook_combined.txt.gz")))
            catalog.ImportEdges("fb", s, new EdgeImportOptions { SourceName = "facebook_combined.txt.gz" });
        Assert.Equal(4039, catalog.Get("fb")!.Snapshot.NodeCount);
        Assert.Equal(88234, catalog.Get("fb")!.Snapshot.EdgeCount);
        using (var s = File.OpenRead(SharedData.Path("data/facebook-combined/facebook_combined.txt.gz")))
            catalog.ImportEdges("fb2", s, new EdgeImportOptions { SourceName = "facebook_combined.txt.gz", Undirected = true });
        Assert.Equal(176468, catalog.Get("fb2")!.Snapshot.EdgeCount);
    }

    internal static HashSet<string> Handles(GraphSnapshot g) => [.. g.Accounts.Names];

    internal static HashSet<(string, string)> Pairs(GraphSnapshot g)
    {
        var set = new HashSet<(string, string)>();
        for (int u = 0; u < g.NodeCount; u++)
            foreach (int v in g.Followees(u)) set.Add((g.Accounts[u], g.Accounts[v]));
        return set;
    }
}
