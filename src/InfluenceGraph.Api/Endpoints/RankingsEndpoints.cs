using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/rankings/{metric}</c>: accounts ranked by a metric, paged, JSON or CSV.</summary>
public static class RankingsEndpoints
{
    /// <summary>Response header carrying the graph version a response belongs to (<see cref="PagedResponse.VersionHeader"/>).</summary>
    public const string VersionHeader = PagedResponse.VersionHeader;

    /// <summary>Response header carrying the warnings of a ranking (e.g. PageRank not converged), one value per warning.</summary>
    public const string WarningHeader = "X-Computation-Warning";

    /// <summary>Maps the ranking endpoint.</summary>
    public static IEndpointRouteBuilder MapRankingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/rankings").WithTags("Rankings");
        group.MapGet("/{metric}", GetRanking).WithName("GetRanking").RequireReadKey().CacheGraphResponse()
            .WithSummary("Rank the accounts by a metric")
            .WithDescription("""
                Accounts by score descending, ties by handle ascending, with competition rank (1, 2, 2, 4) and percentile (share of accounts with a strictly lower score).
                Paging: top/offset, or the opaque nextCursor, both stable for a graph version. JSON by default; CSV with format=csv or 'Accept: text/csv' (for pandas.read_csv): header rank,account,score, exactly three fields per line; columns=rank,account,score,percentile (any order; node = the account under the reference tools' name, e.g. columns=rank,node,score) adds or reorders columns.
                Results are cached per (graph version, metric, options); the response carries the graph version (X-Graph-Version) and an ETag (If-None-Match gives 304).
                PageRank that does not converge within maxIterations is still served (the last iterate) with computation.converged=false, a 'warnings' entry and an X-Computation-Warning header (the only signal in CSV).
                A result that is not cached and would take long (e.g. exact betweenness on a large graph) is computed by a background job: 202 Accepted with the job's location; poll it, then repeat this request, or add wait=SECONDS (or 'Prefer: wait=N') to block until it is ready. A CSV request never gets a 202: still not ready after its wait, it answers 503 with Retry-After and the job's Location.
                GET .../rankings/{metric}/estimate (same options) answers the cost estimate (work, seconds, memory) without computing. A result estimated above the server's ConfirmWorkLimit is not started by a GET: 409 expensive-analysis with the estimate and the POST /graphs/{graph}/analyses request that starts it (for betweenness, also a samples=N suggestion).
                """)
            .WithMetadata(new MetricParametersMetadata(), StrictQueryMetadata.For<RankingQuery>())
            .ProducesPagedList();
        group.MapGet("/{metric}/estimate", GetRankingEstimate).WithName("EstimateRanking").RequireReadKey()
            .WithSummary("Estimate the cost of a ranking without computing it")
            .WithDescription("""
                A dry run (like Neo4j GDS's .estimate): the work (edge visits), seconds at the server's assumed speed, peak memory, whether the result is cached, and what GET .../rankings/{metric} with the same options would do now (cached, request, job, or confirm: over the server's ConfirmWorkLimit, answered 409 expensive-analysis), plus the POST /graphs/{graph}/analyses request that starts it. Nothing is computed or started.
                """)
            .WithMetadata(new MetricParametersMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The cost estimate of a ranking (nothing computed).</summary>
    public static Results<Ok<AnalysisEstimateDto>, ProblemHttpResult> GetRankingEstimate(
        [System.ComponentModel.Description("Graph name.")] string graph, [System.ComponentModel.Description("Metric name or alias (the estimate names the canonical metric).")] string metric,
        HttpContext context, GraphCatalog catalog, MetricCatalog registry, IOptions<InfluenceGraphOptions> options, Services.Computations.ComputationService computations)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        if (registry.Find(metric) is not { } def) return ApiProblems.MetricNotFound(metric, registry.Names);
        try
        {
            var given = MetricQuery.Bind(def, context.Request.Query);
            var request = MetricService.Prepare(state, def, given);
            return TypedResults.Ok(CostEstimates.Of(state, [request], computations, options.Value, CostEstimates.StartBody(def, given)));
        }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }
    }

    /// <summary>Returns a page of the ranking.</summary>
    public static async Task<Results<Ok<RankingPage>, CsvRankingResult, StatusCodeHttpResult, Accepted<JobStatus>, ProblemHttpResult>> GetRanking(
        [AsParameters] RankingQuery query, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog, MetricCatalog registry,
        MetricService metrics, IOptions<InfluenceGraphOptions> options, Services.Computations.ComputationService computations)
    {
        if (at.Select(catalog, query.Graph, out var state) is { } badGraph) return badGraph;
        if (registry.Find(query.Metric) is not { } metric) return ApiProblems.MetricNotFound(query.Metric, registry.Names);

        if (PagedResponse.Negotiate(context, query.Format, options.Value.MaxPageSize, out var badFormat) is not { } paging) return badFormat!;
        bool csv = paging.Csv;
        IReadOnlyList<string> columns = CsvRankingColumns.Default;
        if (query.Columns is { } columnList)
        {
            if (!csv) return ApiProblems.InvalidParameter("columns", "columns applies to CSV output only (add format=csv or 'Accept: text/csv'); JSON rows always carry rank, account, score and percentile.");
            if (CsvRankingColumns.TryParse(columnList, out string? columnError) is not { } parsedColumns)
                return ApiProblems.InvalidParameter("columns", columnError!);
            columns = parsedColumns;
        }

        MetricRequest request;
        MetricArguments given;
        try { given = MetricQuery.Bind(metric, context.Request.Query); request = MetricService.Prepare(state, metric, given); }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }

        int n = state.Snapshot.NodeCount;
        if (paging.Bind(request.Key, state, query.Top, query.Offset, query.Cursor, "other options", "; use CSV for longer lists") is { } badPage) return badPage;
        var (start, count) = paging.Window(n, jsonDefaultTop: 100);

        // The page is a pure function of (graph version, metric, options, slice, format): its ETag
        // is known before anything is computed, so a revalidation never computes.
        if (paging.NotModified($"{start}|{count}|{(csv ? "csv:" + string.Join(',', columns) : "json")}") is { } notModified) return notModified;

        if (CostEstimates.Guard(request, given, computations, options.Value) is { } tooExpensive) return tooExpensive;
        var outcome = await metrics.GetAsync(request, context.Request.Path + context.Request.QueryString);
        if (outcome.Job is { } job) return paging.Accepted(job);
        var computed = outcome.Result!;

        paging.Fresh();
        var result = computed.Result;
        var warnings = Warnings(computed.Info, request.Normalized);
        if (warnings.Count > 0) context.Response.Headers[WarningHeader] = warnings.ToArray();
        if (csv) return new CsvRankingResult(result, start, count, columns);

        var rows = new List<RankingRow>(count);
        var order = result.Order;
        for (int i = start; i < start + count; i++)
        {
            int node = order[i];
            rows.Add(new RankingRow(result.RankOf(node), result.Graph.Accounts[node], ContractMapping.Finite(result.Scores[node]), result.PercentileOf(node)));
        }
        string? next = paging.NextCursor(start, count, n);
        return TypedResults.Ok(new RankingPage(state.Name, state.Version, metric.Name, request.Normalized, n, start, rows, next, computed.Info, warnings));
    }

    /// <summary>The warnings of a computed ranking: PageRank that stopped at maxIterations before reaching its tolerance.</summary>
    public static IReadOnlyList<string> Warnings(ComputationInfo info, IReadOnlyDictionary<string, object> options)
    {
        if (info.Converged != false) return [];
        string Opt(string k) => options.TryGetValue(k, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "?" : "?";
        string residual = info.Residual is double r ? r.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        return [$"not-converged: the power iteration stopped at maxIterations={Opt("maxIterations")} with L1 change {residual}, above tolerance={Opt("tolerance")}; the scores are approximate (raise maxIterations or tolerance)."];
    }

    /// <summary>202 with a job; see <see cref="PagedResponse.Accepted(HttpContext, JobStatus)"/>.</summary>
    internal static Accepted<JobStatus> Accepted(HttpContext context, JobStatus job) => PagedResponse.Accepted(context, job);

    /// <summary>Accept-header negotiation; see <see cref="PagedResponse.PrefersCsv"/>.</summary>
    internal static bool PrefersCsv(HttpRequest request) => PagedResponse.PrefersCsv(request);

    /// <summary>ETag revalidation; see <see cref="PagedResponse.IfNoneMatch"/>.</summary>
    internal static bool IfNoneMatch(HttpRequest request, string etag) => PagedResponse.IfNoneMatch(request, etag);
}

/// <summary>Marks an endpoint whose 200 response can also be <c>text/csv</c> (documented by the OpenAPI transformer).</summary>
public sealed class CsvResponseMetadata;
