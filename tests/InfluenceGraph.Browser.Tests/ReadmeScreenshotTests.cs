using Microsoft.Playwright;

namespace InfluenceGraph.Browser.Tests;

/// <summary>
/// The README's screenshots, taken from the running app at a fixed window size: written to
/// .ci/out/webapp/readme-*.png on every run, and into src/InfluenceGraph.Web/screenshots/ (committed)
/// when INFLUENCEGRAPH_UPDATE_SCREENSHOTS=1.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeScreenshotTests(BrowserFixture f)
{
    public static TheoryData<string, string> Shots => new()
    {
        { "influencers", "#/influencers?graph=default" },
        { "account", "#/account?graph=default&account={top}" },
        { "spheres", "#/spheres?graph=default" },
        { "guest-list", "#/guest-list?graph=default&size=10" },
    };

    [BrowserTheory]
    [MemberData(nameof(Shots))]
    public async Task ReadmeScreenshot(string name, string hash)
    {
        string top = (await f.GetJson("/graphs/default/influencers?top=1")).GetProperty("items")[0].GetProperty("account").GetString()!;
        await using var s = await AppSession.OpenAsync(f, 1100, 760);
        await s.GoAsync(hash.Replace("{top}", Uri.EscapeDataString(top)));
        if (await s.Page.Locator("[data-testid=network]").CountAsync() > 0)
        {
            await s.WaitNetworkAsync();
            await s.Page.Locator("[data-testid=network] >> nth=0").ScrollIntoViewIfNeededAsync();
        }
        var png = await s.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.OutDir, $"readme-{name}.png") });
        Assert.True(Png.Ink(png).Inked > 10_000, "the screenshot shows something");
        if (Environment.GetEnvironmentVariable("INFLUENCEGRAPH_UPDATE_SCREENSHOTS") == "1")
        {
            string dir = Path.Combine(BrowserFixture.RepoRoot, "src", "InfluenceGraph.Web", "screenshots");
            Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(Path.Combine(dir, name + ".png"), png);
        }
        s.AssertNoErrors(name);
    }
}
