using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Metrics;

/// <summary>PageRank (<see cref="PageRank"/>) as a catalog metric.</summary>
public sealed class PageRankMetric : Metric
{
    private static readonly PageRankOptions Defaults = new();

    /// <inheritdoc />
    public override string Name => "pagerank";
    /// <inheritdoc />
    public override string Description => "PageRank: rank flows from follower to followee, so an account followed by important accounts ranks high. Dangling rank (accounts that follow nobody) is spread along the personalization (uniform without one); scores sum to 1.";
    /// <inheritdoc />
    public override string Source => "Page, Brin, Motwani, Winograd 1999; NetworkX pagerank (fixed point, dangling and personalization conventions), except that the tolerance is an L1 change not scaled by n.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "alpha", Type = MetricParameterType.Number, Default = Defaults.Alpha, Minimum = 0, Maximum = 1,
            Description = "Damping factor: the probability of following an edge rather than teleporting (NetworkX alpha)." },
        new() { Name = "tolerance", Type = MetricParameterType.Number, Default = Defaults.Tolerance, Minimum = 0, ExclusiveMinimum = true,
            Description = "Stop when the L1 change between two iterations is below this (not scaled by n, unlike NetworkX's tol)." },
        new() { Name = "maxIterations", Type = MetricParameterType.Integer, Default = Defaults.MaxIterations, Minimum = 1, Maximum = 100_000,
            Description = "Iteration limit (NetworkX max_iter); the computation record says whether the iteration converged." },
        new() { Name = "weighted", Type = MetricParameterType.Boolean, Default = false,
            Description = "Use edge weights as transition strengths: P[u,v] = w(u,v) / sum of u's out-weights (NetworkX weight='weight')." },
        new() { Name = "personalization", Type = MetricParameterType.AccountWeights,
            Description = "Teleport (restart) weights by account, normalized to sum 1; unlisted accounts get 0 (NetworkX personalization). Absent = uniform. Unknown accounts are refused." },
        new() { Name = "dangling", Type = MetricParameterType.AccountWeights,
            Description = "Where the rank of dangling accounts (following nobody) goes, by account, normalized to sum 1 (NetworkX dangling). Absent = along the personalization (uniform without one)." },
        new() { Name = "nstart", Type = MetricParameterType.AccountWeights,
            Description = "Warm start: the starting value per account, normalized to sum 1; unlisted accounts start at 0 (NetworkX nstart). Changes the iterations needed, not the result. Absent = uniform 1/n." },
    ];

    /// <inheritdoc />
    protected override MetricArguments Validate(MetricArguments a, MetricArguments given, GraphSnapshot graph)
    {
        foreach (var name in new[] { "personalization", "dangling", "nstart" })
            if (a.Weights(name) is { } weights) CheckAccounts(name, weights, graph);
        return a;
    }

    /// <summary>Every account of <paramref name="weights"/> must be in the graph, each once (after handle normalisation).</summary>
    /// <exception cref="MetricArgumentException">Names the parameter and up to 10 unknown accounts.</exception>
    internal static void CheckAccounts(string parameter, IReadOnlyDictionary<string, double> weights, GraphSnapshot graph)
    {
        var unknown = weights.Keys.Where(k => !graph.TryGetNode(k, out _)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new MetricArgumentException(parameter, $"{parameter} names {unknown.Count} account(s) not in the graph: "
                + string.Join(", ", unknown.Take(10).Select(u => $"'{u}'")) + (unknown.Count > 10 ? ", ..." : "") + ".");
        var seen = new Dictionary<int, string>();
        foreach (var k in weights.Keys.Order(StringComparer.Ordinal))
        {
            graph.TryGetNode(k, out int v);
            if (!seen.TryAdd(v, k)) throw new MetricArgumentException(parameter, $"{parameter} names account '{graph.Accounts[v]}' twice (as '{seen[v]}' and '{k}').");
        }
    }

    /// <summary>
    /// PageRank's memory estimate for these arguments: <see cref="EstimateMemoryBytes(GraphSnapshot, PageRankOptions)"/>
    /// of <see cref="Options"/>.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="arguments">Normalized arguments.</param>
    public override double EstimateMemoryBytes(GraphSnapshot graph, MetricArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return EstimateMemoryBytes(graph, Options(arguments, graph));
    }

    /// <summary>
    /// Peak bytes one <see cref="PageRank.Compute(GraphSnapshot, PageRankOptions?, IProgress{CentralityProgress}?, CancellationToken)"/>
    /// allocates, its ranking included, counted array by array from the kernel (n accounts, P = the length
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> rents for n doubles: n rounded up to a power of two, at least 16, up to
    /// 2^30; n itself above):
    /// <list type="bullet">
    /// <item>always: the result vector (8n), its ranking (order, rank, lower rank: 12n) and four rented work vectors
    /// (1/out-degree, next iterate, contribution, next contribution: 4·8P);</item>
    /// <item>a personalization or a dangling distribution: 16n each (the normalized vector and the per-account check);
    /// a warm start: 8n (the vector by node id);</item>
    /// <item>weighted (on a weighted graph): the transition probability per in-edge (8 B per follow, each chunk's vector
    /// rented, so rounded up as P) and two rented n-vectors while they are computed (16P);</item>
    /// <item>with self-loops (α &gt; 0): the self-loop step (8P) and the vector the final scores are recovered in (8P);</item>
    /// <item>with self-loops, α &gt; 0 and at most 2^24 accounts: the Anderson acceleration's history, 8 rented n-vectors
    /// (64P: the last output and change, 3 + 3 difference columns). Counted whenever the acceleration <i>can</i> start:
    /// with 1 account in 100 or more having a self-loop it starts after the first pass, but on any other graph with a
    /// self-loop it starts after a pass that contracts the L1 change by less than 0.5 — which no count taken before the
    /// run foresees, so the estimate includes it (an upper bound: on fast-mixing graphs such as R-MAT the history never
    /// runs and the estimate exceeds the peak by 64P).</item>
    /// <item>the small objects of each pass (the parallel loop's tasks and closures): at most <see cref="BytesPerPass"/> per
    /// pass, counted for up to 200 passes (collected young, they never add up beyond that).</item>
    /// </list>
    /// Arrays rented from a warm pool allocate nothing new: the estimate is then above what the run allocates.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="options">The options (null = defaults).</param>
    /// <returns>Bytes (&gt; 0 for a non-empty graph).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public static double EstimateMemoryBytes(GraphSnapshot graph, PageRankOptions? options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= Defaults;
        long n = graph.NodeCount;
        if (n == 0) return 0;
        double pooled = 8.0 * PooledLength(n);
        double bytes = 8.0 * n + 12.0 * n + 4 * pooled + BytesPerPass * Math.Min(options.MaxIterations, 200);
        if (options.Personalization is not null) bytes += 16.0 * n;
        if (options.DanglingDistribution is not null) bytes += 16.0 * n;
        if (options.WarmStart is not null) bytes += 8.0 * n;
        if (options.Weighted && graph.IsWeighted)
        {
            foreach (var chunk in graph.InEdgeChunks.Chunks) bytes += 8.0 * PooledLength(chunk.Targets.Length);
            bytes += 2 * pooled;
        }
        if (graph.SelfLoopCount > 0 && options.Alpha > 0)
        {
            bytes += 2 * pooled;
            if (n <= PageRank.AndersonMaxNodes) bytes += 2 * (PageRank.AndersonDepth + 1) * pooled;
        }
        return bytes;
    }

    /// <summary>
    /// Bytes of small objects a PageRank pass allocates (the parallel loops' tasks and closures: about 3–4.5 KiB measured
    /// on soc-Slashdot0902 and R-MAT 10^6), rounded up.
    /// </summary>
    public const double BytesPerPass = 8192;

    /// <summary>
    /// The length <see cref="System.Buffers.ArrayPool{T}.Shared"/> rents for <paramref name="length"/> elements: rounded up
    /// to a power of two (at least 16) up to 2^30 elements, exact above (not pooled).
    /// </summary>
    internal static long PooledLength(long length) =>
        length <= 16 ? 16 : length <= 1 << 30 ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)length) : length;

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments a) =>
        Math.Min(a.Integer("maxIterations") ?? Defaults.MaxIterations, 100) * (double)(graph.EdgeCount + graph.NodeCount);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments a, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        PageRank.Compute(graph, Options(a, graph), progress, cancellationToken);

    /// <summary>The <see cref="PageRankOptions"/> of normalized arguments on <paramref name="graph"/> (the warm start becomes a vector by node id).</summary>
    public static PageRankOptions Options(MetricArguments a, GraphSnapshot graph) => new()
    {
        WarmStart = a.Weights("nstart") is { } start ? StartVector(start, graph) : null,
        Alpha = a.Number("alpha") ?? Defaults.Alpha,
        Tolerance = a.Number("tolerance") ?? Defaults.Tolerance,
        MaxIterations = a.Integer("maxIterations") ?? Defaults.MaxIterations,
        Weighted = a.Boolean("weighted") ?? false,
        Personalization = a.Weights("personalization"),
        DanglingDistribution = a.Weights("dangling"),
    };

    private static double[] StartVector(IReadOnlyDictionary<string, double> start, GraphSnapshot graph)
    {
        var x = new double[graph.NodeCount];
        foreach (var (account, w) in start)
            if (graph.TryGetNode(account, out int v)) x[v] = w;
        return x;
    }

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is PageRankResult p ? new MetricComputation(Iterations: p.Iterations, Converged: p.Converged, Residual: p.Residual) : MetricComputation.None;
}
