using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph guest-list</c>: the <c>--size</c> accounts that together reach the most people, each
/// pick explained, with the certificate and the plain top influencers valued the same way.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph guest-list (--graph NAME [--db PATH] | --demo [--seed N]) [--size 20]
///     [--objective audience|spread] [--hops 1|2] [--include A,B] [--exclude C] [--eligible influencers|all]
///     [influencer thresholds as for 'influencers'] [--model weighted-cascade|uniform|edge-weights]
///     [--probability P] [--epsilon E] [--delta D] [--rr-seed S] [--max-per-sphere N] [--registers M] [--threads N] [--csv | --json]
/// </code>
/// Exit codes: 0 (also for an empty eligible set, with a note), 2 bad option, unknown graph or account.
/// </remarks>
public static class GuestListCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(CliJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var graph = new Option<string?>("--graph") { Description = "Graph name in the database (see 'influencegraph graphs').", HelpName = "NAME" };
        var db = ImportCli.DbOption();
        var demo = new Option<bool>("--demo") { Description = "Use the seeded demo network (the API's default graph) instead of a stored graph." };
        var seed = new Option<int>("--seed") { Description = "Seed of the demo network.", DefaultValueFactory = _ => 42, HelpName = "N" };
        var size = new Option<int>("--size") { Description = "Accounts on the list.", DefaultValueFactory = _ => 20, HelpName = "K" }.Within(1);
        var objective = new Option<string>("--objective") { Description = "audience (accounts reached within --hops hops, exact) or spread (expected accounts reached under the Independent Cascade model).", DefaultValueFactory = _ => "audience", HelpName = "OBJ" };
        var hops = new Option<int?>("--hops") { Description = "Hops of the audience objective, 1..6 (default 2); 3 and more choose with HyperLogLog sketches (--registers).", HelpName = "H" }.Within(1, 6);
        var registers = new Option<int?>("--registers") { Description = "Registers per HyperLogLog sketch for --hops 3 or more (power of 2, 16..65536; default 256: about 4.9% error per estimate).", HelpName = "M" }.Within(16, 65536);
        var include = new Option<string?>("--include") { Description = "Accounts that must be on the list, comma-separated (placed first; an ineligible one is kept and flagged).", HelpName = "A,B" };
        var exclude = new Option<string?>("--exclude") { Description = "Accounts that must not be on the list, comma-separated.", HelpName = "A,B" };
        var eligible = new Option<string>("--eligible") { Description = "influencers (the influencer query's matches) or all (every account).", DefaultValueFactory = _ => "influencers", HelpName = "WHO" };
        var d = new InfluencerQuery();
        var minInfluence = new Option<double?>("--min-influence") { Description = $"Eligibility: minimum composite influence percentile (default {d.MinInfluencePercentile}).", HelpName = "PCT" }.Within(0, 100);
        var minActivity = new Option<double?>("--min-activity") { Description = $"Eligibility: minimum posts percentile (default {d.MinActivityPercentile}).", HelpName = "PCT" }.Within(0, 100);
        var minPosts = new Option<long?>("--min-posts") { Description = "Eligibility: minimum posts instead of a percentile.", HelpName = "N" }.Within(0);
        var maxEngagement = new Option<double?>("--max-engagement") { Description = $"Eligibility: political-engagement threshold (default {d.MaxPoliticalEngagement}).", HelpName = "X" }.Within(0, 1);
        var allowUnknown = new Option<bool>("--allow-unknown-engagement") { Description = "Eligibility: admit accounts whose political engagement is unknown." };
        var model = new Option<string?>("--model") { Description = "Spread: weighted-cascade (a follower passes a post on with probability 1/its followees count; default), uniform, edge-weights.", HelpName = "MODEL" };
        var probability = new Option<double?>("--probability") { Description = "Spread: p of the uniform model (default 0.1).", HelpName = "P" }.Within(0, 1);
        var epsilon = new Option<double?>("--epsilon") { Description = "Spread: epsilon of OPIM-C (default 0.1).", HelpName = "E" }.Within(0, 1, minOpen: true, maxOpen: true);
        var delta = new Option<double?>("--delta") { Description = "Spread: failure probability (default 1/n).", HelpName = "D" }.Within(0, 1, minOpen: true, maxOpen: true);
        var rrSeed = new Option<long?>("--rr-seed") { Description = "Spread: seed of the RR samples (default 1; same seed, same list).", HelpName = "S" }.Within(0);
        var maxPerSphere = new Option<int?>("--max-per-sphere") { Description = "Audience objective: at most N picks per sphere (the graph's Leiden communities, as 'influencegraph communities' with default options), included accounts counted.", HelpName = "N" }.Within(1);
        var threads = new Option<int?>("--threads") { Description = "Threads (default: all cores).", HelpName = "N" }.Within(1);
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (one row per pick)." };

        var cmd = new Command("guest-list", "Choose the accounts that together reach the most people (each pick explained, with a certificate).")
        {
            graph, db, demo, seed, size, objective, hops, include, exclude, eligible, minInfluence, minActivity, minPosts, maxEngagement, allowUnknown,
            model, probability, epsilon, delta, rrSeed, maxPerSphere, registers, threads, json, csv,
        };
        var at = VersionOptions.Create();
        at.AddTo(cmd);
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            if (p.GetValue(json) && p.GetValue(csv)) throw new ArgumentException("choose one of --json and --csv.");
            string? name = p.GetValue(graph);
            bool useDemo = p.GetValue(demo);
            if (useDemo == (name is not null)) throw new ArgumentException("give either --graph NAME (a stored graph) or --demo.");
            if (!useDemo && p.GetResult(seed) is { Implicit: false }) throw new ArgumentException("--seed only applies to --demo.");
            var obj = p.GetValue(objective)!.ToLowerInvariant() switch
            {
                "audience" => GuestListObjective.Audience,
                "spread" => GuestListObjective.Spread,
                var o => throw new ArgumentException($"--objective must be audience or spread, not '{o}'."),
            };
            bool all = p.GetValue(eligible)!.ToLowerInvariant() switch
            {
                "all" => true,
                "influencers" => false,
                var o => throw new ArgumentException($"--eligible must be influencers or all, not '{o}'."),
            };
            if (all && (p.GetValue(minInfluence) ?? p.GetValue(minActivity) ?? p.GetValue(maxEngagement)) is not null || all && p.GetValue(minPosts) is not null)
                throw new ArgumentException("--eligible all contradicts the influencer thresholds (--min-influence, --min-activity, --min-posts, --max-engagement).");
            if (p.GetValue(minPosts) is not null && p.GetValue(minActivity) is not null)
                throw new ArgumentException("--min-posts and --min-activity contradict each other: --min-posts replaces the percentile.");
            if (obj == GuestListObjective.Spread && p.GetValue(hops) is not null) throw new ArgumentException("--hops applies to --objective audience only.");
            if (p.GetValue(registers) is not null && (obj != GuestListObjective.Audience || (p.GetValue(hops) ?? 2) < 3))
                throw new ArgumentException("--registers applies to --objective audience with --hops 3 or more only.");
            if (obj == GuestListObjective.Spread && p.GetValue(maxPerSphere) is not null) throw new ArgumentException("--max-per-sphere applies to --objective audience only.");
            bool spreadOption = p.GetValue(model) is not null || p.GetValue(probability) is not null || p.GetValue(epsilon) is not null || p.GetValue(delta) is not null || p.GetValue(rrSeed) is not null;
            if (obj == GuestListObjective.Audience && spreadOption) throw new ArgumentException("--model, --probability, --epsilon, --delta and --rr-seed apply to --objective spread only.");
            var spread = new SpreadOptions();
            if (p.GetValue(model) is { } m) spread = spread with { Probability = GuestLists.ParseModel(m) };
            if (p.GetValue(probability) is double pr)
            {
                if (spread.Probability != CascadeProbability.Uniform) throw new ArgumentException("--probability applies to --model uniform only.");
                spread = spread with { UniformProbability = pr };
            }
            if (p.GetValue(epsilon) is double e) spread = spread with { Epsilon = e };
            if (p.GetValue(delta) is double de) spread = spread with { Delta = de };
            if (p.GetValue(rrSeed) is long rs) spread = rs >= 0 ? spread with { Seed = (ulong)rs } : throw new ArgumentException("--rr-seed must be >= 0.");
            // The RR samples are checked round by round against the CLI's memory budget (exit 3 when the first round would not fit).
            spread = spread with { AvailableMemoryBytes = ImportCli.AvailableMemoryBytes() };
            var query = new InfluencerQuery
            {
                MinInfluencePercentile = p.GetValue(minInfluence) ?? d.MinInfluencePercentile,
                MinActivityPercentile = p.GetValue(minActivity) ?? d.MinActivityPercentile,
                MinPosts = p.GetValue(minPosts),
                MaxPoliticalEngagement = p.GetValue(maxEngagement) ?? d.MaxPoliticalEngagement,
                AllowUnknownEngagement = p.GetValue(allowUnknown),
                Top = 0,
            };
            query.Validate();
            var request = new GuestListRequest
            {
                Size = p.GetValue(size),
                Objective = obj,
                Hops = p.GetValue(hops) ?? 2,
                EligibleAll = all,
                Eligibility = query,
                Include = Split(p.GetValue(include)),
                Exclude = Split(p.GetValue(exclude)),
                Spread = spread,
                MaxPerSphere = p.GetValue(maxPerSphere),
                Registers = p.GetValue(registers) ?? 256,
                MaxDegreeOfParallelism = p.GetValue(threads),
            };

            GraphState state;
            if (useDemo && at.Given(p)) throw new ArgumentException("--version and --as-of apply to a stored graph (--graph), not to --demo.");
            if (useDemo)
            {
                var network = DemoNetwork.Generate(p.GetValue(seed));
                state = new GraphState("demo", 1, network.Graph, network.Attributes, DateTimeOffset.UtcNow, null);
            }
            else
            {
                GraphCatalog.ValidateName(name!);
                using var catalog = GraphCatalog.OpenForReading(p.GetValue(db));
                state = at.Resolve(catalog, name!, p);
            }
            // Refused (exit 3) before the signals are computed when the plan would not fit.
            Core.Metrics.MemoryBudget.Check(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"guest list of {request.Size} on graph '{state.Name}' ({state.Snapshot.NodeCount:N0} accounts, {state.Snapshot.EdgeCount:N0} follows)"),
                GuestLists.EstimateMemoryBytes(state.Snapshot, request, spheresComputed: false) + InfluenceSignals.EstimateMemoryBytes(state, query.Signals),
                ImportCli.AvailableMemoryBytes(), GuestLists.MemoryHint);
            var signals = InfluenceSignals.Compute(state, query.Signals);
            var report = GuestLists.Plan(signals, request);
            if (p.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            else if (p.GetValue(csv)) GuestListColumns.WriteCsv(report, Console.Out);
            else WriteText(report, Console.Out);
            return 0;
        }));
        return cmd;
    }

    private static IReadOnlyList<string> Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(a => a.StartsWith('@') ? a[1..] : a).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The human-readable report.</summary>
    public static void WriteText(GuestListReport r, TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        var q = r.Request;
        string what = q.Objective == GuestListObjective.Audience ? $"{q.Hops}-hop audience" : $"Independent Cascade spread ({GuestLists.ModelName(q.Spread.Probability)})";
        o.WriteLine(string.Create(inv, $"graph '{r.Graph}' version {r.Version}: {r.GraphAccounts:N0} accounts; guest list of {q.Size} by {what}, chosen among {r.EligibleCount:N0} {(q.EligibleAll ? "accounts (eligible=all)" : "eligible influencers")}"));
        foreach (string n in r.Notes) o.WriteLine("note: " + n);
        foreach (string f in r.Flags) o.WriteLine("flag: " + f);
        if (r.Picks.Count == 0) return;
        o.WriteLine(string.Create(inv, $"reached: {r.Reached:N0} of {r.GraphAccounts:N0} accounts ({r.Share * 100:0.0}%), the guests included")
            + (r.Audience is double a ? string.Create(inv, $"; their union audience {a:N0}") : ""));
        if (r.Certificate is { } c) o.WriteLine("certificate: " + c.Statement);
        if (r.Baseline is { } b)
            o.WriteLine(string.Create(inv, $"plain top-{b.Accounts.Count} influencers: {b.Reached:N0} reached ({b.Share * 100:0.0}%)")
                + (b.Audience is double ba ? string.Create(inv, $", union audience {ba:N0}") : "")
                + string.Create(inv, $"; the guest list reaches {r.Reached - b.Reached:+#,0;-#,0;0} more"));
        static string Picks(int k) => k == 1 ? "the first pick reaches" : $"the first {k} picks reach";
        o.WriteLine("majority: " + (r.Majority.PicksForHalf is int h ? Picks(h) + " more than half of the graph" : "the list does not reach half of the graph")
            + (r.Majority.PicksForQuarter is int qq ? "; " + Picks(qq) + " a quarter" : "; it does not reach a quarter"));
        if (r.Spread is { } s)
            o.WriteLine(string.Create(inv, $"spread: {r.Reached:N1} expected (interval {s.Lower:N1} .. {s.Upper:N1}, in-sample {s.InSampleEstimate:N1}); {s.RrSetsTotal:N0} RR sets in {s.Rounds} rounds, {s.MemoryBytes / 1048576.0:0.0} MiB, {s.Milliseconds:N0} ms"));
        foreach (var p in r.Picks) o.WriteLine(string.Create(inv, $"{p.Rank,3}. {p.Account}: {p.Reason}"));
        if (r.Spheres is { Count: > 0 } spheres)
        {
            // The spheres with a pick, then the largest others, up to 12 lines.
            var shown = spheres.Where(x => x.Picks > 0).Concat(spheres.Where(x => x.Picks == 0).OrderByDescending(x => x.Size).ThenBy(x => x.Sphere))
                .Take(Math.Max(12, spheres.Count(x => x.Picks > 0))).OrderBy(x => x.Sphere).ToList();
            o.WriteLine(string.Create(inv, $"spheres reached ({spheres.Count} spheres{(shown.Count < spheres.Count ? $", {shown.Count} shown: those with a pick and the largest" : "")}):"));
            foreach (var x in shown)
                o.WriteLine(string.Create(inv, $"  sphere {x.Sphere,-3} {x.Label,-32} {x.Reached,8:N0} of {x.Size,7:N0} reached ({x.Share * 100,5:0.0}%), {x.Picks} pick{(x.Picks == 1 ? "" : "s")}"));
        }
    }
}
