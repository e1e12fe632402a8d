using InfluenceGraph.Core.Metrics;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Metrics;

/// <summary>
/// hub, authority, coreness and the normalized degrees of the catalog, with their default options,
/// on every network of <c>oracle/expected</c> (loaded through the production edge import) against
/// <c>oracle/expected-more</c> (NetworkX): 1e-9 absolute, coreness exactly.
/// </summary>
public class MoreMetricsOracleTests
{
    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public void Catalog_NewMetrics_MatchNetworkX(string name)
    {
        var g = ImportedGraphs.Oracle(name);
        var expected = OracleMore.Load(name);
        foreach (var metricName in OracleMore.Metrics)
        {
            var metric = MetricCatalog.Default.Find(metricName)!;
            var result = metric.Compute(g, metric.Normalize(MetricArguments.Empty, g), null, default);
            Assert.NotEqual(false, metric.Describe(result).Converged);
            var actual = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int v = 0; v < g.NodeCount; v++) actual[g.Accounts[v]] = result.Scores[v];
            OracleMore.AssertMatches(name, metricName, expected[metricName], actual);
        }
    }
}
