using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using Microsoft.Data.Sqlite;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// How hard a committed batch is pushed to the disk (SQLite's <c>synchronous</c> setting in WAL mode).
/// Either way a killed process never leaves a half-applied batch; they differ on power loss or an
/// operating-system crash.
/// </summary>
public enum StoreDurability
{
    /// <summary>
    /// <c>synchronous=FULL</c> (default): the write-ahead log is flushed (fsync) at every commit, so a
    /// batch reported as applied survives a power failure.
    /// </summary>
    Full,
    /// <summary>
    /// <c>synchronous=NORMAL</c>: the log is flushed only at checkpoints; a power failure can lose the
    /// last committed batches (the database stays consistent). Faster for many small batches.
    /// </summary>
    Normal,
}

/// <summary>
/// A write of graph <see cref="Graph"/> was based on a version that another process (or catalog) has
/// replaced, created or deleted meanwhile; nothing of it was applied. Imports take the graph's
/// cross-process writer lock, so they do not meet this; other writes that race may.
/// </summary>
/// <param name="graph">The graph name.</param>
/// <param name="message">What happened.</param>
public sealed class GraphWriteConflictException(string graph, string message) : InvalidOperationException(message)
{
    /// <summary>The graph name.</summary>
    public string Graph { get; } = graph;
}

/// <summary>
/// <see cref="IGraphStore"/> on an embedded SQLite database (Microsoft.Data.Sqlite), in WAL mode.
/// </summary>
/// <remarks>
/// <para>Tables: <c>graphs</c> (name, version, policies, counts, timestamps), <c>accounts</c> (graph,
/// node id, canonical handle), <c>edges</c> (graph, chunk, <c>pairs</c> blob of little-endian int32
/// <c>follower, followee</c> node ids in CSR order, <c>weights</c> blob of float64 or null; at most
/// 1,048,576 edges per chunk, so any number of edges fits in blobs of 8 MiB), <c>attributes</c> (graph, account,
/// JSON), <c>batches</c> (id, graph, kind, applied, finished_at, report JSON), <c>versions</c> (one row per
/// version: counts, and for each part it changed an empty blob whose content is in <c>version_pieces</c>; stores
/// written before pieces existed hold the whole compressed part there instead, and are still read),
/// <c>version_pieces</c> (graph, version, part, piece, data: a part's byte stream zlib-compressed in pieces of at
/// most 16 MiB uncompressed, see <see cref="VersionBlobs"/>). Edges are stored compactly (8 bytes each) so a reload
/// reads a few blobs and rebuilds the chunked CSR arrays (<see cref="EdgeChunks"/>) in O(n + m) without sorting;
/// no count is 32-bit, so graphs past 2^31 edges store and reload, and no blob nears SQLite's 10^9-byte limit.</para>
/// <para>Each <see cref="Commit"/> is one transaction: a kill in the middle leaves the database at the
/// state before it (SQLite's write-ahead log). Thread-safe (one connection, calls serialised).</para>
/// </remarks>
public sealed class SqliteGraphStore : IGraphStore
{
    /// <summary>Edges per stored row of the <c>edges</c> table (tests set it tiny).</summary>
    internal int ChunkEdges { get; set; } = 1 << 20;

    /// <summary>Largest uncompressed piece of a version part (tests set it tiny).</summary>
    internal int VersionPieceBytes { get; set; } = VersionBlobs.PieceBytes;

    /// <summary>Chunk size of the snapshots this store loads (see <see cref="EdgeChunks"/>; tests set it tiny).</summary>
    internal int MaxChunkEdges { get; set; } = EdgeChunks.DefaultMaxChunkEdges;

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SqliteConnection _db;
    private readonly object _gate = new();
    private readonly string _connectionString;
    private readonly object _readGate = new();
    private SqliteConnection? _readDb; // readers' connection: in WAL mode it never waits for a writer's transaction
    private readonly int _faultDelayMs;

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> and its schema.</summary>
    /// <param name="path">Database file; its folder is created when missing.</param>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    public SqliteGraphStore(string path) : this(path, readOnly: false) { }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> with a durability level.</summary>
    /// <param name="path">Database file; its folder is created when missing.</param>
    /// <param name="durability">How commits reach the disk (default <see cref="StoreDurability.Full"/>).</param>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    public SqliteGraphStore(string path, StoreDurability durability) : this(path, readOnly: false, durability) { }

    /// <summary>
    /// Opens the database at <paramref name="path"/>; with <paramref name="readOnly"/> the connection
    /// is opened with <c>Mode=ReadOnly</c> (for commands that only read, on a file the user may not
    /// write, e.g. chmod 0444): nothing is created, and every write (<see cref="Commit"/>,
    /// <see cref="RecordReport"/>, <see cref="Delete"/>) throws a <see cref="SqliteException"/>
    /// ("attempt to write a readonly database").
    /// </summary>
    /// <param name="path">Database file (read-only: it must exist).</param>
    /// <param name="readOnly">Open without write access.</param>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="readOnly"/> and the file does not exist.</exception>
    public SqliteGraphStore(string path, bool readOnly) : this(path, readOnly, StoreDurability.Full) { }

    private SqliteGraphStore(string path, bool readOnly, StoreDurability durability)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Location = Path.GetFullPath(path);
        IsReadOnly = readOnly;
        if (readOnly && !File.Exists(Location)) throw new FileNotFoundException($"The database {Location} does not exist.", Location);
        string? dir = Path.GetDirectoryName(Location);
        if (!readOnly && !string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // A WAL database opened read-only still needs its -shm file; in a folder the user cannot
        // write, it cannot be created, so the file is opened as immutable (no locking, no -shm):
        // nobody can be writing it there anyway.
        bool immutable = readOnly && !File.Exists(Location + "-shm") && !CanCreateIn(dir);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? new Uri(Location).AbsoluteUri + "?immutable=1" : Location, Pooling = false, DefaultTimeout = 60,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        _db = new SqliteConnection(_connectionString);
        _db.Open();
        if (readOnly)
        {
            Exec("PRAGMA busy_timeout=60000;");
            return;
        }
        Exec("PRAGMA journal_mode=WAL;");
        Durability = durability;
        Exec(durability == StoreDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Exec("PRAGMA busy_timeout=60000;");
        Exec("""
            CREATE TABLE IF NOT EXISTS graphs(
              name TEXT PRIMARY KEY, version INTEGER NOT NULL, created_at TEXT NOT NULL, last_import_at TEXT,
              duplicate_edges TEXT NOT NULL, self_loops TEXT NOT NULL,
              node_count INTEGER NOT NULL, edge_count INTEGER NOT NULL, edge_rows_read INTEGER NOT NULL, weighted INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS accounts(graph TEXT NOT NULL, node INTEGER NOT NULL, handle TEXT NOT NULL, PRIMARY KEY(graph, node)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS edges(graph TEXT NOT NULL, chunk INTEGER NOT NULL, pairs BLOB NOT NULL, weights BLOB, UNIQUE(graph, chunk));
            CREATE TABLE IF NOT EXISTS attributes(graph TEXT NOT NULL, account TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY(graph, account)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS batches(id INTEGER PRIMARY KEY AUTOINCREMENT, graph TEXT NOT NULL, kind TEXT NOT NULL, applied INTEGER NOT NULL, finished_at TEXT NOT NULL, report TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS batches_graph ON batches(graph, id);
            CREATE TABLE IF NOT EXISTS versions(
              graph TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, batch_id INTEGER, kind TEXT NOT NULL,
              duplicate_edges TEXT NOT NULL, self_loops TEXT NOT NULL, node_count INTEGER NOT NULL, edge_count INTEGER NOT NULL,
              edge_rows_read INTEGER NOT NULL, weighted INTEGER NOT NULL,
              edges BLOB, weights BLOB, handles BLOB, attributes BLOB,
              PRIMARY KEY(graph, version)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS version_pieces(graph TEXT NOT NULL, version INTEGER NOT NULL, part TEXT NOT NULL, piece INTEGER NOT NULL, data BLOB NOT NULL,
              UNIQUE(graph, version, part, piece));
            """);
        // Edge times (seconds since the epoch, one long per edge), added to stores created before they existed.
        foreach (var table in new[] { "edges", "versions" })
        {
            using var q = Cmd($"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'times'");
            if ((long)q.ExecuteScalar()! == 0) Exec($"ALTER TABLE {table} ADD COLUMN times BLOB");
        }
        // Test hook for the kill-midway test: pause after each edge chunk written inside the transaction.
        _faultDelayMs = int.TryParse(Environment.GetEnvironmentVariable("INFLUENCEGRAPH_STORE_CHUNK_DELAY_MS"), out int d) ? d : 0;
    }

    private static bool CanCreateIn(string? dir)
    {
        if (string.IsNullOrEmpty(dir)) return false;
        string probe = Path.Combine(dir, ".ig-write-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (UnauthorizedAccessException) { return false; }
        catch (IOException) { return false; }
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// Takes the cross-process writer lock of graph <paramref name="graph"/>: an exclusive lock
    /// (<c>flock</c> on Unix, a share-none open on Windows) on <c>{database}-locks/{graph}.lock</c>, held
    /// until disposed. Imports of one graph by different processes (the CLI and the API) or different
    /// catalogs then run one after the other, each on the version the previous one committed, instead
    /// of the second failing at commit time. The lock dies with its process. Waits (polling every
    /// 50 ms) until it is free or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <returns>The held lock, or null when none can be taken (read-only database, lock folder not writable).</returns>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public IDisposable? AcquireWriterLock(string graph, CancellationToken cancellationToken = default)
    {
        if (IsReadOnly) return null;
        string dir = Location + "-locks";
        string path = Path.Combine(dir, graph + ".lock");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); }
            catch (UnauthorizedAccessException) { return null; }
            catch (IOException) { }
            cancellationToken.WaitHandle.WaitOne(50);
        }
    }

    /// <summary>The durability level of commits (see <see cref="StoreDurability"/>).</summary>
    public StoreDurability Durability { get; private set; } = StoreDurability.Full;

    /// <summary>The <c>synchronous</c> setting of the connection as SQLite reports it (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).</summary>
    public long SynchronousSetting()
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous;";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>True when opened with <c>Mode=ReadOnly</c>.</summary>
    public bool IsReadOnly { get; }

    /// <inheritdoc />
    public IReadOnlyList<GraphState> LoadAll() => LoadStates(null);

    /// <inheritdoc />
    public GraphState? Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LoadStates(name) is [var state] ? state : null;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> LoadVersions()
    {
        lock (_readGate)
        {
            if (_readDb is null)
            {
                var db = new SqliteConnection(_connectionString);
                db.Open();
                using (var pragma = db.CreateCommand())
                {
                    pragma.CommandText = "PRAGMA busy_timeout=60000;";
                    pragma.ExecuteNonQuery();
                }
                _readDb = db;
            }
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            using var cmd = _readDb.CreateCommand();
            cmd.CommandText = "SELECT name, version FROM graphs";
            using var r = cmd.ExecuteReader();
            while (r.Read()) versions[r.GetString(0)] = r.GetInt64(1);
            return versions;
        }
    }

    /// <summary>
    /// Receives the wall time of each phase of a load on this thread (<c>accounts</c>, <c>edges</c>, <c>csr</c>, then
    /// <c>attributes_after_snapshot</c>: the wait for the attributes, read meanwhile on a second connection, once the
    /// snapshot is read), for the reload profile of the benchmarks; null = not timed.
    /// </summary>
    [ThreadStatic] internal static Action<string, TimeSpan>? LoadPhaseTimings;

    /// <summary>Loads every graph, or only <paramref name="only"/>, inside one read transaction (a consistent view while other processes write).</summary>
    private List<GraphState> LoadStates(string? only)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: true);
            var rows = new List<(string Name, long Version, DateTimeOffset Created, DateTimeOffset? Last, GraphBuildOptions Options, int Nodes, long Edges, long RowsRead, bool Weighted)>();
            using (var cmd = only is null
                ? Cmd("SELECT name, version, created_at, last_import_at, duplicate_edges, self_loops, node_count, edge_count, edge_rows_read, weighted FROM graphs ORDER BY name", tx)
                : Cmd("SELECT name, version, created_at, last_import_at, duplicate_edges, self_loops, node_count, edge_count, edge_rows_read, weighted FROM graphs WHERE name = $n", tx, ("$n", only)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    var options = new GraphBuildOptions(Enum.Parse<DuplicateEdgePolicy>(r.GetString(4)), Enum.Parse<SelfLoopPolicy>(r.GetString(5)));
                    rows.Add((r.GetString(0), r.GetInt64(1), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                        r.IsDBNull(3) ? null : DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture),
                        options, checked((int)r.GetInt64(6)), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9) != 0));
                }
            }
            var states = new List<GraphState>(rows.Count);
            foreach (var g in rows)
            {
                // The attributes are read on a second connection while this one reads the snapshot: two cores busy instead of
                // one (a reload at 10^8 follows spent about half its time on attributes). That connection's view is checked
                // against this transaction's (same version, creation and last import of the graph); when a writer committed
                // in between, its result is dropped and the attributes are read here, in this transaction, as before.
                var timings = LoadPhaseTimings;
                var beside = Task.Run(() => LoadAttributesBeside(g.Name, g.Version, g.Created, g.Last));
                GraphSnapshot snapshot;
                try { snapshot = LoadSnapshot(g.Name, g.Options, g.Nodes, g.Edges, g.RowsRead, g.Weighted, tx); }
                catch
                {
                    try { beside.Wait(); } catch (AggregateException) { } // its own connection is closed by then
                    throw;
                }
                var clock = Stopwatch.StartNew();
                var attrs = beside.GetAwaiter().GetResult() ?? LoadAttributes(g.Name, tx);
                timings?.Invoke("attributes_after_snapshot", clock.Elapsed); // what the attributes add once the snapshot is read
                states.Add(new GraphState(g.Name, g.Version, snapshot, attrs, g.Created, g.Last));
            }
            tx.Commit();
            return states;
        }
    }

    private GraphSnapshot LoadSnapshot(string name, GraphBuildOptions options, int nodes, long edges, long rowsRead, bool weighted, SqliteTransaction tx)
    {
        var clock = Stopwatch.StartNew();
        var index = new AccountIndex(nodes);
        // The handles go from SQLite's UTF-8 text straight into the index's byte blob: no string per account.
        using (var cmd = Cmd("SELECT node, CAST(handle AS BLOB) FROM accounts WHERE graph = $g ORDER BY node", tx, ("$g", name)))
        using (var r = cmd.ExecuteReader())
        {
            byte[] buffer = new byte[256];
            while (r.Read())
            {
                long node = r.GetInt64(0);
                int length = r.IsDBNull(1) ? 0 : checked((int)r.GetBytes(1, 0, null, 0, 0));
                if (length > buffer.Length) buffer = new byte[Math.Max(length, 2 * buffer.Length)];
                if (length > 0) r.GetBytes(1, 0, buffer, 0, length);
                int id;
                try { id = index.InternExactUtf8(buffer.AsSpan(0, length)); }
                catch (ArgumentException e) { throw new InvalidDataException($"Store {Location}: graph '{name}': account row {node}: {e.Message}", e); }
                if (id != node)
                    throw new InvalidDataException($"Store {Location}: graph '{name}': account rows are not dense 0..n-1 or repeat a handle (node {node}).");
            }
        }
        if (index.Count != nodes) throw new InvalidDataException($"Store {Location}: graph '{name}' has {index.Count} account rows, expected {nodes}.");
        LoadPhaseTimings?.Invoke("accounts", clock.Elapsed);
        clock.Restart();
        bool hasTimes = HasColumn("edges", "times", tx);
        if (hasTimes)
        {
            using var q = Cmd("SELECT EXISTS(SELECT 1 FROM edges WHERE graph = $g AND times IS NOT NULL)", tx, ("$g", name));
            hasTimes = (long)q.ExecuteScalar()! != 0;
        }
        // Rows are read one at a time into a chunked CSR (any number of edges; no 32-bit count).
        var writer = new ChunkedCsrWriter(nodes, weighted, hasTimes, MaxChunkEdges, v => index[v], edges);
        using (var cmd = Cmd(hasTimes ? "SELECT pairs, weights, times FROM edges WHERE graph = $g ORDER BY chunk" : "SELECT pairs, weights FROM edges WHERE graph = $g ORDER BY chunk", tx, ("$g", name)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                byte[] pairs = (byte[])r.GetValue(0);
                ReadOnlySpan<int> ints = MemoryMarshal.Cast<byte, int>(pairs);
                int k = ints.Length / 2;
                if (writer.EdgeCount + k > edges) throw new InvalidDataException($"Store {Location}: graph '{name}' has more edges than its count {edges}.");
                ReadOnlySpan<double> w = weighted && !r.IsDBNull(1) ? MemoryMarshal.Cast<byte, double>((byte[])r.GetValue(1)) : default;
                ReadOnlySpan<long> times = hasTimes && !r.IsDBNull(2) ? MemoryMarshal.Cast<byte, long>((byte[])r.GetValue(2)) : default;
                if (!w.IsEmpty && w.Length != k) throw new InvalidDataException($"Store {Location}: graph '{name}' has an edge chunk whose weights do not match its edges.");
                if (!times.IsEmpty && times.Length != k) throw new InvalidDataException($"Store {Location}: graph '{name}' has an edge chunk whose times do not match its edges.");
                for (int i = 0; i < k; i++)
                    writer.Append(ints[2 * i], ints[2 * i + 1], w.IsEmpty ? 1.0 : w[i], times.IsEmpty ? GraphSnapshot.NoTime : times[i]);
            }
        }
        if (writer.EdgeCount != edges) throw new InvalidDataException($"Store {Location}: graph '{name}' has {writer.EdgeCount} stored edges, expected {edges}.");
        LoadPhaseTimings?.Invoke("edges", clock.Elapsed);
        clock.Restart();
        index.Freeze();
        var snapshot = new GraphSnapshot(index, options, writer.Finish(MaxChunkEdges), null, rowsRead);
        LoadPhaseTimings?.Invoke("csr", clock.Elapsed);
        return snapshot;
    }

    /// <summary>True when <paramref name="table"/> has <paramref name="column"/> (a read-only store may predate it).</summary>
    private bool HasColumn(string table, string column, SqliteTransaction? tx)
    {
        using var q = Cmd($"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $c", tx, ("$c", column));
        return (long)q.ExecuteScalar()! > 0;
    }

    /// <summary>The compressed pieces of one version part, in order, read lazily (a missing piece is an error).</summary>
    private IEnumerable<byte[]> ReadPieces(string graph, long version, string part, SqliteTransaction tx)
    {
        using var q = Cmd("SELECT piece, data FROM version_pieces WHERE graph = $g AND version = $v AND part = $p ORDER BY piece", tx, ("$g", graph), ("$v", version), ("$p", part));
        using var r = q.ExecuteReader();
        long expected = 0;
        while (r.Read())
        {
            if (r.GetInt64(0) != expected)
                throw new InvalidDataException($"Store {Location}: graph '{graph}' version {version}: piece {expected} of its {part} is missing.");
            expected++;
            yield return (byte[])r.GetValue(1);
        }
    }

    /// <summary>Called on the second connection's thread once its read transaction has begun (tests: a writer commits there).</summary>
    internal static Action? AttributesBesideStarted;

    /// <summary>
    /// The attributes of <paramref name="name"/> read on a connection of their own, in a read transaction that must see the
    /// graph as the caller's does (same <paramref name="version"/>, creation time and last import); null when it does not
    /// (the graph was written in between), so that the caller reads them in its own transaction.
    /// </summary>
    private Dictionary<string, AccountAttributes>? LoadAttributesBeside(string name, long version, DateTimeOffset created, DateTimeOffset? last)
    {
        using var db = new SqliteConnection(_connectionString);
        db.Open();
        using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=60000;";
            pragma.ExecuteNonQuery();
        }
        using var tx = db.BeginTransaction(deferred: true);
        AttributesBesideStarted?.Invoke();
        using (var q = db.CreateCommand())
        {
            q.Transaction = tx;
            q.CommandText = "SELECT version, created_at, last_import_at FROM graphs WHERE name = $n";
            q.Parameters.AddWithValue("$n", name);
            using var r = q.ExecuteReader();
            if (!r.Read() || r.GetInt64(0) != version
                || DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture) != created
                || (r.IsDBNull(2) ? null : DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)) != last)
                return null;
        }
        var attributes = LoadAttributes(name, tx);
        tx.Commit();
        return attributes;
    }

    /// <summary>A command on <paramref name="tx"/>'s connection inside it.</summary>
    private static SqliteCommand On(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = tx.Connection!.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd;
    }

    /// <summary>Rows of attributes parsed together on the pool while the next ones are read.</summary>
    private const int AttributeBatchRows = 8192;

    /// <summary>One batch of attribute rows: the keys and JSON bytes read, then the records parsed (or the parse errors).</summary>
    private sealed class AttributeBatch(int size)
    {
        public readonly string[] Keys = new string[size];
        public readonly byte[][] Data = new byte[size][];
        public readonly AccountAttributes?[] Parsed = new AccountAttributes?[size];
        public readonly Exception?[] Errors = new Exception?[size];
        public int Count;

        /// <summary>Parses every row's JSON (in parallel for a full batch); an error is kept for its row, not thrown.</summary>
        public void Parse()
        {
            void One(int i)
            {
                try { Parsed[i] = JsonSerializer.Deserialize<AccountAttributes>(Data[i], Json); }
                catch (Exception e) { Errors[i] = e; }
            }
            if (Count >= 256) Parallel.For(0, Count, One);
            else for (int i = 0; i < Count; i++) One(i);
        }
    }

    /// <summary>
    /// The attribute records of graph <paramref name="name"/>, in the table's order (as before: the dictionary's order is
    /// the rows'). The rows are read on this thread (SQLite) in batches of <see cref="AttributeBatchRows"/>; each full
    /// batch's JSON is parsed on the pool straight from its UTF-8 bytes while the next batch is read, then its records are
    /// added in row order (a row that does not parse fails the load with its error, the first in row order, as before).
    /// Each record is made compact as it is added: the key is the record's own account string (not a second copy),
    /// topics and languages are shared strings of a per-graph vocabulary in an array of the exact length, and an empty
    /// extra-column map is the one shared <see cref="AccountAttributes.NoExtra"/>. Same values, same order, fewer objects
    /// (about 490 B per account before, 230 B after, on the benchmark's attribute file: see the scale documentation).
    /// </summary>
    private Dictionary<string, AccountAttributes> LoadAttributes(string name, SqliteTransaction tx)
    {
        int count;
        using (var c = On(tx, "SELECT COUNT(*) FROM attributes WHERE graph = $g", ("$g", name)))
            count = checked((int)(long)c.ExecuteScalar()!);
        var attrs = new Dictionary<string, AccountAttributes>(count, StringComparer.Ordinal);
        var vocabulary = new Dictionary<string, string>(StringComparer.Ordinal);
        int size = Math.Min(Math.Max(count, 1), AttributeBatchRows);
        var current = new AttributeBatch(size);
        AttributeBatch? spare = count > size ? new AttributeBatch(size) : null;
        Task? parsing = null;
        AttributeBatch? parsed = null;

        void Add(AttributeBatch b)
        {
            for (int i = 0; i < b.Count; i++)
            {
                if (b.Errors[i] is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                var a = b.Parsed[i] ?? throw new InvalidDataException($"Store {Location}: graph '{name}': null attributes for '{b.Keys[i]}'.");
                a = Compact(a, vocabulary);
                attrs[string.Equals(a.Account, b.Keys[i], StringComparison.Ordinal) ? a.Account : b.Keys[i]] = a;
                b.Parsed[i] = null;
                b.Data[i] = null!;
                b.Keys[i] = null!;
            }
            b.Count = 0;
        }

        void Finish()
        {
            if (parsing is null) return;
            parsing.GetAwaiter().GetResult();
            Add(parsed!);
            spare = parsed;
            parsing = null;
        }

        using (var cmd = On(tx, "SELECT account, CAST(data AS BLOB) FROM attributes WHERE graph = $g", ("$g", name)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                current.Keys[current.Count] = r.GetString(0);
                current.Data[current.Count] = r.IsDBNull(1) ? "null"u8.ToArray() : (byte[])r.GetValue(1);
                if (++current.Count < size) continue;
                Finish(); // the batch before: parsed meanwhile, added now (row order)
                var full = current;
                parsing = Task.Run(full.Parse);
                parsed = full;
                current = spare ?? new AttributeBatch(size);
                spare = null;
            }
        }
        Finish();
        current.Parse();
        Add(current);
        return attrs;
    }

    /// <summary>
    /// <paramref name="a"/> with its topics and language taken from <paramref name="vocabulary"/> (one string per distinct
    /// value in the graph) in an exact-length array, and an empty extra-column map replaced by the shared empty one.
    /// </summary>
    private static AccountAttributes Compact(AccountAttributes a, Dictionary<string, string> vocabulary)
    {
        string Shared(string s)
        {
            if (vocabulary.TryGetValue(s, out var known)) return known;
            vocabulary[s] = s;
            return s;
        }
        string[] topics = a.Topics.Count == 0 ? [] : new string[a.Topics.Count];
        for (int i = 0; i < topics.Length; i++) topics[i] = Shared(a.Topics[i]);
        return a with
        {
            Topics = topics,
            Lang = a.Lang is null ? null : Shared(a.Lang),
            Extra = a.Extra.Count == 0 ? AccountAttributes.NoExtra : a.Extra,
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<ImportReport> LoadReports(string graph, int limit)
    {
        lock (_gate)
        {
            var list = new List<ImportReport>();
            using var cmd = Cmd("SELECT id, report FROM batches WHERE graph = $g ORDER BY id DESC LIMIT $n", ("$g", graph), ("$n", limit));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var rep = JsonSerializer.Deserialize<ImportReport>(r.GetString(1), Json);
                if (rep is not null) list.Add(rep with { BatchId = r.GetInt64(0) });
            }
            return list;
        }
    }

    /// <inheritdoc />
    public long Commit(GraphCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var s = commit.State;
        var snap = s.Snapshot;
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the version check and the write are one unit
            if (commit.ExpectedVersion is { } expected)
            {
                using var q = Cmd("SELECT version FROM graphs WHERE name = $n", tx, ("$n", s.Name));
                long stored = q.ExecuteScalar() is long v ? v : -1;
                if (stored != expected)
                    throw new GraphWriteConflictException(s.Name, stored < 0
                        ? $"Graph '{s.Name}' was deleted from {Location} by another process; reopen the catalog and retry."
                        : expected < 0
                            ? $"Graph '{s.Name}' was created in {Location} by another process; reopen the catalog and retry."
                            : $"Graph '{s.Name}' was changed in {Location} by another process (stored version {stored}, this catalog has {expected}); reopen the catalog and retry.");
            }
            Exec("""
                INSERT INTO graphs(name, version, created_at, last_import_at, duplicate_edges, self_loops, node_count, edge_count, edge_rows_read, weighted)
                VALUES($n, $v, $c, $l, $d, $s, $nc, $ec, $er, $w)
                ON CONFLICT(name) DO UPDATE SET version = $v, last_import_at = $l, duplicate_edges = $d, self_loops = $s,
                  node_count = $nc, edge_count = $ec, edge_rows_read = $er, weighted = $w
                """, tx,
                ("$n", s.Name), ("$v", s.Version), ("$c", s.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
                ("$l", s.LastImportAt?.ToString("O", CultureInfo.InvariantCulture)),
                ("$d", snap.BuildOptions.DuplicateEdges.ToString()), ("$s", snap.BuildOptions.SelfLoops.ToString()),
                ("$nc", snap.NodeCount), ("$ec", snap.EdgeCount), ("$er", snap.EdgeRowsRead), ("$w", snap.IsWeighted ? 1 : 0));

            int kept = Math.Clamp(commit.KeptAccounts, 0, snap.NodeCount);
            // The version's edge and handle pieces are encoded and compressed on other threads from here on, and stored
            // as they come between the account and edge rows below (the same pieces as one thread: VersionPiecesTests).
            using var version = new VersionWriter(this, commit, kept, tx);
            if (kept == 0) Exec("DELETE FROM accounts WHERE graph = $g", tx, ("$g", s.Name));
            else Exec("DELETE FROM accounts WHERE graph = $g AND node >= $k", tx, ("$g", s.Name), ("$k", kept));
            if (kept < snap.NodeCount) WriteAccounts(s.Name, snap.Accounts, kept, snap.NodeCount, version.StoreReady);

            InfluenceGraph.Core.Import.ImportTrace.Mark("store: account rows");
            if (commit.EdgesChanged) WriteEdges(s.Name, snap, tx, version.StoreReady);
            InfluenceGraph.Core.Import.ImportTrace.Mark("store: edge rows");

            if (commit.ReplaceAttributes)
            {
                Exec("DELETE FROM attributes WHERE graph = $g", tx, ("$g", s.Name));
                WriteAttributes(s.Name, s.Attributes.Values, tx);
            }
            else if (commit.ChangedAttributes is { Count: > 0 } changed)
            {
                WriteAttributes(s.Name, changed, tx);
            }

            long id = 0;
            if (commit.Report is { } report) id = InsertReport(report, tx);
            version.Finish(id);
            // A snapshot fresh from GraphBuilder.Build derives its in-edges in the background: wait for them before the
            // commit, so a failure there (an account with too many followers, out of memory) rolls the batch back.
            _ = snap.InEdgeChunks;
            InfluenceGraph.Core.Import.ImportTrace.Mark("store: attributes, version pieces");
            tx.Commit();
            InfluenceGraph.Core.Import.ImportTrace.Mark("store: commit");
            return id;
        }
    }

    /// <summary>
    /// Appends the version row of a commit to the history: its counts, and each part (edges, weights, times, handles,
    /// attributes) that the commit changed, or every part when the graph has no history yet. A part left null is the same
    /// as in the version before; a written part goes to version_pieces (zlib pieces, <see cref="VersionBlobs.WritePieces"/>)
    /// and its column in versions holds an empty blob ("in pieces").
    /// </summary>
    /// <remarks>
    /// Built at the start of the commit's transaction: it removes any pieces of this version left in the table and starts
    /// one thread that writes the parts made from the snapshot (edges, weights, times, handles: the varint encoding) into
    /// <see cref="VersionBlobs.WritePieces"/> (compression on the thread pool), handing each compressed piece over through
    /// a queue of at most <see cref="ReadyPieces"/> pieces. The commit's thread stores the ready pieces whenever it calls
    /// <see cref="StoreReady"/> (between account rows and edge rows), the rest in <see cref="Finish"/>, then the attributes
    /// part (which the commit may still change) and the versions row. So the version's encoding and compression run beside
    /// the row writes instead of after them; the stored pieces are the same bytes, numbered the same, as one thread's.
    /// Disposing it before <see cref="Finish"/> (an error in the transaction) stops the producing thread and waits for it.
    /// </remarks>
    private sealed class VersionWriter : IDisposable
    {
        /// <summary>Compressed pieces waiting for the commit's thread at most (each at most a piece's bytes, 16 MiB; typically a third of it).</summary>
        internal const int ReadyPieces = 2;

        private readonly SqliteGraphStore _store;
        private readonly GraphCommit _commit;
        private readonly SqliteTransaction _tx;
        private readonly bool _edges, _handles, _attrs;
        private readonly SqliteCommand _ins;
        private readonly SqliteParameter _part, _index, _data;
        private readonly System.Collections.Concurrent.BlockingCollection<(string Part, int Index, byte[] Data)>? _ready;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task? _producer;

        public VersionWriter(SqliteGraphStore store, GraphCommit commit, int kept, SqliteTransaction tx)
        {
            _store = store;
            _commit = commit;
            _tx = tx;
            var s = commit.State;
            var snap = s.Snapshot;
            bool first;
            using (var q = store.Cmd("SELECT COUNT(*) FROM versions WHERE graph = $g AND version < $v", tx, ("$g", s.Name), ("$v", s.Version)))
                first = (long)q.ExecuteScalar()! == 0;
            _edges = first || commit.EdgesChanged;
            _handles = first || kept < snap.NodeCount || kept == 0;
            _attrs = first || commit.ReplaceAttributes || commit.ChangedAttributes is { Count: > 0 };
            store.Exec("DELETE FROM version_pieces WHERE graph = $g AND version = $v", tx, ("$g", s.Name), ("$v", s.Version));
            _ins = store.Cmd("INSERT INTO version_pieces(graph, version, part, piece, data) VALUES($g, $v, $p, $i, $d)", tx, ("$g", s.Name), ("$v", s.Version));
            _part = _ins.Parameters.Add("$p", SqliteType.Text);
            _index = _ins.Parameters.Add("$i", SqliteType.Integer);
            _data = _ins.Parameters.Add("$d", SqliteType.Blob);

            var parts = new List<(string Part, Action<Stream> Writer)>();
            if (_edges) parts.Add(("edges", z => VersionBlobs.WriteEdges(snap, z)));
            if (_edges && snap.IsWeighted) parts.Add(("weights", z => VersionBlobs.WriteWeights(snap, z)));
            if (_handles) parts.Add(("handles", z => VersionBlobs.WriteHandles(snap.Accounts, z)));
            if (_edges && snap.HasEdgeTimes) parts.Add(("times", z => VersionBlobs.WriteTimes(snap, z)));
            if (parts.Count == 0) return;
            var ready = _ready = new(ReadyPieces);
            int pieceBytes = store.VersionPieceBytes;
            var token = _stop.Token;
            _producer = Task.Factory.StartNew(() =>
            {
                try
                {
                    foreach (var (part, writer) in parts)
                        VersionBlobs.WritePieces(writer, (i, data) => ready.Add((part, i, data), token), pieceBytes);
                }
                finally { ready.CompleteAdding(); }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Stores the pieces compressed so far (never waits for one).</summary>
        public void StoreReady()
        {
            if (_ready is null) return;
            while (_ready.TryTake(out var p)) Store(p);
        }

        /// <summary>Stores every remaining piece (waiting for the producing thread), the attributes part, then the versions row.</summary>
        /// <exception cref="Exception">Whatever the producing thread threw (the transaction is then not committed).</exception>
        public void Finish(long batchId)
        {
            if (_ready is not null)
            {
                foreach (var p in _ready.GetConsumingEnumerable()) Store(p);
                _producer!.GetAwaiter().GetResult();
            }
            var s = _commit.State;
            var snap = s.Snapshot;
            byte[]? attributes = null;
            if (_attrs)
            {
                _part.Value = "attributes";
                VersionBlobs.WritePieces(z => VersionBlobs.WriteAttributes(s.Attributes.Values, Json, z),
                    (i, data) => { _index.Value = i; _data.Value = data; _ins.ExecuteNonQuery(); }, _store.VersionPieceBytes);
                attributes = [];
            }
            byte[]? InPieces(bool written) => written ? [] : null;
            _store.Exec("""
                INSERT OR REPLACE INTO versions(graph, version, created_at, batch_id, kind, duplicate_edges, self_loops, node_count, edge_count,
                  edge_rows_read, weighted, edges, weights, handles, attributes, times)
                VALUES($g, $v, $c, $b, $k, $d, $s, $nc, $ec, $er, $w, $E, $W, $H, $A, $T)
                """, _tx,
                ("$g", s.Name), ("$v", s.Version), ("$c", (s.LastImportAt ?? s.CreatedAt).ToString("O", CultureInfo.InvariantCulture)),
                ("$b", batchId == 0 ? null : batchId), ("$k", _commit.Report?.Kind ?? "publish"),
                ("$d", snap.BuildOptions.DuplicateEdges.ToString()), ("$s", snap.BuildOptions.SelfLoops.ToString()),
                ("$nc", snap.NodeCount), ("$ec", snap.EdgeCount), ("$er", snap.EdgeRowsRead), ("$w", snap.IsWeighted ? 1 : 0),
                ("$E", InPieces(_edges)), ("$W", InPieces(_edges && snap.IsWeighted)), ("$H", InPieces(_handles)),
                ("$A", attributes), ("$T", InPieces(_edges && snap.HasEdgeTimes)));
        }

        private void Store((string Part, int Index, byte[] Data) p)
        {
            _part.Value = p.Part;
            _index.Value = p.Index;
            _data.Value = p.Data;
            _ins.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { _producer?.Wait(); }
            catch (AggregateException) { } // cancelled, or failed: Finish reported it, or the transaction failed first
            _ready?.Dispose();
            _stop.Dispose();
            _ins.Dispose();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<GraphVersionInfo> LoadVersionHistory(string graph)
    {
        lock (_gate)
        {
            var list = new List<GraphVersionInfo>();
            using var cmd = Cmd("SELECT version, created_at, batch_id, kind, node_count, edge_count FROM versions WHERE graph = $g ORDER BY version", ("$g", graph));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(new GraphVersionInfo(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
                    r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), checked((int)r.GetInt64(4)), r.GetInt64(5)));
            return list;
        }
    }

    /// <inheritdoc />
    public GraphState? LoadVersion(string graph, long version)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: true);
            DateTimeOffset createdAt;
            using (var q = Cmd("SELECT created_at FROM graphs WHERE name = $g", tx, ("$g", graph)))
            {
                if (q.ExecuteScalar() is not string c) return null;
                createdAt = DateTimeOffset.Parse(c, CultureInfo.InvariantCulture);
            }
            GraphBuildOptions options; int nodes; long edges, rowsRead; bool weighted; DateTimeOffset at;
            using (var q = Cmd("SELECT duplicate_edges, self_loops, node_count, edge_count, edge_rows_read, weighted, created_at FROM versions WHERE graph = $g AND version = $v", tx, ("$g", graph), ("$v", version)))
            using (var r = q.ExecuteReader())
            {
                if (!r.Read()) return null;
                options = new GraphBuildOptions(Enum.Parse<DuplicateEdgePolicy>(r.GetString(0)), Enum.Parse<SelfLoopPolicy>(r.GetString(1)));
                nodes = checked((int)r.GetInt64(2)); edges = r.GetInt64(3); rowsRead = r.GetInt64(4); weighted = r.GetInt64(5) != 0;
                at = DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture);
            }
            // A part is in the latest version row at or before this one that wrote it: a whole compressed blob (stores
            // written before pieces), or an empty blob whose content is in version_pieces.
            Stream Open(long stored, string part, byte[] blob)
                => blob.Length > 0 ? VersionBlobs.OpenWhole(blob) : VersionBlobs.OpenPieces(ReadPieces(graph, stored, part, tx));
            Stream Part(string column)
            {
                using var q = Cmd($"SELECT version, {column} FROM versions WHERE graph = $g AND version <= $v AND {column} IS NOT NULL ORDER BY version DESC LIMIT 1", tx, ("$g", graph), ("$v", version));
                using var r = q.ExecuteReader();
                if (!r.Read()) throw new InvalidDataException($"Store {Location}: graph '{graph}' version {version}: no stored {column} at or before it.");
                return Open(r.GetInt64(0), column, (byte[])r.GetValue(1));
            }
            List<string> handles;
            using (var hs = Part("handles")) handles = VersionBlobs.ReadHandles(hs);
            if (handles.Count != nodes) throw new InvalidDataException($"Store {Location}: graph '{graph}' version {version} has {handles.Count} handles, expected {nodes}.");
            var index = new AccountIndex(nodes);
            foreach (var h in handles) index.Intern(h);
            handles = null!;
            // Weights and times belong to the edges row they were written with (null there: none).
            bool hasTimes = HasColumn("versions", "times", tx);
            long edgesVersion;
            byte[] edgesBlob;
            byte[]? weightsBlob, timesBlob;
            using (var q = Cmd($"SELECT version, edges, weights, {(hasTimes ? "times" : "NULL")} FROM versions WHERE graph = $g AND version <= $v AND edges IS NOT NULL ORDER BY version DESC LIMIT 1", tx, ("$g", graph), ("$v", version)))
            using (var r = q.ExecuteReader())
            {
                if (!r.Read()) throw new InvalidDataException($"Store {Location}: graph '{graph}' version {version}: no stored edges at or before it.");
                edgesVersion = r.GetInt64(0);
                edgesBlob = (byte[])r.GetValue(1);
                weightsBlob = r.IsDBNull(2) ? null : (byte[])r.GetValue(2);
                timesBlob = r.IsDBNull(3) ? null : (byte[])r.GetValue(3);
            }
            if (weighted && weightsBlob is null) throw new InvalidDataException($"Store {Location}: graph '{graph}' version {version} is weighted but has no stored weights.");
            EdgeChunks outEdges;
            using (var es = Open(edgesVersion, "edges", edgesBlob))
            using (var ws = weighted ? Open(edgesVersion, "weights", weightsBlob!) : null)
            using (var ts = timesBlob is null ? null : Open(edgesVersion, "times", timesBlob))
                outEdges = VersionBlobs.ReadEdges(es, ws, ts, nodes, edges, MaxChunkEdges, v => index[v]);
            Dictionary<string, AccountAttributes> attributes;
            using (var a = Part("attributes")) attributes = VersionBlobs.ReadAttributes(a, Json);
            tx.Commit();
            index.Freeze();
            var snapshot = new GraphSnapshot(index, options, outEdges, null, rowsRead);
            return new GraphState(graph, version, snapshot, attributes, createdAt, at);
        }
    }

    /// <summary>
    /// Inserts the account rows <c>(graph, node, handle)</c> of ids <paramref name="from"/>..<paramref name="to"/>-1 inside
    /// the open transaction, through one prepared SQLite statement driven directly (SQLitePCL): each handle is bound as
    /// the index's own UTF-8 bytes (TEXT), with no string and no parameter object per row: the same rows as binding each
    /// name as a .NET string (a handle whose bytes are not valid UTF-8, which the index never holds, is bound as its decoded
    /// string, as before). At 3.4 million accounts this took 5.7 s through Microsoft.Data.Sqlite's parameters.
    /// </summary>
    /// <exception cref="SqliteException">SQLite refused a row (the message is SQLite's).</exception>
    private void WriteAccounts(string graph, AccountIndex accounts, int from, int to, Action between)
    {
        var db = _db.Handle!;
        int rc = SQLitePCL.raw.sqlite3_prepare_v2(db, "INSERT INTO accounts(graph, node, handle) VALUES(?1, ?2, ?3)", out var stmt);
        if (rc != SQLitePCL.raw.SQLITE_OK) throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        using (stmt)
        {
            Check(SQLitePCL.raw.sqlite3_bind_text(stmt, 1, graph));
            for (int i = from; i < to; i++)
            {
                var utf8 = accounts.GetUtf8(i);
                Check(SQLitePCL.raw.sqlite3_bind_int64(stmt, 2, i));
                Check(System.Text.Unicode.Utf8.IsValid(utf8)
                    ? SQLitePCL.raw.sqlite3_bind_text(stmt, 3, utf8)
                    : SQLitePCL.raw.sqlite3_bind_text(stmt, 3, accounts[i]));
                rc = SQLitePCL.raw.sqlite3_step(stmt);
                if (rc != SQLitePCL.raw.SQLITE_DONE) throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
                Check(SQLitePCL.raw.sqlite3_reset(stmt));
                if ((i & 0x3FFF) == 0) between();
            }
        }

        void Check(int code)
        {
            if (code != SQLitePCL.raw.SQLITE_OK) throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), code);
        }
    }

    private void WriteEdges(string name, GraphSnapshot snap, SqliteTransaction tx, Action between)
    {
        Exec("DELETE FROM edges WHERE graph = $g", tx, ("$g", name));
        using var ins = Cmd("INSERT INTO edges(graph, chunk, pairs, weights, times) VALUES($g, $c, $p, $w, $t)", tx);
        ins.Parameters.AddWithValue("$g", name);
        var pt = ins.Parameters.Add("$t", SqliteType.Blob);
        var pc = ins.Parameters.Add("$c", SqliteType.Integer);
        var pp = ins.Parameters.Add("$p", SqliteType.Blob);
        var pw = ins.Parameters.Add("$w", SqliteType.Blob);
        // Rows of at most ChunkEdges edges in CSR order, whatever the snapshot's own chunking (a row may span accounts
        // and snapshot chunks): 8 MiB of pairs per row, far below SQLite's blob limit, for any number of edges.
        var pairs = new int[2 * ChunkEdges];
        var weights = snap.IsWeighted ? new double[ChunkEdges] : null;
        var times = snap.HasEdgeTimes ? new long[ChunkEdges] : null;
        int k = 0, chunk = 0;
        // A full row binds the same reused byte arrays (SQLite copies a bound blob), so writing m follows leaves no
        // 8-24 B per follow of garbage behind (at 10^8 follows that garbage was most of the import's peak).
        var fullPairs = new byte[8 * ChunkEdges];
        var fullWeights = weights is null ? null : new byte[8 * ChunkEdges];
        var fullTimes = times is null ? null : new byte[8 * ChunkEdges];
        static byte[] Bytes<T>(T[] from, int count, byte[]? full) where T : struct
        {
            var src = MemoryMarshal.AsBytes(from.AsSpan(0, count));
            if (full is null || src.Length != full.Length) return src.ToArray();
            src.CopyTo(full);
            return full;
        }
        void Flush()
        {
            pc.Value = chunk;
            pp.Value = Bytes(pairs, 2 * k, fullPairs);
            pw.Value = weights is null ? DBNull.Value : Bytes(weights, k, fullWeights);
            pt.Value = times is null ? DBNull.Value : Bytes(times, k, fullTimes);
            ins.ExecuteNonQuery();
            between();
            if (_faultDelayMs > 0)
            {
                Console.Error.WriteLine($"influencegraph-store: edge chunk {chunk} of graph '{name}' written inside the transaction");
                Console.Error.Flush();
                Thread.Sleep(_faultDelayMs);
            }
            chunk++;
            k = 0;
        }
        foreach (var ch in snap.OutEdgeChunks.Chunks)
        {
            for (int u = ch.FirstNode; u < ch.EndNode; u++)
            {
                for (int e = ch.Offsets[u - ch.FirstNode], end = ch.Offsets[u - ch.FirstNode + 1]; e < end; e++)
                {
                    pairs[2 * k] = u;
                    pairs[2 * k + 1] = ch.Targets[e];
                    if (weights is not null) weights[k] = ch.Weights![e];
                    if (times is not null) times[k] = ch.Times![e];
                    if (++k == ChunkEdges) Flush();
                }
            }
        }
        if (k > 0) Flush();
    }

    private void WriteAttributes(string name, IEnumerable<AccountAttributes> attrs, SqliteTransaction tx)
    {
        using var ins = Cmd("INSERT INTO attributes(graph, account, data) VALUES($g, $a, $d) ON CONFLICT(graph, account) DO UPDATE SET data = $d", tx);
        ins.Parameters.AddWithValue("$g", name);
        var pa = ins.Parameters.Add("$a", SqliteType.Text);
        var pd = ins.Parameters.Add("$d", SqliteType.Text);
        ins.Prepare();
        foreach (var a in attrs)
        {
            pa.Value = a.Account;
            pd.Value = JsonSerializer.Serialize(a, Json);
            ins.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public long RecordReport(ImportReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            long id = InsertReport(report, tx);
            tx.Commit();
            return id;
        }
    }

    private long InsertReport(ImportReport report, SqliteTransaction tx)
    {
        using var cmd = Cmd("INSERT INTO batches(graph, kind, applied, finished_at, report) VALUES($g, $k, $a, $f, $r); SELECT last_insert_rowid();", tx,
            ("$g", report.Graph), ("$k", report.Kind), ("$a", report.Applied ? 1 : 0),
            ("$f", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("$r", JsonSerializer.Serialize(report, Json)));
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public bool Delete(string name)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            int n = Exec("DELETE FROM graphs WHERE name = $g", tx, ("$g", name));
            Exec("DELETE FROM accounts WHERE graph = $g", tx, ("$g", name));
            Exec("DELETE FROM edges WHERE graph = $g", tx, ("$g", name));
            Exec("DELETE FROM attributes WHERE graph = $g", tx, ("$g", name));
            Exec("DELETE FROM batches WHERE graph = $g", tx, ("$g", name));
            Exec("DELETE FROM versions WHERE graph = $g", tx, ("$g", name));
            Exec("DELETE FROM version_pieces WHERE graph = $g", tx, ("$g", name));
            tx.Commit();
            return n > 0;
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        lock (_readGate) _readDb?.Dispose();
        lock (_gate)
        {
            _db.Dispose();
        }
    }

    private SqliteCommand Cmd(string sql, params (string Name, object? Value)[] args) => Cmd(sql, null, args);

    private SqliteCommand Cmd(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd;
    }

    private int Exec(string sql, params (string Name, object? Value)[] args) => Exec(sql, null, args);

    private int Exec(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        using var cmd = Cmd(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }
}
