using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

public sealed partial class GraphCatalog
{
    /// <summary>Reports of the recent batches of <paramref name="graph"/> (applied or not), newest first, at most 100.</summary>
    public IReadOnlyList<ImportReport> Reports(string graph) => _history.Recent(graph);

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
    /// <exception cref="GraphWriteConflictException">Another process deleted or rewrote this graph (other than by an import, which waits for the graph's cross-process writer lock) during this batch; nothing applied.</exception>
    public ImportReport ImportEdges(string graph, Stream content, EdgeImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        return RunBatch(graph, content, options, batch => batch.Edges(content, options, progress, cancellationToken), cancellationToken);
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
    /// <exception cref="GraphWriteConflictException">Another process deleted or rewrote this graph (other than by an import, which waits for the graph's cross-process writer lock) during this batch; nothing applied.</exception>
    public ImportReport ImportAccounts(string graph, Stream content, AccountImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        return RunBatch(graph, content, options, batch => batch.Accounts(content, options, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs one batch under the graph's write lock, on the latest stored state: the batch decides the
    /// outcome (<see cref="ImportBatch"/>); a change is written to the store in one transaction, then
    /// swapped in; the report is recorded either way.
    /// </summary>
    /// <exception cref="ArgumentException">The graph name is invalid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> or <paramref name="options"/> is null.</exception>
    private ImportReport RunBatch(string graph, Stream content, object options, Func<ImportBatch, BatchOutcome> run, CancellationToken cancellationToken)
    {
        ValidateName(graph);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        lock (WriteLock(graph))
        {
            using var crossProcess = AcquireWriterLock(graph, cancellationToken); // other processes' imports of this graph wait, then this one runs on their version
            SyncFromStore(graph); // another process may have written this graph since we loaded it
            var outcome = run(new ImportBatch(graph, Get(graph)));
            if (outcome.Commit is null) return _history.RecordWithoutChange(outcome.Report);
            InfluenceGraph.Core.Import.ImportTrace.Mark("after build: attributes, next state");
            long? id = _store?.Commit(outcome.Commit);
            _graphs[graph] = outcome.Commit.State;
            return _history.RecordCommitted(outcome.Report, id);
        }
    }

    /// <summary>The store's cross-process writer lock of <paramref name="graph"/> (see <see cref="SqliteGraphStore.AcquireWriterLock"/>), or null.</summary>
    private IDisposable? AcquireWriterLock(string graph, CancellationToken cancellationToken) =>
        _store is SqliteGraphStore sqlite ? sqlite.AcquireWriterLock(graph, cancellationToken) : null;
}
