using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>PageRank scores (summing to 1) with the convergence record of the iteration.</summary>
/// <remarks>
/// A result whose iteration hit <see cref="PageRankOptions.MaxIterations"/> before the L1 change
/// fell below <see cref="PageRankOptions.Tolerance"/> has <see cref="Converged"/> = false: its
/// scores are the last iterate, not PageRank. Check the flag, or call <see cref="EnsureConverged"/>
/// to get NetworkX's behaviour (it raises <c>PowerIterationFailedConvergence</c>).
/// </remarks>
public sealed class PageRankResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="graph">The snapshot the scores belong to.</param>
    /// <param name="scores">One score per node id (not copied).</param>
    /// <param name="iterations">Iterations performed, &gt;= 0.</param>
    /// <param name="residual">L1 change of the last iteration (0 for an empty graph).</param>
    /// <param name="converged">Whether <paramref name="residual"/> fell below the tolerance.</param>
    /// <param name="options">The options used.</param>
    public PageRankResult(GraphSnapshot graph, double[] scores, int iterations, double residual, bool converged, PageRankOptions options)
        : base(graph, "pagerank", scores)
    {
        Iterations = iterations;
        Residual = residual;
        Converged = converged;
        Options = options;
    }

    /// <summary>Passes performed (1 .. <see cref="PageRankOptions.MaxIterations"/>; 0 for an empty graph); each is one pass over all edges.</summary>
    public int Iterations { get; }

    /// <summary>
    /// L1 change ‖T(x) − x‖₁ of the power step T taken from the last pass's input x (not scaled by n); the scores are
    /// T(x), within α·Residual/(1 − α) of the fixed point in L1. For the plain power iteration, ‖x_k − x_{k−1}‖₁.
    /// </summary>
    public double Residual { get; }

    /// <summary>True when <see cref="Residual"/> fell below the tolerance within the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>The options used.</summary>
    public PageRankOptions Options { get; }

    /// <summary>Returns this result when it converged; throws otherwise.</summary>
    /// <returns>This instance, for chaining (<c>PageRank.Compute(g).EnsureConverged()</c>).</returns>
    /// <exception cref="PageRankConvergenceException"><see cref="Converged"/> is false.</exception>
    public PageRankResult EnsureConverged() =>
        Converged ? this : throw new PageRankConvergenceException(Iterations, Residual, Options.Tolerance);
}
