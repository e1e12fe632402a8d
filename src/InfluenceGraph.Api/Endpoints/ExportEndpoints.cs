using System.ComponentModel;
using System.Globalization;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Communities;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Export;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// Getting a graph out: <c>GET /graphs/{graph}/edges</c> (the follow list, paged JSON or CSV streamed whole) and
/// <c>GET /graphs/{graph}/export</c> (GraphML or GEXF for Gephi/NetworkX/igraph with the metrics, attributes and sphere
/// as node attributes; Parquet tables of accounts, edges, a ranking or the influencers).
/// </summary>
public static class ExportEndpoints
{
    /// <summary>Default JSON page of the edge list.</summary>
    public const int DefaultEdgePage = 1000;

    /// <summary>The export formats.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["graphml", "gexf", "parquet"];

    /// <summary>The Parquet tables.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["accounts", "edges", "ranking", "influencers"];

    /// <summary>Maps the two endpoints.</summary>
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}").WithTags("Export");
        group.MapGet("/edges", GetEdges).WithName("GetEdges").RequireReadKey().CacheGraphResponse().WithMetadata(StrictQueryMetadata.For<EdgeListQuery>())
            .WithSummary("The follow list (edges), paged JSON or CSV")
            .WithDescription("""
                One row per follow: follower, followee (the follower sees the followee's posts) and, for a weighted graph, weight; in storage order (followers by internal id, their followees ascending), stable for a graph version.
                JSON is paged (top 1..MaxPageSize, default 1000; offset or the opaque nextCursor). CSV (format=csv or 'Accept: text/csv') without top streams the whole list in one response: header follower,followee[,weight], invariant culture, UTF-8 without BOM, RFC 4180 quoting; with top/offset it is a page like JSON.
                Carries X-Graph-Version and an ETag (If-None-Match gives 304). version= or asOf= reads an earlier version of the graph.
                """)
            .ProducesPagedList();
        group.MapGet("/export", Export).WithName("ExportGraph").RequireReadKey().WithMetadata(StrictQueryMetadata.For<ExportQuery>())
            .WithSummary("Export the graph as GraphML, GEXF or Parquet")
            .WithDescription("""
                format=graphml (default) or gexf: the directed follower network for Gephi, NetworkX (read_graphml/read_gexf) and igraph; edge source = follower, target = followee; nodes identified by handle, with followers, followees, the imported attributes (display_name, posts, political_posts, political_share, is_political, topics joined by ';', lang, extra columns) and one attribute per metric, named by its canonical name (an alias such as in_degree is accepted in metrics= and written as followers; followers/followees are always there, never twice): the metrics listed in metrics=, else every metric whose default result is already computed for this version; plus sphere (the default Leiden community id) when that partition is computed.
                format=parquet: one table (table=accounts, the default: account then the same columns; edges: follower, followee[, weight]; ranking: rank, account, score, percentile of metric= (default pagerank); influencers: the influencer CSV columns with the default query), readable by pandas, DuckDB and Spark.
                A metric that is not computed yet and is long to compute runs as a job: a file request never answers 202 but 503 with Retry-After and the job's Location; add wait=SECONDS to block until it is ready. One estimated over the server's ConfirmWorkLimit is not started: 409 expensive-analysis with the estimate and the analysis request that starts it.
                """)
            .Produces(StatusCodes.Status200OK, contentType: "application/graphml+xml", additionalContentTypes: ["application/gexf+xml", "application/vnd.apache.parquet"])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Returns a page of the follow list, or the whole list as CSV.</summary>
    public static Results<Ok<EdgePage>, EdgeCsvResult, StatusCodeHttpResult, ProblemHttpResult> GetEdges(
        [AsParameters] EdgeListQuery q, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog, IOptions<InfluenceGraphOptions> options)
    {
        if (at.Select(catalog, q.Graph, out var state) is { } badGraph) return badGraph;
        if (PagedResponse.Negotiate(context, q.Format, options.Value.MaxPageSize, out var badFormat) is not { } paging) return badFormat!;
        var g = state.Snapshot;
        if (g.EdgeCount > int.MaxValue) return ApiProblems.InvalidParameter("graph", $"The graph has {g.EdgeCount} follows, more than one edge list can page; use GET /graphs/{state.Name}/export?format=parquet&table=edges.");
        int total = (int)g.EdgeCount;
        if (paging.Bind(ComputationRequest.KeyOf(state, "edges"), state, q.Top, q.Offset, q.Cursor) is { } badPage) return badPage;
        var (start, count) = paging.Window(total, DefaultEdgePage);
        if (paging.NotModified($"{start}|{count}|{(paging.Csv ? "csv" : "json")}") is { } notModified) return notModified;
        paging.Fresh();
        if (paging.Csv) return new EdgeCsvResult(g, start, count);
        var items = new List<EdgeDto>(count);
        foreach (var (u, v, w) in Slice(g, start, count)) items.Add(new EdgeDto(g.Accounts[u], g.Accounts[v], w));
        return TypedResults.Ok(new EdgePage(state.Name, state.Version, total, start, items, paging.NextCursor(start, count, total)));
    }

    /// <summary>Edges <paramref name="start"/> .. start + count − 1 in CSR order: (follower id, followee id, weight or null).</summary>
    internal static IEnumerable<(int Follower, int Followee, double? Weight)> Slice(GraphSnapshot g, long start, int count)
    {
        if (count <= 0 || g.NodeCount == 0) yield break;
        var edges = g.OutEdgeChunks;
        // The follower of edge 'start': the last u whose first edge is at or before it (64-bit edge positions).
        int lo = 0, hi = g.NodeCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (edges.EdgeStart(mid) <= start) lo = mid; else hi = mid - 1;
        }
        long e = start, end = start + count;
        for (int u = lo; u < g.NodeCount && e < end; u++)
        {
            var ch = edges.ChunkOf(u);
            int to = ch.Offsets[u - ch.FirstNode + 1];
            for (int i = (int)(e - ch.FirstEdge); i < to && e < end; i++, e++)
                yield return (u, ch.Targets[i], ch.Weights is { } w ? w[i] : null);
        }
    }

    /// <summary>Exports the graph or one of its tables.</summary>
    public static async Task<Results<ExportFileResult, Accepted<JobStatus>, ProblemHttpResult>> Export(
        [AsParameters] ExportQuery q, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog, MetricCatalog registry, MetricService metrics,
        InfluenceService influence, ComputationService computations, CommunityService communities, IOptions<InfluenceGraphOptions> options)
    {
        if (at.Select(catalog, q.Graph, out var state) is { } badGraph) return badGraph;
        string format = (q.Format ?? "graphml").ToLowerInvariant();
        if (!Formats.Contains(format)) return ApiProblems.InvalidParameter("format", $"format must be one of {string.Join(", ", Formats)} (got '{q.Format}').");
        string table = (q.Table ?? "accounts").ToLowerInvariant();
        if (q.Table is not null && format != "parquet") return ApiProblems.InvalidParameter("table", "table applies to format=parquet only (GraphML and GEXF hold the whole graph).");
        if (!Tables.Contains(table)) return ApiProblems.InvalidParameter("table", $"table must be one of {string.Join(", ", Tables)} (got '{q.Table}').");
        if (q.Metric is not null && table != "ranking") return ApiProblems.InvalidParameter("metric", "metric applies to table=ranking only (use metrics= to add metric columns to accounts, GraphML and GEXF).");
        if (q.Metrics is not null && table != "accounts") return ApiProblems.InvalidParameter("metrics", "metrics applies to GraphML, GEXF and the accounts table only.");
        string link = context.Request.Path + context.Request.QueryString;
        context.Response.Headers[PagedResponse.VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);
        string file = $"{state.Name}-v{state.Version}";

        switch (table)
        {
            case "edges":
                return new ExportFileResult(file + "-edges.parquet", ParquetType, (s, ct) => ParquetExport.WriteAsync(ExportTables.Edges(state.Snapshot), s, ct));
            case "ranking":
            {
                if (registry.Find(q.Metric ?? "pagerank") is not { } metric) return ApiProblems.InvalidParameter("metric", $"Unknown metric '{q.Metric}'. Known metrics: {string.Join(", ", registry.Names)}.");
                MetricRequest request;
                try { request = MetricService.Prepare(state, metric, MetricArguments.Empty); }
                catch (MetricArgumentException e) { return ApiProblems.InvalidParameter("metric", e.Message); }
                if (CostEstimates.Guard(request, MetricArguments.Empty, computations, options.Value) is { } tooExpensive) return tooExpensive;
                var outcome = await metrics.GetAsync(request, link);
                if (outcome.Job is { } job) return PagedResponse.Accepted(context, job.ToStatus());
                var result = outcome.Result!.Result;
                return new ExportFileResult($"{file}-{metric.Name}.parquet", ParquetType, (s, ct) => ParquetExport.WriteAsync(ExportTables.Ranking(result), s, ct));
            }
            case "influencers":
            {
                var outcome = await computations.GetAsync(influence.Request(state, new SignalOptions()), link);
                if (outcome.Job is { } job) return PagedResponse.Accepted(context, job.ToStatus());
                var report = Influencers.Find(outcome.Result!, new InfluencerQuery { Top = 0 });
                return new ExportFileResult(file + "-influencers.parquet", ParquetType, (s, ct) => ParquetExport.WriteAsync(ExportTables.Influencers(report.Candidates), s, ct));
            }
        }

        // accounts (Parquet), GraphML or GEXF: the account table with metric columns and the sphere.
        var computed = new List<ExportColumn>();
        if (q.Metrics is { } list)
        {
            var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) return ApiProblems.InvalidParameter("metrics", "metrics must list at least one metric (comma-separated); leave it out for every metric already computed.");
            var chosen = new List<Metric>();
            foreach (var name in names)
            {
                if (registry.Find(name) is not { } m) return ApiProblems.InvalidParameter("metrics", $"Unknown metric '{name}' in metrics. Known metrics: {string.Join(", ", registry.Names)}.");
                if (!chosen.Contains(m)) chosen.Add(m);
            }
            foreach (var m in ExportTables.WithoutBuiltinColumns(chosen))
            {
                MetricRequest request;
                try { request = MetricService.Prepare(state, m, MetricArguments.Empty); }
                catch (MetricArgumentException e) { return ApiProblems.InvalidParameter("metrics", e.Message); }
                if (CostEstimates.Guard(request, MetricArguments.Empty, computations, options.Value) is { } tooExpensive) return tooExpensive;
                var outcome = await metrics.GetAsync(request, link);
                if (outcome.Job is { } job) return PagedResponse.Accepted(context, job.ToStatus());
                computed.Add(ExportTables.MetricColumn(m.Name, outcome.Result!.Result));
            }
        }
        else
        {
            foreach (var m in ExportTables.WithoutBuiltinColumns(registry.All))
            {
                MetricRequest request;
                try { request = MetricService.Prepare(state, m, MetricArguments.Empty); }
                catch (MetricArgumentException) { continue; }
                if (metrics.TryGetCached(request) is { } cached) computed.Add(ExportTables.MetricColumn(m.Name, cached.Result));
            }
        }
        if (communities.TryGetCached(state, new LeidenOptions()) is { } partition)
        {
            var membership = partition.Membership;
            computed.Add(new ExportColumn("sphere", ExportColumnType.Integer, v => (long)membership[v]));
        }

        ExportTable nodes;
        try { nodes = ExportTables.Accounts(state.Snapshot, state.Attributes, computed, includeAccount: format == "parquet"); }
        catch (ArgumentException e) { return ApiProblems.InvalidParameter("metrics", e.Message); }
        return format switch
        {
            "parquet" => new ExportFileResult(file + "-accounts.parquet", ParquetType, (s, ct) => ParquetExport.WriteAsync(nodes, s, ct)),
            "gexf" => new ExportFileResult(file + ".gexf", "application/gexf+xml", (s, ct) => GraphFileExport.WriteGexfAsync(state.Snapshot, nodes, s, ct)),
            _ => new ExportFileResult(file + ".graphml", "application/graphml+xml", (s, ct) => GraphFileExport.WriteGraphMlAsync(state.Snapshot, nodes, s, ct)),
        };
    }

    /// <summary>Media type of Parquet files.</summary>
    public const string ParquetType = "application/vnd.apache.parquet";
}

/// <summary>Query of <c>GET /graphs/{graph}/edges</c>.</summary>
public sealed record EdgeListQuery
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "top"), Description("Rows in the page: JSON 1..MaxPageSize (default 1000); CSV default every row from the offset on (the whole list streamed).")]
    public int? Top { get; init; }

    /// <summary>0-based offset.</summary>
    [FromQuery(Name = "offset"), Description("0-based position of the first row (default 0). Give offset or cursor, not both.")]
    public int? Offset { get; init; }

    /// <summary>Opaque cursor.</summary>
    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page (valid while the graph version is unchanged).")]
    public string? Cursor { get; init; }

    /// <summary>json or csv.</summary>
    [FromQuery(Name = "format"), Description("json (default) or csv; 'Accept: text/csv' also selects CSV. CSV header follower,followee[,weight].")]
    public string? Format { get; init; }
}

/// <summary>Query of <c>GET /graphs/{graph}/export</c>.</summary>
public sealed record ExportQuery
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>graphml, gexf or parquet.</summary>
    [FromQuery(Name = "format"), Description("graphml (default), gexf or parquet.")]
    public string? Format { get; init; }

    /// <summary>The Parquet table.</summary>
    [FromQuery(Name = "table"), Description("format=parquet only: accounts (default), edges, ranking or influencers.")]
    public string? Table { get; init; }

    /// <summary>Metric columns.</summary>
    [FromQuery(Name = "metrics"), Description("GraphML, GEXF and the accounts table: metrics to add as columns, comma-separated, names or aliases (columns carry the canonical name; followers and followees are always columns; default options; computed when missing, a job when long). Default: every metric already computed for this version with its default options.")]
    public string? Metrics { get; init; }

    /// <summary>The ranking's metric.</summary>
    [FromQuery(Name = "metric"), Description("table=ranking only: the metric (default pagerank), with its default options.")]
    public string? Metric { get; init; }
}

/// <summary>One follow.</summary>
/// <param name="Follower">Handle of the account that follows (sees the other's posts).</param>
/// <param name="Followee">Handle of the account followed.</param>
/// <param name="Weight">Edge weight for a weighted graph, else null.</param>
public sealed record EdgeDto(string Follower, string Followee, double? Weight);

/// <summary>A page of the follow list.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Total">Follows in the graph.</param>
/// <param name="Offset">0-based position of the first item.</param>
/// <param name="Items">The follows of the page.</param>
/// <param name="NextCursor">Cursor of the next page, or null after the last.</param>
public sealed record EdgePage(string Graph, long Version, int Total, int Offset, IReadOnlyList<EdgeDto> Items, string? NextCursor);

/// <summary>
/// Follows as CSV: header <c>follower,followee</c> (plus <c>weight</c> for a weighted graph), RFC 4180 quoting,
/// invariant culture (round-trip doubles), UTF-8 without BOM, streamed in chunks.
/// </summary>
public sealed class EdgeCsvResult(GraphSnapshot graph, int offset, int count) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var body = httpContext.Response.Body;
        var ct = httpContext.RequestAborted;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        bool weighted = graph.IsWeighted;
        text.Write(weighted ? "follower,followee,weight\n" : "follower,followee\n");
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false, CultureInfo = CultureInfo.InvariantCulture }).To(text))
        {
            int i = 0;
            foreach (var (u, v, w) in ExportEndpoints.Slice(graph, offset, count))
            {
                using (var row = writer.NewRow())
                {
                    row["follower"].Set(graph.Accounts[u]);
                    row["followee"].Set(graph.Accounts[v]);
                    if (weighted) row["weight"].Set(w!.Value.ToString("R", CultureInfo.InvariantCulture));
                }
                if (++i % 8192 == 0)
                {
                    writer.Flush();
                    await CsvRankingResult.FlushAsync(text, body, ct);
                }
            }
            writer.Flush();
        }
        await CsvRankingResult.FlushAsync(text, body, ct);
    }
}

/// <summary>
/// A file written by an exporter: written to a temporary file first (the XML and Parquet writers are not
/// asynchronous all the way down), then sent with its length and <c>Content-Disposition: attachment</c>.
/// </summary>
public sealed class ExportFileResult(string fileName, string contentType, Func<Stream, CancellationToken, Task> write)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => contentType;

    /// <summary>The file name suggested to the client.</summary>
    public string FileName => fileName;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        string path = Path.Combine(Path.GetTempPath(), $"influencegraph-export-{Guid.NewGuid():N}");
        await using var temp = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await write(temp, ct);
        await temp.FlushAsync(ct);
        temp.Position = 0;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = temp.Length;
        httpContext.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        await temp.CopyToAsync(httpContext.Response.Body, ct);
    }
}
