using System.Text;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>Two writers of one graph through different catalogs on one database file (as the CLI and the API): both batches land, never an error.</summary>
public sealed class RacingWritersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-race-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static MemoryStream Batch(string prefix, int rows)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < rows; i++) sb.Append(prefix).Append(i).Append(" hub\n");
        return new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    [Fact]
    public async Task ConcurrentImports_ThroughTwoCatalogs_BothApply_Repeatedly()
    {
        string db = Path.Combine(_dir, "race.db");
        using var a = GraphCatalog.Open(db);
        using var b = GraphCatalog.Open(db);
        a.ImportEdges("r", Batch("seed", 1), new EdgeImportOptions { Format = ImportFormat.Snap });
        for (int trial = 0; trial < 10; trial++)
        {
            using var start = new Barrier(2);
            var ta = Task.Run(() => { start.SignalAndWait(); return a.ImportEdges("r", Batch($"a{trial}-", 3000), new EdgeImportOptions { Format = ImportFormat.Snap }); });
            var tb = Task.Run(() => { start.SignalAndWait(); return b.ImportEdges("r", Batch($"b{trial}-", 3000), new EdgeImportOptions { Format = ImportFormat.Snap }); });
            var reports = await Task.WhenAll(ta, tb);
            Assert.All(reports, r => Assert.True(r.Applied));
            Assert.NotEqual(reports[0].VersionAfter, reports[1].VersionAfter);
        }
        using var check = GraphCatalog.Open(db);
        var g = check.Get("r")!;
        Assert.Equal(1 + 20 * 3000, g.Snapshot.EdgeCount); // every batch of both writers, none lost
        Assert.Equal(21, g.Version);
    }

    [Fact]
    public void WriteOnAStaleVersion_IsAConflictNamingTheGraph_NothingApplied()
    {
        string db = Path.Combine(_dir, "stale.db");
        using var a = GraphCatalog.Open(db);
        using var b = GraphCatalog.Open(db);
        a.ImportEdges("s", Batch("x", 2), new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.True(b.Delete("s")); // deleted in the database by the other catalog
        using var store = new SqliteGraphStore(db);
        var stale = a.Get("s")!;
        var e = Assert.Throws<GraphWriteConflictException>(() => store.Commit(new GraphCommit(stale with { Version = stale.Version + 1 }, 0, true, [], false, null, stale.Version)));
        Assert.Equal("s", e.Graph);
    }
}
