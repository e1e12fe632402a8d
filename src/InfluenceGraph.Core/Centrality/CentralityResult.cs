using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// Scores of one centrality measure for every account of a snapshot, with a stable ranking.
/// </summary>
/// <remarks>
/// The ranking orders accounts by score descending, ties broken by account handle ascending
/// (ordinal), so a top-k list never flickers between runs (NetworKit's <c>ranking()</c> convention).
/// <see cref="RankOf"/> is the competition rank (1, 2, 2, 4): tied scores share the best rank.
/// <see cref="PercentileOf"/> is the share of accounts with a strictly lower score, in [0, 100).
/// The ranking is computed once on first use, O(n log n), thread-safe.
/// </remarks>
public class CentralityResult
{
    private readonly Lazy<(int[] Order, int[] Rank, int[] Lower)> _ranking;

    /// <summary>Wraps per-node scores.</summary>
    /// <param name="graph">The snapshot the scores belong to.</param>
    /// <param name="metric">Metric name as used by the API/CLI (e.g. <c>pagerank</c>).</param>
    /// <param name="scores">One score per node id (length <c>graph.NodeCount</c>); not copied.</param>
    /// <exception cref="ArgumentException">The length does not match the node count.</exception>
    public CentralityResult(GraphSnapshot graph, string metric, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != graph.NodeCount)
            throw new ArgumentException($"Expected {graph.NodeCount} scores, got {scores.Length}.", nameof(scores));
        Graph = graph;
        Metric = metric;
        Scores = scores;
        _ranking = new Lazy<(int[], int[], int[])>(BuildRanking, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The snapshot these scores describe.</summary>
    public GraphSnapshot Graph { get; }

    /// <summary>Metric name (<c>pagerank</c>, <c>betweenness</c>, <c>followers</c>...).</summary>
    public string Metric { get; }

    /// <summary>Score per node id. Callers must not modify it.</summary>
    public double[] Scores { get; }

    /// <summary>Score of an account handle.</summary>
    /// <exception cref="KeyNotFoundException">The account is not in the graph.</exception>
    public double ScoreOf(string account) =>
        Graph.TryGetNode(account, out int v) ? Scores[v] : throw new KeyNotFoundException($"Unknown account '{account}'.");

    /// <summary>Node ids ordered by score descending, ties by handle ascending.</summary>
    public ReadOnlySpan<int> Order => _ranking.Value.Order;

    /// <summary>Competition rank (1-based) of node <paramref name="node"/>.</summary>
    public int RankOf(int node) => _ranking.Value.Rank[node];

    /// <summary>Percent of accounts with a strictly lower score than node <paramref name="node"/>, in [0, 100).</summary>
    public double PercentileOf(int node) => Graph.NodeCount == 0 ? 0 : 100.0 * _ranking.Value.Lower[node] / Graph.NodeCount;

    /// <summary>The <paramref name="k"/> best accounts (fewer when the graph is smaller) as (node, handle, score).</summary>
    public IReadOnlyList<(int Node, string Account, double Score)> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var order = _ranking.Value.Order;
        int count = Math.Min(k, order.Length);
        var list = new List<(int, string, double)>(count);
        for (int i = 0; i < count; i++) list.Add((order[i], Graph.Accounts[order[i]], Scores[order[i]]));
        return list;
    }

    private (int[] Order, int[] Rank, int[] Lower) BuildRanking()
    {
        int n = Scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var names = Graph.Accounts;
        var scores = Scores;
        // Ties compare the stored UTF-8 handles (no string per comparison): a count metric such as
        // followers ties most accounts, and decoding two handles per comparison made its ranking of
        // 3.4 million accounts take seconds.
        Array.Sort(order, (a, b) =>
        {
            int c = scores[b].CompareTo(scores[a]);
            return c != 0 ? c : names.CompareOrdinal(a, b);
        });
        var rank = new int[n];
        var lower = new int[n];
        CompetitionRanking.Assign<double>(order, scores, rank, lower);
        return (order, rank, lower);
    }
}
