using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// Harmonic closeness centrality (Marchiori &amp; Latora 2000; Boldi &amp; Vigna 2014) with NetworkX's
/// <c>harmonic_centrality</c> semantics: how close an account's audience is.
/// </summary>
/// <remarks>
/// <para>
/// <b>Definition.</b> H(v) = Σ_{u ≠ v, d(u, v) &gt; 0} 1 / d(u, v), where d(u, v) is the length of a
/// shortest path <em>from u to v</em> along the follows (u follows … follows v) and unreachable
/// accounts add 0 (1/∞). In follower terms: every follower of v adds 1, every follower of a
/// follower (not already closer) adds 1/2, three hops 1/3, and so on — the accounts v's posts
/// reach, each weighted by how directly. NetworkX on a <c>DiGraph</c> sums the distances <em>to</em>
/// the node (its loop runs <c>shortest_path_length(G, u)</c> from every u and credits the target);
/// igraph's equivalent is <c>harmonic_centrality(mode="in")</c>. Not normalized (NetworkX);
/// divide by n − 1 for igraph's <c>normalized=True</c>. Range [0, n − 1] unweighted.
/// </para>
/// <para>
/// <b>Computation.</b> One search from every account over the followers direction
/// (<see cref="EdgeDirection.In"/>, or <see cref="EdgeDirection.Both"/> in the undirected view):
/// the direction-optimizing <see cref="BreadthFirstSearch"/> unweighted (H(v) = Σ_d |level d| / d),
/// <see cref="Dijkstra"/> weighted, run by <see cref="SourceParallel.Map{TState}"/> (one search state
/// per thread; each account's sum is formed in a fixed order, so results do not depend on the thread
/// count). Time O(n·m) unweighted, O(n·(m + n) log n) weighted; memory O(n + m) per thread.
/// Self-loops and repeated follows change nothing (a shortest path uses neither).
/// </para>
/// </remarks>
public static class Harmonic
{
    /// <summary>Computes the harmonic closeness of every account (or of <see cref="HarmonicOptions.Accounts"/>).</summary>
    /// <param name="graph">The follower snapshot (edges follower → followee).</param>
    /// <param name="options">Options; null = NetworkX defaults (directed, unweighted, all accounts).</param>
    /// <param name="progress">Receives (accounts done, accounts in all, "512 of 7115 sources") at most every 100 ms and at the end.</param>
    /// <param name="cancellationToken">Checked before every account.</param>
    /// <returns>Scores per node id (metric <c>harmonic</c>), ≥ 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Cutoff negative or NaN; MaxDegreeOfParallelism below 1.</exception>
    /// <exception cref="ArgumentException">An account of <see cref="HarmonicOptions.Accounts"/> is not in the graph; or weighted and a weight is negative, NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static HarmonicResult Compute(GraphSnapshot graph, HarmonicOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new HarmonicOptions();
        if (options.Cutoff is double c && (double.IsNaN(c) || c < 0))
            throw new ArgumentOutOfRangeException(nameof(options), c, "Cutoff must be a number >= 0 (a path length), or null for no cutoff.");
        if (options.MaxDegreeOfParallelism is int p && p < 1)
            throw new ArgumentOutOfRangeException(nameof(options), p, "MaxDegreeOfParallelism must be at least 1 (or null for every core).");
        int n = graph.NodeCount;
        int[] targets = SelectAccounts(graph, options.Accounts);
        cancellationToken.ThrowIfCancellationRequested();

        var tg = TraversalGraph.From(graph, options.Undirected ? EdgeDirection.Both : EdgeDirection.In, options.Weighted);
        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        double[] values;
        if (tg.Weights is null)
        {
            int maxHops = tg.MaxHops(options.Cutoff);
            double hop = tg.HopLength;
            values = SourceParallel.Map(targets, () => new BreadthFirstSearch(tg), (bfs, v) =>
            {
                bfs.Run(v, maxHops);
                double sum = 0;
                for (int d = 1; d < bfs.LevelCount; d++) sum += bfs.Level(d).Length / (d * hop);
                return sum;
            }, threads, progress, cancellationToken);
        }
        else
        {
            double cutoff = options.Cutoff ?? double.PositiveInfinity;
            values = SourceParallel.Map(targets, () => new Dijkstra(tg), (dj, v) =>
            {
                dj.Run(v, cutoff);
                double sum = 0;
                foreach (int u in dj.Settled)
                {
                    double d = dj.Dist[u];
                    if (d > 0) sum += 1.0 / d;
                }
                return sum;
            }, threads, progress, cancellationToken);
        }

        var scores = new double[n];
        var computed = new bool[n];
        for (int i = 0; i < targets.Length; i++)
        {
            scores[targets[i]] = values[i];
            computed[targets[i]] = true;
        }
        return new HarmonicResult(graph, scores, options, targets.Length == n ? null : computed);
    }

    private static int[] SelectAccounts(GraphSnapshot graph, IReadOnlyList<string>? names)
    {
        int n = graph.NodeCount;
        if (names is null) return Enumerable.Range(0, n).ToArray();
        var seen = new bool[n];
        var list = new List<int>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i] ?? throw new ArgumentException($"Accounts[{i}] is null; every entry must be an account handle.", "options");
            if (!graph.TryGetNode(name, out int v))
                throw new ArgumentException($"Account '{name}' (Accounts[{i}]) is not in the graph.", "options");
            if (seen[v]) continue;
            seen[v] = true;
            list.Add(v);
        }
        list.Sort();
        return [.. list];
    }
}

/// <summary>Harmonic closeness scores (metric <c>harmonic</c>) with the options used.</summary>
public sealed class HarmonicResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="scores">Score per node id.</param>
    /// <param name="options">The options used.</param>
    /// <param name="computed">Per node id, whether it was computed; null = every account.</param>
    public HarmonicResult(GraphSnapshot graph, double[] scores, HarmonicOptions options, bool[]? computed)
        : base(graph, "harmonic", scores)
    {
        Options = options;
        Computed = computed;
    }

    /// <summary>The options used.</summary>
    public HarmonicOptions Options { get; }

    /// <summary>Per node id, true when its score was computed (<see cref="HarmonicOptions.Accounts"/>); null when every account was.</summary>
    public bool[]? Computed { get; }
}
