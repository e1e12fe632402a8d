namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// Options of <see cref="Betweenness"/>. Defaults are NetworkX's <c>betweenness_centrality</c>
/// (normalized, endpoints off, unweighted, exact).
/// </summary>
public sealed record BetweennessOptions
{
    /// <summary>
    /// Rescale to [0, 1]; default true. Exact runs divide the raw sum by (n−1)(n−2) when n &gt; 2
    /// (NetworkX and NetworKit, directed: the number of ordered pairs that exclude the account), or by
    /// n(n−1) with <see cref="Endpoints"/> when n &gt; 1; smaller graphs are not scaled. n counts every
    /// account, isolated ones included. igraph has no normalized vertex betweenness (graph-tool's
    /// <c>norm=True</c> uses the same divisor for directed graphs). Sampled runs: see <see cref="Samples"/>.
    /// </summary>
    public bool Normalized { get; init; } = true;

    /// <summary>
    /// Count the endpoints of each path as lying on it (NetworkX <c>endpoints</c>, Brandes 2008
    /// variant); default false. An account then also scores 1 for every account it reaches and every
    /// account that reaches it.
    /// </summary>
    public bool Endpoints { get; init; }

    /// <summary>
    /// Edge weights are distances (Dijkstra) instead of hop counts (BFS); default false. Weights must
    /// be finite and ≥ 0. Path lengths equal up to a relative 1e-10 are ties (igraph), so 0.1 + 0.2
    /// ties with 0.3. Zero weights are accepted: every shortest path through accounts at equal
    /// distance counts, whatever the order of the input rows; a cycle of zero-weight edges (infinitely
    /// many shortest walks) is rejected with an <see cref="ArgumentException"/> naming its accounts.
    /// Ignored (BFS) when the snapshot carries no weights, since every edge then has length 1.
    /// </summary>
    public bool Weighted { get; init; }

    /// <summary>
    /// Number k of source pivots sampled uniformly without replacement (NetworkX <c>k</c>), 1 ≤ k ≤ n;
    /// null (default) = exact, every account a source. The estimate is rescaled as NetworkX ≥ 3.5's
    /// <c>_rescale</c>: see <see cref="Betweenness"/>. k = n gives the exact values whatever the seed.
    /// </summary>
    public int? Samples { get; init; }

    /// <summary>
    /// Seed of the pivot sample; default 0. Same seed and same graph give the same pivots (a partial
    /// Fisher–Yates shuffle driven by SplitMix64, independent of the .NET version and thread count).
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Explicit source accounts (NetworkX's sampled run with these pivots); overrides
    /// <see cref="Samples"/>. Null (default) = all accounts, or <see cref="Samples"/> pivots. Each
    /// must be an account of the graph, at most once, and the list must not be empty.
    /// </summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>
    /// Count only shortest paths of length ≤ cutoff (inclusive, igraph semantics): hops when
    /// unweighted, the sum of weights when <see cref="Weighted"/>. Must be ≥ 0; null (default) or
    /// +∞ = no cutoff. NetworkX's betweenness has no cutoff; the no-cutoff run is NetworkX's.
    /// </summary>
    public double? Cutoff { get; init; }

    /// <summary>
    /// The undirected view (NetworkX <c>betweenness_centrality(G.to_undirected())</c>); default false.
    /// A follow either way (or both) is one tie, walked both ways, so an account brokers between
    /// groups regardless of who follows whom. Pairs are then unordered: unnormalized scores are half
    /// the ordered-pair sum (NetworkX's correction), normalized ones divide that half by
    /// (n−1)(n−2)/2, that is the ordered sum by (n−1)(n−2) — NetworkX's 2/((n−1)(n−2)) for
    /// undirected graphs. Weighted: a pair followed both ways uses the lighter weight. A zero-weight
    /// tie is a zero-length cycle (there and back) and is rejected for weighted runs.
    /// </summary>
    public bool Undirected { get; init; }

    /// <summary>
    /// Guaranteed-error sampling (Riondato &amp; Kornaropoulos 2016): with probability at least
    /// 1 − <see cref="Delta"/>, every account's estimate is within ε of its exact normalized
    /// betweenness (NetworkX's normalization; unnormalized results are the same estimate rescaled).
    /// In (0, 1); null (default) = exact, or <see cref="Samples"/>/<see cref="Sources"/> pivots. The
    /// sample size grows as 1/ε² and with the log of an upper bound on the vertex diameter; the result
    /// states ε, δ, that bound and the sample size (<see cref="BetweennessResult.Guarantee"/>). Cannot be
    /// combined with <see cref="Samples"/>, <see cref="Sources"/>, <see cref="Endpoints"/> or <see cref="Cutoff"/>.
    /// </summary>
    public double? Epsilon { get; init; }

    /// <summary>
    /// Failure probability δ of the <see cref="Epsilon"/> guarantee, in (0, 1); null = 0.1 when
    /// <see cref="Epsilon"/> is given. Only with <see cref="Epsilon"/>.
    /// </summary>
    public double? Delta { get; init; }

    /// <summary>
    /// Threads to use, ≥ 1; null (default) = <see cref="Environment.ProcessorCount"/>. Results are
    /// bit-identical whatever the value.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
