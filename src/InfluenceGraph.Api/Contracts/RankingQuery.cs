using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>
/// Query of <c>GET /graphs/{graph}/rankings/{metric}</c>: paging and output format. The metric's own
/// options (alpha, samples...) are bound from the metric catalog's parameter schema
/// (<see cref="Endpoints.MetricQuery"/>), not declared here.
/// </summary>
public sealed record RankingQuery
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>Metric name.</summary>
    [FromRoute(Name = "metric"), Description("Metric name or alias, e.g. followers or its alias in_degree (GET /metrics lists every metric, its aliases and its options); the response names the canonical metric.")]
    public required string Metric { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "top"), Description("Rows in the page: 1..MaxPageSize (default 10000) for JSON, default 100; CSV defaults to every row from the offset on.")]
    public int? Top { get; init; }

    /// <summary>0-based offset.</summary>
    [FromQuery(Name = "offset"), Description("0-based position of the first row (default 0). Give offset or cursor, not both.")]
    public int? Offset { get; init; }

    /// <summary>Opaque cursor.</summary>
    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page. Valid while the graph version is unchanged (409 cursor-stale after an import).")]
    public string? Cursor { get; init; }

    /// <summary>json or csv.</summary>
    [FromQuery(Name = "format"), Description("json (default) or csv; 'Accept: text/csv' also selects CSV. CSV header: rank,account,score (exactly 3 fields per line; others with columns=, e.g. rank,node,score); invariant culture, '.' decimal separator, round-trip doubles, UTF-8 without BOM, an undefined score is an empty field.")]
    public string? Format { get; init; }

    /// <summary>CSV columns.</summary>
    [FromQuery(Name = "columns"), Description("CSV only: the columns, comma-separated in the order wanted, from rank, node, account (the handle under its JSON name), score, percentile. Default rank,account,score; columns=rank,node,score is the reference tools' layout; e.g. columns=rank,account,score,percentile.")]
    public string? Columns { get; init; }
}
