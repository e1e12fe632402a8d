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

        var text = ImportCliRunner.Run("changes", "--graph", "g", "--metric", "in_degree", "--from", "1", "--top", "1", "--db", db);
        Assert.True(text.Code == 0, text.Err);
        Assert.Contains("version 1 (6 accounts, 6 edges) -> version 2 (7 accounts, 9 edges), 6 in both", text.Out);
        Assert.Contains("dave: rose from #3 to #1 by followers (1 → 4); followers 1 → 4 (+3)", text.Out); // in_degree is an alias: the canonical name is printed

        var csv = ImportCliRunner.Run("changes", "--graph", "g", "--metric", "followers", "--from", "1", "--csv", "--db", db);
        Assert.StartsWith("dave,3,1,2,1,4,1,4,", csv.Out.Split('\n')[1]);
    }

    [Fact]
    public void TimeStampedImport_ChangesFromADate_VersionAndAsOfOnScore_AndTheOneVersionNote()
    {
        string db = Path.Combine(_dir, "t.db"), edges = Path.Combine(_dir, "rated.csv");
        // SOURCE,TARGET,RATING,TIME: c's rating of b is negative (dropped); d arrives in 2014.
        File.WriteAllText(edges, "a,b,5,1356998400\nc,b,-3,1357000000\nb,a,2,1372636800\nd,a,1,1388534400\nd,b,1,1388534401\n");
        var import = ImportCliRunner.Run("import", "edges", edges, "--graph", "r", "--time", "4", "--min-weight", "1", "--db", db);
        Assert.True(import.Code == 0, import.Err);
        Assert.Matches(@"below min weight +1 \(dropped\)", import.Out);

        // One version, but edge times: a date compares the network of then with now.
        var c = ImportCliRunner.Run("changes", "--graph", "r", "--metric", "followers", "--from", "2013-12-31", "--db", db);
        Assert.True(c.Code == 0, c.Err);
        Assert.Contains("version 1 as of 2013-12-31 23:59:59 UTC (2 accounts, 2 edges) -> version 1 (3 accounts, 4 edges), 2 in both", c.Out);
        var same = ImportCliRunner.Run("changes", "--graph", "r", "--from", "1", "--db", db);
        Assert.Equal(0, same.Code);
        Assert.StartsWith("Nothing to compare: --from and --to are the same network (version 1).", same.Out);

        var then = ImportCliRunner.Run("score", "--graph", "r", "--metrics", "followers", "--as-of", "2013-12-31", "--db", db);
        Assert.True(then.Code == 0, then.Err);
        Assert.Equal(["account\tfollowers", "a\t1", "b\t1"], then.Out.TrimEnd('\n').Split('\n'));
        var bad = ImportCliRunner.Run("score", "--graph", "r", "--metrics", "followers", "--version", "4", "--db", db);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("--version: graph 'r' has no recorded version 4", bad.Err);

        // A graph with one version and no edge times: a note, exit 0 (not an error, not "no change").
        string plain = Path.Combine(_dir, "p.txt");
        File.WriteAllText(plain, "a b\n");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", plain, "--graph", "p", "--db", db).Code);
        var note = ImportCliRunner.Run("changes", "--graph", "p", "--from", "1", "--db", db);
        Assert.Equal(0, note.Code);
        Assert.StartsWith("Nothing to compare: graph 'p' has one version (1) and its edges carry no times.", note.Out);
        var inf = ImportCliRunner.Run("influencers", "--graph", "p", "--version", "3", "--db", db);
        Assert.Equal(2, inf.Code);
        Assert.Contains("--version: graph 'p' has no recorded version 3", inf.Err);
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
