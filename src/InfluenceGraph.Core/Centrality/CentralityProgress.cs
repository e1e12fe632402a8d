namespace InfluenceGraph.Core.Centrality;

/// <summary>Progress of a long computation: <paramref name="Done"/> of <paramref name="Total"/> units (sources, iterations...), with a short message.</summary>
/// <param name="Done">Units completed, 0..Total.</param>
/// <param name="Total">Units in all (&gt;= 0).</param>
/// <param name="Message">Human-readable status, e.g. "1024 of 75879 sources".</param>
public readonly record struct CentralityProgress(long Done, long Total, string Message)
{
    /// <summary>Fraction done in [0, 1] (1 when Total is 0).</summary>
    public double Fraction => Total <= 0 ? 1.0 : Math.Clamp((double)Done / Total, 0.0, 1.0);
}
