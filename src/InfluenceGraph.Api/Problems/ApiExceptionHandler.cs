using System.Text.RegularExpressions;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Imports;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Import;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Problems;

/// <summary>
/// Turns exceptions into problem responses: bad input becomes a 4xx naming what and where
/// (never a stack trace), anything else a 500 with only a trace id.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, Microsoft.Extensions.Options.IOptions<Hosting.InfluenceGraphOptions> options, ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested) return true;
        ProblemDetails details = exception switch
        {
            UploadTooLargeException e => ApiProblems.PayloadTooLarge(e.Limit, e.What),
            DecodedSizeLimitException e => ApiProblems.PayloadTooLarge(e.Limit, "decompressed body"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiProblems.PayloadTooLarge(options.Value.MaxUploadBytes, "request body"),
            BadHttpRequestException e => BadRequest(e),
            RequestBodyException e => e.Parameter is { } p
                ? ApiProblems.Details(e.Kind, e.Message, ("parameter", p))
                : ApiProblems.Details(e.Kind, e.Message),
            InvalidDataException e => ApiProblems.Details(ProblemKind.CorruptBody, $"The request body cannot be decoded: {e.Message}"),
            ImportFormatException e => ApiProblems.ImportFormat(e),
            InfluenceGraph.Core.Storage.GraphWriteConflictException e => ApiProblems.Details(ProblemKind.WriteConflict, e.Message + " Nothing was applied; retry.", ("graph", e.Graph)),
            ImportRejectedException e => ApiProblems.Details(ProblemKind.ImportRejected, e.Message, ("rejectedCount", e.Report.RejectedCount)),
            MetricArgumentException e => ApiProblems.Details(ProblemKind.InvalidParameter, e.Message, ("parameter", e.Parameter)),
            AnalysisMemoryException e => ApiProblems.Details(ProblemKind.InsufficientMemory, e.Message, ("analysis", e.Analysis),
                ("estimateBytes", e.EstimateBytes), ("inUseBytes", e.InUseBytes), ("availableBytes", e.AvailableBytes), ("hint", e.Hint)),
            _ => ApiProblems.Details(ProblemKind.Internal, "An unexpected error occurred; the traceId identifies it in the server log."),
        };
        if (details.Status >= 500) log.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        else log.LogInformation("{Method} {Path}: {Status} {Detail}", httpContext.Request.Method, httpContext.Request.Path, details.Status, details.Detail);
        httpContext.Response.StatusCode = details.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException e)
    {
        // Binding failures read 'Failed to bind parameter "Nullable<int> MaxIterations" from "abc".' or
        // 'Required parameter "string name" was not provided...': say it in the API's terms, without .NET type names.
        if (e.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal))
            return ApiProblems.Details(ProblemKind.BadRequest, "The request body cannot be read as the JSON this operation expects (see its schema in /openapi/v1.json)"
                + (e.InnerException is { Message: { Length: > 0 } inner } ? ": " + inner : "."));
        var m = ParameterName().Match(e.Message);
        if (m.Success)
        {
            string type = m.Groups["type"].Value;
            string name = m.Groups["name"].Value;
            name = char.ToLowerInvariant(name[0]) + name[1..];
            string what = type.Contains("Int", StringComparison.OrdinalIgnoreCase) || type.Contains("Int64", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) ? "an integer"
                : type.Contains("Double", StringComparison.OrdinalIgnoreCase) || type.Contains("Single", StringComparison.Ordinal) || type.Contains("float", StringComparison.Ordinal) ? "a number"
                : type.Contains("Bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
                : "a valid value";
            string detail = e.Message.StartsWith("Required", StringComparison.Ordinal)
                ? $"{name} is required."
                : m.Groups["value"].Success ? $"{name} must be {what} (got '{m.Groups["value"].Value}')." : $"{name} must be {what}.";
            return ApiProblems.Details(ProblemKind.InvalidParameter, detail, ("parameter", name));
        }
        return ApiProblems.Details(ProblemKind.BadRequest, e.Message);
    }

    [GeneratedRegex("parameter \"(?<type>[^\"]*?)\\s(?<name>[A-Za-z_][A-Za-z0-9_]*)\"(?: from \"(?<value>[^\"]*)\")?")]
    private static partial Regex ParameterName();
}
