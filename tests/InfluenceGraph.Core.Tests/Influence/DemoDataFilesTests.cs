using System.Text;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>
/// <c>data/demo/edges.tsv</c> and <c>data/demo/accounts.csv</c> are the committed output of
/// <c>DemoNetwork.Generate(42)</c>. To regenerate them after changing the generator:
/// <c>INFLUENCEGRAPH_WRITE_DEMO=1 dotnet test tests/InfluenceGraph.Core.Tests -c Release --filter DemoDataFiles</c>.
/// </summary>
public sealed class DemoDataFilesTests
{
    private static string Render(Action<TextWriter> write)
    {
        var sw = new StringWriter { NewLine = "\n" };
        write(sw);
        return sw.ToString();
    }

    [Fact]
    public void CommittedDemoFiles_EqualAFreshGeneration_AndAreUnder1MiB()
    {
        var demo = DemoNetwork.Generate(42);
        string dir = Path.Combine(SharedData.RepoRoot, "data", "demo");
        var files = new (string Name, string Text)[]
        {
            ("edges.tsv", Render(demo.WriteEdges)),
            ("accounts.csv", Render(demo.WriteAccounts)),
        };
        if (Environment.GetEnvironmentVariable("INFLUENCEGRAPH_WRITE_DEMO") == "1")
        {
            Directory.CreateDirectory(dir);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text, new UTF8Encoding(false));
        }
        long total = 0;
        foreach (var (name, text) in files)
        {
            string path = Path.Combine(dir, name);
            Assert.True(File.Exists(path), $"{path} is missing");
            string committed = File.ReadAllText(path, Encoding.UTF8);
            Assert.True(committed == text, $"{name} differs from DemoNetwork.Generate(42): regenerate it (see this class's summary).");
            total += new FileInfo(path).Length;
        }
        Assert.True(total < 1 << 20, $"demo files take {total} bytes");
    }

    [Fact]
    public void WriteEdges_OneLinePerEdgeWithHeader()
    {
        var demo = DemoNetwork.Generate(42);
        var lines = Render(demo.WriteEdges).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("follower\tfollowee", lines[0]);
        Assert.Equal(demo.Graph.EdgeCount, lines.Length - 1);
    }

    [Fact]
    public void WriteAccounts_OneRowPerAccountWithAttributes()
    {
        var demo = DemoNetwork.Generate(42);
        var lines = Render(demo.WriteAccounts).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("account,posts,political_share,is_political,topics,lang", lines[0]);
        Assert.Equal(demo.Attributes.Count, lines.Length - 1);
    }

    /// <summary>The committed files go through the ordinary import pipeline and give the same candidates (and reasons) as the generator's objects.</summary>
    [Fact]
    public void CommittedDemoFiles_ImportedThroughTheCatalog_GiveTheSameCandidatesAsTheGenerator()
    {
        string dir = Path.Combine(SharedData.RepoRoot, "data", "demo");
        var catalog = GraphCatalog.Open(null);
        using (var edges = File.OpenRead(Path.Combine(dir, "edges.tsv")))
        {
            var r = catalog.ImportEdges("demo", edges, new EdgeImportOptions { SourceName = "edges.tsv" });
            Assert.True(r.Applied, string.Join("; ", r.Rejections));
        }
        using (var accounts = File.OpenRead(Path.Combine(dir, "accounts.csv")))
        {
            var r = catalog.ImportAccounts("demo", accounts, new AccountImportOptions { SourceName = "accounts.csv" });
            Assert.True(r.Applied, string.Join("; ", r.Rejections));
        }
        var state = catalog.Get("demo")!;
        var demo = DemoNetwork.Generate(42);
        Assert.Equal(demo.Graph.EdgeCount, state.Snapshot.EdgeCount);
        Assert.Equal(demo.Attributes.Count, state.Attributes.Count);
        var fromFiles = Influencers.Compute(state);
        var fromGenerator = Influencers.Compute(new GraphState("g", 1, demo.Graph, demo.Attributes, DateTimeOffset.UnixEpoch, null));
        Assert.Equal(fromGenerator.Candidates.Select(c => c.Reason), fromFiles.Candidates.Select(c => c.Reason));
        Assert.True(fromFiles.Candidates.Count(c => demo.PlantedInfluencers.Contains(c.Account)) >= 0.9 * demo.PlantedInfluencers.Count);
    }
}
