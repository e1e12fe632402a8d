using System.Globalization;

namespace InfluenceGraph.Cli.Tests.Commands;

/// <summary>
/// <c>influencegraph score --metrics harmonic</c> on every network of the oracle (plain edge files)
/// agrees with <c>expected-more/NAME.tsv</c> (NetworkX/igraph harmonic closeness) to 1e-9 relative;
/// the undirected view and cutoff options reach the metric.
/// </summary>
public class ScoreHarmonicTests
{
    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public void Score_Harmonic_OracleNetwork_MatchesNetworkX(string name)
    {
        var (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", SharedData.Path($"oracle/expected/{name}.edges"), "--metrics", "harmonic");
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("account\tharmonic", lines[0]);
        var ours = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        int count = 0;
        foreach (var f in File.ReadLines(SharedData.Path($"oracle/expected-more/{name}.tsv")).Skip(1).Select(l => l.Split('\t')))
        {
            double want = double.Parse(f[4], CultureInfo.InvariantCulture);
            Assert.True(ours.TryGetValue(f[0], out double got), $"{name}: account {f[0]} missing");
            Assert.True(Math.Abs(got - want) <= 1e-9 * Math.Max(1, want), $"{name} {f[0]}: harmonic {got:R}, oracle {want:R}");
            count++;
        }
        Assert.Equal(count, ours.Count);
    }

    [Fact]
    public void Score_HarmonicAndBetweenness_UndirectedAndCutoffOptions()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ig-harmonic-{Environment.ProcessId}.txt");
        File.WriteAllText(file, "b a\nc b\ne a\n"); // b follows a, c follows b, e follows a
        try
        {
            var (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", file, "--metrics", "harmonic,betweenness", "--undirected", "true");
            Assert.True(exit == 0, stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split('\t');
            int h = Array.IndexOf(header, "harmonic"), bc = Array.IndexOf(header, "betweenness");
            var rows = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0]);
            Assert.Equal(1 + 0.5 + 1.0 / 3, double.Parse(rows["c"][h], CultureInfo.InvariantCulture), 12); // c: b 1, a 2, e 3 ties
            Assert.Equal(2.0 / 3, double.Parse(rows["a"][bc], CultureInfo.InvariantCulture), 12);         // path c-b-a-e: a brokers {b,e}, {c,e}: 2 x 2/((n-1)(n-2))
            (exit, stdout, stderr) = ScoreCommandTests.Run("score", "--edges", file, "--metrics", "harmonic", "--cutoff", "1");
            Assert.True(exit == 0, stderr);
            Assert.Contains("a\t2", stdout); // followers b and e only
        }
        finally { File.Delete(file); }
    }
}
