using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>PageRank scores (summing to 1) with the convergence record of the iteration.</summary>
public sealed class PageRankResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    public PageRankResult(GraphSnapshot graph, double[] scores, int iterations, double residual, bool converged, PageRankOptions options)
        : base(graph, "pagerank", scores)
    {
        Iterations = iterations;
        Residual = residual;
        Converged = converged;
        Options = options;
    }

    /// <summary>Iterations performed.</summary>
    public int Iterations { get; }

    /// <summary>L1 change of the last iteration.</summary>
    public double Residual { get; }

    /// <summary>True when <see cref="Residual"/> fell below the tolerance within the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>The options used.</summary>
    public PageRankOptions Options { get; }
}
