namespace InfluenceGraph.Core.Traversal;

/// <summary>
/// Called once per BFS level, when the level is complete: <paramref name="level"/> is the hop
/// distance (0 = the sources) and <paramref name="nodes"/> the accounts at that distance, valid only
/// during the call. Return false to stop the search (no further level is expanded).
/// </summary>
public delegate bool LevelVisitor(int level, ReadOnlySpan<int> nodes);

/// <summary>How a BFS chooses the direction of each level step (Beamer et al. 2012).</summary>
public enum BfsStrategy
{
    /// <summary>Direction-optimizing: bottom-up when it scans fewer edges than top-down would (see each kernel).</summary>
    Auto,

    /// <summary>Always top-down (expand the frontier's edges).</summary>
    TopDown,

    /// <summary>Always bottom-up (every unreached node looks for a parent in the frontier).</summary>
    BottomUp,
}

/// <summary>
/// Level-synchronous breadth-first search from one or several sources over a
/// <see cref="TraversalGraph"/>, direction-optimizing, with a hop limit and a per-level visitor;
/// one instance per thread, reused for every search.
/// </summary>
/// <remarks>
/// <para>
/// <b>What it gives.</b> After <see cref="Run(ReadOnlySpan{int}, int, LevelVisitor?)"/>: the reached
/// accounts in BFS order (<see cref="Reached"/>, sources first), grouped by hop distance
/// (<see cref="Level"/>), and each account's distance from the nearest source
/// (<see cref="DistanceOf"/>). With the graph built in <see cref="EdgeDirection.In"/>, the accounts
/// within h hops are the h-hop audience of the sources (followers, followers of followers...).
/// </para>
/// <para>
/// <b>Direction-optimizing</b> (S. Beamer, K. Asanović, D. Patterson, "Direction-optimizing
/// breadth-first search", SC 2012, doi:10.1109/SC.2012.50). A top-down step scans the frontier's
/// edges; a bottom-up step scans, for every unreached account, its reverse edges until one comes from
/// the frontier (it stops at the first). With <see cref="BfsStrategy.Auto"/> the search goes
/// bottom-up when the frontier's edges exceed 1/14 of the unreached accounts' reverse edges, and back
/// top-down when the frontier holds fewer than n/24 accounts (the paper's α = 14, β = 24). This pays
/// on graphs with a giant component and small diameter (follower networks), where a few middle levels
/// hold most accounts; the result is the same either way.
/// </para>
/// <para>
/// <b>No clearing.</b> Every account carries a label <c>base + distance</c>; an account is reached in
/// the current search when its label is ≥ the search's base, and each search starts with a base above
/// every label written before. A search costs O(edges scanned + reached), never O(n), except for
/// bottom-up steps (which scan the n labels) and one O(n) reset every ~2³¹/n searches.
/// Memory: 12 bytes per account.
/// </para>
/// </remarks>
public sealed class BreadthFirstSearch
{
    private const int Alpha = 14, Beta = 24;

    private readonly TraversalGraph _g;
    private readonly BfsStrategy _strategy;
    private readonly int[] _label;
    private readonly int[] _queue;
    private int[] _levelStart;
    private int _base = 1;
    private int _levels;
    private int _count;

    /// <summary>Creates the per-thread state for searches over <paramref name="graph"/>.</summary>
    /// <param name="graph">The adjacency to walk (its direction decides followers, followees or ties).</param>
    /// <param name="strategy">Direction choice per level; <see cref="BfsStrategy.Auto"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public BreadthFirstSearch(TraversalGraph graph, BfsStrategy strategy = BfsStrategy.Auto)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _g = graph;
        _strategy = strategy;
        _label = new int[graph.NodeCount];
        _queue = new int[graph.NodeCount];
        _levelStart = new int[16];
    }

    /// <summary>The adjacency searched.</summary>
    public TraversalGraph Graph => _g;

    /// <summary>Accounts reached by the last search, level by level (sources first).</summary>
    public ReadOnlySpan<int> Reached => _queue.AsSpan(0, _count);

    /// <summary>Number of levels of the last search (the sources are level 0; 0 when there was no source).</summary>
    public int LevelCount => _levels;

    /// <summary>The accounts at hop distance <paramref name="level"/> (0 ≤ level &lt; <see cref="LevelCount"/>) in the last search.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 0..LevelCount−1.</exception>
    public ReadOnlySpan<int> Level(int level)
    {
        if ((uint)level >= (uint)_levels) throw new ArgumentOutOfRangeException(nameof(level), level, $"The last search has levels 0..{_levels - 1}.");
        return _queue.AsSpan(_levelStart[level], _levelStart[level + 1] - _levelStart[level]);
    }

    /// <summary>Hops from the nearest source to <paramref name="node"/> in the last search, or −1 when it was not reached.</summary>
    public int DistanceOf(int node) => _label[node] >= _base ? _label[node] - _base : -1;

    /// <summary>True when the last search reached <paramref name="node"/>.</summary>
    public bool IsReached(int node) => _label[node] >= _base;

    /// <summary>Searches from one source; see <see cref="Run(ReadOnlySpan{int}, int, LevelVisitor?)"/>.</summary>
    public int Run(int source, int maxHops = int.MaxValue, LevelVisitor? visitor = null) =>
        Run([source], maxHops, visitor);

    /// <summary>
    /// Searches from every account of <paramref name="sources"/> at once (distance = hops from the
    /// nearest source), up to <paramref name="maxHops"/> hops.
    /// </summary>
    /// <param name="sources">Node ids (repeats are ignored); may be empty.</param>
    /// <param name="maxHops">Accounts farther than this are not reached; ≥ 0 (0 = the sources only).</param>
    /// <param name="visitor">Called after each complete level, level 0 first; returning false stops the search there.</param>
    /// <returns>The number of accounts reached, sources included.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A source is not a node id, or <paramref name="maxHops"/> is negative.</exception>
    public int Run(ReadOnlySpan<int> sources, int maxHops = int.MaxValue, LevelVisitor? visitor = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxHops);
        int n = _g.NodeCount;
        NewSearch();
        int[] label = _label, queue = _queue, off = _g.Offsets, tgt = _g.Targets, rOff = _g.ReverseOffsets, rTgt = _g.ReverseTargets;
        int b = _base;
        int tail = 0;
        long frontierEdges = 0, unreachedEdges = rTgt.Length;
        foreach (int s in sources)
        {
            if ((uint)s >= (uint)n) throw new ArgumentOutOfRangeException(nameof(sources), s, $"Source {s} is not a node id (0..{n - 1}).");
            if (label[s] >= b) continue;
            label[s] = b;
            queue[tail++] = s;
            frontierEdges += off[s + 1] - off[s];
            unreachedEdges -= rOff[s + 1] - rOff[s];
        }
        _count = tail;
        if (tail == 0) { _levels = 0; return 0; }
        SetLevelStart(0, 0);
        SetLevelStart(1, tail);
        int level = 0;
        bool up = false;
        while (true)
        {
            int start = _levelStart[level], end = _levelStart[level + 1];
            _levels = level + 1;
            if (visitor is not null && !visitor(level, queue.AsSpan(start, end - start))) break;
            if (level >= maxHops || tail == n) break;
            int frontier = end - start;
            up = _strategy switch
            {
                BfsStrategy.TopDown => false,
                BfsStrategy.BottomUp => true,
                _ => up ? frontier >= n / Beta : frontierEdges > unreachedEdges / Alpha,
            };
            int next = b + level + 1, cur = b + level;
            long nextEdges = 0;
            if (!up)
            {
                for (int i = start; i < end; i++)
                {
                    int v = queue[i];
                    for (int e = off[v], eEnd = off[v + 1]; e < eEnd; e++)
                    {
                        int w = tgt[e];
                        if (label[w] >= b) continue;
                        label[w] = next;
                        queue[tail++] = w;
                        nextEdges += off[w + 1] - off[w];
                        unreachedEdges -= rOff[w + 1] - rOff[w];
                    }
                }
            }
            else
            {
                for (int w = 0; w < n; w++)
                {
                    if (label[w] >= b) continue;
                    for (int e = rOff[w], eEnd = rOff[w + 1]; e < eEnd; e++)
                    {
                        if (label[rTgt[e]] != cur) continue;
                        label[w] = next;
                        queue[tail++] = w;
                        nextEdges += off[w + 1] - off[w];
                        unreachedEdges -= eEnd - rOff[w];
                        break;
                    }
                }
            }
            if (tail == end) break; // nothing new: the search is complete
            frontierEdges = nextEdges;
            level++;
            SetLevelStart(level + 1, tail);
            _count = tail;
        }
        // Labels written are base .. base + levels; the next search starts above them.
        return _count;
    }

    private void NewSearch()
    {
        // The previous search wrote labels < _base + _levels + 1.
        long nextBase = (long)_base + _levels + 1;
        if (nextBase + _g.NodeCount + 2 >= int.MaxValue)
        {
            Array.Clear(_label);
            nextBase = 1;
        }
        _base = (int)nextBase;
        _levels = 0;
        _count = 0;
    }

    private void SetLevelStart(int i, int value)
    {
        if (i >= _levelStart.Length) Array.Resize(ref _levelStart, Math.Max(i + 1, _levelStart.Length * 2));
        _levelStart[i] = value;
    }
}
