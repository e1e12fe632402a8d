using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// The out-edge CSR the Brandes kernels walk: the snapshot's out-edges without self-loops and with
/// parallel edges merged into one (keeping the minimum weight).
/// </summary>
/// <remarks>
/// A self-loop can never lie on a shortest path, and NetworkX visits each neighbour once (one path
/// per neighbour, the lightest edge in a <c>MultiDiGraph</c>), so both are removed up front and the
/// kernels need no per-edge checks. When the snapshot has neither, its own arrays are reused
/// (no copy). When every kept edge has the same positive weight c, shortest paths are those with
/// the fewest hops, so the weights are dropped and the BFS kernel runs (<see cref="HopLength"/> = c
/// converts a weighted cutoff into hops). Building is O(n + m).
/// </remarks>
internal sealed class BrandesGraph
{
    private BrandesGraph(int n, int[] offsets, int[] targets, double[]? weights, int[]? inOffsets, int[]? inSources)
    {
        NodeCount = n;
        Offsets = offsets;
        Targets = targets;
        if (inOffsets is null || inSources is null) (inOffsets, inSources) = Transpose(n, offsets, targets);
        InOffsets = inOffsets;
        InSources = inSources;
        HopLength = 1.0;
        if (weights is { Length: > 0 } && weights[0] > 0 && Array.TrueForAll(weights, x => x == weights[0]))
        {
            HopLength = weights[0];
            weights = null;
        }
        Weights = weights;
    }

    /// <summary>Length n+1; in-edges of v are <c>[InOffsets[v], InOffsets[v+1])</c> of <see cref="InSources"/> (same edges as the out-CSR).</summary>
    public int[] InOffsets { get; }

    /// <summary>Sources of the in-edges, grouped by target.</summary>
    public int[] InSources { get; }

    private static (int[] Offsets, int[] Sources) Transpose(int n, int[] offsets, int[] targets)
    {
        var inOffsets = new int[n + 1];
        foreach (int t in targets) inOffsets[t + 1]++;
        for (int v = 0; v < n; v++) inOffsets[v + 1] += inOffsets[v];
        var cursor = inOffsets.AsSpan(0, n).ToArray();
        var sources = new int[targets.Length];
        for (int u = 0; u < n; u++)
            for (int e = offsets[u]; e < offsets[u + 1]; e++) sources[cursor[targets[e]]++] = u;
        return (inOffsets, sources);
    }

    /// <summary>Length of every edge when <see cref="Weights"/> is null: 1, or the common weight of a uniformly weighted graph.</summary>
    public double HopLength { get; }

    /// <summary>
    /// Largest number of hops h whose length h · <see cref="HopLength"/> is ≤ <paramref name="cutoff"/>
    /// (inclusive, with the kernel's tie tolerance); <see cref="int.MaxValue"/> for no cutoff.
    /// </summary>
    public int MaxHops(double? cutoff)
    {
        if (cutoff is not double c || double.IsPositiveInfinity(c)) return int.MaxValue;
        double h = Math.Floor(c / HopLength);
        if (h >= int.MaxValue - 1) return int.MaxValue;
        int hops = (int)h;
        while (hops > 0 && BrandesKernel.Compare(hops * HopLength, c) > 0) hops--;
        while (BrandesKernel.Compare((hops + 1) * HopLength, c) <= 0) hops++;
        return hops;
    }

    /// <summary>Number of nodes n.</summary>
    public int NodeCount { get; }

    /// <summary>Length n+1; out-edges of v are <c>[Offsets[v], Offsets[v+1])</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Targets, ascending inside a row, no self-loop, no repeat.</summary>
    public int[] Targets { get; }

    /// <summary>Distances aligned with <see cref="Targets"/>; null = every edge has length 1 (BFS).</summary>
    public double[]? Weights { get; }

    /// <summary>Number of edges kept.</summary>
    public int EdgeCount => Targets.Length;

    /// <summary>
    /// Builds the kernel graph. <paramref name="weighted"/> is ignored (BFS) when the snapshot has
    /// no weights, since every edge then has length 1.
    /// </summary>
    public static BrandesGraph From(GraphSnapshot graph, bool weighted)
    {
        int n = graph.NodeCount;
        int[] off = graph.OutOffsets, tgt = graph.OutTargets;
        double[]? w = weighted && graph.IsWeighted ? graph.OutWeights : null;

        bool clean = true;
        for (int v = 0; v < n && clean; v++)
        {
            int prev = -1;
            for (int e = off[v], end = off[v + 1]; e < end; e++)
            {
                int t = tgt[e];
                if (t == v || t == prev) { clean = false; break; }
                prev = t;
            }
        }
        if (clean) return new BrandesGraph(n, off, tgt, w, graph.InOffsets, graph.InSources);

        var offsets = new int[n + 1];
        var targets = new int[tgt.Length];
        var weights = w is null ? null : new double[tgt.Length];
        int write = 0;
        for (int v = 0; v < n; v++)
        {
            offsets[v] = write;
            int prev = -1;
            for (int e = off[v], end = off[v + 1]; e < end; e++)
            {
                int t = tgt[e];
                if (t == v) continue;
                if (t == prev)
                {
                    // Parallel edge (targets are sorted, so repeats are adjacent): keep the lightest.
                    if (weights is not null && w![e] < weights[write - 1]) weights[write - 1] = w[e];
                    continue;
                }
                targets[write] = t;
                if (weights is not null) weights[write] = w![e];
                write++;
                prev = t;
            }
        }
        offsets[n] = write;
        Array.Resize(ref targets, write);
        if (weights is not null) Array.Resize(ref weights, write);
        return new BrandesGraph(n, offsets, targets, weights, null, null);
    }
}
