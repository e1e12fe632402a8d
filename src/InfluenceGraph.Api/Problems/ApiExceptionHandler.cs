using System.Text.RegularExpressions;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Imports;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Import;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Problems;

/// <summary>
/// Turns exceptions into problem responses: bad input becomes a 4xx naming what and where
/// (never a stack trace), anything else a 500 with only a trace id.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested) return true;
        ProblemDetails details = exception switch
        {
            UploadTooLargeException e => ApiProblems.PayloadTooLarge(e.Limit, e.What),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e =>
                ApiProblems.Details(ProblemKind.PayloadTooLarge, e.Message),
            BadHttpRequestException e => BadRequest(e),
            RequestBodyException e => e.Parameter is { } p
                ? ApiProblems.Details(e.Kind, e.Message, ("parameter", p))
                : ApiProblems.Details(e.Kind, e.Message),
            InvalidDataException e => ApiProblems.Details(ProblemKind.CorruptBody, $"The request body cannot be decoded: {e.Message}"),
            ImportFormatException e => ApiProblems.ImportFormat(e),
            ImportRejectedException e => ApiProblems.Details(ProblemKind.ImportRejected, e.Message, ("rejectedCount", e.Report.RejectedCount)),
            MetricOptionException e => ApiProblems.Details(ProblemKind.InvalidParameter, e.Message, ("parameter", e.Parameter)),
            _ => ApiProblems.Details(ProblemKind.Internal, "An unexpected error occurred; the traceId identifies it in the server log."),
        };
        if (details.Status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        else log.LogInformation("{Method} {Path}: {Status} {Detail}", httpContext.Request.Method, httpContext.Request.Path, details.Status, details.Detail);
        httpContext.Response.StatusCode = details.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException e)
    {
        // Binding failures read 'Failed to bind parameter "int? Top" from "abc".' or 'Required parameter "string name" was not provided...'.
        var m = ParameterName().Match(e.Message);
        if (m.Success)
        {
            string name = m.Groups[1].Value;
            name = char.ToLowerInvariant(name[0]) + name[1..];
            return ApiProblems.Details(ProblemKind.InvalidParameter, e.Message, ("parameter", name));
        }
        return ApiProblems.Details(ProblemKind.BadRequest, e.Message);
    }

    [GeneratedRegex("parameter \"[^\"]*?\\s([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
