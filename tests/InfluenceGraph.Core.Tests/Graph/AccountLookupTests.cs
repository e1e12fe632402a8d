using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Text;

namespace InfluenceGraph.Core.Tests.Graph;

public class AccountLookupTests
{
    //  Keir_Starmer, RishiSunak, Ed_Davey, @handle (kept '@'), and two handles that differ only by case.
    private static GraphSnapshot Graph()
    {
        var b = new GraphBuilder();
        b.AddEdge("RishiSunak", "Keir_Starmer");
        b.AddEdge("Ed_Davey", "Keir_Starmer");
        b.AddEdge("JohnSmith", "johnsmith");
        b.AddEdge("@handle", "Ed_Davey");
        return b.Build();
    }

    [Theory]
    [InlineData("Keir_Starmer", "Keir_Starmer", AccountMatch.Exact)]
    [InlineData("  Keir_Starmer ", "Keir_Starmer", AccountMatch.Exact)]
    [InlineData("@Keir_Starmer", "Keir_Starmer", AccountMatch.WithoutAt)]
    [InlineData("keir_starmer", "Keir_Starmer", AccountMatch.IgnoringCase)]
    [InlineData("@KEIR_STARMER", "Keir_Starmer", AccountMatch.IgnoringCase)]
    [InlineData("@handle", "@handle", AccountMatch.Exact)]          // a handle imported with its '@' is found as typed
    [InlineData("JohnSmith", "JohnSmith", AccountMatch.Exact)]      // exact beats the case-insensitive pair
    public void Find_MatchesAsPeopleType(string typed, string handle, AccountMatch how)
    {
        var g = Graph();
        var r = AccountLookup.Find(g, typed);
        Assert.True(r.Found);
        Assert.Equal(handle, r.Handle);
        Assert.Equal(handle, g.Accounts[r.Node!.Value]);
        Assert.Equal(how, r.Match);
        Assert.Equal(how is AccountMatch.WithoutAt or AccountMatch.IgnoringCase, r.Corrected);
    }

    [Fact]
    public void Find_TwoHandlesDifferingOnlyByCase_IsAmbiguous_WithBoth()
    {
        var r = AccountLookup.Find(Graph(), "JOHNSMITH");
        Assert.False(r.Found);
        Assert.True(r.Ambiguous);
        Assert.Equal(["JohnSmith", "johnsmith"], r.Candidates);
        Assert.Contains("2 accounts match it ignoring case: 'JohnSmith', 'johnsmith'", r.Describe("uk"));
    }

    [Fact]
    public void Find_Unknown_ListsNearMatches()
    {
        var r = AccountLookup.Find(Graph(), "Keir_Stramer");
        Assert.False(r.Found);
        Assert.False(r.Ambiguous);
        Assert.Equal(["Keir_Starmer"], r.NearMatches);
        Assert.Equal("Graph 'uk' has no account 'Keir_Stramer'; did you mean 'Keir_Starmer'?", r.Describe("uk"));
        var prefix = AccountLookup.Find(Graph(), "rishi");
        Assert.Equal(["RishiSunak"], prefix.NearMatches);
        var none = AccountLookup.Find(Graph(), "zzzzzzzzzz");
        Assert.Empty(none.NearMatches);
        Assert.Equal("Graph 'uk' has no account 'zzzzzzzzzz'.", none.Describe("uk"));
    }

    [Fact]
    public void NearMatches_NearestFirst_AtMostMax()
    {
        string[] known = ["--graph", "--edges", "--format", "--group", "--grapher"];
        Assert.Equal(["--graph"], NearMatches.Find("--grpah", known, 2)); // --group is 3 edits away, --grapher 3
        Assert.Equal(["--grapher"], NearMatches.Find("--graph", known));           // the typed name itself is not suggested
        Assert.Equal(["--fo", "--format"], NearMatches.Find("--form", ["--format", "--grapher", "--fo"])); // both 2 edits: shorter first
        Assert.Empty(NearMatches.Find("--zzzzzz", known));
        Assert.Equal(1, NearMatches.Distance("grpah", "graph"));      // one transposition
        Assert.Equal(3, NearMatches.Distance("kitten", "sitting"));
        Assert.Equal(2, NearMatches.Distance("abcdef", "xyz", cap: 1)); // capped at cap + 1
    }
}
