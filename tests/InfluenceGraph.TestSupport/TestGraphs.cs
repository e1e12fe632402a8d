using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.TestSupport;

/// <summary>
/// Small hand-drawn graphs for tests, written as text or as pairs. Node ids follow the order in which
/// accounts first appear (the <see cref="GraphBuilder"/> rule), so a test may index scores by id.
/// </summary>
public static class TestGraphs
{
    /// <summary>The out-direction of <paramref name="g"/> as classic single CSR arrays (offsets n+1, followees, weights or null), whatever its chunking.</summary>
    public static (int[] Offsets, int[] Targets, double[]? Weights) OutCsr(GraphSnapshot g) => g.OutEdgeChunks.ToSingleArrays("A test");

    /// <summary>The in-direction of <paramref name="g"/> as classic single CSR arrays (offsets n+1, followers, weights or null).</summary>
    public static (int[] Offsets, int[] Targets, double[]? Weights) InCsr(GraphSnapshot g) => g.InEdgeChunks.ToSingleArrays("A test");

    /// <summary>
    /// Builds a graph from rows separated by commas or new lines: <c>follower followee [weight]</c>
    /// (white space between the fields; the weight in the invariant culture), or a single handle that
    /// declares an account without edges, e.g. <c>"a b, b c 2.5, d"</c>.
    /// </summary>
    /// <param name="rows">The rows; blank rows are skipped.</param>
    /// <param name="options">Duplicate and self-loop policy (default <see cref="GraphBuildOptions.Default"/>).</param>
    /// <param name="isolated">Accounts without edges added after the rows.</param>
    /// <exception cref="FormatException">A row has more than three fields or a weight that is not a number.</exception>
    public static GraphSnapshot FromText(string rows, GraphBuildOptions? options = null, params string[] isolated)
    {
        var b = new GraphBuilder(options);
        foreach (string row in rows.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var t = row.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (t.Length)
            {
                case 1: b.AddAccount(t[0]); break;
                case 2: b.AddEdge(t[0], t[1]); break;
                case 3: b.AddEdge(t[0], t[1], double.Parse(t[2], NumberStyles.Float, CultureInfo.InvariantCulture)); break;
                default: throw new FormatException($"test graph row '{row}': expected 'follower followee [weight]' or one handle");
            }
        }
        foreach (string a in isolated) b.AddAccount(a);
        return b.Build();
    }

    /// <summary>Builds a graph from (follower, followee) pairs, then the <paramref name="isolated"/> accounts.</summary>
    /// <param name="edges">Edges in insertion order (repeats kept for the builder's duplicate policy).</param>
    /// <param name="options">Duplicate and self-loop policy (default <see cref="GraphBuildOptions.Default"/>).</param>
    /// <param name="isolated">Accounts without edges added after the edges.</param>
    public static GraphSnapshot FromPairs(IEnumerable<(string Follower, string Followee)> edges, GraphBuildOptions? options = null, params string[] isolated)
    {
        var b = new GraphBuilder(options);
        foreach (var (u, v) in edges) b.AddEdge(u, v);
        foreach (string a in isolated) b.AddAccount(a);
        return b.Build();
    }

    /// <summary>
    /// Seeded random edge rows on <paramref name="accounts"/> accounts <c>PREFIX0..PREFIX(n-1)</c>
    /// (declared first, so account i has node id i): self-loops and repeated rows happen; accounts
    /// that no row touches stay isolated. The same arguments always give the same rows.
    /// </summary>
    /// <param name="accounts">n &gt;= 1.</param>
    /// <param name="rows">m &gt;= 0 edge rows.</param>
    /// <param name="seed">Seed of <see cref="Random"/>.</param>
    /// <param name="prefix">Handle prefix (<c>""</c> gives numeric handles).</param>
    /// <param name="followerSkew">1 draws the follower uniformly; k &gt; 1 draws ⌊n·Uᵏ⌋, so low ids follow more.</param>
    /// <param name="followeeSkew">The same for the followee: k &gt; 1 gives hubs with many followers.</param>
    /// <param name="weight">Draws each row's weight after its endpoints; null gives 1 and draws nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accounts"/> &lt; 1, <paramref name="rows"/> &lt; 0 or a skew &lt; 1.</exception>
    public static EdgeRows Random(int accounts, int rows, int seed, string prefix = "a",
        double followerSkew = 1, double followeeSkew = 1, Func<Random, double>? weight = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(followerSkew, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(followeeSkew, 1);
        var rng = new Random(seed);
        var names = new string[accounts];
        for (int i = 0; i < accounts; i++) names[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
        var list = new List<(string, string, double)>(rows);
        for (int e = 0; e < rows; e++)
        {
            int u = Draw(rng, accounts, followerSkew), v = Draw(rng, accounts, followeeSkew);
            list.Add((names[u], names[v], weight is null ? 1.0 : weight(rng)));
        }
        return new EdgeRows(names, list);
    }

    /// <summary>
    /// A seeded random follower graph (see <see cref="Random(int, int, int, string, double, double, Func{Random, double}?)"/>),
    /// built with <paramref name="options"/>; weighted when <paramref name="weight"/> is given.
    /// </summary>
    public static GraphSnapshot RandomGraph(int accounts, int rows, int seed, GraphBuildOptions? options = null, string prefix = "a",
        double followerSkew = 1, double followeeSkew = 1, Func<Random, double>? weight = null) =>
        Random(accounts, rows, seed, prefix, followerSkew, followeeSkew, weight).Build(options, weighted: weight is not null);

    /// <summary>
    /// A seeded directed G(n, p) graph (Gilbert): accounts <c>a0</c>..<c>a{n-1}</c>, and each ordered pair
    /// (u, v), u ≠ v, a follow with probability <paramref name="p"/>, decided in the order u = 0..n-1, then
    /// v = 0..n-1 (one <see cref="Random.NextDouble"/> per pair). Small exhaustive checks (guest lists
    /// against the brute-force optimum, cascades against simulation) use it.
    /// </summary>
    /// <param name="seed">Seed of <see cref="Random"/>.</param>
    /// <param name="n">Accounts, n &gt;= 1.</param>
    /// <param name="p">Follow probability in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 1, or <paramref name="p"/> outside [0, 1].</exception>
    public static GraphSnapshot Gnp(int seed, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in [0, 1].");
        var rng = new Random(seed);
        var b = new GraphBuilder();
        for (int v = 0; v < n; v++) b.AddAccount("a" + v.ToString(CultureInfo.InvariantCulture));
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
                if (u != v && rng.NextDouble() < p) b.AddEdge(u, v);
        return b.Build();
    }

    private static int Draw(Random rng, int n, double skew) =>
        skew == 1 ? rng.Next(n) : (int)(n * Math.Pow(rng.NextDouble(), skew));
}

/// <summary>
/// Edge rows kept as data, so a test can build a snapshot and hand the same rows to a reference
/// implementation or write them to a file.
/// </summary>
/// <param name="Accounts">Every account, in node-id order (declared before the rows).</param>
/// <param name="Rows">(follower, followee, weight) in input order.</param>
public sealed record EdgeRows(IReadOnlyList<string> Accounts, IReadOnlyList<(string Follower, string Followee, double Weight)> Rows)
{
    /// <summary>Builds the snapshot: the accounts, then the rows (weight 1 unless <paramref name="weighted"/>).</summary>
    /// <param name="options">Duplicate and self-loop policy (default <see cref="GraphBuildOptions.Default"/>).</param>
    /// <param name="weighted">Keep the row weights and mark the snapshot weighted even if all are 1.</param>
    public GraphSnapshot Build(GraphBuildOptions? options = null, bool weighted = false)
    {
        var b = new GraphBuilder(options, Rows.Count);
        foreach (string a in Accounts) b.AddAccount(a);
        foreach (var (u, v, w) in Rows) b.AddEdge(u, v, weighted ? w : 1.0);
        return b.Build(forceWeighted: weighted);
    }

    /// <summary>The rows as an edge-list text, one <c>follower followee</c> line each (weights left out), for the import.</summary>
    public string ToText()
    {
        var sb = new StringBuilder(Rows.Count * 12);
        foreach (var (u, v, _) in Rows) sb.Append(u).Append(' ').Append(v).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToText"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    public void WriteTo(string path) => File.WriteAllText(path, ToText());
}
