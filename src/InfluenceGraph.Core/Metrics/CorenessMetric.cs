using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// k-core number (coreness) of every account: the largest k such that the account belongs to a
/// subgraph in which every account has degree ≥ k. NetworkX <c>core_number</c> semantics on the graph
/// with self-loops removed; for the directed follower graph the degree is in-degree + out-degree (as
/// NetworkX), i.e. the follow graph seen as an undirected multigraph in which a mutual follow counts
/// as two ties.
/// </summary>
/// <remarks>
/// <para>
/// Algorithm: Batagelj and Zaversnik, "An O(m) Algorithm for Cores Decomposition of Networks"
/// (2003): accounts are bucket-sorted by degree, then repeatedly the account of smallest current
/// degree is removed, its core number fixed, and each remaining neighbour of larger degree moved one
/// bucket down. Each follow edge u -> v makes u and v neighbours once (so a mutual follow makes them
/// neighbours twice, as NetworkX's <c>all_neighbors</c>); self-loops are skipped. Parallel edges of a
/// multigraph snapshot count with multiplicity. Time O(n + m), memory O(n).
/// </para>
/// <para>Scores are integers stored as doubles; an isolated account has coreness 0.</para>
/// </remarks>
public sealed class CorenessMetric : Metric
{
    /// <inheritdoc />
    public override string Name => "coreness";
    /// <inheritdoc />
    public override string Description => "k-core number: the largest k such that the account lies in a subgraph where every account has at least k ties, a tie being a follow either way (degree = followers + followees, a mutual follow counts twice; self-loops ignored).";
    /// <inheritdoc />
    public override string Source => "Batagelj & Zaversnik 2003 (O(m) cores decomposition); NetworkX core_number on the graph without self-loops (directed: degree = in + out).";
    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments) => 2.0 * graph.EdgeCount + graph.NodeCount;

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        new(graph, Name, Coreness(graph, cancellationToken));

    /// <summary>The core number of every node id (Batagelj–Zaversnik bucket algorithm).</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="cancellationToken">Checked every 65 536 accounts.</param>
    /// <returns>Core number per node id, as doubles.</returns>
    public static double[] Coreness(GraphSnapshot graph, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int n = graph.NodeCount;
        EdgeChunks outE = graph.OutEdgeChunks, inE = graph.InEdgeChunks;
        var deg = new int[n];
        int maxDeg = 0;
        for (int v = 0; v < n; v++)
        {
            long d = 0;
            foreach (int t in outE.Neighbours(v)) if (t != v) d++;
            foreach (int s in inE.Neighbours(v)) if (s != v) d++;
            if (d > int.MaxValue)
                throw new OverflowException($"Account '{graph.Accounts[v]}' has {d:N0} followers and followees together; coreness counts them in 32 bits (at most {int.MaxValue:N0}).");
            deg[v] = (int)d;
            if (d > maxDeg) maxDeg = (int)d;
        }
        // bin[d] = first position of degree d in vert; pos[v] = position of v in vert.
        var bin = new int[maxDeg + 1];
        for (int v = 0; v < n; v++) bin[deg[v]]++;
        int start = 0;
        for (int d = 0; d <= maxDeg; d++)
        {
            int count = bin[d];
            bin[d] = start;
            start += count;
        }
        var vert = new int[n];
        var pos = new int[n];
        for (int v = 0; v < n; v++)
        {
            pos[v] = bin[deg[v]];
            vert[pos[v]] = v;
            bin[deg[v]]++;
        }
        for (int d = maxDeg; d > 0; d--) bin[d] = bin[d - 1];
        bin[0] = 0;

        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            int v = vert[i];
            foreach (int t in outE.Neighbours(v)) Lower(t, v);
            foreach (int s in inE.Neighbours(v)) Lower(s, v);
        }
        var core = new double[n];
        for (int v = 0; v < n; v++) core[v] = deg[v];
        return core;

        void Lower(int u, int v)
        {
            if (u == v || deg[u] <= deg[v]) return;
            int du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw];
            if (u != w)
            {
                pos[u] = pw; vert[pu] = w;
                pos[w] = pu; vert[pw] = u;
            }
            bin[du]++;
            deg[u]--;
        }
    }
}
