using BenchmarkDotNet.Attributes;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Benchmarks.Centrality;

/// <summary>
/// Exact betweenness (Brandes, every account a source: O(n m)) on the graphs where it finishes in
/// seconds: R-MAT 10^4 and 10^5 (the reference tools take 16 ms-3 s there, see BASELINES.md).
/// </summary>
public class ExactBetweennessBenchmarks
{
    private static readonly BetweennessOptions Options = new() { Normalized = true };
    private static readonly BetweennessOptions SerialOptions = Options with { MaxDegreeOfParallelism = 1 };
    private GraphSnapshot _graph = null!;

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>R-MAT 10^4 and 10^5.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5);

    /// <summary>Builds the snapshot (not timed).</summary>
    [GlobalSetup]
    public void Setup() => _graph = BenchGraphs.Snapshot(Graph);

    /// <summary>Exact, all cores.</summary>
    [Benchmark]
    public BetweennessResult Exact() => Betweenness.Compute(_graph, Options);

    /// <summary>Exact, one thread.</summary>
    [Benchmark]
    public BetweennessResult ExactOneThread() => Betweenness.Compute(_graph, SerialOptions);
}

/// <summary>
/// Sampled betweenness with k = 256 source pivots (NetworkX <c>k=</c>/<c>seed=</c> semantics,
/// scaled by n/k): O(k m), on every benchmark graph.
/// </summary>
public class SampledBetweennessBenchmarks
{
    /// <summary>Number of source pivots.</summary>
    public const int Pivots = 256;

    private static readonly BetweennessOptions Options = new() { Samples = Pivots, Seed = 1 };
    private GraphSnapshot _graph = null!;

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>All graphs of the preset.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5, BenchGraphs.Rmat1e6, BenchGraphs.Rmat3e6, BenchGraphs.Slashdot);

    /// <summary>Builds the snapshot (not timed).</summary>
    [GlobalSetup]
    public void Setup() => _graph = BenchGraphs.Snapshot(Graph);

    /// <summary>k = 256 pivots, all cores.</summary>
    [Benchmark]
    public BetweennessResult Sampled256() => Betweenness.Compute(_graph, Options);
}

/// <summary>
/// Exact betweenness against the deliberately simple reference implementation from the tests
/// (<see cref="InfluenceGraph.TestSupport.Reference.ReferenceBetweenness"/>: Floyd-Warshall
/// distances and pair counting, O(n^3) time, O(n^2) memory), on R-MAT 10^4 only (576 accounts;
/// at 10^5 the reference would need ~10^11 steps).
/// </summary>
public class BetweennessBaselineBenchmarks
{
    private static readonly BetweennessOptions Options = new() { Normalized = true };
    private GraphSnapshot _graph = null!;

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>R-MAT 10^4.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4);

    /// <summary>Builds the snapshot (not timed).</summary>
    [GlobalSetup]
    public void Setup() => _graph = BenchGraphs.Snapshot(Graph);

    /// <summary>The reference implementation (serial, O(n^3)).</summary>
    [Benchmark(Baseline = true)]
    public double[] Reference() => InfluenceGraph.TestSupport.Reference.ReferenceBetweenness.Compute(_graph, normalized: true);

    /// <summary>Ours, exact, all cores.</summary>
    [Benchmark]
    public BetweennessResult Exact() => Betweenness.Compute(_graph, Options);
}
