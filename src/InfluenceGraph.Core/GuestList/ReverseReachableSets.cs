using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.GuestList;

/// <summary>How the Independent Cascade model gives each edge its probability.</summary>
public enum CascadeProbability
{
    /// <summary>
    /// Weighted cascade (Kempe, Kleinberg, Tardos 2003): a follower u passes on a post of a followee v
    /// with probability <c>1 / followees(u)</c> (the number of accounts u follows), the default.
    /// </summary>
    WeightedCascade,
    /// <summary>Every edge has the same probability p.</summary>
    Uniform,
    /// <summary>The edge weight is the probability (the graph must be weighted with weights in [0, 1]).</summary>
    EdgeWeights,
}

/// <summary>
/// A growing sample of reverse-reachable (RR) sets of the Independent Cascade model (Borgs, Brautbar,
/// Chayes, Lucier 2014): set i picks a root account uniformly at random and holds every account whose
/// posts reach the root over live edges, found by a reverse search (root, then the followees it passes
/// on, then theirs...). For any list S, <c>n × (share of RR sets that contain a member of S)</c> is an
/// unbiased estimate of S's expected spread σ(S).
/// </summary>
/// <remarks>
/// Deterministic: set i is drawn from a SplitMix64 stream seeded by (seed, stream, i), and sets are
/// generated in fixed chunks of 1,024 concatenated in order, so the sample is the same for any thread count.
/// Storage: one <see cref="int"/> per member plus one offset per set; <see cref="BuildIndex"/> adds the
/// account → sets index (one <see cref="int"/> per member plus one offset per account).
/// </remarks>
public sealed class ReverseReachableSets
{
    private const int Chunk = 1024;
    private readonly GraphSnapshot _g;
    private readonly CascadeProbability _model;
    private readonly double _p;
    private readonly ulong _seed;
    private int[] _members = new int[1024];
    private long _memberCount;
    private int[] _offsets = new int[1025];

    /// <summary>Creates an empty sample.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="model">Edge probabilities.</param>
    /// <param name="uniformProbability">p for <see cref="CascadeProbability.Uniform"/>, in [0, 1].</param>
    /// <param name="seed">Seed.</param>
    /// <param name="stream">Independent stream number (different samples of one run use different streams).</param>
    /// <exception cref="ArgumentException">Edge weights asked for on an unweighted graph, or a weight outside [0, 1]; p outside [0, 1].</exception>
    public ReverseReachableSets(GraphSnapshot graph, CascadeProbability model, double uniformProbability, ulong seed, int stream)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _g = graph;
        _model = model;
        _p = uniformProbability;
        _seed = Mix(seed ^ Mix(0x5EED0000UL + (ulong)stream));
        ValidateModel(graph, model, uniformProbability);
    }

    /// <summary>Throws when the model cannot be used on <paramref name="graph"/>.</summary>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static void ValidateModel(GraphSnapshot graph, CascadeProbability model, double uniformProbability)
    {
        if (model == CascadeProbability.Uniform && !(uniformProbability >= 0 && uniformProbability <= 1))
            throw new ArgumentOutOfRangeException("probability", uniformProbability, "The uniform cascade probability must be in [0, 1].");
        if (model == CascadeProbability.EdgeWeights)
        {
            if (!graph.IsWeighted) throw new ArgumentException("The graph has no edge weights: use the weighted-cascade or uniform probabilities.", "probabilities");
            foreach (var ch in graph.OutEdgeChunks.Chunks)
            foreach (double w in ch.Weights!)
                if (!(w >= 0 && w <= 1)) throw new ArgumentException($"Edge weight {w} is not a probability in [0, 1]: use the weighted-cascade or uniform probabilities.", "probabilities");
        }
    }

    /// <summary>Number of RR sets.</summary>
    public int Count { get; private set; }

    /// <summary>Members over all sets.</summary>
    public long MemberCount => _memberCount;

    /// <summary>Bytes held by the sets and, once built, the index.</summary>
    public long Bytes => 4L * (_members.Length + _offsets.Length) + (_indexOffsets is null ? 0 : 4L * (_indexOffsets.Length + _index!.Length));

    /// <summary>The members of set <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Set(int i) => _members.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);

    /// <summary>Adds sets until there are <paramref name="target"/> of them.</summary>
    public void Extend(int target, int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default)
    {
        if (target <= Count || _g.NodeCount == 0) return;
        int first = Count;
        int chunks = (target - first + Chunk - 1) / Chunk;
        var parts = new (int[] Members, int[] Sizes)[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken },
            () => new Walker(_g.NodeCount),
            (c, _, walker) =>
            {
                int lo = first + c * Chunk, hi = Math.Min(target, lo + Chunk);
                var members = new List<int>((hi - lo) * 4);
                var sizes = new int[hi - lo];
                for (int i = lo; i < hi; i++)
                {
                    int before = members.Count;
                    Generate(i, walker, members);
                    sizes[i - lo] = members.Count - before;
                }
                parts[c] = (members.ToArray(), sizes);
                cancellationToken.ThrowIfCancellationRequested();
                return walker;
            }, _ => { });
        long total = _memberCount;
        foreach (var p in parts) total += p.Members.Length;
        if (total > int.MaxValue) throw new InvalidOperationException("The RR sample exceeds 2^31 members; lower epsilon or the size.");
        if (_members.Length < total) Array.Resize(ref _members, (int)Math.Min(int.MaxValue, Math.Max(total, 2L * _members.Length)));
        if (_offsets.Length < target + 1) Array.Resize(ref _offsets, Math.Max(target + 1, 2 * _offsets.Length));
        int at = (int)_memberCount, set = first;
        foreach (var (members, sizes) in parts)
        {
            Array.Copy(members, 0, _members, at, members.Length);
            foreach (int s in sizes) { at += s; _offsets[++set] = at; }
        }
        _memberCount = at;
        Count = target;
        _indexOffsets = null;
        _index = null;
    }

    private sealed class Walker(int n)
    {
        public readonly int[] Stamp = new int[n];
        public int Epoch;
    }

    private void Generate(int i, Walker w, List<int> members)
    {
        ulong state = _seed ^ Mix((ulong)i + 0x9E3779B97F4A7C15UL);
        int n = _g.NodeCount;
        if (++w.Epoch == int.MaxValue) { Array.Clear(w.Stamp); w.Epoch = 1; }
        int epoch = w.Epoch;
        int root = (int)((Next(ref state) >> 33) % (ulong)n);
        int start = members.Count;
        members.Add(root);
        w.Stamp[root] = epoch;
        EdgeChunks followees = _g.OutEdgeChunks;
        bool edgeWeights = _model == CascadeProbability.EdgeWeights;
        for (int q = start; q < members.Count; q++)
        {
            int x = members[q]; // x passes on the posts of its followees with the edge probability
            var tgt = followees.Neighbours(x);
            if (tgt.IsEmpty) continue;
            var weights = edgeWeights ? followees.WeightsOf(x) : default;
            double p = _model == CascadeProbability.WeightedCascade ? 1.0 / tgt.Length : _p;
            for (int e = 0; e < tgt.Length; e++)
            {
                int v = tgt[e];
                if (w.Stamp[v] == epoch) continue;
                double pe = edgeWeights ? weights[e] : p;
                if (NextDouble(ref state) < pe) { w.Stamp[v] = epoch; members.Add(v); }
            }
        }
    }

    private int[]? _indexOffsets;
    private int[]? _index;

    /// <summary>Builds the account → sets index (sets of each account ascending) used by <see cref="SetsOf"/>.</summary>
    public void BuildIndex()
    {
        int n = _g.NodeCount;
        var offsets = new int[n + 1];
        for (long j = 0; j < _memberCount; j++) offsets[_members[j] + 1]++;
        for (int v = 0; v < n; v++) offsets[v + 1] += offsets[v];
        var index = new int[_memberCount];
        var fill = (int[])offsets.Clone();
        for (int s = 0; s < Count; s++)
            for (int j = _offsets[s]; j < _offsets[s + 1]; j++) index[fill[_members[j]]++] = s;
        _indexOffsets = offsets;
        _index = index;
    }

    /// <summary>The sets containing account <paramref name="node"/>, ascending (after <see cref="BuildIndex"/>).</summary>
    public ReadOnlySpan<int> SetsOf(int node)
    {
        if (_indexOffsets is null) throw new InvalidOperationException("Call BuildIndex first.");
        return _index.AsSpan(_indexOffsets[node], _indexOffsets[node + 1] - _indexOffsets[node]);
    }

    /// <summary>
    /// For each prefix of <paramref name="list"/>: how many sets contain a member of the first i+1 accounts
    /// (element i of the result). The last element is the coverage of the whole list.
    /// </summary>
    public long[] PrefixCoverage(IReadOnlyList<int> list)
    {
        var rank = new Dictionary<int, int>();
        for (int i = 0; i < list.Count; i++) rank.TryAdd(list[i], i);
        var firstHit = new long[list.Count + 1];
        for (int s = 0; s < Count; s++)
        {
            int best = int.MaxValue;
            for (int j = _offsets[s]; j < _offsets[s + 1]; j++)
                if (rank.TryGetValue(_members[j], out int r) && r < best) best = r;
            if (best != int.MaxValue) firstHit[best]++;
        }
        var result = new long[list.Count];
        long sum = 0;
        for (int i = 0; i < list.Count; i++) { sum += firstHit[i]; result[i] = sum; }
        return result;
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static double NextDouble(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64 finaliser (Steele, Lea, Flood 2014).</summary>
    internal static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>The coverage function of the <c>spread</c> objective on a sample of RR sets: the items are the sets, an account covers the sets that contain it.</summary>
public sealed class RrCoverageOracle : CoverageOracle
{
    private readonly ReverseReachableSets _sets;
    private readonly bool[] _covered;

    /// <summary>Creates the oracle (builds the sample's index when missing).</summary>
    public RrCoverageOracle(ReverseReachableSets sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        _sets = sets;
        _sets.BuildIndex();
        _covered = new bool[sets.Count];
    }

    /// <inheritdoc />
    public override long UniverseSize => _sets.Count;

    /// <inheritdoc />
    public override object CreateScratch() => this;

    /// <inheritdoc />
    public override long InitialBound(int node) => _sets.SetsOf(node).Length;

    /// <inheritdoc />
    public override long Gain(int node, object scratch)
    {
        long g = 0;
        foreach (int s in _sets.SetsOf(node)) if (!_covered[s]) g++;
        return g;
    }

    /// <inheritdoc />
    public override long Cover(int node)
    {
        long g = 0;
        foreach (int s in _sets.SetsOf(node)) if (!_covered[s]) { _covered[s] = true; g++; }
        return g;
    }

    /// <inheritdoc />
    public override int[] ItemsOf(int node) => _sets.SetsOf(node).ToArray();
}
