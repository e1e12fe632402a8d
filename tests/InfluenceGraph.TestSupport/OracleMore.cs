using System.Globalization;

namespace InfluenceGraph.TestSupport;

/// <summary>
/// The reference values of <c>oracle/expected-more/NAME.tsv</c> (NetworkX semantics, made by
/// <c>oracle/more_metrics.py</c>): hub, authority, coreness, harmonic, in_degree_centrality and
/// out_degree_centrality per account of every network of <c>oracle/expected</c>, and the comparison
/// used by the Core, API and CLI tests. The oracle's column names are NetworkX's; the two degree
/// centralities are our <c>followers_centrality</c> / <c>followees_centrality</c>, which accept those
/// names as aliases.
/// </summary>
public static class OracleMore
{
    /// <summary>The metrics of the file checked here, by the oracle's column names (harmonic is checked with its own metric).</summary>
    public static readonly string[] Metrics = ["hub", "authority", "coreness", "in_degree_centrality", "out_degree_centrality"];

    /// <summary>Metric name → account → reference value.</summary>
    public static Dictionary<string, Dictionary<string, double>> Load(string network)
    {
        var lines = File.ReadLines(SharedData.Path($"oracle/expected-more/{network}.tsv")).ToList();
        var header = lines[0].Split('\t');
        var result = header.Skip(1).ToDictionary(h => h, _ => new Dictionary<string, double>(StringComparer.Ordinal));
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            for (int i = 1; i < header.Length; i++) result[header[i]][f[0]] = double.Parse(f[i], CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> (account → value) has exactly the reference accounts and agrees
    /// with them: coreness exactly, the others within 1e-9 absolute. The message names the worst account.
    /// </summary>
    public static void AssertMatches(string network, string metric, IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.True(expected.Count == actual.Count, $"{network} {metric}: {actual.Count} accounts, oracle {expected.Count}");
        double worst = 0;
        string worstAccount = "";
        foreach (var (account, value) in expected)
        {
            Assert.True(actual.TryGetValue(account, out double ours), $"{network} {metric}: account {account} missing");
            double diff = Math.Abs(ours - value);
            if (metric == "coreness") Assert.True(diff == 0, $"{network} coreness of {account}: {ours}, oracle {value}");
            if (diff > worst) (worst, worstAccount) = (diff, account);
        }
        Assert.True(worst <= 1e-9, $"{network} {metric}: max |diff| {worst:G3} at account {worstAccount}");
    }
}
