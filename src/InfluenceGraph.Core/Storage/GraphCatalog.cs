using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// The named graphs held in memory, each as an immutable <see cref="GraphState"/> that is replaced
/// atomically (readers holding an old state keep a consistent view).
/// </summary>
/// <remarks>
/// Thread-safe. Writers to the same graph are serialised by a per-graph lock; readers never block.
/// With a store (<see cref="Open"/> on a database path) every change is written in one transaction
/// before the new state is swapped in, so memory and database agree and a restart reloads the
/// same graphs; without one (<c>new GraphCatalog()</c>, <c>Open(null)</c>) the catalog lives in memory only.
/// </remarks>
public sealed partial class GraphCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, GraphState> _graphs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _writeLocks = new(StringComparer.Ordinal);
    private readonly IGraphStore? _store;
    private readonly ImportHistory _history;

    /// <summary>An in-memory catalog with no persistence.</summary>
    public GraphCatalog() : this(null) { }

    /// <summary>A catalog over <paramref name="store"/> (null = in memory), loading every stored graph.</summary>
    /// <param name="store">The store; owned (disposed) by the catalog.</param>
    public GraphCatalog(IGraphStore? store)
    {
        _store = store;
        _history = new ImportHistory(store);
        if (store is null) return;
        foreach (var state in store.LoadAll()) _graphs[state.Name] = state;
    }

    /// <summary>
    /// Opens the catalog on a SQLite database file (created when missing, with its folder) and loads
    /// every graph into memory. Null means an in-memory catalog with no persistence.
    /// </summary>
    /// <param name="databasePath">The SQLite file (see <see cref="SqliteGraphStore"/>), or null.</param>
    /// <param name="durability">How commits reach the disk (<see cref="StoreDurability.Full"/> by default; ignored in memory).</param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file exists but is not a usable SQLite database.</exception>
    /// <exception cref="InvalidDataException">The stored graphs are inconsistent.</exception>
    public static GraphCatalog Open(string? databasePath, StoreDurability durability = StoreDurability.Full) =>
        databasePath is null ? new GraphCatalog() : new GraphCatalog(new SqliteGraphStore(databasePath, durability));

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

    /// <summary>Where the graphs are persisted (the SQLite file path), or null for an in-memory catalog.</summary>
    public string? DatabasePath => _store?.Location;

    /// <summary>Closes the store (the in-memory graphs stay readable).</summary>
    public void Dispose() => _store?.Dispose();

    /// <summary>All graphs, ordered by name.</summary>
    public IReadOnlyList<GraphState> List() => _graphs.Values.OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

    /// <summary>The current state of graph <paramref name="name"/>, or null when there is none.</summary>
    public GraphState? Get(string name) => _graphs.TryGetValue(name, out var g) ? g : null;

    /// <summary>Creates an empty graph (version 0).</summary>
    /// <param name="name">1-64 characters of <c>[A-Za-z0-9._-]</c>.</param>
    /// <param name="options">Duplicate/self-loop policy of the graph; null = defaults (a set, self-loops kept).</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="InvalidOperationException">A graph with that name exists (in memory, or in the database, created by another process).</exception>
    public GraphState Create(string name, GraphBuildOptions? options = null)
    {
        ValidateName(name);
        var snapshot = new GraphBuilder(options).Build();
        var state = new GraphState(name, 0, snapshot, new Dictionary<string, AccountAttributes>(), DateTimeOffset.UtcNow, null);
        lock (WriteLock(name))
        {
            SyncFromStore(name);
            if (_graphs.ContainsKey(name)) throw new InvalidOperationException($"A graph named '{name}' already exists.");
            _store?.Commit(new GraphCommit(state, 0, true, null, true, null, ExpectedVersion: -1));
            _graphs[name] = state;
        }
        return state;
    }

    /// <summary>Removes a graph (and, with a store, everything stored with it). Returns false when there was none.</summary>
    public bool Delete(string name)
    {
        lock (WriteLock(name))
        {
            bool stored = _store?.Delete(name) ?? false;
            _history.Forget(name);
            return _graphs.TryRemove(name, out _) || stored;
        }
    }

    /// <summary>
    /// Atomically replaces the state of <paramref name="name"/> with <paramref name="snapshot"/> and
    /// <paramref name="attributes"/> (null keeps the current attributes), bumping the version by one.
    /// Creates the graph when it does not exist.
    /// </summary>
    /// <returns>The new state.</returns>
    /// <remarks>With a store, the whole graph is rewritten in one transaction before the swap.</remarks>
    /// <exception cref="InvalidOperationException">With a store: another process wrote this graph during the call (nothing written); changes made earlier are reloaded first.</exception>
    public GraphState Publish(string name, GraphSnapshot snapshot, IReadOnlyDictionary<string, AccountAttributes>? attributes = null)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (WriteLock(name))
        {
            SyncFromStore(name);
            var old = Get(name);
            var state = NextState(name, old, snapshot, attributes ?? old?.Attributes ?? new Dictionary<string, AccountAttributes>(), DateTimeOffset.UtcNow);
            _store?.Commit(new GraphCommit(state, 0, true, null, true, null, ExpectedVersion: old?.Version ?? -1));
            _graphs[name] = state;
            return state;
        }
    }

    /// <summary>
    /// The state that follows <paramref name="current"/> (version + 1, same creation time) with a new
    /// snapshot and attributes, last changed at <paramref name="now"/>; version 1 created at
    /// <paramref name="now"/> when the graph does not exist yet.
    /// </summary>
    internal static GraphState NextState(string name, GraphState? current, GraphSnapshot snapshot, IReadOnlyDictionary<string, AccountAttributes> attributes, DateTimeOffset now) =>
        current is null
            ? new GraphState(name, 1, snapshot, attributes, now, now)
            : current with { Version = current.Version + 1, Snapshot = snapshot, Attributes = attributes, LastImportAt = now };

    /// <summary>The lock that serialises writers of graph <paramref name="name"/>.</summary>
    internal object WriteLock(string name) => _writeLocks.GetOrAdd(name, _ => new object());

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is 1-64 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || !NameRegex().IsMatch(name))
            throw new ArgumentException($"Invalid graph name '{name}': use 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'.", nameof(name));
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NameRegex();
}
