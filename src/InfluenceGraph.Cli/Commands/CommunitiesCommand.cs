using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph communities</c>: the spheres (Leiden communities) of a follower network and what
/// each one is.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph communities (--graph NAME [--db PATH] | --demo) [--resolution γ] [--seed S]
///     [--objective modularity|cpm] [--directed] [--max-iterations N] [--top N] [--csv | --json]
/// </code>
/// <para>
/// Default output: one line with the modularity, then a table of the <c>--top</c> largest spheres (id,
/// label, size, share, internal edge share, political and engaged shares, top account, candidates).
/// <c>--csv</c> prints the membership <c>account,community</c> (one row per account, sorted by
/// account) for a notebook to join; <c>--json</c> prints <c>{graph, version, options, count,
/// modularity, quality, iterations, converged, spheres}</c> with every sphere's profile
/// (<see cref="SphereProfile"/>, camelCase). Exit codes: 0, or 2 for a bad option or unknown graph.
/// </para>
/// </remarks>
public static class CommunitiesCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(CliJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var d = new LeidenOptions();
        var graph = new Option<string?>("--graph") { Description = "Graph name in the database (see 'influencegraph graphs').", HelpName = "NAME" };
        var db = ImportCli.DbOption();
        var demo = new Option<bool>("--demo") { Description = "Use the seeded demo network (the API's default graph)." };
        var resolution = new Option<double>("--resolution") { Description = "Resolution γ (> 0): higher gives more, smaller spheres. For CPM, a density.", DefaultValueFactory = _ => d.Resolution, HelpName = "γ" }.Within(0, minOpen: true);
        var seed = new Option<ulong>("--seed") { Description = "Seed of Leiden's random choices; the same seed gives the same spheres.", DefaultValueFactory = _ => d.Seed, HelpName = "S" };
        var objective = new Option<string>("--objective") { Description = "modularity (default) or cpm (Constant Potts Model).", DefaultValueFactory = _ => "modularity", HelpName = "NAME" };
        var directed = new Option<bool>("--directed") { Description = "Directed (Leicht-Newman) modularity instead of the undirected view's." };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Leiden iterations at most (stops earlier when stable or below --tolerance).", DefaultValueFactory = _ => d.MaxIterations, HelpName = "N" }.Within(1);
        var tolerance = new Option<double>("--tolerance") { Description = "Stop once an iteration raises the quality by less than this (>= 0; 0 = until stable).", DefaultValueFactory = _ => d.Tolerance, HelpName = "T" }.Within(0);
        var top = new Option<int>("--top") { Description = "Spheres shown in the table (0 = all).", DefaultValueFactory = _ => 15, HelpName = "N" }.Within(0);
        var json = new Option<bool>("--json") { Description = "Print JSON with every sphere's profile." };
        var csv = new Option<bool>("--csv") { Description = "Print the membership as CSV: account,community." };

        var cmd = new Command("communities", "Find the spheres (Leiden communities) of the follower network and what each one is.")
        {
            graph, db, demo, resolution, seed, objective, directed, maxIterations, tolerance, top, json, csv,
        };
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            if (p.GetValue(json) && p.GetValue(csv)) throw new ArgumentException("choose one of --json and --csv.");
            string? name = p.GetValue(graph);
            bool useDemo = p.GetValue(demo);
            if (useDemo == (name is not null)) throw new ArgumentException("give either --graph NAME (a stored graph) or --demo.");
            if (p.GetValue(top) < 0) throw new ArgumentException("--top must be >= 0.");
            var options = new LeidenOptions
            {
                Resolution = p.GetValue(resolution),
                Seed = p.GetValue(seed),
                Objective = ParseObjective(p.GetValue(objective)!),
                Directed = p.GetValue(directed),
                MaxIterations = p.GetValue(maxIterations),
                Tolerance = p.GetValue(tolerance),
            };
            try { options.Validate(); }
            catch (ArgumentException e) { throw new ArgumentException("--" + (e.ParamName ?? "option").ToLowerInvariant().Replace("maxiterations", "max-iterations") + ": " + e.Message.Split(" (Parameter")[0]); }

            GraphState state;
            if (useDemo)
            {
                var network = DemoNetwork.Generate(42);
                state = new GraphState("demo", 1, network.Graph, network.Attributes, DateTimeOffset.UtcNow, null);
            }
            else
            {
                GraphCatalog.ValidateName(name!);
                using var catalog = GraphCatalog.OpenForReading(p.GetValue(db));
                state = catalog.Get(name!) ?? throw new ArgumentException($"no graph named '{name}' in {catalog.DatabasePath}; list them with 'influencegraph graphs'.");
            }

            Core.Metrics.MemoryBudget.Check(Leiden.AnalysisName(state.Name, state.Snapshot), Leiden.EstimateMemoryBytes(state.Snapshot, options),
                ImportCli.AvailableMemoryBytes(), Leiden.MemoryHint);
            var result = Leiden.Run(state.Snapshot, options);
            if (p.GetValue(csv))
            {
                WriteMembership(state, result, Console.Out);
                return 0;
            }
            var signals = InfluenceSignals.Compute(state);
            var spheres = Spheres.Profile(signals, result);
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    graph = state.Name,
                    version = state.Version,
                    options = new { objective = ObjectiveName(options.Objective), resolution = options.Resolution, directed = options.Directed, seed = options.Seed, maxIterations = options.MaxIterations, tolerance = options.Tolerance },
                    count = result.Count,
                    modularity = result.Modularity,
                    quality = result.Quality,
                    iterations = result.Iterations,
                    converged = result.Converged,
                    stoppedBy = result.StoppedBy,
                    spheres,
                }, JsonOptions));
                return 0;
            }
            WriteTable(state, result, spheres, p.GetValue(top));
            return 0;
        }));
        return cmd;
    }

    internal static CommunityObjective ParseObjective(string s) => s.Trim().ToLowerInvariant() switch
    {
        "modularity" => CommunityObjective.Modularity,
        "cpm" => CommunityObjective.Cpm,
        _ => throw new ArgumentException($"--objective must be modularity or cpm, not '{s}'."),
    };

    internal static string ObjectiveName(CommunityObjective o) => o == CommunityObjective.Cpm ? "cpm" : "modularity";

    /// <summary>Writes <c>account,community</c> rows (RFC 4180 quoting), sorted by account (ordinal).</summary>
    public static void WriteMembership(GraphState state, CommunityResult result, TextWriter output)
    {
        var g = state.Snapshot;
        output.WriteLine("account,community");
        var order = Enumerable.Range(0, g.NodeCount).OrderBy(v => g.Accounts[v], StringComparer.Ordinal);
        foreach (int v in order) output.WriteLine(Csv(g.Accounts[v]) + "," + result.Membership[v].ToString(CultureInfo.InvariantCulture));
    }

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static void WriteTable(GraphState state, CommunityResult r, IReadOnlyList<SphereProfile> spheres, int top)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv,
            $"graph '{state.Name}' version {state.Version}: {state.Snapshot.NodeCount:N0} accounts in {r.Count:N0} spheres; modularity {r.Modularity:0.0000} (undirected, γ = 1); ")
            + string.Create(inv, $"{ObjectiveName(r.Options.Objective)}{(r.Options.Directed ? " directed" : "")} γ = {r.Options.Resolution:G4}, seed {r.Options.Seed}, {r.Iterations} iteration{(r.Iterations == 1 ? "" : "s")}{(r.Converged ? " (stable)" : r.ToleranceReached ? $" (last gain below the tolerance {r.Options.Tolerance:G3})" : " (iteration limit)")}"));
        Console.Out.WriteLine("id  size   share  inside  political  engaged  label / top account / candidates");
        foreach (var s in top == 0 ? spheres : spheres.Take(top))
        {
            string engagedText = s.EngagedShare is double e ? Pct(e) : "?";
            Console.Out.WriteLine(string.Create(inv,
                $"{s.Id,-3} {s.Size,5:N0} {Pct(s.Share),6} {(s.InternalEdgeShare is double ie ? Pct(ie) : "-"),7} {Pct(s.PoliticalShare),10} {engagedText,8}  {s.Label}")
                + (s.TopAccounts.Count > 0 ? " / @" + s.TopAccounts[0].Account : "")
                + (s.Candidates.Count > 0 ? " / candidates: " + string.Join(", ", s.Candidates.Take(3)) + (s.Candidates.Count > 3 ? ", ..." : "") : ""));
        }
        if (top > 0 && spheres.Count > top) Console.Out.WriteLine(string.Create(inv, $"... {spheres.Count - top:N0} smaller spheres (--top 0 shows all)"));
    }

    private static string Pct(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
