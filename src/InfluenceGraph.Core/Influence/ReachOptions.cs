namespace InfluenceGraph.Core.Influence;

/// <summary>How <see cref="Reach"/> counts the h-hop audience.</summary>
public enum ReachMethod
{
    /// <summary>
    /// The default. For 1 and 2 hops: exact when the estimated work <c>sum over accounts u of
    /// in-degree(u) x out-degree(u)</c> is at most <see cref="ReachOptions.ExactWorkLimit"/>, <see cref="HyperBall"/>
    /// above it (relative standard error 0.78/√<see cref="ReachOptions.Registers"/>, stated in the result). For 3 hops
    /// and more: <see cref="HyperBall"/>.
    /// </summary>
    Auto,

    /// <summary>Exact distinct counting (one breadth-first search per account, per-thread visited stamps), whatever the size.</summary>
    Exact,

    /// <summary>2 hops only: per-account HyperLogLog estimate of the 2-hop union (Flajolet et al. 2007), small audiences still exact.</summary>
    HyperLogLog,

    /// <summary>
    /// HyperBall (Boldi, Rosa, Vigna 2011): one HyperLogLog counter of <see cref="ReachOptions.Registers"/>
    /// registers per account, iterated h times over the edges; relative standard error about 1.04/√registers.
    /// </summary>
    HyperBall,
}

/// <summary>Options of <see cref="Reach"/>. Immutable; value equality makes it usable as a cache key.</summary>
public sealed record ReachOptions
{
    /// <summary>Hops h of the audience, in [1, 64]; default 2 (followers and followers of followers).</summary>
    public int Hops { get; init; } = 2;

    /// <summary>
    /// <see cref="ReachMethod.HyperBall"/>'s registers per account: a power of 2 in [16, 65536]; default 64
    /// (relative standard error about 13%; 256: 6.5%). Memory 2 x accounts x registers bytes.
    /// </summary>
    public int Registers { get; init; } = Audience.HyperBall.DefaultRegisters;

    /// <summary><see cref="ReachMethod.HyperBall"/>'s hash seed (default 0); another seed gives another estimate with the same error distribution.</summary>
    public int Seed { get; init; }

    /// <summary>Exact, HyperLogLog, or chosen by size (default <see cref="ReachMethod.Auto"/>).</summary>
    public ReachMethod Method { get; init; } = ReachMethod.Auto;

    /// <summary>
    /// With <see cref="ReachMethod.Auto"/> and at most 2 hops, the largest exact work (neighbour visits,
    /// <c>sum_u in(u) x out(u)</c>) still done exactly; default 2e9 (a few seconds per core); above it the
    /// audience is estimated with <see cref="ReachMethod.HyperBall"/> and <see cref="Registers"/> registers.
    /// Must be &gt;= 0.
    /// </summary>
    public double ExactWorkLimit { get; init; } = 2e9;

    /// <summary>
    /// <see cref="ReachMethod.HyperLogLog"/> (2 hops) precision p, in [4, 16]: 2^p one-byte registers per sketch, relative standard
    /// error about 1.04 / sqrt(2^p); default 12 (4096 registers, about 1.6%).
    /// </summary>
    public int Precision { get; init; } = 12;

    /// <summary>Threads to use; null = all cores. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
