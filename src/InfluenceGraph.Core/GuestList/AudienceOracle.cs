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
    // Second-hop lists without the accounts covered when they were built (CSR over nodes): a covered account
    // never adds to a gain or a cover, so skipping it changes no count. Rebuilt after every n/16 newly covered accounts.
    private int[] _liveOff, _liveSrc;
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
        _liveOff = graph.InOffsets;
        _liveSrc = graph.InSources;
    }

    /// <summary>Rebuilds the second-hop lists without the covered accounts (O(edges)).</summary>
    private void RebuildLive()
    {
        int n = _g.NodeCount;
        int[] off = _g.InOffsets, src = _g.InSources;
        var liveOff = new int[n + 1];
        int p = 0;
        var liveSrc = new int[Math.Max(0, src.Length - (int)Math.Min(src.Length, CoveredCount))];
        for (int v = 0; v < n; v++)
        {
            liveOff[v] = p;
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                int u = src[e];
                if ((_covered[u >> 6] & (1UL << u)) != 0) continue;
                if (p == liveSrc.Length) Array.Resize(ref liveSrc, Math.Max(16, liveSrc.Length * 2));
                liveSrc[p++] = u;
            }
        }
        liveOff[n] = p;
        _liveOff = liveOff;
        _liveSrc = liveSrc;
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
        int[] off = _g.InOffsets, src = _g.InSources;
        long b = 1 + off[node + 1] - off[node];
        if (_hops >= 2)
        {
            for (int e = off[node]; e < off[node + 1]; e++) b += off[src[e] + 1] - off[src[e]];
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
        int[] stamp = s.Stamp, off = _g.InOffsets, src = _g.InSources, loff = _liveOff, lsrc = _liveSrc;
        if (stamp[node] != epoch) { stamp[node] = epoch; onReached.Reached(node); }
        int e0 = off[node], e1 = off[node + 1];
        for (int e = e0; e < e1; e++)
        {
            int u = src[e];
            if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); }
        }
        for (int e = e0; e < e1; e++)
        {
            int u = src[e];
            for (int f = loff[u], f1 = loff[u + 1]; f < f1; f++)
            {
                int w = lsrc[f];
                if (stamp[w] != epoch) { stamp[w] = epoch; onReached.Reached(w); }
            }
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
        int[] stamp = s.Stamp, off = _g.InOffsets, src = _g.InSources;
        if (stamp[node] != epoch) { stamp[node] = epoch; onReached.Reached(node); }
        if (_hops == 1 || _hops == 2)
        {
            int e0 = off[node], e1 = off[node + 1];
            for (int e = e0; e < e1; e++)
            {
                int u = src[e];
                if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); }
            }
            if (_hops == 2)
            {
                for (int e = e0; e < e1; e++)
                {
                    int u = src[e];
                    for (int f = off[u], f1 = off[u + 1]; f < f1; f++)
                    {
                        int w = src[f];
                        if (stamp[w] != epoch) { stamp[w] = epoch; onReached.Reached(w); }
                    }
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
                for (int e = off[x], e1 = off[x + 1]; e < e1; e++)
                {
                    int u = src[e];
                    if (stamp[u] != epoch) { stamp[u] = epoch; onReached.Reached(u); next.Add(u); }
                }
            (frontier, next) = (next, frontier);
        }
        s.Frontier = frontier;
        s.Next = next;
    }
}
