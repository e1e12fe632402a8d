using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Benchmarks.Audience;

/// <summary>
/// The h-hop reach of every account, timed like <see cref="Infrastructure.PeerHarness"/> (fresh process,
/// load not timed, untimed warm-up when a call is short, then <c>reps</c> timed calls), for
/// <c>benchmarks/compare_reach.py</c>.
/// </summary>
/// <remarks>
/// <c>reach --graph FILE [--hops H] [--method hyperball|exact] [--registers M] [--seed S] [--threads N] [--reps R] [--out FILE]</c>:
/// prints one JSON line (walls, median, n, m, method, registers, stated relative standard error); with
/// <c>--out</c> also writes <c>node\treach</c> (the last call's values) for the accuracy check.
/// </remarks>
public static class ReachHarness
{
    /// <summary>Runs the harness; returns the exit code (2 on bad arguments).</summary>
    public static int Run(string[] args)
    {
        string? graphPath = null, output = null, method = "hyperball";
        int hops = 3, registers = 64, reps = 3, seed = 0;
        int? threads = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string v = args[i + 1];
            switch (args[i])
            {
                case "--graph": graphPath = v; break;
                case "--hops": hops = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--method": method = v; break;
                case "--registers": registers = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--reps": reps = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--out": output = v; break;
                case "--seed": seed = int.Parse(v, CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"reach: unknown option {args[i]}"); return 2;
            }
        }
        if (graphPath is null || method is not ("hyperball" or "exact") || reps < 1)
        {
            Console.Error.WriteLine("usage: reach --graph FILE [--hops H] [--method hyperball|exact] [--registers M] [--seed S] [--threads N] [--reps R] [--out FILE]");
            return 2;
        }
        var load = Stopwatch.StartNew();
        GraphSnapshot g = EdgeImport.Load(graphPath, new EdgeImportOptions { WeightColumn = "none" }, GraphBuildOptions.Default, false);
        double loadSeconds = load.Elapsed.TotalSeconds;
        var options = new ReachOptions
        {
            Hops = hops,
            Method = method == "exact" ? ReachMethod.Exact : ReachMethod.HyperBall,
            Registers = registers,
            Seed = seed,
            MaxDegreeOfParallelism = threads,
        };
        ReachResult? last = null;
        double Timed()
        {
            long t0 = Stopwatch.GetTimestamp();
            last = Reach.Compute(g, options);
            return Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        var walls = new List<double>();
        double first = Timed();
        if (first >= 2.0) walls.Add(first);
        else
        {
            double spent = first;
            for (int k = 1; k < 3 && spent < 1.0; k++) spent += Timed();
        }
        while (walls.Count < reps)
        {
            GC.Collect();
            walls.Add(Timed());
        }
        if (output is not null)
        {
            using var w = new StreamWriter(output);
            w.WriteLine("node\treach");
            for (int v = 0; v < g.NodeCount; v++)
                w.WriteLine(g.Accounts[v] + "\t" + last!.Scores[v].ToString("R", CultureInfo.InvariantCulture));
        }
        var sorted = walls.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["graph"] = Path.GetFileName(graphPath),
            ["task"] = "reach",
            ["method"] = last!.Method.ToString(),
            ["hops"] = hops,
            ["registers"] = last.Registers,
            ["seed"] = seed,
            ["relative_standard_error"] = last.RelativeStandardError,
            ["threads"] = threads ?? Environment.ProcessorCount,
            ["n"] = g.NodeCount,
            ["m"] = g.EdgeCount,
            ["load_s"] = loadSeconds,
            ["first_call_s"] = first,
            ["walls"] = walls,
            ["median_s"] = median,
        }));
        return 0;
    }
}
