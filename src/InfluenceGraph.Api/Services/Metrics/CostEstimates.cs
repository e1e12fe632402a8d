using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>
/// Cost estimates of metrics before anything runs (a dry run, like Neo4j GDS's <c>.estimate</c>): work from
/// <see cref="Core.Metrics.Metric.EstimateWork"/>, memory from <see cref="Core.Metrics.Metric.EstimateMemoryBytes"/>,
/// seconds = work / <see cref="InfluenceGraphOptions.WorkPerSecond"/>, and what a GET would do with it.
/// </summary>
public static class CostEstimates
{
    /// <summary>What a GET does with an uncached result of this much work: <c>request</c>, <c>job</c> or <c>confirm</c> (over <see cref="InfluenceGraphOptions.ConfirmWorkLimit"/>).</summary>
    public static string RunsAs(double work, ComputationService computations, InfluenceGraphOptions options) =>
        options.ConfirmWorkLimit > 0 && work > options.ConfirmWorkLimit ? "confirm" : computations.IsLong(work) ? "job" : "request";

    /// <summary>The estimate of computing <paramref name="requests"/> on <paramref name="state"/>; <paramref name="start"/> is the analysis body that starts them.</summary>
    /// <param name="state">The graph version.</param>
    /// <param name="requests">Checked metric requests (one per metric).</param>
    /// <param name="computations">The result cache (a cached metric costs nothing).</param>
    /// <param name="options">Server options (speed, limits).</param>
    /// <param name="start">The POST /graphs/{graph}/analyses body that computes them.</param>
    public static AnalysisEstimateDto Of(GraphState state, IReadOnlyList<MetricRequest> requests, ComputationService computations,
        InfluenceGraphOptions options, AnalysisRequest start)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(requests);
        double speed = options.WorkPerSecond > 0 ? options.WorkPerSecond : 5e7;
        var rows = new List<MetricCostDto>();
        double work = 0, memory = 0;
        foreach (var r in requests)
        {
            double w = MetricService.Work(r);
            double m = r.Metric.EstimateMemoryBytes(state.Snapshot, r.Normalized);
            bool cached = computations.IsCached(r.Computation);
            rows.Add(new MetricCostDto(r.Metric.Name, r.Normalized.ToDictionary(kv => kv.Key, kv => kv.Value), w, Math.Round(w / speed, 3), (long)m, cached,
                cached ? "cached" : RunsAs(w, computations, options)));
            if (!cached) { work += w; memory = Math.Max(memory, m); }
        }
        return new AnalysisEstimateDto(state.Name, state.Version, state.Snapshot.NodeCount, state.Snapshot.EdgeCount, rows, work, Math.Round(work / speed, 3),
            (long)memory, speed, new StartRequestDto("POST", $"/graphs/{Uri.EscapeDataString(state.Name)}/analyses", start));
    }

    /// <summary>The analysis body that computes one metric with the options given (as typed by the caller).</summary>
    public static AnalysisRequest StartBody(Metric metric, MetricArguments given) => new()
    {
        Metrics = [metric.Name],
        Options = given.Count == 0 ? null : given.ToDictionary(kv => kv.Key, kv => System.Text.Json.JsonSerializer.SerializeToElement(kv.Value)),
    };

    /// <summary>
    /// The guard of a GET: null when <paramref name="request"/> may be computed (cached, being computed, or its work at most
    /// <see cref="InfluenceGraphOptions.ConfirmWorkLimit"/>); else 409 <c>expensive-analysis</c> with the estimate (member
    /// <c>estimate</c>) and the request that starts it (member <c>start</c>). For a metric that can be sampled (a <c>samples</c>
    /// option, e.g. betweenness) and was not, the detail suggests a sample count whose work fits a tenth of the limit.
    /// </summary>
    /// <param name="request">The checked metric request.</param>
    /// <param name="given">The options as the caller gave them (for the start request).</param>
    /// <param name="computations">The result cache.</param>
    /// <param name="options">Server options.</param>
    public static ProblemHttpResult? Guard(MetricRequest request, MetricArguments given, ComputationService computations, InfluenceGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.ConfirmWorkLimit <= 0) return null;
        double work = MetricService.Work(request);
        if (work <= options.ConfirmWorkLimit || computations.IsCached(request.Computation) || computations.RunningJob(request.Computation) is not null) return null;
        var estimate = Of(request.State, [request], computations, options, StartBody(request.Metric, given));
        var cost = estimate.Metrics[0];
        string detail = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{request.Metric.Name} on graph '{request.State.Name}' ({request.State.Snapshot.NodeCount} accounts, {request.State.Snapshot.EdgeCount} follows) is estimated at {work:G3} edge visits (about {cost.Seconds:0} s at {estimate.WorkPerSecond:G3} visits/s, {cost.MemoryBytes / 1048576.0:0.#} MiB), over this server's limit of {options.ConfirmWorkLimit:G3} for a GET; nothing was started. Start it on purpose with POST {estimate.Start.Href} (body in 'start'), then repeat this request");
        var g = request.State.Snapshot;
        if (request.Metric.Parameter("samples") is not null && !given.ContainsKey("samples"))
        {
            long suggested = Math.Clamp((long)(options.ConfirmWorkLimit / 10 / Math.Max(1.0, g.NodeCount + (double)g.EdgeCount)), 1, Math.Max(1, g.NodeCount));
            detail += $", or ask for an estimate with samples={suggested} (sampled sources; the result states it is not exact)";
        }
        return ApiProblems.Of(ProblemKind.ExpensiveAnalysis, detail + ".", ("estimate", estimate), ("start", estimate.Start));
    }
}
