using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Audience;

/// <summary>
/// HyperBall (Boldi, Rosa, Vigna 2011, "HyperANF: approximating the neighbourhood function of very
/// large graphs on a budget"): the h-hop audience size of every account at once, estimated with one
/// HyperLogLog counter per account iterated h times over the edges.
/// </summary>
/// <remarks>
/// <para>
/// <b>Recurrence.</b> With <c>B_0(v) = {v}</c> and <c>B_{t+1}(v) = B_t(v) ∪ ⋃_{u ∈ In(v)} B_t(u)</c>
/// (u a follower of v), <c>B_h(v)</c> is v and every account with a follower chain of at most h edges to
/// v, so the audience is <c>|B_h(v)| - 1</c> (<see cref="Audiences"/>; igraph
/// <c>neighborhood_size(order=h, mode="in") - 1</c>). Each <c>B_t(v)</c> is kept as a HyperLogLog
/// sketch (Flajolet, Fusy, Gandouet, Meunier 2007) of m one-byte registers; a union is the register-wise
/// maximum (SIMD). Two buffers make iteration t read only iteration t-1 (exact h-hop balls, no
/// over-reach), and, as in HyperBall, only followers whose counter changed in the previous iteration
/// are merged (an unchanged counter is already contained in v's).
/// </para>
/// <para>
/// <b>Estimate.</b> Ertl's improved raw estimator (Ertl 2017, "New cardinality estimation algorithms for
/// HyperLogLog sketches", algorithm 6), unbiased over the whole range without empirical corrections;
/// 64-bit SplitMix hashes of node ids, the first p = log2(m) bits choose the register. The relative
/// standard error is about 1.04/√m (13% with 64 registers, 6.5% with 256, 1.6% with 4096); the errors
/// of accounts with nearly the same ball are strongly correlated (their sketches are nearly the same), so
/// the median error over the accounts of a graph is close to one draw of that error, not an average
/// (<c>seed</c> changes the hash and so the draw). The estimate minus the
/// account itself is clamped to [distinct followers, n - 1], and an account without followers gets 0.
/// </para>
/// <para>
/// <b>Cost.</b> Time O(h x m x (edges from changed counters) / SIMD width + n x m); memory 2 x n x m
/// bytes (n x m at most <see cref="Array.MaxLength"/>). Parallel over accounts; deterministic
/// whatever the thread count.
/// </para>
/// </remarks>
public static class HyperBall
{
    /// <summary>Default registers per account (relative standard error about 13%).</summary>
    public const int DefaultRegisters = 64;

    /// <summary>Fewest registers per counter.</summary>
    public const int MinRegisters = 16;

    /// <summary>Most registers per counter.</summary>
    public const int MaxRegisters = 65536;

    /// <summary>The relative standard error of a HyperLogLog counter with <paramref name="registers"/> registers: 1.04/√m.</summary>
    public static double RelativeStandardError(int registers) => 1.04 / Math.Sqrt(registers);

    /// <summary>Checks that <paramref name="registers"/> is a power of two in [16, 65536]; returns its log2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static int CheckRegisters(int registers)
    {
        if (registers < MinRegisters || registers > MaxRegisters || !BitOperations.IsPow2(registers))
            throw new ArgumentOutOfRangeException(nameof(registers), registers, $"registers must be a power of 2 in {MinRegisters}..{MaxRegisters} (got {registers}).");
        return BitOperations.Log2((uint)registers);
    }

    /// <summary>Estimates the h-hop audience size of every account.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="hops">Hops h, in <c>[1, <see cref="Audiences.MaxHops"/>]</c>.</param>
    /// <param name="registers">Registers m per account: a power of 2 in [16, 65536] (default 64).</param>
    /// <param name="maxDegreeOfParallelism">Threads; null = all cores.</param>
    /// <param name="progress">Receives (iterations done, hops) after each iteration; may be null.</param>
    /// <param name="seed">Seed of the hash of node ids (default 0): another seed gives another, equally accurate, estimate.</param>
    /// <param name="cancellationToken">Cancels the computation (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Estimated audience size per node id (whole numbers).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Hops or registers out of range, or n x m registers larger than an array can hold.</exception>
    public static double[] Compute(GraphSnapshot graph, int hops, int registers = DefaultRegisters, int? maxDegreeOfParallelism = null,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Audiences.CheckHops(hops);
        int p = CheckRegisters(registers);
        int n = graph.NodeCount, m = registers;
        if ((long)n * m > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(registers), registers, $"{n:N0} accounts x {m} registers exceed the largest array; use fewer registers.");
        var scores = new double[n];
        if (n == 0) return scores;
        var final = Sketches(graph, hops, p, maxDegreeOfParallelism, progress, cancellationToken, seed);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        var ranges = Partitioner.Create(0, n, Math.Max(256, n / 512));
        Parallel.ForEach(ranges, parallel, () => new int[66], (range, _, histogram) =>
        {
            for (int v = range.Item1; v < range.Item2; v++)
            {
                int followers = DistinctFollowersOtherThanSelf(graph, v);
                if (followers == 0) { scores[v] = 0; continue; }
                double estimate = Estimate(final.AsSpan(v * m, m), p, histogram) - 1;
                scores[v] = Math.Clamp(Math.Round(estimate), followers, Math.Max(followers, n - 1));
            }
            return histogram;
        }, _ => { });
        return scores;
    }

    /// <summary>
    /// The HyperLogLog sketch of <c>B_h(v)</c> (v and every account within h hops over in-edges) of every node:
    /// node v's 2^<paramref name="p"/> registers at <c>[v·m, (v+1)·m)</c>. Deterministic whatever the thread count.
    /// </summary>
    internal static byte[] Sketches(GraphSnapshot graph, int hops, int p, int? maxDegreeOfParallelism,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken, int seed)
    {
        int n = graph.NodeCount, m = 1 << p;

        var cur = GC.AllocateUninitializedArray<byte>(n * m);
        var next = GC.AllocateUninitializedArray<byte>(n * m);
        Array.Clear(cur);
        var changed = new bool[n];
        var changedNext = new bool[n];
        for (int v = 0; v < n; v++) Add(cur.AsSpan(v * m, m), p, v, seed);
        Array.Fill(changed, true);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        var ranges = Partitioner.Create(0, n, Math.Max(256, n / 512));
        int[] off = graph.InOffsets, src = graph.InSources;
        for (int t = 1; t <= hops; t++)
        {
            var (c, x, ch, chNext) = (cur, next, changed, changedNext);
            Parallel.ForEach(ranges, parallel, range =>
            {
                for (int v = range.Item1; v < range.Item2; v++)
                {
                    var mine = c.AsSpan(v * m, m);
                    var dst = x.AsSpan(v * m, m);
                    mine.CopyTo(dst);
                    bool merged = false;
                    for (int e = off[v], e1 = off[v + 1]; e < e1; e++)
                    {
                        int u = src[e];
                        if (u == v || !ch[u]) continue;
                        MaxInto(dst, c.AsSpan(u * m, m));
                        merged = true;
                    }
                    chNext[v] = merged && !dst.SequenceEqual(mine);
                }
                cancellationToken.ThrowIfCancellationRequested();
            });
            (cur, next) = (next, cur);
            (changed, changedNext) = (changedNext, changed);
            progress?.Report((t, hops));
        }

        return cur;
    }

    /// <summary>Register-wise maximum of <paramref name="src"/> into <paramref name="dst"/> (the union of two sketches).</summary>
    internal static void Union(Span<byte> dst, ReadOnlySpan<byte> src) => MaxInto(dst, src);

    private static int DistinctFollowersOtherThanSelf(GraphSnapshot g, int v)
    {
        int count = 0, last = -1;
        foreach (int u in g.Followers(v))
        {
            if (u != last && u != v) count++;
            last = u;
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxInto(Span<byte> dst, ReadOnlySpan<byte> src)
    {
        ref byte d = ref MemoryMarshal.GetReference(dst);
        ref byte s = ref MemoryMarshal.GetReference(src);
        int i = 0, len = dst.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= len; i += 32)
                Vector256.Max(Vector256.LoadUnsafe(ref d, (nuint)i), Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= len; i += 16)
                Vector128.Max(Vector128.LoadUnsafe(ref d, (nuint)i), Vector128.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < len; i++)
        {
            byte a = Unsafe.Add(ref d, i), b = Unsafe.Add(ref s, i);
            if (b > a) Unsafe.Add(ref d, i) = b;
        }
    }

    /// <summary>Adds node <paramref name="node"/> to a sketch of 2^p registers.</summary>
    internal static void Add(Span<byte> reg, int p, int node, int seed = 0)
    {
        ulong h = Mix((uint)node | ((ulong)(uint)seed << 32));
        int idx = (int)(h >> (64 - p));
        ulong rest = (h << p) | (1UL << (p - 1)); // guard bit: rank at most 64 - p + 1
        byte rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > reg[idx]) reg[idx] = rank;
    }

    /// <summary>SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijection of 64-bit keys (seed in the high half, node id in the low half).</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>
    /// Ertl's improved raw estimate of the cardinality of a sketch of 2^p registers with values in
    /// 0..q+1, q = 64 - p. <paramref name="histogram"/> is scratch of length &gt;= 66.
    /// </summary>
    internal static double Estimate(ReadOnlySpan<byte> reg, int p, int[] histogram)
    {
        int m = reg.Length, q = 64 - p;
        Array.Clear(histogram);
        foreach (byte r in reg) histogram[r]++;
        if (histogram[0] == m) return 0;
        double z = m * Tau(1 - (double)histogram[q + 1] / m);
        for (int k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma((double)histogram[0] / m);
        const double alphaInf = 0.5 / 0.6931471805599453; // 1 / (2 ln 2)
        return alphaInf * m * m / z;
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x, zPrev;
        do
        {
            x *= x;
            zPrev = z;
            z += x * y;
            y += y;
        } while (z != zPrev);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x, zPrev;
        do
        {
            x = Math.Sqrt(x);
            zPrev = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != zPrev);
        return z / 3;
    }
}
