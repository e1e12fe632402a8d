using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Generators;

/// <summary>
/// Seeded R-MAT (recursive matrix) generator of directed follower graphs with a heavy-tailed
/// degree distribution, as used by the Graph500 benchmark.
/// </summary>
/// <remarks>
/// <para>
/// <b>Model.</b> Chakrabarti, Zhan and Faloutsos, "R-MAT: A Recursive Model for Graph Mining",
/// SIAM International Conference on Data Mining 2004 (doi:10.1137/1.9781611972740.43). The id space
/// is <c>2^scale</c> with <c>scale = ceil(log2(nodes))</c>; every edge descends <c>scale</c> levels
/// of the adjacency matrix choosing the quadrant top-left / top-right / bottom-left / bottom-right
/// with probabilities a, b, c, d. Defaults are the Graph500 specification's
/// (https://graph500.org, "Kronecker generator": a = 0.57, b = 0.19, c = 0.19, d = 0.05, edge
/// factor 16), with vertex labels randomly permuted as Graph500 does, so hubs are not the low ids.
/// </para>
/// <para>
/// <b>Same graphs as the reference tools' benchmarks.</b> The procedure, its random stream
/// (numpy's <c>Generator(PCG64(seed))</c>, ported bit for bit) and its batch sizes are those of the
/// reference tools' Python generator (<c>gen_graph.py rmat</c>): per edge and level, <c>ii = U &gt; a+b</c>, then
/// <c>jj = U' &gt; (ii ? c/(1-a-b) : a/(a+b))</c>; labels are permuted in the <c>2^scale</c> space;
/// an edge with an endpoint &gt;= <c>nodes</c> is rejected; with <see cref="RmatOptions.Simple"/> a
/// self-loop or a pair already emitted is dropped, and batches are drawn until <c>edges</c>
/// distinct pairs exist (the first <c>edges</c> are kept). So
/// <c>Rmat.Generate(new() { Edges = 1_000_000 }).WriteTo(path)</c> writes the same bytes as
/// <c>gen_graph.py rmat --edges 1000000 --nodes 62500 --seed 1</c> (byte-identical files, so a
/// benchmark graph can be checked by its sha256 sum), and the peer comparison can use either.
/// </para>
/// <para>
/// <b>Cost.</b> O(edges x scale) random draws, about 2.2 x edges x (id space / nodes)^2 x scale,
/// and O(edges) memory (two int arrays per batch and a hash set of the pairs when simple). About
/// 1 s for 3 million edges on one core.
/// </para>
/// <para>Deterministic: the same options give the same edges on every platform and run.</para>
/// </remarks>
public static class Rmat
{
    /// <summary>Generates an R-MAT graph with the Graph500 defaults: <paramref name="edges"/> edges, id space edges/16.</summary>
    /// <param name="edges">Number of edges (&gt;= 0).</param>
    /// <param name="seed">Seed (default 1, as <c>gen_graph.py</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edges"/> is negative.</exception>
    public static RmatEdgeList Generate(int edges, ulong seed = 1) => Generate(new RmatOptions { Edges = edges, Seed = seed });

    /// <summary>Generates an R-MAT graph; see the type remarks for the procedure.</summary>
    /// <param name="options">Edges, id space, seed, initiator probabilities, simple/permute flags.</param>
    /// <returns>The edges, in generation order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <c>Edges</c> &lt; 0; <c>Nodes</c> &lt; 1 or &gt; 2^30; <c>AverageDegree</c> not &gt; 0; a, b, c not all &gt; 0
    /// or a + b + c not &lt; 1.
    /// </exception>
    /// <exception cref="ArgumentException">A simple graph with that many edges does not fit in the id space.</exception>
    /// <exception cref="InvalidOperationException">200 top-up batches did not reach the edge count (too dense for a simple graph).</exception>
    public static RmatEdgeList Generate(RmatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Edges, "options.Edges");
        if (!(options.AverageDegree > 0) || !double.IsFinite(options.AverageDegree))
            throw new ArgumentOutOfRangeException("options.AverageDegree", options.AverageDegree, "The average degree must be a finite number > 0.");
        double a = options.A, b = options.B, c = options.C;
        if (!(a > 0 && b > 0 && c > 0 && a + b + c < 1.0))
            throw new ArgumentOutOfRangeException(nameof(options), $"R-MAT needs a, b, c > 0 and a + b + c < 1 (got a={a}, b={b}, c={c}).");
        int nodes = options.Nodes ?? (int)Math.Max(2, Math.Floor(options.Edges / options.AverageDegree));
        if (nodes < 1 || nodes > 1 << 30)
            throw new ArgumentOutOfRangeException("options.Nodes", nodes, "The id space must be between 1 and 2^30.");
        int edges = options.Edges;
        if (options.Simple && edges > (long)nodes * (nodes - 1))
            throw new ArgumentException($"A simple directed graph on {nodes} ids has at most {(long)nodes * (nodes - 1)} edges; {edges} requested.", nameof(options));

        var rng = new NumpyPcg64(options.Seed);
        int scale = 1;
        while ((1L << scale) < nodes) scale++;
        int bigN = 1 << scale;
        int[]? perm = options.Permute ? rng.Permutation(bigN) : null;

        var followers = new int[edges];
        var followees = new int[edges];
        int count = 0;
        HashSet<long>? seen = options.Simple ? new HashSet<long>(edges) : null;
        double keepRate = Math.Pow((double)nodes / bigN, 2);   // Python: (nodes / big_n) ** 2
        double ab = a + b, cNorm = c / (1.0 - ab), aNorm = a / ab;
        int rounds = 0;
        int[] ii = [], jj = [];
        while (count < edges)
        {
            int need = edges - count;
            long batchL = (long)(need / keepRate * 1.1) + 1024;
            if (batchL > Array.MaxLength) throw new InvalidOperationException("R-MAT batch too large for the requested id space.");
            int batch = (int)batchL;
            if (ii.Length < batch) { ii = new int[batch]; jj = new int[batch]; }
            else { Array.Clear(ii, 0, batch); Array.Clear(jj, 0, batch); }
            for (int bit = 0; bit < scale; bit++)
            {
                // numpy draws rng.random(batch) for all ii bits of this level, then for all jj bits.
                for (int k = 0; k < batch; k++)
                    if (rng.NextDouble() > ab) ii[k] |= 1 << bit;
                for (int k = 0; k < batch; k++)
                {
                    double threshold = (ii[k] & (1 << bit)) != 0 ? cNorm : aNorm;
                    if (rng.NextDouble() > threshold) jj[k] |= 1 << bit;
                }
            }
            for (int k = 0; k < batch && count < edges; k++)
            {
                int u = perm is null ? ii[k] : perm[ii[k]];
                int v = perm is null ? jj[k] : perm[jj[k]];
                if (u >= nodes || v >= nodes) continue;
                if (seen is not null && (u == v || !seen.Add((long)u * nodes + v))) continue;
                followers[count] = u;
                followees[count] = v;
                count++;
            }
            if (++rounds > 200) // as gen_graph.py: checked after every batch
                throw new InvalidOperationException("R-MAT top-up did not converge after 200 batches (graph too dense for a simple graph?).");
        }
        return new RmatEdgeList(options, nodes, followers, followees);
    }
}
