using System.Collections.Concurrent;
using System.Diagnostics;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

public sealed partial class GraphCatalog
{
    private const int ReportsKept = 100;
    private readonly ConcurrentDictionary<string, List<ImportReport>> _reports = new(StringComparer.Ordinal);
    private long _memoryBatchId;

    /// <summary>
    /// Opens the catalog on a SQLite database file (created when missing, with its folder) and loads
    /// every graph into memory. Null means an in-memory catalog with no persistence.
    /// </summary>
    /// <param name="databasePath">The SQLite file (see <see cref="SqliteGraphStore"/>), or null.</param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file exists but is not a usable SQLite database.</exception>
    /// <exception cref="InvalidDataException">The stored graphs are inconsistent.</exception>
    public static GraphCatalog Open(string? databasePath) =>
        databasePath is null ? new GraphCatalog() : new GraphCatalog(new SqliteGraphStore(databasePath));

    /// <summary>
    /// Opens the catalog for reading (<c>graphs</c>, <c>score --graph</c>, <c>influencers --graph</c>):
    /// read-write when the file can be written, else — a database the user may only read (chmod 0444,
    /// a read-only mount) — with a read-only connection (<c>Mode=ReadOnly</c>); imports through such
    /// a catalog fail with "attempt to write a readonly database". A missing file is created as by
    /// <see cref="Open"/>.
    /// </summary>
    /// <param name="databasePath">The SQLite file, or null for an in-memory catalog.</param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file is not a usable SQLite database.</exception>
    public static GraphCatalog OpenForReading(string? databasePath)
    {
        if (databasePath is null) return new GraphCatalog();
        if (File.Exists(databasePath) && !CanWrite(databasePath))
            return new GraphCatalog(new SqliteGraphStore(databasePath, readOnly: true));
        try { return new GraphCatalog(new SqliteGraphStore(databasePath)); }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 8 or 14 && File.Exists(databasePath)) // SQLITE_READONLY, SQLITE_CANTOPEN
        {
            return new GraphCatalog(new SqliteGraphStore(databasePath, readOnly: true));
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (UnauthorizedAccessException) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>The default database file: <c>LocalApplicationData/InfluenceGraph/influencegraph.db</c>.</summary>
    public static string DefaultDatabasePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "InfluenceGraph", "influencegraph.db");

    /// <summary>Reports of the recent batches of <paramref name="graph"/> (applied or not), newest first, at most 100.</summary>
    public IReadOnlyList<ImportReport> Reports(string graph)
    {
        var list = _reports.GetOrAdd(graph, g => _store?.LoadReports(g, ReportsKept).Reverse().ToList() ?? []);
        lock (list) return list.AsEnumerable().Reverse().ToList();
    }

    /// <summary>
    /// Imports a batch of follower edges into graph <paramref name="graph"/> (created when missing)
    /// as one transaction: either the whole batch is applied and the version bumped, or nothing.
    /// </summary>
    /// <param name="graph">Graph name.</param>
    /// <param name="content">The input, read once as a stream (never buffered whole); gzip is detected.</param>
    /// <param name="options">Format, direction, mode, error policy.</param>
    /// <param name="progress">Rows read so far; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch (nothing applied).</param>
    /// <returns>The batch report (also when nothing was applied because of rejected rows).</returns>
    /// <remarks>
    /// <para>Append builds the new snapshot from the current one plus the batch (node ids of existing
    /// accounts unchanged); replace builds it from the batch alone (account attributes are kept). The
    /// graph's <see cref="GraphBuildOptions"/> decide duplicates: in a set (the default) re-importing
    /// the same file adds nothing and counts every row as a duplicate; in a multigraph every row is an
    /// edge. Node attributes carried by GraphML/GML/node-link files are merged into the account attributes.</para>
    /// <para>Writers of one graph are serialised; readers keep the previous state until the swap.
    /// Time O(bytes + n + m log d) for the rebuild; memory: the old and new snapshot during the batch.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The graph name is invalid.</exception>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole (unknown format, broken JSON...).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing applied.</exception>
    /// <exception cref="InvalidOperationException">Another process wrote this graph in the database during this batch (the catalog reloads a graph changed earlier before it starts); nothing applied.</exception>
    public ImportReport ImportEdges(string graph, Stream content, EdgeImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateName(graph);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        lock (WriteLock(graph))
        {
            SyncFromStore(graph); // another process may have written this graph since we loaded it
            var clock = Stopwatch.StartNew();
            var old = Get(graph);
            bool append = options.Mode == ImportMode.Append && old is not null;
            var buildOptions = old?.Snapshot.BuildOptions ?? GraphBuildOptions.Default;
            var builder = append ? GraphBuilder.From(old!.Snapshot) : new GraphBuilder(buildOptions);
            int rowsBefore = builder.EdgeRowCount;
            var parsed = EdgeImport.Read(content, options, builder, progress, cancellationToken);
            var report = new ImportReport
            {
                Graph = graph,
                Kind = "edges",
                Source = options.SourceName,
                Format = parsed.Format,
                Mode = options.Mode,
                RowsRead = parsed.RowsRead,
                SelfLoops = parsed.SelfLoops,
                SelfLoopsKept = buildOptions.SelfLoops == SelfLoopPolicy.Keep,
                RejectedCount = parsed.RejectedCount,
                Rejections = parsed.Rejections,
            };
            if (parsed.RejectedCount > 0 && options.OnError == OnErrorPolicy.Fail)
                return Reject(report with { VersionAfter = old?.Version ?? 0, Elapsed = clock.Elapsed });
            if (parsed.RejectedCount > 0 && parsed.RejectedCount == parsed.RowsRead && options.Mode == ImportMode.Replace)
                return Reject(report with { VersionAfter = old?.Version ?? 0, Elapsed = clock.Elapsed }); // never wipe a graph with a batch of nothing but rejects
            cancellationToken.ThrowIfCancellationRequested();

            var snapshot = builder.Build(forceWeighted: append && old!.Snapshot.IsWeighted);
            long oldEdges = append ? old!.Snapshot.EdgeCount : 0;
            long newRows = builder.EdgeRowCount - rowsBefore;
            long dropped = buildOptions.SelfLoops == SelfLoopPolicy.Drop ? parsed.SelfLoops : 0;
            long added = snapshot.EdgeCount - oldEdges;
            int keptAccounts = append ? old!.Snapshot.NodeCount : 0;

            var attrs = old is null ? new Dictionary<string, AccountAttributes>(StringComparer.Ordinal) : new Dictionary<string, AccountAttributes>(old.Attributes, StringComparer.Ordinal);
            var changed = new List<AccountAttributes>();
            foreach (var a in parsed.NodeAttributes)
            {
                var before = attrs.GetValueOrDefault(a.Account);
                var merged = AccountRecordMapper.Merge(before, a);
                if (before is not null && SameAttributes(before, merged)) continue;
                attrs[a.Account] = merged;
                changed.Add(merged);
            }
            if (append && added == 0 && snapshot.NodeCount == keptAccounts && changed.Count == 0 && snapshot.IsWeighted == old!.Snapshot.IsWeighted)
            {
                // Nothing new (e.g. the same file imported again): the report is recorded, the
                // version and the snapshot stay, so caches keyed by the version remain valid.
                return Unchanged(report with
                {
                    DuplicatesSkipped = Math.Max(0, newRows - dropped),
                    VersionAfter = old.Version,
                    Elapsed = clock.Elapsed,
                });
            }

            var now = DateTimeOffset.UtcNow;
            var state = old is null
                ? new GraphState(graph, 1, snapshot, attrs, now, now)
                : old with { Version = old.Version + 1, Snapshot = snapshot, Attributes = attrs, LastImportAt = now };
            report = report with
            {
                Applied = true,
                EdgesAdded = added,
                DuplicatesSkipped = Math.Max(0, newRows - dropped - added),
                AccountsAdded = snapshot.NodeCount - keptAccounts,
                AccountsUpdated = changed.Count,
                VersionAfter = state.Version,
                Elapsed = clock.Elapsed,
            };
            return Apply(new GraphCommit(state, keptAccounts, true, changed, false, report, old?.Version ?? -1));
        }
    }

    /// <summary>Imports account attributes into graph <paramref name="graph"/> (created empty when missing), as one transaction (see <see cref="ImportEdges"/>).</summary>
    /// <param name="graph">Graph name.</param>
    /// <param name="content">The input stream; gzip is detected.</param>
    /// <param name="options">Format, mode (append merges into the current attributes, replace drops them first), error policy.</param>
    /// <param name="progress">Rows read so far; may be null.</param>
    /// <param name="cancellationToken">Cancels the batch (nothing applied).</param>
    /// <returns>The batch report: <see cref="ImportReport.AccountsUpdated"/> rows applied, <see cref="ImportReport.AccountsNotInGraph"/> of them for accounts that are not nodes.</returns>
    /// <remarks>
    /// Accounts that are not nodes of the graph keep their attributes without joining the network,
    /// unless <see cref="AccountImportOptions.AddMissingAccounts"/> (then they become isolated nodes).
    /// </remarks>
    /// <exception cref="ArgumentException">The graph name is invalid.</exception>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole (no account column, broken JSON, snap-ego without feature names...).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing applied.</exception>
    /// <exception cref="InvalidOperationException">Another process wrote this graph in the database during this batch (the catalog reloads a graph changed earlier before it starts); nothing applied.</exception>
    public ImportReport ImportAccounts(string graph, Stream content, AccountImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateName(graph);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        lock (WriteLock(graph))
        {
            SyncFromStore(graph); // another process may have written this graph since we loaded it
            var clock = Stopwatch.StartNew();
            var old = Get(graph);
            var parsed = AccountImport.Read(content, options, progress, cancellationToken);
            var report = new ImportReport
            {
                Graph = graph,
                Kind = "accounts",
                Source = options.SourceName,
                Format = parsed.Format,
                Mode = options.Mode,
                RowsRead = parsed.RowsRead,
                RejectedCount = parsed.RejectedCount,
                Rejections = parsed.Rejections,
            };
            if (parsed.RejectedCount > 0 && options.OnError == OnErrorPolicy.Fail)
                return Reject(report with { VersionAfter = old?.Version ?? 0, Elapsed = clock.Elapsed });
            if (parsed.RejectedCount > 0 && parsed.Accounts.Count == 0 && options.Mode == ImportMode.Replace)
                return Reject(report with { VersionAfter = old?.Version ?? 0, Elapsed = clock.Elapsed }); // never wipe the attributes with a batch of nothing but rejects
            cancellationToken.ThrowIfCancellationRequested();

            var snapshot = old?.Snapshot ?? new GraphBuilder().Build();
            int keptAccounts = snapshot.NodeCount;
            if (options.AddMissingAccounts && parsed.Accounts.Any(a => !snapshot.TryGetNode(a.Account, out _)))
            {
                var builder = GraphBuilder.From(snapshot);
                foreach (var a in parsed.Accounts) builder.AddAccount(a.Account);
                snapshot = builder.Build(forceWeighted: snapshot.IsWeighted);
            }
            bool replace = options.Mode == ImportMode.Replace;
            var attrs = old is null || replace ? new Dictionary<string, AccountAttributes>(StringComparer.Ordinal) : new Dictionary<string, AccountAttributes>(old.Attributes, StringComparer.Ordinal);
            var changed = new Dictionary<string, AccountAttributes>(StringComparer.Ordinal);
            long notInGraph = 0;
            foreach (var a in parsed.Accounts)
            {
                var merged = AccountRecordMapper.Merge(attrs.GetValueOrDefault(a.Account), a);
                attrs[a.Account] = merged;
                changed[a.Account] = merged;
                if (!snapshot.TryGetNode(a.Account, out _)) notInGraph++;
            }
            if (old is not null && !replace && snapshot.NodeCount == keptAccounts
                && changed.Values.All(c => old.Attributes.TryGetValue(c.Account, out var was) && SameAttributes(was, c)))
            {
                return Unchanged(report with
                {
                    AccountsUpdated = 0,
                    AccountsNotInGraph = notInGraph,
                    VersionAfter = old.Version,
                    Elapsed = clock.Elapsed,
                });
            }
            var now = DateTimeOffset.UtcNow;
            var state = old is null
                ? new GraphState(graph, 1, snapshot, attrs, now, now)
                : old with { Version = old.Version + 1, Snapshot = snapshot, Attributes = attrs, LastImportAt = now };
            report = report with
            {
                Applied = true,
                AccountsAdded = snapshot.NodeCount - keptAccounts,
                AccountsUpdated = parsed.Accounts.Count,
                AccountsNotInGraph = notInGraph,
                VersionAfter = state.Version,
                Elapsed = clock.Elapsed,
            };
            bool edgesChanged = old is null; // a new graph stores its (empty) edge set
            return Apply(new GraphCommit(state, keptAccounts, edgesChanged, changed.Values, replace, report, old?.Version ?? -1));
        }
    }

    /// <summary>Commits to the store (one transaction), then swaps the state in and records the report.</summary>
    private ImportReport Apply(GraphCommit commit)
    {
        long id = _store?.Commit(commit) ?? Interlocked.Increment(ref _memoryBatchId);
        var report = commit.Report! with { BatchId = id };
        _graphs[commit.State.Name] = commit.State;
        Remember(report);
        return report;
    }

    /// <summary>Records the report of a batch that was not applied.</summary>
    private ImportReport Reject(ImportReport report)
    {
        long id = _store?.RecordReport(report) ?? Interlocked.Increment(ref _memoryBatchId);
        report = report with { BatchId = id, Applied = false };
        Remember(report);
        return report;
    }

    /// <summary>
    /// Records the report of a good batch that changes nothing (every edge, account and attribute
    /// already present): applied, but the version and the snapshot stay as they are.
    /// </summary>
    private ImportReport Unchanged(ImportReport report)
    {
        report = report with { Applied = true };
        long id = _store?.RecordReport(report) ?? Interlocked.Increment(ref _memoryBatchId);
        report = report with { BatchId = id };
        Remember(report);
        return report;
    }

    /// <summary>Value equality of two attribute records (topics in order, extra columns as a set of pairs).</summary>
    private static bool SameAttributes(AccountAttributes a, AccountAttributes b) =>
        a.Account == b.Account && a.DisplayName == b.DisplayName && a.Posts == b.Posts && a.PoliticalPosts == b.PoliticalPosts
        && Nullable.Equals(a.PoliticalShare, b.PoliticalShare) && a.IsPolitical == b.IsPolitical && a.Lang == b.Lang
        && a.Topics.SequenceEqual(b.Topics) && a.Extra.Count == b.Extra.Count
        && a.Extra.All(kv => b.Extra.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private void Remember(ImportReport report)
    {
        var list = _reports.GetOrAdd(report.Graph, g => _store?.LoadReports(g, ReportsKept).Reverse().ToList() ?? []);
        lock (list)
        {
            if (list.Count == 0 || list[^1].BatchId != report.BatchId) list.Add(report);
            if (list.Count > ReportsKept) list.RemoveRange(0, list.Count - ReportsKept);
        }
    }
}
