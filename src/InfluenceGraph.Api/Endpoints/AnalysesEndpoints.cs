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

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/analyses</c>: heavy metrics computed by a background job.</summary>
public static class AnalysesEndpoints
{
    private static readonly string[] DefaultMetrics = ["pagerank", "betweenness"];

    /// <summary>Maps the analysis endpoint.</summary>
    public static IEndpointRouteBuilder MapAnalysesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/analyses").WithTags("Analyses");
        group.MapPost("/", StartAnalysis).WithName("StartAnalysis").RequireWriteKey()
            .WithSummary("Compute metrics in the background")
            .WithDescription("""
                Starts a job that computes the listed metrics (default pagerank and betweenness) for the current graph version and caches them, so that rankings, account pages and influencer queries answer at once.
                Answers 202 Accepted with the job's location: GET /jobs/{id} gives its state, progress (e.g. sources done), ETA, per-metric timings and result links; DELETE /jobs/{id} cancels it.
                With wait=SECONDS (or 'Prefer: wait=N') the request blocks up to that long and answers 200 with the finished job when it finished in time.
                With dryRun=true nothing starts: the answer (200) is the cost estimate of each metric (work in edge visits, seconds, memory, whether cached) and the request that starts it.
                """)
            .WithMetadata(new StartsJobMetadata())
            .Produces<AnalysisEstimateDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Starts an analysis job.</summary>
    public static Results<Accepted<JobStatus>, Ok<AnalysisEstimateDto>, ProblemHttpResult> StartAnalysis(
        [Description("Graph name.")] string graph, AnalysisRequest? request, GraphCatalog catalog, MetricCatalog registry, ComputationService computations,
        Microsoft.Extensions.Options.IOptions<Hosting.InfluenceGraphOptions> serverOptions,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "dryRun"), Description("true: answer the cost estimate (work, seconds, memory per metric) and start nothing. Default false.")] bool? dryRun = null)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        var names = request?.Metrics is { Count: > 0 } m ? m : DefaultMetrics;
        var defs = new List<Metric>();
        foreach (var name in names)
        {
            if (registry.Find(name) is not { } def)
                return ApiProblems.InvalidParameter("metrics", $"Unknown metric '{name}'. Known metrics: {string.Join(", ", registry.Names)}.");
            if (!defs.Contains(def)) defs.Add(def);
        }

        MetricArguments all;
        try { all = MetricQuery.FromJson(request?.Options, defs, "options."); }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }

        var requests = new List<(MetricRequest Request, string Link)>();
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

        if (dryRun == true)
            return TypedResults.Ok(CostEstimates.Of(state, requests.Select(r => r.Request).ToList(), computations, serverOptions.Value,
                new AnalysisRequest { Metrics = defs.Select(d => d.Name).ToList(), Options = request?.Options }));
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
}
