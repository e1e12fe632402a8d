using System.Text;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>Two catalogs on one database file stand for two processes (the CLI importing while the API runs).</summary>
public sealed class CatalogSyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-sync-").FullName;
    private string Db => Path.Combine(_dir, "g.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ImportReport Import(GraphCatalog c, string graph, string text) =>
        c.ImportEdges(graph, new MemoryStream(Encoding.UTF8.GetBytes(text)), new EdgeImportOptions { Format = ImportFormat.Snap });

    [Fact]
    public void ImportEdges_AfterAnotherProcessWroteTheGraph_AppendsToItsVersion()
    {
        using var api = GraphCatalog.Open(Db);
        using var cli = GraphCatalog.Open(Db);
        Import(api, "g", "a b\n");                   // version 1, seen by both files
        Import(cli, "g", "b c\n");                   // the other process: version 2 in the file, api still holds 1

        var report = Import(api, "g", "c d\n");      // used to fail: "stored version 2, this catalog has 1"

        Assert.True(report.Applied);
        Assert.Equal(3, report.VersionAfter);
        var g = api.Get("g")!;
        Assert.Equal(3, g.Snapshot.EdgeCount);       // a->b, b->c, c->d: nothing of the other process lost
        Assert.True(g.Snapshot.TryGetNode("c", out _));
    }

    [Fact]
    public void Refresh_SeesGraphsCreatedChangedAndDeletedElsewhere()
    {
        using var api = GraphCatalog.Open(Db);
        using var cli = GraphCatalog.Open(Db);
        Import(cli, "new", "x y\n");
        Import(cli, "gone", "p q\n");
        Assert.Null(api.Get("new"));                 // not yet seen

        Assert.Equal(2, api.Refresh());
        Assert.Equal(1, api.Get("new")!.Snapshot.EdgeCount);

        Import(cli, "new", "y z\n");
        cli.Delete("gone");
        Assert.Equal(2, api.Refresh());
        Assert.Equal(2, api.Get("new")!.Version);
        Assert.Equal(2, api.Get("new")!.Snapshot.EdgeCount);
        Assert.Null(api.Get("gone"));
        Assert.Equal(0, api.Refresh());              // nothing changed since
    }

    [Fact]
    public void StartAutoRefresh_PicksUpAnotherProcessesImport()
    {
        using var api = GraphCatalog.Open(Db);
        using var cli = GraphCatalog.Open(Db);
        using var timer = api.StartAutoRefresh(TimeSpan.FromMilliseconds(50));
        Import(cli, "later", "u v\n");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (api.Get("later") is null && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.NotNull(api.Get("later"));
        Assert.Throws<ArgumentOutOfRangeException>(() => api.StartAutoRefresh(TimeSpan.Zero));
    }
}
