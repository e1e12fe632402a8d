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
/// untimed load and one warm-up call; prints one JSON line (the counterpart of benchmarks/guestlist_reference.py).
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
            clock.Restart();
            var s = SpreadMaximizer.Run(g, all, [], spreadSize, options);
            double spreadSeconds = clock.Elapsed.TotalSeconds;
            spread = new
            {
                size = spreadSize, epsilon, seconds = spreadSeconds, rrSets = s.TotalSets, rrSetsPerSample = s.SetsPerSample, rounds = s.Rounds,
                rrMembers = s.RrMembers, memoryBytes = s.MemoryBytes, allocatedBytes = GC.GetTotalAllocatedBytes(true) - before,
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

    private static GraphSnapshot Load(string path)
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
