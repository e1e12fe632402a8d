using System.Globalization;

namespace InfluenceGraph.Cli.Tests.Commands;

/// <summary>
/// <c>influencegraph score --metrics hub,authority,coreness,in_degree_centrality,out_degree_centrality</c> (the oracle's names; the last two are aliases)
/// (default options) on every network of <c>oracle/expected</c> against <c>oracle/expected-more</c>
/// (NetworkX): 1e-9 absolute, coreness exactly, same accounts.
/// </summary>
public class ScoreMoreMetricsOracleTests
{
    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public void Score_NewMetrics_MatchNetworkX(string name)
    {
        var (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", SharedData.Path($"oracle/expected/{name}.edges"),
            "--metrics", string.Join(",", OracleMore.Metrics));
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('\t');
        // The oracle's NetworkX names are aliases (in_degree_centrality); the header carries the canonical names.
        Assert.Equal(["account", "hub", "authority", "coreness", "followers_centrality", "followees_centrality"], header);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        var expected = OracleMore.Load(name);
        for (int c = 1; c < header.Length; c++)
            OracleMore.AssertMatches(name, header[c], expected[OracleMore.Metrics[c - 1]],
                rows.ToDictionary(r => r[0], r => double.Parse(r[c], CultureInfo.InvariantCulture)));
    }
}
