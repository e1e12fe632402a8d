using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Imports;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/edges</c> and <c>/graphs/{graph}/accounts</c>: batch imports, streamed.</summary>
public static class ImportsEndpoints
{
    /// <summary>The rate-limiting policy of imports.</summary>
    public const string RateLimitPolicy = "imports";

    /// <summary>Maps the import endpoints.</summary>
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}").WithTags("Imports").RequireRateLimiting(RateLimitPolicy);

        group.MapPost("/edges", ImportEdges).WithName("ImportEdges").RequireWriteKey().WithMetadata(new Hosting.StartsJobMetadata())
            .WithSummary("Import follower edges")
            .WithDescription("""
                Streams the body into the graph (created when missing) as one batch: either every row is applied and the version goes up by one, or nothing is (onError=fail with a rejected row, an unreadable body, a body over the size limit).
                A row 'a b' means a follows b (direction=follower-followee); a third column is the edge weight.
                Body: text/csv, text/tab-separated-values, text/plain (SNAP edge list), application/json, application/x-ndjson, GraphML, GML, or multipart/form-data with exactly one file part (a second file part: 400 invalid-parameter 'file', nothing imported); gzip, deflate or br via Content-Encoding (other encodings: 415; not with multipart), or gzip as application/gzip. A compressed body that is not that encoding, is truncated, fails its checksum or has trailing bytes, or a multipart body without its closing boundary: 400 corrupt-body, nothing imported. The Content-Type's charset parameter is passed to the importer.
                Bodies larger than InfluenceGraph:ImportJobThresholdBytes (by Content-Length) are received, then imported by a background job: 202 Accepted with the job's location.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/accounts", ImportAccounts).WithName("ImportAccounts").RequireWriteKey().WithMetadata(new Hosting.StartsJobMetadata())
            .WithSummary("Import account attributes")
            .WithDescription("""
                Streams account attributes into the graph (created when missing) as one batch: columns account, display_name, posts, political_posts, political_share, is_political, topics, lang; other columns are kept as strings.
                Same media types, limits, jobs and error policy as the edge import.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>Imports follower edges from the request body.</summary>
    public static async Task<Results<Ok<ImportReportDto>, Accepted<JobStatus>, ProblemHttpResult>> ImportEdges(
        [AsParameters] EdgeImportQuery query, HttpRequest request, ImportService imports, CancellationToken cancellationToken)
    {
        var problem = Parse(query.Graph, query.Mode, query.OnError, query.Format, out var mode, out var onError, out var format);
        if (problem is not null) return problem;
        bool reverse;
        switch (query.Direction)
        {
            case null or "follower-followee": reverse = false; break;
            case "followee-follower": reverse = true; break;
            default: return ApiProblems.InvalidParameter("direction", $"direction must be 'follower-followee' or 'followee-follower' (got '{query.Direction}').");
        }
        if (query.MinWeight is { } mw && !double.IsFinite(mw)) return ApiProblems.InvalidParameter("minWeight", "minWeight must be a finite number.");
        if (query.MinWeight is not null && string.Equals(query.Weight?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
            return ApiProblems.InvalidParameter("minWeight", "minWeight filters on the weight column: it cannot be combined with weight=none.");
        static string? Column(string? c) => string.IsNullOrWhiteSpace(c) || c.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : c.Trim();
        return Answer(await imports.ImportAsync(request, query.Graph,
            new ImportSettings(true, format, mode, onError, reverse, query.Source, Column(query.Weight), Column(query.TimeColumn), query.MinWeight), cancellationToken));
    }

    /// <summary>Imports account attributes from the request body.</summary>
    public static async Task<Results<Ok<ImportReportDto>, Accepted<JobStatus>, ProblemHttpResult>> ImportAccounts(
        [AsParameters] AccountImportQuery query, HttpRequest request, ImportService imports, CancellationToken cancellationToken)
    {
        var problem = Parse(query.Graph, query.Mode, query.OnError, query.Format, out var mode, out var onError, out var format);
        if (problem is not null) return problem;
        if (query.Key is { } key && string.IsNullOrWhiteSpace(key)) return ApiProblems.InvalidParameter("key", "key must name a column (e.g. key=id), not be empty.");
        return Answer(await imports.ImportAsync(request, query.Graph, new ImportSettings(false, format, mode, onError, false, query.Source, Key: query.Key?.Trim()), cancellationToken));
    }

    private static Results<Ok<ImportReportDto>, Accepted<JobStatus>, ProblemHttpResult> Answer(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Done d => TypedResults.Ok(d.Report.ToDto()),
        ImportOutcome.Queued q => TypedResults.Accepted("/jobs/" + q.Job.Id, q.Job.ToStatus()),
        ImportOutcome.Refused r => r.Problem,
        _ => throw new InvalidOperationException("Unknown import outcome."),
    };

    /// <summary>
    /// The values of the <c>format</c> query parameter of both imports (case-insensitive) and what they
    /// select; the OpenAPI document lists exactly these (checked by a test). Edges and account
    /// attributes are read from every one of these formats.
    /// </summary>
    public static IReadOnlyDictionary<string, ImportFormat> FormatNames { get; } = new Dictionary<string, ImportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = ImportFormat.Auto, ["snap"] = ImportFormat.Snap, ["csv"] = ImportFormat.Csv, ["tsv"] = ImportFormat.Tsv,
        ["json"] = ImportFormat.Json, ["ndjson"] = ImportFormat.Ndjson, ["jsonl"] = ImportFormat.Ndjson,
        ["graphml"] = ImportFormat.GraphMl, ["gml"] = ImportFormat.Gml,
    };

    private static ProblemHttpResult? Parse(string graph, string? mode, string? onError, string? format,
        out ImportMode importMode, out OnErrorPolicy policy, out ImportFormat importFormat)
    {
        importMode = ImportMode.Append; policy = OnErrorPolicy.Fail; importFormat = ImportFormat.Auto;
        try { GraphCatalog.ValidateName(graph); }
        catch (ArgumentException e) { return ApiProblems.InvalidParameter("graph", e.Message); }
        switch (mode)
        {
            case null or "append": break;
            case "replace": importMode = ImportMode.Replace; break;
            default: return ApiProblems.InvalidParameter("mode", $"mode must be 'append' or 'replace' (got '{mode}').");
        }
        switch (onError)
        {
            case null or "fail": break;
            case "skip": policy = OnErrorPolicy.Skip; break;
            default: return ApiProblems.InvalidParameter("onError", $"onError must be 'fail' or 'skip' (got '{onError}').");
        }
        if (!FormatNames.TryGetValue(format ?? "auto", out var f))
            return ApiProblems.InvalidParameter("format", $"format must be one of {string.Join(", ", FormatNames.Keys)} (got '{format}').");
        importFormat = f;
        return null;
    }
}
