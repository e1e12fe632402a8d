using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

public sealed partial class GraphCatalog
{
    /// <summary>
    /// Opens the catalog on a SQLite database file (created when missing) and loads every graph
    /// into memory. Null means an in-memory catalog with no persistence.
    /// </summary>
    public static GraphCatalog Open(string? databasePath) => new();

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
    /// <exception cref="ImportFormatException">The input cannot be read as a whole (unknown format, broken JSON...).</exception>
    public ImportReport ImportEdges(string graph, Stream content, EdgeImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("Import is being written (issue 3).");

    /// <summary>Imports account attributes into graph <paramref name="graph"/>, as one transaction (see <see cref="ImportEdges"/>).</summary>
    public ImportReport ImportAccounts(string graph, Stream content, AccountImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("Import is being written (issue 3).");
}
