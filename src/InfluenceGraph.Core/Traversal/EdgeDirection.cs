namespace InfluenceGraph.Core.Traversal;

/// <summary>
/// Which edges of the follower graph (edges <c>follower → followee</c>) a traversal walks from an account.
/// </summary>
/// <remarks>
/// NetworkX terms: <see cref="Out"/> walks <c>G</c> (<c>G.successors</c>), <see cref="In"/> walks
/// <c>G.reverse()</c> (<c>G.predecessors</c>), <see cref="Both"/> walks <c>G.to_undirected()</c>
/// (a follow either way is one tie; igraph <c>mode="all"</c> on a simple graph).
/// </remarks>
public enum EdgeDirection
{
    /// <summary>
    /// Along the follows, from a follower to the accounts it follows (followees, then their
    /// followees...): the accounts whose posts an account sees. NetworkX <c>G</c>, igraph <c>mode="out"</c>.
    /// </summary>
    Out,

    /// <summary>
    /// Against the follows, from an account to its followers (then followers of followers...): the
    /// audience its posts reach. NetworkX <c>G.reverse()</c>, igraph <c>mode="in"</c>.
    /// </summary>
    In,

    /// <summary>
    /// The undirected view: a follow either way is a tie between the two accounts. NetworkX
    /// <c>G.to_undirected()</c>, igraph <c>mode="all"</c> (on the de-duplicated graph).
    /// </summary>
    Both,
}
