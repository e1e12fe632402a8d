using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Core.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/metrics</c>: the metrics the API ranks by, with their options.</summary>
public static class MetricsEndpoints
{
    /// <summary>Maps the metric catalogue.</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/metrics").WithTags("Metrics")
            .MapGet("/", ListMetrics).WithName("ListMetrics").RequireReadKey()
            .WithSummary("List the metrics")
            .WithDescription("Every metric usable in /graphs/{graph}/rankings/{metric}, account details and /analyses (the metric catalog), with its aliases, options (query parameters: type, default, range, the matching CLI option), definition and source.");
        return app;
    }

    /// <summary>Lists the metrics.</summary>
    public static Ok<MetricList> ListMetrics(MetricCatalog catalog) =>
        TypedResults.Ok(new MetricList(catalog.All.Select(MetricInfo.Of).ToList()));
}
