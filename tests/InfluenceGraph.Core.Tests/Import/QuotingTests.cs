using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>RFC 4180 quoting: text after a closing quote is an error, not part of the account name.</summary>
public sealed class QuotingTests
{
    [Theory]
    [InlineData("alice,bob,3", ',', null)]
    [InlineData("\"carol, jr\",bob,0.5", ',', null)]
    [InlineData("\"say \"\"hi\"\"\",bob", ',', null)]
    [InlineData(" \"padded\" ,bob", ',', null)]
    [InlineData("ab\"c,bob", ',', null)]                       // a quote inside an unquoted field stays literal
    [InlineData("\"carol, jr\"8,bob,0.5", ',', 1)]
    [InlineData("alice,\"bob\"x", ',', 2)]
    [InlineData("alice\t\"bob\"x\t2", '\t', 2)]
    public void MalformedQuoting_NamesTheField(string row, char separator, int? field)
    {
        var reason = ImportFields.MalformedQuoting(row, separator);
        if (field is null) Assert.Null(reason);
        else Assert.StartsWith($"field {field}: text after the closing quote", reason);
    }

    [Fact]
    public void EdgeImport_RowWithTextAfterTheClosingQuote_IsRejectedNotImportedAsAnotherName()
    {
        var catalog = new InfluenceGraph.Core.Storage.GraphCatalog();
        catalog.Create("q");
        var report = catalog.ImportEdges("q", new MemoryStream("follower,followee,weight\nalice,bob,3\n\"carol, jr\"8,bob,0.5\n"u8.ToArray()),
            new EdgeImportOptions { Format = ImportFormat.Csv, OnError = OnErrorPolicy.Skip });
        var state = catalog.Get("q")!;
        Assert.False(state.Snapshot.TryGetNode("carol, jr8", out _));
        Assert.Equal(1, report.RejectedCount);
        Assert.Equal(1, state.Snapshot.EdgeCount);
    }
}
