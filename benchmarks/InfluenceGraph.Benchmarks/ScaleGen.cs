using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>-- scale-gen --edges N --out DIR [--seed S] [--change 0.02]</c>: writes the inputs of the 10^8-edge
/// scale run (<c>benchmarks/scale-1e8.sh</c>) fast and deterministically — <c>DIR/edges-v1.txt</c>,
/// <c>DIR/edges-v2.txt</c> and <c>DIR/accounts.csv</c> — and prints one <c>key=value</c> line per figure
/// (edges, distinct ids, bytes, seconds) for the script to read.
/// </summary>
/// <remarks>
/// <para>
/// <b>Graph.</b> R-MAT (Chakrabarti, Zhan and Faloutsos, SDM 2004) with the Graph500 initiator
/// a = 0.57, b = 0.19, c = 0.19, d = 0.05, id space <c>N / 16</c> (edge factor 16), labels permuted in
/// the <c>2^scale</c> space (seeded Fisher–Yates) and an edge with an endpoint outside the id space
/// redrawn. Unlike <see cref="InfluenceGraph.Core.Generators.Rmat"/> (numpy's stream, bit-identical with
/// the reference tools' generator, single thread, a hash set of pairs), edge <c>i</c> draws from its own
/// SplitMix64 stream seeded by <c>(seed, i)</c>, so the file is the same for any thread count and is
/// written in parallel chunks; duplicate pairs and self-loops are kept in the file (the importer collapses
/// duplicates and reports them, as with a real crawl).
/// </para>
/// <para>
/// <b>Files.</b> SNAP lines <c>user{id} user{id}\n</c> (textual handles: the importer's interning path,
/// not its numeric fast path). <c>edges-v2.txt</c> is a second crawl: every edge of v1 is dropped with
/// probability <c>change</c> (its own stream), and <c>round(change·N)</c> new R-MAT edges (indices
/// N, N+1, ... of the same generator) are appended. <c>accounts.csv</c> (header
/// <c>account,posts,political_share,topics</c>) has one row for every id that is an endpoint in v1 or v2:
/// posts 0..~2000 (heavy-tailed), political share in [0, 1] (most accounts low, ~10% high), 1–3 topics
/// from a fixed list of 12 separated by <c>;</c> — the columns of the attribute importer
/// (<c>src/docs/importing.md</c>).
/// </para>
/// </remarks>
internal static class ScaleGen
{
    private const double A = 0.57, B = 0.19, C = 0.19;
    private const int ChunkEdges = 1 << 20;
    private static readonly string[] Topics =
        ["sports", "music", "food", "travel", "tech", "gaming", "fashion", "science", "film", "books", "cars", "pets"];

    /// <summary>Runs the command; 0 on success, 2 on a bad option.</summary>
    public static int Run(string[] args)
    {
        long edges = 100_000_000;
        ulong seed = 1;
        double change = 0.02;
        string? outDir = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--edges": edges = (long)double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--change": change = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": outDir = Next(); break;
                default: Console.Error.WriteLine($"error: unknown option {args[i]} for scale-gen"); return 2;
            }
        }
        if (outDir is null || edges < 16 || edges > 2_000_000_000L || change is < 0 or >= 1)
        {
            Console.Error.WriteLine("usage: scale-gen --edges N (16..2e9) --out DIR [--seed S] [--change RATE in [0,1)]");
            return 2;
        }
        Directory.CreateDirectory(outDir);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int nodes = (int)Math.Max(2, edges / 16);
        int scale = 1;
        while ((1L << scale) < nodes) scale++;
        int[] perm = Permutation(1 << scale, Mix(seed, 0xC0FFEE));
        var seen = new byte[nodes];
        long added = (long)Math.Round(change * edges);

        ulong dropSeed = Mix(seed, 0xD409);
        ulong dropThreshold = (ulong)(change * 18446744073709551615.0);
        var (bytes1, bytes2, kept) = WriteEdges(Path.Combine(outDir, "edges-v1.txt"), Path.Combine(outDir, "edges-v2.txt"), edges, added,
            e => Edge(seed, e, scale, nodes, perm), e => Mix(dropSeed, (ulong)e) >= dropThreshold, seen);
        long accounts = WriteAccounts(Path.Combine(outDir, "accounts.csv"), seen, seed);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"edges_v1={edges}"));
        Console.WriteLine(string.Create(inv, $"edges_v2={kept}"));
        Console.WriteLine(string.Create(inv, $"edges_v2_added={added}"));
        Console.WriteLine(string.Create(inv, $"id_space={nodes}"));
        Console.WriteLine(string.Create(inv, $"accounts_in_file={accounts}"));
        Console.WriteLine(string.Create(inv, $"bytes_v1={bytes1}"));
        Console.WriteLine(string.Create(inv, $"bytes_v2={bytes2}"));
        Console.WriteLine(string.Create(inv, $"gen_seconds={sw.Elapsed.TotalSeconds:F2}"));
        return 0;
    }

    /// <summary>SplitMix64 finaliser of (a, b): a well-mixed 64-bit value (Steele, Lea and Flood, OOPSLA 2014).</summary>
    private static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b + 0x6A09E667F3BCC909UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int[] Permutation(int n, ulong seed)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        ulong state = seed;
        for (int i = n - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            int j = (int)(Mix(state, 0) % (ulong)(i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>
    /// Edge <paramref name="e"/>: its own SplitMix64 stream, one 64-bit draw per level (its two 32-bit halves
    /// choose the row bit and the column bit against fixed-point thresholds, branch-free).
    /// </summary>
    private static (int U, int V) Edge(ulong seed, long e, int scale, int nodes, int[] perm)
    {
        ulong state = Mix(seed, (ulong)e);
        const double ab = A + B, cNorm = C / (1 - ab), aNorm = A / ab;
        const ulong abT = (ulong)(ab * 4294967296.0), cT = (ulong)(cNorm * 4294967296.0), aT = (ulong)(aNorm * 4294967296.0);
        while (true)
        {
            ulong u = 0, v = 0;
            for (int bit = 0; bit < scale; bit++)
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                ulong down = (abT - (uint)z) >> 63;                 // 1 when the low half > a + b (rows c, d)
                ulong threshold = aT + down * (cT - aT);             // column threshold: c/(1-a-b) below, a/(a+b) above
                ulong right = (threshold - (z >> 32)) >> 63;         // 1 when the high half > threshold
                u |= down << bit;
                v |= right << bit;
            }
            int pu = perm[(int)u], pv = perm[(int)v];
            if (pu < nodes && pv < nodes) return (pu, pv);
        }
    }

    /// <summary>
    /// Writes v1 (edges 0..count-1) and v2 (the same edges, each kept when <paramref name="keep"/> says so,
    /// then edges count..count+added-1) in one pass: each edge is drawn once.
    /// </summary>
    private static (long Bytes1, long Bytes2, long Lines2) WriteEdges(string path1, string path2, long count, long added,
        Func<long, (int U, int V)> edge, Func<long, bool> keep, byte[] seen)
    {
        long total = count + added;
        int chunks = (int)((total + ChunkEdges - 1) / ChunkEdges);
        int wave = Math.Max(2, Environment.ProcessorCount * 2);
        long written1 = 0, written2 = 0, lines2 = 0;
        using var file1 = new FileStream(path1, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var file2 = new FileStream(path2, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffers1 = new byte[wave][];
        var buffers2 = new byte[wave][];
        var lengths1 = new int[wave];
        var lengths2 = new int[wave];
        var kept = new int[wave];
        for (int w0 = 0; w0 < chunks; w0 += wave)
        {
            int inWave = Math.Min(wave, chunks - w0);
            Parallel.For(0, inWave, k =>
            {
                long start = (long)(w0 + k) * ChunkEdges;
                long end = Math.Min(total, start + ChunkEdges);
                var buf1 = buffers1[k] ??= new byte[ChunkEdges * 26];
                var buf2 = buffers2[k] ??= new byte[ChunkEdges * 26];
                int pos1 = 0, pos2 = 0, n2 = 0;
                for (long e = start; e < end; e++)
                {
                    bool inV1 = e < count;
                    bool inV2 = !inV1 || keep(e);
                    var (u, v) = edge(e);
                    seen[u] = 1;
                    seen[v] = 1;
                    int from = pos1;
                    if (inV1)
                    {
                        pos1 += Handle(buf1.AsSpan(pos1), u);
                        buf1[pos1++] = (byte)' ';
                        pos1 += Handle(buf1.AsSpan(pos1), v);
                        buf1[pos1++] = (byte)'\n';
                        if (inV2) { buf1.AsSpan(from, pos1 - from).CopyTo(buf2.AsSpan(pos2)); pos2 += pos1 - from; n2++; }
                    }
                    else
                    {
                        pos2 += Handle(buf2.AsSpan(pos2), u);
                        buf2[pos2++] = (byte)' ';
                        pos2 += Handle(buf2.AsSpan(pos2), v);
                        buf2[pos2++] = (byte)'\n';
                        n2++;
                    }
                }
                lengths1[k] = pos1;
                lengths2[k] = pos2;
                kept[k] = n2;
            });
            for (int k = 0; k < inWave; k++)
            {
                file1.Write(buffers1[k], 0, lengths1[k]);
                file2.Write(buffers2[k], 0, lengths2[k]);
                written1 += lengths1[k];
                written2 += lengths2[k];
                lines2 += kept[k];
            }
        }
        return (written1, written2, lines2);
    }

    private static int Handle(Span<byte> dest, int id)
    {
        "user"u8.CopyTo(dest);
        Utf8Formatter.TryFormat(id, dest[4..], out int n);
        return 4 + n;
    }

    private static long WriteAccounts(string path, byte[] seen, ulong seed)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write("account,posts,political_share,topics\n"u8);
        var buf = new byte[1 << 22];
        int pos = 0;
        long rows = 0;
        ulong attrSeed = Mix(seed, 0xA77);
        for (int id = 0; id < seen.Length; id++)
        {
            if (seen[id] == 0) continue;
            if (pos > buf.Length - 256) { file.Write(buf, 0, pos); pos = 0; }
            ulong h = Mix(attrSeed, (ulong)id);
            // posts: heavy-tailed, 0..~2000 (a cube of a uniform); political share: 90% in [0, 0.2), 10% in [0.2, 1].
            double u1 = (h & 0xFFFF) / 65536.0, u2 = ((h >> 16) & 0xFFFF) / 65536.0;
            int posts = (int)(2000 * u1 * u1 * u1);
            double share = u2 < 0.9 ? u2 / 0.9 * 0.2 : 0.2 + (u2 - 0.9) / 0.1 * 0.8;
            pos += Handle(buf.AsSpan(pos), id);
            buf[pos++] = (byte)',';
            Utf8Formatter.TryFormat(posts, buf.AsSpan(pos), out int n); pos += n;
            buf[pos++] = (byte)',';
            Utf8Formatter.TryFormat(Math.Round(share, 3), buf.AsSpan(pos), out n, new System.Buffers.StandardFormat('F', 3)); pos += n;
            buf[pos++] = (byte)',';
            int topics = 1 + (int)((h >> 32) % 3);
            for (int t = 0; t < topics; t++)
            {
                if (t > 0) buf[pos++] = (byte)';';
                string topic = Topics[(int)(((h >> 40) % (ulong)Topics.Length + (ulong)(5 * t)) % (ulong)Topics.Length)];
                pos += Encoding.ASCII.GetBytes(topic, buf.AsSpan(pos));
            }
            buf[pos++] = (byte)'\n';
            rows++;
        }
        file.Write(buf, 0, pos);
        return rows;
    }
}
