using System.Globalization;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// hub, authority, coreness, followers_centrality and followees_centrality (asked by their NetworkX names, the aliases in_degree_centrality and out_degree_centrality) served by
/// <c>GET /graphs/{graph}/rankings/{metric}?format=csv</c> (default options) on every network of
/// <c>oracle/expected</c>, against <c>oracle/expected-more</c> (NetworkX): 1e-9, coreness exactly.
/// A ranking computed by a job (202) is awaited and asked again.
/// </summary>
public sealed class MoreMetricsOracleApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public MoreMetricsOracleApiTests(ApiFactory api)
    {
        _api = api;
        _client = api.CreateClient();
    }

    [SharedTheory]
    [MemberData(nameof(SharedData.OracleNetworks), MemberType = typeof(SharedData))]
    public async Task Rankings_NewMetrics_MatchNetworkX(string name)
    {
        string graph = "oracle-" + name;
        if (_api.Catalog.Get(graph) is null)
            _api.Catalog.Publish(graph, ImportedGraphs.Oracle(name));
        var expected = OracleMore.Load(name);
        foreach (var metric in OracleMore.Metrics)
        {
            string url = $"/graphs/{graph}/rankings/{metric}?format=csv&columns=node,score";
            var response = await _client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) // a CSV reader never gets a 202: the job is at Location
            {
                var job = await JobTestSupport.WaitAsync(_client, response.Headers.Location!.ToString());
                Assert.Equal("succeeded", job.State);
                response = await _client.GetAsync(url);
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-Computation-Warning"), $"{name} {metric}: {string.Join(" ", response.Headers.TryGetValues("X-Computation-Warning", out var w) ? w : [])}");
            var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
            Assert.Equal("node,score", lines[0]);
            var actual = lines.Skip(1).Select(l => (Node: l[..l.LastIndexOf(',')], Score: l[(l.LastIndexOf(',') + 1)..]))
                .ToDictionary(x => x.Node.Trim('"').Replace("\"\"", "\""), x => double.Parse(x.Score, CultureInfo.InvariantCulture));
            OracleMore.AssertMatches(name, metric, expected[metric], actual);
        }
    }

    [Fact]
    public async Task Account_ListsTheNewMetrics()
    {
        _api.Publish("more-acc", "f1 celeb", "f2 celeb", "f3 celeb", "celeb f1");
        var a = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/more-acc/accounts/celeb"));
        var byName = a.Metrics.ToDictionary(m => m.Metric);
        // celeb's ties: f1 twice (a mutual follow), f2, f3; once f2 and f3 (one tie each) are peeled,
        // celeb and f1 keep two ties each: coreness 2.
        Assert.Equal(2, byName["coreness"].Score);
        Assert.Equal(1.0, byName["followers_centrality"].Score!.Value, 15);
        Assert.Equal(1.0 / 3, byName["followees_centrality"].Score!.Value, 15);
        Assert.Equal(1, byName["authority"].Rank);
        Assert.Equal("computed", byName["hub"].Status);
    }
}
