namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Collects follower edges (and accounts without edges) and builds an immutable
/// <see cref="GraphSnapshot"/>.
/// </summary>
/// <remarks>
/// Edges are kept in insertion order until <see cref="Build"/>, which applies the
/// <see cref="GraphBuildOptions"/> (duplicates, self-loops) and lays out both CSR directions in
/// O(n + m log d) time. A builder may be built more than once; it is not thread-safe.
/// Memory: 8 bytes per stored row (16 with weights). For a set graph
/// (<see cref="DuplicateEdgePolicy.Collapse"/>) without weights, a full row buffer of at least
/// 4 Mi rows is first compacted in place (sorted, duplicates and dropped self-loops removed) and only
/// grown when that frees less than half of it, so a body repeating a few edges millions of times
/// needs memory for its distinct edges, not for its rows (amortised O(log m) extra work per row).
/// </remarks>
public sealed class GraphBuilder
{
    private readonly AccountIndex _accounts;
    private int[] _src;
    private int[] _dst;
    private double[]? _w;
    private long[]? _t;
    private int _count;
    private long _rows;

    /// <summary>Smallest row buffer that is compacted before it grows.</summary>
    internal const int CompactFrom = 1 << 22;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="options">Duplicate and self-loop policy; <c>null</c> means <see cref="GraphBuildOptions.Default"/>.</param>
    /// <param name="edgeCapacity">Expected number of edge rows (a hint, &gt;= 0).</param>
    public GraphBuilder(GraphBuildOptions? options = null, int edgeCapacity = 0)
        : this(new AccountIndex(), options, edgeCapacity) { }

    private GraphBuilder(AccountIndex accounts, GraphBuildOptions? options, int edgeCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(edgeCapacity);
        _accounts = accounts;
        Options = options ?? GraphBuildOptions.Default;
        _src = new int[Math.Max(edgeCapacity, 16)];
        _dst = new int[_src.Length];
    }

    /// <summary>
    /// A builder that starts with every account and edge of <paramref name="snapshot"/>
    /// (same node ids), to append a batch to it.
    /// </summary>
    public static GraphBuilder From(GraphSnapshot snapshot, GraphBuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var b = new GraphBuilder(snapshot.Accounts.CloneUnfrozen(), options ?? snapshot.BuildOptions, checked((int)snapshot.EdgeCount + 16));
        bool weighted = snapshot.IsWeighted;
        b.MaxChunkEdges = snapshot.OutEdgeChunks.MaxChunkEdges;
        foreach (var ch in snapshot.OutEdgeChunks.Chunks)
        {
            for (int u = ch.FirstNode; u < ch.EndNode; u++)
            {
                int start = ch.Offsets[u - ch.FirstNode], end = ch.Offsets[u - ch.FirstNode + 1];
                for (int e = start; e < end; e++)
                    b.AddEdge(u, ch.Targets[e], weighted ? ch.Weights![e] : 1.0, ch.Times is null ? GraphSnapshot.NoTime : ch.Times[e]);
            }
        }
        return b;
    }

    /// <summary>
    /// Largest number of edges per chunk of the built snapshot's edge arrays (see <see cref="EdgeChunks"/>); default
    /// <see cref="EdgeChunks.DefaultMaxChunkEdges"/>. Tests set it tiny to run every kernel over many chunks.
    /// </summary>
    internal int MaxChunkEdges { get; set; } = EdgeChunks.DefaultMaxChunkEdges;

    /// <summary>The policy applied by <see cref="Build"/>.</summary>
    public GraphBuildOptions Options { get; }

    /// <summary>The accounts interned so far (ids are the snapshot's node ids).</summary>
    public AccountIndex Accounts => _accounts;

    /// <summary>Edge rows added so far (before duplicate/self-loop policy; compaction does not change it).</summary>
    public long EdgeRowCount => _rows;

    /// <summary>Rows currently held (after any compaction); at most <see cref="EdgeRowCount"/>.</summary>
    internal int StoredRowCount => _count;

    /// <summary>Capacity of the row buffer (for memory tests).</summary>
    internal int RowCapacity => _src.Length;

    /// <summary>True once any edge was added with a weight other than 1.</summary>
    public bool HasWeights => _w is not null;

    /// <summary>Adds an account (no edge). Returns its node id.</summary>
    /// <exception cref="ArgumentException">The handle is empty or blank.</exception>
    public int AddAccount(ReadOnlySpan<char> handle) => _accounts.Intern(handle);

    /// <summary>Adds the edge <paramref name="follower"/> -> <paramref name="followee"/>.</summary>
    /// <param name="follower">Handle of the account that follows (sees the posts).</param>
    /// <param name="followee">Handle of the account followed (whose posts are seen).</param>
    /// <param name="weight">Edge weight, finite and &gt;= 0 (1 when unweighted). For PageRank a transition strength, for betweenness a distance.</param>
    /// <exception cref="ArgumentException">A handle is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The weight is negative, NaN or infinite.</exception>
    public void AddEdge(ReadOnlySpan<char> follower, ReadOnlySpan<char> followee, double weight = 1.0)
        => AddEdge(_accounts.Intern(follower), _accounts.Intern(followee), weight);

    /// <summary>Adds an edge between two node ids already interned in <see cref="Accounts"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is out of range, or the weight is negative, NaN or infinite.</exception>
    public void AddEdge(int follower, int followee, double weight = 1.0) => AddEdge(follower, followee, weight, GraphSnapshot.NoTime);

    /// <summary>
    /// Adds an edge between two node ids with the time it came into being (seconds since the Unix epoch, UTC;
    /// <see cref="GraphSnapshot.NoTime"/> for none). Repeated rows of a pair keep the earliest time (see <see cref="Build"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is out of range, or the weight is negative, NaN or infinite.</exception>
    public void AddEdge(int follower, int followee, double weight, long time)
    {
        if ((uint)follower >= (uint)_accounts.Count) throw new ArgumentOutOfRangeException(nameof(follower));
        if ((uint)followee >= (uint)_accounts.Count) throw new ArgumentOutOfRangeException(nameof(followee));
        if (!double.IsFinite(weight) || weight < 0)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "An edge weight must be a finite number >= 0.");
        if (_count == _src.Length && !TryCompact())
        {
            int cap = NextCapacity(_src.Length);
            Array.Resize(ref _src, cap);
            Array.Resize(ref _dst, cap);
            if (_w is not null) Array.Resize(ref _w, cap);
            if (_t is not null) Array.Resize(ref _t, cap);
        }
        if (time != GraphSnapshot.NoTime && _t is null)
        {
            _t = new long[_src.Length];
            Array.Fill(_t, GraphSnapshot.NoTime, 0, _count);
        }
        if (_t is not null) _t[_count] = time;
        if (weight != 1.0 && _w is null)
        {
            _w = new double[_src.Length];
            Array.Fill(_w, 1.0, 0, _count);
        }
        _src[_count] = follower;
        _dst[_count] = followee;
        if (_w is not null) _w[_count] = weight;
        _count++;
        _rows++;
    }

    /// <summary>
    /// The row buffer's next length when it is full: twice the current one, capped at <see cref="Array.MaxLength"/>
    /// (doubling past 2^30 rows would overflow <c>int</c> into a negative length).
    /// </summary>
    /// <param name="current">Current length, 1..<see cref="Array.MaxLength"/>.</param>
    /// <returns>The new length, &gt; <paramref name="current"/>.</returns>
    /// <exception cref="InvalidOperationException">The buffer already holds <see cref="Array.MaxLength"/> rows: one
    /// import batch cannot hold more rows (after collapsing duplicates); split the file into batches (mode append).</exception>
    internal static int NextCapacity(int current)
    {
        if (current >= Array.MaxLength)
            throw new InvalidOperationException($"One import batch holds at most {Array.MaxLength:N0} distinct follows (rows after collapsing duplicates); split the file and import it in several batches with mode append.");
        return (int)Math.Min(2L * current, Array.MaxLength);
    }

    /// <summary>
    /// Set graph without weights and a buffer of at least <see cref="CompactFrom"/> rows: sorts the rows,
    /// keeps one per pair (and drops self-loops when the policy does), and reports whether at least half
    /// of the buffer became free. Weighted rows are never compacted (the last row of a pair decides its
    /// weight, which needs insertion order).
    /// </summary>
    private bool TryCompact()
    {
        if (_w is not null || _t is not null || _count < CompactFrom || Options.DuplicateEdges != DuplicateEdgePolicy.Collapse) return false;
        bool dropLoops = Options.SelfLoops == SelfLoopPolicy.Drop;
        var keys = new long[_count];
        for (int i = 0; i < _count; i++) keys[i] = ((long)_src[i] << 32) | (uint)_dst[i];
        Array.Sort(keys);
        int write = 0;
        long prev = -1;
        foreach (long k in keys)
        {
            if (k == prev) continue;
            prev = k;
            int s = (int)(k >> 32), t = (int)k;
            if (dropLoops && s == t) continue;
            _src[write] = s;
            _dst[write] = t;
            write++;
        }
        _count = write;
        return write <= _src.Length / 2;
    }

    /// <summary>
    /// Builds the immutable snapshot. Out-neighbours of each node are sorted by target id
    /// (and in-neighbours by source id); with <see cref="DuplicateEdgePolicy.Collapse"/> a repeated
    /// pair keeps the weight of its last row and the earliest time of its rows (an edge exists from
    /// the first time it was seen; <see cref="GraphSnapshot.NoTime"/> counts as earliest).
    /// </summary>
    /// <param name="forceWeighted">Keep a weight array even when every weight is 1.</param>
    public GraphSnapshot Build(bool forceWeighted = false)
    {
        int n = _accounts.Count;
        bool dropLoops = Options.SelfLoops == SelfLoopPolicy.Drop;
        bool collapse = Options.DuplicateEdges == DuplicateEdgePolicy.Collapse;
        bool weighted = _w is not null || forceWeighted;

        // 1. Counting sort of the rows by source, stable (keeps insertion order inside a row).
        var outOffsets = new int[n + 1];
        for (int i = 0; i < _count; i++)
            if (!(dropLoops && _src[i] == _dst[i])) outOffsets[_src[i] + 1]++;
        for (int u = 0; u < n; u++) outOffsets[u + 1] += outOffsets[u];
        int kept = outOffsets[n];
        var keys = new long[kept];          // (target << 32) | rank within insertion order
        var w = weighted ? new double[kept] : null;
        var tm = _t is not null ? new long[kept] : null;
        var fill = new int[n];
        for (int i = 0; i < _count; i++)
        {
            int s = _src[i], t = _dst[i];
            if (dropLoops && s == t) continue;
            int pos = outOffsets[s] + fill[s]++;
            keys[pos] = ((long)t << 32) | (uint)i;
            if (w is not null) w[pos] = _w is null ? 1.0 : _w[i];
            if (tm is not null) tm[pos] = _t![i];
        }

        // 2. Sort each row by (target, insertion order) and collapse duplicates (last wins).
        var outTargets = new int[kept];
        var outW = weighted ? new double[kept] : null;
        var outT = tm is not null ? new long[kept] : null;
        int write = 0;
        int rowStart = 0;
        for (int u = 0; u < n; u++)
        {
            int start = rowStart, end = outOffsets[u + 1];
            rowStart = end;
            int len = end - start;
            if (len > 1)
            {
                if (tm is not null)
                {
                    // Sort by key, carrying the weight and the time along (through the row permutation).
                    var perm = new int[len];
                    for (int k = 0; k < len; k++) perm[k] = start + k;
                    var sub = keys.AsSpan(start, len).ToArray();
                    Array.Sort(sub, perm);
                    var wSub = w is null ? null : new double[len];
                    var tSub = new long[len];
                    for (int k = 0; k < len; k++) { if (wSub is not null) wSub[k] = w![perm[k]]; tSub[k] = tm[perm[k]]; }
                    sub.CopyTo(keys, start);
                    if (wSub is not null) wSub.CopyTo(w!, start);
                    tSub.CopyTo(tm, start);
                }
                else if (w is not null) Array.Sort(keys, w, start, len);
                else Array.Sort(keys, start, len);
            }
            outOffsets[u] = write;
            long earliest = long.MaxValue;
            for (int e = start; e < end; e++)
            {
                int t = (int)(keys[e] >> 32);
                if (tm is not null) earliest = Math.Min(earliest, tm[e]);
                if (collapse && e + 1 < end && (int)(keys[e + 1] >> 32) == t) continue; // a later row of the same pair wins
                outTargets[write] = t;
                if (outW is not null) outW[write] = w![e];
                if (outT is not null) { outT[write] = collapse ? earliest : tm![e]; earliest = long.MaxValue; }
                write++;
            }
        }
        outOffsets[n] = write;
        if (write != kept)
        {
            Array.Resize(ref outTargets, write);
            if (outW is not null) Array.Resize(ref outW, write);
            if (outT is not null) Array.Resize(ref outT, write);
        }

        // 3. The snapshot cuts the out-edges into chunks and derives the in-edges by a counting sort over targets
        //    (sources come out ascending).
        var index = _accounts.CloneUnfrozen();
        index.Freeze();
        return new GraphSnapshot(index, Options, outOffsets, outTargets, outW, _rows, outT, MaxChunkEdges);
    }
}
