namespace InfluenceGraph.Core.Graph;

/// <summary>What a repeated <c>follower -> followee</c> pair means.</summary>
public enum DuplicateEdgePolicy
{
    /// <summary>
    /// The follower graph is a set (NetworkX <c>DiGraph</c>, the default, and the semantics of the
    /// reference values the kernels are checked against): a repeated pair is one edge, and with weights
    /// the last occurrence wins (as <c>DiGraph.add_edge</c> overwrites).
    /// </summary>
    Collapse,

    /// <summary>
    /// Multigraph (NetworkX <c>MultiDiGraph</c>, igraph, graph-tool): every row is an edge. PageRank
    /// counts parallel edges with multiplicity (weights summed); betweenness still counts one path
    /// per neighbour, taking the minimum weight; degrees count multiplicity.
    /// </summary>
    Keep,
}

/// <summary>What an edge <c>a -> a</c> means.</summary>
public enum SelfLoopPolicy
{
    /// <summary>
    /// Keep it (NetworkX default): an ordinary out-edge for PageRank (it keeps that share of rank on
    /// its account), never on a shortest path, +1 in-degree and +1 out-degree.
    /// </summary>
    Keep,

    /// <summary>Drop self-loops when the snapshot is built (the account itself is kept).</summary>
    Drop,
}

/// <summary>How a <see cref="GraphBuilder"/> turns rows into a <see cref="GraphSnapshot"/>.</summary>
/// <param name="DuplicateEdges">Default <see cref="DuplicateEdgePolicy.Collapse"/>.</param>
/// <param name="SelfLoops">Default <see cref="SelfLoopPolicy.Keep"/>.</param>
public sealed record GraphBuildOptions(
    DuplicateEdgePolicy DuplicateEdges = DuplicateEdgePolicy.Collapse,
    SelfLoopPolicy SelfLoops = SelfLoopPolicy.Keep)
{
    /// <summary>The reference tools' defaults: a simple directed graph with self-loops kept.</summary>
    public static GraphBuildOptions Default { get; } = new();
}
