namespace InfluenceGraph.Api.Contracts;

/// <summary>The estimated cost of computing one metric on one graph version (from the metric catalog's cost estimate).</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Options">The metric's normalized options (defaults filled in).</param>
/// <param name="Work">Estimated work in edge visits (e.g. sources × (accounts + follows) for betweenness, iterations × follows for PageRank).</param>
/// <param name="Seconds">Estimated seconds: work divided by the server's assumed speed (<c>WorkPerSecond</c>); indicative.</param>
/// <param name="MemoryBytes">Estimated peak memory of the computation in bytes (rough upper bound).</param>
/// <param name="Cached">True when the result is already cached for this graph version (nothing to compute).</param>
/// <param name="RunsAs">What a GET of this ranking does now: <c>cached</c> (answers at once), <c>request</c> (computed in the request), <c>job</c> (202 with a background job), or <c>confirm</c> (over the server's limit: answers 409 expensive-analysis; start it with POST /graphs/{graph}/analyses).</param>
public sealed record MetricCostDto(string Metric, IReadOnlyDictionary<string, object> Options, double Work, double Seconds, long MemoryBytes, bool Cached, string RunsAs);

/// <summary>The estimated cost of an analysis (a dry run: nothing is computed or started).</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version the estimate is for.</param>
/// <param name="Accounts">Accounts (nodes) of that version.</param>
/// <param name="Follows">Follows (edges) of that version.</param>
/// <param name="Metrics">One estimate per metric.</param>
/// <param name="Work">Work of the metrics not cached, in edge visits.</param>
/// <param name="Seconds">Estimated seconds of the metrics not cached, run one after the other.</param>
/// <param name="MemoryBytes">Largest peak memory of one metric not cached, in bytes (the metrics of an analysis run one at a time).</param>
/// <param name="WorkPerSecond">The speed the seconds assume (edge visits per second; server option <c>WorkPerSecond</c>).</param>
/// <param name="Start">How to start it: the request to send (method, path and body).</param>
public sealed record AnalysisEstimateDto(string Graph, long Version, int Accounts, long Follows, IReadOnlyList<MetricCostDto> Metrics,
    double Work, double Seconds, long MemoryBytes, double WorkPerSecond, StartRequestDto Start);

/// <summary>A request that starts an analysis on purpose.</summary>
/// <param name="Method">HTTP method (<c>POST</c>).</param>
/// <param name="Href">Path (<c>/graphs/{graph}/analyses</c>).</param>
/// <param name="Body">JSON body (<c>{"metrics": [...], "options": {...}}</c>).</param>
public sealed record StartRequestDto(string Method, string Href, AnalysisRequest Body);
