using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Cli.Tests;

/// <summary><c>influencegraph export</c> end to end (child process of the built CLI), read back by NetworkX and DuckDB.</summary>
public sealed class ExportCommandTests
{
    private const string ReadGraphMl = """
        import sys, json, networkx as nx
        g = nx.read_graphml(sys.argv[1])
        print(json.dumps({"directed": g.is_directed(), "edges": g.number_of_edges(),
                          "nodes": {n: d for n, d in g.nodes(data=True)}}))
        """;

    [PythonFact("networkx")]
    public void Demo_GraphMl_WithMetricsAndSpheres_ReadBackByNetworkX()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ig-cli-export-{Guid.NewGuid():N}.graphml");
        try
        {
            var (code, _, stderr) = ImportCliRunner.Run("export", "--demo", "--format", "graphml", "--metrics", "pagerank,in_degree,out_degree_centrality", "--spheres", "--out", path);
            Assert.True(code == 0, stderr);
            Assert.Contains("wrote ", stderr);
            var (py, stdout, pyErr) = PythonOracle.Run(ReadGraphMl, TimeSpan.FromSeconds(120), path);
            Assert.True(py == 0, pyErr);
            var root = JsonDocument.Parse(stdout).RootElement;
            var demo = DemoNetwork.Generate(42);
            var g = demo.Graph;
            Assert.True(root.GetProperty("directed").GetBoolean());
            Assert.Equal(g.EdgeCount, root.GetProperty("edges").GetInt64());
            var nodes = root.GetProperty("nodes");
            Assert.Equal(g.NodeCount, nodes.EnumerateObject().Count());
            var pagerank = MetricCatalog.Default.Find("pagerank")!;
            var pr = pagerank.Compute(g, pagerank.Normalize(MetricArguments.Empty, g), null, default);
            var spheres = Leiden.Run(g, new LeidenOptions()).Membership;
            for (int v = 0; v < g.NodeCount; v += 97)
            {
                var node = nodes.GetProperty(g.Accounts[v]);
                Assert.Equal(pr.Scores[v], node.GetProperty("pagerank").GetDouble());
                // Aliases in --metrics give canonical attribute names; followers is the account table's integer
                // column (the in_degree metric adds no second one), followees_centrality = followees / (n - 1).
                Assert.False(node.TryGetProperty("in_degree", out _));
                Assert.False(node.TryGetProperty("out_degree_centrality", out _));
                Assert.Equal(g.InDegreeOf(v), node.GetProperty("followers").GetInt64());
                Assert.Equal(g.OutDegreeOf(v) / (g.NodeCount - 1.0), node.GetProperty("followees_centrality").GetDouble(), 15);
                Assert.Equal(spheres[v], node.GetProperty("sphere").GetInt64());
                if (demo.Attributes.TryGetValue(g.Accounts[v], out var a) && a.Posts is long posts)
                    Assert.Equal(posts, node.GetProperty("posts").GetInt64());
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Demo_ParquetEdgesAndRanking_ReadBackByDuckDb()
    {
        var dir = Directory.CreateTempSubdirectory("ig-cli-parquet-");
        try
        {
            string edges = Path.Combine(dir.FullName, "edges.parquet"), ranking = Path.Combine(dir.FullName, "ranking.parquet");
            var (code, _, stderr) = ImportCliRunner.Run("export", "--demo", "--format", "parquet", "--table", "edges", "--out", edges);
            Assert.True(code == 0, stderr);
            (code, _, stderr) = ImportCliRunner.Run("export", "--demo", "--format", "parquet", "--table", "ranking", "--metric", "in_degree", "--out", ranking); // the alias ranks by followers
            Assert.True(code == 0, stderr);
            var g = DemoNetwork.Generate(42).Graph;
            using var db = new DuckDBConnection("Data Source=:memory:");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT count(*), count(DISTINCT follower) FROM read_parquet('{edges}')";
            using (var r = cmd.ExecuteReader())
            {
                Assert.True(r.Read());
                Assert.Equal(g.EdgeCount, Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
                Assert.Equal(Enumerable.Range(0, g.NodeCount).Count(v => g.OutDegreeOf(v) > 0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture));
            }
            cmd.CommandText = $"SELECT rank, account, score FROM read_parquet('{ranking}') LIMIT 1";
            using (var r = cmd.ExecuteReader())
            {
                Assert.True(r.Read());
                int top = Enumerable.Range(0, g.NodeCount).OrderByDescending(g.InDegreeOf).ThenBy(v => g.Accounts[v], StringComparer.Ordinal).First();
                Assert.Equal(1L, Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
                Assert.Equal(g.Accounts[top], r.GetString(1));
                Assert.Equal(g.InDegreeOf(top), r.GetDouble(2));
            }
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("--format", "--format", "xml")]
    [InlineData("--table", "--format", "graphml", "--table", "edges")]
    [InlineData("--table", "--format", "parquet", "--table", "people")]
    [InlineData("--metrics", "--metrics", "nope")]
    [InlineData("--metric", "--format", "parquet", "--table", "ranking", "--metric", "nope")]
    [InlineData("--metric", "--format", "parquet", "--metric", "pagerank")]
    [InlineData("--graph", "--graph", "no-such-graph")]
    public void BadValue_Exits2_NamingTheOption(string option, params string[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ig-cli-bad-{Guid.NewGuid():N}");
        string dbPath = Path.Combine(Path.GetTempPath(), $"ig-cli-bad-{Guid.NewGuid():N}.db");
        var all = new List<string> { "export", "--out", path, "--db", dbPath };
        if (!args.Contains("--graph")) all.Add("--demo");
        all.AddRange(args);
        var (code, _, stderr) = ImportCliRunner.Run([.. all]);
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Contains(option, stderr);
        Assert.False(File.Exists(path)); // nothing written
        File.Delete(dbPath);
    }
}
