using System.Globalization;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// PageRank did not converge: the L1 change between iterations was still at or above the
/// tolerance after the maximum number of iterations (NetworkX's
/// <c>PowerIterationFailedConvergence</c>). Thrown by <see cref="PageRankResult.EnsureConverged"/>.
/// </summary>
public sealed class PageRankConvergenceException : Exception
{
    /// <summary>Creates the exception; the message states the iterations, the last L1 change and the tolerance.</summary>
    /// <param name="iterations">Iterations performed.</param>
    /// <param name="residual">L1 change of the last iteration.</param>
    /// <param name="tolerance">The tolerance that was not reached.</param>
    public PageRankConvergenceException(int iterations, double residual, double tolerance)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"PageRank did not converge in {iterations} iterations: the L1 change of the last iteration is {residual:G3}, not below the tolerance {tolerance:G3}. Raise the maximum number of iterations or the tolerance."))
    {
        Iterations = iterations;
        Residual = residual;
        Tolerance = tolerance;
    }

    /// <summary>Iterations performed.</summary>
    public int Iterations { get; }

    /// <summary>L1 change of the last iteration.</summary>
    public double Residual { get; }

    /// <summary>The tolerance that was not reached.</summary>
    public double Tolerance { get; }
}
