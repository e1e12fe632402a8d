using System.Diagnostics.CodeAnalysis;
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
/// <c>OutTargets[OutOffsets[u] .. OutOffsets[u+1])</c> are u's followees, sorted ascending;
/// <c>InSources[InOffsets[v] .. InOffsets[v+1])</c> are v's followers, sorted ascending. Unweighted,
/// the topology costs 8 bytes per edge plus 8 bytes per account (two <see cref="int"/> targets per
/// edge, two <see cref="int"/> offsets per account); weights add 16 bytes per edge
/// (<see cref="double"/> in each direction). The account handles are held by <see cref="Accounts"/>.
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
    internal GraphSnapshot(
        AccountIndex accounts, GraphBuildOptions options,
        int[] outOffsets, int[] outTargets, double[]? outWeights,
        int[] inOffsets, int[] inSources, double[]? inWeights,
        long edgeRowsRead, long[]? outTimes = null)
    {
        if (outTimes is not null && outTimes.Length != outTargets.Length) throw new ArgumentException("One time per edge is needed.", nameof(outTimes));
        OutTimes = outTimes;
        Accounts = accounts;
        BuildOptions = options;
        OutOffsets = outOffsets;
        OutTargets = outTargets;
        OutWeights = outWeights;
        InOffsets = inOffsets;
        InSources = inSources;
        InWeights = inWeights;
        EdgeRowsRead = edgeRowsRead;
        int loops = 0;
        for (int u = 0; u < NodeCount; u++)
            for (int e = outOffsets[u]; e < outOffsets[u + 1]; e++)
                if (outTargets[e] == u) loops++;
        SelfLoopCount = loops;
    }

    /// <summary>The time of an edge that has none (imported without a time column): present at every time.</summary>
    public const long NoTime = long.MinValue;

    /// <summary>
    /// When each out-edge came into being, parallel to <see cref="OutTargets"/>: seconds since the Unix epoch (UTC),
    /// the earliest time any row of that pair carried, or <see cref="NoTime"/> for an edge imported without a time;
    /// null when no edge of the graph has a time. Used by <see cref="EdgeTimes.AsOf"/> to rebuild the network as it
    /// stood at a given time.
    /// </summary>
    public long[]? OutTimes { get; }

    /// <summary>True when some edge was imported with a time (<see cref="OutTimes"/> is set).</summary>
    public bool HasEdgeTimes => OutTimes is not null;

    /// <summary>An empty graph (no account, no edge).</summary>
    public static GraphSnapshot Empty { get; } = new GraphBuilder().Build();

    /// <summary>Handles of the accounts, indexed by node id (frozen).</summary>
    public AccountIndex Accounts { get; }

    /// <summary>The duplicate/self-loop policy this snapshot was built with.</summary>
    public GraphBuildOptions BuildOptions { get; }

    /// <summary>Number of accounts n (isolated ones included).</summary>
    public int NodeCount => OutOffsets.Length - 1;

    /// <summary>Number of edges m after the duplicate and self-loop policy.</summary>
    public long EdgeCount => OutTargets.Length;

    /// <summary>Edge rows given to the builder, before duplicates were collapsed or self-loops dropped.</summary>
    public long EdgeRowsRead { get; }

    /// <summary>Number of self-loop edges kept.</summary>
    public int SelfLoopCount { get; }

    /// <summary>True when the snapshot carries edge weights.</summary>
    [MemberNotNullWhen(true, nameof(OutWeights), nameof(InWeights))]
    public bool IsWeighted => OutWeights is not null;

    /// <summary>Length n+1: out-edges of u are positions <c>[OutOffsets[u], OutOffsets[u+1])</c> of <see cref="OutTargets"/>.</summary>
    public int[] OutOffsets { get; }

    /// <summary>Length m: followee of each out-edge, grouped by follower, ascending inside a group.</summary>
    public int[] OutTargets { get; }

    /// <summary>Length m or null: weight of each out-edge, aligned with <see cref="OutTargets"/>.</summary>
    public double[]? OutWeights { get; }

    /// <summary>Length n+1: in-edges of v are positions <c>[InOffsets[v], InOffsets[v+1])</c> of <see cref="InSources"/>.</summary>
    public int[] InOffsets { get; }

    /// <summary>Length m: follower of each in-edge, grouped by followee, ascending inside a group.</summary>
    public int[] InSources { get; }

    /// <summary>Length m or null: weight of each in-edge, aligned with <see cref="InSources"/>.</summary>
    public double[]? InWeights { get; }

    /// <summary>Number of followees of node <paramref name="u"/> (edges counted per the duplicate policy).</summary>
    public int OutDegreeOf(int u) => OutOffsets[u + 1] - OutOffsets[u];

    /// <summary>Number of followers of node <paramref name="v"/> (edges counted per the duplicate policy).</summary>
    public int InDegreeOf(int v) => InOffsets[v + 1] - InOffsets[v];

    /// <summary>The followees of <paramref name="u"/> as a span of node ids.</summary>
    public ReadOnlySpan<int> Followees(int u) => OutTargets.AsSpan(OutOffsets[u], OutOffsets[u + 1] - OutOffsets[u]);

    /// <summary>The followers of <paramref name="v"/> as a span of node ids.</summary>
    public ReadOnlySpan<int> Followers(int v) => InSources.AsSpan(InOffsets[v], InOffsets[v + 1] - InOffsets[v]);

    /// <summary>Bytes held by the topology and weight arrays (not the account handles).</summary>
    public long TopologyBytes =>
        4L * (OutOffsets.Length + OutTargets.Length + InOffsets.Length + InSources.Length)
        + 8L * ((OutWeights?.Length ?? 0) + (InWeights?.Length ?? 0));

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
            for (int u = 0; u < NodeCount; u++)
                for (int e = OutOffsets[u]; e < OutOffsets[u + 1]; e++)
                    yield return new SEdge<int>(u, OutTargets[e]);
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
        for (int e = OutOffsets[u]; e < OutOffsets[u + 1]; e++) yield return new SEdge<int>(u, OutTargets[e]);
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
        return new SEdge<int>(vertex, OutTargets[OutOffsets[vertex] + index]);
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
        for (int e = InOffsets[v]; e < InOffsets[v + 1]; e++) yield return new SEdge<int>(InSources[e], v);
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
        return new SEdge<int>(InSources[InOffsets[vertex] + index], vertex);
    }

    /// <inheritdoc />
    public int Degree(int vertex) => InDegree(vertex) + OutDegree(vertex);

    private void CheckVertex(int vertex)
    {
        if (!ContainsVertex(vertex)) throw new VertexNotFoundException($"Node id {vertex} is not in this graph (0..{NodeCount - 1}).");
    }
}
