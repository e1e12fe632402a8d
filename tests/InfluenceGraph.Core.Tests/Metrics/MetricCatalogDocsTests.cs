using InfluenceGraph.Core.Metrics;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Metrics;

/// <summary>
/// The README's metric table and the reference in <c>src/docs/metrics.md</c> are generated from the
/// metric catalog: each must equal the generator's output between its markers. After adding a metric
/// or changing a parameter, run this test with <c>INFLUENCEGRAPH_UPDATE_DOCS=1</c> to rewrite them.
/// </summary>
public class MetricCatalogDocsTests
{
    [Theory]
    [InlineData("README.md", "metrics-table")]
    [InlineData("src/docs/metrics.md", "metrics-reference")]
    public void GeneratedSection_MatchesTheCatalog(string file, string marker)
    {
        string path = Path.Combine(SharedData.RepoRoot, file);
        string text = File.ReadAllText(path).Replace("\r\n", "\n");
        string begin = $"<!-- {marker}:begin (generated from MetricCatalog by MetricCatalogDocsTests; INFLUENCEGRAPH_UPDATE_DOCS=1 rewrites it) -->\n";
        string end = $"<!-- {marker}:end -->";
        int i = text.IndexOf(begin, StringComparison.Ordinal);
        int j = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(i >= 0 && j > i, $"{file} lacks the markers {begin.Trim()} ... {end}");
        string expected = marker == "metrics-table" ? MetricCatalogMarkdown.Summary(MetricCatalog.Default) : MetricCatalogMarkdown.Reference(MetricCatalog.Default);
        string actual = text[(i + begin.Length)..j];
        if (actual != expected && Environment.GetEnvironmentVariable("INFLUENCEGRAPH_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(i + begin.Length)] + expected + text[j..]);
            return;
        }
        Assert.True(expected == actual, $"{file}: the {marker} section differs from the metric catalog; rerun this test with INFLUENCEGRAPH_UPDATE_DOCS=1 to regenerate it.\nExpected:\n{expected}");
    }

    [Fact]
    public void Summary_ListsEveryMetricOnce_WithItsOptions()
    {
        string table = MetricCatalogMarkdown.Summary(MetricCatalog.Default);
        var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(MetricCatalog.Default.Names.Select(n => $"| `{n}` |"), rows.Select(r => r[..(r.IndexOf('|', 2) + 1)]));
        Assert.Contains("`maxIterations` / `--max-iterations`", rows.Single(r => r.StartsWith("| `pagerank` |")));
        Assert.StartsWith("| `followers` | `in_degree` |", rows.Single(r => r.StartsWith("| `followers` |")));
        Assert.StartsWith("| `followees_centrality` | `out_degree_centrality` |", rows.Single(r => r.StartsWith("| `followees_centrality` |")));
    }
}
