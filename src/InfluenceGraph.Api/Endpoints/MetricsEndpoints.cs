using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Metrics;
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
            .WithDescription("Every metric usable in /graphs/{graph}/rankings/{metric} and /analyses, with its options (query parameters), defaults and reference semantics.");
        return app;
    }

    /// <summary>Lists the metrics.</summary>
    public static Ok<MetricList> ListMetrics(MetricRegistry registry) =>
        TypedResults.Ok(new MetricList(registry.All.Select(m => new MetricInfo(m.Name, m.Description, m.Options)).ToList()));
}
