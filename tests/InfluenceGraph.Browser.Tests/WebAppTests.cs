using System.Text.Json;
using Microsoft.Playwright;

namespace InfluenceGraph.Browser.Tests;

/// <summary>The web app in a real Chromium against the real server on the demo graph.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebAppTests(BrowserFixture f)
{
    private async Task<string> TopCandidate() =>
        (await f.GetJson("/graphs/default/influencers?top=1")).GetProperty("items")[0].GetProperty("account").GetString()!;

    public static TheoryData<string, string> Views => new()
    {
        { "graphs", "#/graphs" },
        { "influencers", "#/influencers?graph=default" },
        { "account", "#/account?graph=default&account={top}" },
        { "jobs", "#/jobs" },
        { "guest-list", "#/guest-list?graph=default" },
        { "spheres", "#/spheres?graph=default" },
    };

    [BrowserTheory]
    [MemberData(nameof(Views))]
    public async Task EveryView_LoadsWithoutConsoleErrors(string name, string hash)
    {
        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync(hash.Replace("{top}", Uri.EscapeDataString(await TopCandidate())));
        Assert.Equal(name, await s.Page.EvalOnSelectorAsync<string>("#app", "e => e.dataset.view"));
        Assert.False(string.IsNullOrWhiteSpace(await s.Page.InnerTextAsync("#app h1")));
        if (name == "account") await s.WaitNetworkAsync();
        await s.ScreenshotAsync(name);
        s.AssertNoErrors(name);
        Assert.Empty(s.Dialogs);
    }

    [BrowserFact]
    public async Task InfluencerTable_ListsTheSameAccountsAsTheApi()
    {
        var api = await f.GetJson("/graphs/default/influencers?top=10000");
        var expected = api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("account").GetString()!).ToList();
        Assert.NotEmpty(expected);

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/influencers?graph=default");
        var shown = await s.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=influencer-table] a.handle", "as => as.map(a => a.textContent)");
        Assert.Equal(expected, shown);
        Assert.Contains($"{expected.Count} candidate", await s.Page.InnerTextAsync("[data-testid=candidate-total]"));

        // The CSV link asks the API for the same candidates.
        string csvHref = (await s.Page.GetAttributeAsync("[data-testid=csv-link]", "href"))!;
        var csv = (await f.Http.GetStringAsync(csvHref)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count + 1, csv.Length);

        // Each candidate opens its account view.
        await s.Page.ClickAsync($"[data-testid=influencer-table] a.handle >> nth=0");
        await s.Page.WaitForFunctionAsync("() => document.getElementById('app').dataset.view === 'account'");
        await s.WaitReadyAsync();
        Assert.Equal(expected[0], await s.Page.InnerTextAsync("[data-testid=account-handle]"));
        Assert.Contains("candidate #1", await s.Page.InnerTextAsync("[data-testid=verdict]"), StringComparison.OrdinalIgnoreCase);
        s.AssertNoErrors("influencers");
    }

    [BrowserFact]
    public async Task Thresholds_UpdateTheTable_AndTheDeepLinkReopensTheSameView()
    {
        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/influencers?graph=default");
        int before = await s.Page.Locator("[data-testid=influencer-table] a.handle").CountAsync();

        // Loosen the influence threshold: more candidates, fetched by the app, and the address keeps it.
        await s.Page.FillAsync("input[name=minInfluencePercentile-value]", "80");
        await s.Page.DispatchEventAsync("input[name=minInfluencePercentile-value]", "change");
        await s.Page.WaitForFunctionAsync($"() => document.querySelectorAll('[data-testid=influencer-table] a.handle').length > {before}", null, new() { Timeout = 30_000 });
        var expected = (await f.GetJson("/graphs/default/influencers?top=100&minInfluencePercentile=80")).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("account").GetString()!).ToList();
        var shown = await s.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=influencer-table] a.handle", "as => as.map(a => a.textContent)");
        Assert.Equal(expected, shown);
        string url = s.Page.Url;
        Assert.Contains("minInfluencePercentile=80", url);

        // The same address in a new tab: the same control values, the same table.
        await using var again = await AppSession.OpenAsync(f);
        await again.GoAsync(url[url.IndexOf('#')..]);
        Assert.Equal("80", await again.Page.InputValueAsync("input[name=minInfluencePercentile-value]"));
        Assert.Equal("80", await again.Page.InputValueAsync("input[name=minInfluencePercentile]"));
        Assert.Equal(shown, await again.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=influencer-table] a.handle", "as => as.map(a => a.textContent)"));

        // Every view's address reopens it: the account view with its ego-network size.
        string top = await TopCandidate();
        await again.GoAsync($"#/account?graph=default&account={Uri.EscapeDataString(top)}&ego=100");
        Assert.Equal(top, await again.Page.InnerTextAsync("[data-testid=account-handle]"));
        Assert.Equal("100", await again.Page.InputValueAsync(".ego select"));
        s.AssertNoErrors("influencers");
        again.AssertNoErrors("deep link");
    }

    [BrowserFact]
    public async Task AccountView_DrawsTheEgoNetworkOnTheCanvas()
    {
        string top = await TopCandidate();
        var ego = await f.GetJson($"/graphs/default/ego-network?account={Uri.EscapeDataString(top)}&limit=300");
        int expectedNodes = ego.GetProperty("nodes").GetArrayLength();
        Assert.True(expectedNodes > 50, "the top candidate has a sizeable neighbourhood");

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync($"#/account?graph=default&account={Uri.EscapeDataString(top)}");
        int drawn = await s.WaitNetworkAsync();
        Assert.Equal(expectedNodes, drawn);
        Assert.Equal(expectedNodes.ToString(), await s.Page.GetAttributeAsync("[data-testid=network]", "data-nodes"));

        // Not a blank canvas: the pixels of the drawing area carry ink in several colours (the relations).
        var png = await s.Page.Locator("[data-testid=network]").ScreenshotAsync();
        var (inked, colours) = Png.Ink(png);
        var box = (await s.Page.Locator("[data-testid=network]").BoundingBoxAsync())!;
        Assert.True(inked > box.Width * box.Height * 0.005, $"only {inked} inked pixels in {box.Width}x{box.Height}");
        Assert.True(colours >= 3, $"only {colours} colours drawn");

        // Metrics come with percentile bars.
        Assert.True(await s.Page.Locator("[data-testid=metrics-table] .pbar").CountAsync() >= 5);
        // One vocabulary: the degree metrics are labelled Followers / Followees, never by NetworkX's names.
        string metricsText = await s.Page.Locator("[data-testid=metrics-table]").InnerTextAsync();
        Assert.Contains("Followers", metricsText);
        Assert.Contains("Followees", metricsText);
        Assert.DoesNotContain("degree", metricsText);
        s.AssertNoErrors("account");
    }

    [BrowserFact]
    public async Task PhoneWidth_EveryViewFitsWithoutHorizontalScrolling()
    {
        string top = await TopCandidate();
        await using var s = await AppSession.OpenAsync(f, 390, 844);
        foreach (var (name, hash) in Views.Select(v => ((string)v[0], (string)v[1])))
        {
            await s.GoAsync(hash.Replace("{top}", Uri.EscapeDataString(top)));
            if (name == "account") await s.WaitNetworkAsync();
            int scrollWidth = await s.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            int innerWidth = await s.Page.EvaluateAsync<int>("() => window.innerWidth");
            Assert.True(scrollWidth <= innerWidth, $"{name}: the page is {scrollWidth}px wide in a {innerWidth}px window");
            // The navigation is reachable: every link inside the viewport's width.
            var right = await s.Page.EvalOnSelectorAllAsync<double[]>("#nav a", "as => as.map(a => a.getBoundingClientRect().right)");
            Assert.All(right, r => Assert.True(r <= innerWidth, $"{name}: a navigation link ends at {r}px"));
            await s.ScreenshotAsync("phone-" + name);
        }
        s.AssertNoErrors("phone");
    }

    [BrowserFact]
    public async Task Import_ByDropZone_ShowsProgressAndTheBatchReportWithRejectedLines()
    {
        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/graphs");
        await s.Page.FillAsync("input[name=graph]", "dropped");
        string file = Path.Combine(f.Server.Dir, "edges.csv");
        await File.WriteAllTextAsync(file, "follower,followee,weight\nalice,bob,1\ncarol,bob,abc\nbob,carol,2\n");
        // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
        var bytes = Convert.ToBase64String(await File.ReadAllBytesAsync(file));
        var transfer = await s.Page.EvaluateHandleAsync(@"(b64) => {
            const dt = new DataTransfer();
            const bin = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            dt.items.add(new File([bin], 'edges.csv', { type: 'text/csv' }));
            return dt; }", bytes);
        await s.Page.DispatchEventAsync("[data-testid=dropzone]", "drop", new { dataTransfer = transfer });
        await s.Page.WaitForSelectorAsync("[data-testid=import-report]", new() { Timeout = 30_000 });
        string report = await s.Page.InnerTextAsync("[data-testid=import-report]");
        Assert.Contains("yes — version 1", report);
        var cells = await s.Page.EvalOnSelectorAllAsync<string[]>("[data-testid=rejections] td", "tds => tds.map(t => t.textContent)");
        Assert.Equal("3", cells[0]);          // line
        Assert.Equal("weight", cells[1]);     // field
        Assert.Contains("abc", cells[2]);     // reason
        Assert.Equal(1.0, await s.Page.EvalOnSelectorAsync<double>("[data-testid=import-status] [role=progressbar]", "e => Number(e.getAttribute('aria-valuenow')) / 100"));
        // The graph list shows the new graph with its size.
        await s.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=graphs-table] td a')].some(a => a.textContent === 'dropped')");
        var g = await f.GetJson("/graphs/dropped");
        Assert.Equal(2, g.GetProperty("edges").GetInt32());
        s.AssertNoErrors("import");
    }

    [BrowserFact]
    public async Task HostileNames_ShowLiterally_AndNothingExecutes()
    {
        string[] hostile =
        [
            "<img src=x onerror=alert(1)>",
            "\"><script>window.__pwned=1;alert(2)</script>",
            "'><svg onload=alert(3)>",
        ];
        static string Q(string v) => "\"" + v.Replace("\"", "\"\"") + "\"";
        string edges = "follower,followee\n" + string.Join("\n", hostile.Select(h => $"{Q(h)},hub")) + "\nhub," + Q(hostile[0]) + "\n";
        string accounts = "account,display_name,posts,topics\n" + string.Join("\n", hostile.Select((h, i) => $"{Q(h)},{Q("<b onmouseover=alert(4)>name" + i + "</b>")},{100 + i},{Q("<i>topic</i>")}")) + "\n";

        await using var s = await AppSession.OpenAsync(f);
        await s.GoAsync("#/graphs");
        await s.Page.FillAsync("input[name=graph]", "hostile");
        foreach (var (kind, body) in new[] { ("edges", edges), ("accounts", accounts) })
        {
            await s.Page.SelectOptionAsync("select[name=kind]", kind);
            await s.Page.SetInputFilesAsync("[data-testid=import-file]", new FilePayload { Name = $"{kind}.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(body) });
            await s.Page.WaitForSelectorAsync("[data-testid=import-report]", new() { Timeout = 30_000 });
            Assert.Contains("yes", await s.Page.InnerTextAsync("[data-testid=import-report]"));
        }

        foreach (var name in hostile)
        {
            await s.GoAsync($"#/account?graph=hostile&account={Uri.EscapeDataString(name)}");
            Assert.Equal(name, await s.Page.InnerTextAsync("[data-testid=account-handle]"));
            string text = await s.Page.InnerTextAsync("#app");
            Assert.Contains("<i>topic</i>", text);
            Assert.Contains("<b onmouseover=alert(4)>name", text);
            await s.WaitNetworkAsync();
            // Hovering the nodes shows the names in the card as text.
            await s.Page.Mouse.MoveAsync(10, 10);
        }
        await s.GoAsync("#/account?graph=hostile&account=hub");
        await s.WaitNetworkAsync();
        await s.ScreenshotAsync("hostile-names");
        await s.GoAsync("#/influencers?graph=hostile&minInfluencePercentile=0&minActivityPercentile=0&allowUnknownEngagement=true");

        Assert.Empty(s.Dialogs);
        Assert.Equal("undefined", await s.Page.EvaluateAsync<string>("() => typeof window.__pwned"));
        // No element built from the data: no <img>, <script>, <svg onload> or <b>/<i> inside the app.
        Assert.Equal(0, await s.Page.Locator("#app img, #app script, #app b, #app i:not(.swatch), main svg[onload]").CountAsync());
        s.AssertNoErrors("hostile");
    }

    [BrowserFact]
    public async Task App_IsServedWithAContentSecurityPolicyWithoutInlineScript()
    {
        var response = await f.Http.GetAsync("/");
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline'; img", csp.Split("script-src")[1].Split(';')[0] + "; img");
        Assert.DoesNotContain("unsafe-eval", csp);
        string html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
    }

    [BrowserFact]
    public async Task Swagger_DeepLinksOpenTheOperation_AndOnlyWritesCarryAPadlock()
    {
        await using var s = await AppSession.OpenAsync(f);
        await s.Page.GotoAsync(f.BaseUrl + "/swagger/index.html#/Graphs/ListGraphs");
        await s.Page.WaitForSelectorAsync("#operations-Graphs-ListGraphs.is-open", new() { Timeout = 30_000 });
        await s.Page.WaitForSelectorAsync("#operations-Graphs-CreateGraph");
        Assert.Equal(0, await s.Page.Locator("#operations-Graphs-ListGraphs .authorization__btn").CountAsync());
        Assert.Equal(0, await s.Page.Locator("#operations-Graphs-GetGraph .authorization__btn").CountAsync());
        Assert.Equal(1, await s.Page.Locator("#operations-Graphs-CreateGraph .authorization__btn").CountAsync());
        Assert.Equal(1, await s.Page.Locator("#operations-Imports-ImportEdges .authorization__btn").CountAsync());
        // The padlock of a write is drawn closed (the injected style sheet), not Swagger UI's open one.
        string shown = await s.Page.EvalOnSelectorAsync<string>("#operations-Graphs-CreateGraph .authorization__btn svg", "e => getComputedStyle(e).display");
        Assert.Equal("none", shown);
        string after = await s.Page.EvalOnSelectorAsync<string>("#operations-Graphs-CreateGraph .authorization__btn", "e => getComputedStyle(e, '::after').backgroundImage");
        Assert.Contains("svg", after);
        // Opening another operation moves the address to its deep link.
        await s.Page.ClickAsync("#operations-Jobs-ListJobs .opblock-summary-control");
        await s.Page.WaitForFunctionAsync("() => location.hash === '#/Jobs/ListJobs'");
        await s.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.OutDir, "swagger.png") });
        s.AssertNoErrors("swagger");
    }
}
