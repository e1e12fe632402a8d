using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Betweenness centrality (Brandes 2001) on the follower graph (directed, or its undirected view), with NetworkX's semantics.</summary>
/// <remarks>
/// <para>
/// <b>Definition.</b> The betweenness of account v is
/// B(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st over <em>ordered</em> pairs (s, t), where σ_st is the number
/// of shortest directed paths from s to t and σ_st(v) the number of those through v. Edges follow
/// the follower → followee direction. Directed graphs are not halved. A self-loop never lies on a
/// shortest path; parallel edges of a multigraph snapshot
/// (<see cref="DuplicateEdgePolicy.Keep"/>) count as one path, using the lightest edge (NetworkX
/// visits each neighbour once; igraph and graph-tool would count each parallel edge as another
/// path). Unreachable pairs contribute nothing.
/// </para>
/// <para>
/// <b>Undirected view</b> (<see cref="BetweennessOptions.Undirected"/>): NetworkX on
/// <c>G.to_undirected()</c>: a follow either way is one tie, shortest paths ignore who follows whom,
/// and each unordered pair {s, t} counts once — unnormalized scores are halved, normalized ones use
/// NetworkX's undirected factor 2/((n−1)(n−2)) on the unordered sum (the same 1/((n−1)(n−2)) on the
/// ordered one).
/// </para>
/// <para>
/// <b>Scaling</b> (NetworkX ≥ 3.5 <c>_rescale</c>, which corrects the inflated sampled scaling of
/// earlier versions). Let N = n − 1 without endpoints, N = n with them, and K the number
/// of sources. If N &lt; 2 nothing is scaled. Exact runs (K = n): normalized divides by N(N − 1),
/// that is (n−1)(n−2), or n(n−1) with endpoints; unnormalized leaves the raw sum (halved in the
/// undirected view, as are the sampled factors below). Sampled runs
/// estimate the exact value: the raw sum over the K pivots is multiplied by N/K (normalized:
/// 1/(K(N − 1))), except, without endpoints, for an account that is itself a pivot — it cannot lie
/// inside its own paths — which gets N/(K − 1) (normalized: 1/((K − 1)(N − 1))), NaN when K = 1.
/// <see cref="BetweennessResult.StandardErrors"/> states the sampling error of each estimate.
/// </para>
/// <para>
/// <b>References.</b> U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol.
/// 25(2), 2001, doi:10.1080/0022250X.2001.9990249 (the algorithm); U. Brandes, "On variants of
/// shortest-path betweenness centrality and their generic computation", Social Networks 30(2), 2008,
/// doi:10.1016/j.socnet.2007.11.001 (endpoints); U. Brandes and C. Pich, "Centrality estimation in
/// large networks", Int. J. Bifurcation and Chaos 17(7), 2007, doi:10.1142/S0218127407018403
/// (pivot sampling); S. Beamer, K. Asanović, D. Patterson, "Direction-optimizing breadth-first
/// search", SC 2012, doi:10.1109/SC.2012.50 (the level-by-level BFS of unweighted runs, which goes
/// bottom-up when the unvisited accounts have fewer in-edges than the frontier has out-edges);
/// NetworkX <c>betweenness_centrality</c> (the semantics reproduced here; agreement to 1e-9 relative
/// is tested on public networks and hand-made cases); igraph <c>igraph_betweenness_cutoff</c> (the cutoff).
/// </para>
/// <para>
/// <b>Cutoff.</b> NetworkX has none. With <see cref="BetweennessOptions.Cutoff"/>, only pairs whose
/// shortest path has length ≤ cutoff count (inclusive; hops, or the sum of weights when weighted),
/// as igraph ≥ 0.10; scaling is unchanged.
/// </para>
/// <para>
/// <b>Weighted ties.</b> Floating-point path lengths equal up to a relative 1e-10 are the same
/// length, as in igraph, so 0.1 + 0.2 ties with 0.3 and 0.7 + 0.1 with 0.8 (NetworkX's exact
/// comparison is wrong in both directions there).
/// </para>
/// <para>
/// <b>Zero weights.</b> A zero-weight edge puts two accounts at the same distance from a source.
/// Every shortest path through such accounts counts (they are ordered along the zero-weight edges
/// before paths are counted, see <see cref="Dijkstra"/>), so the scores do not depend on the order of
/// the input rows — unlike NetworkX, whose count then depends on which of the two accounts its heap
/// settles first. A cycle of zero-weight edges (and, in the undirected view, any zero-weight tie)
/// would make the number of shortest walks infinite and is rejected with an error naming its accounts.
/// </para>
/// <para>
/// <b>Reproducibility and threads.</b> <see cref="SourceParallel.Accumulate{TState}"/>: sources are
/// split into fixed blocks that depend only on the source list; each block is accumulated into its
/// own array on some thread, and blocks are merged in block order, so the scores are bit-identical
/// whatever <see cref="BetweennessOptions.MaxDegreeOfParallelism"/>. The shortest-path DAG of each
/// source comes from <see cref="ShortestPathBfs"/> (unweighted) or <see cref="Dijkstra"/> (weighted);
/// this class only accumulates dependencies over it.
/// </para>
/// <para>
/// <b>Time complexity</b>: O(K·m) unweighted and O(K·(m + n) log n) weighted (K = n exact:
/// O(nm) and O(nm + n² log n) in Brandes' terms, with a 4-ary heap), for K sources, n accounts and
/// m edges. Memory: O(n + m) per thread plus O(n) per block in flight.
/// </para>
/// <para>
/// <b>Guaranteed error</b> (<see cref="BetweennessOptions.Epsilon"/>, <see cref="BetweennessOptions.Delta"/>):
/// Riondato &amp; Kornaropoulos (2016) sampling of shortest paths between random pairs, sized from an
/// upper bound on the vertex diameter so that every normalized score is within ε with probability
/// 1 − δ; see <see cref="BetweennessGuarantee"/>.
/// </para>
/// <para>
/// <b>See also</b>: <see cref="PageRank"/>; <see cref="Degree"/>.
/// </para>
/// </remarks>
public static class Betweenness
{
    /// <summary>
    /// Computes the betweenness of every account of <paramref name="graph"/>: exact, or estimated
    /// from sampled or given source pivots.
    /// </summary>
    /// <param name="graph">The follower snapshot (edges follower → followee).</param>
    /// <param name="options">
    /// Options; null = <see cref="BetweennessOptions"/> defaults (normalized, endpoints off,
    /// unweighted, exact, all cores).
    /// </param>
    /// <param name="progress">
    /// Receives (sources done, sources in all, "1024 of 75879 sources"), at most every 100 ms and
    /// once at the end; may be called from worker threads.
    /// </param>
    /// <param name="cancellationToken">Checked before every source.</param>
    /// <returns>One score per account, with <see cref="BetweennessResult.SourcesUsed"/>, <see cref="BetweennessResult.IsExact"/> and, when sampled, standard errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="BetweennessOptions.Samples"/> is not in 1..n; <see cref="BetweennessOptions.Cutoff"/>
    /// is negative or NaN; <see cref="BetweennessOptions.MaxDegreeOfParallelism"/> is below 1.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <see cref="BetweennessOptions.Sources"/> is empty, names an account not in the graph, or
    /// names one twice; or <see cref="BetweennessOptions.Weighted"/> and an edge weight is negative,
    /// NaN or infinite, or zero-weight edges form a cycle (the message names the accounts).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BetweennessResult Compute(GraphSnapshot graph, BetweennessOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
        => Compute(graph, options, progress, cancellationToken, BfsStrategy.Auto);

    /// <summary><see cref="Compute(GraphSnapshot, BetweennessOptions?, IProgress{CentralityProgress}?, CancellationToken)"/> with the BFS direction strategy forced (tests).</summary>
    internal static BetweennessResult Compute(GraphSnapshot graph, BetweennessOptions? options,
        IProgress<CentralityProgress>? progress, CancellationToken cancellationToken, BfsStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new BetweennessOptions();
        int n = graph.NodeCount;
        if (options.Epsilon is not null || options.Delta is not null) return ComputeGuaranteed(graph, options, progress, cancellationToken);
        int[] sources = SelectSources(graph, options, out bool sampled);
        ValidateOptions(graph, options);
        cancellationToken.ThrowIfCancellationRequested();

        var kernelGraph = TraversalGraph.From(graph, options.Undirected ? EdgeDirection.Both : EdgeDirection.Out, options.Weighted);
        if (kernelGraph.FindZeroLengthCycle() is { } cycle) throw ZeroCycleError(graph, cycle, options.Undirected);
        int maxHops = kernelGraph.MaxHops(options.Cutoff);
        double cutoff = options.Cutoff ?? double.PositiveInfinity;
        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;

        double[][] sums;
        try
        {
            sums = SourceParallel.Accumulate<BrandesKernel>(sources, n, sampled ? 2 : 1, () => new BrandesKernel(kernelGraph, strategy),
                (kernel, s, acc) => kernel.Run(s, acc[0], sampled ? acc[1] : null, options.Endpoints, maxHops, cutoff),
                threads, progress, cancellationToken);
        }
        catch (ZeroLengthCycleException ex)
        {
            throw ZeroCycleError(graph, ex.Nodes, options.Undirected);
        }
        double[] raw = sums[0];
        double[]? squares = sampled ? sums[1] : null;

        var scores = new double[n];
        double[]? errors = sampled ? new double[n] : null;
        var isSource = new bool[n];
        foreach (int s in sources) isSource[s] = true;
        int k = sources.Length;
        for (int v = 0; v < n; v++)
        {
            double f = ScaleFactor(n, k, sampled, options.Normalized, options.Endpoints, isSource[v], options.Undirected);
            scores[v] = raw[v] * f;
            if (errors is not null) errors[v] = StandardError(n, k, options.Endpoints, isSource[v], raw[v], squares![v], f);
        }
        return new BetweennessResult(graph, scores, k, isExact: !sampled, options, errors);
    }

    private static BetweennessResult ComputeGuaranteed(GraphSnapshot graph, BetweennessOptions options,
        IProgress<CentralityProgress>? progress, CancellationToken cancellationToken)
    {
        if (options.Epsilon is not double eps)
            throw new ArgumentException("Delta applies only to guaranteed-error sampling: give Epsilon too.", nameof(options));
        if (!(eps > 0 && eps < 1))
            throw new ArgumentOutOfRangeException(nameof(options), eps, "Epsilon must be in (0, 1) (an additive error on normalized betweenness).");
        double delta = options.Delta ?? 0.1;
        if (!(delta > 0 && delta < 1))
            throw new ArgumentOutOfRangeException(nameof(options), delta, "Delta must be in (0, 1) (the probability that the epsilon bound fails).");
        string? clash = options.Samples is not null ? "Samples" : options.Sources is not null ? "Sources" : options.Endpoints ? "Endpoints"
            : options.Cutoff is not null ? "Cutoff" : null;
        if (clash is not null)
            throw new ArgumentException($"Epsilon (guaranteed-error sampling) cannot be combined with {clash}.", nameof(options));
        ValidateOptions(graph, options);
        cancellationToken.ThrowIfCancellationRequested();
        var tg = TraversalGraph.From(graph, options.Undirected ? EdgeDirection.Both : EdgeDirection.Out, options.Weighted);
        if (tg.FindZeroLengthCycle() is { } cycle) throw ZeroCycleError(graph, cycle, options.Undirected);
        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        double[] scores;
        BetweennessGuarantee guarantee;
        try
        {
            (scores, guarantee) = BetweennessSampling.Estimate(tg, eps, delta, options.Seed, threads, progress, cancellationToken);
        }
        catch (ZeroLengthCycleException ex)
        {
            throw ZeroCycleError(graph, ex.Nodes, options.Undirected);
        }
        int n = graph.NodeCount;
        if (!options.Normalized && n > 2)
        {
            double f = (double)(n - 1) * (n - 2) * (options.Undirected ? 0.5 : 1.0);
            for (int v = 0; v < n; v++) scores[v] *= f;
        }
        return new BetweennessResult(graph, scores, guarantee.SampleSize, isExact: false, options) { Guarantee = guarantee };
    }

    /// <summary>
    /// The factor applied to the raw dependency sum of an account (NetworkX ≥ 3.5 <c>_rescale</c>,
    /// directed): see the class remarks.
    /// </summary>
    internal static double ScaleFactor(int n, int k, bool sampled, bool normalized, bool endpoints, bool isSource, bool undirected = false)
    {
        int bigN = endpoints ? n : n - 1;
        if (bigN < 2) return 1.0;
        // Unnormalized undirected scores count each unordered pair once (the kernel counts (s, t) and (t, s)).
        double correction = undirected && !normalized ? 0.5 : 1.0;
        if (!sampled) return normalized ? 1.0 / ((double)bigN * (bigN - 1)) : correction;
        double kk = !endpoints && isSource ? k - 1 : k;
        if (kk == 0) return double.NaN;
        return normalized ? 1.0 / (kk * (bigN - 1)) : correction * bigN / kk;
    }

    private static ArgumentException ZeroCycleError(GraphSnapshot graph, int[] cycle, bool undirected)
    {
        var names = cycle.Take(6).Select(v => $"'{graph.Accounts[v]}'");
        string path = string.Join(" -> ", names) + (cycle.Length > 6 ? $" -> ... ({cycle.Length} accounts)" : $" -> '{graph.Accounts[cycle[0]]}'");
        string why = undirected
            ? "In the undirected view a zero-weight tie joins two accounts both ways, which is such a cycle."
            : "";
        return new ArgumentException(
            $"Weighted betweenness: the accounts {path} form a cycle of zero-weight edges, so the number of shortest paths through them is infinite. "
            + why + (why.Length > 0 ? " " : "") + "Give these edges a positive weight, or compute betweenness unweighted.", "options");
    }

    /// <summary>Standard error of a sampled estimate (see <see cref="BetweennessResult.StandardErrors"/>).</summary>
    private static double StandardError(int n, int k, bool endpoints, bool isSource, double sum, double sumSquares, double factor)
    {
        int bigN = endpoints ? n : n - 1;
        if (bigN < 2) return 0.0; // nothing to estimate: no account can lie between two others
        int population = bigN;                             // candidate sources for this account
        int kk = !endpoints && isSource ? k - 1 : k;       // sampled candidate sources
        if (kk >= population) return 0.0;                  // every candidate was a source
        if (kk < 2) return double.NaN;
        double mean = sum / kk;
        double variance = Math.Max(0.0, (sumSquares - kk * mean * mean) / (kk - 1));
        return factor * Math.Sqrt(kk * (1.0 - (double)kk / population) * variance);
    }

    private static int[] SelectSources(GraphSnapshot graph, BetweennessOptions options, out bool sampled)
    {
        int n = graph.NodeCount;
        if (options.Sources is { } names)
        {
            if (names.Count == 0)
                throw new ArgumentException("Sources must name at least one account (or be null to use every account).", nameof(options));
            var seen = new bool[n];
            var list = new int[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                string name = names[i] ?? throw new ArgumentException($"Sources[{i}] is null; every source must be an account handle.", nameof(options));
                if (!graph.TryGetNode(name, out int v))
                    throw new ArgumentException($"Source account '{name}' (Sources[{i}]) is not in the graph; every source must be one of its {n} accounts.", nameof(options));
                if (seen[v])
                    throw new ArgumentException($"Source account '{name}' is listed twice in Sources (at index {i}); each source may appear once.", nameof(options));
                seen[v] = true;
                list[i] = v;
            }
            Array.Sort(list);
            sampled = list.Length < n;
            return list;
        }
        if (options.Samples is int k)
        {
            if (k < 1 || k > n)
                throw new ArgumentOutOfRangeException(nameof(options), k, $"Samples (k) must be between 1 and the number of accounts n = {n}; got {k}.");
            sampled = k < n;
            return sampled ? SamplePivots(n, k, options.Seed) : Identity(n);
        }
        sampled = false;
        return Identity(n);
    }

    private static int[] Identity(int n)
    {
        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }

    /// <summary>
    /// k distinct node ids drawn uniformly without replacement: the first k positions of a
    /// Fisher–Yates shuffle of 0..n−1 driven by SplitMix64(seed), returned in ascending order.
    /// </summary>
    internal static int[] SamplePivots(int n, int k, int seed)
    {
        var perm = Identity(n);
        ulong state = unchecked((ulong)(long)seed);
        for (int i = 0; i < k; i++)
        {
            int j = i + Bounded(ref state, n - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        var pick = perm.AsSpan(0, k).ToArray();
        Array.Sort(pick);
        return pick;
    }

    /// <summary>An unbiased draw in [0, <paramref name="bound"/>) from a SplitMix64 stream (Lemire's multiply-shift with rejection); bound ≥ 1.</summary>
    internal static int Bounded(ref ulong state, int bound)
    {
        ulong b = (ulong)bound;
        ulong threshold = (0UL - b) % b;
        UInt128 product;
        do product = (UInt128)SplitMix64(ref state) * b;
        while ((ulong)product < threshold);
        return (int)(ulong)(product >> 64);
    }

    /// <summary>The next value of a SplitMix64 stream (Steele, Lea and Flood 2014).</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void ValidateOptions(GraphSnapshot graph, BetweennessOptions options)
    {
        if (options.Cutoff is double c && (double.IsNaN(c) || c < 0))
            throw new ArgumentOutOfRangeException(nameof(options), c, "Cutoff must be a number >= 0 (a path length), or null for no cutoff.");
        if (options.MaxDegreeOfParallelism is int p && p < 1)
            throw new ArgumentOutOfRangeException(nameof(options), p, "MaxDegreeOfParallelism must be at least 1 (or null for every core).");
    }
}
