using InfluenceGraph.Core.Traversal;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>Betweenness centrality (<see cref="Betweenness"/>) as a catalog metric.</summary>
public sealed class BetweennessMetric : Metric
{
    private static readonly BetweennessOptions Defaults = new();

    /// <inheritdoc />
    public override string Name => "betweenness";
    /// <inheritdoc />
    public override string Description => "Betweenness centrality: the share of shortest follow paths between other accounts that pass through the account. Normalized divides by (n-1)(n-2); samples = k sampled sources (estimate rescaled as NetworkX >= 3.5: N/k with N = n - 1); epsilon = every score within epsilon with probability 1 - delta (sampled shortest paths).";
    /// <inheritdoc />
    public override string Source => "Brandes 2001; NetworkX betweenness_centrality (normalized, endpoints, k); cutoff as igraph's betweenness(cutoff=); epsilon/delta: Riondato & Kornaropoulos 2016.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "samples", Type = MetricParameterType.Integer, Minimum = 1, CliAliases = ["--betweenness-samples"],
            Description = "Number k of sampled source accounts (NetworkX k), 1..n (the number of accounts); absent = exact (every account is a source)." },
        new() { Name = "sources", Type = MetricParameterType.Accounts,
            Description = "Explicit source accounts (pivots), each at most once: only shortest paths starting at them are counted, scaled as a sample of k pivots (NetworkX >= 3.5 betweenness_centrality's rescaling with these pivots; all n accounts = exact). Excludes samples; absent = every account (or the samples)." },
        new() { Name = "seed", Type = MetricParameterType.Integer, Default = Defaults.Seed,
            Description = "Seed of the source sample (with samples or epsilon): same seed and graph version, same result." },
        new() { Name = "normalized", Type = MetricParameterType.Boolean, Default = Defaults.Normalized,
            Description = "Divide by (n-1)(n-2), the number of ordered pairs excluding the account (NetworkX normalized, directed)." },
        new() { Name = "endpoints", Type = MetricParameterType.Boolean, Default = Defaults.Endpoints,
            Description = "Count the path endpoints as lying on the path (NetworkX endpoints)." },
        new() { Name = "weighted", Type = MetricParameterType.Boolean, Default = false,
            Description = "Edge weights are distances (Dijkstra) instead of hop counts (NetworkX weight='weight')." },
        new() { Name = "cutoff", Type = MetricParameterType.Number, Minimum = 0,
            Description = "Count only shortest paths of length <= cutoff: hops, or the sum of weights when weighted (igraph cutoff); absent = no limit (NetworkX)." },
        new() { Name = "epsilon", Type = MetricParameterType.Number, Minimum = 0, ExclusiveMinimum = true, Maximum = 0.5,
            Description = "Guaranteed-error sampling (Riondato & Kornaropoulos 2016): every normalized score within epsilon of the exact one with probability 1 - delta; the sample size follows from a vertex-diameter bound. Not with samples, endpoints or cutoff." },
        new() { Name = "delta", Type = MetricParameterType.Number, Minimum = 0, ExclusiveMinimum = true, Maximum = 0.5,
            Description = "Probability that the epsilon guarantee fails (with epsilon); absent = 0.1." },
        new() { Name = "undirected", Type = MetricParameterType.Boolean, Default = Defaults.Undirected,
            Description = "The undirected view: a follow either way is a tie, each unordered pair counts once (NetworkX on G.to_undirected(); normalized by 2/((n-1)(n-2)))." },
    ];

    /// <inheritdoc />
    protected override MetricArguments Validate(MetricArguments a, MetricArguments given, GraphSnapshot graph)
    {
        if (a.Number("epsilon") is not null)
        {
            foreach (var other in new[] { "samples", "sources", "cutoff" })
                if (given.ContainsKey(other))
                    throw new MetricArgumentException(other, $"{other} cannot be combined with epsilon (guaranteed-error sampling sizes its own sample).");
            if (a.Boolean("endpoints") == true)
                throw new MetricArgumentException("endpoints", "endpoints cannot be combined with epsilon (the guarantee is for betweenness without endpoints).");
        }
        else if (given.ContainsKey("delta"))
            throw new MetricArgumentException("delta", "delta applies only to guaranteed-error sampling: give epsilon too.");
        if (a.Accounts("sources") is { } sources)
        {
            if (given.ContainsKey("samples"))
                throw new MetricArgumentException("samples", "give either samples (random pivots) or sources (explicit pivots), not both.");
            if (given.ContainsKey("seed"))
                throw new MetricArgumentException("seed", "seed applies only to sampled betweenness (samples), not to explicit sources.");
            foreach (string name in sources)
                if (!graph.TryGetNode(name, out _))
                    throw new MetricArgumentException("sources", $"sources names account '{name}', which is not in the graph.");
            return a.With("samples", null).With("seed", null);
        }
        if (a.Integer("samples") is int k)
        {
            if (k > graph.NodeCount)
                throw new MetricArgumentException("samples", $"samples must be in 1..{graph.NodeCount} (the number of accounts) (got {k}).");
            if (k == graph.NodeCount) a = a.With("samples", null).With("seed", null); // every account is a source: exact
        }
        else if (a.Number("epsilon") is null)
        {
            if (given.ContainsKey("seed"))
                throw new MetricArgumentException("seed", "seed applies only to sampled betweenness: give samples or epsilon too.");
            a = a.With("seed", null);
        }
        return a;
    }

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments a) =>
        (double)(a.Number("epsilon") is double eps
            ? BetweennessSampling.SampleSize(64, eps, a.Number("delta") ?? 0.1)
            : a.Accounts("sources")?.Count ?? a.Integer("samples") ?? graph.NodeCount) * (graph.EdgeCount + graph.NodeCount) * (a.Boolean("weighted") == true ? 4 : 1);

    /// <summary>
    /// Peak memory of betweenness, by its arrays (n accounts, m follows — doubled with <c>undirected</c>, whose view has up to
    /// twice the edges —, T threads = <see cref="Environment.ProcessorCount"/>, A = the block accumulators of
    /// <see cref="SourceParallel.AccumulatorBytes"/>: every block of sources started and not yet merged holds its own sums,
    /// at most min(256, window) sets of 8 B per account per sum, the window being max(2T + 2, 64 MiB / (8n per set)) blocks).
    /// <para><b>Brandes</b> (exact, <c>samples</c>, <c>sources</c>): each thread holds a shortest-path kernel of 45 B per
    /// account (distance label, path counts σ, queue, DAG segments, predecessor ranges, level starts, direction flags,
    /// dependency coefficients) plus 4 B per follow (the DAG of the current source); then the merged sums, the scores,
    /// the errors when sampled, the ranking, and the traversal copy C of the graph the kernels walk (both directions: 4 B per
    /// account and per follow each time the snapshot's chunks are joined into single arrays — not when it has one chunk —
    /// and again for the copy without self-loops and repeated follows — not when the snapshot can have none —, 8 B more
    /// per follow weighted; 32 B per follow undirected, an upper bound). Weighted
    /// (Dijkstra) kernels are counted like the breadth-first ones plus a 16 B per account heap.
    /// T·(45n + 4m) + A(sources, 1 sum) + 36n + C bytes exact; T·(45n + 4m) + A(samples, 2 sums) + 52n + C sampled.</para>
    /// <para><b>Guaranteed error</b> (<c>epsilon</c>, Riondato–Kornaropoulos sampling, unweighted): the traversal copy
    /// (C, below), the vertex-diameter bound (Tarjan's strongly connected components: seven int arrays and a flag per
    /// account, the component starts, then distances, queue and the longest path per component: at most 57 B per account,
    /// freed before the sampling but not collected), per thread a bidirectional search (distances, path counts and queues
    /// of both sides: 32 B per account), A(r samples, 1 sum), the sums that become the scores (8n), the ranking (12n) and
    /// the sample ids (4 B each, r bounded with a vertex diameter of n): C + 57n + 32n·T + A + 20n + 4r. Weighted
    /// (Dijkstra per sample) as the sampled Brandes formula.</para>
    /// Checked against the bytes allocated by the computation in the scale documentation (on soc-Slashdot0902 the
    /// guaranteed-error estimate, A at its 64 MiB bound, is about 2 times what a run allocated: A is the worst case of the
    /// schedule, 11 to 28 sets were in use there).
    /// </summary>
    public override double EstimateMemoryBytes(GraphSnapshot graph, MetricArguments a)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int nodes = graph.NodeCount;
        double n = nodes, m = graph.EdgeCount * (a.Boolean("undirected") == true ? 2.0 : 1.0);
        int threads = Math.Max(1, Environment.ProcessorCount);
        bool weighted = a.Boolean("weighted") == true;
        if (a.Number("epsilon") is double epsilon && !weighted)
        {
            double r;
            try { r = BetweennessSampling.SampleSize(Math.Max(1, nodes), epsilon, a.Number("delta") ?? 0.1); }
            catch (ArgumentOutOfRangeException) { r = 0; } // refused by the computation itself
            return TraversalCopyBytes(graph, a) + 57 * n + threads * 32 * n + SourceParallel.AccumulatorBytes((long)r, nodes, 1, threads) + 20 * n + 4 * r;
        }
        bool sampled = a.Number("epsilon") is not null || a.Integer("samples") is not null || a.Accounts("sources") is not null;
        long sources = a.Accounts("sources")?.Count ?? Math.Min(a.Integer("samples") ?? nodes, nodes);
        if (a.Number("epsilon") is double eps)
        {
            try { sources = BetweennessSampling.SampleSize(Math.Max(1, nodes), eps, a.Number("delta") ?? 0.1); }
            catch (ArgumentOutOfRangeException) { sources = 0; }
        }
        double perThread = 45 * n + 4 * m + (weighted ? 16 * n : 0);
        return threads * perThread + SourceParallel.AccumulatorBytes(sources, nodes, sampled ? 2 : 1, threads) + (sampled ? 52 : 36) * n + TraversalCopyBytes(graph, a);
    }

    /// <summary>
    /// Bytes of the traversal copy the kernels walk (<see cref="TraversalGraph.From"/>), per direction (out and in): the
    /// snapshot's chunks joined into single arrays when it has more than one chunk (4 B per account + 4 B per follow, + 8 B
    /// per follow weighted), and a second copy without self-loops and repeated follows unless the snapshot can have none
    /// (no self-loop and duplicates collapsed at import). With <c>undirected</c>, the merged view: 16 B per follow of the
    /// doubled count (an upper bound).
    /// </summary>
    private static double TraversalCopyBytes(GraphSnapshot graph, MetricArguments a)
    {
        double n = graph.NodeCount, m = graph.EdgeCount;
        if (a.Boolean("undirected") == true) return 16 * 2 * m;
        bool weighted = a.Boolean("weighted") == true && graph.IsWeighted;
        double oneDirection = 4 * (n + 1) + 4 * m + (weighted ? 8 * m : 0);
        double joined = (graph.OutEdgeChunks.Single is null ? oneDirection : 0) + (graph.InEdgeChunks.Single is null ? oneDirection : 0);
        bool cannotNeedCleaning = graph.SelfLoopCount == 0 && graph.BuildOptions.DuplicateEdges != DuplicateEdgePolicy.Keep;
        return joined + (cannotNeedCleaning ? 0 : 2 * oneDirection);
    }

    /// <inheritdoc />
    public override string? MemoryHint(GraphSnapshot graph, MetricArguments a) =>
        "most of it is per thread (one shortest-path kernel each), so a machine with fewer cores or more memory helps; the sampled estimate (samples=N or epsilon) needs the same per thread but far less time";

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments a, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Betweenness.Compute(graph, new BetweennessOptions
        {
            Normalized = a.Boolean("normalized") ?? Defaults.Normalized,
            Endpoints = a.Boolean("endpoints") ?? Defaults.Endpoints,
            Weighted = a.Boolean("weighted") ?? false,
            Samples = a.Integer("samples"),
            Sources = a.Accounts("sources"),
            Seed = a.Integer("seed") ?? Defaults.Seed,
            Cutoff = a.Number("cutoff"),
            Undirected = a.Boolean("undirected") ?? Defaults.Undirected,
            Epsilon = a.Number("epsilon"),
            Delta = a.Number("delta"),
        }, progress, cancellationToken);

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is BetweennessResult b ? new MetricComputation(SourcesUsed: b.SourcesUsed, Exact: b.IsExact, Guarantee: b.Guarantee) : MetricComputation.None;
}
