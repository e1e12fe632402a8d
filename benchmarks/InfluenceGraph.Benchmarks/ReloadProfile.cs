using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Benchmarks;

/// <summary>
/// <c>reload-profile --db PATH [--graph NAME] [--runs N]</c>: loads a stored graph as the API server does at startup
/// (<see cref="SqliteGraphStore"/>, read-only) and prints, per run, the wall time of each phase (account rows into the
/// handle index, edge rows into the chunked CSR, the CSR of both directions, attributes), the whole load, the process's
/// CPU time, and the managed bytes the attributes keep per account (live heap with the state minus without them).
/// </summary>
public static class ReloadProfile
{
    /// <summary>Runs the profile; returns the exit code (2 for bad arguments).</summary>
    public static int Run(string[] args)
    {
        string? db = null, graph = null;
        int runs = 1;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--db": db = args[i + 1]; break;
                case "--graph": graph = args[i + 1]; break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine("usage: reload-profile --db PATH [--graph NAME] [--runs N]"); return 2;
            }
        }
        if (db is null) { Console.Error.WriteLine("usage: reload-profile --db PATH [--graph NAME] [--runs N]"); return 2; }
        for (int run = 1; run <= runs; run++)
        {
            long before = Live();
            var (holder, line) = Load(db, graph);
            long withState = Live();
            int accounts = holder.Sum(s => s!.Attributes.Count);
            var snapshots = DropAttributes(holder);
            long snapshotsOnly = Live();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run={run} {line} attribute_rows={accounts} attribute_bytes_per_row={(withState - snapshotsOnly) / (double)Math.Max(1, accounts):F1} snapshot_bytes={snapshotsOnly - before}"));
            GC.KeepAlive(snapshots);
        }
        return 0;
    }

    /// <summary>One timed load: the states (in a holder the caller can empty) and the timing fields.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (GraphState?[] Holder, string Line) Load(string db, string? graph)
    {
        var phases = new List<string>();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var cpuLast = cpuStart;
        SqliteGraphStore.LoadPhaseTimings = (phase, t) =>
        {
            process.Refresh();
            var cpuNow = process.TotalProcessorTime;
            phases.Add(string.Create(CultureInfo.InvariantCulture, $"{phase}_seconds={t.TotalSeconds:F3} {phase}_cpu_seconds={(cpuNow - cpuLast).TotalSeconds:F3}"));
            cpuLast = cpuNow;
        };
        var clock = Stopwatch.StartNew();
        IReadOnlyList<GraphState> states;
        using (var store = new SqliteGraphStore(db, readOnly: true))
            states = graph is null ? store.LoadAll() : store.Load(graph) is { } one ? [one] : [];
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        SqliteGraphStore.LoadPhaseTimings = null;
        return (states.ToArray<GraphState?>(), string.Create(CultureInfo.InvariantCulture, $"load_seconds={wall:F3} cpu_seconds={cpu:F3} ") + string.Join(' ', phases));
    }

    /// <summary>Keeps only the snapshots (the attributes become garbage).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<InfluenceGraph.Core.Graph.GraphSnapshot> DropAttributes(GraphState?[] holder)
    {
        var snapshots = holder.Select(s => s!.Snapshot).ToList();
        Array.Clear(holder);
        return snapshots;
    }

    private static long Live()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(true);
    }
}
