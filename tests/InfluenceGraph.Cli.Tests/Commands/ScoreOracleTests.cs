using System.Globalization;

namespace InfluenceGraph.Cli.Tests.Commands;

/// <summary>
/// <c>influencegraph score --tolerance 1e-12</c> on every small network of
/// <c>../shared/oracle/expected</c> agrees with <c>NAME.tsv</c> (graph-tool ≈ networkx 2.8.8 to
/// 1e-12): PageRank within 1e-9 absolute, betweenness within 1e-12 + 1e-9 relative, in/out-degree
/// exactly, same accounts.
/// </summary>
public class ScoreOracleTests
{
    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public void Score_OracleNetwork_MatchesReferenceTsv(string name)
    {
        var (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", SharedData.Path($"oracle/expected/{name}.edges"),
            "--tolerance", "1e-12");
        Assert.True(exit == 0, stderr);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("account\tpagerank\tbetweenness\tfollowers\tfollowees", lines[0]);
        var ours = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0]);
        int count = 0;
        foreach (var line in File.ReadLines(SharedData.Path($"oracle/expected/{name}.tsv")).Skip(1))
        {
            var f = line.Split('\t'); // node pagerank betweenness indegree outdegree (the oracle's names of followers, followees)
            Assert.True(ours.TryGetValue(f[0], out var row), $"{name}: account {f[0]} missing from the output");
            double expected = double.Parse(f[1], CultureInfo.InvariantCulture), actual = double.Parse(row[1], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(actual - expected) <= 1e-9, $"{name}, {f[0]}: pagerank {actual:R}, oracle {expected:R}");
            double bcExpected = double.Parse(f[2], CultureInfo.InvariantCulture), bc = double.Parse(row[2], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(bc - bcExpected) <= 1e-12 + 1e-9 * Math.Abs(bcExpected), $"{name}, {f[0]}: betweenness {bc:R}, oracle {bcExpected:R}");
            Assert.Equal(f[3], row[3]);
            Assert.Equal(f[4], row[4]);
            count++;
        }
        Assert.Equal(count, ours.Count);
    }
}
