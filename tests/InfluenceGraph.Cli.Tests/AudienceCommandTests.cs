using System.Text.Json;
using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Cli.Tests;

/// <summary>The <c>audience</c> and <c>path</c> verbs end to end (child process of the built CLI) on the demo network and a stored graph.</summary>
public sealed class AudienceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-audience-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static readonly string[] Five = ["arou", "toba77", "nais_inou96", "yaka84", "liha54"];

    [Fact]
    public void Audience_Demo_Json_MatchesTheKernelAndCollapsesDuplicates()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run(["audience", "--demo", .. Five, "arou", "--overlap", "--json"]);
        Assert.True(code == 0, stderr);
        var g = DemoNetwork.Generate(42).Graph;
        var nodes = Five.Select(a => { g.TryGetNode(a, out int v); return v; }).ToArray();
        var expected = SetAudiences.Compute(g, nodes, 2);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(expected.UnionSize, root.GetProperty("union").GetInt32());
        Assert.Equal(3000, root.GetProperty("graphAccounts").GetInt32());
        var members = root.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(Five, members.Select(m => m.GetProperty("account").GetString()));
        Assert.Equal(expected.UniqueSizes, members.Select(m => m.GetProperty("unique").GetInt32()));
        Assert.Equal(1700, members[0].GetProperty("audience").GetInt32()); // the demo's 2-hop reach of arou
        var pairs = root.GetProperty("overlap").EnumerateArray().ToList();
        Assert.Equal(25, pairs.Count);
        var ab = pairs.Single(p => p.GetProperty("a").GetString() == "arou" && p.GetProperty("b").GetString() == "toba77");
        Assert.Equal(expected.Intersection(0, 1), ab.GetProperty("intersection").GetInt32());
        Assert.Equal(expected.Jaccard(0, 1)!.Value, ab.GetProperty("jaccard").GetDouble(), 12);
    }

    [Fact]
    public void Audience_OneAccount_TextAndCsvCurve()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("audience", "--demo", "arou", "--hops", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("'arou' on graph 'demo' version 1 (3,000 accounts)", stdout);
        var g = DemoNetwork.Generate(42).Graph;
        g.TryGetNode("arou", out int arou);
        var curve = Audiences.Of(g, arou, 3);
        Assert.Contains($"within 3 hops", stdout);

        (code, stdout, stderr) = ImportCliRunner.Run("audience", "--demo", "arou", "--hops", "3", "--csv");
        Assert.True(code == 0, stderr);
        var lines = stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal("hop,new,cumulative,share", lines[0]);
        Assert.Equal(4, lines.Length);
        for (int i = 0; i < 3; i++)
            Assert.StartsWith($"{i + 1},{curve.NewPerHop[i]},{curve.Cumulative[i]},", lines[i + 1]);
    }

    [Fact]
    public void Audience_SeveralAccounts_CsvMembersAndOverlap()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("audience", "--demo", "arou", "toba77", "--csv");
        Assert.True(code == 0, stderr);
        var lines = stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal("account,audience,share,unique,unique_share_of_audience", lines[0]);
        Assert.StartsWith("arou,1700,", lines[1]);
        (code, stdout, stderr) = ImportCliRunner.Run("audience", "--demo", "arou", "toba77", "--overlap", "--csv");
        Assert.True(code == 0, stderr);
        lines = stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.Equal("a,b,intersection,jaccard,overlap", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Equal("arou,arou,1700,1,1", lines[1]);
    }

    [Fact]
    public void Audience_StoredGraph_AndBadInput()
    {
        string db = Path.Combine(_dir, "a.db");
        string edges = Path.Combine(_dir, "e.txt");
        File.WriteAllText(edges, "alice bob\ncarol bob\nbob carol\ndave carol\nerin dave\n");
        var (code, _, stderr) = ImportCliRunner.Run("import", "edges", edges, "--graph", "g", "--db", db);
        Assert.True(code == 0, stderr);

        (code, var stdout, stderr) = ImportCliRunner.Run("audience", "--db", db, "--graph", "g", "bob", "carol", "--hops", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("together they reach 4 accounts (80.0%); their audiences add up to 4.", stdout);

        (code, stdout, stderr) = ImportCliRunner.Run("path", "--db", db, "--graph", "g", "bob", "erin");
        Assert.True(code == 0, stderr);
        Assert.Contains("erin sees the posts of bob in 3 hops; 1 shortest chain", stdout);
        Assert.Contains("bob -> carol -> dave -> erin", stdout);
        (code, stdout, stderr) = ImportCliRunner.Run("path", "--db", db, "--graph", "g", "erin", "bob", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.False(doc.RootElement.GetProperty("seesPosts").GetBoolean());
            Assert.Contains("'erin' has no followers", doc.RootElement.GetProperty("reason").GetString());
        }

        (code, _, stderr) = ImportCliRunner.Run("audience", "--db", db, "--graph", "g", "bob", "ghost");
        Assert.Equal(2, code);
        Assert.Contains("no account 'ghost'", stderr);
        (code, _, stderr) = ImportCliRunner.Run("audience", "--db", db, "--graph", "g", "bob", "--hops", "7");
        Assert.Equal(2, code);
        Assert.Contains("--hops must be in [1, 6], got 7.", stderr);
        (code, _, stderr) = ImportCliRunner.Run("path", "--db", db, "--graph", "g", "bob", "bob");
        Assert.Equal(2, code);
        Assert.Contains("same account", stderr);
        (code, _, stderr) = ImportCliRunner.Run("audience", "--db", db, "--graph", "nope", "bob");
        Assert.Equal(2, code);
        Assert.Contains("no graph named 'nope'", stderr);
    }
}
