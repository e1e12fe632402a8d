using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.GuestList;

/// <summary>
/// The coverage function of the <c>audience</c> objective: an account covers itself and its h-hop
/// audience, the accounts that see its posts within h hops (its followers, their followers, ...: a
/// breadth-first search over in-edges). f(list) = |list ∪ its members' h-hop audiences|, the accounts
/// <em>reached</em>, the guests included.
/// </summary>
/// <remarks>
/// Gains are counted with an epoch-stamped visited array per thread (no clearing between searches) and a
/// bitset of covered accounts: a gain costs the size of the h-hop search, O(n) memory per thread.
/// The initial bound of an account is <c>1 + in(v) + Σ_{u ∈ In(v)} in(u)</c> for h = 2 (<c>1 + in(v)</c>
/// for h = 1), capped at n: it needs no search.
/// </remarks>
public sealed class AudienceOracle : CoverageOracle
{
    private readonly GraphSnapshot _g;
    private readonly int _hops;
    private readonly ulong[] _covered;
    // Second-hop lists without the accounts covered when they were built (chunked CSR over nodes, cut like the
    // in-edges): a covered account never adds to a gain or a cover, so skipping it changes no count. Rebuilt after
    // every n/16 newly covered accounts.
    private EdgeChunks _live;
    private long _coveredAtBuild;

    /// <summary>Creates the oracle with nothing covered.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="hops">h in [1, 6].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hops"/> outside [1, 6].</exception>
    public AudienceOracle(GraphSnapshot graph, int hops)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (hops is < 1 or > 6) throw new ArgumentOutOfRangeException(nameof(hops), hops, "hops must be in [1, 6].");
        _g = graph;
        _hops = hops;
        _covered = new ulong[(graph.NodeCount + 63) / 64];
        _live = graph.InEdgeChunks;
    }

    /// <summary>Rebuilds the second-hop lists without the covered accounts (O(edges)).</summary>
    private void RebuildLive()
    {
        EdgeChunks all = _g.InEdgeChunks;
        var chunks = new EdgeChunk[all.ChunkCount];
        long firstEdge = 0;
        for (int k = 0; k < chunks.Length; k++)
        {
            var ch = all.Chunks[k];
            int[] off = ch.Offsets, src = ch.Targets;
            int accounts = off.Length - 1, p = 0;
            var liveOff = new int[accounts + 1];
            var liveSrc = new int[Math.Max(0, src.Length - (int)Math.Min(src.Length, CoveredCount))];
            for (int i = 0; i < accounts; i++)
            {
                liveOff[i] = p;
                for (int e = off[i]; e < off[i + 1]; e++)
                {
                    int u = src[e];
                    if ((_covered[u >> 6] & (1UL << u)) != 0) continue;
                    if (p == liveSrc.Length) Array.Resize(ref liveSrc, (int)Math.Min(src.Length, Math.Max(16, 2L * liveSrc.Length)));
                    liveSrc[p++] = u;
                }
            }
            liveOff[accounts] = p;
            if (p != liveSrc.Length) Array.Resize(ref liveSrc, p);
            chunks[k] = new EdgeChunk(ch.FirstNode, firstEdge, liveOff, liveSrc, null, null);
            firstEdge += p;
        }
        _live = new EdgeChunks(all.NodeCount, chunks, all.MaxChunkEdges);
        _coveredAtBuild = CoveredCount;
    }

    /// <summary>h.</summary>
    public int Hops => _hops;

    /// <inheritdoc />
    public override long UniverseSize => _g.NodeCount;

    /// <summary>Accounts covered so far.</summary>
    public long CoveredCount { get; private set; }

    /// <summary>True when node <paramref name="v"/> is covered.</summary>
    public bool IsCovered(int v) => (_covered[v >> 6] & (1UL << v)) != 0;

    private sealed class Scratch(int n)
    {
        public readonly int[] Stamp = new int[n];
        public int Epoch;
        public List<int> Frontier = new();
        public List<int> Next = new();

        public int NextEpoch()
        {
            if (++Epoch == int.MaxValue) { Array.Clear(Stamp); Epoch = 1; }
            return Epoch;
        }
    }

    /// <inheritdoc />
    public override object CreateScratch() => new Scratch(_g.NodeCount);

    /// <inheritdoc />
    public override long InitialBound(int node)
    {
        EdgeChunks followers = _g.InEdgeChunks;
        var first = followers.Neighbours(node);
        long b = 1 + first.Length;
        if (_hops >= 2)
        {
            foreach (int u in first) b += followers.Degree(u);
            if (_hops > 2) return long.MaxValue;
        }
        return Math.Min(b, _g.NodeCount);
    }

    private interface IVisitor { void Reached(int v); }

    private struct GainCounter(ulong[] covered) : IVisitor
    {
        public long Count;
        public void Reached(int v) { if ((covered[v >> 6] & (1UL << v)) == 0) Count++; }
    }

    private struct Coverer(ulong[] covered) : IVisitor
    {
        public long Count;
        public void Reached(int v)
        {
            ref ulong w = ref covered[v >> 6];
            ulong bit = 1UL << v;
            if ((w & bit) == 0) { w |= bit; Count++; }
        }
    }

    private struct Collector(List<int> into, int except) : IVisitor
    {
        public void Reached(int v) { if (v != except) into.Add(v); }
    }

    private struct Counter : IVisitor
    {
        public long Count;
        public void Reached(int v) => Count++;
    }

    /// <inheritdoc />
    public override long Gain(int node, object scratch)
    {
        var s = (Scratch)scratch;
        var c = new GainCounter(_covered);
        if (_hops == 2) VisitTwoHopsLive(s, node, s.NextEpoch(), ref c);
        else VisitFrom(s, node, s.NextEpoch(), ref c);
        return c.Count;
    }

    /// <inheritdoc />
    public override long Cover(int node)
    {
        _coverScratch ??= new Scratch(_g.NodeCount);
        var c = new Coverer(_covered);
        if (_hops == 2) VisitTwoHopsLive(_coverScratch, node, _coverScratch.NextEpoch(), ref c);
        else VisitFrom(_coverScratch, node, _coverScratch.NextEpoch(), ref c);
        CoveredCount += c.Count;
        if (_hops == 2 && CoveredCount - _coveredAtBuild > _g.NodeCount / 16) RebuildLive();
        return c.Count;
    }

    /// <summary>
    /// The 2-hop search of <see cref="VisitFrom{TV}"/> for gains and covers: the first hop over every follower, the
    /// second over the followers' lists without the accounts covered at the last rebuild (they would count 0).
    /// </summary>
    private void VisitTwoHopsLive<TV>(Scratch s, int node, int epoch, ref TV onReached) where TV : struct, IVisitor
    {
        int[] stamp = s.Stamp;
        EdgeChunks live = _live;
        if (stamp[node] != epoch) { stamp[node] = epoch; onReached.Reached(node); }
        var first = _g.InEdgeChunks.Neighbours(node);
        foreach (int u in first)
            if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); }
        foreach (int u in first)
        {
            foreach (int w in live.Neighbours(u))
                if (stamp[w] != epoch) { stamp[w] = epoch; onReached.Reached(w); }
        }
    }

    private Scratch? _coverScratch;

    /// <inheritdoc />
    public override int[] ItemsOf(int node)
    {
        var items = new List<int>();
        var s = new Scratch(_g.NodeCount);
        var c = new Collector(items, -1);
        VisitFrom(s, node, s.NextEpoch(), ref c);
        items.Sort();
        return items.ToArray();
    }

    /// <summary>The number of accounts reached by <paramref name="nodes"/> together (list ∪ h-hop audiences), independent of the covered state.</summary>
    public long UnionOf(IEnumerable<int> nodes)
    {
        var s = new Scratch(_g.NodeCount);
        int epoch = s.NextEpoch();
        var c = new Counter();
        foreach (int v in nodes) VisitFrom(s, v, epoch, ref c);
        return c.Count;
    }

    /// <summary>The size of the union of the h-hop audiences of <paramref name="nodes"/> (each account excluded from its own audience only).</summary>
    public long AudienceUnionOf(IReadOnlyCollection<int> nodes)
    {
        var seen = new HashSet<int>();
        var s = new Scratch(_g.NodeCount);
        var items = new List<int>();
        foreach (int v in nodes)
        {
            // The audience of v is its search minus v itself.
            items.Clear();
            var c = new Collector(items, v);
            VisitFrom(s, v, s.NextEpoch(), ref c);
            seen.UnionWith(items);
        }
        return seen.Count;
    }

    /// <summary>Breadth-first search over in-edges from <paramref name="node"/> up to h hops; calls <paramref name="onReached"/>.Reached once per account not yet stamped with <paramref name="epoch"/> (node included).</summary>
    private void VisitFrom<TV>(Scratch s, int node, int epoch, ref TV onReached) where TV : struct, IVisitor
    {
        int[] stamp = s.Stamp;
        EdgeChunks followers = _g.InEdgeChunks;
        if (stamp[node] != epoch) { stamp[node] = epoch; onReached.Reached(node); }
        if (_hops == 1 || _hops == 2)
        {
            var first = followers.Neighbours(node);
            foreach (int u in first)
                if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); }
            if (_hops == 2)
            {
                foreach (int u in first)
                {
                    foreach (int w in followers.Neighbours(u))
                        if (stamp[w] != epoch) { stamp[w] = epoch; onReached.Reached(w); }
                }
            }
            return;
        }
        var frontier = s.Frontier;
        var next = s.Next;
        frontier.Clear();
        frontier.Add(node);
        for (int h = 0; h < _hops && frontier.Count > 0; h++)
        {
            next.Clear();
            foreach (int x in frontier)
                foreach (int u in followers.Neighbours(x))
                    if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); next.Add(u); }
            (frontier, next) = (next, frontier);
        }
        s.Frontier = frontier;
        s.Next = next;
    }
}
