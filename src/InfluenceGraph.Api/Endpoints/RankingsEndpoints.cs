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
    /// <summary>Response header carrying the graph version a response belongs to.</summary>
    public const string VersionHeader = "X-Graph-Version";

    /// <summary>Response header carrying the warnings of a ranking (e.g. PageRank not converged), one value per warning.</summary>
    public const string WarningHeader = "X-Computation-Warning";

    /// <summary>Maps the ranking endpoint.</summary>
    public static IEndpointRouteBuilder MapRankingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/rankings").WithTags("Rankings");
        group.MapGet("/{metric}", GetRanking).WithName("GetRanking").RequireReadKey()
            .WithSummary("Rank the accounts by a metric")
            .WithDescription("""
                Accounts by score descending, ties by handle ascending, with competition rank (1, 2, 2, 4) and percentile (share of accounts with a strictly lower score).
                Paging: top/offset, or the opaque nextCursor, both stable for a graph version. JSON by default; CSV with format=csv or 'Accept: text/csv' (for pandas.read_csv): header rank,node,score, exactly three fields per line; columns=rank,node,score,percentile (any order; also account) adds or reorders columns.
                Results are cached per (graph version, metric, options); the response carries the graph version (X-Graph-Version) and an ETag (If-None-Match gives 304).
                PageRank that does not converge within maxIterations is still served (the last iterate) with computation.converged=false, a 'warnings' entry and an X-Computation-Warning header (the only signal in CSV).
                A result that is not cached and would take long (e.g. exact betweenness on a large graph) is computed by a background job: 202 Accepted with the job's location; poll it, then repeat this request.
                """)
            .WithMetadata(new CsvResponseMetadata(), new MetricParametersMetadata(), StrictQueryMetadata.For<RankingQuery>())
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Returns a page of the ranking.</summary>
    public static async Task<Results<Ok<RankingPage>, CsvRankingResult, StatusCodeHttpResult, Accepted<JobStatus>, ProblemHttpResult>> GetRanking(
        [AsParameters] RankingQuery query, HttpContext context, GraphCatalog catalog, MetricCatalog registry,
        MetricService metrics, IOptions<InfluenceGraphOptions> options)
    {
        if (catalog.Get(query.Graph) is not { } state) return ApiProblems.GraphNotFound(query.Graph);
        if (registry.Find(query.Metric) is not { } metric) return ApiProblems.MetricNotFound(query.Metric, registry.Names);

        bool csv;
        switch (query.Format?.ToLowerInvariant())
        {
            case "csv": csv = true; break;
            case "json": csv = false; break;
            case null: csv = PrefersCsv(context.Request); break;
            default: return ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{query.Format}').");
        }
        IReadOnlyList<string> columns = CsvRankingColumns.Default;
        if (query.Columns is { } columnList)
        {
            if (!csv) return ApiProblems.InvalidParameter("columns", "columns applies to CSV output only (add format=csv or 'Accept: text/csv'); JSON rows always carry rank, account, score and percentile.");
            if (CsvRankingColumns.TryParse(columnList, out string? columnError) is not { } parsedColumns)
                return ApiProblems.InvalidParameter("columns", columnError!);
            columns = parsedColumns;
        }

        MetricRequest request;
        try { request = MetricService.Prepare(state, metric, MetricQuery.Bind(metric, context.Request.Query)); }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }

        int n = state.Snapshot.NodeCount;
        int offset = query.Offset ?? 0;
        if (query.Offset < 0) return ApiProblems.InvalidParameter("offset", $"offset must be >= 0 (got {query.Offset}).");
        if (query.Cursor is { } cursor)
        {
            if (query.Offset is not null) return ApiProblems.InvalidParameter("cursor", "Give offset or cursor, not both.");
            if (!RankingCursor.TryDecode(cursor, request.Key, out offset, out bool stale))
                return ApiProblems.InvalidParameter("cursor", "The cursor is not one this API issued (pass nextCursor unchanged).");
            if (stale)
                return ApiProblems.Of(ProblemKind.CursorStale,
                    $"The cursor belongs to another version of graph '{state.Name}' (now version {state.Version}) or to other options. Start again without a cursor.",
                    ("parameter", "cursor"), ("version", state.Version));
        }
        int maxPage = options.Value.MaxPageSize;
        if (query.Top is int t && (t < 1 || (!csv && t > maxPage)))
            return ApiProblems.InvalidParameter("top", csv ? $"top must be >= 1 (got {t})." : $"top must be in 1..{maxPage} (got {t}); use CSV for longer lists.");
        int start = Math.Min(offset, n);
        int count = Math.Min(query.Top ?? (csv ? int.MaxValue : 100), n - start);

        // The page is a pure function of (graph version, metric, options, slice, format): its ETag
        // is known before anything is computed, so a revalidation never computes.
        string etag = $"\"{RankingCursor.Fingerprint($"{request.Key}|{start}|{count}|{(csv ? "csv:" + string.Join(',', columns) : "json")}")}\"";
        var headers = context.Response.Headers;
        headers[VersionHeader] = state.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (IfNoneMatch(context.Request, etag))
        {
            headers.ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var computed = metrics.TryGetCached(request);
        if (computed is null)
        {
            if (metrics.RunningJob(request) is { } running)
                return Accepted(context, running.ToStatus());
            if (metrics.IsLong(request))
            {
                string link = context.Request.Path + context.Request.QueryString;
                return Accepted(context, metrics.StartJob(request, link).ToStatus());
            }
            computed = await metrics.GetOrComputeAsync(request);
        }

        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        var result = computed.Result;
        var warnings = Warnings(computed.Info, request.Normalized);
        if (warnings.Count > 0) headers[WarningHeader] = warnings.ToArray();
        if (csv) return new CsvRankingResult(result, start, count, columns);

        var rows = new List<RankingRow>(count);
        var order = result.Order;
        for (int i = start; i < start + count; i++)
        {
            int node = order[i];
            rows.Add(new RankingRow(result.RankOf(node), result.Graph.Accounts[node], ContractMapping.Finite(result.Scores[node]), result.PercentileOf(node)));
        }
        string? next = start + count < n ? RankingCursor.Encode(request.Key, start + count) : null;
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

    internal static Accepted<JobStatus> Accepted(HttpContext context, JobStatus job)
    {
        context.Response.Headers.RetryAfter = "2";
        return TypedResults.Accepted("/jobs/" + job.Id, job);
    }

    internal static bool PrefersCsv(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return false;
        double csvQ = -1, jsonQ = -1;
        foreach (var a in accept)
        {
            double q = a.Quality ?? 1;
            if (a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) csvQ = Math.Max(csvQ, q);
            else if (a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal)) jsonQ = Math.Max(jsonQ, q);
        }
        return csvQ > 0 && csvQ >= jsonQ;
    }

    internal static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var inm = request.GetTypedHeaders().IfNoneMatch;
        if (inm is null || inm.Count == 0) return false;
        var mine = new EntityTagHeaderValue(etag);
        return inm.Any(v => v.Equals(EntityTagHeaderValue.Any) || v.Compare(mine, useStrongComparison: false));
    }
}

/// <summary>Marks an endpoint whose 200 response can also be <c>text/csv</c> (documented by the OpenAPI transformer).</summary>
public sealed class CsvResponseMetadata;
