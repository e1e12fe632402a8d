using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>-- pr-locality (--db PATH --graph NAME | --edges FILE) [--passes K] [--threads T] [--stats-only] [--scatter-only] [--blocking]</c>:
/// a microbenchmark of the PageRank pull pass (gather of contributions over the in-edge CSR, the new score, its L1
/// change and the next contribution; a simplified copy of the kernel's pass, not the kernel) over the snapshot's own
/// numbering and over locality renumberings of the accounts: sorted by out-degree (how often a pass reads an
/// account's contribution), by in-degree, degree-based grouping (Faldu, Diamond, Grot, IISWC 2019) and hub sorting
/// (Balaji, Lucia, IISWC 2018), each keeping every account's in-list in its original order (so every gathered sum
/// adds the same values in the same order). Each layout is measured twice: renumbered whole (accounts and follower
/// ids, as a cached renumbered snapshot would be), and <c>/src</c>: only the follower ids renumbered, the accounts in
/// their order and the contribution written at its new position (the variant that keeps every other kernel vector
/// and so every result bit-identical).
/// </summary>
/// <remarks>
/// Prints first how much locality the snapshot's numbering already has (share of all gathers per tenth of the node
/// ids; share on the most-read eighth of the accounts against the first eighth of the ids), then one line per layout:
/// best of 3 rounds of K passes (default 12) after 2 warm-up passes, milliseconds per pass (wall and process CPU),
/// GB/s by the model 12 B per follow + 36 B per account (40 B for <c>/src</c>, the position read), the build time
/// of the layout and a checksum. <c>--stats-only</c> stops after the locality figures (no copies: about the loaded
/// state's memory). A whole renumbered copy holds another 4 B per follow + 8 B per account. <c>--blocking</c> measures
/// instead the snapshot's pass against propagation blocking with bins of 2^14 and 2^16 destinations
/// (see <see cref="MeasureBlocking"/>; 10 B per follow of work memory).
/// </remarks>
internal static class LocalityProbe
{
    private const int ChunkWork = 1 << 15;

    /// <summary>Runs the probe; 0 on success, 2 on a bad option.</summary>
    public static int Run(string[] args)
    {
        string? db = null, graph = null, edges = null;
        bool only = false, statsOnly = false, blocking = false;
        int passes = 12, threads = Environment.ProcessorCount;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db" when i + 1 < args.Length: db = args[++i]; break;
                case "--graph" when i + 1 < args.Length: graph = args[++i]; break;
                case "--edges" when i + 1 < args.Length: edges = args[++i]; break;
                case "--passes" when i + 1 < args.Length: passes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--scatter-only": only = true; break;
                case "--stats-only": statsOnly = true; break;
                case "--blocking": blocking = true; break;
                case "--threads" when i + 1 < args.Length: threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"error: unknown option {args[i]} for pr-locality"); return 2;
            }
        }
        GraphSnapshot s;
        if (edges is not null) s = EdgeImport.Load(edges, new EdgeImportOptions { WeightColumn = "none" }, GraphBuildOptions.Default, false);
        else if (db is not null && graph is not null)
        {
            using var store = new SqliteGraphStore(db, readOnly: true);
            s = store.Load(graph)!.Snapshot;
        }
        else { Console.Error.WriteLine("usage: pr-locality (--db PATH --graph NAME | --edges FILE)"); return 2; }
        var (offsets, sources, _) = s.InEdgeChunks.ToSingleArrays("pr-locality");
        int n = s.NodeCount;
        var outDeg = new int[n];
        foreach (int u in sources) outDeg[u]++;
        var inDeg = new int[n];
        for (int v = 0; v < n; v++) inDeg[v] = offsets[v + 1] - offsets[v];
        Console.WriteLine($"accounts={n} follows={sources.Length} passes={passes} threads={threads}");
        // How much locality the snapshot's own numbering already has: the share of all follows (gathers) whose
        // follower lies in each tenth of the node ids (0.10 each when ids are unrelated to the out-degree).
        var tenths = new long[10];
        for (int u = 0; u < n; u++) tenths[(int)(10L * u / n)] += outDeg[u];
        Console.WriteLine("gathers_by_id_tenth=" + string.Join(' ', tenths.Select(t => (t / (double)Math.Max(1, sources.Length)).ToString("F3", CultureInfo.InvariantCulture))));
        {
            // Share of gathers that fall on the 1/8 most-read accounts, and on the first 1/8 of the ids.
            var sorted = (int[])outDeg.Clone();
            Array.Sort(sorted);
            Array.Reverse(sorted);
            long top = 0, first = 0;
            for (int i = 0; i < n / 8; i++) { top += sorted[i]; first += outDeg[i]; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gathers_on_most_read_eighth={top / (double)Math.Max(1, sources.Length):F3} gathers_on_first_eighth_of_ids={first / (double)Math.Max(1, sources.Length):F3}"));
        }
        if (statsOnly) return 0;
        if (blocking)
        {
            var (outOffsets, outTargets, _) = s.OutEdgeChunks.ToSingleArrays("pr-locality");
            Measure("original", offsets, sources, outDeg, passes, threads, 0);
            foreach (int bits in new[] { 14, 16 })
                MeasureBlocking(bits, offsets, outOffsets, outTargets, outDeg, passes, threads);
            return 0;
        }
        Measure("original", offsets, sources, outDeg, passes, threads, 0);
        var identity = new int[n];
        for (int i = 0; i < n; i++) identity[i] = i;
        MeasureScatter("original/src", offsets, sources, outDeg, identity, passes, threads, 0);

        foreach (var (name, key) in new (string, Func<int, long>)[]
                 {
                     ("outdeg-sorted", u => -(long)outDeg[u]),
                     ("indeg-sorted", u => -(long)inDeg[u]),
                     ("dbg-outdeg", u => -(long)Bucket(outDeg[u], sources.Length / (double)n)),
                     ("hubsort-outdeg", u => outDeg[u] > sources.Length / (double)n ? -(long)outDeg[u] : 0),
                 })
        {
            var sw = Stopwatch.StartNew();
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            var keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = key(i) * n + i; // stable
            Array.Sort(keys, order);
            var newId = new int[n];
            for (int i = 0; i < n; i++) newId[order[i]] = i;
            var o2 = new int[n + 1];
            var s2 = new int[sources.Length];
            var d2 = new int[n];
            int e2 = 0;
            for (int v2 = 0; v2 < n; v2++)
            {
                int v = order[v2];
                for (int e = offsets[v]; e < offsets[v + 1]; e++) s2[e2++] = newId[sources[e]];
                o2[v2 + 1] = e2;
                d2[v2] = outDeg[v];
            }
            double build = sw.Elapsed.TotalMilliseconds;
            if (!only || name != "outdeg-sorted" && name != "indeg-sorted") Measure(name, o2, s2, d2, passes, threads, build);
            o2 = null!; d2 = null!;
            // Sources renumbered only: accounts stay in their order, contributions are written at newId[v].
            sw.Restart();
            for (int e = 0; e < sources.Length; e++) s2[e] = newId[sources[e]];
            MeasureScatter(name + "/src", offsets, s2, outDeg, newId, passes, threads, sw.Elapsed.TotalMilliseconds);
        }
        return 0;
    }

    /// <summary>
    /// Propagation blocking (S. Beamer, K. Asanović, D. Patterson, "Reducing PageRank Communication via Propagation
    /// Blocking", IPDPS 2017), deterministic layout: destinations in bins of 2^bits accounts; phase 1 (parallel over
    /// fixed source chunks) streams the out-edge CSR and appends each source's contribution to its destination's bin
    /// segment (8 B write per follow, the slot fixed by the layout); phase 2 (parallel over bins) adds the values of
    /// each bin, segment by segment in source-chunk order, into the bin's sums (2^bits·8 B, cache-resident) at the
    /// stored 2-byte destination offsets, then finishes the bin's accounts. Summation order per account: by source id
    /// (not the in-edge CSR's order), the same for any thread count. Per follow and pass: 4 B out-target read, 8 B
    /// value write, 8 B value read, 2 B destination read; memory: 10 B per follow.
    /// </summary>
    private static void MeasureBlocking(int bits, int[] inOffsets, int[] outOffsets, int[] outTargets, int[] outDeg, int passes, int threads)
    {
        var build = Stopwatch.StartNew();
        int n = inOffsets.Length - 1;
        long m = outTargets.Length;
        int bins = (int)(((long)n + (1 << bits) - 1) >> bits);
        // Fixed source chunks of about ChunkWork·8 follows.
        var bounds = new List<int> { 0 };
        long work = 0;
        for (int u = 0; u < n; u++)
        {
            work += 1 + outOffsets[u + 1] - outOffsets[u];
            if (work >= 8 * ChunkWork) { bounds.Add(u + 1); work = 0; }
        }
        if (bounds[^1] != n) bounds.Add(n);
        int[] chunks = bounds.ToArray();
        int chunkCount = chunks.Length - 1;
        // start[bin * (chunkCount + 1) + chunk]: where chunk's values for bin begin; bin-major so a bin's segments are contiguous.
        var start = new long[(long)bins * (chunkCount + 1) + 1];
        for (int c = 0; c < chunkCount; c++)
            for (int e = outOffsets[chunks[c]]; e < outOffsets[chunks[c + 1]]; e++)
                start[(long)(outTargets[e] >> bits) * (chunkCount + 1) + c + 1]++;
        // Prefix over (bin, chunk) in bin-major order: entry bin*(cc+1)+c = start of (bin, c); +cc = end of bin.
        long acc = 0;
        for (int b = 0; b < bins; b++)
        {
            long at = (long)b * (chunkCount + 1);
            for (int c = 0; c <= chunkCount; c++)
            {
                long count = c < chunkCount ? start[at + c + 1] : 0;
                start[at + c] = acc;
                acc += count;
            }
        }
        var values = new double[m];
        var dest = new ushort[m];
        var cursor0 = new long[(long)bins * chunkCount];
        for (int c = 0; c < chunkCount; c++)
        {
            var cur = new long[bins];
            for (int b = 0; b < bins; b++) cur[b] = start[(long)b * (chunkCount + 1) + c];
            for (int u = chunks[c]; u < chunks[c + 1]; u++)
                for (int e = outOffsets[u]; e < outOffsets[u + 1]; e++)
                {
                    int v = outTargets[e];
                    dest[cur[v >> bits]++] = (ushort)(v & ((1 << bits) - 1));
                }
        }
        double buildMs = build.Elapsed.TotalMilliseconds;
        var inv = new double[n];
        for (int u = 0; u < n; u++) inv[u] = outDeg[u] > 0 ? 1.0 / outDeg[u] : 0;
        var x = new double[n];
        var xn = new double[n];
        var c0 = new double[n];
        var cn = new double[n];
        Array.Fill(x, 1.0 / n);
        for (int u = 0; u < n; u++) c0[u] = x[u] * inv[u];
        var resid = new double[bins];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };
        int size = 1 << bits;
        double[] contrib = c0;
        void Pass()
        {
            Parallel.For(0, chunkCount, po, () => new long[bins], (k, _, cur) =>
            {
                for (int b = 0; b < bins; b++) cur[b] = start[(long)b * (chunkCount + 1) + k];
                for (int u = chunks[k]; u < chunks[k + 1]; u++)
                {
                    double cu = contrib[u];
                    for (int e = outOffsets[u]; e < outOffsets[u + 1]; e++) values[cur[outTargets[e] >> bits]++] = cu;
                }
                return cur;
            }, _ => { });
            Parallel.For(0, bins, po, () => new double[size], (b, _, sums) =>
            {
                Array.Clear(sums);
                long from = start[(long)b * (chunkCount + 1)], to = start[(long)b * (chunkCount + 1) + chunkCount];
                for (long i = from; i < to; i++) sums[dest[i]] += values[i];
                int lo = b << bits, hi = Math.Min(n, lo + size);
                double r = 0;
                for (int v = lo; v < hi; v++)
                {
                    double xv = 0.85 * sums[v - lo] + 0.15 / n;
                    r += Math.Abs(xv - x[v]);
                    xn[v] = xv;
                    cn[v] = xv * inv[v];
                }
                resid[b] = r;
                return sums;
            }, _ => { });
            (x, xn) = (xn, x);
            (contrib, cn) = (cn, contrib);
        }
        var (best, bestCpu) = TimePasses(Pass, passes);
        double gbs = (22.0 * m + 36.0 * n) / (best / 1000) / 1e9;
        double oldModel = (12.0 * m + 36.0 * n) / (best / 1000) / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"blocking/" + bits,-16} wall {best,8:F3} ms/pass  cpu {bestCpu,8:F3} ms/pass  model {gbs,6:F2} GB/s (12 B/follow model {oldModel:F2})  build {buildMs,8:F0} ms  checksum {x.Sum():R}"));
    }

    private static int Bucket(int degree, double average)
    {
        // DBG (Faldu et al. 2019): coarse groups by degree relative to the average, hottest first, original order inside.
        if (degree >= 32 * average) return 6;
        if (degree >= 16 * average) return 5;
        if (degree >= 8 * average) return 4;
        if (degree >= 4 * average) return 3;
        if (degree >= 2 * average) return 2;
        if (degree >= average) return 1;
        return 0;
    }

    private static void Measure(string name, int[] offsets, int[] sources, int[] outDeg, int passes, int threads, double buildMs)
    {
        int n = offsets.Length - 1;
        int[] chunks = Chunks(offsets);
        double[] inv = Inverses(outDeg);
        var x = new double[n];
        var xn = new double[n];
        var c = new double[n];
        var cn = new double[n];
        Array.Fill(x, 1.0 / n);
        for (int u = 0; u < n; u++) c[u] = x[u] * inv[u];
        var resid = new double[chunks.Length - 1];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };
        void Pass()
        {
            Parallel.For(0, chunks.Length - 1, po, k =>
            {
                double r = 0;
                for (int v = chunks[k]; v < chunks[k + 1]; v++)
                {
                    double sum = 0;
                    for (int e = offsets[v]; e < offsets[v + 1]; e++) sum += c[sources[e]];
                    double xv = 0.85 * sum + 0.15 / n;
                    r += Math.Abs(xv - x[v]);
                    xn[v] = xv;
                    cn[v] = xv * inv[v];
                }
                resid[k] = r;
            });
            (x, xn) = (xn, x);
            (c, cn) = (cn, c);
        }
        var (best, bestCpu) = TimePasses(Pass, passes);
        double gbs = (12.0 * sources.Length + 36.0 * n) / (best / 1000) / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} wall {best,8:F3} ms/pass  cpu {bestCpu,8:F3} ms/pass  model {gbs,6:F2} GB/s  build {buildMs,8:F0} ms  checksum {x.Sum():R}"));
    }
    private static void MeasureScatter(string name, int[] offsets, int[] sources, int[] outDeg, int[] newId, int passes, int threads, double buildMs)
    {
        int n = offsets.Length - 1;
        int[] chunks = Chunks(offsets);
        double[] inv = Inverses(outDeg);
        var x = new double[n];
        var xn = new double[n];
        var c = new double[n];
        var cn = new double[n];
        Array.Fill(x, 1.0 / n);
        for (int u = 0; u < n; u++) c[newId[u]] = x[u] * inv[u];
        var resid = new double[chunks.Length - 1];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };
        void Pass()
        {
            Parallel.For(0, chunks.Length - 1, po, k =>
            {
                double r = 0;
                for (int v = chunks[k]; v < chunks[k + 1]; v++)
                {
                    double sum = 0;
                    for (int e = offsets[v]; e < offsets[v + 1]; e++) sum += c[sources[e]];
                    double xv = 0.85 * sum + 0.15 / n;
                    r += Math.Abs(xv - x[v]);
                    xn[v] = xv;
                    cn[newId[v]] = xv * inv[v];
                }
                resid[k] = r;
            });
            (x, xn) = (xn, x);
            (c, cn) = (cn, c);
        }
        var (best, bestCpu) = TimePasses(Pass, passes);
        double gbs = (12.0 * sources.Length + 40.0 * n) / (best / 1000) / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} wall {best,8:F3} ms/pass  cpu {bestCpu,8:F3} ms/pass  model {gbs,6:F2} GB/s  build {buildMs,8:F0} ms  checksum {x.Sum():R}"));
    }

    /// <summary>
    /// Two warm-up passes, then three rounds of <paramref name="passes"/> passes: the best wall and the best process CPU
    /// time per pass, in milliseconds (process CPU counts every core the pass keeps busy).
    /// </summary>
    private static (double WallMs, double CpuMs) TimePasses(Action pass, int passes)
    {
        for (int w = 0; w < 2; w++) pass();
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (int p = 0; p < passes; p++) pass();
            double ms = sw.Elapsed.TotalMilliseconds / passes;
            proc.Refresh();
            double cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / passes;
            best = Math.Min(best, ms);
            bestCpu = Math.Min(bestCpu, cpu);
        }
        return (best, bestCpu);
    }

    /// <summary>Chunk bounds over the accounts (0, ..., n) of about <see cref="ChunkWork"/> work each (1 per account + its in-edges), as the kernel cuts them.</summary>
    private static int[] Chunks(int[] offsets)
    {
        int n = offsets.Length - 1;
        var bounds = new List<int> { 0 };
        long work = 0;
        for (int v = 0; v < n; v++)
        {
            work += 1 + offsets[v + 1] - offsets[v];
            if (work >= ChunkWork) { bounds.Add(v + 1); work = 0; }
        }
        if (bounds[^1] != n) bounds.Add(n);
        return bounds.ToArray();
    }

    /// <summary>1 / out-degree per account, 0 for a dangling account.</summary>
    private static double[] Inverses(int[] outDeg)
    {
        var inv = new double[outDeg.Length];
        for (int u = 0; u < outDeg.Length; u++) inv[u] = outDeg[u] > 0 ? 1.0 / outDeg[u] : 0;
        return inv;
    }
}
