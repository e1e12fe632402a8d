using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// Normalized degrees, NetworkX <c>in_degree_centrality</c> / <c>out_degree_centrality</c>: the
/// degree divided by n − 1 (the largest possible number of distinct followers or followees), so 1
/// means followed by (or following) every other account. A graph of one account gives 1, as NetworkX.
/// A kept self-loop counts once in the degree (NetworkX <c>DiGraph</c>), so a score can exceed 1 only
/// through self-loops or parallel edges of a multigraph snapshot.
/// </summary>
public abstract class DegreeCentralityMetric : Metric
{
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => graph.NodeCount;

    /// <summary>Divides each degree by n − 1 (NetworkX multiplies by 1/(n − 1)); every score is 1 when n ≤ 1.</summary>
    protected CentralityResult Normalize(CentralityResult degrees)
    {
        int n = degrees.Graph.NodeCount;
        var s = new double[n];
        if (n <= 1) Array.Fill(s, 1.0);
        else
        {
            double scale = 1.0 / (n - 1.0);
            for (int v = 0; v < n; v++) s[v] = degrees.Scores[v] * scale;
        }
        return new CentralityResult(degrees.Graph, Name, s);
    }
}

/// <summary>
/// Followers centrality (NetworkX <c>in_degree_centrality</c>): followers / (n − 1). Canonical name
/// <c>followers_centrality</c>; <c>in_degree_centrality</c> is accepted as an alias on input.
/// </summary>
public sealed class InDegreeCentralityMetric : DegreeCentralityMetric
{
    /// <inheritdoc />
    public override string Name => "followers_centrality";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["in_degree_centrality"];
    /// <inheritdoc />
    public override string Description => "Share of the other accounts that follow the account: followers / (n - 1), in [0, 1] in a simple graph (1 when n = 1).";
    /// <inheritdoc />
    public override string Source => "NetworkX in_degree_centrality.";
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Normalize(Degree.In(graph));
}

/// <summary>
/// Followees centrality (NetworkX <c>out_degree_centrality</c>): followees / (n − 1). Canonical name
/// <c>followees_centrality</c>; <c>out_degree_centrality</c> is accepted as an alias on input.
/// </summary>
public sealed class OutDegreeCentralityMetric : DegreeCentralityMetric
{
    /// <inheritdoc />
    public override string Name => "followees_centrality";
    /// <inheritdoc />
    public override IReadOnlyList<string> Aliases => ["out_degree_centrality"];
    /// <inheritdoc />
    public override string Description => "Share of the other accounts the account follows: followees / (n - 1), in [0, 1] in a simple graph (1 when n = 1).";
    /// <inheritdoc />
    public override string Source => "NetworkX out_degree_centrality.";
    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Normalize(Degree.Out(graph));
}
