using System.Globalization;
using BenchmarkDotNet.Running;
using InfluenceGraph.Benchmarks.Infrastructure;
using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release --project benchmarks/InfluenceGraph.Benchmarks -- [--preset short|standard] [BenchmarkDotNet options]</c>
/// runs the benchmarks through <see cref="BenchmarkSwitcher"/> (e.g. <c>--filter '*PageRank*' --job short</c>);
/// <c>-- memory [GRAPH...]</c> prints the snapshot memory footprint against the 12 B/edge + 32 B/account target;
/// <c>-- gen --edges M [--nodes N] [--seed S] -o FILE</c> writes a Graph500 R-MAT edge file (the same bytes as
/// <c>../shared/oracle/gen_graph.py rmat</c>); <c>-- scale-gen --edges N --out DIR</c> writes the textual-handle R-MAT
/// edge files and attribute file of <c>benchmarks/scale-1e8.sh</c> (see <see cref="ScaleGen"/>); <c>-- scale-probe --db PATH --graph NAME</c> measures a stored graph's snapshot memory and
/// PageRank time (see <see cref="ScaleProbe"/>); <c>-- pr-locality ...</c> measures the PageRank pass under locality
/// renumberings of the accounts (see <see cref="LocalityProbe"/>); <c>-- peer ...</c> times one kernel call on an edge file like
/// <c>../shared/oracle/bench.py one</c> (see <see cref="PeerHarness"/>); <c>-- reach ...</c> times the all-accounts
/// h-hop reach (HyperBall or exact) and can write the values (see <see cref="Audience.ReachHarness"/>); <c>-- memcheck --edges FILE</c>
/// checks the influencer signals' and Leiden's memory estimates against the measured peak (see <see cref="MemoryCheckHarness"/>);
/// <c>-- reload-profile --db PATH</c> times a stored graph's reload phase by phase (see <see cref="ReloadProfile"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "memory") return Memory(args[1..]);
        if (args.Length > 0 && args[0] == "gen") return Gen(args[1..]);
        if (args.Length > 0 && args[0] == "scale-gen") return ScaleGen.Run(args[1..]);
        if (args.Length > 0 && args[0] == "scale-probe") return ScaleProbe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "pr-locality") return LocalityProbe.Run(args[1..]);
        if (args.Length > 0 && args[0] == "peer") return PeerHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "reach") return Audience.ReachHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "guestlist") return GuestListHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "memcheck") return MemoryCheckHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "reload-profile") return ReloadProfile.Run(args[1..]);

        var rest = new List<string>();
        string preset = BenchSettings.Preset.ToString();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--preset" && i + 1 < args.Length) preset = args[++i];
            else rest.Add(args[i]);
        }
        if (!Enum.TryParse(preset, ignoreCase: true, out BenchPreset p))
        {
            Console.Error.WriteLine($"error: unknown preset '{preset}' (expected short or standard)");
            return 2;
        }
        // Child processes inherit the environment, so they see the same preset and graph selection.
        Environment.SetEnvironmentVariable(BenchSettings.PresetVariable, p.ToString());
        // Exactly one job: the preset's, unless the command line names one (--job Dry for smoke tests).
        if (!rest.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
            rest.AddRange(["--job", p == BenchPreset.Standard ? "default" : "short"]);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], new BenchConfig());
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }

    private static int Memory(string[] graphs)
    {
        if (graphs.Length == 0) graphs = [.. BenchGraphs.AllNames.Where(g => g != BenchGraphs.Slashdot || BenchGraphs.SlashdotPath is not null)];
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| graph | structure | accounts n | edges m | retained MiB | retained B/edge | edge arrays B/edge | offsets + account index B/account | account index alone B/account | budget 12m+32n MiB | retained / budget |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (string g in graphs)
        {
            foreach (var s in Enum.GetValues<FootprintStructure>())
            {
                var f = Footprint.Measure(g, s);
                bool snap = s == FootprintStructure.Snapshot;
                Console.WriteLine(string.Create(inv,
                    $"| {g} | {(snap ? "GraphSnapshot" : "QuikGraph BidirectionalGraph<int,SEdge<int>>")} | {f.Nodes:N0} | {f.Edges:N0} | {f.RetainedBytes / 1048576.0:F1} | {f.RetainedPerEdge:F1} | " +
                    $"{(snap ? f.EdgeArraysPerEdge.ToString("F1", inv) : "-")} | {(snap ? f.RestPerAccount.ToString("F1", inv) : "-")} | {(snap ? f.AccountIndexPerAccount.ToString("F1", inv) : "-")} | " +
                    $"{f.BudgetBytes / 1048576.0:F1} | {(double)f.RetainedBytes / f.BudgetBytes:F2} |"));
            }
        }
        return 0;
    }

    private static int Gen(string[] args)
    {
        int? edges = null, nodes = null;
        ulong seed = 1;
        string? output = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--edges": edges = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--nodes": nodes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "-o" or "--output": output = args[i + 1]; break;
                default: Console.Error.WriteLine($"error: unknown option {args[i]}"); return 2;
            }
        }
        if (edges is null || output is null)
        {
            Console.Error.WriteLine("usage: gen --edges M [--nodes N] [--seed S] -o FILE");
            return 2;
        }
        Rmat.Generate(new RmatOptions { Edges = edges.Value, Nodes = nodes, Seed = seed }).WriteTo(output);
        return 0;
    }
}
