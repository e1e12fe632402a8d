using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>
/// Attributes reloaded from the store: the same values in the table's order, across several parse batches, with shared
/// topic and language strings, the key sharing the record's account string and one shared empty extra-column map.
/// </summary>
public sealed class AttributeReloadTests
{
    private static readonly string[] Topics = ["music", "fashion", "food", "science", "pets", "travel"];

    private static string Csv(int accounts)
    {
        var b = new StringBuilder("account,posts,political_share,topics,lang,is_political,region\n");
        for (int i = 0; i < accounts; i++)
        {
            string topics = string.Join(';', Enumerable.Range(0, i % 4).Select(k => Topics[(i + k) % Topics.Length]));
            string region = i % 1000 == 7 ? "north" : "";
            b.Append(CultureInfo.InvariantCulture, $"user{i},{i % 977},{(i % 10) / 10.0:0.0},{topics},{(i % 3 == 0 ? "en" : "")},{(i % 500 == 0 ? "true" : "false")},{region}\n");
        }
        return b.ToString();
    }

    [Fact]
    public void Reload_OfMoreRowsThanOneBatch_KeepsEveryValueAndTheTablesOrder_WithSharedStrings()
    {
        using var tmp = new TempDb();
        const int n = 20_000; // three parse batches of 8,192 rows
        var edges = new StringBuilder();
        for (int i = 0; i < n; i++) edges.Append(CultureInfo.InvariantCulture, $"user{i} user{(i * 7 + 1) % n}\n");
        IReadOnlyDictionary<string, AccountAttributes> imported;
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            c.ImportEdges("g", new MemoryStream(Encoding.UTF8.GetBytes(edges.ToString())), new EdgeImportOptions());
            var r = c.ImportAccounts("g", new MemoryStream(Encoding.UTF8.GetBytes(Csv(n))), new AccountImportOptions { Format = ImportFormat.Csv });
            Assert.True(r.Applied);
            imported = c.Get("g")!.Attributes;
        }
        var tableOrder = new List<string>();
        using (var db = new SqliteConnection($"Data Source={tmp.Path};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var q = db.CreateCommand();
            q.CommandText = "SELECT account FROM attributes WHERE graph = 'g'";
            using var rd = q.ExecuteReader();
            while (rd.Read()) tableOrder.Add(rd.GetString(0));
        }
        using var reopened = GraphCatalog.Open(tmp.Path);
        var state = reopened.Get("g")!;
        var reloaded = state.Attributes;
        Assert.Equal(n, reloaded.Count);
        Assert.Equal(tableOrder, reloaded.Keys); // the rows' order, as the serial loader gave it
        var topicStrings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, a) in reloaded)
        {
            var was = imported[key];
            Assert.Equal((was.Account, was.Posts, was.PoliticalShare, was.IsPolitical, was.Lang, was.DisplayName), (a.Account, a.Posts, a.PoliticalShare, a.IsPolitical, a.Lang, a.DisplayName));
            Assert.Equal(was.Topics, a.Topics);
            Assert.Equal(was.Extra.OrderBy(kv => kv.Key), a.Extra.OrderBy(kv => kv.Key));
            Assert.Same(a.Account, key);
            if (a.Extra.Count == 0) Assert.Same(AccountAttributes.NoExtra, a.Extra);
            foreach (var t in a.Topics)
            {
                if (topicStrings.TryGetValue(t, out var first)) Assert.Same(first, t); // one string per topic in the graph
                else topicStrings[t] = t;
            }
        }
        Assert.Equal(Topics.Order(), topicStrings.Keys.Order());
        Assert.Equal("north", reloaded["user7"].Extra["region"]);
        Assert.Same(reloaded["user0"].Lang, reloaded["user3"].Lang);
        Assert.Equal(n / 500, state.PoliticalAttributeCount);
    }

    [Fact]
    public void Reload_WithABrokenRow_NamesItsError_AsBefore()
    {
        using var tmp = new TempDb();
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            c.ImportEdges("g", new MemoryStream("a b\nb c\n"u8.ToArray()), new EdgeImportOptions());
            c.ImportAccounts("g", new MemoryStream("account,posts\na,1\nb,2\nc,3\n"u8.ToArray()), new AccountImportOptions { Format = ImportFormat.Csv });
        }
        using (var db = new SqliteConnection($"Data Source={tmp.Path};Pooling=False"))
        {
            db.Open();
            using var u = db.CreateCommand();
            u.CommandText = "UPDATE attributes SET data = 'null' WHERE graph = 'g' AND account = 'b'";
            Assert.Equal(1, u.ExecuteNonQuery());
        }
        var e = Assert.Throws<InvalidDataException>(() => GraphCatalog.Open(tmp.Path).Dispose());
        Assert.Contains("graph 'g': null attributes for 'b'", e.Message);
    }
}

/// <summary>The attributes read on a second connection must belong to the version the snapshot was read at.</summary>
[Collection(InfluenceGraph.Core.Tests.Metrics.MemoryMeasurementCollection.Name)] // sets a static hook: alone
public sealed class AttributeReloadConsistencyTests
{
    [Fact]
    public void AWriterCommittingBetweenTheTwoReads_TheAttributesAreReadInTheSnapshotsTransaction()
    {
        using var tmp = new TempDb();
        using var writer = GraphCatalog.Open(tmp.Path);
        writer.ImportEdges("g", new MemoryStream("a b\nb c\n"u8.ToArray()), new EdgeImportOptions());
        writer.ImportAccounts("g", new MemoryStream("account,posts\na,1\n"u8.ToArray()), new AccountImportOptions { Format = ImportFormat.Csv });
        long version = writer.Get("g")!.Version;
        int writes = 0;
        SqliteGraphStore.AttributesBesideStarted = () =>
        {
            if (Interlocked.Increment(ref writes) == 1) // after the reader's own transaction began: a new version with new attributes
                writer.ImportAccounts("g", new MemoryStream("account,posts\na,2\nb,5\n"u8.ToArray()), new AccountImportOptions { Format = ImportFormat.Csv });
        };
        try
        {
            using var store = new SqliteGraphStore(tmp.Path, readOnly: true);
            var state = store.Load("g")!;
            Assert.Equal(1, writes);
            Assert.Equal(version, state.Version);
            Assert.Equal(1, state.Attributes["a"].Posts); // the version's own attributes, not the later ones
            Assert.False(state.Attributes.ContainsKey("b"));
        }
        finally { SqliteGraphStore.AttributesBesideStarted = null; }
        using var after = new SqliteGraphStore(tmp.Path, readOnly: true);
        var latest = after.Load("g")!;
        Assert.Equal(version + 1, latest.Version);
        Assert.Equal(2, latest.Attributes["a"].Posts);
        Assert.Equal(5, latest.Attributes["b"].Posts);
    }
}
