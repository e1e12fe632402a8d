using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph versions --graph G</c> and <c>influencegraph changes --graph G --metric M --from X [--to Y]</c>:
/// the recorded versions of a graph, and a metric's ranking compared between two of them (Kendall's τ-b,
/// rank-biased overlap, top-k overlap, risers, fallers, top-k entrants and leavers with reasons).
/// </summary>
/// <remarks>Exit 0; 2 for a bad option value (unknown graph, metric or version), naming the option.</remarks>
public static class ChangesCommand
{
    /// <summary>Creates the <c>versions</c> verb.</summary>
    public static Command CreateVersions()
    {
        var graph = new Option<string>("--graph") { Description = "Graph name.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var db = ImportCli.DbOption();
        var cmd = new Command("versions", "List the recorded versions of a graph (each import makes one; old versions stay reconstructable).") { graph, json, db };
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            using var catalog = GraphCatalog.OpenForReading(p.GetValue(db)!);
            string name = p.GetValue(graph)!;
            if (catalog.Get(name) is null) { Console.Error.WriteLine($"--graph: no graph named '{name}' in {catalog.DatabasePath}."); return 2; }
            var versions = catalog.Versions(name);
            if (p.GetValue(json)) { Console.Out.WriteLine(JsonSerializer.Serialize(versions, CliJson.Options)); return 0; }
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"{"version",8}  {"committed (UTC)",-20}  {"kind",-8}  {"batch",6}  {"accounts",10}  {"edges",12}");
            foreach (var v in versions)
                Console.Out.WriteLine(string.Create(inv, $"{v.Version,8}  {v.CommittedAt:yyyy-MM-dd HH:mm:ss}  {v.Kind,-8}  {v.BatchId?.ToString(inv) ?? "-",6}  {v.Accounts,10:N0}  {v.Edges,12:N0}"));
            return 0;
        }));
        return cmd;
    }

    /// <summary>Creates the <c>changes</c> verb.</summary>
    public static Command Create()
    {
        var graph = new Option<string>("--graph") { Description = "Graph name.", Required = true };
        var metric = new Option<string>("--metric") { Description = "Metric ranked on both sides, with its default options (pagerank, followers, ...).", DefaultValueFactory = _ => "pagerank" };
        var from = new Option<string>("--from") { Description = "The earlier side: a version number, or a time (ISO 8601 date or date-time, or epoch seconds) = the last version committed by then.", Required = true };
        var to = new Option<string?>("--to") { Description = "The later side, as for --from (default: the latest version)." };
        var p = new Option<double>("--p") { Description = "Rank-biased overlap persistence in (0, 1).", DefaultValueFactory = _ => 0.9 }.Within(0, 1, minOpen: true, maxOpen: true);
        var top = new Option<int>("--top") { Description = "Depth k of the top-k entrants and leavers, and how many risers and fallers are printed.", DefaultValueFactory = _ => 10 }.Within(1);
        var csv = new Option<bool>("--csv") { Description = "Print every mover as CSV (account,rank_from,rank_to,rank_gain,score_from,score_to,followers_from,followers_to,reason)." };
        var json = new Option<bool>("--json") { Description = "Print the whole comparison as JSON." };
        var influencers = new Option<bool>("--influencers") { Description = "Also compare the influencer verdicts (default filters of 'influencers'): who became a candidate and who stopped being one, with the signal that changed." };
        var db = ImportCli.DbOption();
        var cmd = new Command("changes", "Compare a metric's ranking between two versions of a graph: who rose, who fell, Kendall's tau-b, rank-biased overlap.")
            { graph, metric, from, to, p, top, csv, json, influencers, db };
        cmd.SetAction(parse => ImportCli.Guard(() =>
        {
            double persistence = parse.GetValue(p);
            if (!(persistence > 0 && persistence < 1)) { Console.Error.WriteLine($"--p must be in (0, 1), got {persistence.ToString(CultureInfo.InvariantCulture)}."); return 2; }
            int k = parse.GetValue(top);
            if (k < 1) { Console.Error.WriteLine($"--top must be at least 1, got {k}."); return 2; }
            if (parse.GetValue(csv) && parse.GetValue(json)) { Console.Error.WriteLine("--csv and --json: choose one."); return 2; }
            if (MetricCatalog.Default.Find(parse.GetValue(metric)) is not { } m)
            {
                Console.Error.WriteLine($"--metric: unknown metric '{parse.GetValue(metric)}' (known: {string.Join(", ", MetricCatalog.Default.Names)})."); return 2;
            }
            using var catalog = GraphCatalog.OpenForReading(parse.GetValue(db)!);
            string name = parse.GetValue(graph)!;
            if (catalog.Get(name) is null) { Console.Error.WriteLine($"--graph: no graph named '{name}' in {catalog.DatabasePath}."); return 2; }
            if (VersionSpec.TryResolve(catalog, name, parse.GetValue(from), out var a) is { } e1) { Console.Error.WriteLine("--from: " + e1); return 2; }
            if (VersionSpec.TryResolve(catalog, name, parse.GetValue(to), out var b) is { } e2) { Console.Error.WriteLine("--to: " + e2); return 2; }
            if (a!.Version == b!.Version && a.AsOf == b.AsOf)
            {
                // Not an error, and not a comparison that would read as "nothing changed".
                int count = catalog.Versions(name).Count;
                Console.Out.WriteLine(count <= 1 && !a.Snapshot.HasEdgeTimes
                    ? $"Nothing to compare: graph '{name}' has one version ({a.Version}) and its edges carry no times. Import again (every import makes a version; 'influencegraph versions --graph {name}' lists them), or import the edges with their time column (import edges --time COLUMN) and give --from as a time."
                    : $"Nothing to compare: --from and --to are the same network ({Side(a)}). The graph has {count} version(s){(a.Snapshot.HasEdgeTimes ? " and edge times: give --from as an earlier time" : "")}.");
                return 0;
            }
            var args = MetricArguments.Of([]);
            var na = m.Normalize(args, a!.Snapshot);
            var nb = m.Normalize(args, b!.Snapshot);
            // Both rankings (one after the other: the larger counts) and the comparison, refused (exit 3) when they would not fit.
            Core.Metrics.MemoryBudget.Check(
                string.Create(CultureInfo.InvariantCulture, $"change comparison of {m.Name} ({a.Snapshot.NodeCount:N0} and {b.Snapshot.NodeCount:N0} accounts)"),
                Math.Max(m.EstimateMemoryBytes(a.Snapshot, na), m.EstimateMemoryBytes(b.Snapshot, nb))
                    + RankingComparer.EstimateMemoryBytes(a.Snapshot.NodeCount, b.Snapshot.NodeCount),
                ImportCli.AvailableMemoryBytes(),
                "compare smaller versions; the comparison keeps about 850 B per account of both sides");
            var ra = m.Compute(a.Snapshot, na, null, CancellationToken.None);
            var rb = m.Compute(b.Snapshot, nb, null, CancellationToken.None);
            var c = RankingComparer.Compare(ra, rb, persistence, k);
            if (parse.GetValue(influencers) && parse.GetValue(csv)) { Console.Error.WriteLine("--influencers applies to the table and --json, not --csv."); return 2; }
            var verdicts = parse.GetValue(influencers)
                ? VerdictDiff.Compare(InfluenceSignals.Compute(a), InfluenceSignals.Compute(b), null, k)
                : null;
            var inv = CultureInfo.InvariantCulture;
            if (parse.GetValue(csv))
            {
                MoversCsv.Write(Console.Out, c.Moves);
                return 0;
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    metric = c.Metric, from = new { graph = name, version = a.Version, asOf = AsOf(a) }, to = new { graph = name, version = b.Version, asOf = AsOf(b) },
                    kendallTauB = new { value = Finite(c.KendallTauB.TauB), pValue = Finite(c.KendallTauB.PValue), accounts = c.AccountsInBoth },
                    rbo = new { p = persistence, min = Finite(c.Rbo.Min), max = Finite(c.Rbo.Max), residual = Finite(c.Rbo.Residual), extrapolated = Finite(c.Rbo.Extrapolated) },
                    topOverlap = c.TopOverlaps, risers = c.Moves.Where(x => x.RankGain > 0).Take(k), fallers = c.Moves.Where(x => x.RankGain < 0).Reverse().Take(k),
                    entrants = c.Entrants, leavers = c.Leavers, topK = k, influencers = verdicts,
                }, CliJson.Options));
                return 0;
            }
            Console.Out.WriteLine(string.Create(inv, $"{c.Metric} on '{name}': {Side(a)} ({a.Snapshot.NodeCount:N0} accounts, {a.Snapshot.EdgeCount:N0} edges) -> {Side(b)} ({b.Snapshot.NodeCount:N0} accounts, {b.Snapshot.EdgeCount:N0} edges), {c.AccountsInBoth:N0} in both"));
            Console.Out.WriteLine(string.Create(inv, $"Kendall tau-b {c.KendallTauB.TauB:F3} (p = {c.KendallTauB.PValue:G3}); RBO(p={persistence}) extrapolated {c.Rbo.Extrapolated:F3}, min {c.Rbo.Min:F3}, residual {c.Rbo.Residual:F3}"));
            Console.Out.WriteLine("top-k overlap: " + string.Join(", ", c.TopOverlaps.Select(o => string.Create(inv, $"top {o.K}: {o.Shared} shared"))));
            void List(string title, IEnumerable<RankMove> moves)
            {
                Console.Out.WriteLine(title);
                foreach (var mv in moves) Console.Out.WriteLine($"  {mv.Account}: {mv.Reason}");
            }
            List($"risers (top {k}):", c.Moves.Where(x => x.RankGain > 0).Take(k));
            List($"fallers (top {k}):", c.Moves.Where(x => x.RankGain < 0).Reverse().Take(k));
            List($"entered the top {k}:", c.Entrants);
            List($"left the top {k}:", c.Leavers);
            if (verdicts is not null)
            {
                Console.Out.WriteLine(string.Create(inv, $"influencer candidates: {verdicts.CandidatesFrom:N0} -> {verdicts.CandidatesTo:N0}; {verdicts.BecameCount:N0} became one, {verdicts.StoppedCount:N0} stopped"));
                foreach (var v in verdicts.Became) Console.Out.WriteLine($"  + {v.Account} (#{v.RankTo}): {v.Signal}");
                foreach (var v in verdicts.Stopped) Console.Out.WriteLine($"  - {v.Account} (was #{v.RankFrom}): {v.Signal}");
            }
            return 0;
        }));
        return cmd;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static DateTimeOffset? AsOf(GraphState s) => s.AsOf is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null;

    private static string Side(GraphState s) => s.AsOf is { } t
        ? $"version {s.Version} as of {DateTimeOffset.FromUnixTimeSeconds(t):yyyy-MM-dd HH:mm:ss} UTC"
        : $"version {s.Version}";
}
