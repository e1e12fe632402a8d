using BenchmarkDotNet.Attributes;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport.Reference;
using QuikGraph;
using QuikGraph.Algorithms.Ranking;

namespace InfluenceGraph.Benchmarks.Centrality;

/// <summary>
/// Our PageRank against the baselines, on the graphs where the baselines finish (R-MAT 10^4 and
/// 10^5): QuikGraph's own <see cref="PageRankAlgorithm{TVertex,TEdge}"/> on a QuikGraph
/// <see cref="BidirectionalGraph{TVertex,TEdge}"/> (20 iterations; its cost per iteration grows with
/// the sum of squared out-degrees, ~5.9 s per iteration on R-MAT 10^6, see SEMANTICS.md section 5
/// and BASELINES.md), and the deliberately simple reference implementation from the tests
/// (<see cref="ReferencePageRank"/>: serial, push-based, dictionaries keyed by handle).
/// </summary>
public class PageRankBaselineBenchmarks
{
    private static readonly PageRankOptions Fixed20Options = new() { Tolerance = double.Epsilon, MaxIterations = 20 };
    private static readonly PageRankOptions ToleranceOptions = new() { Tolerance = PageRankBenchmarks.Tolerance };
    private string[] _accounts = [];
    private (string, string, double)[] _rows = [];
    private GraphSnapshot _graph = null!;
    private BidirectionalGraph<int, SEdge<int>> _quikGraph = null!;

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>R-MAT 10^4 and 10^5.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5);

    /// <summary>Builds the snapshot and the QuikGraph copy (not timed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _graph = BenchGraphs.Snapshot(Graph);
        var src = new List<int>((int)_graph.EdgeCount);
        var dst = new List<int>((int)_graph.EdgeCount);
        for (int u = 0; u < _graph.NodeCount; u++) foreach (int v in _graph.Followees(u)) { src.Add(u); dst.Add(v); }
        _quikGraph = QuikGraphInputs.BuildBidirectional(src.ToArray(), dst.ToArray());
        _accounts = [.. _graph.Accounts.Names];
        _rows = new (string, string, double)[src.Count];
        for (int e = 0; e < src.Count; e++) _rows[e] = (_accounts[src[e]], _accounts[dst[e]], 1.0);
    }

    /// <summary>QuikGraph's PageRankAlgorithm, damping 0.85, exactly 20 iterations (tolerance 0).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("PR 20 iterations"), EdgePasses(Iterations = 20)]
    public IDictionary<int, double> QuikGraph20()
    {
        var pr = new PageRankAlgorithm<int, SEdge<int>>(_quikGraph) { Damping = 0.85, MaxIterations = 20, Tolerance = 0 };
        pr.Compute();
        return pr.Ranks;
    }

    /// <summary>The reference implementation, exactly 20 iterations (it reports non-convergence by throwing, which is expected here).</summary>
    [Benchmark, BenchmarkCategory("PR 20 iterations"), EdgePasses(Iterations = 20)]
    public Dictionary<string, double>? Reference20()
    {
        try { return ReferencePageRank.Compute(_accounts, _rows, tolerance: 0, maxIterations: 20); }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>The reference implementation to the same tolerance as <see cref="OursToTolerance"/>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("PR tol 1e-10"), EdgePasses(PageRankTolerance = PageRankBenchmarks.Tolerance)]
    public Dictionary<string, double> ReferenceToTolerance() => ReferencePageRank.Compute(_accounts, _rows, tolerance: PageRankBenchmarks.Tolerance);

    /// <summary>Ours to an L1 change below 1e-10, all cores.</summary>
    [Benchmark, BenchmarkCategory("PR tol 1e-10"), EdgePasses(PageRankTolerance = PageRankBenchmarks.Tolerance)]
    public PageRankResult OursToTolerance() => PageRank.Compute(_graph, ToleranceOptions);

    /// <summary>Ours, exactly 20 iterations, all cores.</summary>
    [Benchmark, BenchmarkCategory("PR 20 iterations"), EdgePasses(Iterations = 20)]
    public PageRankResult Ours20() => PageRank.Compute(_graph, Fixed20Options);
}
