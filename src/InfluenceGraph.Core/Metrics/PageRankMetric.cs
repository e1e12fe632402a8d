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
