using System.CommandLine;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph import edges|accounts FILE --graph NAME</c>: one import batch into the graph
/// database.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph import edges FILE --graph NAME [--format auto|snap|csv|tsv|json|ndjson|graphml|gml]
///     [--reverse] [--undirected] [--mode append|replace] [--on-error fail|skip] [--weight auto|none|COLUMN]
///     [--keep-at] [--node-name id|label|ATTR] [--multigraph] [--drop-self-loops] [--json] [--db PATH]
/// influencegraph import accounts FILE --graph NAME [--format ..|snap-ego] [--featnames FILE] [--key COLUMN]
///     [--mode append|replace] [--on-error fail|skip] [--add-missing] [--keep-at] [--node-name ..] [--json] [--db PATH]
/// </code>
/// <para>FILE may be gzip-compressed; <c>-</c> reads standard input. The batch is one transaction:
/// applied whole, or (rows rejected with <c>--on-error fail</c>, an unreadable file, Ctrl+C) not at all.
/// The report goes to stdout (text, or JSON with <c>--json</c>); progress on files over 8 MiB to stderr.</para>
/// <para>Exit codes: 0 applied; 1 rows rejected and nothing applied; 2 unreadable input, bad option or
/// database error (one message on stderr); 130 cancelled.</para>
/// </remarks>
public static class ImportCommand
{
    /// <summary>Creates the <c>import</c> verb with its <c>edges</c> and <c>accounts</c> sub-verbs.</summary>
    public static Command Create()
    {
        var cmd = new Command("import", "Import a batch of follower edges or account attributes into a graph of the database (one transaction per batch).");
        cmd.Subcommands.Add(CreateEdges());
        cmd.Subcommands.Add(CreateAccounts());
        return cmd;
    }

    private static Argument<string> FileArgument(string what) => new("FILE") { Description = what + " ('-' = standard input; .gz or gzip content is decompressed)." };

    private static Option<string> GraphOption() => new("--graph")
    {
        Description = "Graph name (1-64 characters of A-Z a-z 0-9 . _ -); created when missing.",
        Required = true,
        HelpName = "NAME",
    };

    private static Option<string> FormatOption(bool accounts) => new("--format")
    {
        Description = "Input format; auto detects from the extension, then the first bytes." + (accounts ? " snap-ego reads SNAP ego NODE.feat flags named by NODE.featnames." : ""),
        HelpName = accounts ? "auto|csv|tsv|snap|json|ndjson|graphml|gml|snap-ego" : "auto|snap|csv|tsv|json|ndjson|graphml|gml",
        DefaultValueFactory = _ => "auto",
    };

    private static Option<string> ModeOption() => new("--mode")
    {
        Description = "append (default) adds to the graph; replace makes the graph exactly this batch.",
        HelpName = "append|replace",
        DefaultValueFactory = _ => "append",
    };

    private static Option<string> OnErrorOption() => new("--on-error")
    {
        Description = "fail (default): a batch with any rejected row applies nothing; skip: apply the good rows and report the others.",
        HelpName = "fail|skip",
        DefaultValueFactory = _ => "fail",
    };

    private static Command CreateEdges()
    {
        var file = FileArgument("Edge file: one follower -> followee per row (the follower sees the followee's posts)");
        var graph = GraphOption();
        var format = FormatOption(false);
        var reverse = new Option<bool>("--reverse") { Description = "Rows are 'followee follower' (or 'author engager', influence direction): flip every edge. API: direction=followee-follower." };
        var undirected = new Option<bool>("--undirected") { Description = "Rows are undirected ties (e.g. Facebook friendships): add both directions." };
        var mode = ModeOption();
        var onError = OnErrorOption();
        var weight = new Option<string?>("--weight") { Description = "Weight column: auto (a 'weight' column, NetworkX {'weight': w} data, or the 3rd column of headerless files), none (ignore; every edge weighs 1), a column name or a 1-based position.", HelpName = "auto|none|COLUMN" };
        var time = new Option<string?>("--time") { Description = "Time column (epoch seconds or ISO 8601 date/date-time; the edge exists from its earliest time): auto (a 'time', 'timestamp' or 'date' header column), none, a column name or a 1-based position (e.g. 4 for headerless SOURCE,TARGET,RATING,TIME files). API: timeColumn.", HelpName = "auto|none|COLUMN" };
        var minWeight = new Option<double?>("--min-weight") { Description = "Keep only rows whose weight is at least this (e.g. 1: the positive ratings of a -10..10 rating file); dropped rows are counted in the report. API: minWeight.", HelpName = "X" };
        var keepAt = new Option<bool>("--keep-at") { Description = "Keep a leading '@' in handles (stripped by default)." };
        var nodeName = NodeNameOption();
        var multigraph = new Option<bool>("--multigraph") { Description = "When the graph is new: keep repeated rows as parallel edges (default: edges are a set)." };
        var dropLoops = new Option<bool>("--drop-self-loops") { Description = "When the graph is new: drop self-loops (default: kept, as NetworkX)." };
        var json = new Option<bool>("--json") { Description = "Print the batch report as JSON." };
        var db = ImportCli.DbOption();
        var durability = DurabilityOption();
        var cmd = new Command("edges", "Import follower edges (SNAP, CSV, TSV, JSON, NDJSON, GraphML, GML; gzip) into a graph.")
        {
            file, graph, format, reverse, undirected, mode, onError, weight, time, minWeight, keepAt, nodeName, multigraph, dropLoops, json, db, durability,
        };
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            string path = p.GetValue(file)!;
            string name = p.GetValue(graph)!;
            GraphCatalog.ValidateName(name);
            var options = new EdgeImportOptions
            {
                Format = ImportFormatDetector.Parse(p.GetValue(format)),
                Reverse = p.GetValue(reverse),
                Undirected = p.GetValue(undirected),
                Mode = ParseMode(p.GetValue(mode)),
                OnError = ParseOnError(p.GetValue(onError)),
                StripAt = !p.GetValue(keepAt),
                WeightColumn = p.GetValue(weight) is { } w && !w.Equals("auto", StringComparison.OrdinalIgnoreCase) ? w : null,
                TimeColumn = p.GetValue(time) is { } t && !t.Equals("auto", StringComparison.OrdinalIgnoreCase) ? t : null,
                MinWeight = p.GetValue(minWeight),
                NodeName = p.GetValue(nodeName),
                SourceName = path == "-" ? "stdin" : Path.GetFileName(path),
            };
            using var input = ImportCli.OpenInput(path);
            using var catalog = GraphCatalog.Open(p.GetValue(db), ParseDurability(p.GetValue(durability)));
            if (catalog.Get(name) is null && (p.GetValue(multigraph) || p.GetValue(dropLoops)))
                catalog.Create(name, new GraphBuildOptions(
                    p.GetValue(multigraph) ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse,
                    p.GetValue(dropLoops) ? SelfLoopPolicy.Drop : SelfLoopPolicy.Keep));
            var report = ImportCli.WithProgress(input, (progress, ct) => catalog.ImportEdges(name, input, options, progress, ct));
            return ImportCli.PrintReport(report, p.GetValue(json));
        }));
        return cmd;
    }

    private static Command CreateAccounts()
    {
        var file = FileArgument("Account attributes: one row per account (account, display_name, posts, political_posts or political_share, is_political, topics, lang, other columns kept as text)");
        var graph = GraphOption();
        var format = FormatOption(true);
        var featnames = new Option<string?>("--featnames") { Description = "snap-ego: the NODE.featnames file (default: beside FILE, with .feat replaced by .featnames).", HelpName = "FILE" };
        var mode = ModeOption();
        var onError = OnErrorOption();
        var addMissing = new Option<bool>("--add-missing") { Description = "Accounts that are not nodes of the graph become isolated nodes (default: only their attributes are stored, the network is unchanged)." };
        var keepAt = new Option<bool>("--keep-at") { Description = "Keep a leading '@' in handles (stripped by default)." };
        var nodeName = NodeNameOption();
        var key = new Option<string?>("--key")
        {
            Description = "The join column: the column (or JSON property) holding the account handle, e.g. id when the edges use ids and the file also has screen_name (default: the first present of account, handle, screen_name, username, user, user_id, node, node_id, id). The report says how many rows joined the graph and, when none did, which column matches.",
            HelpName = "COLUMN",
        };
        var json = new Option<bool>("--json") { Description = "Print the batch report as JSON." };
        var db = ImportCli.DbOption();
        var durability = DurabilityOption();
        var cmd = new Command("accounts", "Import account attributes (CSV, TSV, JSON, NDJSON, GraphML/GML node attributes, SNAP ego features) into a graph.")
        {
            file, graph, format, featnames, mode, onError, addMissing, keepAt, nodeName, key, json, db, durability,
        };
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            string path = p.GetValue(file)!;
            string name = p.GetValue(graph)!;
            GraphCatalog.ValidateName(name);
            var fmt = ImportFormatDetector.Parse(p.GetValue(format));
            if (fmt == ImportFormat.Auto && ImportFormatDetector.FromFileName(path) == ImportFormat.SnapEgo) fmt = ImportFormat.SnapEgo;
            IReadOnlyList<string>? names = null;
            if (fmt == ImportFormat.SnapEgo)
            {
                string fn = p.GetValue(featnames) ?? SiblingFeatnames(path);
                using var fs = File.OpenRead(fn);
                names = SnapEgoFeatures.ReadFeatureNames(fs, Path.GetFileName(fn));
            }
            var options = new AccountImportOptions
            {
                Format = fmt,
                Mode = ParseMode(p.GetValue(mode)),
                OnError = ParseOnError(p.GetValue(onError)),
                StripAt = !p.GetValue(keepAt),
                AddMissingAccounts = p.GetValue(addMissing),
                FeatureNames = names,
                NodeName = p.GetValue(nodeName),
                Key = p.GetValue(key) is { } k ? (string.IsNullOrWhiteSpace(k) ? throw new ArgumentException("--key must name a column, e.g. --key id.") : k.Trim()) : null,
                SourceName = path == "-" ? "stdin" : Path.GetFileName(path),
            };
            using var input = ImportCli.OpenInput(path);
            using var catalog = GraphCatalog.Open(p.GetValue(db), ParseDurability(p.GetValue(durability)));
            var report = ImportCli.WithProgress(input, (progress, ct) => catalog.ImportAccounts(name, input, options, progress, ct));
            return ImportCli.PrintReport(report, p.GetValue(json));
        }));
        return cmd;
    }

    private static Option<string?> NodeNameOption() => new("--node-name")
    {
        Description = "GML/GraphML/node-link: the node attribute that is the account handle (default id; 'label' for files written by NetworkX write_gml, 'name' for igraph).",
        HelpName = "id|label|ATTR",
    };

    private static string SiblingFeatnames(string featPath)
    {
        string p = featPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? featPath[..^3] : featPath;
        if (p.EndsWith(".feat", StringComparison.OrdinalIgnoreCase)) p = p[..^5];
        string candidate = p + ".featnames";
        if (!File.Exists(candidate))
            throw new ArgumentException($"snap-ego needs the feature names: {candidate} does not exist; pass --featnames FILE.");
        return candidate;
    }

    private static Option<string> DurabilityOption() => new("--durability")
    {
        Description = "full (default): the batch is flushed to disk before the command reports it applied, so it survives a power failure; normal: faster, the last batches can be lost on power failure (never on a crash or kill).",
        HelpName = "full|normal",
        DefaultValueFactory = _ => "full",
    };

    internal static StoreDurability ParseDurability(string? s) => (s ?? "full").Trim().ToLowerInvariant() switch
    {
        "full" => StoreDurability.Full,
        "normal" => StoreDurability.Normal,
        _ => throw new ArgumentException($"--durability must be full or normal, not '{s}'."),
    };

    internal static ImportMode ParseMode(string? s) => (s ?? "append").Trim().ToLowerInvariant() switch
    {
        "append" => ImportMode.Append,
        "replace" => ImportMode.Replace,
        _ => throw new ArgumentException($"--mode must be append or replace, not '{s}'."),
    };

    internal static OnErrorPolicy ParseOnError(string? s) => (s ?? "fail").Trim().ToLowerInvariant() switch
    {
        "fail" => OnErrorPolicy.Fail,
        "skip" => OnErrorPolicy.Skip,
        _ => throw new ArgumentException($"--on-error must be fail or skip, not '{s}'."),
    };
}
