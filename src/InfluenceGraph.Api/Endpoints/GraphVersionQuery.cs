using System.ComponentModel;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// The <c>version</c> and <c>asOf</c> query parameters shared by every endpoint that reads a graph (rankings, account
/// detail, influencers, audiences, paths, guest lists): which version of the graph, or the network as it stood at a time.
/// </summary>
/// <remarks>Resolution: <see cref="VersionSpec.TryResolve(GraphCatalog, string, string?, string?, out GraphState?, out string?)"/>.</remarks>
public sealed record GraphVersionQuery
{
    /// <summary>Version number.</summary>
    [FromQuery(Name = "version"), Description("Graph version to read (GET /graphs/{graph}/versions lists them; default: the latest). Old versions are rebuilt from the store on first use and cached. An unknown version is a 400 naming this parameter.")]
    public string? Version { get; init; }

    /// <summary>Time.</summary>
    [FromQuery(Name = "asOf"), Description("The network as it stood at this time: ISO 8601 date (the end of that day, UTC) or date-time (UTC unless an offset is given), or epoch seconds (>= 100000000). On a graph imported with edge times: the edges with a time at or before it (of 'version', default the latest). Without edge times: the last version committed at or before it (not combinable with 'version').")]
    public string? AsOf { get; init; }

    /// <summary>
    /// The state to read: 404 when the graph does not exist; 400 naming <c>version</c> or <c>asOf</c> when it does not
    /// resolve; else null with <paramref name="state"/> set.
    /// </summary>
    public ProblemHttpResult? Select(GraphCatalog catalog, string graph, out GraphState state)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        state = null!;
        if (catalog.Get(graph) is null) return ApiProblems.GraphNotFound(graph);
        string? error, parameter;
        GraphState? resolved;
        try { error = VersionSpec.TryResolve(catalog, graph, Version, AsOf, out resolved, out parameter); }
        catch (KeyNotFoundException) { return ApiProblems.GraphNotFound(graph); } // deleted meanwhile
        if (error is not null) return ApiProblems.InvalidParameter(parameter!, $"{parameter}: {error}");
        state = resolved!;
        return null;
    }
}
