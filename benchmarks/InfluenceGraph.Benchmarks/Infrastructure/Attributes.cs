namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>
/// Marks a benchmark that makes passes over every edge of the benchmark's <c>Graph</c>, so the
/// summary can show iterations per operation and edges/s per iteration (m x iterations / mean time).
/// Give either a fixed <see cref="Iterations"/> count or a <see cref="PageRankTolerance"/>, in
/// which case the host process runs PageRank once with that tolerance to learn the count.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EdgePassesAttribute : Attribute
{
    /// <summary>Fixed number of passes over the edges per operation (0 = not fixed).</summary>
    public int Iterations { get; init; }

    /// <summary>PageRank tolerance whose iteration count is the number of passes (0 = not used).</summary>
    public double PageRankTolerance { get; init; }
}

/// <summary>What structure a build benchmark leaves behind, for the retained-memory columns.</summary>
public enum FootprintStructure
{
    /// <summary>Our <c>GraphSnapshot</c> (CSR both ways + the account index with the handles).</summary>
    Snapshot,

    /// <summary>QuikGraph's <c>BidirectionalGraph&lt;int, SEdge&lt;int&gt;&gt;</c> over node ids (no handles).</summary>
    QuikGraph,
}

/// <summary>Marks a benchmark that builds a graph structure whose retained size the summary reports (measured in the host process).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RetainedFootprintAttribute(FootprintStructure structure) : Attribute
{
    /// <summary>The structure built.</summary>
    public FootprintStructure Structure { get; } = structure;
}
