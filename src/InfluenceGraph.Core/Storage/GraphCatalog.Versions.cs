namespace InfluenceGraph.Core.Storage;

public sealed partial class GraphCatalog
{
    /// <summary>How many old versions (not the current ones) are kept in memory once rebuilt, across all graphs.</summary>
    /// <remarks>
    /// Memory policy: the current version of every graph is always in memory; an old version is rebuilt from the
    /// store's history on first use (O(n + m)) and kept in a least-recently-used cache of this many entries, so a
    /// comparison of two versions, or paging through an old ranking, rebuilds each version once.
    /// </remarks>
    public const int OldVersionCacheSize = 4;

    private readonly LinkedList<GraphState> _oldVersions = new();
    private readonly object _oldVersionsGate = new();

    /// <summary>
    /// The recorded versions of <paramref name="name"/>, oldest first (see <see cref="IGraphStore.LoadVersionHistory"/>).
    /// A catalog without a store records no history: the list then holds only the current version.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No graph of that name.</exception>
    public IReadOnlyList<GraphVersionInfo> Versions(string name)
    {
        var current = Get(name) ?? throw new KeyNotFoundException($"No graph named '{name}'.");
        var list = _store?.LoadVersionHistory(name) ?? [];
        if (list.Count == 0 || list[^1].Version != current.Version)
        {
            // A graph created before history was kept, or a catalog without a store: the current version is still a version.
            var l = list.Where(v => v.Version < current.Version).ToList();
            l.Add(new GraphVersionInfo(current.Version, current.LastImportAt ?? current.CreatedAt, null, "current",
                current.Snapshot.NodeCount, current.Snapshot.EdgeCount));
            return l;
        }
        return list;
    }

    /// <summary>
    /// The network of <paramref name="state"/> as it stood at <paramref name="seconds"/> (epoch seconds, UTC): its edges with a
    /// time at or before it (<see cref="Graph.EdgeTimes.AsOf"/>), as a state with <see cref="GraphState.AsOf"/> set. Rebuilt on
    /// first use (O(n + m log d)) and kept in the same least-recently-used cache as old versions (<see cref="OldVersionCacheSize"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The state's graph has no edge times.</exception>
    public GraphState AsOf(GraphState state, long seconds)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Snapshot.HasEdgeTimes) throw new ArgumentException($"Graph '{state.Name}' version {state.Version} has no edge times.", nameof(state));
        lock (_oldVersionsGate)
        {
            for (var node = _oldVersions.First; node is not null; node = node.Next)
            {
                var v = node.Value;
                if (v.Name == state.Name && v.Version == state.Version && v.AsOf == seconds && v.CreatedAt == state.CreatedAt)
                {
                    _oldVersions.Remove(node);
                    _oldVersions.AddFirst(node);
                    return v;
                }
            }
        }
        var at = state with { Snapshot = Graph.EdgeTimes.AsOf(state.Snapshot, seconds), AsOf = seconds };
        lock (_oldVersionsGate)
        {
            _oldVersions.AddFirst(at);
            while (_oldVersions.Count > OldVersionCacheSize) _oldVersions.RemoveLast();
        }
        return at;
    }

    /// <summary>
    /// Version <paramref name="version"/> of graph <paramref name="name"/>: the current state when it is the current
    /// version, else rebuilt from the store's history (cached, see <see cref="OldVersionCacheSize"/>).
    /// </summary>
    /// <returns>The state, or null when the graph exists but that version is not recorded (older than the history, or in the future).</returns>
    /// <exception cref="KeyNotFoundException">No graph of that name.</exception>
    public GraphState? GetVersion(string name, long version)
    {
        var current = Get(name) ?? throw new KeyNotFoundException($"No graph named '{name}'.");
        if (version == current.Version) return current;
        if (version > current.Version || version < 0 || _store is null) return null;
        lock (_oldVersionsGate)
        {
            for (var node = _oldVersions.First; node is not null; node = node.Next)
            {
                if (node.Value.Name == name && node.Value.Version == version && node.Value.AsOf is null && node.Value.CreatedAt == current.CreatedAt)
                {
                    _oldVersions.Remove(node);
                    _oldVersions.AddFirst(node);
                    return node.Value;
                }
            }
        }
        var state = _store.LoadVersion(name, version);
        if (state is null) return null;
        lock (_oldVersionsGate)
        {
            _oldVersions.AddFirst(state);
            while (_oldVersions.Count > OldVersionCacheSize) _oldVersions.RemoveLast();
        }
        return state;
    }
}
