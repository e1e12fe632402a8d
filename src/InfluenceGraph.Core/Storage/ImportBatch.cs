using System.Diagnostics;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// What one import batch does to one graph, decided without touching the catalog or the store: the
/// batch is rejected (nothing applied), changes nothing (recorded, version kept), or yields the next
/// <see cref="GraphState"/> with the <see cref="GraphCommit"/> that writes it.
/// </summary>
/// <param name="Report">The batch report (without its batch id, which the store or the catalog assigns).</param>
/// <param name="Commit">The change to write and swap in, or null when nothing changes (rejected or unchanged).</param>
internal sealed record BatchOutcome(ImportReport Report, GraphCommit? Commit);

/// <summary>
/// Applies one parsed batch to the current state of a graph: the rejection rules, the "nothing new"
/// rule, the next state and the report, shared by edge and account batches.
/// </summary>
/// <remarks>
/// Pure with respect to the catalog: it reads the state it was given and returns a
/// <see cref="BatchOutcome"/>; <see cref="GraphCatalog"/> holds the graph's write lock around it,
/// writes the commit in one transaction, then swaps the state in. So a batch is applied whole or
/// not at all. The elapsed time in the report runs from construction (before parsing) to the outcome.
/// </remarks>
internal sealed class ImportBatch
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _graph;
    private readonly GraphState? _current;

    /// <summary>Starts a batch on graph <paramref name="graph"/> whose current state is <paramref name="current"/> (null: the graph does not exist yet).</summary>
    public ImportBatch(string graph, GraphState? current)
    {
        _graph = graph;
        _current = current;
    }

    /// <summary>
    /// Reads a batch of follower edges (<see cref="GraphCatalog.ImportEdges"/>): append builds on the
    /// current snapshot (node ids kept), replace from the batch alone; node attributes carried by graph
    /// formats are merged into the account attributes.
    /// </summary>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public BatchOutcome Edges(Stream content, EdgeImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var old = _current;
        bool append = options.Mode == ImportMode.Append && old is not null;
        var buildOptions = old?.Snapshot.BuildOptions ?? GraphBuildOptions.Default;
        var builder = append ? GraphBuilder.From(old!.Snapshot) : new GraphBuilder(buildOptions);
        long rowsBefore = builder.EdgeRowCount;
        ImportTrace.Mark("start");
        var parsed = EdgeImport.Read(content, options, builder, progress, cancellationToken);
        ImportTrace.Mark("parse");
        var report = Report("edges", options.SourceName, parsed.Format, options.Mode, parsed.RowsRead, parsed.RejectedCount, parsed.Rejections) with
        {
            SelfLoops = parsed.SelfLoops,
            SelfLoopsKept = buildOptions.SelfLoops == SelfLoopPolicy.Keep,
            BelowMinWeight = parsed.BelowMinWeight,
            EdgeTimes = parsed.Timed,
        };
        // Never wipe a graph with a batch of nothing but rejects.
        if (MustReject(parsed.RejectedCount, options.OnError, options.Mode, nothingUsable: parsed.RejectedCount == parsed.RowsRead))
            return Rejected(report);
        cancellationToken.ThrowIfCancellationRequested();

        var snapshot = builder.Build(forceWeighted: append && old!.Snapshot.IsWeighted);
        ImportTrace.Mark("build");
        long oldEdges = append ? old!.Snapshot.EdgeCount : 0;
        long newRows = builder.EdgeRowCount - rowsBefore;
        long dropped = buildOptions.SelfLoops == SelfLoopPolicy.Drop ? parsed.SelfLoops : 0;
        long added = snapshot.EdgeCount - oldEdges;
        int keptAccounts = append ? old!.Snapshot.NodeCount : 0;

        var attrs = CopyAttributes(old, clear: false);
        var changed = new List<AccountAttributes>();
        foreach (var a in parsed.NodeAttributes)
        {
            var before = attrs.GetValueOrDefault(a.Account);
            var merged = AccountRecordMapper.Merge(before, a);
            if (before is not null && SameAttributes(before, merged)) continue;
            attrs[a.Account] = merged;
            changed.Add(merged);
        }
        if (append && added == 0 && snapshot.NodeCount == keptAccounts && changed.Count == 0 && snapshot.IsWeighted == old!.Snapshot.IsWeighted
            && SameTimes(snapshot, old.Snapshot))
            return Unchanged(report with { DuplicatesSkipped = Math.Max(0, newRows - dropped) }); // e.g. the same file imported again

        return Changed(report with { EdgesAdded = added, DuplicatesSkipped = Math.Max(0, newRows - dropped - added), AccountsUpdated = changed.Count },
            snapshot, attrs, keptAccounts, edgesChanged: true, changed, replaceAttributes: false);
    }

    /// <summary>
    /// Reads a batch of account attributes (<see cref="GraphCatalog.ImportAccounts"/>): append merges
    /// into the current attributes, replace drops them first; accounts that are not nodes keep their
    /// attributes without joining the network unless <see cref="AccountImportOptions.AddMissingAccounts"/>.
    /// </summary>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public BatchOutcome Accounts(Stream content, AccountImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var old = _current;
        var parsed = AccountImport.Read(content, options, progress, cancellationToken);
        var report = Report("accounts", options.SourceName, parsed.Format, options.Mode, parsed.RowsRead, parsed.RejectedCount, parsed.Rejections);
        // Never wipe the attributes with a batch of nothing but rejects.
        if (MustReject(parsed.RejectedCount, options.OnError, options.Mode, nothingUsable: parsed.Accounts.Count == 0))
            return Rejected(report);
        cancellationToken.ThrowIfCancellationRequested();

        var snapshot = old?.Snapshot ?? new GraphBuilder().Build();
        int keptAccounts = snapshot.NodeCount;
        long joined = parsed.Accounts.LongCount(a => snapshot.TryGetNode(a.Account, out _));
        report = report with
        {
            AccountsJoined = joined,
            KeyColumn = parsed.KeyColumn,
            JoinHint = joined == 0 && parsed.Accounts.Count > 0 && snapshot.NodeCount > 0 ? JoinHints.Suggest(snapshot, parsed, options.StripAt) : null,
        };
        if (options.AddMissingAccounts && parsed.Accounts.Any(a => !snapshot.TryGetNode(a.Account, out _)))
        {
            var builder = GraphBuilder.From(snapshot);
            foreach (var a in parsed.Accounts) builder.AddAccount(a.Account);
            snapshot = builder.Build(forceWeighted: snapshot.IsWeighted);
        }
        bool replace = options.Mode == ImportMode.Replace;
        var attrs = CopyAttributes(old, clear: replace);
        var changed = new Dictionary<string, AccountAttributes>(StringComparer.Ordinal);
        long notInGraph = 0;
        foreach (var a in parsed.Accounts)
        {
            var merged = AccountRecordMapper.Merge(attrs.GetValueOrDefault(a.Account), a);
            attrs[a.Account] = merged;
            changed[a.Account] = merged;
            if (!snapshot.TryGetNode(a.Account, out _)) notInGraph++;
        }
        report = report with { AccountsNotInGraph = notInGraph };
        if (old is not null && !replace && snapshot.NodeCount == keptAccounts
            && changed.Values.All(c => old.Attributes.TryGetValue(c.Account, out var was) && SameAttributes(was, c)))
            return Unchanged(report with { AccountsUpdated = 0 });

        // A new graph stores its (empty) edge set; otherwise only the attributes (and added accounts) are written.
        return Changed(report with { AccountsUpdated = parsed.Accounts.Count },
            snapshot, attrs, keptAccounts, edgesChanged: old is null, changed.Values, replaceAttributes: replace);
    }

    /// <summary>The report fields every batch fills from its parse.</summary>
    private ImportReport Report(string kind, string? source, ImportFormat format, ImportMode mode, long rowsRead, long rejectedCount, IReadOnlyList<ImportRejection> rejections) => new()
    {
        Graph = _graph,
        Kind = kind,
        Source = source,
        Format = format,
        Mode = mode,
        RowsRead = rowsRead,
        RejectedCount = rejectedCount,
        Rejections = rejections,
    };

    /// <summary>A batch with rejected rows is not applied under <see cref="OnErrorPolicy.Fail"/>, nor when it would replace the graph with nothing.</summary>
    private static bool MustReject(long rejectedCount, OnErrorPolicy onError, ImportMode mode, bool nothingUsable) =>
        rejectedCount > 0 && (onError == OnErrorPolicy.Fail || (nothingUsable && mode == ImportMode.Replace));

    private static Dictionary<string, AccountAttributes> CopyAttributes(GraphState? old, bool clear) =>
        old is null || clear
            ? new Dictionary<string, AccountAttributes>(StringComparer.Ordinal)
            : new Dictionary<string, AccountAttributes>(old.Attributes, StringComparer.Ordinal);

    private BatchOutcome Rejected(ImportReport report) =>
        new(report with { Applied = false, VersionAfter = _current?.Version ?? 0, Elapsed = _clock.Elapsed }, null);

    /// <summary>A good batch that changes nothing: recorded as applied, the version and the snapshot stay (caches keyed by the version remain valid).</summary>
    private BatchOutcome Unchanged(ImportReport report) =>
        new(report with { Applied = true, VersionAfter = _current!.Version, Elapsed = _clock.Elapsed }, null);

    /// <summary>The next state (version + 1, or version 1 for a new graph) and the commit that writes it.</summary>
    private BatchOutcome Changed(ImportReport report, GraphSnapshot snapshot, IReadOnlyDictionary<string, AccountAttributes> attributes,
        int keptAccounts, bool edgesChanged, IReadOnlyCollection<AccountAttributes> changed, bool replaceAttributes)
    {
        var state = GraphCatalog.NextState(_graph, _current, snapshot, attributes, DateTimeOffset.UtcNow);
        report = report with
        {
            Applied = true,
            AccountsAdded = snapshot.NodeCount - keptAccounts,
            VersionAfter = state.Version,
            Elapsed = _clock.Elapsed,
        };
        return new(report, new GraphCommit(state, keptAccounts, edgesChanged, changed, replaceAttributes, report, _current?.Version ?? -1));
    }

    /// <summary>Same edge times (both none, or equal per edge of the same CSR layout).</summary>
    /// <summary>True when two graphs of the same accounts and edges carry the same edge times (or both none).</summary>
    private static bool SameTimes(GraphSnapshot a, GraphSnapshot b)
    {
        if (a.HasEdgeTimes != b.HasEdgeTimes) return false;
        if (!a.HasEdgeTimes) return true;
        for (int u = 0; u < a.NodeCount; u++)
            if (!a.FolloweeTimes(u).SequenceEqual(b.FolloweeTimes(u))) return false;
        return true;
    }

    /// <summary>Value equality of two attribute records (topics in order, extra columns as a set of pairs).</summary>
    private static bool SameAttributes(AccountAttributes a, AccountAttributes b) =>
        a.Account == b.Account && a.DisplayName == b.DisplayName && a.Posts == b.Posts && a.PoliticalPosts == b.PoliticalPosts
        && Nullable.Equals(a.PoliticalShare, b.PoliticalShare) && a.IsPolitical == b.IsPolitical && a.Lang == b.Lang
        && a.Topics.SequenceEqual(b.Topics) && a.Extra.Count == b.Extra.Count
        && a.Extra.All(kv => b.Extra.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
