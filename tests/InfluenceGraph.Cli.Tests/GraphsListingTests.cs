namespace InfluenceGraph.Cli.Tests;

/// <summary><c>graphs</c> and the attribute report after batches that change nothing.</summary>
public sealed class GraphsListingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-graphs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Graphs_AfterNoChangeReimports_NamesTheBatchThatMadeTheVersion()
    {
        string db = Path.Combine(_dir, "g.db");
        string edges = Path.Combine(_dir, "e.txt"), attrs = Path.Combine(_dir, "a.csv");
        File.WriteAllText(edges, "alice bob\n");
        File.WriteAllText(attrs, "account,posts\nalice,3\nzed,4\n");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", edges, "--graph", "g", "--db", db).Code);     // batch 1, version 1
        Assert.Equal(0, ImportCliRunner.Run("import", "accounts", attrs, "--graph", "g", "--db", db).Code);  // batch 2, version 2
        var again = ImportCliRunner.Run("import", "accounts", attrs, "--graph", "g", "--db", db);            // batch 3: changes nothing
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", edges, "--graph", "g", "--db", db).Code);     // batch 4: changes nothing

        Assert.Contains("attributes changed             0", again.Out);
        Assert.Contains("not in the graph               1 rows", again.Out);   // zed: counted per row read, never negative
        Assert.DoesNotContain("-1", again.Out);

        var (code, stdout, stderr) = ImportCliRunner.Run("graphs", "--db", db);
        Assert.True(code == 0, stderr);
        string line = stdout.Split('\n').Single(l => l.StartsWith("g ", StringComparison.Ordinal));
        Assert.Contains(" 2  ", line);                                   // version 2
        Assert.EndsWith("(accounts from a.csv, batch 2)", line.TrimEnd());
    }
}
