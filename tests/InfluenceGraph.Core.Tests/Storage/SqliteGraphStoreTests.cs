using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

public sealed class TempDb : IDisposable
{
    public TempDb() => Dir = Directory.CreateTempSubdirectory("ig-store-").FullName;
    public string Dir { get; }
    public string Path => System.IO.Path.Combine(Dir, "graphs.db");
    public void Dispose() { try { Directory.Delete(Dir, true); } catch (IOException) { } }
}

public class SqliteGraphStoreTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    internal static void AssertSameSnapshot(GraphSnapshot a, GraphSnapshot b)
    {
        Assert.Equal(a.Accounts.Names, b.Accounts.Names);
        Assert.Equal(a.OutOffsets, b.OutOffsets);
        Assert.Equal(a.OutTargets, b.OutTargets);
        Assert.Equal(a.InOffsets, b.InOffsets);
        Assert.Equal(a.InSources, b.InSources);
        Assert.Equal(a.OutWeights, b.OutWeights);
        Assert.Equal(a.InWeights, b.InWeights);
        Assert.Equal(a.BuildOptions, b.BuildOptions);
        Assert.Equal(a.EdgeRowsRead, b.EdgeRowsRead);
    }

    [Fact]
    public void Open_AfterImports_ReloadsIdenticalSnapshotsAttributesVersionsAndReports()
    {
        using var tmp = new TempDb();
        GraphState before;
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            c.ImportEdges("g", Text("alice,bob,0.5\ncarol,bob,2\nbob,carol,1\n"), new EdgeImportOptions { Format = ImportFormat.Csv });
            c.ImportEdges("g", Text("dave bob\n"), new EdgeImportOptions { Format = ImportFormat.Snap });
            c.ImportAccounts("g", Text("account,posts,political_posts,topics\nbob,10,2,#ai;music\nzed,3,0,\n"), new AccountImportOptions { Format = ImportFormat.Csv });
            before = c.Get("g")!;
            Assert.Equal(3, before.Version);
        }
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            var after = c.Get("g")!;
            Assert.Equal(3, after.Version);
            AssertSameSnapshot(before.Snapshot, after.Snapshot);
            Assert.True(after.Snapshot.IsWeighted);
            var bob = after.Attributes["bob"];
            Assert.Equal(10, bob.Posts);
            Assert.Equal(0.2, bob.PoliticalShare!.Value, 12);
            Assert.Equal(["ai", "music"], bob.Topics);
            Assert.Equal(3, after.Attributes["zed"].Posts);
            Assert.False(after.Snapshot.TryGetNode("zed", out _)); // attributes without a node
            var reports = c.Reports("g");
            Assert.Equal(3, reports.Count);
            Assert.Equal("accounts", reports[0].Kind);
            Assert.Equal(1, reports[1].EdgesAdded);
        }
    }

    [Fact]
    public void Delete_WithStore_IsPersisted()
    {
        using var tmp = new TempDb();
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            c.ImportEdges("a", Text("x y\n"), new EdgeImportOptions());
            c.Create("b", new GraphBuildOptions(DuplicateEdgePolicy.Keep));
            Assert.True(c.Delete("a"));
        }
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            Assert.Null(c.Get("a"));
            Assert.Equal(DuplicateEdgePolicy.Keep, c.Get("b")!.Snapshot.BuildOptions.DuplicateEdges);
            Assert.Equal(0, c.Get("b")!.Version);
        }
    }

    [Fact]
    public void Publish_WithStore_IsPersisted()
    {
        using var tmp = new TempDb();
        var b = new GraphBuilder();
        b.AddEdge("p", "q");
        b.AddAccount("lonely");
        var snap = b.Build();
        using (var c = GraphCatalog.Open(tmp.Path)) c.Publish("pub", snap);
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            AssertSameSnapshot(snap, c.Get("pub")!.Snapshot);
            Assert.Equal(1, c.Get("pub")!.Version);
        }
    }
}
