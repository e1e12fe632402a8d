namespace InfluenceGraph.Core.Centrality;

/// <summary>Options of <see cref="Betweenness"/>. Defaults are NetworkX's <c>betweenness_centrality</c>.</summary>
public sealed record BetweennessOptions
{
    /// <summary>Divide by (n-1)(n-2) for n &gt; 2 (NetworkX, directed); default true. igraph divides by n(n-1) / 2-less; we follow NetworkX.</summary>
    public bool Normalized { get; init; } = true;

    /// <summary>Count the path endpoints as lying on the path (NetworkX <c>endpoints</c>); default false.</summary>
    public bool Endpoints { get; init; }

    /// <summary>Edge weights are distances (Dijkstra) instead of hop counts (BFS); default false.</summary>
    public bool Weighted { get; init; }

    /// <summary>Number k of source pivots sampled uniformly without replacement (NetworkX <c>k</c>); null = exact (all sources).</summary>
    public int? Samples { get; init; }

    /// <summary>Seed of the pivot sample; default 0. Same seed, same graph -> same pivots.</summary>
    public int Seed { get; init; }

    /// <summary>Explicit source accounts (overrides <see cref="Samples"/>); null = all or sampled.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Ignore paths longer than this (hops, or weighted distance); null = no cutoff.</summary>
    public double? Cutoff { get; init; }

    /// <summary>Threads to use; null = all cores. Results are reproducible whatever the value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
