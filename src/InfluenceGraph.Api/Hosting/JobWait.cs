using System.Globalization;
using System.Reflection;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Services.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// Marks an endpoint whose 202 starts a job that must not run twice (an analysis, an import): with a
/// wait, the answer is the job's final status (200) once it finished, instead of asking the endpoint again.
/// </summary>
public sealed class StartsJobMetadata;

/// <summary>Marks an endpoint that can answer 202 with a job, so accepts <c>wait</c> (set by <see cref="JobWait.WaitForJobs{TBuilder}"/>; read by the OpenAPI document and the unknown-parameter check).</summary>
public sealed class JobWaitMetadata;

/// <summary>
/// Never a silent 202 for a table reader: every endpoint that can answer 202 Accepted with a job
/// accepts <c>wait=SECONDS</c> (or the request header <c>Prefer: wait=N</c>, RFC 7240 section 4.3)
/// and blocks up to that long for the job; a CSV/Parquet/file request whose result is still not ready
/// answers 503 <c>result-not-ready</c> with <c>Retry-After</c> and the job's <c>Location</c>.
/// </summary>
/// <remarks>
/// <para>Semantics: the endpoint is asked; when it answers 202 with a job and a wait remains, the filter waits
/// for the job to finish (at most until the deadline) and asks the endpoint again, which now finds the cached
/// result (200). For an endpoint marked <see cref="StartsJobMetadata"/> (POST analyses, imports) it is not
/// asked again: a finished job is answered with 200 and its import report (imports) or its status (analyses). A job that failed answers the job's problem
/// (its status and type, plus <c>jobId</c>). JSON requests still not finished keep the 202 and the job.</para>
/// <para>A request is a table request when it is a GET whose <c>format</c> parameter is given and is not <c>json</c>
/// (csv, parquet, graphml, gexf), or its <c>Accept</c> header prefers <c>text/csv</c>. Such a request never
/// receives a 202: with no wait or after it, the answer is 503 (<c>pandas.read_csv</c> raises an HTTPError on it).</para>
/// <para><c>wait</c> is a number of seconds in [0, <see cref="InfluenceGraphOptions.MaxWaitSeconds"/>]; anything
/// else is a 400 naming <c>wait</c>. <c>Prefer: wait=N</c> (used when the query has no <c>wait</c>) is capped at
/// the maximum, and an unreadable one is ignored as RFC 7240 asks; when honoured the response carries
/// <c>Preference-Applied: wait=N</c> with the seconds actually allowed.</para>
/// </remarks>
public static class JobWait
{
    /// <summary>The query parameter.</summary>
    public const string Parameter = "wait";

    /// <summary>Retry-After (seconds) of a 503 for a result still computing.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>Adds the wait to every endpoint of <paramref name="builder"/> whose handler can answer <see cref="Accepted{JobStatus}"/>; other endpoints are unchanged.</summary>
    public static TBuilder WaitForJobs<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(b =>
        {
            var method = b.Metadata.OfType<MethodInfo>().FirstOrDefault();
            if (method is null || !CanAnswerAccepted(method)) return;
            b.Metadata.Add(new JobWaitMetadata());
            bool reads = b.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains("GET"));
            if (reads) b.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        });
        return builder.AddEndpointFilterFactory((context, next) =>
        {
            if (!CanAnswerAccepted(context.MethodInfo)) return next;
            return invocation => WaitAsync(invocation, next);
        });
    }

    /// <summary>True when the handler's declared result (a <c>Results&lt;...&gt;</c>, possibly in a Task) includes <see cref="Accepted{JobStatus}"/>.</summary>
    public static bool CanAnswerAccepted(MethodInfo method) => Mentions(method.ReturnType, 0);

    private static bool Mentions(Type t, int depth)
    {
        if (t == typeof(Accepted<JobStatus>)) return true;
        if (depth > 4 || !t.IsGenericType) return false;
        return t.GetGenericArguments().Any(a => Mentions(a, depth + 1));
    }

    private static async ValueTask<object?> WaitAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<InfluenceGraphOptions>>().Value;
        double max = options.MaxWaitSeconds;
        double seconds = 0;
        bool preferred = false;
        if (http.Request.Query.TryGetValue(Parameter, out var raw))
        {
            if (raw.Count != 1 || !double.TryParse(raw[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds) || !double.IsFinite(seconds) || seconds > max)
                return ApiProblems.InvalidParameter(Parameter, $"wait must be a number of seconds in [0, {max.ToString(CultureInfo.InvariantCulture)}] (got '{string.Join(",", raw.ToArray())}').");
        }
        else if (PreferredWait(http.Request) is double p)
        {
            seconds = Math.Min(p, max);
            preferred = true;
        }

        var result = Unwrap(await next(invocation).ConfigureAwait(false));
        if (preferred) http.Response.Headers["Preference-Applied"] = "wait=" + seconds.ToString(CultureInfo.InvariantCulture);
        var jobs = http.RequestServices.GetRequiredService<JobService>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        bool startsJob = http.GetEndpoint()?.Metadata.GetMetadata<StartsJobMetadata>() is not null;
        // A request that starts a job and asked for no wait is answered 202 with the job, as documented, even when the job
        // already finished by now (a small one can, on an idle machine): the answer must not depend on that race.
        bool asked = raw.Count > 0 || preferred;
        while ((asked || !startsJob) && result is Accepted<JobStatus> { Value: { } status } && jobs.Get(status.Id) is { } job)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (!job.IsFinished)
            {
                if (remaining <= TimeSpan.Zero) break;
                try { await job.Completion.WaitAsync(remaining, http.RequestAborted).ConfigureAwait(false); }
                catch (TimeoutException) { break; }
            }
            var final = job.ToStatus();
            if (job.State is JobState.Failed or JobState.Cancelled && final.Error is { } error)
            {
                http.Response.Headers.Remove("Retry-After");
                return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Type = error.Type, Title = error.Title, Status = error.Status,
                    Detail = error.Detail, Extensions = { ["jobId"] = job.Id, ["job"] = final },
                });
            }
            http.Response.Headers.Remove("Retry-After");
            if (startsJob) return final.Import is { } report ? TypedResults.Ok(report) : TypedResults.Ok(final);
            result = Unwrap(await next(invocation).ConfigureAwait(false));
        }
        if (!startsJob && result is Accepted<JobStatus> { Value: { } pending } && WantsTable(http.Request))
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.Location = "/jobs/" + pending.Id;
            return ApiProblems.Of(ProblemKind.ResultNotReady,
                $"Job {pending.Id} ({pending.Kind}) is computing this result ({pending.State}, {pending.Progress:P0}{(pending.EtaSeconds is double eta ? $", about {eta:0} s left" : "")}) and it was not ready within wait={seconds.ToString(CultureInfo.InvariantCulture)} s. Retry after {RetryAfterSeconds} s, follow GET /jobs/{pending.Id}, or ask with wait=SECONDS (at most {max.ToString(CultureInfo.InvariantCulture)}).",
                ("jobId", pending.Id), ("job", pending), ("retryAfterSeconds", RetryAfterSeconds));
        }
        return result;
    }

    /// <summary>The result inside a <c>Results&lt;...&gt;</c> union (<see cref="INestedHttpResult"/>), or the result itself.</summary>
    private static object? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result;
    }

    /// <summary>True for a GET of a table or file: <c>format</c> given and not <c>json</c>, or an <c>Accept</c> header preferring <c>text/csv</c>.</summary>
    public static bool WantsTable(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method)) return false;
        if (request.Query.TryGetValue("format", out var f) && f.Count > 0 && !string.IsNullOrEmpty(f[0]))
            return !string.Equals(f[0], "json", StringComparison.OrdinalIgnoreCase);
        return Endpoints.PagedResponse.PrefersCsv(request);
    }

    /// <summary>The <c>wait</c> preference of the <c>Prefer</c> header (RFC 7240: <c>Prefer: respond-async, wait=10</c>), or null when absent or unreadable.</summary>
    public static double? PreferredWait(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            if (header is null) continue;
            foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var token = part.Split(';', 2)[0].Trim();
                int eq = token.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0 || !token[..eq].Trim().Equals("wait", StringComparison.OrdinalIgnoreCase)) continue;
                var value = token[(eq + 1)..].Trim().Trim('"');
                if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s)) return s;
            }
        }
        return null;
    }
}
