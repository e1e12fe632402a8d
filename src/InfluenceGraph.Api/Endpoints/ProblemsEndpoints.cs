using System.ComponentModel;
using InfluenceGraph.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// <c>/problems/{kind}</c>: the documentation of each problem <c>type</c> URI, so that the URIs in
/// error responses resolve to an explanation.
/// </summary>
public static class ProblemsEndpoints
{
    /// <summary>Documentation of one problem type.</summary>
    /// <param name="Type">The type URI.</param>
    /// <param name="Status">HTTP status.</param>
    /// <param name="Title">Title.</param>
    /// <param name="Description">Meaning and remedy.</param>
    public sealed record ProblemTypeInfo(string Type, int Status, string Title, string Description);

    /// <summary>Maps the problem-type documentation.</summary>
    public static IEndpointRouteBuilder MapProblemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/problems").WithTags("Problems");
        group.MapGet("/", ListProblemTypes).WithName("ListProblemTypes")
            .WithSummary("List the problem types")
            .WithDescription("Every error kind the API reports (RFC 9457 'type' URIs), with its status and meaning.");
        group.MapGet("/{kind}", GetProblemType).WithName("GetProblemType")
            .WithSummary("Describe a problem type")
            .WithDescription("What the error means and what to do about it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Lists the problem types.</summary>
    public static Ok<IReadOnlyList<ProblemTypeInfo>> ListProblemTypes() =>
        TypedResults.Ok<IReadOnlyList<ProblemTypeInfo>>(ProblemKind.All.Select(Info).ToList());

    /// <summary>Describes one problem type.</summary>
    public static Results<Ok<ProblemTypeInfo>, ProblemHttpResult> GetProblemType([Description("Problem kind, e.g. graph-not-found.")] string kind) =>
        ProblemKind.All.FirstOrDefault(k => k.Slug == kind) is { } k
            ? TypedResults.Ok(Info(k))
            : ApiProblems.Of(ProblemKind.NotFound, $"No problem type '{kind}'. GET /problems lists them.", ("kind", kind));

    private static ProblemTypeInfo Info(ProblemKind k) => new(k.Type, k.Status, k.Title, k.Description);
}
