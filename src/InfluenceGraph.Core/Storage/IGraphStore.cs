using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// Durable storage of the named graphs behind <see cref="GraphCatalog"/>: accounts, edges, account
/// attributes and the reports of import batches. Every write is one transaction: after a crash the
/// store is at the state before or after that write, never between.
/// </summary>
/// <remarks>One implementation today, <see cref="SqliteGraphStore"/>; a server database can be added behind this interface.</remarks>
public interface IGraphStore : IDisposable
{
    /// <summary>Where the data lives (a file path for SQLite).</summary>
    string Location { get; }

    /// <summary>Loads every graph (snapshot, attributes, version, timestamps).</summary>
    IReadOnlyList<GraphState> LoadAll();

    /// <summary>Loads one graph, or null when the store has none of that name.</summary>
    GraphState? Load(string name);

    /// <summary>
    /// The stored version of every graph, by name: a cheap query that must not wait for another
    /// writer's transaction, used to notice changes made by other processes sharing the store.
    /// </summary>
    IReadOnlyDictionary<string, long> LoadVersions();

    /// <summary>Recent batch reports of <paramref name="graph"/>, newest first (at most <paramref name="limit"/>).</summary>
    IReadOnlyList<ImportReport> LoadReports(string graph, int limit);

    /// <summary>Writes <paramref name="commit"/> in one transaction and returns the batch id assigned to its report (0 without report).</summary>
    /// <exception cref="InvalidOperationException">
    /// <see cref="GraphCommit.ExpectedVersion"/> is set and the stored graph is at another version
    /// (another process changed it since this catalog loaded it); nothing is written.
    /// </exception>
    long Commit(GraphCommit commit);

    /// <summary>Records the report of a batch that changed nothing (rejected rows with onError=fail); returns its id.</summary>
    long RecordReport(ImportReport report);

    /// <summary>
    /// The graph's recorded versions, oldest first: every committed version since the store began keeping
    /// history (a graph created before that starts at the first version committed after it). Empty when none.
    /// </summary>
    IReadOnlyList<GraphVersionInfo> LoadVersionHistory(string graph);

    /// <summary>
    /// Rebuilds version <paramref name="version"/> of <paramref name="graph"/> from the history (accounts,
    /// edges, weights and attributes as they were right after that version was committed), or null when the
    /// graph or that version is not recorded.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored history is damaged.</exception>
    GraphState? LoadVersion(string graph, long version);

    /// <summary>Removes a graph and everything stored with it. Returns false when there was none.</summary>
    bool Delete(string name);
}

/// <summary>One atomic change of a graph, as written by <see cref="IGraphStore.Commit"/>.</summary>
/// <param name="State">The graph's new state (snapshot, attributes, version, timestamps).</param>
/// <param name="KeptAccounts">
/// Accounts of the stored graph whose node ids are unchanged (the new accounts are
/// <c>KeptAccounts .. NodeCount-1</c>); 0 rewrites every account (replace, publish).
/// </param>
/// <param name="EdgesChanged">Rewrite the edges (false for attribute-only batches).</param>
/// <param name="ChangedAttributes">Attributes to insert or overwrite; null when <paramref name="ReplaceAttributes"/> writes them all.</param>
/// <param name="ReplaceAttributes">Delete every stored attribute of the graph and write <c>State.Attributes</c>.</param>
/// <param name="Report">The batch report to record with the change, or null.</param>
/// <param name="ExpectedVersion">
/// Optimistic concurrency: the version the store must hold before the write (-1 = the graph must
/// not exist yet), or null to write unconditionally.
/// </param>
public sealed record GraphCommit(
    GraphState State,
    int KeptAccounts,
    bool EdgesChanged,
    IReadOnlyCollection<AccountAttributes>? ChangedAttributes,
    bool ReplaceAttributes,
    ImportReport? Report,
    long? ExpectedVersion = null);

/// <summary>One recorded version of a graph, as listed by <see cref="IGraphStore.LoadVersionHistory"/>.</summary>
/// <param name="Version">The version number (1 = first import).</param>
/// <param name="CommittedAt">When it was committed (UTC).</param>
/// <param name="BatchId">The import batch that made it, or null (a published demo graph).</param>
/// <param name="Kind">What made it: the batch kind (<c>edges</c>, <c>accounts</c>...) or <c>publish</c>.</param>
/// <param name="Accounts">Number of accounts in that version.</param>
/// <param name="Edges">Number of follows in that version.</param>
public sealed record GraphVersionInfo(long Version, DateTimeOffset CommittedAt, long? BatchId, string Kind, int Accounts, long Edges);
