using System.Text;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using static InfluenceGraph.Core.Tests.Import.EdgeImportFormatTests;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>Batch semantics of <see cref="GraphCatalog.ImportEdges"/>/<see cref="GraphCatalog.ImportAccounts"/>: fail vs skip, append vs replace, idempotence, multigraphs, cancellation.</summary>
public class GraphCatalogImportTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private static readonly EdgeImportOptions Csv = new() { Format = ImportFormat.Csv, SourceName = "edges.csv" };

    [Fact]
    public void ImportEdges_OnErrorFail_AppliesNothingAndReportsEveryRejection()
    {
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("a,b\n"), Csv);
        var before = c.Get("g")!;
        // line 1 header, 2 ok, 3 bad weight, 4 ok
        var r = c.ImportEdges("g", Text("source,target,weight\nb,c,1\nc,d,heavy\nd,a,1\n"), Csv);
        Assert.False(r.Applied);
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(1, r.RejectedCount);
        Assert.Equal(new ImportRejection(3, "weight", r.Rejections[0].Reason), r.Rejections[0]);
        Assert.Equal(1, r.VersionAfter);
        Assert.Same(before, c.Get("g")); // the state was not swapped
        Assert.Equal(2, c.Get("g")!.Snapshot.NodeCount);
        Assert.False(c.Reports("g")[0].Applied);
    }

    [Fact]
    public void ImportEdges_OnErrorSkip_AppliesGoodRowsOnlyWithoutTheirAccounts()
    {
        using var c = new GraphCatalog();
        var r = c.ImportEdges("g", Text("source,target,weight\nb,c,1\nc,ghost,heavy\nd,b,1\n"), Csv with { OnError = OnErrorPolicy.Skip });
        Assert.True(r.Applied);
        Assert.Equal(2, r.EdgesAdded);
        Assert.Equal(1, r.RejectedCount);
        var g = c.Get("g")!.Snapshot;
        Assert.Equal(3, g.NodeCount);
        Assert.False(g.TryGetNode("ghost", out _)); // a rejected row adds no account
    }

    [Fact]
    public void ImportEdges_SameFileTwice_IsIdempotentInASet()
    {
        const string file = "a,b\nb,c\nc,a\na,b\n"; // 4 rows, 3 distinct edges
        using var c = new GraphCatalog();
        var first = c.ImportEdges("g", Text(file), Csv);
        var snap1 = c.Get("g")!.Snapshot;
        var second = c.ImportEdges("g", Text(file), Csv);
        var snap2 = c.Get("g")!.Snapshot;
        Assert.Equal((4L, 3L, 1L, 3L), (first.RowsRead, first.EdgesAdded, first.DuplicatesSkipped, first.AccountsAdded));
        Assert.Equal((4L, 0L, 4L, 0L), (second.RowsRead, second.EdgesAdded, second.DuplicatesSkipped, second.AccountsAdded));
        // README: re-importing changes nothing — the batch is recorded, the version is not bumped
        // (caches keyed by the version stay valid) and the snapshot is the same object.
        Assert.True(second.Applied);
        Assert.Equal(1, second.VersionAfter);
        Assert.Equal(1, c.Get("g")!.Version);
        Assert.Same(snap1, snap2);
        Assert.Equal(2, c.Reports("g").Count);
        Assert.Equal(snap1.Accounts.Names, snap2.Accounts.Names);
    }

    [Fact]
    public void ImportAccounts_SameAttributesTwice_DoesNotBumpTheVersion()
    {
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("a,b\n"), Csv);
        var accounts = new AccountImportOptions { Format = ImportFormat.Csv };
        var first = c.ImportAccounts("g", Text("account,posts,topics\na,5,x;y\n"), accounts);
        var second = c.ImportAccounts("g", Text("account,posts,topics\na,5,x;y\n"), accounts);
        var third = c.ImportAccounts("g", Text("account,posts,topics\na,6,x;y\n"), accounts);
        Assert.Equal((2L, 2L, 3L), (first.VersionAfter, second.VersionAfter, third.VersionAfter));
        Assert.True(second.Applied);
        Assert.Equal(6, c.Get("g")!.AttributesOf(0)!.Posts);
    }

    [Fact]
    public void ImportEdges_ReplaceSkipWithEveryRowRejected_LeavesTheGraphAlone()
    {
        // Every row has a negative weight: 0 good rows, 2 rejected. Applying it would replace the
        // graph by an empty one; the rule is that such a batch is not applied.
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("a,b\nb,c\n"), Csv);
        var r = c.ImportEdges("g", Text("x,y,-1\ny,z,-2\n"), Csv with { Mode = ImportMode.Replace, OnError = OnErrorPolicy.Skip });
        Assert.False(r.Applied);
        Assert.Equal(2, r.RejectedCount);
        var g = c.Get("g")!;
        Assert.Equal(1, g.Version);
        Assert.Equal(2, g.Snapshot.EdgeCount);
    }

    [Fact]
    public void ImportAccounts_ReplaceSkipWithEveryRowRejected_KeepsTheAttributes()
    {
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("a,b\n"), Csv);
        var accounts = new AccountImportOptions { Format = ImportFormat.Csv };
        c.ImportAccounts("g", Text("account,posts\na,5\n"), accounts);
        var r = c.ImportAccounts("g", Text("account,posts\na,-1\nb,abc\n"), accounts with { Mode = ImportMode.Replace, OnError = OnErrorPolicy.Skip });
        Assert.False(r.Applied);
        Assert.Equal(2, r.RejectedCount);
        Assert.Equal(5, c.Get("g")!.AttributesOf(0)!.Posts);
    }

    [Fact]
    public void ImportEdges_Multigraph_KeepsEveryRow()
    {
        using var c = new GraphCatalog();
        c.Create("m", new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        var r1 = c.ImportEdges("m", Text("a,b\na,b\n"), Csv);
        var r2 = c.ImportEdges("m", Text("a,b\n"), Csv);
        Assert.Equal(2, r1.EdgesAdded);
        Assert.Equal(0, r1.DuplicatesSkipped);
        Assert.Equal(1, r2.EdgesAdded);
        Assert.Equal(3, c.Get("m")!.Snapshot.EdgeCount);
    }

    [Fact]
    public void ImportEdges_DropSelfLoopsGraph_CountsThemAsDropped()
    {
        using var c = new GraphCatalog();
        c.Create("d", new GraphBuildOptions(SelfLoops: SelfLoopPolicy.Drop));
        var r = c.ImportEdges("d", Text("a,a\na,b\n"), Csv);
        Assert.Equal(1, r.SelfLoops);
        Assert.False(r.SelfLoopsKept);
        Assert.Equal(1, r.EdgesAdded);
        Assert.Equal(0, r.DuplicatesSkipped);
        Assert.Equal(2, c.Get("d")!.Snapshot.NodeCount); // the account stays
    }

    [Fact]
    public void ImportEdges_Replace_GraphBecomesTheBatchAndKeepsAttributes()
    {
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("a,b\nb,c\n"), Csv);
        c.ImportAccounts("g", Text("account,posts\nx,5\n"), new AccountImportOptions { Format = ImportFormat.Csv });
        var r = c.ImportEdges("g", Text("x,y\n"), Csv with { Mode = ImportMode.Replace });
        var g = c.Get("g")!;
        Assert.Equal(ImportMode.Replace, r.Mode);
        Assert.Equal(2, g.Snapshot.NodeCount);
        Assert.Equal(1, g.Snapshot.EdgeCount);
        Assert.False(g.Snapshot.TryGetNode("a", out _));
        Assert.Equal(5, g.AttributesOf(g.Snapshot.TryGetNode("x", out int x) ? x : -1)!.Posts);
        Assert.Equal(3, g.Version);
    }

    [Fact]
    public void ImportEdges_Cancelled_AppliesNothing()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) sb.Append(i).Append(' ').Append(i + 1).Append('\n');
        using var c = new GraphCatalog();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => c.ImportEdges("g", Text(sb.ToString()), new EdgeImportOptions(), null, cts.Token));
        Assert.Null(c.Get("g"));
    }

    [Fact]
    public void ImportEdges_Progress_ReportsRowsAndBytes()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 140_000; i++) sb.Append(i).Append(' ').Append(i + 1).Append('\n');
        var seen = new List<ImportProgress>();
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text(sb.ToString()), new EdgeImportOptions(), new Collector(seen));
        Assert.Equal([65536L, 131072L, 140000L], seen.Select(p => p.RowsRead));
        Assert.True(seen[^1].BytesRead == seen[^1].TotalBytes);
    }

    private sealed class Collector(List<ImportProgress> list) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => list.Add(value);
    }

    [Fact]
    public void ImportEdges_DuplicateFollowRowsCase_ReportsFiveRowsFourEdges()
    {
        // ../shared/cases/pr-duplicate-follow-rows: 5 rows, a1->a2 twice; 4 distinct edges, 3 nodes;
        // PageRank a1 = 18/37, a2 = a3 = 9.5/37 (networkx 2.8.8, in the case's expected.tsv).
        const string json = """{"edges": [{"source": "a1", "target": "a2"}, {"source": "a1", "target": "a3"}, {"source": "a1", "target": "a2"}, {"source": "a2", "target": "a1"}, {"source": "a3", "target": "a1"}]}""";
        using var c = new GraphCatalog();
        var r = c.ImportEdges("dup", Text(json), new EdgeImportOptions { SourceName = "edges.json" });
        Assert.Equal((5L, 4L, 1L, 3L), (r.RowsRead, r.EdgesAdded, r.DuplicatesSkipped, r.AccountsAdded));
        var pr = PageRank.Compute(c.Get("dup")!.Snapshot);
        var g = c.Get("dup")!.Snapshot;
        Assert.Equal(18.0 / 37, pr.Scores[g.TryGetNode("a1", out int a1) ? a1 : -1], 6);
        Assert.Equal(9.5 / 37, pr.Scores[g.TryGetNode("a3", out int a3) ? a3 : -1], 6);
    }

    [Fact]
    public void ImportAccounts_AllColumns_MappedAndExtraKeptAsText()
    {
        const string csv = "account,display_name,posts,political_posts,is_political,topics,lang,followers_count\n" +
                           "@alice,\"Alice, A.\",40,10,no,\"#ai; music | #ai\",fr,1200\n" +
                           "bob,,,,yes,,,\n";
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("alice,bob\n"), Csv);
        var r = c.ImportAccounts("g", Text(csv), new AccountImportOptions { Format = ImportFormat.Csv });
        Assert.Equal((2L, 2L, 0L), (r.RowsRead, r.AccountsUpdated, r.AccountsNotInGraph));
        var a = c.Get("g")!.Attributes["alice"];
        Assert.Equal("Alice, A.", a.DisplayName);
        Assert.Equal(40, a.Posts);
        Assert.Equal(10, a.PoliticalPosts);
        Assert.Equal(0.25, a.PoliticalShare);
        Assert.False(a.IsPolitical);
        Assert.Equal(["ai", "music"], a.Topics);
        Assert.Equal("fr", a.Lang);
        Assert.Equal("1200", a.Extra["followers_count"]);
        var b = c.Get("g")!.Attributes["bob"];
        Assert.True(b.IsPolitical);
        Assert.Null(b.Posts);
    }

    [Fact]
    public void ImportAccounts_InvalidValues_RejectedWithLineAndField_NothingApplied()
    {
        // line 2 ok; 3 posts negative; 4 political_posts > posts; 5 share out of [0,1]; 6 bad bool; 7 empty account
        const string csv = "account,posts,political_posts,political_share,is_political\nok,1,0,,\nneg,-1,,,\nmore,2,3,,\nshare,,,1.5,\nbool,,,,maybe\n,1,,,\n";
        using var c = new GraphCatalog();
        var r = c.ImportAccounts("g", Text(csv), new AccountImportOptions { Format = ImportFormat.Csv });
        Assert.False(r.Applied);
        Assert.Equal(5, r.RejectedCount);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], r.Rejections.Select(x => x.Line));
        Assert.Equal(["posts", "political_posts", "political_share", "is_political", "account"], r.Rejections.Select(x => x.Field));
        Assert.Null(c.Get("g"));
    }

    [Fact]
    public void ImportAccounts_Json_AppendMergesReplaceResets()
    {
        using var c = new GraphCatalog();
        c.ImportAccounts("g", Text("""[{"account": "a", "posts": 3, "topics": ["x", "#y"], "party": "none"}]"""), new AccountImportOptions());
        c.ImportAccounts("g", Text("{\"handle\": \"a\", \"lang\": \"ar\"}\n{\"handle\": \"b\", \"posts\": 1}\n"), new AccountImportOptions());
        var a = c.Get("g")!.Attributes["a"];
        Assert.Equal((3L, "ar", "none"), (a.Posts!.Value, a.Lang, a.Extra["party"]));
        Assert.Equal(["x", "y"], a.Topics);
        c.ImportAccounts("g", Text("""{"accounts": [{"account": "c"}]}"""), new AccountImportOptions { Mode = ImportMode.Replace });
        Assert.Equal(["c"], c.Get("g")!.Attributes.Keys);
    }

    [Fact]
    public void ImportAccounts_LabelsMap_AddMissingAccountsMakesIsolatedNodes()
    {
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text("0 1\n"), new EdgeImportOptions());
        var r = c.ImportAccounts("g", Text("""{"labels": {"0": "m", "1": "f", "2": "f"}}"""), new AccountImportOptions { AddMissingAccounts = true });
        Assert.Equal((3L, 1L, 0L), (r.AccountsUpdated, r.AccountsAdded, r.AccountsNotInGraph));
        Assert.Equal("f", c.Get("g")!.Attributes["2"].Extra["labels"]);
        Assert.Equal(3, c.Get("g")!.Snapshot.NodeCount);
        Assert.Equal(1, c.Get("g")!.Snapshot.EdgeCount);
    }

    [Fact]
    public void ImportAccounts_SnapEgo_TopicsAndPostsFromFlags()
    {
        // featnames: 0 #ai, 1 @bob, 2 #music; node 7 uses #ai and #music, node 8 uses @bob.
        var names = SnapEgoFeatures.ReadFeatureNames(Text("0 #ai\n1 @bob\n2 #music\n"));
        using var c = new GraphCatalog();
        var r = c.ImportAccounts("ego", Text("7 1 0 1\n8 0 1 0\n9 0 2 0\n10 1 1\n"), new AccountImportOptions { Format = ImportFormat.SnapEgo, FeatureNames = names, OnError = OnErrorPolicy.Skip });
        Assert.Equal(2, r.AccountsUpdated);
        Assert.Equal([3L, 4L], r.Rejections.Select(x => x.Line));
        var a7 = c.Get("ego")!.Attributes["7"];
        Assert.Equal(["ai", "music"], a7.Topics);
        Assert.Equal(2, a7.Posts);
        Assert.Equal(["@bob"], c.Get("ego")!.Attributes["8"].Topics);
    }

    [Fact]
    public async Task ImportEdges_ConcurrentReaders_SeeTheOldOrTheNewStateNeverHalf()
    {
        // 100 accounts in a 100-edge cycle, then a 200,000-row batch; readers polling during the batch
        // may only ever see (100 nodes, 100 edges, v1) or the complete result (v2).
        var cycle = new StringBuilder();
        for (int i = 0; i < 100; i++) cycle.Append(i).Append(' ').Append((i + 1) % 100).Append('\n');
        string big = TestGraphs.Random(accounts: 5000, rows: 200_000, seed: 3, prefix: "").ToText();
        using var c = new GraphCatalog();
        c.ImportEdges("g", Text(cycle.ToString()), new EdgeImportOptions());
        var seen = new HashSet<(long, int, long)>();
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = c.Get("g")!;
                lock (seen) seen.Add((s.Version, s.Snapshot.NodeCount, s.Snapshot.EdgeCount));
                started.TrySetResult();
            }
        });
        await started.Task;
        var report = c.ImportEdges("g", Text(big), new EdgeImportOptions());
        var after = c.Get("g")!;
        stop.Cancel();
        await reader;
        Assert.Subset(new HashSet<(long, int, long)> { (1, 100, 100), (2, after.Snapshot.NodeCount, after.Snapshot.EdgeCount) }, seen);
        Assert.Contains((1L, 100, 100L), seen);
        Assert.Equal(100 + report.EdgesAdded, after.Snapshot.EdgeCount);
    }
}
