using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Influence;

/// <summary>2-hop audience size per account (metric name <c>reach</c>), with how it was counted.</summary>
public sealed class ReachResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="scores">Audience size per node id (whole numbers when exact, estimates otherwise).</param>
    /// <param name="method">The method actually used (<see cref="ReachMethod.Exact"/> or <see cref="ReachMethod.HyperLogLog"/>).</param>
    /// <param name="work">Neighbour visits of the exact method, <c>sum_u in(u) x out(u)</c> (also reported when estimating).</param>
    /// <param name="options">The options used.</param>
    public ReachResult(GraphSnapshot graph, double[] scores, ReachMethod method, double work, ReachOptions options)
        : base(graph, "reach", scores)
    {
        Method = method;
        Work = work;
        Options = options;
    }

    /// <summary><see cref="ReachMethod.Exact"/> or <see cref="ReachMethod.HyperLogLog"/>.</summary>
    public ReachMethod Method { get; }

    /// <summary>True when the counts are exact.</summary>
    public bool IsExact => Method == ReachMethod.Exact;

    /// <summary>The exact method's work, <c>sum_u in(u) x out(u)</c> neighbour visits.</summary>
    public double Work { get; }

    /// <summary>The options used.</summary>
    public ReachOptions Options { get; }
}
