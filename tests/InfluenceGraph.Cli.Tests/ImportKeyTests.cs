namespace InfluenceGraph.Cli.Tests;

/// <summary><c>import accounts --key COLUMN</c>: the join column, and the report of how many rows joined.</summary>
public sealed class ImportKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-cli-key-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void ImportAccounts_WithoutKey_SaysNothingJoined_AndSuggestsId_WithKeyIdJoins()
    {
        string db = Path.Combine(_dir, "k.db"), edges = Path.Combine(_dir, "e.txt"), vertices = Path.Combine(_dir, "v.csv");
        File.WriteAllText(edges, "1 2\n2 3\n3 1\n");
        File.WriteAllText(vertices, "id,screen_name,posts\n1,alice,10\n2,bob,20\n3,carol,30\n");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", edges, "--graph", "g", "--db", db).Code);

        var (code, stdout, stderr) = ImportCliRunner.Run("import", "accounts", vertices, "--graph", "g", "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"joined the graph\s+0 rows \(on column 'screen_name'\)", stdout);
        Assert.Contains("note: no row joined an account of the graph on column 'screen_name'; column 'id' matches 3 of the first 3 rows: import with --key id", stdout);

        (code, stdout, stderr) = ImportCliRunner.Run("import", "accounts", vertices, "--graph", "g", "--db", db, "--key", "id");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"joined the graph\s+3 rows \(on column 'id'\)", stdout);
        Assert.DoesNotContain("note:", stdout);

        (code, _, stderr) = ImportCliRunner.Run("import", "accounts", vertices, "--graph", "g", "--db", db, "--key", "uid");
        Assert.Equal(2, code);
        Assert.Contains("has no column 'uid'", stderr);
    }
}
