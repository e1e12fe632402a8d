namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// Options of <see cref="Harmonic"/>. Defaults are NetworkX's <c>harmonic_centrality(G)</c>
/// (directed, unweighted, every account, no cutoff).
/// </summary>
public sealed record HarmonicOptions
{
    /// <summary>
    /// Edge weights are distances (Dijkstra; NetworkX <c>distance="weight"</c>) instead of hops;
    /// default false. Weights must be finite and ≥ 0; an account at distance 0 (zero-weight edges)
    /// adds nothing, as in NetworkX. Ignored when the snapshot carries no weights.
    /// </summary>
    public bool Weighted { get; init; }

    /// <summary>
    /// The undirected view (NetworkX <c>harmonic_centrality(G.to_undirected())</c>, igraph
    /// <c>mode="all"</c>); default false. A follow either way is a tie, so the score sums 1/d over
    /// every account within d ties, followers or followees alike. Weighted: a pair followed both ways
    /// uses the lighter weight.
    /// </summary>
    public bool Undirected { get; init; }

    /// <summary>
    /// Only accounts within this distance count (inclusive; hops, or the sum of weights when
    /// weighted; igraph <c>cutoff</c>); null (default) or +∞ = no cutoff. Must be ≥ 0. NetworkX has
    /// no cutoff; without one the result is NetworkX's.
    /// </summary>
    public double? Cutoff { get; init; }

    /// <summary>
    /// Compute only these accounts (NetworkX <c>nbunch</c>); the others score 0 and
    /// <see cref="HarmonicResult.Computed"/> says which were computed. Null (default) = every account.
    /// Each must be an account of the graph; repeats are ignored. The cost is one search per account listed.
    /// </summary>
    public IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>Threads to use, ≥ 1; null (default) = every core. Results are identical whatever the value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
