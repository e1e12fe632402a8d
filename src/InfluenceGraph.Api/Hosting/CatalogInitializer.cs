using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// At start-up: opens the catalog, publishes the demo network as graph <c>default</c> when there is
/// none, states the security mode in the log, starts the periodic check for graphs written by other
/// processes sharing the database (<see cref="InfluenceGraphOptions.StoreRefreshSeconds"/>), and marks the service ready.
/// </summary>
public sealed class CatalogInitializer(GraphCatalog catalog, IOptions<InfluenceGraphOptions> options, ILogger<CatalogInitializer> log)
    : IHostedService, IHealthCheck
{
    private volatile bool _ready;
    private IDisposable? _refresh;

    /// <summary>The graph published at start-up.</summary>
    public const string DefaultGraph = "default";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        log.LogInformation("Graph catalog: {Path}", o.ResolvedDatabasePath() ?? "in memory (not persisted)");
        Services.Imports.ImportService.DeleteOrphanedSpoolFiles(log);
        if (o.ApiKeys.All(string.IsNullOrEmpty))
            log.LogWarning("No API key configured (InfluenceGraph:ApiKeys): development mode, writes are accepted from this machine only.");
        else
            log.LogInformation("{Count} API key(s) configured: writes need X-Api-Key{Reads}.", o.ApiKeys.Length, o.RequireKeyForReads ? ", and so do reads" : "");
        if (o.SeedDefaultGraph) SeedDefaultGraph();
        if (o.StoreRefreshSeconds > 0 && catalog.DatabasePath is not null)
            _refresh = catalog.StartAutoRefresh(TimeSpan.FromSeconds(o.StoreRefreshSeconds),
                e => log.LogWarning(e, "Checking {Path} for graphs changed by other processes failed.", catalog.DatabasePath));
        _ready = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Publishes the demo network as <c>default</c> when missing, and republishes it when the stored one
    /// was seeded by a build whose demo generator differed (its fingerprint differs from
    /// <see cref="DemoNetwork.Generate"/>'s) and nobody imported into it since; a <c>default</c> graph
    /// with imports of its own is kept as it is.
    /// </summary>
    private void SeedDefaultGraph()
    {
        var demo = DemoNetwork.Generate();
        if (catalog.Get(DefaultGraph) is { } existing)
        {
            if (Fingerprint(existing.Snapshot, existing.Attributes) == Fingerprint(demo.Graph, demo.Attributes)) return;
            if (catalog.Reports(DefaultGraph).Count > 0)
            {
                log.LogWarning("Graph '{Graph}' differs from this build's demo network but has imports of its own: kept as it is.", DefaultGraph);
                return;
            }
            log.LogInformation("Graph '{Graph}' was seeded by an older build's demo network ({Accounts} accounts, {Edges} edges): republishing the current one.",
                DefaultGraph, existing.Snapshot.NodeCount, existing.Snapshot.EdgeCount);
        }
        catalog.Publish(DefaultGraph, demo.Graph, demo.Attributes);
        log.LogInformation("Published the demo network as graph '{Graph}': {Accounts} accounts, {Edges} edges.", DefaultGraph, demo.Graph.NodeCount, demo.Graph.EdgeCount);
    }

    /// <summary>
    /// A content hash of a graph and its attributes, independent of node numbering: every account's
    /// handle with its sorted followee handles, and its posts, political share and political flag.
    /// O((n + m) log m).
    /// </summary>
    internal static string Fingerprint(GraphSnapshot g, IReadOnlyDictionary<string, AccountAttributes> attributes)
    {
        var lines = new List<string>(g.NodeCount);
        for (int u = 0; u < g.NodeCount; u++)
        {
            var followees = new List<string>();
            foreach (int v in g.Followees(u)) followees.Add(g.Accounts[v]);
            followees.Sort(StringComparer.Ordinal);
            string handle = g.Accounts[u];
            string attr = attributes.TryGetValue(handle, out var a)
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a.Posts}|{a.PoliticalShare:R}|{a.IsPolitical}")
                : "";
            lines.Add(handle + "\u001f" + string.Join('\u001e', followees) + "\u001f" + attr);
        }
        lines.Sort(StringComparer.Ordinal);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready
            ? HealthCheckResult.Healthy($"{catalog.List().Count} graph(s) loaded.")
            : HealthCheckResult.Unhealthy("The graph catalog is still loading."));
}
