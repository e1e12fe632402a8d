using System.Text;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>
/// Reading commands (graphs, score --graph, influencers --graph) on a database the user may only
/// read: they used to fail with "attempt to write a readonly database" because opening the store
/// set WAL mode and created the schema. (Tests run as root, which ignores chmod 0444, so the
/// read-only path is exercised through the <c>readOnly</c> constructor directly.)
/// </summary>
public class ReadOnlyStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ig-ro-" + Guid.NewGuid().ToString("N"));

    public ReadOnlyStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void ReadOnlyStore_LoadsTheGraphs_AndRefusesWrites()
    {
        string db = Path.Combine(_dir, "g.db");
        using (var c = GraphCatalog.Open(db))
            c.ImportEdges("g", new MemoryStream(Encoding.UTF8.GetBytes("a,b\nb,c\n")), new EdgeImportOptions { Format = ImportFormat.Csv });
        using var ro = new GraphCatalog(new SqliteGraphStore(db, readOnly: true));
        var g = ro.Get("g")!;
        Assert.Equal((3, 2L, 1L), (g.Snapshot.NodeCount, g.Snapshot.EdgeCount, g.Version));
        var e = Assert.Throws<SqliteException>(() => ro.ImportEdges("g", new MemoryStream("x,y\n"u8.ToArray()), new EdgeImportOptions { Format = ImportFormat.Csv }));
        Assert.Equal(8, e.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public void ReadOnlyStore_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => new SqliteGraphStore(Path.Combine(_dir, "none.db"), readOnly: true));
        Assert.False(File.Exists(Path.Combine(_dir, "none.db")));
    }
}
