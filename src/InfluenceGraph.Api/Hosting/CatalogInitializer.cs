using InfluenceGraph.Core.Generators;
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
        if (o.SeedDefaultGraph && catalog.Get(DefaultGraph) is null)
        {
            var demo = DemoNetwork.Generate();
            catalog.Publish(DefaultGraph, demo.Graph, demo.Attributes);
            log.LogInformation("Published the demo network as graph '{Graph}': {Accounts} accounts, {Edges} edges.", DefaultGraph, demo.Graph.NodeCount, demo.Graph.EdgeCount);
        }
        if (o.StoreRefreshSeconds > 0 && catalog.DatabasePath is not null)
            _refresh = catalog.StartAutoRefresh(TimeSpan.FromSeconds(o.StoreRefreshSeconds),
                e => log.LogWarning(e, "Checking {Path} for graphs changed by other processes failed.", catalog.DatabasePath));
        _ready = true;
        return Task.CompletedTask;
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
