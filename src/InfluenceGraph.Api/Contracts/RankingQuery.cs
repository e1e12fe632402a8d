using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>Query of <c>GET /graphs/{graph}/rankings/{metric}</c>: paging, output format and algorithm options.</summary>
public sealed record RankingQuery
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>Metric name.</summary>
    [FromRoute(Name = "metric"), Description("Metric: pagerank, betweenness, in_degree, out_degree (GET /metrics lists every metric and its options).")]
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
    [FromQuery(Name = "format"), Description("json (default) or csv; 'Accept: text/csv' also selects CSV. CSV header: rank,node,score (exactly 3 fields per line; more with columns=); invariant culture, '.' decimal separator, round-trip doubles, UTF-8 without BOM, an undefined score is an empty field.")]
    public string? Format { get; init; }

    /// <summary>CSV columns.</summary>
    [FromQuery(Name = "columns"), Description("CSV only: the columns, comma-separated in the order wanted, from rank, node, account (the handle under its JSON name), score, percentile. Default rank,node,score; e.g. columns=rank,node,score,percentile.")]
    public string? Columns { get; init; }

    /// <summary>PageRank damping factor.</summary>
    [FromQuery(Name = "alpha"), Description("pagerank: damping factor alpha in [0, 1] (default 0.85).")]
    public double? Alpha { get; init; }

    /// <summary>PageRank tolerance.</summary>
    [FromQuery(Name = "tolerance"), Description("pagerank: stop when the L1 change between iterations is below this (default 1e-9; not scaled by n).")]
    public double? Tolerance { get; init; }

    /// <summary>PageRank iteration limit.</summary>
    [FromQuery(Name = "maxIterations"), Description("pagerank: iteration limit, 1..100000 (default 200).")]
    public int? MaxIterations { get; init; }

    /// <summary>Use edge weights.</summary>
    [FromQuery(Name = "weighted"), Description("pagerank: weights are transition strengths; betweenness: weights are distances (default false).")]
    public bool? Weighted { get; init; }

    /// <summary>Betweenness sample size.</summary>
    [FromQuery(Name = "samples"), Description("betweenness: number k of sampled source accounts (NetworkX k); absent = exact.")]
    public int? Samples { get; init; }

    /// <summary>Betweenness sample seed.</summary>
    [FromQuery(Name = "seed"), Description("betweenness: seed of the source sample (default 0).")]
    public int? Seed { get; init; }

    /// <summary>Betweenness normalisation.</summary>
    [FromQuery(Name = "normalized"), Description("betweenness: divide by (n-1)(n-2) as NetworkX (default true).")]
    public bool? Normalized { get; init; }

    /// <summary>Betweenness endpoints.</summary>
    [FromQuery(Name = "endpoints"), Description("betweenness: count path endpoints (NetworkX endpoints, default false).")]
    public bool? Endpoints { get; init; }
}
