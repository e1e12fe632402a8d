using BenchmarkDotNet.Attributes;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Graph;
using QuikGraph;

namespace InfluenceGraph.Benchmarks.Graph;

/// <summary>
/// Building the in-memory graph from an edge list already in memory (parsing is the import
/// benchmarks' business): our <see cref="GraphSnapshot"/> from handle pairs (interning included)
/// and from node-id pairs, against QuikGraph's <see cref="BidirectionalGraph{TVertex,TEdge}"/> from
/// node-id pairs (baseline). The footprint columns report the memory each structure retains,
/// measured; the target is at most 12 bytes/edge + 32 bytes/account on 3x10^6 edges
/// (<c>--preset standard</c>, or <c>dotnet run -c Release --project benchmarks/InfluenceGraph.Benchmarks -- memory</c>).
/// </summary>
public class SnapshotBuildBenchmarks
{
    private string[] _followerHandles = [];
    private string[] _followeeHandles = [];
    private int[] _followers = [];
    private int[] _followees = [];
    private string[] _handlesById = [];

    /// <summary>Graph name (see <see cref="BenchGraphs"/>).</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>All graphs of the preset.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5, BenchGraphs.Rmat1e6, BenchGraphs.Rmat3e6, BenchGraphs.Slashdot);

    /// <summary>Materializes the edge list as handle pairs and as dense node-id pairs (not timed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_followerHandles, _followeeHandles) = BenchGraphs.HandlePairs(Graph);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _followers = new int[_followerHandles.Length];
        _followees = new int[_followerHandles.Length];
        for (int e = 0; e < _followers.Length; e++)
        {
            _followers[e] = Id(_followerHandles[e]);
            _followees[e] = Id(_followeeHandles[e]);
        }
        _handlesById = new string[ids.Count];
        foreach (var (h, v) in ids) _handlesById[v] = h;
        int Id(string h) { if (!ids.TryGetValue(h, out int v)) ids[h] = v = ids.Count; return v; }
    }

    /// <summary>QuikGraph <c>BidirectionalGraph&lt;int, SEdge&lt;int&gt;&gt;</c>, <c>AddVerticesAndEdge</c> per row.</summary>
    [Benchmark(Baseline = true), RetainedFootprint(FootprintStructure.QuikGraph)]
    public BidirectionalGraph<int, SEdge<int>> QuikGraphFromIds() => QuikGraphInputs.BuildBidirectional(_followers, _followees);

    /// <summary>Snapshot from handle pairs: intern both handles of every row, then build the CSR both ways.</summary>
    [Benchmark, RetainedFootprint(FootprintStructure.Snapshot)]
    public GraphSnapshot SnapshotFromHandles()
    {
        var b = new GraphBuilder(edgeCapacity: _followerHandles.Length);
        for (int e = 0; e < _followerHandles.Length; e++) b.AddEdge(_followerHandles[e], _followeeHandles[e]);
        return b.Build();
    }

    /// <summary>Snapshot from node-id pairs: intern each account once, then add rows by id and build.</summary>
    [Benchmark, RetainedFootprint(FootprintStructure.Snapshot)]
    public GraphSnapshot SnapshotFromIds()
    {
        var b = new GraphBuilder(edgeCapacity: _followers.Length);
        foreach (string h in _handlesById) b.AddAccount(h);
        for (int e = 0; e < _followers.Length; e++) b.AddEdge(_followers[e], _followees[e]);
        return b.Build();
    }
}
