using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Metrics;

/// <summary>Reach: the h-hop audience of each account (<see cref="Influence.Reach"/>), 2 hops by default.</summary>
public sealed class ReachMetric : Metric
{
    private static readonly ReachOptions Defaults = new();

    /// <summary>Most hops the catalog accepts.</summary>
    public const int MaxHops = 6;

    /// <inheritdoc />
    public override string Name => "reach";
    /// <inheritdoc />
    public override string Description => "h-hop audience (hops, default 2): distinct accounts that see the account's posts within h hops — its followers, their followers, and so on — the account itself excluded. 2 hops: exact, or above 2e9 neighbour visits (sum of followers x followees over accounts) a HyperBall estimate; 3 hops and more: a HyperBall estimate (UltraLogLog counters) whose relative standard error (0.78/sqrt(registers)) the computation record states; method=exact forces one breadth-first search per account.";
    /// <inheritdoc />
    public override string Source => "Size of igraph's neighborhood(order=h, mode=\"in\") minus the account; HyperLogLog: Flajolet, Fusy, Gandouet, Meunier 2007; HyperBall: Boldi, Rosa, Vigna 2011.";
    /// <inheritdoc />
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new() { Name = "hops", Type = MetricParameterType.Integer, Default = Defaults.Hops, Minimum = 1, Maximum = MaxHops,
            Description = "Hops h: 1 = followers, 2 = followers and their followers (the default), ..." },
        new() { Name = "method", Type = MetricParameterType.String, Default = "auto", AllowedValues = ["auto", "exact", "hyperloglog", "hyperball"],
            Description = "auto: exact for 1-2 hops (2 hops: HyperBall beyond 2e9 neighbour visits), HyperBall from 3 hops; exact: one breadth-first search per account (slow on large graphs from 3 hops); hyperloglog: per-account sketch, 2 hops only; hyperball: HyperLogLog counters iterated over the edges." },
        new() { Name = "registers", Type = MetricParameterType.Integer, Default = Defaults.Registers, Minimum = HyperBall.MinRegisters, Maximum = 4096,
            Description = "HyperBall registers per account, a power of 2: relative standard error about 0.78/sqrt(registers) (64: 9.8%, 256: 4.9%); memory 2 x accounts x registers bytes." },
        new() { Name = "hashSeed", Type = MetricParameterType.Integer, Default = Defaults.Seed,
            Description = "HyperBall hash seed: another seed gives another estimate with the same error distribution." },
    ];

    /// <inheritdoc />
    protected override MetricArguments Validate(MetricArguments a, MetricArguments given, GraphSnapshot graph)
    {
        int registers = a.Integer("registers") ?? Defaults.Registers;
        if (!System.Numerics.BitOperations.IsPow2(registers))
            throw new MetricArgumentException("registers", $"registers must be a power of 2 in {HyperBall.MinRegisters}..4096 (got {registers}).");
        string method = a.Text("method") ?? "auto";
        int hops = a.Integer("hops") ?? Defaults.Hops;
        if (method == "hyperloglog" && hops != 2)
            throw new MetricArgumentException("method", $"method=hyperloglog counts 2-hop audiences only (hops={hops}); use hyperball or exact.");
        if ((long)graph.NodeCount * registers > Array.MaxLength)
            throw new MetricArgumentException("registers", $"{graph.NodeCount:N0} accounts x {registers} registers exceed the largest array; use fewer registers.");
        // registers and hashSeed only matter to HyperBall: drop them from the cache key otherwise.
        if (Method(method, hops) != ReachMethod.HyperBall)
        {
            foreach (var p in new[] { "registers", "hashSeed" })
                if (given.ContainsKey(p))
                    throw new MetricArgumentException(p, $"{p} applies to the HyperBall estimate only (hops >= 3 or method=hyperball).");
            a = a.With("registers", null).With("hashSeed", null);
        }
        return a;
    }

    private static ReachMethod Method(string method, int hops) => method switch
    {
        "exact" => ReachMethod.Exact,
        "hyperloglog" => ReachMethod.HyperLogLog,
        "hyperball" => ReachMethod.HyperBall,
        _ => hops >= 3 ? ReachMethod.HyperBall : ReachMethod.Auto,
    };

    private static ReachOptions Options(MetricArguments a)
    {
        int hops = a.Integer("hops") ?? Defaults.Hops;
        return new ReachOptions
        {
            Hops = hops,
            Method = Method(a.Text("method") ?? "auto", hops),
            Registers = a.Integer("registers") ?? Defaults.Registers,
            Seed = a.Integer("hashSeed") ?? Defaults.Seed,
        };
    }

    /// <summary>
    /// Peak memory: HyperBall keeps two counters (one byte per register) of <c>registers</c> bytes per account (the current and the next
    /// ball), 2·n·registers bytes; the exact count keeps a visited mark of 4 B per account per thread and walks a copy of the
    /// follower lists (up to 16 B per follow); each adds the scores and the ranking (20 B per account). Checked against the bytes
    /// allocated by the computation in the scale documentation.
    /// </summary>
    public override double EstimateMemoryBytes(GraphSnapshot graph, MetricArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var o = Options(arguments);
        double n = graph.NodeCount;
        if (UsesHyperBall(graph, o)) return 2.0 * n * o.Registers + 20 * n;
        return 4.0 * n * Math.Max(1, Environment.ProcessorCount) + 20 * n + 16.0 * graph.EdgeCount;
    }

    /// <inheritdoc />
    public override string? MemoryHint(GraphSnapshot graph, MetricArguments arguments) =>
        UsesHyperBall(graph, Options(arguments))
            ? "fewer HyperLogLog registers (halving registers halves the counters' memory; the relative standard error grows as 1/sqrt(registers)) or fewer hops"
            : "fewer hops (hops=1 counts followers only)";

    /// <inheritdoc />
    public override double EstimateWork(GraphSnapshot graph, MetricArguments arguments)
    {
        var o = Options(arguments);
        double m = graph.EdgeCount, n = graph.NodeCount;
        if (UsesHyperBall(graph, o)) return o.Hops * (m + n) * Math.Max(1, o.Registers / 32.0);
        if (o.Hops == 1) return m + n;
        if (o.Hops == 2) return m + Reach.ExactWork(graph);
        return n * (m + n); // exact breadth-first search from every account, at worst the whole graph each
    }

    /// <summary>True when <see cref="Reach.Compute"/> will run HyperBall: asked for, 3+ hops by default, or 2 hops above the exact work limit.</summary>
    private static bool UsesHyperBall(GraphSnapshot graph, ReachOptions o) =>
        o.Method == ReachMethod.HyperBall
        || (o.Method == ReachMethod.Auto && o.Hops >= 3)
        || (o.Method == ReachMethod.Auto && o.Hops == 2 && Reach.ExactWork(graph) > o.ExactWorkLimit);

    /// <inheritdoc />
    public override CentralityResult Compute(GraphSnapshot graph, MetricArguments arguments, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken) =>
        Reach.Compute(graph, Options(arguments), cancellationToken, progress);

    /// <inheritdoc />
    public override MetricComputation Describe(CentralityResult result) =>
        result is ReachResult r
            ? new MetricComputation(Exact: r.IsExact, Method: r.Method.ToString().ToLowerInvariant(), RelativeStandardError: r.RelativeStandardError)
            : MetricComputation.None;
}
