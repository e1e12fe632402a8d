using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph score</c>: per-account metrics of an edge file or an imported graph, as TSV.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph score (--edges FILE [--format auto|snap|csv|tsv|json|ndjson|graphml|gml] | --graph NAME [--db PATH])
///     [--metrics pagerank,betweenness,followers,followees] [metric options...] [--out FILE] [--timings]
/// </code>
/// <para>
/// The metrics and their options come from the metric catalog (<see cref="MetricCatalog"/>), the same
/// one the API ranks by: every metric of <c>GET /metrics</c> is a <c>--metrics</c> choice, and every
/// metric parameter is an option spelled in kebab case (<c>maxIterations</c> → <c>--max-iterations</c>),
/// applied to each chosen metric that takes it. An option that none of the chosen metrics takes is an error.
/// </para>
/// <para>
/// Output: a header <c>account</c> then one column per chosen metric in catalog order (pagerank,
/// betweenness, followers, followees, ...), each named by the metric's canonical name even when an
/// alias chose it (<c>--metrics in_degree</c> writes a <c>followers</c> column); a metric named twice,
/// directly or through an alias (<c>--metrics followers,in_degree</c>), is written once. Then one row per account sorted by the first column's
/// metric descending, ties by account handle ascending (ordinal). Numbers are written with the
/// invariant culture in round-trip precision (integral values without a decimal point).
/// </para>
/// <para>
/// Semantics are the catalog's (NetworkX's unless stated); unlike the API, an iterative metric
/// (PageRank) that does not converge within its iteration limit is an error.
/// <c>--weighted</c> also reads a third column of the edge file as the edge weight.
/// </para>
/// <para>
/// Exit codes: 0 success; 1 bad input or non-convergence (one message on stderr, no stack trace);
/// 2 a bad option: unknown, missing or malformed value, out of range, or contradicting another
/// (<see cref="OptionRules"/>); 130 cancelled (Ctrl+C). Progress of phases longer than a second goes to stderr;
/// <c>--timings</c> adds one line <c>timing PHASE SECONDS</c> per phase (load, each metric, write).
/// </para>
/// <para>
/// Input: an edge file read through the import pipeline (<c>--edges</c>), or a graph already
/// imported into the database (<c>--graph NAME</c>, database <c>--db PATH</c>, default as for
/// <c>influencegraph import</c>); exactly one of the two.
/// </para>
/// </remarks>
public static class ScoreCommand
{
    /// <summary>The metrics written when <c>--metrics</c> is not given.</summary>
    public static IReadOnlyList<string> DefaultMetrics { get; } = ["pagerank", "betweenness", "followers", "followees"];

    /// <summary>The catalog the command reads its metrics and options from.</summary>
    internal static MetricCatalog Catalog => MetricCatalog.Default;

    /// <summary>Edge-file formats accepted by <c>--format</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["auto", "snap", "csv", "tsv", "json", "ndjson", "graphml", "gml"];

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var edges = new Option<string>("--edges")
        {
            Description = "Edge file: one 'follower followee [weight]' row per line (the follower sees the followee's posts); '#' comments; a line with one token declares an account without edges; .gz is decompressed; '-' reads standard input. Or use --graph.",
            HelpName = "FILE",
        };
        var graphName = new Option<string?>("--graph") { Description = "Score a graph imported into the database (see 'influencegraph import edges' and 'influencegraph graphs') instead of --edges.", HelpName = "NAME" };
        var db = ImportCli.DbOption();
        var format = new Option<string?>("--format")
        {
            Description = "snap (white space), csv (commas, RFC 4180 quoting), tsv (tabs), json, ndjson, graphml or gml (as 'import edges'); csv/tsv may start with a header row such as 'source,target[,weight]'. Default: detected from the extension and the content.",
            HelpName = "auto|snap|csv|tsv|json|ndjson|graphml|gml",
        };
        format.AcceptOnlyFromAmong([.. Formats]);
        var metrics = new Option<Metric[]>("--metrics")
        {
            Description = "Comma-separated metrics to compute and write, from: " + string.Join("; ", Catalog.All.Select(m =>
                m.Aliases.Count == 0 ? m.Name : $"{m.Name} (alias {string.Join(", ", m.Aliases)})"))
                + $". Default {string.Join(",", DefaultMetrics)}. Columns follow that catalog order and carry the canonical name (an alias chooses the same column; a metric named twice is written once); rows are sorted by the first column. GET /metrics of the API describes each.",
            HelpName = "LIST",
            CustomParser = ParseMetrics,
            DefaultValueFactory = _ => [.. DefaultMetrics.Select(n => Catalog.Find(n)!)],
        };
        var parameterOptions = Catalog.All.SelectMany(m => m.Parameters).GroupBy(p => p.Name)
            .Select(g => (Name: g.Key, Option: ParameterOption(g.Key, g.ToList()))).ToList();
        var output = new Option<string?>("--out") { Description = "Write the TSV here instead of standard output.", HelpName = "FILE" };
        var reverse = new Option<bool>("--reverse") { Description = "The file lists 'followee follower' (or 'author engager'): flip every edge (with --edges)." };
        var timings = new Option<bool>("--timings") { Description = "Print 'timing PHASE SECONDS' to stderr for load, each metric and write." };
        var at = VersionOptions.Create();

        var cmd = new Command("score", "Score every account of an edge file with metrics of the catalog (PageRank, betweenness, degrees...) and write TSV.")
        {
            edges, graphName, db, format, metrics,
        };
        foreach (var (_, option) in parameterOptions) cmd.Options.Add(option);
        cmd.Options.Add(output);
        cmd.Options.Add(reverse);
        cmd.Options.Add(timings);
        at.AddTo(cmd);
        cmd.SetAction((parse, ct) =>
        {
            var chosen = parse.GetValue(metrics)!;
            var given = new List<KeyValuePair<string, object>>();
            foreach (var (name, option) in parameterOptions)
                if (parse.GetResult(option) is { Implicit: false } && parse.GetValue(option) is { } value)
                    given.Add(new(name, value));
            var arguments = MetricArguments.Of(given);
            var settings = new ScoreSettings(
                parse.GetValue(edges) ?? "",
                parse.GetValue(format),
                [.. Catalog.All.Where(chosen.Contains)],
                arguments,
                parse.GetValue(output),
                parse.GetValue(timings),
                parse.GetValue(graphName),
                parse.GetValue(db),
                parse.GetValue(reverse),
                parse.GetValue(at.Version),
                parse.GetValue(at.AsOf));
            var config = parse.InvocationConfiguration;
            string? conflict =
                (settings.EdgesPath.Length == 0) == (settings.GraphName is null) ? "give exactly one of --edges FILE and --graph NAME."
                : settings.Reverse && settings.GraphName is not null ? "--reverse applies to --edges (flip an imported graph with 'import edges --reverse')."
                : (settings.Version ?? settings.AsOf) is not null && settings.GraphName is null ? "--version and --as-of apply to a stored graph (--graph)."
                : null;
            // An option that none of the chosen metrics takes would be ignored: refuse it (weighted also selects the weight column).
            foreach (var (name, _) in arguments)
            {
                if (conflict is not null) break;
                if (name == "weighted" || settings.Metrics.Any(m => m.Parameter(name) is not null)) continue;
                var p = Catalog.All.SelectMany(m => m.Parameters).First(x => x.Name == name);
                var owners = Catalog.All.Where(m => m.Parameter(name) is not null).Select(m => m.Name);
                conflict = $"{p.CliName} applies to {string.Join(", ", owners)}, none of which is chosen (see --metrics).";
            }
            if (conflict is not null)
            {
                config.Error.WriteLine($"score: {conflict}");
                return Task.FromResult(OptionRules.UsageExitCode);
            }
            return Task.FromResult(Execute(settings, config.Output, config.Error, ct));
        });
        return cmd;
    }

    /// <summary>Everything <c>score</c> was asked to do, after parsing.</summary>
    /// <param name="EdgesPath">Edge file, "-" for standard input, "" with <paramref name="GraphName"/>.</param>
    /// <param name="Format">Edge-file format name, or null to detect.</param>
    /// <param name="Metrics">The metrics to write, in catalog order.</param>
    /// <param name="Arguments">Metric options given on the command line (each applied to the metrics that take it).</param>
    /// <param name="OutPath">Output file, or null for standard output.</param>
    /// <param name="Timings">Print phase timings.</param>
    /// <param name="GraphName">Imported graph to score instead of an edge file.</param>
    /// <param name="DbPath">Database of <paramref name="GraphName"/>.</param>
    /// <param name="Version">Version of <paramref name="GraphName"/> to score (null = the latest).</param>
    /// <param name="AsOf">Time at which to take <paramref name="GraphName"/>'s network (null = now).</param>
    /// <param name="Reverse">Flip every edge of the edge file.</param>
    internal sealed record ScoreSettings(
        string EdgesPath, string? Format, Metric[] Metrics, MetricArguments Arguments, string? OutPath, bool Timings,
        string? GraphName = null, string? DbPath = null, bool Reverse = false, string? Version = null, string? AsOf = null)
    {
        /// <summary>Whether edge weights are read and used.</summary>
        public bool Weighted => Arguments.Boolean("weighted") == true;
    }

    /// <summary>Runs the command; returns the exit code. Errors are reported on <paramref name="stderr"/> in one line.</summary>
    internal static int Execute(ScoreSettings s, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        void Timing(string phase)
        {
            if (s.Timings) stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing {phase} {clock.Elapsed.TotalSeconds:0.000000}"));
            clock.Restart();
        }
        bool writing = false;
        try
        {
            GraphSnapshot graph;
            using (new PhaseProgress("load", stderr))
                graph = LoadGraph(s);
            Timing("load");

            var columns = new List<CentralityResult>();
            foreach (var metric in s.Metrics)
            {
                MetricArguments normalized;
                try { normalized = metric.Normalize(s.Arguments.Restrict(metric.Parameters.Select(p => p.Name)), graph); }
                catch (MetricArgumentException e)
                {
                    string option = metric.Parameter(e.Parameter)?.CliName ?? e.Parameter;
                    throw new ArgumentException($"{option}: {e.Message}", e);
                }
                CentralityResult result;
                MemoryBudget.Check(string.Create(CultureInfo.InvariantCulture, $"{metric.Name} ({graph.NodeCount:N0} accounts, {graph.EdgeCount:N0} follows)"),
                    metric.EstimateMemoryBytes(graph, normalized), ImportCli.AvailableMemoryBytes(), metric.MemoryHint(graph, normalized));
                using (var p = new PhaseProgress(metric.Name, stderr))
                    result = metric.Compute(graph, normalized, p, ct);
                if (result is PageRankResult pr) pr.EnsureConverged();
                else if (metric.Describe(result) is { Converged: false } c)
                    throw new ArgumentException($"{metric.Name} did not converge within {c.Iterations} iterations (last L1 change {c.Residual?.ToString("G3", CultureInfo.InvariantCulture)}); raise --max-iterations or --tolerance.");
                if (metric.Describe(result).Guarantee is { } g)
                    stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{metric.Name}: every score within epsilon {g.Epsilon} of the exact normalized value with probability 1 - {g.Delta}; vertex-diameter bound {g.VertexDiameterBound} ({g.DiameterMethod}); {g.SampleSize} sampled pairs."));
                columns.Add(result);
                Timing(metric.Name);
            }
            ct.ThrowIfCancellationRequested();

            writing = true;
            using (new PhaseProgress("write", stderr))
                Write(graph, columns, s.OutPath, stdout);
            Timing("write");
            return 0;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("score: cancelled.");
            return 130;
        }
        catch (AnalysisMemoryException e)
        {
            stderr.WriteLine($"score: {e.Message}");
            return ImportCli.InsufficientMemoryExitCode;
        }
        catch (Exception e) when (e is ImportFormatException or ArgumentException or PageRankConvergenceException)
        {
            stderr.WriteLine($"score: {e.Message}");
            return 1;
        }
        catch (Exception e) when (writing && e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"score: cannot write '{s.OutPath ?? "standard output"}': {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            stderr.WriteLine($"score: cannot read '{s.EdgesPath}': no such file.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"score: {e.Message}");
            return 1;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            stderr.WriteLine($"score: database: {e.Message}");
            return 1;
        }
        catch (NotImplementedException e)
        {
            stderr.WriteLine($"score: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Loads the edge file through the import pipeline (<see cref="EdgeImport.Load(string, EdgeImportOptions?, InfluenceGraph.Core.Graph.GraphBuildOptions?, bool)"/>): the one
    /// place that knows about input formats. Duplicate rows collapse, self-loops are kept
    /// (<see cref="GraphBuildOptions.Default"/>, the oracle's semantics); any rejected row fails the
    /// load with its file and line. Without <c>--weighted</c> a weight column is ignored.
    /// </summary>
    internal static GraphSnapshot LoadGraph(ScoreSettings s)
    {
        if (s.GraphName is not null)
        {
            string dbPath = s.DbPath ?? ImportCli.DefaultDb;
            if (!File.Exists(dbPath)) throw new ArgumentException($"no database at {dbPath}: import a graph first (influencegraph import edges FILE --graph {s.GraphName}).");
            using var catalog = InfluenceGraph.Core.Storage.GraphCatalog.OpenForReading(dbPath);
            return VersionOptions.Resolve(catalog, s.GraphName, s.Version, s.AsOf).Snapshot;
        }
        var format = ImportFormatDetector.Parse(s.Format);
        var options = new EdgeImportOptions { Format = format, WeightColumn = s.Weighted ? null : "none", Reverse = s.Reverse };
        if (s.EdgesPath == "-")
        {
            using var stdin = Console.OpenStandardInput();
            return EdgeImport.Load(stdin, options with { SourceName = "stdin" }, GraphBuildOptions.Default, s.Weighted);
        }
        return EdgeImport.Load(s.EdgesPath, options, GraphBuildOptions.Default, s.Weighted);
    }

    /// <summary>Writes the TSV to <paramref name="outPath"/> (through a temporary file, so a failure leaves no half file) or to <paramref name="stdout"/>.</summary>
    private static void Write(GraphSnapshot graph, List<CentralityResult> columns, string? outPath, TextWriter stdout)
    {
        if (outPath is null)
        {
            WriteTsv(graph, columns, stdout);
            stdout.Flush();
            return;
        }
        string full = Path.GetFullPath(outPath);
        string tmp = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var w = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16))
                WriteTsv(graph, columns, w);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static void WriteTsv(GraphSnapshot graph, List<CentralityResult> columns, TextWriter w)
    {
        w.NewLine = "\n";
        w.Write("account");
        foreach (var c in columns) { w.Write('\t'); w.Write(c.Metric); }
        w.WriteLine();
        if (columns.Count == 0) return;
        Span<char> buffer = stackalloc char[32];
        foreach (int v in columns[0].Order)
        {
            w.Write(graph.Accounts[v]);
            for (int i = 0; i < columns.Count; i++)
            {
                w.Write('\t');
                double x = columns[i].Scores[v];
                if (!x.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException("A number did not fit its format buffer.");
                w.Write(buffer[..written]);
            }
            w.WriteLine();
        }
    }

    private static Metric[]? ParseMetrics(ArgumentResult result)
    {
        var chosen = new List<Metric>();
        foreach (var token in result.Tokens)
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Catalog.Find(part) is not { } m)
                {
                    result.AddError($"Unknown metric '{part}' in --metrics; choose from {string.Join(", ", Catalog.Names)}.");
                    return null;
                }
                if (!chosen.Contains(m)) chosen.Add(m);
            }
        if (chosen.Count == 0)
        {
            result.AddError($"--metrics is empty; choose from {string.Join(", ", Catalog.Names)}.");
            return null;
        }
        return [.. chosen];
    }

    /// <summary>
    /// The command-line option of a metric parameter (all metrics' parameters of that name): its
    /// kebab-case name, help text per metric with range and default, and a parser that checks the value
    /// against every schema of that name, so a bad value is refused before anything is loaded.
    /// </summary>
    private static Option<object?> ParameterOption(string name, IReadOnlyList<MetricParameter> parameters)
    {
        var first = parameters[0];
        var owners = Catalog.All.Where(m => m.Parameter(name) is not null).ToList();
        string help = string.Join(" ", owners
            .GroupBy(m => (m.Parameter(name)!.Description, m.Parameter(name)!.RangeText, Default: m.Parameter(name)!.Default is { } d ? MetricParameter.Format(d) : null))
            .Select(g =>
            {
                string text = $"{string.Join(", ", g.Select(m => m.Name))}: {g.Key.Description}";
                if (g.Key.RangeText.Length > 0) text += $" Range {g.Key.RangeText}.";
                if (g.Key.Default is { } d) text += $" Default {d}.";
                return text;
            }));
        var option = new Option<object?>(first.CliName, [.. first.CliAliases])
        {
            Description = help,
            HelpName = first.Type switch
            {
                MetricParameterType.Integer => "N",
                MetricParameterType.Boolean => "true|false",
                MetricParameterType.AccountWeights => "FILE",
                MetricParameterType.Accounts => "A,B,...",
                _ => "X",
            },
            Arity = first.Type == MetricParameterType.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
            CustomParser = r =>
            {
                string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : first.Type == MetricParameterType.Boolean ? "true" : "";
                try
                {
                    object value = first.Type == MetricParameterType.AccountWeights ? first.Check(ReadWeights(first, text)) : first.ParseText(text);
                    foreach (var p in parameters.Skip(1)) p.Check(value);
                    return value;
                }
                catch (MetricArgumentException e)
                {
                    r.AddError($"{(r.Parent as OptionResult)?.IdentifierToken?.Value ?? first.CliName} '{text}': {e.Message}");
                    return null;
                }
            },
        };
        return option;
    }

    /// <summary>Reads a file of <c>account weight</c> rows (white-space separated, '#' comments, blank lines skipped; the weight is the last field, so a handle may contain spaces).</summary>
    /// <exception cref="MetricArgumentException">The file cannot be read or a row is malformed (names the line).</exception>
    private static Dictionary<string, double> ReadWeights(MetricParameter p, string path)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MetricArgumentException(p.Name, $"cannot read '{path}': {e.Message}");
        }
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int cut = line.LastIndexOfAny([' ', '\t']);
            if (cut <= 0 || !double.TryParse(line.AsSpan(cut + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                throw new MetricArgumentException(p.Name, $"{path}:{i + 1}: expected 'account weight' (got '{line}').");
            string account = line[..cut].Trim();
            if (!map.TryAdd(account, w))
                throw new MetricArgumentException(p.Name, $"{path}:{i + 1}: account '{account}' is listed twice.");
        }
        return map;
    }
}
