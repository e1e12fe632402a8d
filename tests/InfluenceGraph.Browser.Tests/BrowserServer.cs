using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InfluenceGraph.Browser.Tests;

/// <summary>
/// Where the system's Chromium is, and whether a missing one skips the browser tests (a user's
/// machine) or fails them (CI: INFLUENCEGRAPH_REQUIRE_BROWSER=1 or INFLUENCEGRAPH_REQUIRE_SHARED=1).
/// Playwright drives it through <c>ExecutablePath</c>: no browser is downloaded.
/// </summary>
public static class Chromium
{
    /// <summary>The Chromium binary: $INFLUENCEGRAPH_CHROMIUM, else Debian's, else null.</summary>
    public static string? Path { get; } = new[]
        {
            Environment.GetEnvironmentVariable("INFLUENCEGRAPH_CHROMIUM"),
            "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
        }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>True when a missing Chromium must fail the tests rather than skip them.</summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("INFLUENCEGRAPH_REQUIRE_BROWSER") == "1" || Environment.GetEnvironmentVariable("INFLUENCEGRAPH_REQUIRE_SHARED") == "1";

    /// <summary>Why the browser tests skip.</summary>
    public const string SkipReason = "Chromium is not installed (apt-get install chromium, or set INFLUENCEGRAPH_CHROMIUM to a Chromium binary); the browser tests need it.";
}

/// <summary>A [Fact] that skips with <see cref="Chromium.SkipReason"/> when Chromium is absent and not required.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.Required) Skip = Chromium.SkipReason;
    }
}

/// <summary>A [Theory] that skips like <see cref="BrowserFactAttribute"/>.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (Chromium.Path is null && !Chromium.Required) Skip = Chromium.SkipReason;
    }
}

/// <summary>The real API (Kestrel on a free loopback port) on a temporary database with the demo graph.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public readonly string Dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ig-browser-tests-" + Guid.NewGuid().ToString("N"));

    public ServerFactory()
    {
        Directory.CreateDirectory(Dir);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("InfluenceGraph:DatabasePath", System.IO.Path.Combine(Dir, "catalog.db"));
        builder.UseSetting("InfluenceGraph:ImportsPerMinute", "100000");
    }

    /// <summary>The server's base address (http://127.0.0.1:PORT).</summary>
    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Select(a => a.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)).First().TrimEnd('/');

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One server and one Chromium for all browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public ServerFactory Server { get; } = new();
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public HttpClient Http { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The repository root (holding InfluenceGraph.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Where screenshots go: .ci/out/webapp under the repository root.</summary>
    public static string OutDir { get; } = System.IO.Path.Combine(RepoRoot, ".ci", "out", "webapp");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "InfluenceGraph.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("InfluenceGraph.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            if (Chromium.Required) throw new InvalidOperationException(Chromium.SkipReason + " (required here: INFLUENCEGRAPH_REQUIRE_BROWSER/INFLUENCEGRAPH_REQUIRE_SHARED is set)");
            return;
        }
        Server.StartServer();
        BaseUrl = Server.BaseUrl;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        // The demo graph is seeded at start-up: wait for readiness.
        for (int i = 0; i < 240; i++)
        {
            try { if ((await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) break; } catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        Directory.CreateDirectory(OutDir);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            // WebGL 2 (sigma.js) in software: SwiftShader through ANGLE, as on a machine without a GPU.
            Args = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        Http?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>GET as JSON.</summary>
    public async Task<JsonElement> GetJson(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json))!;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
