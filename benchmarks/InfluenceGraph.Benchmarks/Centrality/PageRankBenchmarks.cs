using BenchmarkDotNet.Attributes;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Benchmarks.Centrality;

/// <summary>
/// Our PageRank on every benchmark graph: to a fixed tolerance (the accuracy the peer comparison
/// uses), and a fixed 20 iterations (per-iteration throughput, with all cores and with one).
/// Baselines (QuikGraph, the reference implementation) are in <see cref="PageRankBaselineBenchmarks"/>,
/// which only runs where they finish.
/// </summary>
public class PageRankBenchmarks
{
    /// <summary>
    /// L1 change at which the tolerance runs stop. The remaining L1 error is about
    /// tolerance x alpha/(1-alpha) = 5.7e-10, within the 1e-9 (L1) accuracy of the peer comparison.
    /// </summary>
    public const double Tolerance = 1e-10;

    private static readonly PageRankOptions ToleranceOptions = new() { Tolerance = Tolerance };
    // A tolerance no L1 change can fall below, so exactly MaxIterations iterations run (Converged = false).
    private static readonly PageRankOptions Fixed20Options = new() { Tolerance = double.Epsilon, MaxIterations = 20 };
    private static readonly PageRankOptions Fixed20SerialOptions = Fixed20Options with { MaxDegreeOfParallelism = 1 };

    private GraphSnapshot _graph = null!;

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>All graphs of the preset.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5, BenchGraphs.Rmat1e6, BenchGraphs.Rmat3e6, BenchGraphs.Slashdot);

    /// <summary>Builds the snapshot (not timed) and checks that the fixed runs really do 20 iterations.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _graph = BenchGraphs.Snapshot(Graph);
        var r = PageRank.Compute(_graph, Fixed20Options);
        if (r.Iterations != 20) throw new InvalidOperationException($"Expected 20 PageRank iterations, got {r.Iterations}.");
    }

    /// <summary>PageRank until the L1 change is below <see cref="Tolerance"/>.</summary>
    [Benchmark, BenchmarkCategory("PR tol 1e-10"), EdgePasses(PageRankTolerance = Tolerance)]
    public PageRankResult ToTolerance() => PageRank.Compute(_graph, ToleranceOptions);

    /// <summary>Exactly 20 iterations, all cores.</summary>
    [Benchmark, BenchmarkCategory("PR 20 iterations"), EdgePasses(Iterations = 20)]
    public PageRankResult Fixed20() => PageRank.Compute(_graph, Fixed20Options);

    /// <summary>Exactly 20 iterations on one thread.</summary>
    [Benchmark, BenchmarkCategory("PR 20 iterations"), EdgePasses(Iterations = 20)]
    public PageRankResult Fixed20OneThread() => PageRank.Compute(_graph, Fixed20SerialOptions);
}
