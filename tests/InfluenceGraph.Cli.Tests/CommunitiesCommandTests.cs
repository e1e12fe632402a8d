using System.Text.Json;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Cli.Tests;

/// <summary>The <c>communities</c> verb and <c>influencers --why</c> end to end (child process of the built CLI).</summary>
public sealed class CommunitiesCommandTests
{
    [Fact]
    public void Demo_Csv_IsTheMembershipOfTheCoreRun_Json_ProfilesEverySphere()
    {
        var (code, csv, stderr) = ImportCliRunner.Run("communities", "--demo", "--seed", "7", "--csv");
        Assert.True(code == 0, stderr);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("account,community", lines[0]);
        var demo = DemoNetwork.Generate(42);
        Assert.Equal(demo.Graph.NodeCount + 1, lines.Length);
        var core = Leiden.Run(demo.Graph, new LeidenOptions { Seed = 7 });
        foreach (string line in lines.Skip(1).Take(300))
        {
            int comma = line.LastIndexOf(',');
            Assert.True(demo.Graph.TryGetNode(line[..comma], out int v));
            Assert.Equal(core.Membership[v], int.Parse(line[(comma + 1)..]));
        }

        (code, string json, stderr) = ImportCliRunner.Run("communities", "--demo", "--seed", "7", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(core.Count, root.GetProperty("count").GetInt32());
        Assert.Equal(core.Modularity, root.GetProperty("modularity").GetDouble(), 12);
        var spheres = root.GetProperty("spheres").EnumerateArray().ToList();
        Assert.Equal(core.Count, spheres.Count);
        Assert.Equal(core.Sizes, spheres.Select(s => s.GetProperty("size").GetInt32()));
        Assert.Equal(46, spheres.Sum(s => s.GetProperty("politicalAccounts").GetInt32()));
    }

    [Theory]
    [InlineData("--objective", "louvain")]
    [InlineData("--resolution", "0")]
    [InlineData("--max-iterations", "0")]
    public void BadOption_Exit2_NamingIt(string option, string value)
    {
        var (code, _, stderr) = ImportCliRunner.Run("communities", "--demo", option, value);
        Assert.Equal(2, code);
        Assert.Contains(option.TrimStart('-').Split('-')[0], stderr);
    }

    [Fact]
    public void Why_APoliticalAccount_And_ACandidate()
    {
        var demo = DemoNetwork.Generate(42);
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--why", demo.PoliticalAccounts.Order(StringComparer.Ordinal).First());
        Assert.True(code == 0, stderr);
        Assert.Contains("not a candidate (excluded by political_account)", stdout);

        (code, string json, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "1", "--json");
        string top = JsonDocument.Parse(json).RootElement.GetProperty("candidates")[0].GetProperty("account").GetString()!;
        (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--why", top);
        Assert.True(code == 0, stderr);
        Assert.Contains(top + ": candidate #1", stdout);
    }

    [Fact]
    public void Communities_OverTheMemoryBudget_ExitsThreeNamingTheEstimate_AndRunsWhenItFits()
    {
        var demo = DemoNetwork.Generate(42).Graph;
        var (exit, stdout, stderr) = ImportCliRunner.RunWithMemory(1L << 20, "communities", "--demo", "--csv");
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Not started: communities (Leiden) on graph 'demo' ({demo.NodeCount:N0} accounts, {demo.EdgeCount:N0} follows) needs an estimated"), stderr);
        Assert.Contains("1.0 MiB available", stderr);
        var (code, csv, err) = ImportCliRunner.Run("communities", "--demo", "--csv");
        Assert.True(code == 0, err);
        Assert.StartsWith("account,community", csv);
    }
}
