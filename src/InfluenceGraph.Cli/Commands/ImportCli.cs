using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using Spectre.Console;

namespace InfluenceGraph.Cli.Commands;

/// <summary>Pieces shared by the <c>import</c> and <c>graphs</c> verbs: the database option, progress, report printing.</summary>
internal static class ImportCli
{
    /// <summary>Environment variable that overrides the default database path.</summary>
    public const string DbEnvironmentVariable = "INFLUENCEGRAPH_DB";

    /// <summary>Environment variable: the memory (bytes) the CLI may use in all, checked before each analysis; unset = what the runtime reports (physical memory or the container's limit).</summary>
    public const string AvailableMemoryEnvironmentVariable = "INFLUENCEGRAPH_AVAILABLE_MEMORY_BYTES";

    /// <summary>Exit code of an analysis refused because its estimated memory would not fit (<see cref="Core.Metrics.MemoryBudget"/>).</summary>
    public const int InsufficientMemoryExitCode = 3;

    /// <summary>The budget of <see cref="AvailableMemoryEnvironmentVariable"/> in bytes, or null when unset or not a positive integer.</summary>
    public static long? AvailableMemoryBytes() =>
        long.TryParse(Environment.GetEnvironmentVariable(AvailableMemoryEnvironmentVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) && v > 0 ? v : null;

    /// <summary>Files above this size get a progress display.</summary>
    private const long ProgressThresholdBytes = 8L << 20;

    /// <summary>The default database: <c>$INFLUENCEGRAPH_DB</c>, else <see cref="GraphCatalog.DefaultDatabasePath"/>.</summary>
    public static string DefaultDb =>
        Environment.GetEnvironmentVariable(DbEnvironmentVariable) is { Length: > 0 } env ? env : GraphCatalog.DefaultDatabasePath;

    /// <summary>The <c>--db PATH</c> option.</summary>
    public static Option<string> DbOption() => new("--db")
    {
        Description = $"SQLite database holding the graphs (created when missing). Default: ${DbEnvironmentVariable}, else {GraphCatalog.DefaultDatabasePath}.",
        HelpName = "PATH",
        DefaultValueFactory = _ => DefaultDb,
    };

    /// <summary>Runs <paramref name="body"/>, turning expected failures into one message on stderr and an exit code.</summary>
    /// <returns>The body's exit code; 2 for unreadable input, a bad option or a database error; 130 when cancelled.</returns>
    public static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (Core.Metrics.AnalysisMemoryException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return InsufficientMemoryExitCode;
        }
        catch (ImportFormatException e) { return Fail("error: " + e.Message); }
        catch (FileNotFoundException e) { return Fail($"error: file not found: {e.FileName ?? e.Message}"); }
        catch (DirectoryNotFoundException e) { return Fail("error: " + e.Message); }
        catch (UnauthorizedAccessException e) { return Fail("error: " + e.Message); }
        catch (ArgumentException e) { return Fail("error: " + (e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", ""))); }
        catch (Microsoft.Data.Sqlite.SqliteException e) { return Fail("error: database: " + e.Message); }
        catch (InvalidDataException e) { return Fail("error: " + e.Message); }
        catch (FormatException e) { return Fail("error: " + e.Message); }
        catch (OutOfMemoryException) { return Fail("error: out of memory: the input is too large for this machine's memory"); }
        catch (InvalidOperationException e) { return Fail("error: " + e.Message); }
        catch (OperationCanceledException) { Console.Error.WriteLine("cancelled: nothing applied"); return 130; }
        catch (IOException e) { return Fail("error: " + e.Message); }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    /// <summary>Opens the input file ("-" = standard input).</summary>
    public static Stream OpenInput(string path) =>
        path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);

    /// <summary>
    /// Runs an import with a progress display on stderr (Spectre.Console bar with rows/s when stderr is
    /// a terminal, else a line every 5 s) for inputs larger than 8 MiB or of unknown size.
    /// </summary>
    public static ImportReport WithProgress(Stream input, Func<IProgress<ImportProgress>?, CancellationToken, ImportReport> run)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            long? length = input.CanSeek ? input.Length : null;
            if (length is not null && length < ProgressThresholdBytes) return run(null, cts.Token);
            if (Console.IsErrorRedirected) return run(new LineProgress(), cts.Token);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            ImportReport? report = null;
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("reading", maxValue: length ?? 1);
                    if (length is null) task.IsIndeterminate = true;
                    var clock = Stopwatch.StartNew();
                    var progress = new SyncProgress(p =>
                    {
                        double rate = p.RowsRead / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.RowsRead:N0} rows, {rate:N0} rows/s");
                        if (length is not null) task.Value = Math.Min(p.BytesRead, length.Value);
                    });
                    report = run(progress, cts.Token);
                    task.Value = task.MaxValue;
                });
            return report!;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Prints the batch report (stdout) and returns the exit code: 0 applied, 1 not applied.</summary>
    public static int PrintReport(ImportReport r, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(r, CliJson.Options));
        }
        else
        {
            var o = Console.Out;
            var inv = CultureInfo.InvariantCulture;
            o.WriteLine(string.Create(inv, $"graph '{r.Graph}': {r.Kind} batch {r.BatchId} ({FormatName(r.Format)}, {r.Mode.ToString().ToLowerInvariant()}) {(r.Applied ? "applied" : "NOT applied")}, version {r.VersionAfter}"));
            o.WriteLine(string.Create(inv, $"  rows read           {r.RowsRead,12:N0}"));
            if (r.Kind == "edges")
            {
                o.WriteLine(string.Create(inv, $"  edges added         {r.EdgesAdded,12:N0}"));
                o.WriteLine(string.Create(inv, $"  duplicates skipped  {r.DuplicatesSkipped,12:N0}"));
                o.WriteLine(string.Create(inv, $"  self-loops          {r.SelfLoops,12:N0} ({(r.SelfLoopsKept ? "kept" : "dropped")})"));
                if (r.BelowMinWeight > 0) o.WriteLine(string.Create(inv, $"  below min weight    {r.BelowMinWeight,12:N0} (dropped)"));
                if (r.EdgeTimes) o.WriteLine("  edge times          read (rank as of a time with --as-of)");
                o.WriteLine(string.Create(inv, $"  accounts added      {r.AccountsAdded,12:N0}"));
                if (r.AccountsUpdated > 0) o.WriteLine(string.Create(inv, $"  node attributes     {r.AccountsUpdated,12:N0}"));
            }
            else
            {
                o.WriteLine(string.Create(inv, $"  attributes changed  {r.AccountsUpdated,12:N0}"));
                o.WriteLine(string.Create(inv, $"  joined the graph    {r.AccountsJoined,12:N0} rows{(r.KeyColumn is null ? "" : $" (on column '{r.KeyColumn}')")}"));
                o.WriteLine(string.Create(inv, $"  not in the graph    {r.AccountsNotInGraph,12:N0} rows (attributes stored; --add-missing adds such accounts)"));
                if (r.JoinHint is { } hint) o.WriteLine("  note: " + hint);
                if (r.AccountsAdded > 0) o.WriteLine(string.Create(inv, $"  accounts added      {r.AccountsAdded,12:N0}"));
            }
            o.WriteLine(string.Create(inv, $"  rejected            {r.RejectedCount,12:N0}"));
            o.WriteLine(string.Create(inv, $"  elapsed             {r.Elapsed.TotalSeconds,12:F2} s"));
            foreach (var x in r.Rejections)
                o.WriteLine($"  rejected line {x.Line}{(x.Field is null ? "" : $", field '{x.Field}'")}: {x.Reason}");
            if (r.RejectedCount > r.Rejections.Count)
                o.WriteLine(string.Create(inv, $"  ... and {r.RejectedCount - r.Rejections.Count:N0} more rejected rows"));
        }
        if (!r.Applied)
        {
            var first = r.Rejections.FirstOrDefault();
            string where = first is null ? "" : $" (first: {r.Source ?? "input"}:{first.Line}{(first.Field is null ? "" : $" field '{first.Field}'")}: {first.Reason})";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error: {r.RejectedCount:N0} rows rejected{where}; nothing was applied. Fix them, or pass --on-error skip to apply the other rows."));
            return 1;
        }
        return 0;
    }

    /// <summary>The CLI/API spelling of a format.</summary>
    public static string FormatName(ImportFormat f) => f switch
    {
        ImportFormat.GraphMl => "graphml",
        ImportFormat.SnapEgo => "snap-ego",
        _ => f.ToString().ToLowerInvariant(),
    };

    /// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    /// <summary>Plain progress lines on stderr at most every 5 seconds.</summary>
    private sealed class LineProgress : IProgress<ImportProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last;

        public void Report(ImportProgress p)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromSeconds(5)) return;
            _last = _clock.Elapsed;
            double rate = p.RowsRead / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
            string pct = p.TotalBytes is > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * p.BytesRead / p.TotalBytes.Value:F0}%)") : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: {p.RowsRead:N0} rows read{pct}, {rate:N0} rows/s"));
        }
    }
}

/// <summary>JSON settings of the CLI's machine-readable output (camelCase, enums as strings).</summary>
internal static class CliJson
{
    /// <summary>The options.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
    };
}
