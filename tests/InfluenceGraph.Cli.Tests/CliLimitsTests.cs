using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Tests;

/// <summary>CLI inputs that once crashed or silently dropped data: huge lexicons, a weight column that does not exist, the durability option.</summary>
public class CliLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-cli-limits-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Influencers_LexiconFromDevZero_Exits2WithOneMessage()
    {
        if (!File.Exists("/dev/zero")) return; // not a Unix machine
        var (code, _, err) = ImportCliRunner.Run("influencers", "--demo", "--lexicon", "/dev/zero");
        Assert.Equal(2, code);
        Assert.Contains("larger than 1,048,576 bytes", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Influencers_LexiconWithAHugeLine_Exits2NamingTheLine()
    {
        string file = Path.Combine(_dir, "lex.txt");
        File.WriteAllText(file, "vote\n" + new string('x', 5000) + "\n");
        var (code, _, err) = ImportCliRunner.Run("influencers", "--demo", "--lexicon", file);
        Assert.Equal(2, code);
        Assert.Contains("lex.txt, line 2", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Theory]
    [InlineData("a b 2\nb c 3\nc a 1\n", "999")]
    [InlineData("source,target,weight\na,b,2\n", "4")]
    [InlineData("source,target,weight\na,b,2\n", "strength")]
    [InlineData("[{\"source\":\"a\",\"target\":\"b\",\"weight\":2}]", "strength")]
    public void ImportEdges_WeightColumnThatDoesNotExist_Exits2AndAppliesNothing(string text, string column)
    {
        string file = Path.Combine(_dir, text.StartsWith('[') ? "e.json" : text.Contains(',') ? "e.csv" : "e.txt");
        File.WriteAllText(file, text);
        string db = Path.Combine(_dir, "w.db");
        var (code, _, err) = ImportCliRunner.Run("import", "edges", file, "--graph", "w", "--weight", column, "--db", db);
        Assert.Equal(2, code);
        Assert.Contains($"'{column}'", err);
        Assert.DoesNotContain("   at ", err);
        using var catalog = GraphCatalog.Open(db);
        Assert.Null(catalog.Get("w"));
    }

    [Fact]
    public void ImportEdges_WeightColumnThatExists_IsRead()
    {
        string file = Path.Combine(_dir, "e.txt");
        File.WriteAllText(file, "a b 2\nb c 3\n");
        string db = Path.Combine(_dir, "ok.db");
        var (code, _, err) = ImportCliRunner.Run("import", "edges", file, "--graph", "w", "--weight", "3", "--db", db);
        Assert.True(code == 0, err);
        using var catalog = GraphCatalog.Open(db);
        Assert.True(catalog.Get("w")!.Snapshot.IsWeighted);
    }

    [Fact]
    public void ImportEdges_Durability_IsAnOption_FullByDefault()
    {
        string file = Path.Combine(_dir, "e.txt");
        File.WriteAllText(file, "a b\n");
        string db = Path.Combine(_dir, "d.db");
        Assert.Equal(0, ImportCliRunner.Run("import", "edges", file, "--graph", "d", "--durability", "normal", "--db", db).Code);
        var (code, _, err) = ImportCliRunner.Run("import", "edges", file, "--graph", "d", "--durability", "sometimes", "--db", db);
        Assert.Equal(2, code);
        Assert.Contains("--durability must be one of full, normal; got 'sometimes'", err);
        using var full = new SqliteGraphStore(db);
        Assert.Equal(2, full.SynchronousSetting()); // FULL
        using var normal = new SqliteGraphStore(db, StoreDurability.Normal);
        Assert.Equal(1, normal.SynchronousSetting()); // NORMAL
    }

    [Theory]
    [InlineData("edges.tsv", "follower,followee\nalice,bob\n", "", "tsv", "csv")]
    [InlineData("edges.txt", "<graphml><graph><edge source=\"a\" target=\"b\"/></graph></graphml>", "--format=snap", "snap", "graphml")]
    public void ImportEdges_DeclaredFormatContradictedByContent_Exits2NamingBoth(string name, string text, string formatFlag, string declared, string detected)
    {
        string file = Path.Combine(_dir, name);
        File.WriteAllText(file, text);
        string db = Path.Combine(_dir, "mm.db");
        var args = new List<string> { "import", "edges", file, "--graph", "mm", "--db", db };
        if (formatFlag.Length > 0) args.Add(formatFlag);
        var (code, _, err) = ImportCliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains($"declared as {declared}", err);
        Assert.Contains($"looks like {detected}", err);
        using var catalog = GraphCatalog.Open(db);
        Assert.Null(catalog.Get("mm"));
    }
}
