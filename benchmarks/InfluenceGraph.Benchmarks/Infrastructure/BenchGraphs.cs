using System.Collections.Concurrent;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>
/// The benchmark inputs, by name: seeded R-MAT graphs (Graph500 parameters, seed 1, id space
/// edges/16: the same graphs as <c>../shared/oracle/gen_graph.py</c> and <c>bench.py</c>) and the
/// SNAP soc-Slashdot0902 network from the shared folder when it is present.
/// </summary>
/// <remarks>
/// Which names a benchmark class gets is decided by <see cref="Select"/>: R-MAT 3x10^6 only in the
/// Standard preset, soc-Slashdot only when the shared folder is found, and the environment variable
/// <c>INFLUENCEGRAPH_BENCH_GRAPHS</c> (comma-separated names, e.g. <c>rmat-1e4</c>) restricts the
/// set (the CI smoke test uses it).
/// </remarks>
public static class BenchGraphs
{
    /// <summary>R-MAT, 10^4 edges (576 accounts).</summary>
    public const string Rmat1e4 = "rmat-1e4";
    /// <summary>R-MAT, 10^5 edges (5,123 accounts).</summary>
    public const string Rmat1e5 = "rmat-1e5";
    /// <summary>R-MAT, 10^6 edges (45,404 accounts).</summary>
    public const string Rmat1e6 = "rmat-1e6";
    /// <summary>R-MAT, 3x10^6 edges (126,496 accounts); Standard preset only.</summary>
    public const string Rmat3e6 = "rmat-3e6";
    /// <summary>SNAP soc-Slashdot0902 (82,168 accounts, 948,464 edges incl. 78,303 self-loops), from the shared folder.</summary>
    public const string Slashdot = "soc-slashdot0902";

    /// <summary>Environment variable restricting the graphs (comma-separated names).</summary>
    public const string GraphsVariable = "INFLUENCEGRAPH_BENCH_GRAPHS";

    private static readonly ConcurrentDictionary<string, Lazy<RmatEdgeList>> _rmat = new();
    private static readonly ConcurrentDictionary<string, Lazy<GraphSnapshot>> _snapshots = new();

    /// <summary>Every graph name known here, smallest first.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [Rmat1e4, Rmat1e5, Rmat1e6, Rmat3e6, Slashdot];

    /// <summary>
    /// The subset of <paramref name="candidates"/> to run now (see the type remarks), in the given order.
    /// </summary>
    public static IEnumerable<string> Select(params string[] candidates)
    {
        string? only = Environment.GetEnvironmentVariable(GraphsVariable);
        var allowed = string.IsNullOrWhiteSpace(only)
            ? null
            : new HashSet<string>(only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        foreach (string name in candidates)
        {
            if (allowed is not null && !allowed.Contains(name)) continue;
            if (allowed is null && name == Rmat3e6 && BenchSettings.Preset != BenchPreset.Standard) continue;
            if (name == Slashdot && SlashdotPath is null) continue;
            yield return name;
        }
    }

    /// <summary>Path of the soc-Slashdot0902 edge file the oracle's reference values describe, or null when the shared folder is absent.</summary>
    public static string? SlashdotPath
    {
        get
        {
            if (!SharedData.Available) return null;
            string p = SharedData.Path("oracle/expected/soc-slashdot0902.edges.gz");
            return File.Exists(p) ? p : null;
        }
    }

    /// <summary>Number of edges of an R-MAT graph name (<c>rmat-1e5</c> -> 100000), or false for other names.</summary>
    public static bool TryGetRmatEdges(string name, out int edges)
    {
        edges = name switch { Rmat1e4 => 10_000, Rmat1e5 => 100_000, Rmat1e6 => 1_000_000, Rmat3e6 => 3_000_000, _ => 0 };
        return edges > 0;
    }

    /// <summary>The R-MAT edge list of <paramref name="name"/> (cached; Graph500 parameters, seed 1).</summary>
    /// <exception cref="ArgumentException">Not an R-MAT name.</exception>
    public static RmatEdgeList RmatEdges(string name) =>
        _rmat.GetOrAdd(name, n => new Lazy<RmatEdgeList>(() =>
            TryGetRmatEdges(n, out int m) ? Rmat.Generate(m, seed: 1) : throw new ArgumentException($"'{n}' is not an R-MAT graph name.", nameof(name)))).Value;

    /// <summary>The snapshot of graph <paramref name="name"/> with the reference tools' defaults (duplicates collapsed, self-loops kept); cached.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    /// <exception cref="FileNotFoundException">soc-Slashdot requested but the shared folder is absent.</exception>
    public static GraphSnapshot Snapshot(string name) =>
        _snapshots.GetOrAdd(name, n => new Lazy<GraphSnapshot>(() => Load(n))).Value;

    /// <summary>Builds a fresh (uncached) snapshot of <paramref name="name"/>.</summary>
    public static GraphSnapshot Load(string name)
    {
        if (TryGetRmatEdges(name, out _)) return RmatEdges(name).ToSnapshot();
        if (name == Slashdot)
            return EdgeImport.Load(SlashdotPath ?? throw new FileNotFoundException("soc-slashdot0902 needs the shared folder (set INFLUENCEGRAPH_SHARED)."),
                new EdgeImportOptions { WeightColumn = "none" }, GraphBuildOptions.Default, false);
        throw new ArgumentException($"Unknown benchmark graph '{name}'; known: {string.Join(", ", AllNames)}.", nameof(name));
    }

    /// <summary>The follower/followee handle pairs of <paramref name="name"/> in file order (each handle string shared between its rows).</summary>
    public static (string[] Followers, string[] Followees) HandlePairs(string name)
    {
        if (TryGetRmatEdges(name, out _))
        {
            var e = RmatEdges(name);
            var names = new string?[e.NodeIdSpace];
            string H(int id) => names[id] ??= id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var f = new string[e.Count];
            var t = new string[e.Count];
            for (int i = 0; i < e.Count; i++) { f[i] = H(e.Followers[i]); t[i] = H(e.Followees[i]); }
            return (f, t);
        }
        var g = Snapshot(name);
        var fl = new List<string>((int)g.EdgeCount);
        var tl = new List<string>((int)g.EdgeCount);
        for (int u = 0; u < g.NodeCount; u++)
            foreach (int v in g.Followees(u)) { fl.Add(g.Accounts[u]); tl.Add(g.Accounts[v]); }
        return (fl.ToArray(), tl.ToArray());
    }
}
