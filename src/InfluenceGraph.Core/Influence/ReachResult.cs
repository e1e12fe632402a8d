using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Influence;

/// <summary>h-hop audience size per account (metric name <c>reach</c>), with how it was counted and its error.</summary>
public sealed class ReachResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="scores">Audience size per node id (whole numbers when exact, estimates otherwise).</param>
    /// <param name="method">The method actually used (<see cref="ReachMethod.Exact"/>, <see cref="ReachMethod.HyperBall"/> or <see cref="ReachMethod.HyperLogLog"/>).</param>
    /// <param name="work">Neighbour visits of the exact 2-hop method, <c>sum_u in(u) x out(u)</c> (also reported when estimating); NaN for other hop counts.</param>
    /// <param name="options">The options used.</param>
    public ReachResult(GraphSnapshot graph, double[] scores, ReachMethod method, double work, ReachOptions options)
        : base(graph, "reach", scores)
    {
        Method = method;
        Work = work;
        Options = options;
    }

    /// <summary><see cref="ReachMethod.Exact"/>, <see cref="ReachMethod.HyperLogLog"/> or <see cref="ReachMethod.HyperBall"/>.</summary>
    public ReachMethod Method { get; }

    /// <summary>Hops h of the audiences.</summary>
    public int Hops => Options.Hops;

    /// <summary>Registers per HyperLogLog counter when estimated (2^precision for HyperLogLog, <see cref="ReachOptions.Registers"/> for HyperBall); null when exact.</summary>
    public int? Registers => Method switch
    {
        ReachMethod.HyperLogLog => 1 << Options.Precision,
        ReachMethod.HyperBall => Options.Registers,
        _ => null,
    };

    /// <summary>
    /// Relative standard error of an estimated count: 0.78/√registers for HyperBall's UltraLogLog counters
    /// (<see cref="Audience.HyperBall.RelativeStandardError"/>), 1.04/√registers for the 2-hop HyperLogLog
    /// method (Flajolet et al. 2007); null when
    /// exact. With <see cref="ReachMethod.HyperLogLog"/> it applies to the accounts with large
    /// audiences only (the others are counted exactly).
    /// </summary>
    public double? RelativeStandardError => Method switch
    {
        ReachMethod.HyperBall => Audience.HyperBall.RelativeStandardError(Options.Registers),
        ReachMethod.HyperLogLog => 1.04 / Math.Sqrt(1 << Options.Precision),
        _ => null,
    };

    /// <summary>True when the counts are exact.</summary>
    public bool IsExact => Method == ReachMethod.Exact;

    /// <summary>The exact 2-hop method's work, <c>sum_u in(u) x out(u)</c> neighbour visits; NaN for other hop counts.</summary>
    public double Work { get; }

    /// <summary>The options used.</summary>
    public ReachOptions Options { get; }
}
