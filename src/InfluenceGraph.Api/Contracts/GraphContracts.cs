using System.ComponentModel;

namespace InfluenceGraph.Api.Contracts;

/// <summary>A graph: its size, structure statistics and version.</summary>
/// <param name="Name">Graph name (1-64 characters of A-Z, a-z, 0-9, '.', '_', '-').</param>
/// <param name="Version">Incremented by every applied import; 0 for a new empty graph. Rankings, cursors and ETags belong to one version.</param>
/// <param name="Accounts">Number of accounts n (isolated ones included).</param>
/// <param name="Edges">Number of follower edges m (after the duplicate and self-loop policy).</param>
/// <param name="SelfLoops">Self-loop edges kept.</param>
/// <param name="Weighted">True when the edges carry weights.</param>
/// <param name="Density">m / (n (n - 1)) as NetworkX <c>density</c> for a directed graph; null when n &lt; 2.</param>
/// <param name="Reciprocity">Share of edges whose reverse edge exists (NetworkX <c>overall_reciprocity</c>; self-loops count as not reciprocated); null when there is no edge.</param>
/// <param name="LargestStronglyConnectedComponent">Accounts in the largest strongly connected component (every account reaches every other along follow edges); 0 for an empty graph.</param>
/// <param name="StronglyConnectedComponents">Number of strongly connected components (an isolated account is one).</param>
/// <param name="DuplicateEdges">Duplicate-row policy: <c>collapse</c> (a set, NetworkX DiGraph) or <c>keep</c> (multigraph).</param>
/// <param name="SelfLoopPolicy">Self-loop policy: <c>keep</c> or <c>drop</c>.</param>
/// <param name="CreatedAt">When the graph was created (UTC).</param>
/// <param name="LastImportAt">When the last import was applied (UTC); null when never.</param>
/// <param name="LastImport">The report of the most recent import batch (applied or refused), or null when none is recorded.</param>
public sealed record GraphSummary(
    string Name,
    long Version,
    int Accounts,
    long Edges,
    int SelfLoops,
    bool Weighted,
    double? Density,
    double? Reciprocity,
    int LargestStronglyConnectedComponent,
    int StronglyConnectedComponents,
    string DuplicateEdges,
    string SelfLoopPolicy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastImportAt,
    ImportReportDto? LastImport);

/// <summary>The graphs of the catalog, ordered by name.</summary>
/// <param name="Graphs">One summary per graph.</param>
public sealed record GraphList(IReadOnlyList<GraphSummary> Graphs);

/// <summary>Creates an empty graph.</summary>
public sealed record CreateGraphRequest
{
    /// <summary>Graph name: 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'.</summary>
    [Description("Graph name: 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'.")]
    public required string Name { get; init; }

    /// <summary>What a repeated follower/followee row means: <c>collapse</c> (default: one edge, NetworkX DiGraph) or <c>keep</c> (multigraph).</summary>
    [Description("What a repeated follower/followee row means: collapse (default: one edge, NetworkX DiGraph) or keep (multigraph).")]
    public string? DuplicateEdges { get; init; }

    /// <summary>What an edge from an account to itself means: <c>keep</c> (default, NetworkX) or <c>drop</c>.</summary>
    [Description("What an edge from an account to itself means: keep (default, NetworkX) or drop.")]
    public string? SelfLoops { get; init; }
}
