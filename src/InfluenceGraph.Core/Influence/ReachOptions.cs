namespace InfluenceGraph.Core.Influence;

/// <summary>How <see cref="Reach"/> counts the 2-hop audience.</summary>
public enum ReachMethod
{
    /// <summary>
    /// Exact when the estimated work <c>sum over accounts u of in-degree(u) x out-degree(u)</c> is at
    /// most <see cref="ReachOptions.ExactWorkLimit"/>, HyperLogLog above it (the default).
    /// </summary>
    Auto,

    /// <summary>Exact distinct counting with per-thread visited stamps, whatever the size.</summary>
    Exact,

    /// <summary>HyperLogLog estimate (Flajolet et al. 2007), whatever the size.</summary>
    HyperLogLog,
}

/// <summary>Options of <see cref="Reach"/>. Immutable; value equality makes it usable as a cache key.</summary>
public sealed record ReachOptions
{
    /// <summary>Exact, HyperLogLog, or chosen by size (default <see cref="ReachMethod.Auto"/>).</summary>
    public ReachMethod Method { get; init; } = ReachMethod.Auto;

    /// <summary>
    /// With <see cref="ReachMethod.Auto"/>, the largest exact work (neighbour visits,
    /// <c>sum_u in(u) x out(u)</c>) still done exactly; default 2e9 (a few seconds per core).
    /// Must be &gt;= 0.
    /// </summary>
    public double ExactWorkLimit { get; init; } = 2e9;

    /// <summary>
    /// HyperLogLog precision p, in [4, 16]: 2^p one-byte registers per sketch, relative standard
    /// error about 1.04 / sqrt(2^p); default 12 (4096 registers, about 1.6%).
    /// </summary>
    public int Precision { get; init; } = 12;

    /// <summary>Threads to use; null = all cores. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
