using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph score</c>: centrality scores of every account of an edge file, as TSV.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph score (--edges FILE [--format auto|snap|csv|tsv|json|ndjson|graphml|gml] | --graph NAME [--db PATH])
///     [--metrics pagerank,betweenness,in_degree,out_degree] [--alpha 0.85] [--tolerance 1e-9]
///     [--max-iterations 200] [--weighted] [--betweenness-samples K [--seed S]] [--out FILE] [--timings]
/// </code>
/// <para>
/// Output: a header <c>account	pagerank	betweenness	in_degree	out_degree</c> restricted to the
/// chosen metrics (always in that column order), then one row per account sorted by the first
/// column's metric descending, ties by account handle ascending (ordinal). Numbers are written
/// with the invariant culture in round-trip precision; degrees as integers.
/// </para>
/// <para>
/// Semantics: PageRank as <see cref="PageRank"/> (NetworkX's fixed point; the tolerance is an
/// L1 change, not scaled by n; not converging within <c>--max-iterations</c> is an error);
/// betweenness as <see cref="Betweenness"/> (NetworkX, normalized by 1/((n−1)(n−2)), endpoints
/// excluded; sampled over K pivots when <c>--betweenness-samples</c> is given); degrees count
/// distinct followers/followees (duplicate rows collapse, self-loops count once each way).
/// <c>--weighted</c> reads a third column: a transition strength for PageRank, a distance for
/// betweenness.
/// </para>
/// <para>
/// Exit codes: 0 success; 1 bad input, bad option value, or PageRank not converged (one message
/// on stderr, no stack trace); 130 cancelled (Ctrl+C). Progress of phases longer than a second
/// goes to stderr; <c>--timings</c> adds one line <c>timing PHASE SECONDS</c> per phase.
/// </para>
/// <para>
/// Input: an edge file read through the import pipeline (<c>--edges</c>), or a graph already
/// imported into the database (<c>--graph NAME</c>, database <c>--db PATH</c>, default as for
/// <c>influencegraph import</c>); exactly one of the two.
/// </para>
/// </remarks>
public static class ScoreCommand
{
    /// <summary>The metric columns in output order.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["pagerank", "betweenness", "in_degree", "out_degree"];

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
        var metrics = new Option<string[]>("--metrics")
        {
            Description = "Comma-separated metrics to compute and write, from pagerank, betweenness, in_degree, out_degree. Columns keep that order; rows are sorted by the first column.",
            HelpName = "LIST",
            CustomParser = ParseMetrics,
            DefaultValueFactory = _ => [.. Metrics],
        };
        var alpha = DoubleOption("--alpha", "PageRank damping factor alpha, in [0, 1].", 0.85, v => v is >= 0 and <= 1, "must be in [0, 1]");
        var tolerance = DoubleOption("--tolerance", "PageRank stops when the L1 change between iterations is below this (not scaled by the number of accounts).", 1e-9, v => v > 0 && double.IsFinite(v), "must be a finite number > 0");
        var maxIterations = IntOption("--max-iterations", "PageRank iteration limit; not converging within it is an error.", 200, 1);
        var weighted = new Option<bool>("--weighted") { Description = "Read a third column as the edge weight (a transition strength for PageRank, a distance for betweenness); missing = 1." };
        var samples = IntOption("--betweenness-samples", "Estimate betweenness from K source pivots sampled without replacement (NetworkX k, scaled by n/K) instead of all sources.", null, 1, "K");
        var seed = IntOption("--seed", "Seed of the betweenness pivot sample (with --betweenness-samples).", null, int.MinValue, "S");
        var output = new Option<string?>("--out") { Description = "Write the TSV here instead of standard output.", HelpName = "FILE" };
        var reverse = new Option<bool>("--reverse") { Description = "The file lists 'followee follower' (or 'author engager'): flip every edge (with --edges)." };
        var timings = new Option<bool>("--timings") { Description = "Print 'timing PHASE SECONDS' to stderr for load, pagerank, betweenness, degree and write." };

        var cmd = new Command("score", "Score every account of an edge file (PageRank, betweenness, in/out-degree) and write TSV.")
        {
            edges, graphName, db, format, metrics, alpha, tolerance, maxIterations, weighted, samples, seed, output, reverse, timings,
        };
        cmd.SetAction((parse, ct) =>
        {
            var settings = new ScoreSettings(
                parse.GetValue(edges) ?? "",
                parse.GetValue(format),
                parse.GetValue(metrics)!,
                parse.GetValue(alpha),
                parse.GetValue(tolerance),
                parse.GetValue(maxIterations) ?? 200,
                parse.GetValue(weighted),
                parse.GetValue(samples),
                parse.GetValue(seed) ?? 0,
                parse.GetValue(output),
                parse.GetValue(timings),
                parse.GetValue(graphName),
                parse.GetValue(db),
                parse.GetValue(reverse));
            var config = parse.InvocationConfiguration;
            string? conflict =
                (settings.EdgesPath.Length == 0) == (settings.GraphName is null) ? "give exactly one of --edges FILE and --graph NAME."
                : settings.Reverse && settings.GraphName is not null ? "--reverse applies to --edges (flip an imported graph with 'import edges --reverse')."
                : settings.BetweennessSamples is not null && !settings.Metrics.Contains("betweenness") ? "--betweenness-samples needs the betweenness metric (see --metrics)."
                : parse.GetResult(seed) is { Implicit: false } && settings.BetweennessSamples is null ? "--seed only applies to sampled betweenness; give --betweenness-samples K too."
                : null;
            if (conflict is not null)
            {
                config.Error.WriteLine($"score: {conflict}");
                return Task.FromResult(1);
            }
            return Task.FromResult(Execute(settings, config.Output, config.Error, ct));
        });
        return cmd;
    }

    /// <summary>Everything <c>score</c> was asked to do, after parsing.</summary>
    internal sealed record ScoreSettings(
        string EdgesPath, string? Format, string[] Metrics, double Alpha, double Tolerance, int MaxIterations,
        bool Weighted, int? BetweennessSamples, int Seed, string? OutPath, bool Timings,
        string? GraphName = null, string? DbPath = null, bool Reverse = false);

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

            bool Wants(string metric) => s.Metrics.Contains(metric);
            CentralityResult? pageRank = null, betweenness = null, inDegree = null, outDegree = null;
            if (Wants("pagerank"))
            {
                using (var p = new PhaseProgress("pagerank", stderr))
                    pageRank = PageRank.Compute(graph, new PageRankOptions
                    {
                        Alpha = s.Alpha, Tolerance = s.Tolerance, MaxIterations = s.MaxIterations, Weighted = s.Weighted,
                    }, p, ct).EnsureConverged();
                Timing("pagerank");
            }
            if (Wants("betweenness"))
            {
                using (var p = new PhaseProgress("betweenness", stderr))
                    betweenness = Betweenness.Compute(graph, new BetweennessOptions
                    {
                        Weighted = s.Weighted, Samples = s.BetweennessSamples, Seed = s.Seed,
                    }, p, ct);
                Timing("betweenness");
            }
            if (Wants("in_degree") || Wants("out_degree"))
            {
                if (Wants("in_degree")) inDegree = Degree.In(graph);
                if (Wants("out_degree")) outDegree = Degree.Out(graph);
                Timing("degree");
            }
            ct.ThrowIfCancellationRequested();
            var columns = new[] { pageRank, betweenness, inDegree, outDegree }.OfType<CentralityResult>().ToList();

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
            return catalog.Get(s.GraphName)?.Snapshot
                ?? throw new ArgumentException($"no graph named '{s.GraphName}' in {catalog.DatabasePath} (see influencegraph graphs).");
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
        bool[] integral = columns.Select(c => c.Metric is "in_degree" or "out_degree").ToArray();
        Span<char> buffer = stackalloc char[32];
        foreach (int v in columns[0].Order)
        {
            w.Write(graph.Accounts[v]);
            for (int i = 0; i < columns.Count; i++)
            {
                w.Write('\t');
                double x = columns[i].Scores[v];
                bool ok = integral[i]
                    ? ((long)x).TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture)
                    : x.TryFormat(buffer, out written, "R", CultureInfo.InvariantCulture);
                if (!ok) throw new InvalidOperationException("A number did not fit its format buffer.");
                w.Write(buffer[..written]);
            }
            w.WriteLine();
        }
    }

    private static string[]? ParseMetrics(ArgumentResult result)
    {
        var chosen = new List<string>();
        foreach (var token in result.Tokens)
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string m = part.ToLowerInvariant();
                if (!Metrics.Contains(m))
                {
                    result.AddError($"Unknown metric '{part}' in --metrics; choose from {string.Join(", ", Metrics)}.");
                    return null;
                }
                if (!chosen.Contains(m)) chosen.Add(m);
            }
        if (chosen.Count == 0)
        {
            result.AddError($"--metrics is empty; choose from {string.Join(", ", Metrics)}.");
            return null;
        }
        return [.. chosen];
    }

    private static Option<double> DoubleOption(string name, string description, double defaultValue, Func<double, bool> valid, string rule) => new(name)
    {
        Description = description,
        HelpName = "X",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !valid(v))
            {
                r.AddError($"{name} '{text}' {rule} (a number like 0.85 or 1e-9).");
                return defaultValue;
            }
            return v;
        },
    };

    private static Option<int?> IntOption(string name, string description, int? defaultValue, int min, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
            {
                r.AddError(min == int.MinValue ? $"{name} '{text}' is not an integer." : $"{name} '{text}' must be an integer >= {min}.");
                return defaultValue;
            }
            return v;
        },
    };
}
