namespace InfluenceGraph.Core.Graph;

/// <summary>
/// One chunk of a CSR edge direction: the adjacency lists of the consecutive accounts
/// <c>[FirstNode, EndNode)</c>, in arrays of at most <see cref="Array.MaxLength"/> elements.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Offsets"/> are <em>local</em> to the chunk (32-bit, <c>Offsets[0] == 0</c>): the list of
/// account <c>v</c> is <c>Targets[Offsets[v - FirstNode] .. Offsets[v - FirstNode + 1])</c>. Its global
/// position among all the edges of the direction is <see cref="FirstEdge"/> plus the local offset, a 64-bit
/// number. Because an account's list never straddles two chunks, a list is always one contiguous span.
/// </para>
/// <para>Arrays are exposed for the kernels' speed; they must not be written.</para>
/// </remarks>
public sealed class EdgeChunk
{
    internal EdgeChunk(int firstNode, long firstEdge, int[] offsets, int[] targets, double[]? weights, long[]? times)
    {
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != targets.Length)
            throw new ArgumentException("Chunk offsets must start at 0 and end at the chunk's edge count.", nameof(offsets));
        if (weights is not null && weights.Length != targets.Length) throw new ArgumentException("One weight per edge is needed.", nameof(weights));
        if (times is not null && times.Length != targets.Length) throw new ArgumentException("One time per edge is needed.", nameof(times));
        FirstNode = firstNode;
        FirstEdge = firstEdge;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        Times = times;
    }

    /// <summary>First account (node id) whose list is in this chunk.</summary>
    public int FirstNode { get; }

    /// <summary>One past the last account of this chunk (exclusive bound; equals the next chunk's <see cref="FirstNode"/>).</summary>
    public int EndNode => FirstNode + Offsets.Length - 1;

    /// <summary>Global position (0-based, 64-bit) of this chunk's first edge among all edges of the direction.</summary>
    public long FirstEdge { get; }

    /// <summary>Length <c>EndNode - FirstNode + 1</c>: local start of each account's list in <see cref="Targets"/>, then the chunk's edge count.</summary>
    public int[] Offsets { get; }

    /// <summary>The neighbour (node id) of each edge, grouped by account, ascending inside a group.</summary>
    public int[] Targets { get; }

    /// <summary>Weight of each edge aligned with <see cref="Targets"/>, or null when the graph is unweighted.</summary>
    public double[]? Weights { get; }

    /// <summary>Time of each edge aligned with <see cref="Targets"/> (seconds since the Unix epoch, <see cref="GraphSnapshot.NoTime"/> for none), or null.</summary>
    public long[]? Times { get; }

    /// <summary>Number of edges in this chunk (at most <see cref="Array.MaxLength"/>).</summary>
    public int EdgeCount => Targets.Length;

    /// <summary>The list of account <paramref name="node"/>, which must lie in <c>[FirstNode, EndNode)</c>.</summary>
    public ReadOnlySpan<int> Neighbours(int node)
    {
        int i = node - FirstNode, lo = Offsets[i];
        return new ReadOnlySpan<int>(Targets, lo, Offsets[i + 1] - lo);
    }
}

/// <summary>
/// One direction of a follower network in chunked compressed sparse row form: every account's adjacency
/// list (its followees for the out direction, its followers for the in direction) as one contiguous span,
/// with no 32-bit limit on the number of edges.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why chunks.</b> A .NET array holds at most <see cref="Array.MaxLength"/> (2,147,483,591) elements, so a
/// network past 2^31 follows cannot keep its edges in one <see cref="int"/> array, and 32-bit offsets would
/// overflow. The edges are therefore cut into chunks of at most <see cref="MaxChunkEdges"/> edges (by default
/// <see cref="DefaultMaxChunkEdges"/> = 2^30), the cuts falling <em>between accounts</em>: an account's list
/// never straddles two chunks. Offsets are 32-bit and local to a chunk (they cannot overflow: a chunk is an
/// array); global edge positions (<see cref="EdgeStart"/>, <see cref="EdgeChunk.FirstEdge"/>) are 64-bit.
/// An account with more than <see cref="MaxChunkEdges"/> edges gets a chunk of its own, up to
/// <see cref="Array.MaxLength"/>; one with more is refused by the planner with an
/// <see cref="OverflowException"/> naming the account and its count.
/// </para>
/// <para>
/// <b>Cost.</b> Per direction 4 bytes per edge (targets), 4 bytes per account plus 4 per chunk (local
/// offsets), 8 per edge with weights: the same as a single-array CSR. Every graph below 2^30 follows has
/// exactly one chunk (<see cref="Single"/> is set), whose offsets and targets are the classic CSR arrays, so
/// kernels pay nothing for the chunking; kernels that stream every edge (PageRank, HITS, HyperBall, coreness)
/// loop over <see cref="Chunks"/> and within a chunk over its accounts.
/// </para>
/// <para>Thread-safe: immutable after construction.</para>
/// </remarks>
public sealed class EdgeChunks
{
    /// <summary>Default largest number of edges in a chunk: 2^30 (4 GiB of targets, 8 GiB of weights).</summary>
    public const int DefaultMaxChunkEdges = 1 << 30;

    private readonly EdgeChunk[] _chunks;
    private readonly int[] _firstNodes;
    private readonly EdgeChunk? _single;

    internal EdgeChunks(int nodeCount, EdgeChunk[] chunks, int maxChunkEdges)
    {
        if (chunks.Length == 0) throw new ArgumentException("At least one chunk is needed.", nameof(chunks));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkEdges, 1);
        long edges = 0;
        int node = 0;
        _firstNodes = new int[chunks.Length];
        for (int c = 0; c < chunks.Length; c++)
        {
            var ch = chunks[c];
            if (ch.FirstNode != node || ch.FirstEdge != edges) throw new ArgumentException($"Chunk {c} does not follow chunk {c - 1}.", nameof(chunks));
            if ((ch.Weights is null) != (chunks[0].Weights is null) || (ch.Times is null) != (chunks[0].Times is null))
                throw new ArgumentException("Every chunk must carry weights (and times) or none.", nameof(chunks));
            _firstNodes[c] = ch.FirstNode;
            node = ch.EndNode;
            edges = checked(edges + ch.EdgeCount);
        }
        if (node != nodeCount) throw new ArgumentException($"The chunks cover {node} accounts, expected {nodeCount}.", nameof(chunks));
        _chunks = chunks;
        _single = chunks.Length == 1 ? chunks[0] : null;
        NodeCount = nodeCount;
        EdgeCount = edges;
        MaxChunkEdges = maxChunkEdges;
    }

    /// <summary>Number of accounts n; lists exist for node ids <c>0 .. n-1</c>.</summary>
    public int NodeCount { get; }

    /// <summary>Number of edges m (64-bit).</summary>
    public long EdgeCount { get; }

    /// <summary>The planner's chunk size limit this direction was cut with (accounts with more edges get a chunk of their own).</summary>
    public int MaxChunkEdges { get; }

    /// <summary>The chunks in node order (at least one; the only one of an empty graph covers no account).</summary>
    public IReadOnlyList<EdgeChunk> Chunks => _chunks;

    /// <summary>Number of chunks (1 for every graph of at most <see cref="MaxChunkEdges"/> edges).</summary>
    public int ChunkCount => _chunks.Length;

    /// <summary>The only chunk when there is one (then its offsets are global), else null: the kernels' fast path.</summary>
    public EdgeChunk? Single => _single;

    /// <summary>True when the edges carry weights.</summary>
    public bool IsWeighted => _chunks[0].Weights is not null;

    /// <summary>True when the edges carry times.</summary>
    public bool HasTimes => _chunks[0].Times is not null;

    /// <summary>Index of the chunk holding account <paramref name="node"/>'s list (binary search over the chunks; O(1) with one chunk).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is outside <c>0 .. NodeCount-1</c>.</exception>
    public int ChunkIndexOf(int node)
    {
        if ((uint)node >= (uint)NodeCount) throw new ArgumentOutOfRangeException(nameof(node), node, $"Node ids are 0..{NodeCount - 1}.");
        return _single is not null ? 0 : ChunkLayout.Find(_firstNodes, node);
    }

    /// <summary>The chunk holding account <paramref name="node"/>'s list.</summary>
    public EdgeChunk ChunkOf(int node) => _single ?? _chunks[ChunkIndexOf(node)];

    /// <summary>The list of <paramref name="node"/> (followees for the out direction, followers for the in direction), as one span.</summary>
    public ReadOnlySpan<int> Neighbours(int node) => ChunkOf(node).Neighbours(node);

    /// <summary>The weights of <paramref name="node"/>'s list, aligned with <see cref="Neighbours"/>.</summary>
    /// <exception cref="InvalidOperationException">The graph is unweighted.</exception>
    public ReadOnlySpan<double> WeightsOf(int node)
    {
        var ch = ChunkOf(node);
        var w = ch.Weights ?? throw new InvalidOperationException("The graph is unweighted.");
        int i = node - ch.FirstNode, lo = ch.Offsets[i];
        return new ReadOnlySpan<double>(w, lo, ch.Offsets[i + 1] - lo);
    }

    /// <summary>The times of <paramref name="node"/>'s list, aligned with <see cref="Neighbours"/>.</summary>
    /// <exception cref="InvalidOperationException">The edges carry no times.</exception>
    public ReadOnlySpan<long> TimesOf(int node)
    {
        var ch = ChunkOf(node);
        var t = ch.Times ?? throw new InvalidOperationException("The edges carry no times.");
        int i = node - ch.FirstNode, lo = ch.Offsets[i];
        return new ReadOnlySpan<long>(t, lo, ch.Offsets[i + 1] - lo);
    }

    /// <summary>Length of <paramref name="node"/>'s list (at most <see cref="Array.MaxLength"/>).</summary>
    public int Degree(int node)
    {
        var ch = ChunkOf(node);
        int i = node - ch.FirstNode;
        return ch.Offsets[i + 1] - ch.Offsets[i];
    }

    /// <summary>Global 64-bit position of <paramref name="node"/>'s first edge (the classic CSR offset), in <c>[0, EdgeCount]</c>.</summary>
    public long EdgeStart(int node)
    {
        var ch = ChunkOf(node);
        return ch.FirstEdge + ch.Offsets[node - ch.FirstNode];
    }

    /// <summary>
    /// The whole direction as single arrays (the classic CSR: offsets of length n+1, targets, weights), without copying
    /// when there is one chunk.
    /// </summary>
    /// <param name="purpose">What needs single arrays, for the error message.</param>
    /// <exception cref="NotSupportedException">More than <see cref="Array.MaxLength"/> edges: they cannot be one array.</exception>
    public (int[] Offsets, int[] Targets, double[]? Weights) ToSingleArrays(string purpose)
    {
        if (_single is { } s) return (s.Offsets, s.Targets, s.Weights);
        if (EdgeCount > Array.MaxLength)
            throw new NotSupportedException($"{purpose} needs the {EdgeCount:N0} edges in one array, but a .NET array holds at most {Array.MaxLength:N0} elements.");
        var offsets = new int[NodeCount + 1];
        var targets = new int[EdgeCount];
        var weights = IsWeighted ? new double[EdgeCount] : null;
        foreach (var ch in _chunks)
        {
            int first = ch.FirstNode, at = (int)ch.FirstEdge;
            for (int v = ch.FirstNode; v <= ch.EndNode; v++) offsets[v] = at + ch.Offsets[v - first];
            ch.Targets.CopyTo(targets, at);
            ch.Weights?.CopyTo(weights!, at);
        }
        return (offsets, targets, weights);
    }

    /// <summary>Single arrays of the times (see <see cref="ToSingleArrays"/>); null when the edges carry none.</summary>
    internal long[]? TimesToSingleArray(string purpose)
    {
        if (!HasTimes) return null;
        if (_single is { } s) return s.Times;
        if (EdgeCount > Array.MaxLength)
            throw new NotSupportedException($"{purpose} needs the {EdgeCount:N0} edge times in one array, but a .NET array holds at most {Array.MaxLength:N0} elements.");
        var times = new long[EdgeCount];
        foreach (var ch in _chunks) ch.Times!.CopyTo(times, (int)ch.FirstEdge);
        return times;
    }

    /// <summary>
    /// Cuts classic CSR arrays into chunks of at most <paramref name="maxChunkEdges"/> edges (the arrays themselves
    /// are kept, without copying, when they make one chunk).
    /// </summary>
    /// <exception cref="OverflowException">An account has more edges than one array can hold.</exception>
    internal static EdgeChunks FromSingleArrays(int nodeCount, int[] offsets, int[] targets, double[]? weights, long[]? times, int maxChunkEdges, Func<int, string>? nameOf = null)
    {
        var layout = ChunkLayout.Plan(nodeCount, v => offsets[v + 1] - offsets[v], maxChunkEdges, nameOf);
        if (layout.ChunkCount == 1)
            return new EdgeChunks(nodeCount, [new EdgeChunk(0, 0, offsets, targets, weights, times)], maxChunkEdges);
        var chunks = new EdgeChunk[layout.ChunkCount];
        for (int c = 0; c < chunks.Length; c++)
        {
            int start = (int)layout.FirstEdges[c], len = (int)layout.EdgeCounts[c];
            chunks[c] = new EdgeChunk(layout.FirstNodes[c], start, layout.LocalOffsets[c],
                targets.AsSpan(start, len).ToArray(), weights?.AsSpan(start, len).ToArray(), times?.AsSpan(start, len).ToArray());
        }
        return new EdgeChunks(nodeCount, chunks, maxChunkEdges);
    }

    /// <summary>Allocates empty chunks for <paramref name="layout"/> (targets, and weights/times when asked), to be filled by the caller.</summary>
    internal static EdgeChunks Allocate(int nodeCount, ChunkLayout layout, bool weights, bool times, int maxChunkEdges)
    {
        var chunks = new EdgeChunk[layout.ChunkCount];
        for (int c = 0; c < chunks.Length; c++)
        {
            int len = checked((int)layout.EdgeCounts[c]);
            chunks[c] = new EdgeChunk(layout.FirstNodes[c], layout.FirstEdges[c], layout.LocalOffsets[c],
                new int[len], weights ? new double[len] : null, times ? new long[len] : null);
        }
        return new EdgeChunks(nodeCount, chunks, maxChunkEdges);
    }

    /// <summary>
    /// The same edges cut with another chunk size (the lists, weights and times are copied; used by tests to drive
    /// every kernel through its multi-chunk path on small graphs).
    /// </summary>
    internal EdgeChunks Rechunk(int maxChunkEdges)
    {
        var layout = ChunkLayout.Plan(NodeCount, v => Degree(v), maxChunkEdges);
        var result = Allocate(NodeCount, layout, IsWeighted, HasTimes, maxChunkEdges);
        foreach (var ch in result._chunks)
        {
            for (int v = ch.FirstNode; v < ch.EndNode; v++)
            {
                int at = ch.Offsets[v - ch.FirstNode];
                Neighbours(v).CopyTo(ch.Targets.AsSpan(at));
                if (ch.Weights is not null) WeightsOf(v).CopyTo(ch.Weights.AsSpan(at));
                if (ch.Times is not null) TimesOf(v).CopyTo(ch.Times.AsSpan(at));
            }
        }
        return result;
    }

    /// <summary>
    /// The reverse direction: for every edge <c>u -> t</c> of this one, the edge <c>t -> u</c>, each list ascending
    /// (a counting sort, O(n + m)); weights follow their edges, times are not carried.
    /// </summary>
    /// <exception cref="OverflowException">An account would have more edges than one array can hold (the message names it).</exception>
    internal EdgeChunks Transpose(int maxChunkEdges, Func<int, string>? nameOf = null)
    {
        int n = NodeCount;
        var degree = new long[n];
        foreach (var ch in _chunks)
            foreach (int t in ch.Targets) degree[t]++;
        var layout = ChunkLayout.Plan(n, v => degree[v], maxChunkEdges, nameOf, "in-edges");
        degree = null!;
        var result = Allocate(n, layout, IsWeighted, false, maxChunkEdges);
        var cursor = new int[n];
        foreach (var rc in result._chunks) Array.Copy(rc.Offsets, 0, cursor, rc.FirstNode, rc.EndNode - rc.FirstNode);
        var owner = result._single;
        foreach (var ch in _chunks)
        {
            int[] off = ch.Offsets, tgt = ch.Targets;
            double[]? w = ch.Weights;
            for (int u = ch.FirstNode; u < ch.EndNode; u++)
            {
                for (int e = off[u - ch.FirstNode], end = off[u - ch.FirstNode + 1]; e < end; e++)
                {
                    int t = tgt[e];
                    var into = owner ?? result.ChunkOf(t);
                    int pos = cursor[t]++;
                    into.Targets[pos] = u;
                    if (w is not null) into.Weights![pos] = w[e];
                }
            }
        }
        return result;
    }
}

/// <summary>
/// The chunk planner's output: where each chunk starts (account and 64-bit edge position), how many edges it holds,
/// and its local 32-bit offsets. Built from degree <em>counts</em> only, so the boundary arithmetic can be checked
/// for graphs far larger than memory.
/// </summary>
internal sealed class ChunkLayout
{
    private ChunkLayout(int[] firstNodes, long[] firstEdges, long[] edgeCounts, int[][] localOffsets)
    {
        FirstNodes = firstNodes;
        FirstEdges = firstEdges;
        EdgeCounts = edgeCounts;
        LocalOffsets = localOffsets;
    }

    /// <summary>First account of each chunk (ascending; the first is 0).</summary>
    public int[] FirstNodes { get; }

    /// <summary>Global position of each chunk's first edge.</summary>
    public long[] FirstEdges { get; }

    /// <summary>Edges in each chunk.</summary>
    public long[] EdgeCounts { get; }

    /// <summary>Per chunk, the local offsets of its accounts (length accounts + 1).</summary>
    public int[][] LocalOffsets { get; }

    /// <summary>Number of chunks (at least 1).</summary>
    public int ChunkCount => FirstNodes.Length;

    /// <summary>Total edges (checked 64-bit sum).</summary>
    public long EdgeCount => FirstEdges[^1] + EdgeCounts[^1];

    /// <summary>Index of the chunk whose account range holds <paramref name="node"/>.</summary>
    public int ChunkIndexOf(int node) => Find(FirstNodes, node);

    /// <summary>Global 64-bit position of <paramref name="node"/>'s first edge.</summary>
    public long EdgeStart(int node)
    {
        int c = ChunkIndexOf(node);
        return FirstEdges[c] + LocalOffsets[c][node - FirstNodes[c]];
    }

    /// <summary>Last index c with <c>firstNodes[c] &lt;= node</c> (chunks holding no account share a first node with the next; the later wins).</summary>
    internal static int Find(int[] firstNodes, int node)
    {
        int lo = 0, hi = firstNodes.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (firstNodes[mid] <= node) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>
    /// Cuts accounts <c>0 .. nodeCount-1</c> with the given list lengths into consecutive chunks: greedily, a new chunk
    /// starts when the next account's list would push the current one past <paramref name="maxChunkEdges"/> edges. An
    /// account with more than <paramref name="maxChunkEdges"/> edges (but at most <see cref="Array.MaxLength"/>) gets a
    /// chunk of its own. Totals are 64-bit and checked.
    /// </summary>
    /// <param name="nodeCount">n &gt;= 0.</param>
    /// <param name="degree">Length of each account's list (a count; &gt;= 0).</param>
    /// <param name="maxChunkEdges">Chunk size limit, &gt;= 1.</param>
    /// <param name="nameOf">Handle of an account, for error messages (node id when null).</param>
    /// <param name="what">What the lists hold, for error messages.</param>
    /// <exception cref="OverflowException">An account's list exceeds <see cref="Array.MaxLength"/> (the message names it and its count).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or chunk size.</exception>
    public static ChunkLayout Plan(int nodeCount, Func<int, long> degree, long maxChunkEdges, Func<int, string>? nameOf = null, string what = "edges")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkEdges, 1);
        maxChunkEdges = Math.Min(maxChunkEdges, Array.MaxLength);
        var firstNodes = new List<int> { 0 };
        var firstEdges = new List<long> { 0 };
        var counts = new List<long>();
        var offsets = new List<int[]>();
        var local = new List<int> { 0 };
        long current = 0, total = 0;
        for (int v = 0; v < nodeCount; v++)
        {
            long d = degree(v);
            if (d < 0) throw new ArgumentOutOfRangeException(nameof(degree), d, $"Account {Name(nameOf, v)} has a negative count of {what}.");
            if (d > Array.MaxLength)
                throw new OverflowException($"Account {Name(nameOf, v)} has {d:N0} {what}; one account's list is one array, and a .NET array holds at most {Array.MaxLength:N0} elements.");
            if (current > 0 && current + d > maxChunkEdges)
            {
                counts.Add(current);
                offsets.Add(local.ToArray());
                total = checked(total + current);
                firstNodes.Add(v);
                firstEdges.Add(total);
                local.Clear();
                local.Add(0);
                current = 0;
            }
            current += d; // <= max(maxChunkEdges, Array.MaxLength) + Array.MaxLength: no long overflow
            local.Add(checked((int)current));
        }
        counts.Add(current);
        offsets.Add(local.ToArray());
        checked { _ = total + current; }
        return new ChunkLayout(firstNodes.ToArray(), firstEdges.ToArray(), counts.ToArray(), offsets.ToArray());
    }

    private static string Name(Func<int, string>? nameOf, int v) => nameOf is null ? $"#{v}" : $"'{nameOf(v)}' (node {v})";
}

/// <summary>
/// Builds one chunked direction from edges given in CSR order (sources non-decreasing, each list in its final order),
/// without knowing the degrees in advance: when a chunk is full, the list being filled moves to a new chunk, so no
/// list straddles two chunks. Memory: the edges plus one growing chunk. Used to reload stored graphs of any size.
/// </summary>
internal sealed class ChunkedCsrWriter
{
    private readonly int _n, _max;
    private readonly bool _weighted, _timed;
    private readonly Func<int, string>? _nameOf;
    private readonly List<EdgeChunk> _done = new();
    private long _firstEdge;
    private int _chunkFirst;      // first account of the open chunk
    private int _current;         // accounts < _current have their list start recorded in _offsets
    private int[] _offsets = new int[16];
    private int[] _targets = new int[16];
    private double[]? _weights;
    private long[]? _times;
    private int _count;

    /// <param name="nodeCount">n: lists for accounts 0..n-1.</param>
    /// <param name="weighted">Whether edges carry a weight.</param>
    /// <param name="timed">Whether edges carry a time.</param>
    /// <param name="maxChunkEdges">Chunk size limit (an account with more edges gets a chunk of its own).</param>
    /// <param name="nameOf">Handle of an account, for error messages.</param>
    /// <param name="expectedEdges">Edges the caller expects (a hint, &gt;= 0, e.g. a stored count): the first chunk's
    /// arrays are sized for min(hint, chunk limit) edges and the offsets for all accounts, so a reload of a known graph
    /// allocates each array once instead of doubling (which copies and briefly holds 1.5x the edges).</param>
    public ChunkedCsrWriter(int nodeCount, bool weighted, bool timed, int maxChunkEdges, Func<int, string>? nameOf = null, long expectedEdges = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkEdges, 1);
        _n = nodeCount;
        _max = Math.Min(maxChunkEdges, Array.MaxLength);
        _weighted = weighted;
        _timed = timed;
        _nameOf = nameOf;
        int cap = (int)Math.Max(1, Math.Min(Math.Max(expectedEdges, 16), _max));
        _targets = new int[cap];
        _offsets = new int[(int)Math.Min(Array.MaxLength, Math.Max(16L, nodeCount + 1L))];
        if (weighted) _weights = new double[cap];
        if (timed) _times = new long[cap];
    }

    /// <summary>Edges appended so far.</summary>
    public long EdgeCount => _firstEdge + _count;

    /// <summary>Appends the edge <paramref name="source"/> → <paramref name="target"/>.</summary>
    /// <exception cref="InvalidDataException">Out of CSR order, or an id outside 0..n-1.</exception>
    /// <exception cref="OverflowException">One account's list would pass <see cref="Array.MaxLength"/>.</exception>
    public void Append(int source, int target, double weight = 1.0, long time = GraphSnapshot.NoTime)
    {
        if ((uint)source >= (uint)_n || (uint)target >= (uint)_n)
            throw new InvalidDataException($"Edge {EdgeCount} ({source} -> {target}) refers to an account outside 0..{_n - 1}.");
        if (source < _current - 1) throw new InvalidDataException($"Edge {EdgeCount} ({source} -> {target}) is not in CSR order (sources must not decrease).");
        while (_current <= source) StartList();
        if (_count >= _max)
        {
            int listStart = _offsets[source - _chunkFirst];
            if (listStart > 0) Split(source, listStart);
            else if (_count >= Array.MaxLength)
                throw new OverflowException($"Account {(_nameOf is null ? $"#{source}" : $"'{_nameOf(source)}' (node {source})")} has more than {Array.MaxLength:N0} edges; one account's list is one array.");
        }
        if (_count == _targets.Length) Grow();
        _targets[_count] = target;
        if (_weights is not null) _weights[_count] = weight;
        if (_times is not null) _times[_count] = time;
        _count++;
    }

    /// <summary>Closes the last chunk (accounts without edges get empty lists) and returns the direction.</summary>
    public EdgeChunks Finish(int maxChunkEdges)
    {
        while (_current < _n) StartList();
        Close(_n);
        return new EdgeChunks(_n, _done.ToArray(), maxChunkEdges);
    }

    private void StartList()
    {
        int i = _current - _chunkFirst;
        if (i + 1 >= _offsets.Length) Array.Resize(ref _offsets, (int)Math.Min(Array.MaxLength, 2L * _offsets.Length));
        _offsets[i] = _count;
        _current++;
    }

    private void Grow()
    {
        int cap = (int)Math.Min(Array.MaxLength, Math.Max(2L * _targets.Length, 16));
        Array.Resize(ref _targets, cap);
        if (_weights is not null) Array.Resize(ref _weights, cap);
        if (_times is not null) Array.Resize(ref _times, cap);
    }

    /// <summary>Closes the open chunk before account <paramref name="node"/> (whose list starts at <paramref name="listStart"/>) and moves that list into a new chunk.</summary>
    private void Split(int node, int listStart)
    {
        int carried = _count - listStart;
        var t = _targets.AsSpan(listStart, carried).ToArray();
        var w = _weights?.AsSpan(listStart, carried).ToArray();
        var tm = _times?.AsSpan(listStart, carried).ToArray();
        _count = listStart;
        Close(node);
        _current = node;
        StartList();
        int cap = Math.Max(16, carried * 2);
        _targets = new int[cap];
        t.CopyTo(_targets, 0);
        if (_weighted) { _weights = new double[cap]; w!.CopyTo(_weights, 0); }
        if (_timed) { _times = new long[cap]; tm!.CopyTo(_times, 0); }
        _count = carried;
    }

    /// <summary>Turns the open chunk, accounts [_chunkFirst, end), into a finished chunk and opens an empty one at <paramref name="end"/>.</summary>
    private void Close(int end)
    {
        int accounts = end - _chunkFirst;
        var offsets = new int[accounts + 1];
        Array.Copy(_offsets, offsets, accounts);
        offsets[accounts] = _count;
        var targets = _targets.Length == _count ? _targets : _targets.AsSpan(0, _count).ToArray();
        var weights = _weights is null ? null : _weights.Length == _count ? _weights : _weights.AsSpan(0, _count).ToArray();
        var times = _times is null ? null : _times.Length == _count ? _times : _times.AsSpan(0, _count).ToArray();
        _done.Add(new EdgeChunk(_chunkFirst, _firstEdge, offsets, targets, weights, times));
        _firstEdge += _count;
        _chunkFirst = end;
        _count = 0;
        _targets = new int[16];
        if (_weighted) _weights = new double[16];
        if (_timed) _times = new long[16];
        Array.Clear(_offsets);
    }
}
