using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Betweenness scores with how they were obtained (exact, or from a sample of sources).</summary>
public sealed class BetweennessResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    public BetweennessResult(GraphSnapshot graph, double[] scores, int sourcesUsed, bool isExact, BetweennessOptions options)
        : base(graph, "betweenness", scores)
    {
        SourcesUsed = sourcesUsed;
        IsExact = isExact;
        Options = options;
    }

    /// <summary>Number of sources (pivots) whose shortest paths were counted.</summary>
    public int SourcesUsed { get; }

    /// <summary>True when every account was a source.</summary>
    public bool IsExact { get; }

    /// <summary>The options used.</summary>
    public BetweennessOptions Options { get; }
}
