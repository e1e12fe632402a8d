using System.Diagnostics;
using System.Runtime.ExceptionServices;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Betweenness centrality (Brandes 2001) on the directed follower graph, with NetworkX's semantics.</summary>
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
/// <b>Scaling</b> (NetworkX ≥ 3.5 <c>_rescale</c>; <c>../shared/cases/bc-endpoints-normalization</c>,
/// <c>bc-sampled-k-rescale</c>). Let N = n − 1 without endpoints, N = n with them, and K the number
/// of sources. If N &lt; 2 nothing is scaled. Exact runs (K = n): normalized divides by N(N − 1),
/// that is (n−1)(n−2), or n(n−1) with endpoints; unnormalized leaves the raw sum. Sampled runs
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
/// is tested on the shared networks and cases); igraph <c>igraph_betweenness_cutoff</c> (the cutoff).
/// </para>
/// <para>
/// <b>Cutoff.</b> NetworkX has none. With <see cref="BetweennessOptions.Cutoff"/>, only pairs whose
/// shortest path has length ≤ cutoff count (inclusive; hops, or the sum of weights when weighted),
/// as igraph ≥ 0.10 (<c>../shared/cases/bc-weighted-cutoff</c>); scaling is unchanged.
/// </para>
/// <para>
/// <b>Weighted ties.</b> Floating-point path lengths equal up to a relative 1e-10 are the same
/// length, as in igraph, so 0.1 + 0.2 ties with 0.3 and 0.7 + 0.1 with 0.8 (NetworkX's exact
/// comparison is wrong in both directions there: <c>../shared/cases/bc-float-weight-ties</c>).
/// </para>
/// <para>
/// <b>Reproducibility and threads.</b> Sources are split into fixed blocks that depend only on the
/// source list; each block is accumulated into its own array on some thread, and blocks are merged
/// in block order, so the scores are bit-identical whatever <see cref="BetweennessOptions.MaxDegreeOfParallelism"/>.
/// </para>
/// <para>
/// <b>Time complexity</b>: O(K·m) unweighted and O(K·(m + n) log n) weighted (K = n exact:
/// O(nm) and O(nm + n² log n) in Brandes' terms, with a 4-ary heap), for K sources, n accounts and
/// m edges. Memory: O(n + m) per thread plus O(n) per block in flight.
/// </para>
/// <para>
/// <b>See also</b>: <see cref="PageRank"/>; <see cref="Degree"/>.
/// </para>
/// </remarks>
public static class Betweenness
{
    /// <summary>Fixed number of source blocks (fewer when there are fewer sources); independent of the thread count.</summary>
    private const int MaxBlocks = 256;

    /// <summary>Minimum time between two progress reports.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

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
    /// NaN or infinite.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BetweennessResult Compute(GraphSnapshot graph, BetweennessOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
        => Compute(graph, options, progress, cancellationToken, BfsDirection.Auto);

    /// <summary><see cref="Compute(GraphSnapshot, BetweennessOptions?, IProgress{CentralityProgress}?, CancellationToken)"/> with the BFS direction forced (tests).</summary>
    internal static BetweennessResult Compute(GraphSnapshot graph, BetweennessOptions? options,
        IProgress<CentralityProgress>? progress, CancellationToken cancellationToken, BfsDirection direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new BetweennessOptions();
        int n = graph.NodeCount;
        int[] sources = SelectSources(graph, options, out bool sampled);
        ValidateOptions(graph, options);
        cancellationToken.ThrowIfCancellationRequested();

        var kernelGraph = BrandesGraph.From(graph, options.Weighted);
        int maxHops = kernelGraph.MaxHops(options.Cutoff);
        double cutoff = options.Cutoff ?? double.PositiveInfinity;
        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;

        var (raw, squares) = Accumulate(kernelGraph, sources, options.Endpoints, maxHops, cutoff,
            withSquares: sampled, threads, direction, progress, cancellationToken);

        var scores = new double[n];
        double[]? errors = sampled ? new double[n] : null;
        var isSource = new bool[n];
        foreach (int s in sources) isSource[s] = true;
        int k = sources.Length;
        for (int v = 0; v < n; v++)
        {
            double f = ScaleFactor(n, k, sampled, options.Normalized, options.Endpoints, isSource[v]);
            scores[v] = raw[v] * f;
            if (errors is not null) errors[v] = StandardError(n, k, options.Endpoints, isSource[v], raw[v], squares![v], f);
        }
        return new BetweennessResult(graph, scores, k, isExact: !sampled, options, errors);
    }

    /// <summary>
    /// The factor applied to the raw dependency sum of an account (NetworkX ≥ 3.5 <c>_rescale</c>,
    /// directed): see the class remarks.
    /// </summary>
    internal static double ScaleFactor(int n, int k, bool sampled, bool normalized, bool endpoints, bool isSource)
    {
        int bigN = endpoints ? n : n - 1;
        if (bigN < 2) return 1.0;
        if (!sampled) return normalized ? 1.0 / ((double)bigN * (bigN - 1)) : 1.0;
        double kk = !endpoints && isSource ? k - 1 : k;
        if (kk == 0) return double.NaN;
        return normalized ? 1.0 / (kk * (bigN - 1)) : bigN / kk;
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
            // Unbiased bounded draw in [0, n - i) (Lemire's multiply-shift with rejection).
            ulong bound = (ulong)(n - i);
            ulong threshold = (0UL - bound) % bound;
            ulong r, lo;
            UInt128 product;
            do
            {
                r = SplitMix64(ref state);
                product = (UInt128)r * bound;
                lo = (ulong)product;
            } while (lo < threshold);
            int j = i + (int)(ulong)(product >> 64);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        var pick = perm.AsSpan(0, k).ToArray();
        Array.Sort(pick);
        return pick;
    }

    private static ulong SplitMix64(ref ulong state)
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
        if (options.Weighted && graph.IsWeighted)
        {
            double[] w = graph.OutWeights;
            for (int u = 0; u < graph.NodeCount; u++)
                for (int e = graph.OutOffsets[u]; e < graph.OutOffsets[u + 1]; e++)
                    if (!(w[e] >= 0) || double.IsInfinity(w[e]))
                        throw new ArgumentException(
                            $"Edge '{graph.Accounts[u]}' -> '{graph.Accounts[graph.OutTargets[e]]}' has weight {w[e]}; weighted betweenness needs finite distances >= 0.", nameof(options));
        }
    }

    /// <summary>
    /// Runs the kernel from every source, parallel over fixed blocks of sources merged in block
    /// order. Returns the raw sums (and the sums of squares of the per-source dependencies).
    /// </summary>
    private static (double[] Raw, double[]? Squares) Accumulate(BrandesGraph g, int[] sources, bool endpoints,
        int maxHops, double cutoff, bool withSquares, int threads, BfsDirection direction,
        IProgress<CentralityProgress>? progress, CancellationToken ct)
    {
        int n = g.NodeCount, total = sources.Length;
        var raw = new double[n];
        var squares = withSquares ? new double[n] : null;
        if (total == 0)
        {
            progress?.Report(new CentralityProgress(0, 0, "0 of 0 sources"));
            return (raw, squares);
        }

        int blocks = Math.Min(total, MaxBlocks);
        int workers = Math.Max(1, Math.Min(threads, blocks));
        // Blocks allowed ahead of the merge point: bounds the partial sums held (n doubles each, twice
        // with squares) to about 64 MiB, but never fewer than 2 per worker, so a descheduled worker does
        // not stall the others on a busy machine.
        long perBlock = 8L * Math.Max(1, n) * (withSquares ? 2 : 1);
        int window = (int)Math.Max(2L * workers + 2, Math.Min(64L * 1024 * 1024 / perBlock, blocks));
        var state = new DriverState(n, withSquares, total, progress);

        void Worker()
        {
            var kernel = new BrandesKernel(g, direction);
            while (true)
            {
                int b = Interlocked.Increment(ref state.NextBlock) - 1;
                if (b >= blocks || !state.WaitForWindow(b, window)) return;
                var (acc, accSq) = state.Rent();
                int start = (int)((long)total * b / blocks), end = (int)((long)total * (b + 1) / blocks);
                for (int i = start; i < end; i++)
                {
                    if (state.Failed) return;
                    ct.ThrowIfCancellationRequested();
                    kernel.Run(sources[i], acc, accSq, endpoints, maxHops, cutoff);
                    state.SourceDone();
                }
                state.Complete(b, acc, accSq, raw, squares);
            }
        }

        if (workers == 1)
        {
            Worker();
        }
        else
        {
            var tasks = new Task[workers];
            for (int t = 0; t < workers; t++)
            {
                tasks[t] = Task.Factory.StartNew(() =>
                {
                    try { Worker(); }
                    catch { state.Fail(); throw; }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException ex)
            {
                var inner = ex.Flatten().InnerExceptions;
                Exception cause = inner.FirstOrDefault(e => e is not OperationCanceledException) ?? inner.FirstOrDefault() ?? ex;
                ExceptionDispatchInfo.Capture(cause).Throw();
            }
        }
        state.ReportFinal();
        return (raw, squares);
    }

    /// <summary>Shared state of the workers: block hand-out window, ordered merge, array pool, progress.</summary>
    private sealed class DriverState(int n, bool withSquares, int total, IProgress<CentralityProgress>? progress)
    {
        public int NextBlock;
        private readonly object _gate = new();
        private readonly Dictionary<int, (double[], double[]?)> _pending = [];
        private readonly Stack<(double[], double[]?)> _pool = new();
        private int _nextMerge;
        private volatile bool _failed;
        private long _done;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastReportTicks = long.MinValue / 2;

        public bool Failed => _failed;

        public void Fail()
        {
            _failed = true;
            lock (_gate) Monitor.PulseAll(_gate);
        }

        /// <summary>Waits until block <paramref name="b"/> is within the window; false when another worker failed.</summary>
        public bool WaitForWindow(int b, int window)
        {
            lock (_gate)
            {
                while (b >= _nextMerge + window && !_failed) Monitor.Wait(_gate);
                return !_failed;
            }
        }

        public (double[], double[]?) Rent()
        {
            lock (_gate)
            {
                if (_pool.Count > 0) return _pool.Pop();
            }
            return (new double[n], withSquares ? new double[n] : null);
        }

        /// <summary>Stores block b's sums and merges every block that is now next in order.</summary>
        public void Complete(int b, double[] acc, double[]? accSq, double[] raw, double[]? squares)
        {
            lock (_gate)
            {
                _pending[b] = (acc, accSq);
                while (_pending.Remove(_nextMerge, out var ready))
                {
                    var (a, sq) = ready;
                    for (int v = 0; v < a.Length; v++) raw[v] += a[v];
                    Array.Clear(a);
                    if (sq is not null)
                    {
                        for (int v = 0; v < sq.Length; v++) squares![v] += sq[v];
                        Array.Clear(sq);
                    }
                    _pool.Push(ready);
                    _nextMerge++;
                }
                Monitor.PulseAll(_gate);
            }
        }

        public void SourceDone()
        {
            long done = Interlocked.Increment(ref _done);
            if (progress is null) return;
            long now = _clock.Elapsed.Ticks;
            long last = Interlocked.Read(ref _lastReportTicks);
            if (now - last < ProgressInterval.Ticks) return;
            if (Interlocked.CompareExchange(ref _lastReportTicks, now, last) != last) return;
            progress.Report(new CentralityProgress(done, total, $"{done} of {total} sources"));
        }

        public void ReportFinal() => progress?.Report(new CentralityProgress(total, total, $"{total} of {total} sources"));
    }
}
