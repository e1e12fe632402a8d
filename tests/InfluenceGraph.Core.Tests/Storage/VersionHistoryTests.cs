using System.Text;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

public sealed class VersionHistoryTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"ig-versions-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_db + suffix);
    }

    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    private static string[] EdgeList(GraphState s) =>
        Enumerable.Range(0, s.Snapshot.NodeCount)
            .SelectMany(u => s.Snapshot.Followees(u).ToArray().Select(v => $"{s.Snapshot.Accounts[u]}>{s.Snapshot.Accounts[v]}"))
            .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void EveryVersion_IsRebuiltAsItWas_AfterAppendsAttributesAndReplace_AndAfterReopening()
    {
        var states = new List<(long Version, string[] Edges, string? BobPosts)>();
        using (var catalog = GraphCatalog.Open(_db))
        {
            catalog.Create("g");
            catalog.ImportEdges("g", Text("alice bob\ncarol bob\n"), new EdgeImportOptions());
            Record(catalog);
            catalog.ImportAccounts("g", Text("account,posts\nbob,310\n"), new AccountImportOptions());
            Record(catalog);
            catalog.ImportEdges("g", Text("bob carol\ndave carol\n"), new EdgeImportOptions());
            Record(catalog);
            catalog.ImportAccounts("g", Text("account,posts\nbob,1204\n"), new AccountImportOptions());
            Record(catalog);
            catalog.ImportEdges("g", Text("zed alice\n"), new EdgeImportOptions { Mode = ImportMode.Replace });
            Record(catalog);

            void Record(GraphCatalog c)
            {
                var s = c.Get("g")!;
                states.Add((s.Version, EdgeList(s), s.Attributes.TryGetValue("bob", out var a) ? a.Posts?.ToString() : null));
            }
        }
        Assert.Equal(5, states.Select(s => s.Version).Distinct().Count());

        using var reopened = GraphCatalog.Open(_db);
        var versions = reopened.Versions("g");
        Assert.Equal(states.Select(s => s.Version), versions.Select(v => v.Version).Where(v => states.Any(s => s.Version == v)));
        foreach (var (version, edges, bobPosts) in states)
        {
            var s = reopened.GetVersion("g", version);
            Assert.NotNull(s);
            Assert.Equal(edges, EdgeList(s!));
            Assert.Equal(bobPosts, s!.Attributes.TryGetValue("bob", out var a) ? a.Posts?.ToString() : null);
            var info = versions.Single(v => v.Version == version);
            Assert.Equal(s.Snapshot.EdgeCount, info.Edges);
            Assert.Equal(s.Snapshot.NodeCount, info.Accounts);
        }
        Assert.Equal(["zed>alice"], EdgeList(reopened.GetVersion("g", states[^1].Version)!));
        Assert.Null(reopened.GetVersion("g", states[^1].Version + 1));
    }

    [Fact]
    public void WeightedVersions_KeepTheirWeights()
    {
        long v1;
        using (var catalog = GraphCatalog.Open(_db))
        {
            catalog.Create("w");
            catalog.ImportEdges("w", Text("a b 2.5\nb c 0.125\n"), new EdgeImportOptions());
            v1 = catalog.Get("w")!.Version;
            catalog.ImportEdges("w", Text("c a 7\n"), new EdgeImportOptions());
        }
        using var reopened = GraphCatalog.Open(_db);
        var s = reopened.GetVersion("w", v1)!;
        Assert.True(s.Snapshot.IsWeighted);
        Assert.Equal(2, s.Snapshot.EdgeCount);
        s.Snapshot.TryGetNode("a", out int a);
        Assert.Equal(2.5, s.Snapshot.FolloweeWeights(a)[0]);
    }
}
