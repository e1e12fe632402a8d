using System.Text.Json;

namespace InfluenceGraph.Api.Tests;

/// <summary>Account endpoints find handles as people type them: '@' ignored, case ignored when unique, near matches on a 404.</summary>
public sealed class AccountLookupEndpointsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    //  RishiSunak -> Keir_Starmer <- Ed_Davey;  JohnSmith -> johnsmith (two handles differing only by case)
    public AccountLookupEndpointsTests(ApiFactory api)
    {
        _client = api.CreateClient();
        if (api.Catalog.Get("ukmp") is null)
            api.Publish("ukmp", new[] { ("RishiSunak", "Keir_Starmer", 1.0), ("Ed_Davey", "Keir_Starmer", 1.0), ("JohnSmith", "johnsmith", 1.0) });
    }

    [Theory]
    [InlineData("Keir_Starmer")]
    [InlineData("@Keir_Starmer")]
    [InlineData("keir_starmer")]
    [InlineData("%40KEIR_STARMER")]
    public async Task Detail_FindsTheHandle_AndSaysWhichMatched(string typed)
    {
        var response = await _client.GetAsync("/graphs/ukmp/accounts/" + typed);
        var detail = await HttpAssert.Ok<AccountDetail>(response);
        Assert.Equal("Keir_Starmer", detail.Account);
        Assert.Equal(2, detail.Followers);
        Assert.Equal("Keir_Starmer", response.Headers.GetValues("Matched-Account").Single());
    }

    [Theory]
    [InlineData("/graphs/ukmp/accounts/@keir_starmer/followers", "Keir_Starmer")]
    [InlineData("/graphs/ukmp/accounts/KEIR_STARMER/followees", "Keir_Starmer")]
    [InlineData("/graphs/ukmp/accounts/@rishisunak/audience", "RishiSunak")]
    public async Task Neighbours_AndAudience_UseTheSameLookup(string url, string handle)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(handle, response.Headers.GetValues("Matched-Account").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(handle, doc.RootElement.GetProperty("account").GetString());
    }

    [Fact]
    public async Task Paths_LookUpFromAndTo()
    {
        var path = await HttpAssert.Ok<PathResponse>(await _client.GetAsync("/graphs/ukmp/paths?from=@keir_starmer&to=rishisunak"));
        Assert.Equal(("Keir_Starmer", "RishiSunak", true, (int?)1), (path.From, path.To, path.SeesPosts, path.Hops));
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/ukmp/paths?from=@keir_starmer&to=rishi_sunak"), HttpStatusCode.NotFound, "/problems/account-not-found");
        Assert.Equal("to", body.GetProperty("parameter").GetString());
        Assert.Equal(["RishiSunak"], body.GetProperty("nearMatches").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task CaseInsensitiveTwins_Are409_ListingTheCandidates()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/ukmp/accounts/JOHNSMITH"), HttpStatusCode.Conflict, "/problems/account-ambiguous");
        Assert.Equal(["JohnSmith", "johnsmith"], body.GetProperty("candidates").EnumerateArray().Select(e => e.GetString()));
        // the exact handle is not ambiguous
        Assert.Equal("johnsmith", (await HttpAssert.Ok<AccountDetail>(await _client.GetAsync("/graphs/ukmp/accounts/johnsmith"))).Account);
        await HttpAssert.Problem(await _client.GetAsync("/graphs/ukmp/accounts/@johnSMITH/followers"), HttpStatusCode.Conflict, "/problems/account-ambiguous");
    }

    [Fact]
    public async Task Unknown_Is404_WithNearMatches()
    {
        var body = await HttpAssert.Problem(await _client.GetAsync("/graphs/ukmp/accounts/Keir_Stramer"), HttpStatusCode.NotFound, "/problems/account-not-found");
        Assert.Equal(["Keir_Starmer"], body.GetProperty("nearMatches").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("did you mean 'Keir_Starmer'?", body.GetProperty("detail").GetString());
        var none = await HttpAssert.Problem(await _client.GetAsync("/graphs/ukmp/accounts/zzzzzzzzzzzz/audience"), HttpStatusCode.NotFound, "/problems/account-not-found");
        Assert.Empty(none.GetProperty("nearMatches").EnumerateArray());
    }
}
