using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// PageRank on every small real network of <c>../shared/oracle/expected</c> (the <c>NAME.edges</c>
/// files; soc-slashdot0902, gzip and ~1M edges, is checked by <c>.ci/checks/oracle-score.sh</c>)
/// against <c>NAME.tsv</c>: graph-tool solved to an L1 change below n·1e-14, which agrees with
/// networkx 2.8.8 to about 1e-12 (oracle/README.md). Run at tolerance 1e-12; must agree to 1e-9
/// absolute for every account, and the account set must be the same.
/// </summary>
public class PageRankOracleTests
{
    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public void Compute_OracleNetwork_AgreesWithin1e9(string name)
    {
        var g = ImportedGraphs.Oracle(name);
        var r = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-12 });
        Assert.True(r.Converged);

        int rows = 0;
        double worst = 0;
        string worstAccount = "";
        foreach (var line in File.ReadLines(SharedData.Path($"oracle/expected/{name}.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            double expected = double.Parse(f[1], CultureInfo.InvariantCulture);
            Assert.True(g.TryGetNode(f[0], out int v), $"{name}: account {f[0]} of the oracle is missing");
            double diff = Math.Abs(r.Scores[v] - expected);
            if (diff > worst) (worst, worstAccount) = (diff, f[0]);
            rows++;
        }
        Assert.Equal(rows, g.NodeCount);
        Assert.True(worst <= 1e-9, $"{name}: max |diff| {worst:G3} at account {worstAccount}");
    }
}
