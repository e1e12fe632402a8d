using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs</c>: list, create, describe and delete graphs.</summary>
public static class GraphsEndpoints
{
    /// <summary>Maps the graph endpoints.</summary>
    public static IEndpointRouteBuilder MapGraphsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs").WithTags("Graphs");

        group.MapGet("/", ListGraphs).WithName("ListGraphs").RequireReadKey()
            .WithSummary("List the graphs")
            .WithDescription("Every graph of the catalog, ordered by name, with its size, structure statistics and version.");

        group.MapPost("/", CreateGraph).WithName("CreateGraph").RequireWriteKey()
            .WithSummary("Create an empty graph")
            .WithDescription("Creates an empty graph (version 0) with its duplicate-edge and self-loop policy. Importing into a missing graph also creates it, with the default policy (a set of edges, self-loops kept).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{graph}", GetGraph).WithName("GetGraph").RequireReadKey()
            .WithSummary("Describe a graph")
            .WithDescription("Accounts, edges, version, density, reciprocity, largest strongly connected component and the time of the last import.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{graph}", DeleteGraph).WithName("DeleteGraph").RequireWriteKey()
            .WithSummary("Delete a graph")
            .WithDescription("Deletes the graph, its edges and attributes. Cached rankings of it are never served again. Its queued and running jobs (imports, analyses, rankings) are cancelled first: they end 'cancelled' with the reason in their message and error, and apply nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Lists the graphs.</summary>
    public static Ok<GraphList> ListGraphs(GraphCatalog catalog) =>
        TypedResults.Ok(new GraphList(catalog.List().Select(g => Summarize(g, catalog)).ToList()));

    /// <summary>Creates an empty graph.</summary>
    public static Results<Created<GraphSummary>, ProblemHttpResult> CreateGraph(CreateGraphRequest request, GraphCatalog catalog)
    {
        if (string.IsNullOrEmpty(request.Name)) return ApiProblems.InvalidParameter("name", "The graph name is required.");
        var dup = request.DuplicateEdges?.ToLowerInvariant() switch
        {
            null or "collapse" => (DuplicateEdgePolicy?)DuplicateEdgePolicy.Collapse,
            "keep" => DuplicateEdgePolicy.Keep,
            _ => null,
        };
        if (dup is null) return ApiProblems.InvalidParameter("duplicateEdges", $"duplicateEdges must be 'collapse' or 'keep' (got '{request.DuplicateEdges}').");
        var loops = request.SelfLoops?.ToLowerInvariant() switch
        {
            null or "keep" => (SelfLoopPolicy?)SelfLoopPolicy.Keep,
            "drop" => SelfLoopPolicy.Drop,
            _ => null,
        };
        if (loops is null) return ApiProblems.InvalidParameter("selfLoops", $"selfLoops must be 'keep' or 'drop' (got '{request.SelfLoops}').");
        try
        {
            var state = catalog.Create(request.Name, new GraphBuildOptions(dup.Value, loops.Value));
            return TypedResults.Created("/graphs/" + Uri.EscapeDataString(state.Name), Summarize(state, catalog));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.InvalidParameter("name", e.Message);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Of(ProblemKind.GraphExists, e.Message, ("graph", request.Name));
        }
    }

    /// <summary>Describes a graph.</summary>
    public static Results<Ok<GraphSummary>, ProblemHttpResult> GetGraph([Description("Graph name.")] string graph, GraphCatalog catalog) =>
        catalog.Get(graph) is { } state ? TypedResults.Ok(Summarize(state, catalog)) : ApiProblems.GraphNotFound(graph);

    /// <summary>Deletes a graph.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteGraph([Description("Graph name.")] string graph, GraphCatalog catalog, JobService jobs)
    {
        if (catalog.Get(graph) is null) return ApiProblems.GraphNotFound(graph);
        // Jobs first: an import still running would otherwise report success for data that is gone (or recreate the graph).
        await jobs.CancelGraphJobsAsync(graph, $"cancelled: graph '{graph}' was deleted", TimeSpan.FromSeconds(10));
        return catalog.Delete(graph) ? TypedResults.NoContent() : ApiProblems.GraphNotFound(graph);
    }

    /// <summary>The summary of one graph version, with the catalog's last import report.</summary>
    public static GraphSummary Summarize(GraphState state, GraphCatalog catalog)
    {
        var g = state.Snapshot;
        var stats = GraphStatistics.Of(g);
        return new GraphSummary(state.Name, state.Version, g.NodeCount, g.EdgeCount, g.SelfLoopCount, g.IsWeighted,
            stats.Density, stats.Reciprocity, stats.LargestStronglyConnectedComponent, stats.StronglyConnectedComponents,
            g.BuildOptions.DuplicateEdges == DuplicateEdgePolicy.Keep ? "keep" : "collapse",
            g.BuildOptions.SelfLoops == SelfLoopPolicy.Drop ? "drop" : "keep",
            state.CreatedAt, state.LastImportAt, catalog.Reports(state.Name).FirstOrDefault()?.ToDto());
    }
}
