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
    /// Peak memory of Brandes' algorithm, by its arrays: each of T threads (<see cref="Environment.ProcessorCount"/>) holds a
    /// shortest-path kernel of 45 B per account (distance label, path counts σ, queue, DAG segments, predecessor ranges, level
    /// starts, direction flags, dependency coefficients) plus 4 B per follow (the DAG of the current source; 8 B with
    /// <c>undirected</c>, whose view has up to twice the edges) and its own accumulator of 8 B per account per sum (1 sum; 2 when
    /// sampled: the estimate and its squares); then the merged sums, the scores, the errors when sampled (8 B per account each),
    /// the ranking (12 B), and the traversal copy of the graph the kernels walk (both directions, up to 16 B per follow; none is
    /// made when the snapshot can be walked as it is, so this part is an upper bound). Weighted (Dijkstra) kernels are counted
    /// like the breadth-first ones plus a 16 B per account heap. T·(53n + 4m) + 36n + 16m bytes exact; T·(61n + 4m) + 52n + 16m
    /// sampled. Checked against the bytes allocated by the computation in the scale documentation.
    /// </summary>
    public override double EstimateMemoryBytes(GraphSnapshot graph, MetricArguments a)
    {
        ArgumentNullException.ThrowIfNull(graph);
        double n = graph.NodeCount, m = graph.EdgeCount * (a.Boolean("undirected") == true ? 2.0 : 1.0);
        int threads = Math.Max(1, Environment.ProcessorCount);
        bool sampled = a.Number("epsilon") is not null || a.Integer("samples") is not null || a.Accounts("sources") is not null;
        double perThread = 45 * n + 4 * m + (sampled ? 16 : 8) * n + (a.Boolean("weighted") == true ? 16 * n : 0);
        return threads * perThread + (sampled ? 52 : 36) * n + 16 * m;
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
