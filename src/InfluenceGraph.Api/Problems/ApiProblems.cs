using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Problems;

/// <summary>Builds the problem responses of the API (RFC 9457), one helper per <see cref="ProblemKind"/>.</summary>
public static class ApiProblems
{
    /// <summary>A problem of kind <paramref name="kind"/> with a specific <paramref name="detail"/> and extension members.</summary>
    public static ProblemDetails Details(ProblemKind kind, string detail, params (string Key, object? Value)[] extensions)
    {
        var p = new ProblemDetails { Type = kind.Type, Title = kind.Title, Status = kind.Status, Detail = detail };
        foreach (var (k, v) in extensions) p.Extensions[k] = v;
        return p;
    }

    /// <summary>The same as <see cref="Details"/>, as a typed result.</summary>
    public static ProblemHttpResult Of(ProblemKind kind, string detail, params (string Key, object? Value)[] extensions) =>
        TypedResults.Problem(Details(kind, detail, extensions));

    /// <summary>404 graph-not-found.</summary>
    public static ProblemHttpResult GraphNotFound(string graph) =>
        Of(ProblemKind.GraphNotFound, $"No graph named '{graph}'.", ("graph", graph));

    /// <summary>404 account-not-found.</summary>
    public static ProblemHttpResult AccountNotFound(string graph, string account) =>
        Of(ProblemKind.AccountNotFound, $"Graph '{graph}' has no account '{account}'.", ("graph", graph), ("account", account));

    /// <summary>
    /// The failed lookup of a typed handle (<see cref="AccountLookup"/>): 409 account-ambiguous with the
    /// candidates, or 404 account-not-found with the near matches.
    /// </summary>
    /// <param name="graph">Graph name.</param>
    /// <param name="lookup">The lookup that found no single account.</param>
    /// <param name="parameter">The query parameter that named the account (paths: from, to), or null for the path segment.</param>
    public static ProblemHttpResult AccountLookupFailed(string graph, AccountLookupResult lookup, string? parameter = null)
    {
        string detail = lookup.Describe(graph) + (parameter is null ? "" : $" (parameter {parameter})");
        var ext = new List<(string, object?)> { ("graph", graph), ("account", lookup.Typed) };
        if (parameter is not null) ext.Add(("parameter", parameter));
        if (lookup.Ambiguous) return Of(ProblemKind.AccountAmbiguous, detail, [.. ext, ("candidates", lookup.Candidates.ToArray())]);
        return Of(ProblemKind.AccountNotFound, detail, [.. ext, ("nearMatches", lookup.NearMatches.ToArray())]);
    }

    /// <summary>Response header naming the handle a lookup matched (<see cref="AccountLookup"/>), e.g. <c>Keir_Starmer</c> for <c>@keir_starmer</c>.</summary>
    public const string MatchedAccountHeader = "Matched-Account";

    /// <summary>404 metric-not-found.</summary>
    public static ProblemHttpResult MetricNotFound(string metric, IEnumerable<string> known) =>
        Of(ProblemKind.MetricNotFound, $"Unknown metric '{metric}'. Known metrics: {string.Join(", ", known)}.", ("metric", metric), ("known", known.ToArray()));

    /// <summary>404 job-not-found.</summary>
    public static ProblemHttpResult JobNotFound(string id) =>
        Of(ProblemKind.JobNotFound, $"No job with id '{id}'.", ("jobId", id));

    /// <summary>400 invalid-parameter naming the parameter.</summary>
    public static ProblemHttpResult InvalidParameter(string parameter, string detail) =>
        Of(ProblemKind.InvalidParameter, detail, ("parameter", parameter));

    /// <summary>400 import-format with file, line and field.</summary>
    public static ProblemDetails ImportFormat(ImportFormatException e)
    {
        var p = Details(ProblemKind.ImportFormat, e.Message, ("file", e.File), ("line", e.Line), ("field", e.Field), ("reason", e.Reason));
        if (e.DeclaredFormat is not null) p.Extensions["declaredFormat"] = e.DeclaredFormat;
        if (e.DetectedFormat is not null) p.Extensions["detectedFormat"] = e.DetectedFormat;
        return p;
    }

    /// <summary>413 payload-too-large with the limit.</summary>
    public static ProblemDetails PayloadTooLarge(long limit, string what) =>
        Details(ProblemKind.PayloadTooLarge, $"The {what} is larger than the limit of {limit} bytes.", ("limitBytes", limit));
}
