using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InfluenceGraph.Api.Tests.Support;

/// <summary>
/// The API in memory (TestServer) on a temporary database of its own, with optional configuration
/// overrides (keys, limits). Dispose deletes the database.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ig-api-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new();

    /// <summary>JSON options matching the API (camelCase).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ApiFactory() => Directory.CreateDirectory(_dir);

    /// <summary>Sets a configuration value (before the first client is created).</summary>
    public ApiFactory With(string key, string? value) { _settings[key] = value; return this; }

    /// <summary>Pretend every request comes from another machine.</summary>
    public IPAddress? RemoteAddress { get; set; }

    public string DatabasePath => Path.Combine(_dir, "catalog.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("InfluenceGraph:DatabasePath", DatabasePath);
        builder.UseSetting("InfluenceGraph:ImportsPerMinute", "100000");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddressFilter(this)));
    }

    /// <summary>The catalog of the running app.</summary>
    public GraphCatalog Catalog => Services.GetRequiredService<GraphCatalog>();

    /// <summary>Publishes a graph built from (follower, followee[, weight]) rows.</summary>
    public GraphState Publish(string name, IEnumerable<(string Follower, string Followee, double Weight)> edges, params string[] isolated)
    {
        var b = new GraphBuilder();
        foreach (var (u, v, w) in edges) b.AddEdge(u, v, w);
        foreach (var a in isolated) b.AddAccount(a);
        return Catalog.Publish(name, b.Build());
    }

    /// <summary>Publishes an unweighted graph from "u v" pairs.</summary>
    public GraphState Publish(string name, params string[] pairs) =>
        Publish(name, pairs.Select(p => p.Split(' ')).Select(p => (p[0], p[1], 1.0)));

    /// <summary>Keep the database directory at Dispose (to inspect what a stopped server left).</summary>
    public bool KeepDatabase { get; set; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepDatabase) return;
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class RemoteAddressFilter(ApiFactory factory) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext ctx, Func<Task> n) =>
            {
                if (factory.RemoteAddress is { } ip) ctx.Connection.RemoteIpAddress = ip;
                return n();
            });
            next(app);
        };
    }
}

/// <summary>Helpers for reading problem responses.</summary>
public static class HttpAssert
{
    /// <summary>Asserts the status and a problem+json body of type <paramref name="type"/>; returns the body.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", text); // never a stack trace
        return body;
    }

    /// <summary>Reads a JSON body after checking a 2xx status.</summary>
    public static async Task<T> Ok<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, ApiFactory.Json)!;
    }
}
