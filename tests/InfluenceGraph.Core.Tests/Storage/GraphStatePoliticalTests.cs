using System.Collections;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>The political-account count of a graph version: counted once per attribute set, and afresh for a new set.</summary>
public sealed class GraphStatePoliticalTests
{
    /// <summary>An attribute set that counts how often its values are enumerated.</summary>
    private sealed class CountingAttributes(Dictionary<string, AccountAttributes> inner) : IReadOnlyDictionary<string, AccountAttributes>
    {
        public int ValueScans;
        public AccountAttributes this[string key] => inner[key];
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<AccountAttributes> Values { get { ValueScans++; return inner.Values; } }
        public int Count => inner.Count;
        public bool ContainsKey(string key) => inner.ContainsKey(key);
        public bool TryGetValue(string key, out AccountAttributes value) => inner.TryGetValue(key, out value!);
        public IEnumerator<KeyValuePair<string, AccountAttributes>> GetEnumerator() => inner.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static Dictionary<string, AccountAttributes> Attrs(params (string Account, bool? Political)[] rows) =>
        rows.ToDictionary(r => r.Account, r => new AccountAttributes { Account = r.Account, IsPolitical = r.Political }, StringComparer.Ordinal);

    [Fact]
    public void Count_IsComputedOncePerAttributeSet()
    {
        var g = TestGraphs.FromText("a b\nb c\nc a");
        var attrs = new CountingAttributes(Attrs(("a", true), ("b", false), ("c", null), ("zz", true)));
        var state = new GraphState("t", 1, g, attrs, DateTimeOffset.UnixEpoch, null);
        Assert.Equal(2, state.PoliticalAttributeCount); // an attribute of an account outside the graph counts too
        Assert.True(state.HasPoliticalAccount);
        for (int i = 0; i < 5; i++) Assert.True(state.HasPoliticalAccount);
        // another state (the same version as of a time, or a copy) over the same set reuses the count
        var copy = state with { AsOf = 5 };
        Assert.Equal(2, copy.PoliticalAttributeCount);
        Assert.Equal(1, attrs.ValueScans);
    }

    [Fact]
    public void ANewAttributeSet_IsCountedAfresh_EvenInACopiedState()
    {
        var g = TestGraphs.FromText("a b\nb c\nc a");
        var before = new GraphState("t", 1, g, Attrs(("a", false)), DateTimeOffset.UnixEpoch, null);
        Assert.False(before.HasPoliticalAccount);
        var after = before with { Version = 2, Attributes = Attrs(("a", false), ("b", true)) };
        Assert.True(after.HasPoliticalAccount);
        Assert.Equal(1, after.PoliticalAttributeCount);
        Assert.False(before.HasPoliticalAccount);
        Assert.Equal(before, before with { }); // the cache is no field of the record: equality is unchanged
    }

    [Fact]
    public void AnAttributeImport_ChangesTheAnswer()
    {
        using var catalog = new GraphCatalog();
        catalog.Publish("t", TestGraphs.FromText("a b\nb c\nc a"), Attrs(("a", false)));
        var v1 = catalog.Get("t")!;
        Assert.False(v1.HasPoliticalAccount);
        var report = catalog.ImportAccounts("t", new MemoryStream("account,is_political\nb,true\n"u8.ToArray()), new InfluenceGraph.Core.Import.AccountImportOptions());
        Assert.True(report.Applied);
        var v2 = catalog.Get("t")!;
        Assert.Equal(v1.Version + 1, v2.Version);
        Assert.True(v2.HasPoliticalAccount);
        Assert.False(v1.HasPoliticalAccount);
    }
}
