namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Collects follower edges (and accounts without edges) and builds an immutable
/// <see cref="GraphSnapshot"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Rows.</b> Each edge row is kept as one <see cref="long"/>, <c>(follower &lt;&lt; 32) | followee</c>, in blocks of
/// at most <see cref="BlockRows"/> rows (2^22 = 4 Mi rows, 32 MiB): a full block is never copied into a larger one,
/// and the row count is 64-bit, so one batch may hold more than 2^31 rows (the built snapshot's edges are then cut
/// into several <see cref="EdgeChunks"/>). Weights (8 B per row) and times (8 B per row) live in parallel blocks,
/// created only once a row carries a weight other than 1 or a time.
/// </para>
/// <para>
/// <b>Set graphs.</b> For a set graph (<see cref="DuplicateEdgePolicy.Collapse"/>) without weights or times, a full
/// block is sorted and its repeated pairs (and self-loops when dropped) are removed in place; when that frees at
/// least half of it the block keeps filling, else it is sealed and a new block starts. So a body repeating a few
/// edges millions of times needs memory for its distinct edges, not for its rows (amortised O(log B) extra work
/// per row, B the block size). Pairs repeated in different blocks are collapsed by <see cref="Build"/>.
/// </para>
/// <para>
/// <b>Memory.</b> While rows are added: 8 bytes per stored row (16 with weights, 24 with weights and times) plus
/// the account index. <see cref="Build"/> counts the rows per follower (8 B per account), allocates the out-edge
/// arrays for the stored rows (4 B per row), moves each block into them by a counting sort and drops the block
/// (so the blocks and the out-edges are never both whole beyond 12 B per row), sorts and collapses each
/// follower's list in place, trims the arrays to the kept edges, then derives the in-edges from the out-edges
/// (<see cref="EdgeChunks"/>, 4 B per edge). Peak ≈ 12 B per stored row + 8 B per account; the snapshot is
/// 8 B per edge plus its account index.
/// </para>
/// <para>A builder may be built more than once; it is not thread-safe.</para>
/// </remarks>
public sealed class GraphBuilder
{
    private readonly AccountIndex _accounts;
    private readonly List<long[]> _blocks = new();          // sealed blocks, full or trimmed to their rows
    private List<double[]>? _wBlocks;                         // weights of the sealed blocks (null: every weight is 1)
    private List<long[]>? _tBlocks;                           // times of the sealed blocks (null: no row has a time)
    private long[] _keys;                                     // the open block
    private double[]? _w;
    private long[]? _t;
    private int _count;                                       // rows in the open block
    private long _sealedRows;                                 // rows in the sealed blocks
    private long _rows;
    private GraphSnapshot? _built;                            // the last build, whose edges stand for the rows it consumed
    private Task<int>? _compacting;                           // CompactInBackground: the last full block's sort on the thread pool
    private long[]? _compactingBlock;                         // that block (counted in _sealedRows at its full length until finished)
    private long[]? _spareBlock;                              // a block whose rows were compacted into a small copy: the next open block

    /// <summary>Smallest row buffer that is compacted before it grows (= <see cref="BlockRows"/> by default).</summary>
    internal const int CompactFrom = 1 << 22;

    /// <summary>
    /// Rows per block (default <see cref="CompactFrom"/> = 2^22). Tests set it tiny to drive every block boundary;
    /// must be set before the first row is added.
    /// </summary>
    internal int BlockRows
    {
        get => _blockRows;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _blockRows = value;
            if (_count == 0 && _keys.Length > value) _keys = new long[value];
        }
    }

    private int _blockRows = CompactFrom;

    /// <summary>
    /// Sorts and compacts a full block (set graphs without weights or times) on the thread pool instead of the adding
    /// thread, which meanwhile fills a new block: the parallel SNAP reader's merging thread sets it, so the 2^22-row
    /// sorts (≈ 0.3 s each) run beside the parse instead of stalling it. At most one block is sorted at a time (the next
    /// full block waits for it). The sorted block is then sealed trimmed to its distinct rows; when that freed at least
    /// half of it, the rows are copied into a small sealed block and the big one is reused as the next open block (instead
    /// of being filled further as without this option: the same memory bound up to one 32 MiB block, more small blocks).
    /// The built snapshot is the same either way (the rows of a set graph without weights or times are a set); default false.
    /// </summary>
    internal bool CompactInBackground { get; set; }

    /// <summary>Edges from which the built snapshot derives its in-edges on their own thread (2^20; see <see cref="GraphSnapshot"/>'s constructor).</summary>
    internal const long BackgroundInEdgesFrom = 1 << 20;

    /// <summary>Stored rows from which <see cref="Build"/> collects the released row blocks before the in-edges are built (2^22: 32 MiB of rows).</summary>
    internal const long ReleaseCollectRows = 1 << 22;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="options">Duplicate and self-loop policy; <c>null</c> means <see cref="GraphBuildOptions.Default"/>.</param>
    /// <param name="edgeCapacity">Expected number of edge rows (a hint, &gt;= 0; the first block is sized for it, up to <see cref="CompactFrom"/> rows).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edgeCapacity"/> is negative.</exception>
    public GraphBuilder(GraphBuildOptions? options = null, long edgeCapacity = 0)
        : this(new AccountIndex(), options, edgeCapacity) { }

    private GraphBuilder(AccountIndex accounts, GraphBuildOptions? options, long edgeCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(edgeCapacity);
        _accounts = accounts;
        Options = options ?? GraphBuildOptions.Default;
        _keys = new long[(int)Math.Clamp(edgeCapacity, 16, CompactFrom)];
    }

    /// <summary>
    /// A builder that starts with every account and edge of <paramref name="snapshot"/>
    /// (same node ids), to append a batch to it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public static GraphBuilder From(GraphSnapshot snapshot, GraphBuildOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var b = new GraphBuilder(snapshot.Accounts.CloneUnfrozen(), options ?? snapshot.BuildOptions, snapshot.EdgeCount + 16);
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

    /// <summary>Edge rows added so far (64-bit; before duplicate/self-loop policy; compaction does not change it).</summary>
    public long EdgeRowCount => _rows;

    /// <summary>Rows currently held (after any compaction); at most <see cref="EdgeRowCount"/>.</summary>
    internal long StoredRowCount
    {
        get
        {
            FinishCompaction();
            return _sealedRows + _count;
        }
    }

    /// <summary>Row slots allocated in all blocks (for memory tests).</summary>
    internal long RowCapacity
    {
        get
        {
            FinishCompaction();
            long sum = _keys.Length + (_spareBlock?.Length ?? 0);
            foreach (var b in _blocks) sum += b.Length;
            return sum;
        }
    }

    /// <summary>Number of sealed blocks (for tests).</summary>
    internal int SealedBlockCount
    {
        get
        {
            FinishCompaction();
            return _blocks.Count;
        }
    }

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
        if (_built is not null) Reload();
        if (_count == _keys.Length) MakeRoom();
        if (time != GraphSnapshot.NoTime && _t is null) StartTimes();
        if (weight != 1.0 && _w is null) StartWeights();
        _keys[_count] = Key(follower, followee);
        if (_w is not null) _w[_count] = weight;
        if (_t is not null) _t[_count] = time;
        _count++;
        _rows++;
    }

    /// <summary>
    /// Adds unweighted, untimed edges given as packed rows (<see cref="Key"/>: follower in the high 32 bits, followee in
    /// the low 32), whose ids the caller interned in <see cref="Accounts"/>: the same rows, blocks and compactions as
    /// <see cref="AddEdge(int, int, double, long)"/> with weight 1 called for each in order, copied a block at a time.
    /// </summary>
    /// <param name="keys">The packed rows, in file order.</param>
    internal void AddKeys(ReadOnlySpan<long> keys)
    {
        if (_built is not null) Reload();
        while (!keys.IsEmpty)
        {
            if (_count == _keys.Length) MakeRoom();
            int k = Math.Min(keys.Length, _keys.Length - _count);
            keys[..k].CopyTo(_keys.AsSpan(_count));
            if (_w is not null) Array.Fill(_w, 1.0, _count, k);
            if (_t is not null) Array.Fill(_t, GraphSnapshot.NoTime, _count, k);
            _count += k;
            _rows += k;
            keys = keys[k..];
        }
    }

    /// <summary>The packed row of an edge: follower in the high 32 bits, followee in the low 32 (both ids &gt;= 0, so keys sort by follower, then followee).</summary>
    internal static long Key(int follower, int followee) => ((long)follower << 32) | (uint)followee;

    /// <summary>
    /// Where global row <paramref name="row"/> (0-based, 64-bit) lies when every block holds <paramref name="blockRows"/>
    /// rows: its block index and the position inside it. Rows past 2^31 map to blocks past 512 (at 2^22 rows each)
    /// without any 32-bit intermediate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative row or a block size below 1.</exception>
    internal static (int Block, int Offset) Locate(long row, int blockRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        return (checked((int)(row / blockRows)), (int)(row % blockRows));
    }

    /// <summary>
    /// The open block's next length when it is full and below <see cref="BlockRows"/>: twice the current one,
    /// capped at <see cref="Array.MaxLength"/> (doubling past 2^30 rows would overflow <c>int</c> into a negative length).
    /// </summary>
    /// <param name="current">Current length, 1..<see cref="Array.MaxLength"/>.</param>
    /// <returns>The new length, &gt; <paramref name="current"/>.</returns>
    /// <exception cref="InvalidOperationException">The buffer already holds <see cref="Array.MaxLength"/> rows: no single array can hold more
    /// (split the file and import it in several batches with mode append).</exception>
    internal static int NextCapacity(int current)
    {
        if (current >= Array.MaxLength)
            throw new InvalidOperationException($"One import batch holds at most {Array.MaxLength:N0} distinct follows (rows after collapsing duplicates); split the file and import it in several batches with mode append.");
        return (int)Math.Min(2L * current, Array.MaxLength);
    }

    /// <summary>The open block is full: grow it (below <see cref="BlockRows"/>), compact it (set graphs), or seal it and open a new one.</summary>
    private void MakeRoom()
    {
        int block = Math.Max(1, BlockRows);
        if (_keys.Length < block)
        {
            int cap = Math.Min(NextCapacity(_keys.Length), block);
            Array.Resize(ref _keys, cap);
            if (_w is not null) Array.Resize(ref _w, cap);
            if (_t is not null) Array.Resize(ref _t, cap);
            return;
        }
        if (CompactInBackground && CanCompact())
        {
            FinishCompaction(); // at most one block in flight
            var full = _keys;
            bool dropLoops = Options.SelfLoops == SelfLoopPolicy.Drop;
            _compactingBlock = full;
            // Its own thread: a pool task would queue behind the parse's ranges and could still run when Build waits for it.
            _compacting = Task.Factory.StartNew(() => SortUnique(full.AsSpan(), dropLoops), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _sealedRows += _count;
            _keys = _spareBlock ?? new long[block];
            _spareBlock = null;
            _count = 0;
            return;
        }
        FinishCompaction();
        if (TryCompact()) return;
        // Seal: keep exactly the rows (a compacted block that freed less than half is trimmed).
        _blocks.Add(_count == _keys.Length ? _keys : _keys.AsSpan(0, _count).ToArray());
        _wBlocks?.Add(_count == _w!.Length ? _w : _w.AsSpan(0, _count).ToArray());
        _tBlocks?.Add(_count == _t!.Length ? _t : _t.AsSpan(0, _count).ToArray());
        _sealedRows += _count;
        _count = 0;
        _keys = new long[block];
        if (_w is not null) _w = new double[block];
        if (_t is not null) _t = new long[block];
    }

    /// <summary>Waits for the block being sorted in the background (<see cref="CompactInBackground"/>), if any, and seals it trimmed to its rows.</summary>
    private void FinishCompaction()
    {
        if (_compacting is null) return;
        int write = _compacting.GetAwaiter().GetResult();
        var block = _compactingBlock!;
        _compacting = null;
        _compactingBlock = null;
        _sealedRows -= block.Length - write;
        if (write == block.Length) { _blocks.Add(block); return; }
        _blocks.Add(block.AsSpan(0, write).ToArray());
        if (write <= block.Length / 2 && _spareBlock is null && block.Length == Math.Max(1, BlockRows)) _spareBlock = block;
    }

    private void StartWeights()
    {
        FinishCompaction();
        _wBlocks = new List<double[]>(_blocks.Count);
        foreach (var b in _blocks) { var w = new double[b.Length]; Array.Fill(w, 1.0); _wBlocks.Add(w); }
        _w = new double[_keys.Length];
        Array.Fill(_w, 1.0, 0, _count);
    }

    private void StartTimes()
    {
        FinishCompaction();
        _tBlocks = new List<long[]>(_blocks.Count);
        foreach (var b in _blocks) { var t = new long[b.Length]; Array.Fill(t, GraphSnapshot.NoTime); _tBlocks.Add(t); }
        _t = new long[_keys.Length];
        Array.Fill(_t, GraphSnapshot.NoTime, 0, _count);
    }

    /// <summary>
    /// Set graph without weights or times and a full block of at least <see cref="CompactFrom"/> rows (or of
    /// <see cref="BlockRows"/> when a test set it smaller): sorts the block's rows, keeps one per pair (and drops
    /// self-loops when the policy does), and reports whether at least half of the block became free. Weighted or
    /// timed rows are never compacted (the last row of a pair decides its weight, which needs insertion order).
    /// </summary>
    private bool TryCompact()
    {
        if (!CanCompact()) return false;
        int write = SortUnique(_keys.AsSpan(0, _count), Options.SelfLoops == SelfLoopPolicy.Drop);
        _count = write;
        return write <= _keys.Length / 2;
    }

    /// <summary>Whether the open block may be compacted: a set graph without weights or times, the block at least <see cref="CompactFrom"/> rows (or <see cref="BlockRows"/>).</summary>
    private bool CanCompact() =>
        _w is null && _t is null && Options.DuplicateEdges == DuplicateEdgePolicy.Collapse && _count >= Math.Min(CompactFrom, Math.Max(1, BlockRows));

    /// <summary>Sorts packed rows and removes repeats (and self-loops when <paramref name="dropLoops"/>) in place; returns how many remain at the front.</summary>
    internal static int SortUnique(Span<long> keys, bool dropLoops)
    {
        keys.Sort();
        int write = 0;
        long prev = -1;
        foreach (long k in keys)
        {
            if (k == prev) continue;
            prev = k;
            if (dropLoops && (int)(k >> 32) == (int)k) continue;
            keys[write++] = k;
        }
        return write;
    }

    /// <summary>
    /// Builds the immutable snapshot. Out-neighbours of each node are sorted by target id
    /// (and in-neighbours by source id); with <see cref="DuplicateEdgePolicy.Collapse"/> a repeated
    /// pair keeps the weight of its last row and the earliest time of its rows (an edge exists from
    /// the first time it was seen; <see cref="GraphSnapshot.NoTime"/> counts as earliest).
    /// </summary>
    /// <param name="forceWeighted">Keep a weight array even when every weight is 1.</param>
    /// <remarks>
    /// O(n + m log d): a counting sort of the rows by follower (stable: insertion order is kept inside a list),
    /// then each list sorted by target. The row blocks are released as they are sorted (the memory model in the
    /// class remarks); the builder then remembers the snapshot and, when it gets more rows or is built again,
    /// first re-adds the snapshot's edges in CSR order — the same result as if the rows had been kept (a collapsed
    /// pair carries its last weight and earliest time; kept repeats stay in insertion order).
    /// </remarks>
    /// <exception cref="OverflowException">One follower has more rows than one array can hold (the message names it).</exception>
    public GraphSnapshot Build(bool forceWeighted = false)
    {
        if (_built is not null) Reload();
        FinishCompaction();
        _spareBlock = null;
        int n = _accounts.Count;
        bool dropLoops = Options.SelfLoops == SelfLoopPolicy.Drop;
        bool collapse = Options.DuplicateEdges == DuplicateEdgePolicy.Collapse;
        bool weighted = _w is not null || forceWeighted;
        bool timed = _t is not null;

        // The open block joins the sealed ones (views: the builder keeps its own arrays).
        var blocks = new List<long[]>(_blocks) { _keys };
        var counts = new List<int>(_blocks.Count + 1);
        foreach (var b in _blocks) counts.Add(b.Length);
        counts.Add(_count);
        var wBlocks = _w is null ? null : new List<double[]>(_wBlocks!) { _w };
        var tBlocks = _t is null ? null : new List<long[]>(_tBlocks!) { _t };

        // 1. Rows per follower (64-bit: a batch may hold more than 2^31 rows), then the chunk layout for them.
        var degree = new long[n];
        for (int b = 0; b < blocks.Count; b++)
        {
            var keys = blocks[b];
            for (int i = 0, c = counts[b]; i < c; i++)
            {
                long k = keys[i];
                if (dropLoops && (int)(k >> 32) == (int)k) continue;
                degree[(int)(k >> 32)]++;
            }
        }
        var layout = ChunkLayout.Plan(n, v => degree[v], MaxChunkEdges, v => _accounts[v]);
        InfluenceGraph.Core.Import.ImportTrace.Mark("build 1: degrees");
        degree = null!;
        // From here the builder hands its blocks over (each is dropped once sorted into the out-edges).
        _blocks.Clear();
        _wBlocks = null;
        _tBlocks = null;
        _keys = new long[16];
        _w = null;
        _t = null;
        _count = 0;
        _sealedRows = 0;
        var outEdges = EdgeChunks.Allocate(n, layout, weighted, timed, MaxChunkEdges);
        var chunks = outEdges.Chunks;

        // 2. Counting sort by follower, stable (blocks in order, rows in order).
        long released = 0;
        foreach (int c in counts) released += c;
        var cursor = new int[n];
        foreach (var ch in chunks) Array.Copy(ch.Offsets, 0, cursor, ch.FirstNode, ch.EndNode - ch.FirstNode);
        var single = outEdges.Single;
        for (int b = 0; b < blocks.Count; b++)
        {
            var keys = blocks[b];
            var wb = wBlocks?[b];
            var tb = tBlocks?[b];
            for (int i = 0, c = counts[b]; i < c; i++)
            {
                long k = keys[i];
                int s = (int)(k >> 32), t = (int)k;
                if (dropLoops && s == t) continue;
                var into = single ?? outEdges.ChunkOf(s);
                int pos = cursor[s]++;
                into.Targets[pos] = t;
                if (weighted) into.Weights![pos] = wb is null ? 1.0 : wb[i];
                if (timed) into.Times![pos] = tb![i];
            }
            blocks[b] = null!;
            if (wBlocks is not null) wBlocks[b] = null!;
            if (tBlocks is not null) tBlocks[b] = null!;
        }
        cursor = null!;
        InfluenceGraph.Core.Import.ImportTrace.Mark("build 2: counting sort");
        // The released blocks (8-24 B per row) are garbage now; collect them before the in-edges are allocated, so the
        // process peaks at blocks + out-edges rather than blocks + out-edges + in-edges (the GC would otherwise grow the
        // heap first). Aggressive: the freed 32 MiB blocks are returned to the OS (as free regions they could not host the
        // larger edge arrays that follow, and would still count in the resident set). Only for large batches: a full
        // blocking collection costs milliseconds per 100 MiB of live heap.
        if (released >= ReleaseCollectRows) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        InfluenceGraph.Core.Import.ImportTrace.Mark("build: collect");

        // 3. Sort each list by (target, insertion order) and collapse repeats (last weight, earliest time), in place.
        var finished = new EdgeChunk[chunks.Count];
        long firstEdge = 0;
        long[] sortKeys = [];
        for (int c = 0; c < chunks.Count; c++)
        {
            var ch = chunks[c];
            int[] off = ch.Offsets, tgt = ch.Targets;
            double[]? w = ch.Weights;
            long[]? tm = ch.Times;
            int accounts = ch.EndNode - ch.FirstNode;
            var newOff = new int[accounts + 1];
            int write = 0;
            if (w is null && tm is null && ParallelListSort(off, tgt, newOff, accounts, collapse, out write)) { /* done on all cores */ }
            else for (int a = 0; a < accounts; a++)
            {
                int start = off[a], end = off[a + 1], len = end - start;
                newOff[a] = write;
                if (len == 0) continue;
                if (len > 1)
                {
                    if (w is null && tm is null) Array.Sort(tgt, start, len);
                    else
                    {
                        // Stable: the key carries the rank inside the list (the counting sort kept insertion order).
                        if (sortKeys.Length < len) sortKeys = new long[Math.Max(len, 2 * sortKeys.Length)];
                        for (int k = 0; k < len; k++) sortKeys[k] = ((long)tgt[start + k] << 32) | (uint)k;
                        Array.Sort(sortKeys, 0, len);
                        var wSub = w?.AsSpan(start, len).ToArray();
                        var tSub = tm?.AsSpan(start, len).ToArray();
                        for (int k = 0; k < len; k++)
                        {
                            int r = (int)sortKeys[k];
                            tgt[start + k] = (int)(sortKeys[k] >> 32);
                            if (wSub is not null) w![start + k] = wSub[r];
                            if (tSub is not null) tm![start + k] = tSub[r];
                        }
                    }
                }
                long earliest = long.MaxValue;
                for (int e = start; e < end; e++)
                {
                    int t = tgt[e];
                    if (tm is not null) earliest = Math.Min(earliest, tm[e]);
                    if (collapse && e + 1 < end && tgt[e + 1] == t) continue; // a later row of the same pair wins
                    tgt[write] = t;
                    if (w is not null) w[write] = w[e];
                    if (tm is not null) { tm[write] = collapse ? earliest : tm[e]; earliest = long.MaxValue; }
                    write++;
                }
            }
            newOff[accounts] = write;
            finished[c] = new EdgeChunk(ch.FirstNode, firstEdge,
                newOff,
                write == tgt.Length ? tgt : tgt.AsSpan(0, write).ToArray(),
                w is null ? null : write == w.Length ? w : w.AsSpan(0, write).ToArray(),
                tm is null ? null : write == tm.Length ? tm : tm.AsSpan(0, write).ToArray());
            firstEdge += write;
        }
        outEdges = new EdgeChunks(n, finished, MaxChunkEdges);
        // Collapsing may leave fewer edges than the layout planned for: cut as the planner cuts the final lists.
        if (finished.Length > 1)
        {
            var planned = ChunkLayout.Plan(n, v => outEdges.Degree(v), MaxChunkEdges);
            if (planned.ChunkCount != finished.Length || !planned.FirstNodes.AsSpan().SequenceEqual(FirstNodes(finished)))
                outEdges = outEdges.Rechunk(MaxChunkEdges);
        }

        InfluenceGraph.Core.Import.ImportTrace.Mark("build 3: sort lists");
        // 4. The snapshot derives the in-edges by a counting sort over targets (sources come out ascending).
        var index = _accounts.CloneUnfrozen();
        index.Freeze();
        // From 2^20 edges the in-edges are derived on their own thread: the import stores the snapshot (out-edges only) meanwhile.
        var snapshot = new GraphSnapshot(index, Options, outEdges, null, _rows, deriveInEdgesInBackground: outEdges.EdgeCount >= BackgroundInEdgesFrom);
        _built = snapshot;
        return snapshot;
    }

    /// <summary>
    /// Step 3 of <see cref="Build"/> for a chunk without weights or times, on all cores: each follower's list
    /// <c>tgt[off[a]..off[a+1])</c> is sorted and (when <paramref name="collapse"/>) its repeats removed in place, ranges of
    /// followers in parallel; then one pass moves the lists down over the freed slots and fills <paramref name="newOff"/>.
    /// The same arrays as the one-thread loop (a list of plain ids has one sorted, repeat-free form). Returns false (and
    /// does nothing) on one processor or for fewer than 2^16 edges, where the loop on the calling thread is as fast.
    /// </summary>
    private static bool ParallelListSort(int[] off, int[] tgt, int[] newOff, int accounts, bool collapse, out int write)
    {
        write = 0;
        int edges = off[accounts] - off[0];
        int workers = Math.Min(Environment.ProcessorCount, 8);
        if (workers < 2 || edges < 1 << 16) return false;
        var kept = newOff; // each list's kept length first, then (the pass below) its offset
        // About 8 ranges per core of equal edge counts (the lists' lengths are skewed: hubs follow many).
        int parts = Math.Min(accounts, 8 * workers);
        var bounds = new int[parts + 1];
        for (int p = 1, a = 0; p < parts; p++)
        {
            long target = off[0] + (long)edges * p / parts;
            while (a < accounts && off[a] < target) a++;
            bounds[p] = a;
        }
        bounds[parts] = accounts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = workers }, p =>
        {
            for (int a = bounds[p]; a < bounds[p + 1]; a++)
            {
                int start = off[a], len = off[a + 1] - start;
                if (len > 1) Array.Sort(tgt, start, len);
                int k = len;
                if (collapse && len > 1)
                {
                    k = 1;
                    for (int e = start + 1, end = start + len; e < end; e++)
                        if (tgt[e] != tgt[start + k - 1]) tgt[start + k++] = tgt[e];
                }
                kept[a] = k;
            }
        });
        for (int a = 0; a < accounts; a++)
        {
            int start = off[a], k = kept[a];
            newOff[a] = write;
            if (start != write && k > 0) Array.Copy(tgt, start, tgt, write, k);
            write += k;
        }
        newOff[accounts] = write;
        return true;
    }

    /// <summary>After <see cref="Build"/>: puts the built snapshot's edges back as rows (CSR order), keeping <see cref="EdgeRowCount"/>.</summary>
    private void Reload()
    {
        var g = _built!;
        _built = null;
        long rows = _rows;
        foreach (var ch in g.OutEdgeChunks.Chunks)
        {
            for (int u = ch.FirstNode; u < ch.EndNode; u++)
            {
                for (int e = ch.Offsets[u - ch.FirstNode], end = ch.Offsets[u - ch.FirstNode + 1]; e < end; e++)
                    AddEdge(u, ch.Targets[e], ch.Weights?[e] ?? 1.0, ch.Times?[e] ?? GraphSnapshot.NoTime);
            }
        }
        _rows = rows;
    }

    private static int[] FirstNodes(EdgeChunk[] chunks)
    {
        var r = new int[chunks.Length];
        for (int i = 0; i < chunks.Length; i++) r[i] = chunks[i].FirstNode;
        return r;
    }
}
