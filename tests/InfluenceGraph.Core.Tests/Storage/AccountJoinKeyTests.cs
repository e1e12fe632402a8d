using System.Text;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>
/// The join column of an attribute import (<see cref="AccountImportOptions.Key"/>): a vertices file with
/// both <c>id</c> and <c>screen_name</c> whose edges use ids.
/// </summary>
public class AccountJoinKeyTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    // Edges between ids 1..4; the vertices file has id and screen_name (5 is not in the edges).
    private const string Vertices = "id,screen_name,posts\n1,@alice,10\n2,bob,20\n3,carol,30\n4,dave,40\n5,erin,50\n";

    private static GraphCatalog Graph()
    {
        var c = new GraphCatalog();
        c.ImportEdges("g", Text("1 2\n2 3\n3 4\n"), new EdgeImportOptions { Format = ImportFormat.Snap });
        return c;
    }

    [Fact]
    public void DefaultKey_IsScreenName_NothingJoins_AndTheHintNamesId()
    {
        using var c = Graph();
        var r = c.ImportAccounts("g", Text(Vertices), new AccountImportOptions { Format = ImportFormat.Csv });
        Assert.Equal("screen_name", r.KeyColumn);
        Assert.Equal(0, r.AccountsJoined);
        Assert.Equal(5, r.AccountsNotInGraph);
        Assert.Equal("no row joined an account of the graph on column 'screen_name'; column 'id' matches 4 of the first 5 rows: import with --key id (API key=id).", r.JoinHint);
    }

    [Fact]
    public void KeyId_JoinsEveryAccountOfTheEdges()
    {
        using var c = Graph();
        var r = c.ImportAccounts("g", Text(Vertices), new AccountImportOptions { Format = ImportFormat.Csv, Key = "ID" });
        Assert.Equal("id", r.KeyColumn);
        Assert.Equal(4, r.AccountsJoined);
        Assert.Equal(1, r.AccountsNotInGraph);
        Assert.Null(r.JoinHint);
        var g = c.Get("g")!;
        Assert.True(g.Snapshot.TryGetNode("3", out int carol));
        var a = g.AttributesOf(carol)!;
        Assert.Equal(30, a.Posts);
        Assert.Equal("carol", a.Extra["screen_name"]); // the other name column is kept as an attribute
    }

    [Fact]
    public void KeyThatIsNotAColumn_FailsTheBatchNamingTheColumns()
    {
        using var c = Graph();
        var e = Assert.Throws<ImportFormatException>(() => c.ImportAccounts("g", Text(Vertices), new AccountImportOptions { Format = ImportFormat.Csv, Key = "user_name" }));
        Assert.Contains("the header (id, screen_name, posts) has no column 'user_name'", e.Message);
        Assert.Equal(1, c.Get("g")!.Version); // nothing applied
    }

    [Fact]
    public void Json_KeyChoosesTheProperty()
    {
        using var c = Graph();
        var r = c.ImportAccounts("g", Text("[{\"id\":\"2\",\"screen_name\":\"bob\",\"posts\":7}]"), new AccountImportOptions { Format = ImportFormat.Json, Key = "id" });
        Assert.Equal(1, r.AccountsJoined);
        Assert.True(c.Get("g")!.Snapshot.TryGetNode("2", out int bob));
        Assert.Equal(7, c.Get("g")!.AttributesOf(bob)!.Posts);
    }
}
