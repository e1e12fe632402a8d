using System.Globalization;
using System.Text;
using System.Text.Json;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// The parse-* failure cases of <c>../shared/cases</c> (each with its <c>expected.tsv</c>, computed by
/// the case's <c>verify.py</c> with networkx 2.8.8): every graph-shape check (node_count, edge_count,
/// self_loop_count, has_node, has_edge, has_node_utf8_hex) and every PageRank value, read through
/// the import pipeline with the run's format.
/// </summary>
public class ImportCasesTests
{
    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        if (!SharedData.Available) { data.Add("parse-leading-zero-ids", "csv"); return data; }
        foreach (var dir in Directory.GetDirectories(SharedData.Path("cases"), "parse-*").Order(StringComparer.Ordinal))
        {
            using var runs = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs.json")));
            foreach (var run in runs.RootElement.EnumerateObject()) data.Add(Path.GetFileName(dir), run.Name);
        }
        return data;
    }

    [SharedTheory]
    [MemberData(nameof(Runs))]
    public void ParseCase_ImportedGraph_MatchesExpectedTsv(string caseName, string run)
    {
        string dir = SharedData.Path("cases/" + caseName);
        using var runs = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs.json")));
        var spec = runs.RootElement.GetProperty(run);
        string file = spec.GetProperty("file").GetString()!;
        var format = spec.TryGetProperty("format", out var f) ? ImportFormatDetector.Parse(f.GetString()) : ImportFormat.Auto;
        var g = EdgeImport.Load(Path.Combine(dir, file), new EdgeImportOptions { Format = format });
        PageRankResult? pr = null;
        int checks = 0;
        foreach (var line in File.ReadLines(Path.Combine(dir, "expected.tsv")).Skip(1))
        {
            var c = line.Split('\t');
            if (c[0] != run) continue;
            string check = c[1], key = c[2], expected = c[3], tol = c.Length > 4 ? c[4] : "";
            switch (check)
            {
                case "node_count": Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), g.NodeCount); break;
                case "edge_count": Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), g.EdgeCount); break;
                case "self_loop_count": Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), g.SelfLoopCount); break;
                case "has_node":
                    {
                        string name = key.StartsWith('"') ? JsonSerializer.Deserialize<string>(key)! : key;
                        // exact (ordinal) membership of the stored handles, not the trimming lookup
                        Assert.True((expected == "true") == g.Accounts.Names.Contains(name), $"has_node {key} should be {expected}");
                        break;
                    }
                case "has_node_utf8_hex":
                    {
                        string name = Encoding.UTF8.GetString(Convert.FromHexString(key));
                        Assert.True((expected == "true") == g.Accounts.Names.Contains(name), $"has_node_utf8_hex {key} should be {expected}");
                        break;
                    }
                case "has_edge":
                    {
                        var parts = key.Split(" -> ");
                        Assert.True((expected == "true") == EdgeImportFormatTests.HasEdge(g, parts[0], parts[1]), $"has_edge {key} should be {expected}");
                        break;
                    }
                case "pagerank":
                    {
                        pr ??= PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-13, MaxIterations = 10_000 });
                        Assert.True(g.TryGetNode(key, out int v), $"node {key} missing");
                        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), pr.Scores[v], double.Parse(tol, CultureInfo.InvariantCulture));
                        break;
                    }
                default: continue;
            }
            checks++;
        }
        Assert.True(checks > 0, "no check of this run was understood");
    }

    [SharedFact]
    public void InvariantCultureCase_WeightsParsedWithDotUnderGermanCulture()
    {
        // ../shared/cases/api-csv-invariant-culture: a1->a2 0.5, a1->a3 2, a2->a1 1.0, a3->a1 1e0; weighted
        // PageRank (networkx 2.8.8) a1 0.486486, a2 0.132703, a3 0.380811 — under de-DE "0.5" must not become 5.
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var g = EdgeImport.Load(SharedData.Path("cases/api-csv-invariant-culture/weighted.csv"), weighted: true);
            Assert.Equal(0.5, EdgeImportFormatTests.Weight(g, "a1", "a2"));
            Assert.Equal(1.0, EdgeImportFormatTests.Weight(g, "a3", "a1"));
            var pr = PageRank.Compute(g, new PageRankOptions { Weighted = true, Tolerance = 1e-13 });
            double Score(string a) => pr.Scores[g.TryGetNode(a, out int v) ? v : -1];
            Assert.Equal(0.486486486486, Score("a1"), 1e-6);
            Assert.Equal(0.132702702703, Score("a2"), 1e-6);
            Assert.Equal(0.380810810811, Score("a3"), 1e-6);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [SharedFact]
    public void EgoTwitter12831_SnapEgoFeatures_TopicsAndActivity()
    {
        // PROVENANCE.md: 244 rows in 12831.feat, 1,364 features per row, 3,868 ones in all; 8 feat-only nodes.
        var names = SnapEgoFeatures.ReadFeatureNames(File.OpenRead(SharedData.Path("data/ego-twitter/12831.featnames")));
        Assert.Equal(1364, names.Count);
        using var feat = File.OpenRead(SharedData.Path("data/ego-twitter/12831.feat"));
        var r = AccountImport.Read(feat, new AccountImportOptions { Format = ImportFormat.SnapEgo, FeatureNames = names });
        Assert.Equal(0, r.RejectedCount);
        Assert.Equal(244, r.Accounts.Count);
        Assert.Equal(3868, r.Accounts.Sum(a => a.Posts!.Value));
        var g = EdgeImport.Load(SharedData.Path("data/ego-twitter/12831.edges"));
        Assert.Equal(8, r.Accounts.Count(a => !g.TryGetNode(a.Account, out _)));
        // Every topic is a featnames token: hashtags lose '#', mentions keep '@'.
        var all = r.Accounts.SelectMany(a => a.Topics).ToHashSet();
        Assert.DoesNotContain(all, t => t.StartsWith('#'));
        Assert.Contains(all, t => t.StartsWith('@'));
    }
}
