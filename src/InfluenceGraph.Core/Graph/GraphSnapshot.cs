using QuikGraph;

namespace InfluenceGraph.Core.Graph;

/// <summary>
/// An immutable follower network in compressed sparse row (CSR) form, stored in both directions,
/// and usable as a QuikGraph <see cref="IBidirectionalGraph{TVertex,TEdge}"/> over node ids.
/// </summary>
/// <remarks>
/// <para>
/// <b>Direction.</b> An edge <c>u -> v</c> means <em>u follows v</em>: u is the <em>follower</em>
/// and sees what v (the <em>followee</em>) posts. So the out-degree of an account is the number of
/// accounts it follows (followees) and its in-degree is its number of followers. PageRank credit
/// flows along the edges, from follower to followee (an account followed by important accounts
/// ranks high); reach flows against them (a followee's posts reach its followers).
/// </para>
/// <para>
/// Example with three accounts, <c>alice -> bob</c>, <c>carol -> bob</c>, <c>bob -> carol</c>:
/// bob has in-degree 2 (followers alice and carol) and out-degree 1; alice has no followers, so her
/// posts reach nobody and her PageRank is the teleport floor; bob's posts reach alice and carol
/// directly; carol is followed by bob only, but bob's rank flows to her, so she ranks above alice.
/// </para>
/// <para>
/// <b>Layout.</b> Node ids are <c>0 .. NodeCount-1</c> (<see cref="Accounts"/> maps them to handles).
/// <see cref="Followees"/>(u) are u's followees and <see cref="Followers"/>(v) are v's followers, each one
/// contiguous span sorted ascending, held by <see cref="OutEdgeChunks"/> and <see cref="InEdgeChunks"/>: CSR
/// arrays cut into chunks of at most 2^30 edges between accounts, with 32-bit offsets local to a chunk and
/// 64-bit global edge positions, so no count overflows past 2^31 follows (see <see cref="EdgeChunks"/>).
/// Unweighted, the topology costs 8 bytes per edge plus 8 bytes per account (two <see cref="int"/> targets
/// per edge, two <see cref="int"/> offsets per account, plus 4 bytes per chunk); weights add 16 bytes per
/// edge (<see cref="double"/> in each direction). The account handles are held by <see cref="Accounts"/>.
/// </para>
/// <para>
/// <b>QuikGraph.</b> Vertices are node ids and edges are <see cref="SEdge{TVertex}"/> values
/// created on the fly, so QuikGraph's algorithms (strongly connected components, search, shortest
/// paths...) run on the snapshot without copying it. Edge enumeration allocates an enumerator per
/// call; the centrality kernels use the arrays directly.
/// </para>
/// <para>Thread-safe: every member is read-only.</para>
/// </remarks>
public sealed class GraphSnapshot : IBidirectionalGraph<int, SEdge<int>>
{
    /// <summary>Builds a snapshot from the out-direction as classic CSR arrays (cut into chunks of at most <paramref name="maxChunkEdges"/> edges) and derives the in-direction.</summary>
    internal GraphSnapshot(
        AccountIndex accounts, GraphBuildOptions options,
        int[] outOffsets, int[] outTargets, double[]? outWeights,
        long edgeRowsRead, long[]? outTimes = null, int maxChunkEdges = EdgeChunks.DefaultMaxChunkEdges)
        : this(accounts, options, EdgeChunks.FromSingleArrays(accounts.Count, outOffsets, outTargets, outWeights, outTimes, maxChunkEdges, v => accounts[v]), null, edgeRowsRead)
    { }

    /// <summary>Builds a snapshot from chunked out-edges; the in-direction is derived (O(n + m)) when <paramref name="inEdges"/> is null.</summary>
    /// <param name="accounts">The account index (ids = node ids).</param>
    /// <param name="options">The policy the edges were built with.</param>
    /// <param name="outEdges">The out-edges.</param>
    /// <param name="inEdges">The in-edges, or null to derive them.</param>
    /// <param name="edgeRowsRead">Rows read to build it.</param>
    /// <param name="deriveInEdgesInBackground">With null <paramref name="inEdges"/> and more than one processor: derive them on
    /// their own thread (the import stores the snapshot meanwhile, which needs only the out-edges); <see cref="InEdgeChunks"/>
    /// (and every method reading followers) waits for them, and rethrows what deriving them threw
    /// (<see cref="OverflowException"/> naming an account, <see cref="OutOfMemoryException"/>).</param>
    internal GraphSnapshot(AccountIndex accounts, GraphBuildOptions options, EdgeChunks outEdges, EdgeChunks? inEdges, long edgeRowsRead,
        bool deriveInEdgesInBackground = false)
    {
        if (outEdges.NodeCount != accounts.Count) throw new ArgumentException($"The edges cover {outEdges.NodeCount} accounts, the index {accounts.Count}.", nameof(outEdges));
        if (inEdges is null && deriveInEdgesInBackground && Environment.ProcessorCount > 1)
            _inTask = Task.Factory.StartNew(() => outEdges.Transpose(outEdges.MaxChunkEdges, v => accounts[v]),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        else
        {
            inEdges ??= outEdges.Transpose(outEdges.MaxChunkEdges, v => accounts[v]);
            if (inEdges.NodeCount != outEdges.NodeCount || inEdges.EdgeCount != outEdges.EdgeCount || inEdges.IsWeighted != outEdges.IsWeighted)
                throw new ArgumentException("The in-edges do not mirror the out-edges.", nameof(inEdges));
            _in = inEdges;
        }
        Accounts = accounts;
        BuildOptions = options;
        OutEdgeChunks = outEdges;
        EdgeRowsRead = edgeRowsRead;
        int loops = 0;
        foreach (var ch in outEdges.Chunks)
            for (int u = ch.FirstNode; u < ch.EndNode; u++)
                foreach (int t in ch.Neighbours(u))
                    if (t == u) loops++;
        SelfLoopCount = loops;
    }

    /// <summary>
    /// The same graph with its edge arrays cut into chunks of at most <paramref name="maxChunkEdges"/> edges (copies;
    /// for tests that drive every kernel through the multi-chunk paths on small graphs).
    /// </summary>
    internal GraphSnapshot Rechunk(int maxChunkEdges)
    {
        var outEdges = OutEdgeChunks.Rechunk(maxChunkEdges);
        return new GraphSnapshot(Accounts, BuildOptions, outEdges, InEdgeChunks.Rechunk(maxChunkEdges), EdgeRowsRead);
    }

    /// <summary>The time of an edge that has none (imported without a time column): present at every time.</summary>
    public const long NoTime = long.MinValue;

    /// <summary>
    /// When each out-edge came into being, in <see cref="OutEdgeChunks"/>' <see cref="EdgeChunk.Times"/> (parallel to
    /// the targets): seconds since the Unix epoch (UTC), the earliest time any row of that pair carried, or
    /// <see cref="NoTime"/> for an edge imported without a time. Absent when no edge of the graph has a time. Used by
    /// <see cref="EdgeTimes.AsOf"/> to rebuild the network as it stood at a given time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph has no edge times (<see cref="HasEdgeTimes"/> is false).</exception>
    public ReadOnlySpan<long> FolloweeTimes(int u) => OutEdgeChunks.TimesOf(u);

    /// <summary>True when some edge was imported with a time (<see cref="FolloweeTimes"/> is available).</summary>
    public bool HasEdgeTimes => OutEdgeChunks.HasTimes;

    /// <summary>An empty graph (no account, no edge).</summary>
    public static GraphSnapshot Empty { get; } = new GraphBuilder().Build();

    /// <summary>Handles of the accounts, indexed by node id (frozen).</summary>
    public AccountIndex Accounts { get; }

    /// <summary>The duplicate/self-loop policy this snapshot was built with.</summary>
    public GraphBuildOptions BuildOptions { get; }

    /// <summary>Number of accounts n (isolated ones included).</summary>
    public int NodeCount => OutEdgeChunks.NodeCount;

    /// <summary>Number of edges m after the duplicate and self-loop policy.</summary>
    public long EdgeCount => OutEdgeChunks.EdgeCount;

    /// <summary>Edge rows given to the builder, before duplicates were collapsed or self-loops dropped.</summary>
    public long EdgeRowsRead { get; }

    /// <summary>Number of self-loop edges kept.</summary>
    public int SelfLoopCount { get; }

    /// <summary>True when the snapshot carries edge weights.</summary>
    public bool IsWeighted => OutEdgeChunks.IsWeighted;

    /// <summary>
    /// The out-edges (u's followees, ascending), chunked: see <see cref="EdgeChunks"/>. One chunk (whose offsets and
    /// targets are the classic CSR arrays) for every graph below 2^30 follows.
    /// </summary>
    public EdgeChunks OutEdgeChunks { get; }

    /// <summary>The in-edges (v's followers, ascending), chunked like <see cref="OutEdgeChunks"/> (each direction is cut on its own).</summary>
    /// <exception cref="OverflowException">Derived in the background and one account has more followers than one array holds.</exception>
    public EdgeChunks InEdgeChunks => _in ?? WaitForInEdges();

    private EdgeChunks? _in;
    private readonly Task<EdgeChunks>? _inTask;

    /// <summary>Waits for the in-edges derived in the background (see the constructor) and keeps them.</summary>
    private EdgeChunks WaitForInEdges()
    {
        var r = _inTask!.GetAwaiter().GetResult();
        _in = r;
        return r;
    }

    /// <summary>Number of followees of node <paramref name="u"/> (edges counted per the duplicate policy).</summary>
    public int OutDegreeOf(int u) => OutEdgeChunks.Degree(u);

    /// <summary>Number of followers of node <paramref name="v"/> (edges counted per the duplicate policy).</summary>
    public int InDegreeOf(int v) => InEdgeChunks.Degree(v);

    /// <summary>The followees of <paramref name="u"/> as a span of node ids, ascending.</summary>
    public ReadOnlySpan<int> Followees(int u) => OutEdgeChunks.Neighbours(u);

    /// <summary>The followers of <paramref name="v"/> as a span of node ids, ascending.</summary>
    public ReadOnlySpan<int> Followers(int v) => InEdgeChunks.Neighbours(v);

    /// <summary>The weights of <paramref name="u"/>'s out-edges, aligned with <see cref="Followees"/>.</summary>
    /// <exception cref="InvalidOperationException">The snapshot is unweighted.</exception>
    public ReadOnlySpan<double> FolloweeWeights(int u) => OutEdgeChunks.WeightsOf(u);

    /// <summary>The weights of <paramref name="v"/>'s in-edges, aligned with <see cref="Followers"/>.</summary>
    /// <exception cref="InvalidOperationException">The snapshot is unweighted.</exception>
    public ReadOnlySpan<double> FollowerWeights(int v) => InEdgeChunks.WeightsOf(v);

    /// <summary>Bytes held by the topology and weight arrays (not the account handles): 4 per edge and direction for the targets, 4 per account and chunk for the local offsets, 8 per edge and direction for weights.</summary>
    public long TopologyBytes => Bytes(OutEdgeChunks) + Bytes(InEdgeChunks);

    private static long Bytes(EdgeChunks d)
    {
        long b = 0;
        foreach (var ch in d.Chunks) b += 4L * (ch.Offsets.Length + ch.Targets.Length) + 8L * (ch.Weights?.Length ?? 0);
        return b;
    }

    /// <summary>
    /// Managed memory of this snapshot by part — topology, weights, times, account index (attributes 0;
    /// <see cref="SnapshotMemory.Of(Storage.GraphState)"/> adds them) — computed from the array sizes.
    /// </summary>
    public SnapshotMemory MemoryBytes => SnapshotMemory.Of(this);

    /// <summary>Node id of an account handle (canonicalised as by <see cref="AccountIndex"/>).</summary>
    public bool TryGetNode(string account, out int node) => Accounts.TryGetId(account, out node);

    // ---- QuikGraph: IBidirectionalGraph<int, SEdge<int>> ---------------------------------

    /// <inheritdoc />
    public bool IsDirected => true;

    /// <inheritdoc />
    public bool AllowParallelEdges => BuildOptions.DuplicateEdges == DuplicateEdgePolicy.Keep;

    /// <inheritdoc />
    public bool IsVerticesEmpty => NodeCount == 0;

    /// <inheritdoc />
    public int VertexCount => NodeCount;

    /// <inheritdoc />
    public IEnumerable<int> Vertices => Enumerable.Range(0, NodeCount);

    /// <inheritdoc />
    public bool ContainsVertex(int vertex) => (uint)vertex < (uint)NodeCount;

    /// <inheritdoc />
    public bool IsEdgesEmpty => EdgeCount == 0;

    /// <inheritdoc />
    int IEdgeSet<int, SEdge<int>>.EdgeCount => checked((int)EdgeCount);

    /// <inheritdoc />
    public IEnumerable<SEdge<int>> Edges
    {
        get
        {
            foreach (var ch in OutEdgeChunks.Chunks)
                for (int u = ch.FirstNode; u < ch.EndNode; u++)
                    for (int e = ch.Offsets[u - ch.FirstNode]; e < ch.Offsets[u - ch.FirstNode + 1]; e++)
                        yield return new SEdge<int>(u, ch.Targets[e]);
        }
    }

    /// <inheritdoc />
    public bool ContainsEdge(SEdge<int> edge) => ContainsEdge(edge.Source, edge.Target);

    /// <inheritdoc />
    public bool ContainsEdge(int source, int target)
    {
        if (!ContainsVertex(source) || !ContainsVertex(target)) return false;
        return Followees(source).BinarySearch(target) >= 0;
    }

    /// <inheritdoc />
    public bool TryGetEdge(int source, int target, out SEdge<int> edge)
    {
        edge = new SEdge<int>(source, target);
        return ContainsEdge(source, target);
    }

    /// <inheritdoc />
    public bool TryGetEdges(int source, int target, out IEnumerable<SEdge<int>> edges)
    {
        if (!ContainsVertex(source) || !ContainsVertex(target)) { edges = []; return false; }
        int count = 0;
        foreach (int t in Followees(source)) if (t == target) count++;
        edges = Enumerable.Repeat(new SEdge<int>(source, target), count);
        return true;
    }

    /// <inheritdoc />
    public bool IsOutEdgesEmpty(int vertex) => OutDegree(vertex) == 0;

    /// <inheritdoc />
    public int OutDegree(int vertex) { CheckVertex(vertex); return OutDegreeOf(vertex); }

    /// <inheritdoc />
    public IEnumerable<SEdge<int>> OutEdges(int vertex)
    {
        CheckVertex(vertex);
        return OutEdgesIterator(vertex);
    }

    private IEnumerable<SEdge<int>> OutEdgesIterator(int u)
    {
        var ch = OutEdgeChunks.ChunkOf(u);
        for (int e = ch.Offsets[u - ch.FirstNode]; e < ch.Offsets[u - ch.FirstNode + 1]; e++) yield return new SEdge<int>(u, ch.Targets[e]);
    }

    /// <inheritdoc />
    public bool TryGetOutEdges(int vertex, out IEnumerable<SEdge<int>> edges)
    {
        if (!ContainsVertex(vertex)) { edges = []; return false; }
        edges = OutEdgesIterator(vertex);
        return true;
    }

    /// <inheritdoc />
    public SEdge<int> OutEdge(int vertex, int index)
    {
        CheckVertex(vertex);
        if ((uint)index >= (uint)OutDegreeOf(vertex)) throw new ArgumentOutOfRangeException(nameof(index));
        return new SEdge<int>(vertex, Followees(vertex)[index]);
    }

    /// <inheritdoc />
    public bool IsInEdgesEmpty(int vertex) => InDegree(vertex) == 0;

    /// <inheritdoc />
    public int InDegree(int vertex) { CheckVertex(vertex); return InDegreeOf(vertex); }

    /// <inheritdoc />
    public IEnumerable<SEdge<int>> InEdges(int vertex)
    {
        CheckVertex(vertex);
        return InEdgesIterator(vertex);
    }

    private IEnumerable<SEdge<int>> InEdgesIterator(int v)
    {
        var ch = InEdgeChunks.ChunkOf(v);
        for (int e = ch.Offsets[v - ch.FirstNode]; e < ch.Offsets[v - ch.FirstNode + 1]; e++) yield return new SEdge<int>(ch.Targets[e], v);
    }

    /// <inheritdoc />
    public bool TryGetInEdges(int vertex, out IEnumerable<SEdge<int>> edges)
    {
        if (!ContainsVertex(vertex)) { edges = []; return false; }
        edges = InEdgesIterator(vertex);
        return true;
    }

    /// <inheritdoc />
    public SEdge<int> InEdge(int vertex, int index)
    {
        CheckVertex(vertex);
        if ((uint)index >= (uint)InDegreeOf(vertex)) throw new ArgumentOutOfRangeException(nameof(index));
        return new SEdge<int>(Followers(vertex)[index], vertex);
    }

    /// <inheritdoc />
    public int Degree(int vertex) => InDegree(vertex) + OutDegree(vertex);

    private void CheckVertex(int vertex)
    {
        if (!ContainsVertex(vertex)) throw new VertexNotFoundException($"Node id {vertex} is not in this graph (0..{NodeCount - 1}).");
    }
}
