namespace InfluenceGraph.Api.Problems;

/// <summary>
/// One kind of error the API reports as an RFC 9457 problem: a stable <c>type</c> URI
/// (<c>/problems/{Slug}</c>, documented at that address), an HTTP status and a fixed title.
/// </summary>
/// <param name="Slug">Stable identifier, e.g. <c>graph-not-found</c>.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="Title">Short summary that does not change between occurrences.</param>
/// <param name="Description">What it means and what to do about it.</param>
public sealed record ProblemKind(string Slug, int Status, string Title, string Description)
{
    /// <summary>The problem <c>type</c> URI (a relative reference resolved against the API's address).</summary>
    public string Type => "/problems/" + Slug;

    /// <summary>No graph has the name given in the path.</summary>
    public static readonly ProblemKind GraphNotFound = new("graph-not-found", 404, "Graph not found",
        "No graph has this name. GET /graphs lists the graphs; POST /graphs or an import creates one.");

    /// <summary>The account is not in the graph.</summary>
    public static readonly ProblemKind AccountNotFound = new("account-not-found", 404, "Account not found",
        "The graph has no account with this handle. Handles are compared after trimming and Unicode NFC normalisation; a leading '@' is ignored, and a handle that differs only by case is used when it is the only one (the Matched-Account header then says which). 'nearMatches' lists up to five handles close to the one asked for.");

    /// <summary>Several handles differ from the one asked for only by case.</summary>
    public static readonly ProblemKind AccountAmbiguous = new("account-ambiguous", 409, "Account ambiguous",
        "No handle is exactly the one asked for, and several differ from it only by case; 'candidates' lists them. Ask again with the exact handle.");

    /// <summary>Unknown metric name.</summary>
    public static readonly ProblemKind MetricNotFound = new("metric-not-found", 404, "Metric not found",
        "This metric does not exist. GET /metrics lists the metric names and their options.");

    /// <summary>Unknown or forgotten job id.</summary>
    public static readonly ProblemKind JobNotFound = new("job-not-found", 404, "Job not found",
        "No job has this id: it never existed or finished long ago and was forgotten.");

    /// <summary>A query, path or body parameter is invalid.</summary>
    public static readonly ProblemKind InvalidParameter = new("invalid-parameter", 400, "Invalid parameter",
        "A parameter is missing, malformed or out of range; the 'parameter' member names it.");

    /// <summary>The request could not be read (malformed JSON, wrong type).</summary>
    public static readonly ProblemKind BadRequest = new("bad-request", 400, "Bad request",
        "The request could not be read as sent (malformed JSON body, a value of the wrong type).");

    /// <summary>The import body has a line that cannot be read.</summary>
    public static readonly ProblemKind ImportFormat = new("import-format", 400, "Unreadable import",
        "The import body cannot be read; 'file', 'line' and 'field' say where. Nothing was applied.");

    /// <summary>The import body is empty.</summary>
    public static readonly ProblemKind EmptyBody = new("empty-body", 400, "Empty import",
        "The request body is empty, so there is nothing to import (with curl, check the path after --data-binary @: a file that cannot be read is sent as an empty body).");

    /// <summary>The body does not decode: bad or truncated compressed data, a multipart body without its closing boundary.</summary>
    public static readonly ProblemKind CorruptBody = new("corrupt-body", 400, "Body cannot be decoded",
        "The request body does not decode as declared: a Content-Encoding (gzip, deflate, br) or application/gzip body that is not that encoding, is truncated, fails its checksum or has bytes after its end, or a multipart/form-data body cut off before its closing boundary. Nothing was imported; resend the complete body.");

    /// <summary>The import body stopped arriving: no byte for longer than the body idle timeout.</summary>
    public static readonly ProblemKind BodyStalled = new("body-stalled", 408, "Request body stalled",
        "No byte of the import body arrived for longer than the server's body idle timeout (InfluenceGraph:ImportBodyIdleTimeoutSeconds, default 30 s): a paused or stalled client would otherwise hold the graph's import turn and block its other imports and its deletion. Nothing was imported; resend the body without pauses.");

    /// <summary>The import had rejected rows and onError=fail.</summary>
    public static readonly ProblemKind ImportRejected = new("import-rejected", 400, "Import rejected",
        "Some rows were rejected and onError=fail, so nothing was applied; 'rejections' lists the first ones with line and field. Fix them, or retry with onError=skip.");

    /// <summary>The paging cursor belongs to another version of the graph, or to other options.</summary>
    public static readonly ProblemKind CursorStale = new("cursor-stale", 409, "Cursor no longer valid",
        "The cursor was issued for another version of the graph (it changed since) or for other options. Start again from the first page.");

    /// <summary>A graph with that name exists.</summary>
    public static readonly ProblemKind GraphExists = new("graph-exists", 409, "Graph already exists",
        "A graph with this name exists. DELETE it first, or import into it with mode=replace.");

    /// <summary>Another process changed the graph during this write.</summary>
    public static readonly ProblemKind WriteConflict = new("write-conflict", 409, "Graph changed meanwhile",
        "Another process (the CLI, another server on the same database) deleted or rewrote this graph while this write ran, so nothing was applied. Retry: the write then applies to the newer version. (Imports of one graph wait for each other and do not meet this.)");

    /// <summary>An accepted import job was interrupted by a server crash or kill.</summary>
    public static readonly ProblemKind JobInterrupted = new("job-interrupted", 409, "Job interrupted by a server stop",
        "The server stopped (crash, kill, power loss) while this import job ran. An import is all-or-nothing: the graph's version shows whether its commit completed. Resend the file to be sure. Jobs that had not started when the server stopped are resumed at the next start instead.");

    /// <summary>The job already finished.</summary>
    public static readonly ProblemKind JobFinished = new("job-finished", 409, "Job already finished",
        "The job finished before it could be cancelled; its state and result are unchanged.");

    /// <summary>The job was cancelled before it finished.</summary>
    public static readonly ProblemKind JobCancelled = new("job-cancelled", 409, "Job cancelled",
        "The job was cancelled before it finished: by DELETE /jobs/{id}, because its graph was deleted, because a newer version of the graph superseded the version it computed, or because the server shut down. The detail says which; nothing of it was applied.");

    /// <summary>The body is larger than MaxUploadBytes.</summary>
    public static readonly ProblemKind PayloadTooLarge = new("payload-too-large", 413, "Request body too large",
        "The body is larger than the configured limit (InfluenceGraph:MaxUploadBytes, or MaxDecompressedBytes after gzip decompression). 'limitBytes' gives it. Split the import into batches with mode=append, or raise the limit.");

    /// <summary>The body's media type cannot be imported.</summary>
    public static readonly ProblemKind UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type",
        "The Content-Type is not one of the accepted import types; 'supported' lists them.");

    /// <summary>Too many imports.</summary>
    public static readonly ProblemKind RateLimited = new("rate-limited", 429, "Too many requests",
        "Too many imports from this client in the current window (InfluenceGraph:ImportsPerMinute). Retry after the number of seconds in the Retry-After header.");

    /// <summary>No or a wrong API key.</summary>
    public static readonly ProblemKind ApiKeyRequired = new("api-key-required", 401, "API key required",
        "This operation needs a valid key in the X-Api-Key header.");

    /// <summary>Development mode (no keys configured) refuses writes from other machines.</summary>
    public static readonly ProblemKind LocalOnly = new("local-only", 403, "Writes are local-only",
        "No API key is configured (development mode), so writes are accepted only from this machine, from a client talking to the server directly (no reverse proxy: no Forwarded/X-Forwarded-* header), and not from a page of another site (Origin other than the server's own or InfluenceGraph:AllowedOrigins, or Sec-Fetch-Site: cross-site). Configure InfluenceGraph:ApiKeys to accept other writes.");

    /// <summary>No resource at this address (unknown route or problem type).</summary>
    public static readonly ProblemKind NotFound = new("not-found", 404, "Not found",
        "Nothing is served at this address. The OpenAPI document at /openapi/v1.json lists every operation.");

    /// <summary>The route exists but not with this HTTP method.</summary>
    public static readonly ProblemKind MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "This address does not accept this HTTP method; the Allow header lists the ones it does.");

    /// <summary>A CSV or Parquet request whose result a job is still computing after the request's wait.</summary>
    public static readonly ProblemKind ResultNotReady = new("result-not-ready", 503, "Result not ready yet",
        "A background job is computing the result of this table request (CSV or Parquet) and it was not finished within the request's wait. Retry after the seconds of Retry-After, follow the job at Location (GET /jobs/{id}), or ask with a longer wait=SECONDS (or 'Prefer: wait=N'). A table reader never receives a 202 whose JSON body would parse as a table.");

    /// <summary>An analysis whose estimated cost is above the server's limit for starting it from a GET.</summary>
    public static readonly ProblemKind ExpensiveAnalysis = new("expensive-analysis", 409, "Analysis not started: estimated cost over the limit",
        "Computing this result is estimated to take longer than the server starts on a plain GET (the 'estimate' member gives the work, seconds and memory). Start it on purpose with the request in the 'start' member (POST /graphs/{graph}/analyses), or ask for a cheaper variant (e.g. sampled betweenness with samples=N).");

    /// <summary>An analysis refused before it started: its estimated memory would not fit in the memory available to the server.</summary>
    public static readonly ProblemKind InsufficientMemory = new("insufficient-memory", 507, "Analysis not started: it would not fit in memory",
        "The analysis's estimated peak memory plus what the server already uses exceeds the memory available to the server process (physical memory, its container's limit, or the InfluenceGraph:AvailableMemoryBytes setting). Nothing was started. The members name the analysis, the estimate, the memory in use and available (bytes), and what would make it fit (fewer pivots, fewer HyperLogLog registers, fewer hops...).");

    /// <summary>Unexpected failure.</summary>
    public static readonly ProblemKind Internal = new("internal-error", 500, "Internal error",
        "An unexpected error; the 'traceId' member identifies it in the server log.");

    /// <summary>Every kind, for the documentation endpoint.</summary>
    public static IReadOnlyList<ProblemKind> All { get; } =
    [
        GraphNotFound, AccountNotFound, AccountAmbiguous, MetricNotFound, JobNotFound, InvalidParameter, BadRequest, ImportFormat,
        EmptyBody, CorruptBody, BodyStalled, ImportRejected, CursorStale, GraphExists, WriteConflict, JobInterrupted, JobFinished, JobCancelled, PayloadTooLarge, UnsupportedMediaType, RateLimited,
        ResultNotReady, ExpensiveAnalysis, InsufficientMemory,
        ApiKeyRequired, LocalOnly, NotFound, MethodNotAllowed, Internal,
    ];
}
