using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Benchmarks.Import;

/// <summary>
/// The import pipeline (issue 3): parse + intern throughput of a generated edge file, and reloading
/// a stored graph from SQLite against parsing its plain edge file.
/// </summary>
/// <remarks>
/// <para>Inputs: the seeded R-MAT graphs of <see cref="BenchGraphs"/> written as text in
/// <c>[GlobalSetup]</c> (numeric handles, <c>u v</c> per line for SNAP, <c>source,target</c> header
/// and <c>u,v</c> rows for CSV). <c>ParseSnap</c>/<c>ParseCsv</c> read from memory into a
/// <see cref="GraphBuilder"/> (tokenising + interning every handle, no snapshot build);
/// <c>ParseSnapTextHandles</c> the same with textual handles (<c>user123</c>): the
/// <c>Edges/s/iter</c> column is the parse+intern throughput (target: 2x10^6 edges/s on one core).
/// <c>ParsePlainFile</c> (baseline) reads the file from disk into a snapshot; <c>ReloadFromStore</c>
/// opens the SQLite database holding the same graph (accounts table + edge blobs) and rebuilds the
/// snapshot: the Ratio column is the reload target (&lt; 1.5).</para>
/// <para>Default sizes 10^4, 10^5 and 10^6 edges; the 3x10^6 case runs with <c>--preset standard</c> or
/// <c>INFLUENCEGRAPH_BENCH_GRAPHS=rmat-3e6</c>:
/// <c>INFLUENCEGRAPH_BENCH_GRAPHS=rmat-3e6 dotnet run -c Release --project benchmarks/InfluenceGraph.Benchmarks -- --filter '*ImportBenchmarks*'</c>.</para>
/// </remarks>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private static readonly EdgeImportOptions SnapOptions = new() { Format = ImportFormat.Snap };
    private static readonly EdgeImportOptions CsvOptions = new() { Format = ImportFormat.Csv };
    private byte[] _snap = [];
    private byte[] _csv = [];
    private byte[] _named = [];
    private string _dir = "";
    private string _file = "";
    private string _db = "";

    /// <summary>Graph name (see <see cref="BenchGraphs"/>): R-MAT sizes only.</summary>
    [ParamsSource(nameof(Graphs))]
    public string Graph { get; set; } = BenchGraphs.Rmat1e4;

    /// <summary>R-MAT 10^4 (the CI smoke size), 10^5 and 10^6 edges, and 3x10^6 in the Standard preset.</summary>
    public static IEnumerable<string> Graphs => BenchGraphs.Select(BenchGraphs.Rmat1e4, BenchGraphs.Rmat1e5, BenchGraphs.Rmat1e6, BenchGraphs.Rmat3e6);

    /// <summary>Writes the edge texts and the file, and imports the graph into a fresh SQLite database (not timed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var e = BenchGraphs.RmatEdges(Graph);
        var snap = new StringBuilder(e.Count * 14);
        var csv = new StringBuilder(e.Count * 14).Append("source,target\n");
        var named = new StringBuilder(e.Count * 16);
        for (int i = 0; i < e.Count; i++)
        {
            string u = e.Followers[i].ToString(CultureInfo.InvariantCulture), v = e.Followees[i].ToString(CultureInfo.InvariantCulture);
            snap.Append(u).Append(' ').Append(v).Append('\n');
            csv.Append(u).Append(',').Append(v).Append('\n');
            named.Append("user").Append(u).Append(' ').Append("user").Append(v).Append('\n');
        }
        _named = Encoding.UTF8.GetBytes(named.ToString());
        _snap = Encoding.UTF8.GetBytes(snap.ToString());
        _csv = Encoding.UTF8.GetBytes(csv.ToString());
        _dir = Directory.CreateTempSubdirectory("ig-import-bench-").FullName;
        _file = Path.Combine(_dir, Graph + ".txt");
        File.WriteAllBytes(_file, _snap);
        _db = Path.Combine(_dir, "bench.db");
        using var catalog = GraphCatalog.Open(_db);
        using var f = File.OpenRead(_file);
        catalog.ImportEdges("g", f, SnapOptions with { SourceName = Path.GetFileName(_file) });
    }

    /// <summary>Deletes the temporary files.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>SNAP text in memory -> tokens -> interned node ids in a builder (no snapshot build).</summary>
    [Benchmark, EdgePasses(Iterations = 1)]
    public int ParseSnap()
    {
        var b = new GraphBuilder(edgeCapacity: 1 << 16);
        EdgeImport.Read(new MemoryStream(_snap, writable: false), SnapOptions, b);
        return (int)b.EdgeRowCount;
    }

    /// <summary>
    /// SNAP text with textual handles (<c>user123</c>): every handle goes through the hash
    /// table of <see cref="AccountIndex"/> (decimal ids take a faster numeric path).
    /// </summary>
    [Benchmark, EdgePasses(Iterations = 1)]
    public int ParseSnapTextHandles()
    {
        var b = new GraphBuilder(edgeCapacity: 1 << 16);
        EdgeImport.Read(new MemoryStream(_named, writable: false), SnapOptions, b);
        return (int)b.EdgeRowCount;
    }

    /// <summary>CSV text in memory (Sep) -> interned node ids in a builder (no snapshot build).</summary>
    [Benchmark, EdgePasses(Iterations = 1)]
    public int ParseCsv()
    {
        var b = new GraphBuilder(edgeCapacity: 1 << 16);
        EdgeImport.Read(new MemoryStream(_csv, writable: false), CsvOptions, b);
        return (int)b.EdgeRowCount;
    }

    /// <summary>The plain edge file from disk to a snapshot (parse, intern, build both CSR directions).</summary>
    [Benchmark(Baseline = true)]
    public long ParsePlainFile() => EdgeImport.Load(_file, SnapOptions).EdgeCount;

    /// <summary>The same graph reloaded from the SQLite store (accounts rows + edge blobs, CSR rebuilt without sorting).</summary>
    [Benchmark]
    public long ReloadFromStore()
    {
        using var catalog = GraphCatalog.Open(_db);
        return catalog.Get("g")!.Snapshot.EdgeCount;
    }
}
