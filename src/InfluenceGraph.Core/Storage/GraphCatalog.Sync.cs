namespace InfluenceGraph.Core.Storage;

public sealed partial class GraphCatalog
{
    private int _refreshing;

    /// <summary>
    /// Brings the in-memory graphs in line with the store, for changes made by other processes
    /// sharing the database (the CLI importing while the API runs, a second API instance): graphs
    /// whose stored version differs are reloaded, new ones added, deleted ones removed.
    /// </summary>
    /// <returns>How many graphs were reloaded, added or removed (0 for an in-memory catalog).</returns>
    /// <remarks>
    /// Cost: one small query (name and version of every graph) that never waits for another
    /// writer's transaction, plus a full load of each changed graph. Readers keep the state they
    /// hold; the swap is atomic per graph. Writers of this catalog do the same check for their own
    /// graph before every write, so an import never fails because another process wrote first.
    /// </remarks>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The database cannot be read.</exception>
    public int Refresh()
    {
        if (_store is null) return 0;
        var stored = _store.LoadVersions();
        int changed = 0;
        foreach (var (name, version) in stored)
            if ((!_graphs.TryGetValue(name, out var mem) || mem.Version != version) && SyncFromStore(name)) changed++;
        foreach (var name in _graphs.Keys)
            if (!stored.ContainsKey(name) && SyncFromStore(name)) changed++;
        return changed;
    }

    /// <summary>
    /// Calls <see cref="Refresh"/> every <paramref name="interval"/> on a timer thread until the
    /// returned handle is disposed. For long-lived processes (the API); short commands need not.
    /// </summary>
    /// <param name="interval">Time between two checks, &gt; 0 (e.g. 2 s).</param>
    /// <param name="onError">Receives an exception thrown by a refresh (the timer keeps running); null ignores it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public IDisposable StartAutoRefresh(TimeSpan interval, Action<Exception>? onError = null)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The refresh interval must be positive.");
        return new Timer(_ =>
        {
            if (Interlocked.Exchange(ref _refreshing, 1) == 1) return; // the previous refresh is still running
            try { Refresh(); }
            catch (Exception e) { onError?.Invoke(e); }
            finally { Volatile.Write(ref _refreshing, 0); }
        }, null, interval, interval);
    }

    /// <summary>
    /// Reloads graph <paramref name="name"/> from the store when the stored version differs from the
    /// one in memory (or the graph appeared or disappeared there). Takes the graph's write lock.
    /// </summary>
    /// <returns>True when the in-memory state changed.</returns>
    private bool SyncFromStore(string name)
    {
        if (_store is null) return false;
        lock (WriteLock(name))
        {
            _graphs.TryGetValue(name, out var mem);
            long? stored = _store.LoadVersions().TryGetValue(name, out long v) ? v : null;
            if (stored == mem?.Version) return false;
            _history.Forget(name);
            var fresh = stored is null ? null : _store.Load(name);
            if (fresh is null) return _graphs.TryRemove(name, out _);
            _graphs[name] = fresh;
            return true;
        }
    }
}
