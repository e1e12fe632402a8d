using System.Collections.Concurrent;

namespace InfluenceGraph.Core.Audience;

/// <summary>
/// Scratch memory of one breadth-first search over a graph of <see cref="NodeCount"/> accounts: an
/// epoch-stamped visited array (a node is visited in the current search when its stamp equals
/// <see cref="Epoch"/>, so starting a search costs O(1) instead of clearing n entries) and a queue that
/// ends up holding every visited node in BFS order. Rented from a small pool so that repeated
/// synchronous calls (one audience per request) allocate nothing.
/// </summary>
/// <remarks>Not thread-safe: one search at a time per workspace. About 8 bytes per account
/// (12 with <see cref="Distance"/>, 20 with <see cref="PathCounts"/>).</remarks>
public sealed class AudienceWorkspace
{
    private static readonly ConcurrentDictionary<int, ConcurrentBag<AudienceWorkspace>> Pool = new();
    private const int PoolPerSize = 4;
    private const int MaxSizes = 4;

    private int[]? _distance;
    private long[]? _pathCounts;

    private AudienceWorkspace(int n)
    {
        NodeCount = n;
        Stamp = new int[n];
        Queue = new int[Math.Max(1, n)];
    }

    /// <summary>Number of accounts this workspace serves.</summary>
    public int NodeCount { get; }

    /// <summary>Visited stamps: node v is visited in the current search when <c>Stamp[v] == Epoch</c>.</summary>
    internal int[] Stamp { get; }

    /// <summary>BFS queue; after a search, the visited nodes in visiting order.</summary>
    internal int[] Queue { get; }

    /// <summary>The current search's stamp value (&gt;= 1).</summary>
    internal int Epoch { get; private set; }

    /// <summary>Hop distance of each visited node (valid where the stamp is current).</summary>
    internal int[] Distance => _distance ??= new int[NodeCount];

    /// <summary>Number of shortest chains reaching each visited node, saturating at <see cref="long.MaxValue"/>.</summary>
    internal long[] PathCounts => _pathCounts ??= new long[NodeCount];

    /// <summary>Starts a new search: every node becomes unvisited in O(1) (O(n) once every 2^31 searches).</summary>
    internal int NextEpoch()
    {
        if (Epoch == int.MaxValue)
        {
            Array.Clear(Stamp);
            Epoch = 0;
        }
        return ++Epoch;
    }

    /// <summary>A workspace for a graph of <paramref name="nodeCount"/> accounts, from the pool when one is free.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nodeCount"/> is negative.</exception>
    public static AudienceWorkspace Rent(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        if (Pool.TryGetValue(nodeCount, out var bag) && bag.TryTake(out var w)) return w;
        return new AudienceWorkspace(nodeCount);
    }

    /// <summary>
    /// Gives the workspace back to the pool. At most a few are kept per graph size, for at most
    /// <c>4</c> sizes (a fifth size empties the pool), so the pool never holds more than a few
    /// graphs' worth of scratch memory.
    /// </summary>
    public void Return()
    {
        if (!Pool.ContainsKey(NodeCount) && Pool.Count >= MaxSizes) Pool.Clear();
        var bag = Pool.GetOrAdd(NodeCount, _ => []);
        if (bag.Count < PoolPerSize) bag.Add(this);
    }
}
