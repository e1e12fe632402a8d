using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Centrality;
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
                Answers 202 Accepted with the job's location: GET /jobs/{id} gives its state, progress (e.g. sources done), per-metric timings and result links; DELETE /jobs/{id} cancels it.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Starts an analysis job.</summary>
    public static Results<Accepted<JobStatus>, ProblemHttpResult> StartAnalysis(
        [Description("Graph name.")] string graph, AnalysisRequest? request, GraphCatalog catalog, MetricRegistry registry, MetricService metrics, JobService jobs)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        var names = request?.Metrics is { Count: > 0 } m ? m : DefaultMetrics;
        var defs = new List<MetricDefinition>();
        foreach (var name in names)
        {
            if (registry.Find(name) is not { } def)
                return ApiProblems.InvalidParameter("metrics", $"Unknown metric '{name}'. Known metrics: {string.Join(", ", registry.Names)}.");
            if (!defs.Contains(def)) defs.Add(def);
        }

        MetricOptions all;
        try { all = ParseOptions(request?.Options); }
        catch (MetricOptionException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }
        var used = defs.SelectMany(d => d.Options.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var given in all.Given())
            if (!used.Contains(given))
                return ApiProblems.InvalidParameter($"options.{given}", $"Option '{given}' applies to none of the metrics {string.Join(", ", defs.Select(d => d.Name))}.");

        var requests = new List<(MetricRequest Request, string Link)>();
        try
        {
            foreach (var def in defs)
            {
                var names0 = def.Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
                var options = all.Restrict(names0);
                var req = MetricService.Prepare(state, def, options);
                requests.Add((req, RankingLink(state.Name, def.Name, options)));
            }
        }
        catch (MetricOptionException e) { return ApiProblems.InvalidParameter("options." + e.Parameter, e.Message); }

        var job = jobs.Start("analysis", state.Name, async (job, ct) =>
        {
            foreach (var (req, link) in requests) job.SetStep(new JobStep(req.Metric.Name, "pending", 0, null));
            for (int i = 0; i < requests.Count; i++)
            {
                var (req, link) = requests[i];
                int index = i;
                job.SetStep(new JobStep(req.Metric.Name, "running", 0, null));
                var progress = new StepProgress(job, index, requests.Count, req.Metric.Name);
                var (result, cached) = await metrics.ComputeInJobAsync(req, progress, ct, job.Id);
                job.SetStep(new JobStep(req.Metric.Name, cached ? "cached" : "succeeded", result.Info.ElapsedMs, link));
                job.Report((index + 1.0) / requests.Count, $"{index + 1} of {requests.Count} metrics done");
            }
            job.Result = requests[0].Link;
        }, version: state.Version);
        return TypedResults.Accepted("/jobs/" + job.Id, job.ToStatus());
    }

    private static string RankingLink(string graph, string metric, MetricOptions o)
    {
        var q = new List<string>();
        void Add(string k, object? v) { if (v is not null) q.Add(k + "=" + Uri.EscapeDataString(Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant())); }
        Add("alpha", o.Alpha); Add("tolerance", o.Tolerance); Add("maxIterations", o.MaxIterations); Add("weighted", o.Weighted);
        Add("samples", o.Samples); Add("seed", o.Seed); Add("normalized", o.Normalized); Add("endpoints", o.Endpoints);
        return $"/graphs/{Uri.EscapeDataString(graph)}/rankings/{metric}" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }

    /// <summary>Reads analysis options given as JSON values.</summary>
    /// <exception cref="MetricOptionException">Unknown option or wrong type.</exception>
    public static MetricOptions ParseOptions(IReadOnlyDictionary<string, JsonElement>? options)
    {
        var o = new MetricOptions();
        if (options is null) return o;
        foreach (var (key, value) in options)
        {
            string p = "options." + key;
            o = key switch
            {
                "alpha" => o with { Alpha = Number(value, p) },
                "tolerance" => o with { Tolerance = Number(value, p) },
                "maxIterations" => o with { MaxIterations = Integer(value, p) },
                "weighted" => o with { Weighted = Boolean(value, p) },
                "samples" => o with { Samples = Integer(value, p) },
                "seed" => o with { Seed = Integer(value, p) },
                "normalized" => o with { Normalized = Boolean(value, p) },
                "endpoints" => o with { Endpoints = Boolean(value, p) },
                _ => throw new MetricOptionException(p, $"Unknown option '{key}' (known: alpha, tolerance, maxIterations, weighted, samples, seed, normalized, endpoints)."),
            };
        }
        return o;
    }

    private static double Number(JsonElement v, string p) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new MetricOptionException(p, $"{p} must be a number.");

    private static int Integer(JsonElement v, string p) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new MetricOptionException(p, $"{p} must be an integer.");

    private static bool Boolean(JsonElement v, string p) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new MetricOptionException(p, $"{p} must be true or false.");

    private sealed class StepProgress(Job job, int index, int count, string metric) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) =>
            job.Report((index + value.Fraction) / count, $"{metric}: {value.Message}");
    }
}
