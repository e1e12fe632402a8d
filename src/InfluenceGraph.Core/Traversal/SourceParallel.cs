using System.Diagnostics;
using System.Runtime.ExceptionServices;
using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Core.Traversal;

/// <summary>Adds one source's contribution to the accumulators (each of the length given to <see cref="SourceParallel.Accumulate{TState}"/>).</summary>
/// <typeparam name="TState">The per-thread state (e.g. a <see cref="ShortestPathBfs"/> and work arrays).</typeparam>
public delegate void SourceAccumulator<TState>(TState state, int source, double[][] accumulators);

/// <summary>
/// The deterministic source-parallel driver of the all-sources kernels (betweenness, harmonic
/// closeness, audiences of every account...): per-thread state, fixed blocks of sources, a fixed
/// merge order — results bit-identical for any thread count.
/// </summary>
/// <remarks>
/// <para>
/// <b>Accumulate.</b> The source list is cut into at most 256 contiguous blocks that depend only on the
/// list (never on the thread count). Workers take blocks in order; each block is summed into its own
/// arrays (from a pool) with the worker's state, and finished blocks are added to the totals strictly in
/// block order. Floating-point sums are therefore performed in the same order whatever the number of
/// threads or their timing. At most a window of blocks (about 64 MiB of partial sums, never fewer than
/// two per worker) may run ahead of the merge point, which bounds memory to O(window · length).
/// </para>
/// <para>
/// <b>Map.</b> One value per source, written to its own slot: deterministic by construction.
/// </para>
/// <para>
/// <b>Progress, cancellation, failure.</b> Progress reports (sources done, sources in all, "1024 of
/// 75879 sources") at most every 100 ms and once at the end, possibly from worker threads. The token is
/// checked before every source. The first exception of a worker (other than a cancellation) stops
/// the others and is rethrown with its original stack.
/// </para>
/// </remarks>
public static class SourceParallel
{
    /// <summary>Fixed number of source blocks (fewer when there are fewer sources); independent of the thread count.</summary>
    public const int MaxBlocks = 256;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Sums the contributions of every source into <paramref name="arrays"/> accumulators of
    /// <paramref name="length"/> doubles.
    /// </summary>
    /// <param name="sources">Source node ids, in the order that defines the blocks.</param>
    /// <param name="length">Length of each accumulator (usually n).</param>
    /// <param name="arrays">Number of accumulators, ≥ 1 (e.g. 2 for sums and sums of squares).</param>
    /// <param name="createState">Makes one worker's state (called once per worker thread).</param>
    /// <param name="body">Adds one source's contribution.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads, ≥ 1.</param>
    /// <param name="progress">Progress sink, or null.</param>
    /// <param name="cancellationToken">Checked before every source.</param>
    /// <returns>The accumulators, <c>[arrays][length]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrays"/> or <paramref name="maxDegreeOfParallelism"/> below 1, or a negative length.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static double[][] Accumulate<TState>(IReadOnlyList<int> sources, int length, int arrays,
        Func<TState> createState, SourceAccumulator<TState> body, int maxDegreeOfParallelism,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(createState);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(arrays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        int total = sources.Count;
        var totals = new double[arrays][];
        for (int a = 0; a < arrays; a++) totals[a] = new double[length];
        var state = new DriverState(length, arrays, total, progress);
        if (total == 0)
        {
            state.ReportFinal();
            return totals;
        }

        var (blocks, workers, window) = Plan(total, length, arrays, maxDegreeOfParallelism);

        void Worker()
        {
            TState local = createState();
            while (true)
            {
                int b = Interlocked.Increment(ref state.NextBlock) - 1;
                if (b >= blocks || !state.WaitForWindow(b, window)) return;
                var acc = state.Rent();
                int start = (int)((long)total * b / blocks), end = (int)((long)total * (b + 1) / blocks);
                for (int i = start; i < end; i++)
                {
                    if (state.Failed) return;
                    cancellationToken.ThrowIfCancellationRequested();
                    body(local, sources[i], acc);
                    state.SourceDone();
                }
                state.Complete(b, acc, totals);
            }
        }

        RunWorkers(workers, Worker, state);
        state.ReportFinal();
        return totals;
    }

    /// <summary>
    /// Computes one value per source: <c>result[i] = body(state, sources[i])</c>, in parallel with
    /// one state per worker.
    /// </summary>
    /// <param name="sources">Source node ids.</param>
    /// <param name="createState">Makes one worker's state.</param>
    /// <param name="body">The value of one source.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads, ≥ 1.</param>
    /// <param name="progress">Progress sink, or null.</param>
    /// <param name="cancellationToken">Checked before every source.</param>
    /// <returns>One value per source, in the order of <paramref name="sources"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static double[] Map<TState>(IReadOnlyList<int> sources, Func<TState> createState, Func<TState, int, double> body,
        int maxDegreeOfParallelism, IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(createState);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        int total = sources.Count;
        var result = new double[total];
        var state = new DriverState(0, 0, total, progress);
        if (total == 0)
        {
            state.ReportFinal();
            return result;
        }
        int blocks = Math.Min(total, MaxBlocks * 4);
        int workers = Math.Max(1, Math.Min(maxDegreeOfParallelism, blocks));

        void Worker()
        {
            TState local = createState();
            while (true)
            {
                int b = Interlocked.Increment(ref state.NextBlock) - 1;
                if (b >= blocks) return;
                int start = (int)((long)total * b / blocks), end = (int)((long)total * (b + 1) / blocks);
                for (int i = start; i < end; i++)
                {
                    if (state.Failed) return;
                    cancellationToken.ThrowIfCancellationRequested();
                    result[i] = body(local, sources[i]);
                    state.SourceDone();
                }
            }
        }

        RunWorkers(workers, Worker, state);
        state.ReportFinal();
        return result;
    }

    /// <summary>
    /// The block plan of <see cref="Accumulate"/>: <c>blocks</c> = min(sources, <see cref="MaxBlocks"/>), <c>workers</c> =
    /// min(threads, blocks), and the merge <c>window</c>: a worker starts block b only while b &lt; (first block not yet
    /// merged) + window, window = max(2·workers + 2, min(64 MiB / (8·length·arrays), blocks)) blocks.
    /// </summary>
    private static (int Blocks, int Workers, int Window) Plan(int sources, int length, int arrays, int maxDegreeOfParallelism)
    {
        int blocks = Math.Min(sources, MaxBlocks);
        int workers = Math.Max(1, Math.Min(maxDegreeOfParallelism, blocks));
        long perBlock = 8L * Math.Max(1, length) * arrays;
        int window = (int)Math.Max(2L * workers + 2, Math.Min(64L * 1024 * 1024 / perBlock, blocks));
        return (blocks, workers, window);
    }

    /// <summary>
    /// The most bytes <see cref="Accumulate"/> allocates for its block accumulators (beside the <paramref name="arrays"/> result
    /// vectors of <paramref name="length"/> doubles it returns): each block started and not yet merged holds one set of
    /// <paramref name="arrays"/> vectors, and a block starts only inside the merge window, so at most min(blocks, window)
    /// sets exist at once (a merged set is reused). Reached when one worker stays on a slow block while the others run
    /// ahead — on a busy machine, or when a few sources cost far more than the rest (a run of the guaranteed-error
    /// betweenness on soc-Slashdot0902 allocated 11 to 28 of the 102 sets allowed, depending on the machine's load). At most max((2·workers + 2)·8·length·arrays,
    /// 64 MiB).
    /// </summary>
    /// <param name="sources">How many sources (or samples) the accumulation runs, ≥ 0.</param>
    /// <param name="length">Doubles per vector (the accounts), ≥ 0.</param>
    /// <param name="arrays">Vectors per set, ≥ 1.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads, ≥ 1.</param>
    /// <returns>Bytes: 8·length·arrays·min(blocks, window); 0 without sources.</returns>
    public static double AccumulatorBytes(long sources, int length, int arrays, int maxDegreeOfParallelism)
    {
        if (sources <= 0) return 0;
        var (blocks, _, window) = Plan((int)Math.Min(sources, int.MaxValue), length, Math.Max(1, arrays), Math.Max(1, maxDegreeOfParallelism));
        return 8.0 * length * Math.Max(1, arrays) * Math.Min(blocks, window);
    }

    private static void RunWorkers(int workers, Action worker, DriverState state)
    {
        if (workers == 1)
        {
            worker();
            return;
        }
        var tasks = new Task[workers];
        for (int t = 0; t < workers; t++)
        {
            tasks[t] = Task.Factory.StartNew(() =>
            {
                try { worker(); }
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

    /// <summary>Shared state of the workers: block hand-out window, ordered merge, array pool, progress.</summary>
    private sealed class DriverState(int length, int arrays, int total, IProgress<CentralityProgress>? progress)
    {
        public int NextBlock;
        private readonly object _gate = new();
        private readonly Dictionary<int, double[][]> _pending = [];
        private readonly Stack<double[][]> _pool = new();
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

        public double[][] Rent()
        {
            lock (_gate)
            {
                if (_pool.Count > 0) return _pool.Pop();
            }
            var acc = new double[arrays][];
            for (int a = 0; a < arrays; a++) acc[a] = new double[length];
            return acc;
        }

        /// <summary>Stores block b's sums and merges every block that is now next in order.</summary>
        public void Complete(int b, double[][] acc, double[][] totals)
        {
            lock (_gate)
            {
                _pending[b] = acc;
                while (_pending.Remove(_nextMerge, out var ready))
                {
                    for (int a = 0; a < ready.Length; a++)
                    {
                        double[] src = ready[a], dst = totals[a];
                        for (int v = 0; v < src.Length; v++) dst[v] += src[v];
                        Array.Clear(src);
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
