using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using InfluenceGraph.Core.Export;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Export;

public sealed class GraphExportTests
{
    /*
        alice -> bob, carol -> bob, bob -> carol, dave -> carol, "é<&\"" -> alice   (follower -> followee)
        weights 1.5, 2, 0.25, 3, 1e-300; attributes for bob, carol and the odd handle only.
    */
    private static (GraphSnapshot G, Dictionary<string, AccountAttributes> Attrs, double[] Score) Sample(bool weighted)
    {
        var b = new GraphBuilder();
        (string, string, double)[] rows = [("alice", "bob", 1.5), ("carol", "bob", 2), ("bob", "carol", 0.25), ("dave", "carol", 3), ("é<&\"", "alice", 1e-300)];
        foreach (var (u, v, w) in rows)
        {
            int a = b.AddAccount(u), c = b.AddAccount(v);
            if (weighted) b.AddEdge(a, c, w); else b.AddEdge(a, c);
        }
        var g = b.Build();
        var attrs = new Dictionary<string, AccountAttributes>
        {
            ["bob"] = new() { Account = "bob", DisplayName = "Bob <b>", Posts = 1204, IsPolitical = false, PoliticalShare = 0.125, Topics = ["tech", "games"], Lang = "fr", Extra = new Dictionary<string, string> { ["city"] = "Lyon" } },
            ["carol"] = new() { Account = "carol", Posts = 7, IsPolitical = true },
            ["é<&\""] = new() { Account = "é<&\"", DisplayName = "odd, \"quoted\"" },
        };
        var score = Enumerable.Range(0, g.NodeCount).Select(v => 1.0 / (3 + v) + (v == 1 ? 1e-17 : 0)).ToArray();
        score[0] = double.NaN;
        return (g, attrs, score);
    }

    private static ExportTable Table(GraphSnapshot g, Dictionary<string, AccountAttributes> attrs, double[] score, bool includeAccount) =>
        ExportTables.Accounts(g, attrs, [new ExportColumn("pagerank", ExportColumnType.Real, v => score[v])], includeAccount);

    private const string ReadBack = """
        import sys, json, math, networkx as nx
        path, kind = sys.argv[1], sys.argv[2]
        g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path)
        def clean(d):
            return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in d.items() if k not in ("label",)}
        print(json.dumps({"directed": g.is_directed(),
                          "nodes": {n: clean(d) for n, d in g.nodes(data=True)},
                          "edges": sorted([u, v, d.get("weight")] for u, v, d in g.edges(data=True))}))
        """;

    [PythonFact("networkx")]
    public async Task GraphMl_and_Gexf_ReadBackByNetworkX_SameAccountsEdgesAndValues()
    {
        foreach (var kind in new[] { "graphml", "gexf" })
        foreach (bool weighted in new[] { false, true })
        {
            var (g, attrs, score) = Sample(weighted);
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ig-export-{Guid.NewGuid():N}.{kind}");
            try
            {
                await using (var f = File.Create(path))
                {
                    var table = Table(g, attrs, score, includeAccount: false);
                    if (kind == "graphml") await GraphFileExport.WriteGraphMlAsync(g, table, f);
                    else await GraphFileExport.WriteGexfAsync(g, table, f);
                }
                var (code, stdout, stderr) = PythonOracle.Run(ReadBack, TimeSpan.FromSeconds(120), path, kind);
                Assert.True(code == 0, $"networkx could not read the {kind}: {stderr}");
                using var doc = JsonDocument.Parse(stdout);
                var root = doc.RootElement;
                Assert.True(root.GetProperty("directed").GetBoolean());
                var nodes = root.GetProperty("nodes");
                Assert.Equal(g.Accounts.Names.Order(StringComparer.Ordinal), nodes.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                var bob = nodes.GetProperty("bob");
                Assert.Equal(2, bob.GetProperty("followers").GetInt64());
                Assert.Equal(1, bob.GetProperty("followees").GetInt64());
                Assert.Equal("Bob <b>", bob.GetProperty("display_name").GetString());
                Assert.Equal(1204, bob.GetProperty("posts").GetInt64());
                Assert.False(bob.GetProperty("is_political").GetBoolean());
                Assert.Equal("tech;games", bob.GetProperty("topics").GetString());
                Assert.Equal("Lyon", bob.GetProperty("city").GetString());
                g.TryGetNode("bob", out int vb);
                Assert.Equal(score[vb], bob.GetProperty("pagerank").GetDouble()); // round-trip exact
                Assert.True(nodes.GetProperty("carol").GetProperty("is_political").GetBoolean());
                Assert.Equal("odd, \"quoted\"", nodes.GetProperty("é<&\"").GetProperty("display_name").GetString());
                Assert.False(nodes.GetProperty("dave").TryGetProperty("posts", out _)); // missing stays missing
                var edges = root.GetProperty("edges").EnumerateArray().Select(e => (e[0].GetString(), e[1].GetString(), e[2].ValueKind == JsonValueKind.Null ? (double?)null : e[2].GetDouble())).ToList();
                Assert.Equal(5, edges.Count);
                var daveCarol = Assert.Single(edges, e => e.Item1 == "dave" && e.Item2 == "carol");
                if (weighted) Assert.Equal(3.0, daveCarol.Item3);
                else Assert.True(daveCarol.Item3 is null or 1.0, $"{kind}: an unweighted edge read back with weight {daveCarol.Item3}");
                if (weighted) Assert.Contains(("é<&\"", "alice", 1e-300), edges);
            }
            finally { File.Delete(path); }
        }
    }

    [Fact]
    public async Task Parquet_ReadBackByDuckDb_SameRowsTypesAndNulls()
    {
        var (g, attrs, score) = Sample(weighted: true);
        var dir = Directory.CreateTempSubdirectory("ig-parquet-");
        try
        {
            string accounts = System.IO.Path.Combine(dir.FullName, "accounts.parquet"), edges = System.IO.Path.Combine(dir.FullName, "edges.parquet");
            await using (var f = File.Create(accounts)) await ParquetExport.WriteAsync(Table(g, attrs, score, includeAccount: true), f);
            await using (var f = File.Create(edges)) await ParquetExport.WriteAsync(ExportTables.Edges(g), f);

            using var db = new DuckDBConnection("Data Source=:memory:");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT account, followers, followees, display_name, posts, is_political, political_share, topics, city, pagerank FROM read_parquet('{accounts}') ORDER BY account";
            var rows = new List<object?[]>();
            using (var r = cmd.ExecuteReader())
                while (r.Read()) { var a = new object?[r.FieldCount]; for (int i = 0; i < a.Length; i++) a[i] = r.IsDBNull(i) ? null : r.GetValue(i); rows.Add(a); }
            Assert.Equal(g.NodeCount, rows.Count);
            var bob = rows.Single(r => (string)r[0]! == "bob");
            Assert.Equal(2L, Convert.ToInt64(bob[1], CultureInfo.InvariantCulture));
            Assert.Equal(1L, Convert.ToInt64(bob[2], CultureInfo.InvariantCulture));
            Assert.Equal("Bob <b>", bob[3]);
            Assert.Equal(1204L, Convert.ToInt64(bob[4], CultureInfo.InvariantCulture));
            Assert.Equal(false, bob[5]);
            Assert.Equal(0.125, bob[6]);
            Assert.Equal("tech;games", bob[7]);
            Assert.Equal("Lyon", bob[8]);
            g.TryGetNode("bob", out int vb);
            Assert.Equal(score[vb], (double)bob[9]!);
            var dave = rows.Single(r => (string)r[0]! == "dave");
            Assert.Null(dave[4]); // no attributes: null, not 0
            Assert.Null(dave[5]);

            cmd.CommandText = $"SELECT follower, followee, weight FROM read_parquet('{edges}') ORDER BY follower, followee";
            var edgeRows = new List<(string, string, double)>();
            using (var r = cmd.ExecuteReader()) while (r.Read()) edgeRows.Add((r.GetString(0), r.GetString(1), r.GetDouble(2)));
            Assert.Equal(5, edgeRows.Count);
            Assert.Contains(("alice", "bob", 1.5), edgeRows);
            Assert.Contains(("bob", "carol", 0.25), edgeRows);
            Assert.Contains(("é<&\"", "alice", 1e-300), edgeRows);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public async Task Tables_RejectBadShapes()
    {
        var (g, attrs, score) = Sample(false);
        Assert.Throws<ArgumentException>(() => ExportTables.Accounts(g, attrs, [new ExportColumn("followers", ExportColumnType.Real, v => 1.0)], true));
        var wrongRows = new ExportTable([new ExportColumn("x", ExportColumnType.Real, v => 1.0)], g.NodeCount + 1);
        await Assert.ThrowsAsync<ArgumentException>(() => GraphFileExport.WriteGraphMlAsync(g, wrongRows, Stream.Null));
        var mismatch = new ExportTable([new ExportColumn("x", ExportColumnType.Integer, v => "text")], 2);
        await Assert.ThrowsAsync<ArgumentException>(() => ParquetExport.WriteAsync(mismatch, new MemoryStream()));
    }
}
