using System.Net;
using System.Text;
using System.Text.Json;
using InfluenceGraph.Api.Tests.Support;

namespace InfluenceGraph.Api.Tests;

public sealed class ChangesEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public ChangesEndpointsTests(ApiFactory factory) { _factory = factory; _client = factory.CreateClient(); }

    private async Task Import(string graph, string edges)
    {
        var r = await _client.PostAsync($"/graphs/{graph}/edges", new StringContent(edges, Encoding.UTF8, "text/plain"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> Json(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await _client.GetAsync(url);
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(expected == r.StatusCode, $"{url}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /*
        version 1: bob has 3 followers, carol 2, dave 1
        version 2: + erin->dave, fay->dave, gus->dave: dave 4 followers, first
    */
    [Fact]
    public async Task Versions_And_Changes_AfterASecondImport()
    {
        await _client.PostAsync("/graphs", JsonContent("""{"name":"weekly"}"""));
        await Import("weekly", "alice bob\nerin bob\nfay bob\nalice carol\nerin carol\nbob dave\n");
        await Import("weekly", "erin dave\nfay dave\ngus dave\n");

        var versions = await Json("/graphs/weekly/versions");
        var items = versions.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(versions.GetProperty("current").GetInt64(), items[^1].GetProperty("version").GetInt64());
        long v1 = items[^2].GetProperty("version").GetInt64(), v2 = items[^1].GetProperty("version").GetInt64();
        Assert.Equal(6, items[^2].GetProperty("edges").GetInt64());
        Assert.Equal(9, items[^1].GetProperty("edges").GetInt64());

        var c = await Json($"/graphs/weekly/changes?metric=followers&from={v1}&top=1");
        Assert.Equal(v1, c.GetProperty("from").GetProperty("version").GetInt64());
        Assert.Equal(v2, c.GetProperty("to").GetProperty("version").GetInt64());
        var riser = c.GetProperty("risers")[0];
        Assert.Equal("dave", riser.GetProperty("account").GetString());
        Assert.Equal(3, riser.GetProperty("rankFrom").GetInt32());
        Assert.Equal(1, riser.GetProperty("rankTo").GetInt32());
        Assert.Contains("followers 1 → 4 (+3)", riser.GetProperty("reason").GetString());
        Assert.Equal("dave", c.GetProperty("entrants")[0].GetProperty("account").GetString());
        Assert.Equal("bob", c.GetProperty("leavers")[0].GetProperty("account").GetString());
        Assert.InRange(c.GetProperty("kendallTauB").GetProperty("value").GetDouble(), -1, 1);
        Assert.True(c.GetProperty("rbo").GetProperty("extrapolated").GetDouble() < 1);

        var csv = await (await _client.GetAsync($"/graphs/weekly/changes?metric=followers&from={v1}&format=csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("account,rank_from,rank_to,rank_gain,score_from,score_to,followers_from,followers_to,reason", lines[0]);
        Assert.StartsWith("dave,3,1,2,1,4,1,4,", lines[1]);
        Assert.Equal(7, lines.Length); // header + the 6 accounts of version 1 (gus is new)
    }

    [Fact]
    public async Task Changes_BadInput_Is400NamingTheParameter()
    {
        await _client.PostAsync("/graphs", JsonContent("""{"name":"bad"}"""));
        await Import("bad", "a b\n");
        foreach (var (url, parameter) in new[]
        {
            ("/graphs/bad/changes?metric=pagerank", "from"),
            ("/graphs/bad/changes?metric=pagerank&from=99", "from"),
            ("/graphs/bad/changes?metric=pagerank&from=yesterday", "from"),
            ("/graphs/bad/changes?metric=pagerank&from=1&p=1.5", "p"),
            ("/graphs/bad/changes?metric=pagerank&from=1&toGraph=nope", "toGraph"),
            ("/graphs/bad/changes?metric=pagerank&from=1&epsilon=0.1", "epsilon"),
        })
        {
            var e = await Json(url, HttpStatusCode.BadRequest);
            Assert.Equal(parameter, e.GetProperty("parameter").GetString());
        }
        await Json("/graphs/nope/versions", HttpStatusCode.NotFound);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
