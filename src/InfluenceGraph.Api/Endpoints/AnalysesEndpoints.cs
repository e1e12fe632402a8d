using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/analyses</c>: heavy metrics computed by a background job, and their cost estimate.</summary>
public static class AnalysesEndpoints
{
    private static readonly string[] DefaultMetrics = ["pagerank", "betweenness"];

    /// <summary>Maps the analysis endpoints.</summary>
    public static IEndpointRouteBuilder MapAnalysesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/analyses").WithTags("Analyses");
        group.MapPost("/", StartAnalysis).WithName("StartAnalysis").RequireWriteKey()
            .WithSummary("Compute metrics in the background")
            .WithDescription("""
                Starts a job that computes the listed metrics (default pagerank and betweenness) for the current graph version and caches them, so that rankings, account pages and influencer queries answer at once.
                Answers 202 Accepted with the job's location: GET /jobs/{id} gives its state, progress (e.g. sources done), ETA, per-metric timings and result links; DELETE /jobs/{id} cancels it.
                With wait=SECONDS (or 'Prefer: wait=N') the request blocks up to that long and answers 200 with the finished job when it finished in time.
                POST /graphs/{graph}/analyses/estimate with the same body is the dry run: the cost estimate, nothing started.
                """)
            .WithMetadata(new StartsJobMetadata())
            .Produces<JobStatus>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/estimate", EstimateAnalysis).WithName("EstimateAnalysis").RequireReadKey()
            .WithSummary("Estimate the cost of an analysis without starting it")
            .WithDescription("""
                A dry run of POST /graphs/{graph}/analyses with the same body (like Neo4j GDS's .estimate): per metric the work in edge visits, seconds at the server's assumed speed (WorkPerSecond), peak memory, whether it is cached and what a GET of its ranking would do now (cached, request, job, or confirm = over ConfirmWorkLimit); the totals; and the request that starts it. Nothing is computed or started.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The cost estimate of an analysis (nothing started).</summary>
    public static Results<Ok<AnalysisEstimateDto>, ProblemHttpResult> EstimateAnalysis(
        [Description("Graph name.")] string graph, AnalysisRequest? request, GraphCatalog catalog, MetricCatalog registry, ComputationService computations,
        IOptions<InfluenceGraphOptions> serverOptions)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        if (Plan(state, request, registry, out var defs, out var requests) is { } problem) return problem;
        return TypedResults.Ok(CostEstimates.Of(state, requests.Select(r => r.Request).ToList(), computations, serverOptions.Value,
            new AnalysisRequest { Metrics = defs.Select(d => d.Name).ToList(), Options = request?.Options }));
    }

    /// <summary>Starts an analysis job.</summary>
    public static Results<Accepted<JobStatus>, ProblemHttpResult> StartAnalysis(
        [Description("Graph name.")] string graph, AnalysisRequest? request, GraphCatalog catalog, MetricCatalog registry, ComputationService computations)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        if (Plan(state, request, registry, out _, out var requests) is { } problem) return problem;
        double work = requests.Where(r => !computations.IsCached(r.Request.Computation)).Sum(r => MetricService.Work(r.Request));
        var job = computations.StartJob("analysis", state, async ctx =>
        {
            ctx.PlanSteps(requests.Select(r => r.Request.Computation.StepName));
            for (int i = 0; i < requests.Count; i++)
            {
                await ctx.StepAsync(requests[i].Request.Computation, i, requests.Count, requests[i].Link);
                ctx.Report((i + 1.0) / requests.Count, $"{i + 1} of {requests.Count} metrics done");
            }
            ctx.SetResult(requests[0].Link);
        }, work);
        return TypedResults.Accepted("/jobs/" + job.Id, job.ToStatus());
    }

    /// <summary>Checks an analysis body: the metrics (default pagerank, betweenness) and their options; null when good, else the 400/404 to answer.</summary>
    private static ProblemHttpResult? Plan(GraphState state, AnalysisRequest? request, MetricCatalog registry,
        out List<Metric> defs, out List<(MetricRequest Request, string Link)> requests)
    {
        defs = [];
        requests = [];
        var names = request?.Metrics is { Count: > 0 } m ? m : DefaultMetrics;
        foreach (var name in names)
        {
            if (registry.Find(name) is not { } def)
                return ApiProblems.InvalidParameter("metrics", $"Unknown metric '{name}'. Known metrics: {string.Join(", ", registry.Names)}.");
            if (!defs.Contains(def)) defs.Add(def);
        }

        MetricArguments all;
        try { all = MetricQuery.FromJson(request?.Options, defs, "options."); }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }

        try
        {
            foreach (var def in defs)
            {
                var options = all.Restrict(def.Parameters.Select(o => o.Name));
                var req = MetricService.Prepare(state, def, options);
                requests.Add((req, MetricQuery.Link(state.Name, def, options)));
            }
        }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter("options." + e.Parameter, e.Message); }
        return null;
    }
}
