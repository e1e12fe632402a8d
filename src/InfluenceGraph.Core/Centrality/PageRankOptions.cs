namespace InfluenceGraph.Core.Centrality;

/// <summary>Where the rank of dangling nodes (accounts that follow nobody) goes.</summary>
public enum DanglingPolicy
{
    /// <summary>Spread along the personalization vector (uniform when there is none). NetworkX's <c>dangling=None</c>, the default.</summary>
    Personalization,

    /// <summary>Spread uniformly over all accounts whatever the personalization.</summary>
    Uniform,
}

/// <summary>Options of <see cref="PageRank"/>. Defaults follow NetworkX except the stopping rule (see <see cref="Tolerance"/>).</summary>
public sealed record PageRankOptions
{
    /// <summary>Damping factor alpha, in [0, 1]; default 0.85.</summary>
    public double Alpha { get; init; } = 0.85;

    /// <summary>
    /// Stop when the L1 norm of the change between two iterations is below this (default 1e-9).
    /// Not scaled by n: NetworkX stops at n x tol, which on a 2-million-account graph stops after one
    /// iteration, far from the fixed point. Must be &gt; 0.
    /// </summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// Maximum number of iterations, &gt;= 1; default 200. Reaching it before the tolerance gives a
    /// result with <see cref="PageRankResult.Converged"/> = false (see <see cref="PageRankResult.EnsureConverged"/>).
    /// </summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>
    /// Use edge weights as transition strengths: P[u,v] = w(u,v)/Σ w(u,·); a node whose out-weights
    /// sum to 0 is dangling (NetworkX <c>weight="weight"</c>). Default false (every edge weighs 1,
    /// NetworkX <c>weight=None</c>). On a snapshot without weights it changes nothing.
    /// </summary>
    public bool Weighted { get; init; }

    /// <summary>
    /// Teleport (restart) weights by account handle; normalised to sum 1; accounts not listed get 0.
    /// Null means uniform. Negative or non-finite weights, all-zero weights and unknown accounts are rejected.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Personalization { get; init; }

    /// <summary>Where dangling rank goes; default <see cref="DanglingPolicy.Personalization"/> (NetworkX). Ignored when <see cref="DanglingDistribution"/> is given.</summary>
    public DanglingPolicy Dangling { get; init; } = DanglingPolicy.Personalization;

    /// <summary>
    /// Where the rank of dangling accounts goes, by account handle (NetworkX <c>dangling</c>: the
    /// out-edges given to every dangling account, weighted); normalised to sum 1; accounts not listed
    /// get 0. Null (default) = as <see cref="Dangling"/> says. Validated as <see cref="Personalization"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double>? DanglingDistribution { get; init; }

    /// <summary>
    /// Optional start vector by node id (e.g. the scores of an earlier snapshot with the same ids;
    /// NetworkX <c>nstart</c>): length n, finite entries &gt;= 0 with a positive sum, normalized on
    /// entry. Null = uniform 1/n (NetworkX). It changes the number of iterations, not the fixed point.
    /// </summary>
    public double[]? WarmStart { get; init; }

    /// <summary>Threads to use; null = all cores. Results are bit-identical whatever the value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
