using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace InfluenceGraph.Browser.Tests;

/// <summary>The jobs view: a running analysis with its progress, cancelled from the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobsViewTests(BrowserFixture f)
{
    [BrowserFact]
    public async Task RunningAnalysis_ShowsProgress_AndCancelStopsIt()
    {
        // A graph whose exact betweenness takes long enough to be cancelled mid-way.
        var rng = new Random(7);
        var edges = new StringBuilder("follower,followee\n");
        for (int i = 0; i < 150_000; i++) edges.Append('u').Append(rng.Next(30_000)).Append(",u").Append(rng.Next(30_000)).Append('\n');
        var import = await f.Http.PostAsync("/graphs/slow/edges?onError=skip", new StringContent(edges.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        var started = await f.Http.PostAsJsonAsync("/graphs/slow/analyses", new { metrics = new[] { "betweenness" } });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/jobs");
        var cancel = s.Page.Locator($"button[data-job='{id}']");
        await cancel.WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await s.Page.Locator("[data-testid=jobs-table] [role=progressbar]").CountAsync() >= 1);
        await s.ScreenshotAsync("jobs-running");
        await cancel.ClickAsync();
        await s.Page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid=jobs-table] tr')].some(tr => tr.textContent.includes('{id}') && tr.textContent.includes('cancelled'))", null, new() { Timeout = 30_000 });
        var job = await f.GetJson($"/jobs/{id}");
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        s.AssertNoErrors("jobs");
    }
}
