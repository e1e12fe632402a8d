using System.Security.Cryptography;
using System.Text;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Generators;

/// <summary>
/// The R-MAT generator must reproduce <c>../shared/oracle/gen_graph.py rmat</c> byte for byte
/// (numpy 1.24.2's PCG64 stream), so that our benchmarks and the reference tools' run on the same
/// graphs. Expected sha256 sums come from BASELINES.md (seed 1 graphs) or from running the script
/// with <c>/usr/bin/python3</c>, as noted on each case.
/// </summary>
public class RmatTests
{
    private static string Sha256Of(RmatEdgeList edges)
    {
        var sb = new StringWriter { NewLine = "\n" };
        edges.WriteTo(sb);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    [Fact]
    public void Generate_Graph500Defaults10k_MatchesBaselinesSha256()
    {
        // BASELINES.md: gen_graph.py rmat --edges 10000 --nodes 625 --seed 1 -> f575e336...8cd7
        var edges = Rmat.Generate(10_000);
        Assert.Equal(625, edges.NodeIdSpace);
        Assert.Equal("f575e33696ed5497e41e946d3a1bb88ce02982c43a6d6e4d8ef7a903afd68cd7", Sha256Of(edges));
    }

    [Fact]
    public void Generate_Graph500Defaults100k_MatchesBaselinesSha256()
    {
        // BASELINES.md: gen_graph.py rmat --edges 100000 --nodes 6250 --seed 1 -> 52e47bc1...5e70
        Assert.Equal("52e47bc1bf498b225e70c8a71cdbe561b4d43cd523c2447fc70d0ee1dd745e70", Sha256Of(Rmat.Generate(100_000)));
    }

    [Theory]
    // Each row: /usr/bin/python3 gen_graph.py rmat <args> -o f; sha256sum f (numpy 1.24.2).
    // --edges 2000 --seed 7 --allow-multi (id space 125; 67 self-loops, 341 repeated lines)
    [InlineData(2000, null, 7UL, false, true, 0.57, 0.19, 0.19, "c2433539c60ca4193539803bee85d10bcbeee4af8ec4dd9b0c23bf8fee753257")]
    // --edges 3000 --nodes 100 --seed 12345678901 --no-permute (a seed above 2^32: two entropy words)
    [InlineData(3000, 100, 12345678901UL, true, false, 0.57, 0.19, 0.19, "436d1896f623756fe4421669a3d8be5979d65266064ce1176ab9e0a6fa2a5711")]
    // --edges 5000 --nodes 1000 --seed 0 --rmat 0.45 0.15 0.15 (id space not a power of two: rejection)
    [InlineData(5000, 1000, 0UL, true, true, 0.45, 0.15, 0.15, "37808a15cd899848ab0a654b3a9a4759fa514a02a7de894a1e2590cad62b4a6e")]
    public void Generate_NonDefaultOptions_MatchesGenGraphPy(int m, int? nodes, ulong seed, bool simple, bool permute, double a, double b, double c, string sha)
    {
        var edges = Rmat.Generate(new RmatOptions { Edges = m, Nodes = nodes, Seed = seed, Simple = simple, Permute = permute, A = a, B = b, C = c });
        Assert.Equal(m, edges.Count);
        Assert.Equal(sha, Sha256Of(edges));
    }

    [Fact]
    public void Generate_AllowMulti_KeepsSelfLoopsAndDuplicates()
    {
        // gen_graph.py rmat --edges 2000 --seed 7 --allow-multi: 67 lines 'u u', 341 repeated lines (sort | uniq -d).
        var edges = Rmat.Generate(new RmatOptions { Edges = 2000, Seed = 7, Simple = false });
        int loops = 0;
        var seen = new HashSet<(int, int)>();
        var repeated = new HashSet<(int, int)>();
        for (int e = 0; e < edges.Count; e++)
        {
            if (edges.Followers[e] == edges.Followees[e]) loops++;
            if (!seen.Add((edges.Followers[e], edges.Followees[e]))) repeated.Add((edges.Followers[e], edges.Followees[e]));
        }
        Assert.Equal(67, loops);
        Assert.Equal(341, repeated.Count);
    }

    [Fact]
    public void ToSnapshot_10k_HasBaselinesShape()
    {
        // BASELINES.md, rmat_1e4: n = 576 vertices with edges, m = 10,000, 43 dangling (out-degree 0),
        // 44 with in-degree 0, max in-degree 312, max out-degree 320.
        var g = Rmat.Generate(10_000).ToSnapshot();
        Assert.Equal(576, g.NodeCount);
        Assert.Equal(10_000, g.EdgeCount);
        Assert.Equal(0, g.SelfLoopCount);
        int dangling = 0, noFollowers = 0, maxIn = 0, maxOut = 0;
        for (int v = 0; v < g.NodeCount; v++)
        {
            if (g.OutDegreeOf(v) == 0) dangling++;
            if (g.InDegreeOf(v) == 0) noFollowers++;
            maxIn = Math.Max(maxIn, g.InDegreeOf(v));
            maxOut = Math.Max(maxOut, g.OutDegreeOf(v));
        }
        Assert.Equal(43, dangling);
        Assert.Equal(44, noFollowers);
        Assert.Equal(312, maxIn);
        Assert.Equal(320, maxOut);
    }

    [Fact]
    public void ToSnapshot_SameNodeIdsAsReadingTheWrittenFile()
    {
        var edges = Rmat.Generate(new RmatOptions { Edges = 3000, Seed = 3 });
        string path = Path.Combine(Path.GetTempPath(), $"rmat-{Guid.NewGuid():N}.txt");
        try
        {
            edges.WriteTo(path);
            var fromFile = ImportedGraphs.Load(path);
            var direct = edges.ToSnapshot();
            Assert.Equal(fromFile.Accounts.Names, direct.Accounts.Names);
            Assert.Equal(TestGraphs.OutCsr(fromFile).Offsets, TestGraphs.OutCsr(direct).Offsets);
            Assert.Equal(TestGraphs.OutCsr(fromFile).Targets, TestGraphs.OutCsr(direct).Targets);
            Assert.Equal(TestGraphs.InCsr(fromFile).Targets, TestGraphs.InCsr(direct).Targets);
            // First line of the file is the first edge; its accounts get ids 0 and 1.
            Assert.Equal(edges.Followers[0].ToString(), direct.Accounts[0]);
            Assert.Equal(edges.Followees[0].ToString(), direct.Accounts[1]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Generate_SameSeed_SameEdges_OtherSeed_OtherEdges()
    {
        var a = Rmat.Generate(5000, seed: 11);
        var b = Rmat.Generate(5000, seed: 11);
        var c = Rmat.Generate(5000, seed: 12);
        Assert.True(a.Followers.SequenceEqual(b.Followers) && a.Followees.SequenceEqual(b.Followees));
        Assert.False(a.Followers.SequenceEqual(c.Followers) && a.Followees.SequenceEqual(c.Followees));
    }

    [Fact]
    public void Generate_ZeroEdges_IsEmpty()
    {
        var e = Rmat.Generate(0);
        Assert.Equal(0, e.Count);
        Assert.Equal(0, e.ToSnapshot().NodeCount);
    }

    [Fact]
    public void Generate_BadOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rmat.Generate(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rmat.Generate(new RmatOptions { Edges = 10, A = 0.5, B = 0.3, C = 0.2 })); // a+b+c = 1
        Assert.Throws<ArgumentOutOfRangeException>(() => Rmat.Generate(new RmatOptions { Edges = 10, C = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rmat.Generate(new RmatOptions { Edges = 10, Nodes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rmat.Generate(new RmatOptions { Edges = 10, AverageDegree = 0 }));
        // 3 ids hold at most 3 x 2 = 6 distinct non-loop pairs.
        var e = Assert.Throws<ArgumentException>(() => Rmat.Generate(new RmatOptions { Edges = 7, Nodes = 3 }));
        Assert.Contains("at most 6 edges", e.Message);
    }
}
