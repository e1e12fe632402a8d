using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;
using Spectre.Console;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph influencers</c>: accounts that reach many people and are very active but are not
/// politically engaged, each with its numbers and a one-line reason.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph influencers (--graph NAME [--db PATH] | --demo [--seed N])
///     [--min-influence PCT] [--min-activity PCT | --min-posts N] [--require-activity]
///     [--allow-unknown-engagement] [--max-engagement X] [--weights CONTENT,EXPOSURE,PROXIMITY] [--metrics LIST]
///     [--top N] [--lexicon FILE] [--betweenness-exact-max N] [--betweenness-samples K]
///     [--show-political-topics] [--json | --csv]
/// </code>
/// <para>
/// The graph comes from the database written by <c>influencegraph import</c> (<c>--graph</c>, <c>--db</c>),
/// or is the seeded demo network (<c>--demo</c>, the API's <c>default</c> graph). Defaults are those of
/// <see cref="InfluencerQuery"/>: top 5% by composite influence (mean percentile of PageRank,
/// betweenness, followers and 2-hop reach), top 10% by posts, political engagement below 0.25, 20
/// candidates.
/// </para>
/// <para>
/// Output: a table (Spectre.Console) then one reason per candidate; <c>--csv</c> prints the columns of
/// <see cref="InfluencerColumns"/>; <c>--json</c> prints <c>{graph, version, thresholds, signals, counts,
/// notes, politicalTopics, candidates}</c> (camelCase; each candidate carries every signal and its
/// <c>reason</c>). <c>--show-political-topics</c> lists the graph's topics the lexicon marked political.
/// Exit codes: 0 (also with no candidate), 2 bad option, unknown graph, unreadable lexicon or database.
/// </para>
/// </remarks>
public static class InfluencersCommand
{
    /// <summary>The CLI's JSON options, writing non-ASCII text (Arabic handles and hashtags) as is.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(CliJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var graph = new Option<string?>("--graph") { Description = "Graph name in the database (see 'influencegraph graphs').", HelpName = "NAME" };
        var db = ImportCli.DbOption();
        var demo = new Option<bool>("--demo") { Description = "Use the seeded demo network (3,000 accounts with planted influencers) instead of a stored graph." };
        var seed = new Option<int>("--seed") { Description = "Seed of the demo network.", DefaultValueFactory = _ => 42, HelpName = "N" };
        var d = new InfluencerQuery();
        var minInfluence = new Option<double>("--min-influence") { Description = "Minimum percentile of the composite influence score, 0..100 (95 = the top 5%).", DefaultValueFactory = _ => d.MinInfluencePercentile, HelpName = "PCT" }.Within(0, 100);
        var minActivity = new Option<double>("--min-activity") { Description = "Minimum posts percentile among accounts with a known post count, 0..100 (90 = the top 10%).", DefaultValueFactory = _ => d.MinActivityPercentile, HelpName = "PCT" }.Within(0, 100);
        var minPosts = new Option<long?>("--min-posts") { Description = "Minimum number of posts instead of a percentile.", HelpName = "N" }.Within(0);
        var requireActivity = new Option<bool>("--require-activity") { Description = "Exclude accounts whose post count is unknown (by default they pass, flagged 'activity unknown')." };
        var allowUnknown = new Option<bool>("--allow-unknown-engagement") { Description = "Admit accounts whose political engagement is unknown (no political content signal and no is_political account in the graph); by default they are excluded." };
        var maxEngagement = new Option<double>("--max-engagement") { Description = "Political-engagement threshold in [0, 1]: accounts scoring at least this are politically engaged and excluded.", DefaultValueFactory = _ => d.MaxPoliticalEngagement, HelpName = "X" }.Within(0, 1);
        var weights = new Option<string?>("--weights") { Description = "Weights of political content, exposure, proximity and sphere, e.g. 0.6,0.2,0.2,0.2 (the default; a fourth number may be left out: 0.2).", HelpName = "C,E,P[,S]" };
        var betweennessWeight = new Option<double?>("--betweenness-weight") { Description = "Weight of betweenness in the composite influence (default 0: brokerage is shown, not weighed; PageRank, followers and reach weigh 1).", HelpName = "W" }.Within(0);
        var minBetweenness = new Option<double?>("--min-betweenness") { Description = "Optional brokerage filter: minimum betweenness percentile, 0..100.", HelpName = "PCT" }.Within(0, 100);
        var why = new Option<string?>("--why") { Description = "Explain one account instead: is it a candidate and, if not, which threshold excluded it (with the numbers).", HelpName = "ACCOUNT" };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics of the composite influence score, from pagerank, betweenness, followers, reach (default: all four).", HelpName = "LIST" };
        var top = new Option<int>("--top") { Description = "Candidates to print (0 = all).", DefaultValueFactory = _ => d.Top, HelpName = "N" }.Within(0);
        var lexicon = new Option<string?>("--lexicon") { Description = "Political lexicon file (format of data/political-lexicon.txt) replacing the embedded default.", HelpName = "FILE" };
        var exactMax = new Option<int>("--betweenness-exact-max") { Description = "Exact betweenness up to this many accounts, sampled above.", DefaultValueFactory = _ => d.Signals.ExactBetweennessMaxAccounts, HelpName = "N" }.Within(0);
        var samples = new Option<int?>("--betweenness-samples") { Description = "Sampled sources when betweenness is not exact, instead of the guaranteed-error estimate.", HelpName = "K" }.Within(1);
        var epsilon = new Option<double>("--betweenness-epsilon") { Description = "Betweenness above --betweenness-exact-max: every normalized score within this of the exact one with probability 1 - delta (Riondato & Kornaropoulos 2016).", DefaultValueFactory = _ => d.Signals.BetweennessEpsilon, HelpName = "E" }.Within(0, 0.5, minOpen: true);
        var delta = new Option<double>("--betweenness-delta") { Description = "Probability that the --betweenness-epsilon bound fails.", DefaultValueFactory = _ => d.Signals.BetweennessDelta, HelpName = "D" }.Within(0, 0.5, minOpen: true);
        var showTopics = new Option<bool>("--show-political-topics") { Description = "Also list the graph's topics/hashtags that the lexicon marked political, with the matching term." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV instead of a table." };

        var cmd = new Command("influencers", "Find influential, very active accounts that are not politically engaged, each with its numbers and a reason.")
        {
            graph, db, demo, seed, minInfluence, minActivity, minPosts, requireActivity, allowUnknown, maxEngagement, weights, betweennessWeight, minBetweenness, why, metrics, top,
            lexicon, exactMax, samples, epsilon, delta, showTopics, json, csv,
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

            var query = new InfluencerQuery
            {
                MinInfluencePercentile = p.GetValue(minInfluence),
                MinActivityPercentile = p.GetValue(minActivity),
                MinPosts = p.GetValue(minPosts),
                RequireKnownActivity = p.GetValue(requireActivity),
                AllowUnknownEngagement = p.GetValue(allowUnknown),
                MaxPoliticalEngagement = p.GetValue(maxEngagement),
                EngagementWeights = ParseWeights(p.GetValue(weights)),
                Metrics = ParseMetrics(p.GetValue(metrics)),
                MetricWeights = p.GetValue(betweennessWeight) is double bw ? new Dictionary<InfluenceMetric, double> { [InfluenceMetric.Betweenness] = bw } : null,
                MinBetweennessPercentile = p.GetValue(minBetweenness),
                Top = p.GetValue(top),
                Lexicon = p.GetValue(lexicon) is { } lex ? PoliticalLexicon.Load(lex) : null,
                Signals = new SignalOptions { ExactBetweennessMaxAccounts = p.GetValue(exactMax), BetweennessSamples = p.GetValue(samples), BetweennessEpsilon = p.GetValue(epsilon), BetweennessDelta = p.GetValue(delta) },
            };
            query.Validate();

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

            // Refused (exit 3) before any signal is computed when they would not fit together.
            Core.Metrics.MemoryBudget.Check(InfluenceSignals.AnalysisName(state), InfluenceSignals.EstimateMemoryBytes(state, query.Signals),
                ImportCli.AvailableMemoryBytes(), InfluenceSignals.MemoryHint);
            if (p.GetValue(why) is { } account)
            {
                int node = AccountArgument.Resolve(state, account, Console.Error, "--why");
                var verdict = InfluencerVerdict.Of(InfluenceSignals.Compute(state, query.Signals), node, query);
                if (p.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(verdict, JsonOptions));
                else
                {
                    Console.Out.WriteLine(verdict.Account + ": " + (verdict.IsCandidate ? $"candidate #{verdict.Rank}" : "not a candidate (excluded by " + verdict.ExcludedBy + ")"));
                    Console.Out.WriteLine(verdict.Reason);
                }
                return 0;
            }
            var report = Influencers.Compute(state, query);
            var topics = p.GetValue(showTopics) || p.GetValue(json) ? PoliticalTopics(state, query.Lexicon ?? PoliticalLexicon.Default) : null;
            if (p.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(report, topics!), JsonOptions));
            else if (p.GetValue(csv)) InfluencerColumns.WriteCsv(report.Candidates, Console.Out);
            else WriteTable(report, p.GetValue(showTopics) ? topics : null);
            return 0;
        }));
        return cmd;
    }

    /// <summary>A topic of the graph that the lexicon marked political.</summary>
    /// <param name="Topic">The topic as imported.</param>
    /// <param name="Term">The lexicon term it matched.</param>
    /// <param name="Accounts">Accounts that used it.</param>
    public sealed record PoliticalTopic(string Topic, string Term, int Accounts);

    /// <summary>Every distinct topic of the graph's accounts that the lexicon matches, most used first, then by topic.</summary>
    public static IReadOnlyList<PoliticalTopic> PoliticalTopics(GraphState state, PoliticalLexicon lexicon)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in state.Attributes.Values)
            foreach (string t in a.Topics.Distinct(StringComparer.Ordinal))
                counts[t] = counts.GetValueOrDefault(t) + 1;
        return counts
            .Select(kv => (kv.Key, kv.Value, Term: lexicon.Match(kv.Key)))
            .Where(x => x.Term is not null)
            .Select(x => new PoliticalTopic(x.Key, x.Term!, x.Value))
            .OrderByDescending(t => t.Accounts).ThenBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
    }

    internal static EngagementWeights ParseWeights(string? s)
    {
        if (s is null) return new EngagementWeights();
        var parts = s.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is not (3 or 4) || parts.Any(x => !double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"--weights must be three or four numbers CONTENT,EXPOSURE,PROXIMITY[,SPHERE] such as 0.6,0.2,0.2,0.2, not '{s}'.");
        var w = parts.Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return new EngagementWeights(w[0], w[1], w[2], w.Length == 4 ? w[3] : new EngagementWeights().Sphere);
    }

    internal static IReadOnlyList<InfluenceMetric> ParseMetrics(string? s) =>
        s is null ? InfluencerQuery.AllMetrics
        : s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(InfluencerQuery.ParseMetric).ToArray();

    private static object ToJson(InfluencerReport r, IReadOnlyList<PoliticalTopic> topics) => new
    {
        graph = r.Graph,
        version = r.Version,
        thresholds = new
        {
            minInfluencePercentile = r.Query.MinInfluencePercentile,
            minActivityPercentile = r.Query.MinPosts is null ? r.Query.MinActivityPercentile : (double?)null,
            minPosts = r.Query.MinPosts,
            requireKnownActivity = r.Query.RequireKnownActivity,
            allowUnknownEngagement = r.Query.AllowUnknownEngagement,
            maxPoliticalEngagement = r.Query.MaxPoliticalEngagement,
            engagementWeights = r.Query.EngagementWeights,
            metrics = r.Query.Metrics.Select(InfluencerQuery.MetricName),
            metricWeights = r.Query.Metrics.ToDictionary(InfluencerQuery.MetricName, m => r.Query.WeightOf(m)),
            minBetweennessPercentile = r.Query.MinBetweennessPercentile,
            top = r.Query.Top,
        },
        signals = r.Signals,
        counts = r.Counts,
        notes = r.Notes,
        politicalTopics = topics,
        candidates = r.Candidates,
    };

    /// <summary>
    /// Renders <paramref name="table"/> as plain text (no ANSI codes; 160 columns when redirected, else
    /// the terminal width) without the whitespace-only top and bottom lines of
    /// <see cref="TableBorder.Simple"/>, without trailing spaces, the header rule cut to the widest row.
    /// </summary>
    private static void WriteTidy(Table table, TextWriter output)
    {
        var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        int width = 160;
        if (!Console.IsOutputRedirected)
        {
            try { width = Math.Max(80, Console.WindowWidth); } catch (IOException) { }
        }
        console.Profile.Width = width;
        console.Write(table);
        var lines = buffer.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        bool IsRule(string l) => l.Length > 0 && l.All(ch => ch == '─');
        int width2 = lines.Where(l => !IsRule(l)).Select(l => l.Length).DefaultIfEmpty(0).Max();
        foreach (string line in lines) output.WriteLine(IsRule(line) && line.Length > width2 ? line[..width2] : line);
    }

    private static void WriteTable(InfluencerReport r, IReadOnlyList<PoliticalTopic>? topics)
    {
        var inv = CultureInfo.InvariantCulture;
        var q = r.Query;
        var s = r.Signals;
        Console.Out.WriteLine(string.Create(inv,
            $"graph '{r.Graph}' version {r.Version}: {r.Counts.Accounts:N0} accounts, {s.PoliticalAccounts:N0} political, {s.ActivityKnownAccounts:N0} with a post count; ")
            + string.Create(inv, $"betweenness {(s.BetweennessExact ? "exact" : $"estimated from {s.BetweennessSources:N0} sampled sources or paths")}, reach {(s.ReachExact ? "exact" : "estimated (see the note)")}, lexicon {s.Lexicon} ({s.LexiconTerms} terms)"));
        string activity = q.MinPosts is long mp ? $">= {mp} posts" : $"top {InfluencerReason.Top(100 - q.MinActivityPercentile)} by posts";
        Console.Out.WriteLine(string.Create(inv,
            $"wanted: top {InfluencerReason.Top(100 - q.MinInfluencePercentile)} by influence ({string.Join(", ", q.Metrics.Where(m => q.WeightOf(m) > 0).Select(InfluencerQuery.MetricName))}), {activity}, ")
            + string.Create(inv, $"political engagement < {q.MaxPoliticalEngagement:0.00} (content {q.EngagementWeights.Content:0.##}, exposure {q.EngagementWeights.Exposure:0.##}, proximity {q.EngagementWeights.Proximity:0.##}, sphere {q.EngagementWeights.Sphere:0.##})"));
        var c0 = r.Counts;
        Console.Out.WriteLine(string.Create(inv,
            $"excluded: {c0.PoliticalAccounts:N0} political accounts, {c0.BelowInfluence:N0} below the influence threshold, {c0.BelowActivity:N0} below the activity threshold")
            + (c0.UnknownActivity > 0 ? string.Create(inv, $", {c0.UnknownActivity:N0} with unknown activity") : "")
            + (c0.UnknownEngagement > 0 ? string.Create(inv, $", {c0.UnknownEngagement:N0} with unknown political engagement") : "")
            + string.Create(inv, $", {c0.PoliticallyEngaged:N0} politically engaged; {c0.Matched:N0} matched"));
        foreach (string note in r.Notes) Console.Out.WriteLine("note: " + note);

        if (r.Candidates.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (string h in new[] { "#", "account", "influence", "pagerank", "followers", "reach", "posts", "political content", "follows political", "sphere", "engagement" })
                table.AddColumn(new TableColumn(h));
            foreach (var c in r.Candidates)
            {
                var pr = c.MetricOf("pagerank");
                var f = c.MetricOf("followers");
                var re = c.MetricOf("reach");
                var p = c.Politics;
                table.AddRow(
                    c.Rank.ToString(inv),
                    Markup.Escape(c.Account),
                    "top " + InfluencerReason.Top(c.Influence.TopPercent),
                    pr is null ? "-" : "top " + InfluencerReason.Top(pr.TopPercent),
                    f is null ? "-" : InfluencerReason.Count(f.Value),
                    re is null ? "-" : InfluencerReason.Count(re.Value),
                    c.Activity.Posts is long n ? $"{InfluencerReason.Count(n)} (top {InfluencerReason.Top(c.Activity.TopPercent!.Value)})" : "unknown",
                    p.Content.Share is double sh ? InfluencerReason.Share(sh) + (p.Content.Source == ContentSource.Lexicon ? " of topics" : "") : "unknown",
                    p.Exposure.Share is null ? "unknown" : $"{p.Exposure.PoliticalFollowees} of {p.Exposure.PoliticalAccounts}",
                    p.Sphere is { } sp ? $"{sp.Id} ({InfluencerReason.Share(sp.PoliticalShare)} political)" : "-",
                    p.Score is double e ? e.ToString("0.00", inv) : "unknown");
            }
            WriteTidy(table, Console.Out);
            Console.Out.WriteLine("reasons:");
            foreach (var c in r.Candidates) Console.Out.WriteLine(c.Rank.ToString(inv) + ". " + c.Account + ": " + c.Reason);
        }
        else Console.Out.WriteLine("no candidate matches these thresholds.");

        if (topics is not null)
        {
            Console.Out.WriteLine(topics.Count == 0 ? "no topic of this graph matches the lexicon." : "topics the lexicon marked political (" + topics.Count.ToString(inv) + "):");
            foreach (var t in topics) Console.Out.WriteLine(string.Create(inv, $"  {t.Topic}  (term '{t.Term}', {t.Accounts} account{(t.Accounts == 1 ? "" : "s")})"));
        }
    }
}
