using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Betweenness against the shared reference data: every run of the <c>cases/bc-*</c> folders
/// (expected values from networkx 2.8.8 / python-igraph 0.10.2 / exact rational brute force, see each
/// case's note.md and verify.py), and the oracle's NetworkX values for the public networks
/// (<c>oracle/expected/NAME.tsv</c>, column <c>betweenness</c>, normalized, unweighted).
/// </summary>
public class BetweennessSharedTests
{
    public static TheoryData<string, string> CaseRuns => new()
    {
        { "bc-endpoints-normalization", "mutual_star_ep0_norm0" },
        { "bc-endpoints-normalization", "mutual_star_ep0_norm1" },
        { "bc-endpoints-normalization", "mutual_star_ep1_norm0" },
        { "bc-endpoints-normalization", "mutual_star_ep1_norm1" },
        { "bc-endpoints-normalization", "hub_ep0_norm0" },
        { "bc-endpoints-normalization", "hub_ep0_norm1" },
        { "bc-endpoints-normalization", "hub_ep1_norm0" },
        { "bc-endpoints-normalization", "hub_ep1_norm1" },
        { "bc-float-weight-ties", "decimal_raw" },
        { "bc-float-weight-ties", "decimal_norm" },
        { "bc-float-weight-ties", "integer_raw" },
        { "bc-sampled-k-rescale", "star_sources_l1_l2" },
        { "bc-sampled-k-rescale", "star_sources_l1" },
        { "bc-sampled-k-rescale", "star_k_equals_n" },
        { "bc-sampled-k-rescale", "ring_sources_u1_u4" },
        { "bc-sampled-k-rescale", "ring_sources_u1_u4_raw" },
        { "bc-sampled-k-rescale", "ring_sources_u1_u4_endpoints" },
        { "bc-sampled-k-rescale", "ring_k3_seed42_twice" },
        { "bc-weighted-cutoff", "no_cutoff" },
        { "bc-weighted-cutoff", "cutoff_3" },
        { "bc-weighted-cutoff", "cutoff_2" },
        { "bc-weighted-cutoff", "cutoff_1_5" },
        { "bc-weighted-cutoff", "unweighted_cutoff_1" },
    };

    [SharedTheory]
    [MemberData(nameof(CaseRuns))]
    public void Compute_SharedCase_MatchesExpected(string caseName, string run)
    {
        string dir = SharedData.Path(Path.Combine("cases", caseName));
        using var runs = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs.json")));
        var spec = runs.RootElement.GetProperty(run);
        var p = spec.GetProperty("params");
        bool weighted = Bool(p, "weighted");
        var graph = ImportedGraphs.Load(Path.Combine(dir, spec.GetProperty("file").GetString()!), weighted);
        var options = new BetweennessOptions
        {
            Normalized = !p.TryGetProperty("normalized", out var nm) || nm.GetBoolean(),
            Endpoints = Bool(p, "endpoints"),
            Weighted = weighted,
            Samples = p.TryGetProperty("k", out var k) ? k.GetInt32() : null,
            Seed = p.TryGetProperty("seed", out var seed) ? seed.GetInt32() : 0,
            Sources = p.TryGetProperty("sources", out var src) ? src.EnumerateArray().Select(e => e.GetString()!).ToArray() : null,
            Cutoff = p.TryGetProperty("cutoff", out var co) && co.ValueKind == JsonValueKind.Number ? co.GetDouble() : null,
        };
        var result = Betweenness.Compute(graph, options);

        var rows = File.ReadLines(Path.Combine(dir, "expected.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(f => f[0] == run).ToList();
        Assert.NotEmpty(rows);
        foreach (var f in rows)
        {
            string check = f[1], key = f[2], expected = f[3];
            switch (check)
            {
                case "betweenness":
                    double actual = result.ScoreOf(key);
                    if (expected == "NaN") Assert.True(double.IsNaN(actual), $"{run} {key}: expected NaN (undefined), got {actual}");
                    else
                    {
                        double want = double.Parse(expected, CultureInfo.InvariantCulture);
                        double tol = double.Parse(f[4], CultureInfo.InvariantCulture);
                        Assert.True(Math.Abs(actual - want) <= tol, $"{run} {key}: expected {want}, got {actual}");
                    }
                    break;
                case "identical_across_repeats":
                    Assert.Equal(result.Scores, Betweenness.Compute(graph, options).Scores);
                    break;
                case "max_value":
                    Assert.All(result.Scores, s => Assert.True(s <= double.Parse(expected, CultureInfo.InvariantCulture), $"{run}: {s} > {expected}"));
                    break;
                default:
                    Assert.Fail($"Unhandled check '{check}' in {caseName}/{run}.");
                    break;
            }
        }
    }

    /// <summary>
    /// Every public network with betweenness in the oracle (soc-slashdot0902 is PageRank only):
    /// NetworkX normalized betweenness of every account, 1e-9 relative (absolute under 1e-12).
    /// </summary>
    public static TheoryData<string> OracleNetworks => new()
    {
        "congress-twitter", "ego-twitter-12831", "ego-twitter-13212502", "email-eu-core", "polblogs",
        "bitcoin-alpha", "bitcoin-otc", "uk-mp-twitter-2022", "career-bofa", "career-verizon", "wiki-vote",
    };

    [SharedTheory]
    [MemberData(nameof(OracleNetworks))]
    public void Compute_OracleNetwork_AgreesWithNetworkX(string name)
    {
        var graph = ImportedGraphs.Oracle(name);
        var result = Betweenness.Compute(graph);
        var lines = File.ReadLines(SharedData.Path($"oracle/expected/{name}.tsv")).ToList();
        var header = lines[0].Split('\t');
        int col = Array.IndexOf(header, "betweenness");
        Assert.True(col > 0, "no betweenness column");
        Assert.Equal(graph.NodeCount, lines.Count - 1);
        int checkedRows = 0;
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            double want = double.Parse(f[col], CultureInfo.InvariantCulture);
            double got = result.ScoreOf(f[0]);
            double err = Math.Abs(got - want);
            bool ok = Math.Abs(want) > 1e-12 ? err <= 1e-9 * Math.Abs(want) : err <= 1e-12;
            Assert.True(ok, $"{name} account {f[0]}: networkx {want:R}, ours {got:R}");
            checkedRows++;
        }
        Assert.Equal(graph.NodeCount, checkedRows);
    }

    private static bool Bool(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

}
