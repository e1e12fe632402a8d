using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Api.Tests;

public sealed class CommunitiesEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;
    private static readonly DemoNetwork Demo = DemoNetwork.Generate();

    public CommunitiesEndpointsTests(ApiFactory api) => _client = api.CreateClient();

    [Fact]
    public async Task DefaultGraph_SpheresCoverEveryAccount_OneIsThePoliticalSphere_LinksAgreeBothWays()
    {
        var page = await HttpAssert.Ok<SpherePage>(await _client.GetAsync("/graphs/default/communities?top=500"));
        Assert.Equal(page.Partition.Count, page.Total);
        Assert.Equal(3000, page.Items.Sum(s => s.Size));
        Assert.True(page.Partition.Modularity > 0.4, $"modularity {page.Partition.Modularity}");
        Assert.Equal(Enumerable.Range(0, page.Total), page.Items.Select(s => s.Id));
        Assert.All(page.Items.Zip(page.Items.Skip(1)), p => Assert.True(p.First.Size >= p.Second.Size));
        // The demo's 46 political accounts: most sit in one sphere that is mostly political.
        var political = page.Items.MaxBy(s => s.PoliticalAccounts)!;
        Assert.True(political.PoliticalShare > 0.5, $"{political.Label}: {political.PoliticalShare}");
        Assert.True(political.PoliticalAccounts >= 0.8 * Demo.PoliticalAccounts.Count);
        Assert.Equal(Demo.PoliticalAccounts.Count, page.Items.Sum(s => s.PoliticalAccounts));
        foreach (var s in page.Items)
        {
            Assert.Equal((double)s.Size / 3000, s.Share, 12);
            Assert.Equal((double)s.PoliticalAccounts / s.Size, s.PoliticalShare, 12);
            foreach (var l in s.Links)
            {
                var back = page.Items[l.Community].Links.FirstOrDefault(b => b.Community == s.Id);
                if (back is not null) { Assert.Equal(l.EdgesOut, back.EdgesIn); Assert.Equal(l.EdgesIn, back.EdgesOut); }
            }
            Assert.All(s.Topics, t => Assert.True(t.Accounts > t.Expected && t.Lift > 1));
        }
        // Candidates of the influencer query are placed in their sphere.
        var influencers = await HttpAssert.Ok<InfluencerPage>(await _client.GetAsync("/graphs/default/influencers?top=1000"));
        Assert.Equal(influencers.Items.Select(c => c.Account).Order(), page.Items.SelectMany(s => s.Candidates).Order());
    }

    [Fact]
    public async Task Membership_Csv_MatchesTheSpheres_AndTheSameSeedGivesTheSameIds()
    {
        string csv = await (await _client.GetAsync("/graphs/default/communities/membership")).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("account,community", lines[0]);
        Assert.Equal(3001, lines.Length);
        var page = await HttpAssert.Ok<SpherePage>(await _client.GetAsync("/graphs/default/communities?top=500"));
        var counts = lines.Skip(1).GroupBy(l => int.Parse(l[(l.LastIndexOf(',') + 1)..])).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(page.Items, s => Assert.Equal(s.Size, counts[s.Id]));
        string again = await (await _client.GetAsync("/graphs/default/communities/membership?seed=42&format=csv")).Content.ReadAsStringAsync();
        Assert.Equal(csv, again);
        // Membership equals the Core run on the same network.
        var r = Leiden.Run(Demo.Graph);
        var json = await HttpAssert.Ok<MembershipPage>(await _client.GetAsync("/graphs/default/communities/membership?format=json"));
        foreach (var row in json.Items.Take(200))
        {
            Assert.True(Demo.Graph.TryGetNode(row.Account, out int v));
            Assert.Equal(r.Membership[v], row.Community);
        }
    }

    [Fact]
    public async Task OneSphere_IsTheListItem_UnknownIdIs404()
    {
        var page = await HttpAssert.Ok<SpherePage>(await _client.GetAsync("/graphs/default/communities?top=3&resolution=1.5"));
        var one = await HttpAssert.Ok<SphereDetailDto>(await _client.GetAsync("/graphs/default/communities/1?resolution=1.5"));
        Assert.Equal(page.Items[1].Size, one.Sphere.Size);
        Assert.Equal(page.Items[1].Label, one.Sphere.Label);
        Assert.Equal(1.5, ((JsonElement)one.Parameters["resolution"]).GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/graphs/default/communities/{page.Total}?resolution=1.5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/graphs/nope/communities")).StatusCode);
    }

    [Theory]
    [InlineData("?resolution=0", "resolution")]
    [InlineData("?resolution=abc", "resolution")]
    [InlineData("?objective=louvain", "objective")]
    [InlineData("?objective=cpm&directed=true", "directed")]
    [InlineData("?maxIterations=0", "maxIterations")]
    [InlineData("?seed=-1", "seed")]
    [InlineData("?top=0", "top")]
    [InlineData("?resolutoin=2", "resolutoin")]
    [InlineData("?format=xml", "format")]
    public async Task BadParameters_Are400NamingTheParameter(string query, string parameter)
    {
        var response = await _client.GetAsync("/graphs/default/communities" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Csv_OneRowPerSphere()
    {
        var response = await _client.GetAsync("/graphs/default/communities?format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,label,size,share,", lines[0]);
        var page = await HttpAssert.Ok<SpherePage>(await _client.GetAsync("/graphs/default/communities"));
        Assert.Equal(page.Total + 1, lines.Length);
    }

    [Fact]
    public async Task AccountDetail_AndCandidates_CarryTheirSphere()
    {
        var page = await HttpAssert.Ok<SpherePage>(await _client.GetAsync("/graphs/default/communities?top=500"));
        string membership = await (await _client.GetAsync("/graphs/default/communities/membership")).Content.ReadAsStringAsync();
        var sphereOf = membership.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .ToDictionary(l => l[..l.LastIndexOf(',')], l => int.Parse(l[(l.LastIndexOf(',') + 1)..]));
        string political = Demo.PoliticalAccounts.First();
        var detail = await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/default/accounts/" + Uri.EscapeDataString(political)));
        Assert.NotNull(detail.Sphere);
        Assert.Equal(sphereOf[political], detail.Sphere!.Id);
        Assert.Equal(page.Items[detail.Sphere.Id].Label, detail.Sphere.Label);
        Assert.Equal(page.Items[detail.Sphere.Id].Size, detail.Sphere.Size);
        var influencers = await HttpAssert.Ok<InfluencerPage>(await _client.GetAsync("/graphs/default/influencers?top=5"));
        Assert.All(influencers.Items, c => Assert.Equal(sphereOf[c.Account], c.Sphere!.Id));
    }
}
