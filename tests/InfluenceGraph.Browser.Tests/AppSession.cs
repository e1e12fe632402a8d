using Microsoft.Playwright;

namespace InfluenceGraph.Browser.Tests;

/// <summary>A browser tab on the app that records console errors, uncaught exceptions and dialogs.</summary>
public sealed class AppSession : IAsyncDisposable
{
    private readonly BrowserFixture _f;
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public List<string> Errors { get; } = [];
    public List<string> Dialogs { get; } = [];

    private AppSession(BrowserFixture f, IBrowserContext context, IPage page)
    {
        _f = f; _context = context; Page = page;
        page.Console += (_, m) => { if (m.Type == "error") Errors.Add("console: " + m.Text); };
        page.PageError += (_, e) => Errors.Add("page error: " + e);
        page.Dialog += async (_, d) => { Dialogs.Add(d.Type + ": " + d.Message); await d.DismissAsync(); };
    }

    public static async Task<AppSession> OpenAsync(BrowserFixture f, int width = 1280, int height = 860)
    {
        var context = await f.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = f.BaseUrl,
        });
        return new AppSession(f, context, await context.NewPageAsync());
    }

    /// <summary>Opens the app at <paramref name="hash"/> (e.g. <c>#/influencers?graph=default</c>) and waits until the view has loaded.</summary>
    public async Task GoAsync(string hash)
    {
        await Page.GotoAsync(_f.BaseUrl + "/" + hash);
        await WaitReadyAsync();
    }

    /// <summary>Waits for the view to finish loading; fails when it shows an error.</summary>
    public async Task WaitReadyAsync()
    {
        await Page.WaitForFunctionAsync("() => ['ready','error'].includes(document.getElementById('app')?.dataset.state)", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        string state = await Page.EvalOnSelectorAsync<string>("#app", "e => e.dataset.state");
        if (state != "ready")
            Assert.Fail($"view {Page.Url} ended in state {state}: {await Page.InnerTextAsync("#app")}");
    }

    /// <summary>Waits until the network renderer has drawn at least one frame; answers its node count.</summary>
    public async Task<int> WaitNetworkAsync()
    {
        await Page.WaitForFunctionAsync("() => (window.__influencegraph?.network?.renders ?? 0) > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await Page.WaitForTimeoutAsync(300);
        return await Page.EvaluateAsync<int>("() => window.__influencegraph.network.nodes");
    }

    /// <summary>Saves a full-page screenshot under .ci/out/webapp.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        string path = Path.Combine(BrowserFixture.OutDir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public void AssertNoErrors(string where) =>
        Assert.True(Errors.Count == 0, $"{where}: {string.Join(" | ", Errors)}");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
