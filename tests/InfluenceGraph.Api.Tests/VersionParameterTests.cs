using System.Net;
using System.Text;
using System.Text.Json;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Tests.Support;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Api.Tests;

/// <summary>
/// version= and asOf= on the reading endpoints, /versions and /changes on the demo graph after a second import and after a
/// restart (a new server over the same store), the single-version note, and the bitcoin example through the API.
/// </summary>
public sealed class VersionParameterTests
{
    private static async Task<JsonElement> Json(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await client.GetAsync(url);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(expected == r.StatusCode, $"{url}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] Top(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("account").GetString()}={i.GetProperty("score").GetDouble():R}").ToArray();

    [Fact]
    public async Task DemoGraph_SecondImport_OldVersionRankedByVersionParameter_BeforeAndAfterRestart()
    {
        var first = new ApiFactory { KeepDatabase = true };
        string db = first.DatabasePath;
        try
        {
            long v1;
            string[] before;
            int followersBefore;
            using (first)
            {
                var client = first.CreateClient();
                v1 = (await Json(client, "/graphs/default/versions")).GetProperty("current").GetInt64();
                before = Top(await Json(client, "/graphs/default/rankings/pagerank?top=20"));
                string star = before[^1].Split('=')[0]; // ranked 20th: thirty new followers lift it
                followersBefore = (await Json(client, $"/graphs/default/accounts/{star}")).GetProperty("followers").GetInt32();
                var sb = new StringBuilder();
                for (int i = 0; i < 30; i++) sb.Append("newfan").Append(i).Append(' ').Append(star).Append('\n');
                var r = await client.PostAsync("/graphs/default/edges", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
                Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

                var versions = await Json(client, "/graphs/default/versions");
                Assert.Equal(v1 + 1, versions.GetProperty("current").GetInt64());
                // The old version ranked with version=: exactly the ranking before the import.
                Assert.Equal(before, Top(await Json(client, $"/graphs/default/rankings/pagerank?top=20&version={v1}")));
                Assert.NotEqual(before, Top(await Json(client, "/graphs/default/rankings/pagerank?top=20")));
                var detailThen = await Json(client, $"/graphs/default/accounts/{star}?version={v1}");
                Assert.Equal(followersBefore, detailThen.GetProperty("followers").GetInt32());
                Assert.Equal(v1, detailThen.GetProperty("version").GetInt64());
                Assert.Equal(followersBefore + 30, (await Json(client, $"/graphs/default/accounts/{star}")).GetProperty("followers").GetInt32());

                var c = await Json(client, $"/graphs/default/changes?metric=pagerank&from={v1}&top=20&limit=10000");
                var riser = c.GetProperty("risers").EnumerateArray().First(m => m.GetProperty("account").GetString() == star);
                Assert.Equal(20, riser.GetProperty("rankFrom").GetInt32());
                Assert.True(riser.GetProperty("rankTo").GetInt32() < 20);
                Assert.Contains($"followers {followersBefore} → {followersBefore + 30} (+30)", riser.GetProperty("reason").GetString());
            }

            // A new server over the same store: the old version comes from the store, not memory.
            using var second = new ApiFactory().With("InfluenceGraph:DatabasePath", db);
            var again = second.CreateClient();
            Assert.Equal(before, Top(await Json(again, $"/graphs/default/rankings/pagerank?top=20&version={v1}")));
            var items = (await Json(again, "/graphs/default/versions")).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetInt64()).ToList();
            Assert.Contains(v1, items);
            Assert.Contains(v1 + 1, items);
            var changes = await Json(again, $"/graphs/default/changes?metric=pagerank&from={v1}");
            Assert.Equal(v1, changes.GetProperty("from").GetProperty("version").GetInt64());
            Assert.Equal(v1 + 1, changes.GetProperty("to").GetProperty("version").GetInt64());
            Assert.Equal(30, changes.GetProperty("to").GetProperty("accounts").GetInt32() - changes.GetProperty("from").GetProperty("accounts").GetInt32());
        }
        finally
        {
            try { Directory.Delete(Path.GetDirectoryName(db)!, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task VersionAndAsOf_OnEveryReadingEndpoint_BadValuesAre400NamingTheParameter()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        await client.PostAsync("/graphs/vp/edges?timeColumn=3", new StringContent("a,b,2020-01-01\nc,b,2021-01-01\nb,d,2022-01-01\n", Encoding.UTF8, "text/csv"));
        await client.PostAsync("/graphs/vp/edges", new StringContent("source,target,time\ne,d,2023-01-01\n", Encoding.UTF8, "text/csv"));
        // Each reading endpoint takes version and asOf; version 1 has no e, asOf 2020-12-31 only a>b.
        foreach (string url in new[]
        {
            "/graphs/vp/rankings/followers?version=1", "/graphs/vp/accounts/b?version=1", "/graphs/vp/influencers?version=1",
            "/graphs/vp/accounts/b/audience?version=1", "/graphs/vp/accounts/b/followers?version=1", "/graphs/vp/paths?from=d&to=a&version=1",
            "/graphs/vp/rankings/followers?asOf=2020-12-31", "/graphs/vp/accounts/b/followers?asOf=2020-12-31",
        })
        {
            var r = await client.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(3, (await Json(client, "/graphs/vp/rankings/followers?version=1")).GetProperty("total").GetInt32() - 1); // a, b, c, d
        Assert.Equal(2, (await Json(client, "/graphs/vp/rankings/followers?asOf=2020-12-31")).GetProperty("total").GetInt32()); // a, b
        Assert.Equal(5, (await Json(client, "/graphs/vp/rankings/followers")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Json(client, "/graphs/vp/accounts/b/followers?asOf=2020-12-31")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await Json(client, "/graphs/vp/accounts/b/followers")).GetProperty("total").GetInt32());
        var set = await client.PostAsync("/graphs/vp/audience?version=1", new StringContent("""{"accounts": ["d"], "hops": 1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(1, (await HttpAssert.Ok<AudienceSetResponse>(set)).Version);
        var guests = await client.PostAsync("/graphs/vp/guest-lists?asOf=2021-06-01", new StringContent("""{"size": 1, "eligible": "all", "hops": 1}""", Encoding.UTF8, "application/json"));
        Assert.True(guests.IsSuccessStatusCode, await guests.Content.ReadAsStringAsync());

        foreach (var (url, parameter) in new[]
        {
            ("/graphs/vp/rankings/followers?version=9", "version"),
            ("/graphs/vp/rankings/followers?version=latest", "version"),
            ("/graphs/vp/accounts/b?version=9", "version"),
            ("/graphs/vp/influencers?asOf=soon", "asOf"),
            ("/graphs/vp/accounts/b/audience?asOf=2020-13-01", "asOf"),
        })
        {
            var e = await Json(client, url, HttpStatusCode.BadRequest);
            Assert.Equal(parameter, e.GetProperty("parameter").GetString());
        }
        var badGuest = await client.PostAsync("/graphs/vp/guest-lists?version=9", new StringContent("""{"size": 1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badGuest.StatusCode);
        Assert.Contains("\"parameter\":\"version\"", await badGuest.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Changes_OnAGraphWithOneVersion_IsANote_NotAnErrorNorAnEmptyComparison()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        await client.PostAsync("/graphs/once/edges", new StringContent("a b\nc b\n", Encoding.UTF8, "text/plain"));
        var n = await Json(client, "/graphs/once/changes?metric=pagerank&from=1");
        Assert.Contains("has one version (1)", n.GetProperty("note").GetString());
        Assert.Equal(1, n.GetProperty("versions").GetInt32());
        Assert.False(n.TryGetProperty("kendallTauB", out _));
    }

    [Fact]
    public async Task Changes_InfluencersTrue_SaysWhoStoppedBeingACandidate_AndWhichSignalChanged()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        var page = await Json(client, "/graphs/default/influencers?top=1");
        string star = page.GetProperty("items")[0].GetProperty("account").GetString()!;
        long posts = (await Json(client, $"/graphs/default/accounts/{star}")).GetProperty("attributes").GetProperty("posts").GetInt64();
        long v1 = (await Json(client, "/graphs/default/versions")).GetProperty("current").GetInt64();
        var r = await client.PostAsync("/graphs/default/accounts", new StringContent($"account,posts\n{star},0\n", Encoding.UTF8, "text/csv"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

        var c = await Json(client, $"/graphs/default/changes?metric=pagerank&from={v1}&influencers=true");
        var v = c.GetProperty("influencers");
        Assert.Equal(v.GetProperty("candidatesFrom").GetInt32() - 1, v.GetProperty("candidatesTo").GetInt32());
        var stopped = Assert.Single(v.GetProperty("stopped").EnumerateArray());
        Assert.Equal(star, stopped.GetProperty("account").GetString());
        Assert.Equal(1, stopped.GetProperty("rankFrom").GetInt32());
        Assert.Equal("activity", stopped.GetProperty("excludedBy").GetString());
        Assert.StartsWith($"fell below the activity threshold: {posts:#,0} → 0 posts", stopped.GetProperty("signal").GetString());
        Assert.Equal(0, v.GetProperty("becameCount").GetInt32());
        // Without the flag the diff is not computed.
        Assert.Equal(JsonValueKind.Null, (await Json(client, $"/graphs/default/changes?metric=pagerank&from={v1}")).GetProperty("influencers").ValueKind);
    }

    /// <summary>The bitcoin example through the API: one import with the time column and the positive ratings, then /changes from a date (values as in the core test).</summary>
    [SharedFact]
    public async Task BitcoinOtc_ImportedOnceWithTimes_ChangesFromADate()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        var body = new StreamContent(File.OpenRead(SharedData.Path("data/bitcoin-otc/soc-sign-bitcoinotc.csv")));
        body.Headers.ContentType = new("text/csv");
        var r = await client.PostAsync("/graphs/bitcoin-otc/edges?timeColumn=4&minWeight=1", body);
        var report = await HttpAssert.Ok<ImportReportDto>(r);
        Assert.Equal((32029L, 3563L, true), (report.EdgesAdded, report.BelowMinWeight, report.EdgeTimes));

        var c = await Json(client, "/graphs/bitcoin-otc/changes?metric=pagerank&from=2013-10-25");
        Assert.Equal(0.92639, c.GetProperty("kendallTauB").GetProperty("value").GetDouble(), 0.0005);
        Assert.Equal(4755, c.GetProperty("kendallTauB").GetProperty("accounts").GetInt32());
        Assert.Equal(0.86794, c.GetProperty("rbo").GetProperty("extrapolated").GetDouble(), 0.0005);
        Assert.Equal([8, 42, 84], c.GetProperty("topOverlap").EnumerateArray().Select(o => o.GetProperty("shared").GetInt32()));
        Assert.Equal("2013-10-25T23:59:59+00:00", c.GetProperty("from").GetProperty("asOf").GetString());
        Assert.Equal(4755, (await Json(client, "/graphs/bitcoin-otc/rankings/pagerank?asOf=2013-10-25&top=1")).GetProperty("total").GetInt32());
    }
}
