namespace InfluenceGraph.Core.Influence;

/// <summary>
/// How the expensive, cacheable signals of <see cref="InfluenceSignals"/> are computed. Immutable
/// with value equality: <c>(graph name, graph version, SignalOptions)</c> identifies a cache entry.
/// </summary>
public sealed record SignalOptions
{
    /// <summary>Damping factor alpha of PageRank and of the personalized PageRank behind political proximity, in [0, 1); default 0.85.</summary>
    public double Alpha { get; init; } = 0.85;

    /// <summary>
    /// Betweenness is exact (Brandes 2001, every account a source) on graphs with at most this many
    /// accounts; above it, it is estimated with a guaranteed error (<see cref="BetweennessEpsilon"/>,
    /// <see cref="BetweennessDelta"/>; Riondato and Kornaropoulos 2016), or from
    /// <see cref="BetweennessSamples"/> sampled sources when that is given. Default 20,000 (exact
    /// costs O(n m)). &gt;= 0.
    /// </summary>
    public int ExactBetweennessMaxAccounts { get; init; } = 20_000;

    /// <summary>
    /// Sampled sources (pivots, NetworkX's <c>k</c>, rescaled by n/k) above
    /// <see cref="ExactBetweennessMaxAccounts"/> instead of the guaranteed-error estimate; null
    /// (default) = the guaranteed-error estimate. &gt;= 1.
    /// </summary>
    public int? BetweennessSamples { get; init; }

    /// <summary>
    /// ε of the guaranteed-error betweenness above <see cref="ExactBetweennessMaxAccounts"/>: with
    /// probability 1 − <see cref="BetweennessDelta"/> every normalized score is within ε of the exact
    /// one. In (0, 0.5]; default 0.02.
    /// </summary>
    public double BetweennessEpsilon { get; init; } = 0.02;

    /// <summary>δ of the guaranteed-error betweenness, in (0, 0.5]; default 0.1.</summary>
    public double BetweennessDelta { get; init; } = 0.1;

    /// <summary>Seed of the pivot or path sample; default 0 (same seed, same graph, same estimate).</summary>
    public int BetweennessSeed { get; init; }

    /// <summary>How the 2-hop audience is counted; default exact unless the graph is very large (<see cref="ReachOptions"/>).</summary>
    public ReachOptions Reach { get; init; } = new();

    /// <summary>Threads to use; null = all cores. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && Alpha < 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "The damping factor alpha must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(ExactBetweennessMaxAccounts, nameof(ExactBetweennessMaxAccounts));
        if (BetweennessSamples is < 1) throw new ArgumentOutOfRangeException(nameof(BetweennessSamples), BetweennessSamples, "BetweennessSamples must be >= 1 (or null for the guaranteed-error estimate).");
        if (!(BetweennessEpsilon > 0 && BetweennessEpsilon <= 0.5)) throw new ArgumentOutOfRangeException(nameof(BetweennessEpsilon), BetweennessEpsilon, "The betweenness epsilon must be in (0, 0.5].");
        if (!(BetweennessDelta > 0 && BetweennessDelta <= 0.5)) throw new ArgumentOutOfRangeException(nameof(BetweennessDelta), BetweennessDelta, "The betweenness delta must be in (0, 0.5].");
        ArgumentNullException.ThrowIfNull(Reach, nameof(Reach));
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be >= 1.");
    }
}
