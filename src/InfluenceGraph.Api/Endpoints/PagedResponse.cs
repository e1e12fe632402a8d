using System.Globalization;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// The one responder of paged lists (rankings, influencers, and every new list): JSON/CSV negotiation,
/// the <c>top</c>/<c>offset</c>/<c>cursor</c> checks, the page window, <c>X-Graph-Version</c>, the ETag
/// with <c>If-None-Match</c> → 304, 202 with <c>Retry-After</c> for a result a job is computing, and
/// the next-page cursor.
/// </summary>
/// <remarks>
/// <para>Use, in this order (each step returns a problem or result to answer at once, or null to go on):</para>
/// <list type="number">
/// <item><see cref="Negotiate"/>: <c>format=json|csv</c>, else the <c>Accept</c> header (CSV when <c>text/csv</c> has a q at least that of JSON).</item>
/// <item><see cref="Bind"/> with the list's key (graph version + normalized parameters: a cursor of another key is stale, 409):
/// <c>offset</c> ≥ 0, not both <c>offset</c> and <c>cursor</c>, <c>top</c> in 1..<see cref="MaxPageSize"/> for JSON (any ≥ 1 for CSV).</item>
/// <item><see cref="NotModified"/> with what else distinguishes the page: sets <c>X-Graph-Version</c>; a matching
/// <c>If-None-Match</c> gives 304 before anything is computed.</item>
/// <item>Compute through <see cref="Services.Computations.ComputationService"/>; a job → <see cref="Accepted(Job)"/>.</item>
/// <item><see cref="Window"/> for the slice, <see cref="Fresh"/> for the 200's ETag and <c>Cache-Control: no-cache</c>,
/// <see cref="NextCursor"/> for the JSON body's <c>nextCursor</c>.</item>
/// </list>
/// <para>Problem texts are those of the rankings since the first release (clients match on the problem type, people read the text).</para>
/// </remarks>
public sealed class PagedResponse
{
    /// <summary>Response header carrying the graph version a response belongs to.</summary>
    public const string VersionHeader = "X-Graph-Version";

    private readonly HttpContext _context;
    private string? _key;
    private string? _etag;

    private PagedResponse(HttpContext context, bool csv, int maxPageSize)
    {
        _context = context;
        Csv = csv;
        MaxPageSize = maxPageSize;
    }

    /// <summary>True for CSV, false for JSON.</summary>
    public bool Csv { get; }

    /// <summary>The largest JSON page (<see cref="Hosting.InfluenceGraphOptions.MaxPageSize"/>); CSV pages are unbounded.</summary>
    public int MaxPageSize { get; }

    /// <summary>The first row of the page asked for (0-based; from <c>offset</c> or the cursor), set by <see cref="Bind"/>.</summary>
    public int Offset { get; private set; }

    /// <summary>The <c>top</c> asked for, or null for the list's default, set by <see cref="Bind"/>.</summary>
    public int? Top { get; private set; }

    /// <summary>
    /// Chooses the format: <paramref name="format"/> (<c>json</c> or <c>csv</c>, any case) when given, else the
    /// request's <c>Accept</c> header.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="format">The <c>format</c> query parameter, or null.</param>
    /// <param name="maxPageSize">The largest JSON page.</param>
    /// <param name="problem">A 400 naming <c>format</c> when it is neither json nor csv.</param>
    /// <returns>The responder, or null with <paramref name="problem"/> set.</returns>
    public static PagedResponse? Negotiate(HttpContext context, string? format, int maxPageSize, out ProblemHttpResult? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        problem = null;
        switch (format?.ToLowerInvariant())
        {
            case "csv": return new PagedResponse(context, true, maxPageSize);
            case "json": return new PagedResponse(context, false, maxPageSize);
            case null: return new PagedResponse(context, PrefersCsv(context.Request), maxPageSize);
            default:
                problem = ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{format}').");
                return null;
        }
    }

    /// <summary>
    /// Checks the page parameters against the list identified by <paramref name="key"/> and sets
    /// <see cref="Offset"/> and <see cref="Top"/>.
    /// </summary>
    /// <param name="key">What the list is (graph version and normalized parameters); a cursor issued for another key is stale.</param>
    /// <param name="state">The graph version (named in the stale-cursor problem).</param>
    /// <param name="top">The <c>top</c> parameter, or null.</param>
    /// <param name="offset">The <c>offset</c> parameter, or null.</param>
    /// <param name="cursor">The <c>cursor</c> parameter (a <c>nextCursor</c> of an earlier page), or null.</param>
    /// <param name="otherKeyMeans">How the stale-cursor problem names a different key (e.g. <c>other options</c>, <c>another query</c>).</param>
    /// <param name="jsonTopHint">Added to the JSON <c>top</c> problem (e.g. <c>"; use CSV for longer lists"</c>), or empty.</param>
    /// <returns>Null when the parameters are good; else the problem to answer: 400 naming <c>offset</c>, <c>cursor</c> or <c>top</c>, or 409 <c>cursor-stale</c>.</returns>
    public ProblemHttpResult? Bind(string key, GraphState state, int? top, int? offset, string? cursor, string otherKeyMeans = "other options", string jsonTopHint = "")
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(state);
        _key = key;
        Offset = offset ?? 0;
        if (offset < 0) return ApiProblems.InvalidParameter("offset", $"offset must be >= 0 (got {offset}).");
        if (cursor is not null)
        {
            if (offset is not null) return ApiProblems.InvalidParameter("cursor", "Give offset or cursor, not both.");
            if (!RankingCursor.TryDecode(cursor, key, out int fromCursor, out bool stale))
                return ApiProblems.InvalidParameter("cursor", "The cursor is not one this API issued (pass nextCursor unchanged).");
            if (stale)
                return ApiProblems.Of(ProblemKind.CursorStale,
                    $"The cursor belongs to another version of graph '{state.Name}' (now version {state.Version}) or to {otherKeyMeans}. Start again without a cursor.",
                    ("parameter", "cursor"), ("version", state.Version));
            Offset = fromCursor;
        }
        if (top is int t && (t < 1 || (!Csv && t > MaxPageSize)))
            return ApiProblems.InvalidParameter("top", Csv ? $"top must be >= 1 (got {t})." : $"top must be in 1..{MaxPageSize} (got {t}){jsonTopHint}.");
        Top = top;
        _context.Response.Headers[VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>
    /// The slice of a list of <paramref name="total"/> rows: from <see cref="Offset"/> (at most
    /// <paramref name="total"/>), <see cref="Top"/> rows or, when not given, <paramref name="jsonDefaultTop"/> in JSON and all in CSV.
    /// </summary>
    public (int Start, int Count) Window(int total, int jsonDefaultTop)
    {
        int start = Math.Min(Offset, total);
        return (start, Math.Min(Top ?? (Csv ? int.MaxValue : jsonDefaultTop), total - start));
    }

    /// <summary>
    /// Fixes the page's ETag from the list key and <paramref name="variant"/> (what else the body depends on:
    /// the slice, the format, CSV columns...), and answers 304 (with the ETag) when the request's
    /// <c>If-None-Match</c> matches it. Call after <see cref="Bind"/>, before computing: the page is a pure
    /// function of these, so a revalidation never computes.
    /// </summary>
    /// <returns>The 304 to answer, or null to go on.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Bind"/> was not called.</exception>
    public StatusCodeHttpResult? NotModified(string variant)
    {
        if (_key is null) throw new InvalidOperationException("Bind the page before asking for its ETag.");
        _etag = $"\"{RankingCursor.Fingerprint($"{_key}|{variant}")}\"";
        if (!IfNoneMatch(_context.Request, _etag)) return null;
        _context.Response.Headers.ETag = _etag;
        return TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    /// <summary>Marks a 200: the ETag fixed by <see cref="NotModified"/> and <c>Cache-Control: no-cache</c> (revalidate each time).</summary>
    public void Fresh()
    {
        if (_etag is not null) _context.Response.Headers.ETag = _etag;
        _context.Response.Headers.CacheControl = "no-cache";
    }

    /// <summary>The cursor of the page after the slice (<paramref name="start"/>, <paramref name="count"/>) of <paramref name="total"/> rows, or null after the last page.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Bind"/> was not called.</exception>
    public string? NextCursor(int start, int count, int total) =>
        start + count < total ? RankingCursor.Encode(_key ?? throw new InvalidOperationException("Bind the page first."), start + count) : null;

    /// <summary>202 Accepted with <paramref name="job"/> (the job computing the result), its location and <c>Retry-After: 2</c>.</summary>
    public Accepted<JobStatus> Accepted(Job job) => Accepted(_context, job.ToStatus());

    /// <summary>202 Accepted with the status of a job, its location <c>/jobs/{id}</c> and <c>Retry-After: 2</c>.</summary>
    public static Accepted<JobStatus> Accepted(HttpContext context, JobStatus job)
    {
        context.Response.Headers.RetryAfter = "2";
        return TypedResults.Accepted("/jobs/" + job.Id, job);
    }

    /// <summary>True when the <c>Accept</c> header gives <c>text/csv</c> a positive quality at least that of JSON (<c>application/json</c> or <c>*/*</c>).</summary>
    public static bool PrefersCsv(HttpRequest request)
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

    /// <summary>True when the request's <c>If-None-Match</c> lists <paramref name="etag"/> (weak comparison) or <c>*</c>.</summary>
    public static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var inm = request.GetTypedHeaders().IfNoneMatch;
        if (inm is null || inm.Count == 0) return false;
        var mine = new EntityTagHeaderValue(etag);
        return inm.Any(v => v.Equals(EntityTagHeaderValue.Any) || v.Compare(mine, useStrongComparison: false));
    }
}

/// <summary>Endpoint metadata of a paged list.</summary>
public static class PagedListEndpoint
{
    /// <summary>
    /// Declares what a <see cref="PagedResponse"/> list may answer, for the OpenAPI document: a 200 that
    /// can also be <c>text/csv</c> (<see cref="CsvResponseMetadata"/>), 304, and problems 400 (a bad
    /// parameter), 404 (no such graph) and 409 (stale cursor). The 202 is declared by the handler's result type.
    /// </summary>
    public static RouteHandlerBuilder ProducesPagedList(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new CsvResponseMetadata())
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
