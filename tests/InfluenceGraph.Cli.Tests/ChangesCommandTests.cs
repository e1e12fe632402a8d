namespace InfluenceGraph.Cli.Tests;

/// <summary><c>versions</c> and <c>changes</c> on a graph imported twice.</summary>
public sealed class ChangesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-changes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Changes_BetweenTwoImports_NamesTheRiserAndTheSummary()
    {
        string db = Path.Combine(_dir, "g.db"), week1 = Path.Combine(_dir, "w1.txt"), week2 = Path.Combine(_dir, "w2.txt");
        File.WriteAllText(week1, "alice bob\nerin bob\nfay bob\nalice carol\nerin carol\nbob dave\n");
        File.WriteAllText(week2, "erin dave\nfay dave\ngus dave\n");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", week1, "--graph", "g", "--db", db).Code); // version 1
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", week2, "--graph", "g", "--db", db).Code); // version 2

        var versions = ImportCliRunner.Run("versions", "--graph", "g", "--db", db);
        Assert.True(versions.Code == 0, versions.Err);
        Assert.Contains("       1  ", versions.Out);
        Assert.Contains("       2  ", versions.Out);

        var text = ImportCliRunner.Run("changes", "--graph", "g", "--metric", "followers", "--from", "1", "--top", "1", "--db", db);
        Assert.True(text.Code == 0, text.Err);
        Assert.Contains("version 1 (6 accounts) -> version 2 (7 accounts), 6 in both", text.Out);
        Assert.Contains("dave: rose from #3 to #1 by in_degree (1 → 4); followers 1 → 4 (+3)", text.Out); // followers is an alias of in_degree

        var csv = ImportCliRunner.Run("changes", "--graph", "g", "--metric", "followers", "--from", "1", "--csv", "--db", db);
        Assert.StartsWith("dave,3,1,2,1,4,1,4,", csv.Out.Split('\n')[1]);
    }

    [Theory]
    [InlineData("--from", "7", "--from: graph 'g' has no recorded version 7")]
    [InlineData("--from", "someday", "--from: 'someday' is neither a version number nor a time")]
    [InlineData("--metric", "nope", "--metric: unknown metric 'nope'")]
    [InlineData("--p", "1.5", "--p must be in (0, 1), got 1.5")]
    public void Changes_BadOption_Exits2NamingIt(string option, string value, string message)
    {
        string db = Path.Combine(_dir, "g.db"), edges = Path.Combine(_dir, "e.txt");
        File.WriteAllText(edges, "a b\n");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", edges, "--graph", "g", "--db", db).Code);
        var args = new List<string> { "changes", "--graph", "g", "--db", db };
        if (option != "--from") args.AddRange(["--from", "1"]);
        args.AddRange([option, value]);
        var r = ImportCliRunner.Run(args.ToArray());
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
    }
}
