using System.Net.Http.Json;
using System.Text.Json;

namespace InfluenceGraph.Browser.Tests;

/// <summary>The guest-list and spheres views against the server's guest-list and communities endpoints.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GuestAndSpheresTests(BrowserFixture f)
{
    private async Task<bool> ServerHas(string path) =>
        (await f.GetJson("/openapi/v1.json")).GetProperty("paths").TryGetProperty(path, out _);

    /// <summary>Without the endpoint the view says so (and loads without errors).</summary>
    private async Task AssertUnavailable(string hash)
    {
        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync(hash);
        Assert.Contains("not available on this server", await s.Page.InnerTextAsync(".notice-unavailable"));
        s.AssertNoErrors(hash);
    }

    [BrowserFact]
    public async Task GuestList_Optimises_ShowsTheCertificate_AndPinningRerunsIt()
    {
        if (!await ServerHas("/graphs/{graph}/guest-lists")) { await AssertUnavailable("#/guest-list?graph=default"); return; }
        var api = await f.Http.PostAsJsonAsync("/graphs/default/guest-lists", new { size = 10 });
        Assert.True(api.IsSuccessStatusCode, await api.Content.ReadAsStringAsync());
        var report = await api.Content.ReadFromJsonAsync<JsonElement>(BrowserFixture.Json);
        var picks = report.GetProperty("picks").EnumerateArray().Select(p => p.GetProperty("account").GetString()!).ToList();
        string statement = report.GetProperty("certificate").GetProperty("statement").GetString()!;

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/guest-list?graph=default&size=10");
        await s.Page.WaitForSelectorAsync("[data-testid=certificate]", new() { Timeout = 60_000 });
        Assert.Equal(statement, await s.Page.InnerTextAsync("[data-testid=certificate]"));
        Assert.Equal(picks, await s.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=picks-table] a.handle", "as => as.map(a => a.textContent)"));
        Assert.Contains("%", await s.Page.InnerTextAsync("[data-testid=share-reached]"));
        await s.Page.WaitForSelectorAsync("[data-testid=growth-chart] canvas");
        if (await ServerHas("/graphs/{graph}/audience")) await s.Page.WaitForSelectorAsync("[data-testid=overlap-heatmap] canvas");
        else Assert.Contains("not available", await s.Page.InnerTextAsync("[data-testid=overlap-heatmap]"));
        await s.ScreenshotAsync("guest-list-result");

        // Exclude the first pick: the list is optimised again without it, and the address says so.
        await s.Page.ClickAsync("[data-testid=picks-table] tbody tr >> nth=0 >> button:has-text('exclude')");
        await s.Page.WaitForFunctionAsync($"() => ![...document.querySelectorAll('[data-testid=picks-table] a.handle')].some(a => a.textContent === {JsonSerializer.Serialize(picks[0])}) && document.querySelectorAll('[data-testid=picks-table] a.handle').length === 10", null, new() { Timeout = 60_000 });
        Assert.Contains("exclude=", s.Page.Url);
        s.AssertNoErrors("guest list");
    }

    [BrowserFact]
    public async Task Spheres_DrawTheNetworkBySphere_AndListEverySphere()
    {
        if (!await ServerHas("/graphs/{graph}/communities")) { await AssertUnavailable("#/spheres?graph=default"); return; }
        var overview = await f.GetJson("/graphs/default/overview-network?limit=1500");
        var spheres = await f.GetJson("/graphs/default/communities?top=200");

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/spheres?graph=default");
        await s.Page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=network][data-nodes]').length === 2", null, new() { Timeout = 60_000 });
        var counts = await s.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=network]", "es => es.map(e => e.dataset.nodes)");
        Assert.Equal(overview.GetProperty("nodes").GetProperty("account").GetArrayLength().ToString(), counts[0]);
        Assert.Equal(Math.Min(60, spheres.GetProperty("items").GetArrayLength()).ToString(), counts[1]);
        Assert.Equal(spheres.GetProperty("items").GetArrayLength(), await s.Page.Locator("[data-testid=spheres-table] tbody tr").CountAsync());
        var png = await s.Page.Locator("[data-testid=network] >> nth=0").ScreenshotAsync();
        Assert.True(Png.Ink(png).Colours >= 4, "several sphere colours drawn");
        s.AssertNoErrors("spheres");
    }
}
