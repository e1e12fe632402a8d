using System.Text;

namespace InfluenceGraph.Api.Tests;

public sealed class ConcurrencyTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public ConcurrencyTests(ApiFactory api) => _client = api.CreateClient();

    // Each batch appends 200 new accounts (100 new edges between new accounts), so version v has
    // exactly 200 v accounts and 100 v edges. A reader that saw half a batch would see a count
    // that is not 200 x its version.
    [Fact]
    public async Task ReadsDuringImports_SeeTheOldOrTheNewVersion_NeverAMix()
    {
        static string Batch(int b) => string.Concat(Enumerable.Range(0, 100).Select(i => $"b{b}f{i},b{b}g{i}\n"));
        await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/conc/edges", new StringContent(Batch(0), Encoding.UTF8, "text/csv")));

        using var stop = new CancellationTokenSource();
        var seen = new List<(long Version, int Total)>();
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var local = new List<(long, int)>();
            while (!stop.IsCancellationRequested)
            {
                var response = await _client.GetAsync(r % 2 == 0 ? "/graphs/conc/rankings/followers?top=1" : "/graphs/conc/rankings/followees?format=csv");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                long header = long.Parse(response.Headers.GetValues("X-Graph-Version").Single());
                int total;
                if (r % 2 == 0)
                {
                    var page = JsonSerializer.Deserialize<RankingPage>(await response.Content.ReadAsStringAsync(), ApiFactory.Json)!;
                    Assert.Equal(header, page.Version);
                    total = page.Total;
                }
                else
                {
                    total = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n').Length - 1;
                }
                local.Add((header, total));
                var g = JsonSerializer.Deserialize<GraphSummary>(await _client.GetStringAsync("/graphs/conc"), ApiFactory.Json)!;
                Assert.Equal(200 * g.Version, g.Accounts);
                Assert.Equal(100 * g.Version, g.Edges);
            }
            lock (seen) seen.AddRange(local);
        })).ToList();

        for (int b = 1; b < 15; b++)
        {
            var report = await HttpAssert.Ok<ImportReportDto>(await _client.PostAsync("/graphs/conc/edges", new StringContent(Batch(b), Encoding.UTF8, "text/csv")));
            Assert.Equal(b + 1, report.VersionAfter);
        }
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Equal(200 * s.Version, s.Total));
        Assert.True(seen.Select(s => s.Version).Distinct().Count() > 1, "The readers should have seen several versions.");
    }
}
