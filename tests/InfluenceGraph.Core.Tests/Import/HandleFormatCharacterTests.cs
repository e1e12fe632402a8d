using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>Invisible format characters (Unicode Cf) never make a second account: the rule applies to every import path and to lookups.</summary>
public class HandleFormatCharacterTests
{
    [Theory]
    [InlineData("e\uFEFFf", "ef")]
    [InlineData("i\uFEFF", "i")]
    [InlineData("\u200Bbob", "bob")]
    [InlineData("al\u200Cice", "alice")]      // ZWNJ between ASCII letters: removed
    [InlineData("al\u00ADice", "alice")]      // soft hyphen
    [InlineData("\u202Eevil\u202C", "evil")]  // bidi override
    [InlineData("a\u2060b\u200Dc", "abc")]
    [InlineData("x\U000E0041y", "xy")]        // tag character (supplementary plane)
    [InlineData("Cafe\u0301", "Café")]        // NFC still applies
    public void Canonicalize_RemovesFormatCharacters_ThenNfc(string raw, string expected)
    {
        Assert.Equal(expected, AccountIndex.Canonicalize(raw));
        var index = new AccountIndex();
        int id = index.Intern(expected);
        Assert.Equal(id, index.Intern(raw));
        Assert.True(index.TryGetId(raw, out int found));
        Assert.Equal(id, found);
    }

    [Fact]
    public void Canonicalize_KeepsJoinersInsideEmojiSequences()
    {
        const string technologist = "\U0001F469\u200D\U0001F4BB"; // woman + ZWJ + laptop
        Assert.Equal(technologist, AccountIndex.Canonicalize(technologist));
        Assert.NotEqual(AccountIndex.Canonicalize("\U0001F469\U0001F4BB"), AccountIndex.Canonicalize(technologist));
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\uFEFF\u200D\u2060")]
    public void CheckHandle_OnlyFormatCharacters_IsRejectedAsEmpty(string raw)
    {
        Assert.Contains("format characters", AccountIndex.CheckHandle(raw, 100));
        Assert.Throws<ArgumentException>(() => new AccountIndex().Intern(raw));
    }

    public static TheoryData<string, string> Formats => new()
    {
        { "snap", "alice bob\ne\uFEFFf bob\nef bob\ni\uFEFF bob\ni bob\n\u200B\u200C bob\n" },
        { "csv", "follower,followee\nalice,bob\ne\uFEFFf,bob\nef,bob\ni\uFEFF,bob\ni,bob\n\u200B\u200C,bob\n" },
        { "ndjson", "{\"follower\":\"alice\",\"followee\":\"bob\"}\n{\"follower\":\"e\\ufefff\",\"followee\":\"bob\"}\n{\"follower\":\"ef\",\"followee\":\"bob\"}\n{\"follower\":\"i\\ufeff\",\"followee\":\"bob\"}\n{\"follower\":\"i\",\"followee\":\"bob\"}\n{\"follower\":\"\\u200b\\u200c\",\"followee\":\"bob\"}\n" },
        { "graphml", "<graphml><graph edgedefault=\"directed\"><edge source=\"alice\" target=\"bob\"/><edge source=\"e\uFEFFf\" target=\"bob\"/><edge source=\"ef\" target=\"bob\"/><edge source=\"i\uFEFF\" target=\"bob\"/><edge source=\"i\" target=\"bob\"/><edge source=\"\u200B\u200C\" target=\"bob\"/></graph></graphml>" },
        { "gml", "graph [ directed 1 edge [ source \"alice\" target \"bob\" ] edge [ source \"e\uFEFFf\" target \"bob\" ] edge [ source \"ef\" target \"bob\" ] edge [ source \"i\uFEFF\" target \"bob\" ] edge [ source \"i\" target \"bob\" ] edge [ source \"\u200B\u200C\" target \"bob\" ] ]" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormat_MergesInvisibleDuplicates_AndRejectsInvisibleOnlyHandles(string format, string text)
    {
        var builder = new GraphBuilder();
        var result = EdgeImport.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)),
            new EdgeImportOptions { Format = ImportFormatDetector.Parse(format), SourceName = "in" }, builder);
        var g = builder.Build();
        Assert.Equal(["alice", "bob", "ef", "i"], g.Accounts.Names.Order(StringComparer.Ordinal));
        Assert.Equal(1, result.RejectedCount);
    }

    [Fact]
    public void AccountImport_AndCatalogLookups_UseTheSameRule()
    {
        using var catalog = GraphCatalog.Open(null);
        catalog.ImportEdges("g", new MemoryStream("ef bob\n"u8.ToArray()), new EdgeImportOptions { Format = ImportFormat.Snap });
        var report = catalog.ImportAccounts("g", new MemoryStream(Encoding.UTF8.GetBytes("account,posts\ne\u200Bf,12\n")), new AccountImportOptions { Format = ImportFormat.Csv });
        Assert.True(report.Applied);
        Assert.Equal(0, report.AccountsNotInGraph);
        var state = catalog.Get("g")!;
        Assert.Equal(12, state.Attributes["ef"].Posts);
        Assert.True(state.Snapshot.TryGetNode("\uFEFFe\u2060f", out int node));
        Assert.Equal("ef", state.Snapshot.Accounts[node]);
    }
}
