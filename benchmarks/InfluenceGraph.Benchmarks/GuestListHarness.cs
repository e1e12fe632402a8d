using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.GuestList;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>guestlist --edges FILE [--size 20] [--hops 2] [--spread-size 50] [--epsilon 0.1] [--threads N]</c>: times the
/// guest-list kernels on a SNAP edge file (follower followee; .gz allowed), every account eligible, after an
/// untimed load and one warm-up call; prints one JSON line (the counterpart of benchmarks/guestlist_reference.py). For the
/// spread it also prints the managed heap's peak above the baseline during the run (sampled every millisecond) and the memory
/// estimate of the last round (<see cref="SpreadMaximizer.EstimateSamplingBytes"/>), to check the estimate.
/// </summary>
public static class GuestListHarness
{
    /// <summary>Runs the harness.</summary>
    public static int Run(string[] args)
    {
        string? edges = null;
        int size = 20, hops = 2, spreadSize = 50;
        double epsilon = 0.1;
        int? threads = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--edges": edges = args[i + 1]; break;
                case "--size": size = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--hops": hops = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--spread-size": spreadSize = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--epsilon": epsilon = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (edges is null) { Console.Error.WriteLine("--edges FILE is required"); return 2; }
        var g = Load(edges);
        var all = Enumerable.Range(0, g.NodeCount).ToArray();

        LazyGreedy.Run(new AudienceOracle(g, hops), all, [], size, threads); // warm-up
        var clock = Stopwatch.StartNew();
        var audience = LazyGreedy.Run(new AudienceOracle(g, hops), all, [], size, threads);
        double audienceSeconds = clock.Elapsed.TotalSeconds;

        object? spread = null;
        if (spreadSize > 0)
        {
            var options = new SpreadOptions(Epsilon: epsilon, MaxDegreeOfParallelism: threads);
            SpreadMaximizer.Run(g, all, [], spreadSize, options); // warm-up
            long before = GC.GetTotalAllocatedBytes(true);
            // Peak of the managed heap above the baseline (live and not yet collected objects: what the process holds),
            // sampled every millisecond while the spread runs; compared with SpreadMaximizer.EstimateSamplingBytes.
            long baseline = GC.GetTotalMemory(true), peak = baseline;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(() =>
            {
                while (!sampling.IsCancellationRequested) { peak = Math.Max(peak, GC.GetTotalMemory(false)); Thread.Sleep(1); }
            });
            var marks = new RoundMarks();
            clock.Restart();
            var s = SpreadMaximizer.Run(g, all, [], spreadSize, options with { SampleMemoryBytes = long.MaxValue }, marks);
            double spreadSeconds = clock.Elapsed.TotalSeconds;
            sampling.Cancel();
            sampler.Wait();
            double mean = (double)s.RrMembers / Math.Max(1, s.TotalSets);
            spread = new
            {
                size = spreadSize, epsilon, seconds = spreadSeconds, rrSets = s.TotalSets, rrSetsPerSample = s.SetsPerSample, rounds = s.Rounds,
                rrMembers = s.RrMembers, memoryBytes = s.MemoryBytes, allocatedBytes = GC.GetTotalAllocatedBytes(true) - before,
                lastRoundAllocatedBytes = GC.GetTotalAllocatedBytes(true) - marks.LastAllocated,
                lastRoundEstimateBytes = SpreadMaximizer.EstimateSamplingBytes(g.NodeCount, s.SetsPerSample, marks.LastMeanSetSize(s)),
                baselineHeapBytes = baseline, peakHeapAboveBaselineBytes = peak - baseline, estimateBytes = SpreadMaximizer.EstimateSamplingBytes(g.NodeCount, s.SetsPerSample, mean),
                spread = s.Spread.Estimate, lower = s.Spread.Lower, upper = s.Spread.Upper, certifiedRatio = s.CertifiedRatio,
            };
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            graph = edges, accounts = g.NodeCount, edges = g.EdgeCount, threads = threads ?? Environment.ProcessorCount,
            audience = new { size, hops, covered = audience.Value, upperBound = audience.UpperBound, certifiedRatio = audience.CertifiedRatio, evaluations = audience.Evaluations, seconds = audienceSeconds },
            spread,
        }));
        return 0;
    }

    /// <summary>Records the allocated bytes when each OPIM-C round starts (synchronously, on the reporting thread).</summary>
    private sealed class RoundMarks : IProgress<InfluenceGraph.Core.Centrality.CentralityProgress>
    {
        public long LastAllocated;
        public void Report(InfluenceGraph.Core.Centrality.CentralityProgress value) => LastAllocated = GC.GetTotalAllocatedBytes(true);

        /// <summary>The mean RR-set size over all sets: the estimate of the last round used the mean before it (close to it).</summary>
        public double LastMeanSetSize(SpreadResult s) => (double)s.RrMembers / Math.Max(1, s.TotalSets);
    }

    internal static GraphSnapshot Load(string path)
    {
        var b = new GraphBuilder();
        Stream s = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal)) s = new GZipStream(s, CompressionMode.Decompress);
        using var reader = new StreamReader(s);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] is '#' or '%') continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2) b.AddEdge(parts[0], parts[1]); else b.AddAccount(parts[0]);
        }
        return b.Build();
    }
}
