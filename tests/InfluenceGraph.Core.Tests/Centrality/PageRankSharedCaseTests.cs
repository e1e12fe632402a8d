using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Every PageRank run of <c>../shared/cases/pr-*</c> (inputs that broke other tools: dangling
/// chains, duplicate follow rows, non-convergence, personalized dangling mass, zero and negative
/// weights), checked row by row against the case's <c>expected.tsv</c> (networkx 2.8.8 values,
/// see each case's note.md and verify.py).
/// </summary>
/// <remarks>
/// The cases' error rows are HTTP statuses for the API; here 422 ("did not converge") means
/// <see cref="PageRankResult.Converged"/> is false and <see cref="PageRankResult.EnsureConverged"/>
/// throws a message containing "converge"; 400 means the input is refused before any score
/// exists: <see cref="ImportFormatException"/> for a bad weight (naming the line) or
/// <see cref="ArgumentException"/> naming the offending personalization key.
/// </remarks>
public class PageRankSharedCaseTests
{
    public static IEnumerable<object[]> Runs()
    {
        var root = SharedData.Path("cases");
        foreach (var dir in Directory.GetDirectories(root, "pr-*").OrderBy(d => d, StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs.json")));
            foreach (var run in doc.RootElement.EnumerateObject())
                if (run.Value.GetProperty("algorithm").GetString() == "pagerank")
                    yield return [Path.GetFileName(dir), run.Name];
        }
    }

    [SharedTheory]
    [MemberData(nameof(Runs))]
    public void Case_Run_MatchesExpected(string caseName, string runName)
    {
        string dir = SharedData.Path(Path.Combine("cases", caseName));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs.json")));
        var run = doc.RootElement.GetProperty(runName);
        var p = run.GetProperty("params");
        bool weighted = p.TryGetProperty("weighted", out var wj) && wj.GetBoolean();
        var options = new PageRankOptions
        {
            Alpha = p.TryGetProperty("alpha", out var a) ? a.GetDouble() : 0.85,
            Tolerance = p.TryGetProperty("tol", out var t) ? t.GetDouble() : 1e-12,
            MaxIterations = p.TryGetProperty("max_iter", out var mi) ? mi.GetInt32() : 1000,
            Weighted = weighted,
            Personalization = p.TryGetProperty("personalization", out var pj)
                ? pj.EnumerateObject().ToDictionary(kv => kv.Name, kv => kv.Value.GetDouble())
                : null,
        };
        var rows = File.ReadLines(Path.Combine(dir, "expected.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(r => r[0] == runName).ToList();
        Assert.NotEmpty(rows);
        string file = Path.Combine(dir, run.GetProperty("file").GetString()!);

        var errorRows = rows.Where(r => r[1] == "error").ToList();
        if (errorRows.Any(r => r[2] == "http_status" && r[3] == "422"))
        {
            var result = PageRank.Compute(ImportedGraphs.Load(file, weighted), options);
            Assert.False(result.Converged);
            var e = Assert.Throws<PageRankConvergenceException>(() => result.EnsureConverged());
            foreach (var m in errorRows.Where(r => r[2] == "mentions")) Assert.Contains(m[3], e.Message);
            return;
        }
        if (errorRows.Count > 0)
        {
            GraphSnapshot? loaded = null;
            var e = Record.Exception(() => PageRank.Compute(loaded = ImportedGraphs.Load(file, weighted), options));
            Assert.NotNull(e);
            Assert.True(e is ArgumentException or ImportFormatException, $"refused with {e.GetType().Name}: {e.Message}");
            foreach (var m in errorRows.Where(r => r[2] == "mentions_line"))
                Assert.Equal(long.Parse(m[3], CultureInfo.InvariantCulture), Assert.IsType<ImportFormatException>(e).Line);
            // A bad personalization is refused naming the key (a negative weight, or not an account).
            if (loaded is not null && options.Personalization is { } pers)
            {
                var bad = pers.Where(kv => kv.Value < 0 || !loaded.TryGetNode(kv.Key, out _)).Select(kv => kv.Key).ToList();
                if (bad.Count > 0) Assert.Contains(bad, k => e.Message.Contains($"'{k}'", StringComparison.Ordinal));
            }
            return;
        }

        var g = ImportedGraphs.Load(file, weighted);
        var r = PageRank.Compute(g, options);
        Assert.True(r.Converged, $"did not converge: {r.Iterations} iterations, residual {r.Residual}");
        foreach (var row in rows)
        {
            switch (row[1])
            {
                case "node_count": Assert.Equal(long.Parse(row[3], CultureInfo.InvariantCulture), g.NodeCount); break;
                case "edge_count": Assert.Equal(long.Parse(row[3], CultureInfo.InvariantCulture), g.EdgeCount); break;
                case "edge_rows_read": Assert.Equal(long.Parse(row[3], CultureInfo.InvariantCulture), g.EdgeRowsRead); break;
                case "pagerank": AssertClose(r.ScoreOf(row[2]), row[3], row[4], row[2]); break;
                case "pagerank_sum": AssertClose(r.Scores.Sum(), row[3], row[4], "sum"); break;
                default: Assert.Fail($"Unhandled check '{row[1]}' in {caseName}/{runName}."); break;
            }
        }
    }

    private static void AssertClose(double actual, string expected, string tol, string what)
    {
        double e = double.Parse(expected, CultureInfo.InvariantCulture);
        double limit = tol.StartsWith("rel ", StringComparison.Ordinal)
            ? double.Parse(tol[4..], CultureInfo.InvariantCulture) * Math.Abs(e)
            : double.Parse(tol, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(actual - e) <= limit, $"{what}: got {actual:R}, expected {expected} ± {tol}");
    }
}

