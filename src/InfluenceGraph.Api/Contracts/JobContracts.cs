using System.ComponentModel;

namespace InfluenceGraph.Api.Contracts;

/// <summary>A background job (import, analysis or long ranking).</summary>
/// <param name="Id">Job id.</param>
/// <param name="Kind"><c>import-edges</c>, <c>import-accounts</c>, <c>analysis</c>, <c>ranking</c>, <c>influencers</c> or <c>communities</c>.</param>
/// <param name="Graph">Graph the job works on.</param>
/// <param name="State"><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Progress">Fraction done in [0, 1].</param>
/// <param name="Message">Human-readable progress, e.g. "1024 of 75879 sources".</param>
/// <param name="CreatedAt">When the job was submitted (UTC).</param>
/// <param name="StartedAt">When it started running (UTC), or null while queued.</param>
/// <param name="FinishedAt">When it finished (UTC), or null.</param>
/// <param name="ElapsedMs">Running time so far or in all, in milliseconds (0 while queued).</param>
/// <param name="Result">Link to the result (a ranking, the graph...) once succeeded, else null.</param>
/// <param name="Steps">Per-step timings (one per metric of an analysis).</param>
/// <param name="Import">The import report, for an import job that finished.</param>
/// <param name="Error">The problem that made the job fail, or null.</param>
/// <param name="EtaSeconds">
/// Estimated seconds until the job finishes, or null when unknown or finished. Running with progress p &gt; 0:
/// elapsed × (1 − p) / p; before any progress (queued, or just started): the job's estimated work divided by the
/// server's assumed speed (<c>WorkPerSecond</c>), not counting the time spent queued. Indicative only.
/// </param>
/// <param name="Lane"><c>quick</c> for a short job (it may use the slots reserved for short jobs and never waits behind a long one), <c>general</c> otherwise.</param>
public sealed record JobStatus(
    string Id, string Kind, string Graph, string State, double Progress, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double ElapsedMs,
    string? Result, IReadOnlyList<JobStep> Steps, ImportReportDto? Import, JobError? Error, double? EtaSeconds = null, string Lane = "general");

/// <summary>One step of a job.</summary>
/// <param name="Name">Step name (a metric).</param>
/// <param name="State"><c>pending</c>, <c>running</c>, <c>cached</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>, or <c>skipped</c> (not started because the job was cancelled or failed before).</param>
/// <param name="ElapsedMs">Time spent in milliseconds.</param>
/// <param name="Result">Link to the step's result once available.</param>
public sealed record JobStep(string Name, string State, double ElapsedMs, string? Result);

/// <summary>Why a job failed (the same members as a problem response).</summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Problem title.</param>
/// <param name="Status">HTTP status the same failure would have had in a request.</param>
/// <param name="Detail">What went wrong, with file/line/field for import errors.</param>
public sealed record JobError(string Type, string Title, int Status, string Detail);

/// <summary>Requests a background analysis: the listed metrics are computed and cached for the current graph version.</summary>
public sealed record AnalysisRequest
{
    /// <summary>Metrics to compute (see GET /metrics); default <c>pagerank</c> and <c>betweenness</c>.</summary>
    [Description("Metrics to compute (see GET /metrics); default pagerank and betweenness.")]
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>Options applied to the metrics they concern, by query-parameter name (e.g. <c>{"alpha": 0.9, "samples": 500}</c>).</summary>
    [Description("Options applied to the metrics they concern, by query-parameter name (e.g. {\"alpha\": 0.9, \"samples\": 500}).")]
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Options { get; init; }
}
