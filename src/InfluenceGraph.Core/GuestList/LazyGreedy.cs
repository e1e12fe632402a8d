using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Core.GuestList;

/// <summary>One pick of <see cref="LazyGreedy"/>.</summary>
/// <param name="Node">Node id of the pick.</param>
/// <param name="Gain">Its marginal gain: items it covers that no earlier pick covers.</param>
/// <param name="Cumulative">Items covered by the picks up to and including this one.</param>
/// <param name="Required">True for an account that had to be on the list (placed first, in the given order).</param>
public sealed record GreedyStep(int Node, long Gain, long Cumulative, bool Required);

/// <summary>The list chosen by <see cref="LazyGreedy.Run"/> with its certificate.</summary>
/// <param name="Steps">The picks in order: the required ones first, then the greedy ones.</param>
/// <param name="Value">f(list): items covered by the whole list.</param>
/// <param name="UpperBound">
/// The certificate: an upper bound on f of the best list of the same size that contains the required
/// accounts (Leskovec et al. 2007, online bound): the minimum over the greedy steps i of
/// <c>f(S_i) + sum of the r largest marginal gains with respect to S_i</c>, r = the free slots. Always
/// &gt;= the optimum and &gt;= <see cref="Value"/>.
/// </param>
/// <param name="LastBound">The same bound at the final list only, with exact marginal gains.</param>
/// <param name="Evaluations">Marginal gains computed (lazy evaluations, including the final refresh).</param>
/// <param name="FreeSlots">Picks chosen by the greedy (size minus the required accounts).</param>
public sealed record GreedyResult(IReadOnlyList<GreedyStep> Steps, long Value, long UpperBound, long LastBound, long Evaluations, int FreeSlots)
{
    /// <summary><c>Value / UpperBound</c> in [0, 1] (1 when the bound is 0): the list reaches at least this share of what the best list reaches.</summary>
    public double CertifiedRatio => UpperBound <= 0 ? 1.0 : (double)Value / UpperBound;
}

/// <summary>
/// A partition constraint on a list: every account belongs to one group (its sphere) and a list holds at most
/// <see cref="MaxPerGroup"/> accounts of a group (the required accounts included).
/// </summary>
/// <param name="GroupOf">Group id (&gt;= 0) of every node id, length = accounts of the graph.</param>
/// <param name="MaxPerGroup">Most accounts per group, &gt;= 1.</param>
public sealed record GroupLimit(int[] GroupOf, int MaxPerGroup)
{
    /// <summary>Number of groups: 1 + the largest id in <see cref="GroupOf"/> (0 when empty).</summary>
    public int GroupCount { get; } = GroupOf.Length == 0 ? 0 : GroupOf.Max() + 1;
}

/// <summary>
/// Lazy greedy maximisation of a coverage function under a cardinality constraint (CELF, Leskovec,
/// Krause, Guestrin, Faloutsos, VanBriesen, Glance 2007), with the data-dependent certificate of the
/// same paper.
/// </summary>
/// <remarks>
/// <para>
/// <b>Guarantee.</b> Greedy on a monotone submodular function reaches at least <c>1 − 1/e ≈ 0.632</c> of
/// the optimum (Nemhauser, Wolsey, Fisher 1978). The certificate is usually much tighter: for any list
/// S_i built so far and any list T of r free picks, <c>f(T) ≤ f(S_i) + Σ_{v ∈ T} Δ(v | S_i)</c>, so the
/// sum of the r largest marginal gains bounds the optimum; the minimum over the steps is reported.
/// </para>
/// <para>
/// <b>Laziness.</b> A max-heap holds an upper bound of every candidate's marginal gain (a cheap bound from
/// <see cref="CoverageOracle.InitialBound"/>, later a stale gain — gains only shrink as the list grows).
/// The top entry is picked when its gain was computed for the current list; otherwise the top entries
/// are re-evaluated (a small batch, in parallel) and pushed back. The pick is always a candidate of
/// largest marginal gain, ties broken by the smallest node id, so the list does not depend on the
/// batch size or the thread count. Stale keys are valid upper bounds, so the per-step certificates use
/// them; after the last pick the top entries are refreshed until the r largest keys are exact.
/// </para>
/// <para>
/// <b>Per-group limit</b> (<see cref="GroupLimit"/>, e.g. at most N guests per sphere): a partition
/// matroid. The greedy skips candidates of a full group (the greedy is then at least 1/2 of the constrained
/// optimum, Fisher, Nemhauser, Wolsey 1978). The certificate stays an upper bound of the best list
/// <em>under the same limit</em>: for any list S_i and any feasible list T containing the required accounts,
/// <c>f(T) ≤ f(S_i) + Σ_{v ∈ T \ S_i} Δ(v | S_i)</c>, and T \ S_i has at most r free accounts with at most
/// <c>limit − required_g</c> in each group g; so the bound adds the largest keys taken in descending order
/// while skipping a group once it holds that many (the largest-weight independent set of this matroid, which
/// greedy-by-weight finds exactly). Candidates of full groups keep their (stale) keys and still count in it.
/// </para>
/// </remarks>
public static class LazyGreedy
{
    private struct Entry
    {
        public long Key;
        public int Node;
        public int Round; // picks made when Key was computed; -1 = InitialBound only
    }

    /// <summary>Chooses <paramref name="size"/> accounts: <paramref name="required"/> first, then greedily from <paramref name="candidates"/>.</summary>
    /// <param name="oracle">The coverage function.</param>
    /// <param name="candidates">Node ids the greedy may pick (distinct; the required ones are skipped).</param>
    /// <param name="required">Node ids that must be on the list, in order (distinct).</param>
    /// <param name="size">List size (&gt;= 1). Fewer picks are made when the candidates run out.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the batched evaluations; null = all cores.</param>
    /// <param name="progress">Reports picks done of <paramref name="size"/>.</param>
    /// <param name="cancellationToken">Cancels (throws <see cref="OperationCanceledException"/>).</param>
    /// <param name="limit">At most so many accounts per group (required ones included); null = no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> &lt; 1, or a limit &lt; 1.</exception>
    /// <exception cref="ArgumentException">The required accounts alone exceed the limit of a group.</exception>
    public static GreedyResult Run(CoverageOracle oracle, IReadOnlyList<int> candidates, IReadOnlyList<int> required, int size,
        int? maxDegreeOfParallelism = null, IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default,
        GroupLimit? limit = null)
    {
        if (limit is not null) return RunLimited(oracle, candidates, required, size, limit, maxDegreeOfParallelism, progress, cancellationToken);
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        int dop = Math.Max(1, maxDegreeOfParallelism ?? Environment.ProcessorCount);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = dop, CancellationToken = cancellationToken };
        var scratch = new object[dop];
        for (int i = 0; i < dop; i++) scratch[i] = oracle.CreateScratch();

        var steps = new List<GreedyStep>(size);
        long value = 0, evaluations = 0;
        var requiredSet = new HashSet<int>(required);
        foreach (int v in required)
        {
            if (steps.Count == size) break;
            long gain = oracle.Cover(v);
            value += gain;
            steps.Add(new GreedyStep(v, gain, value, true));
        }
        int free = size - steps.Count;

        var (heap, count) = InitialHeap(oracle, candidates, requiredSet, steps.Count, scratch, dop, parallel, ref evaluations);

        long best = long.MaxValue;
        int batch = Math.Max(2, 2 * dop);
        var pending = new Entry[Math.Max(batch, free)];
        while (free > 0 && steps.Count < size && count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            best = Math.Min(best, Saturating(value, TopSum(heap, count, free)));
            int round = steps.Count;
            if (heap[0].Round == round)
            {
                var top = heap[0];
                heap[0] = heap[--count];
                SiftDown(heap, count, 0);
                long gain = oracle.Cover(top.Node);
                evaluations++;
                if (gain != top.Key) throw new InvalidOperationException($"Coverage oracle is inconsistent: node {top.Node} gained {gain}, evaluated {top.Key}.");
                value += gain;
                steps.Add(new GreedyStep(top.Node, gain, value, false));
                progress?.Report(new CentralityProgress(steps.Count, size, $"{steps.Count} of {size} picks"));
                continue;
            }
            evaluations += Refresh(oracle, heap, ref count, pending, batch, round, scratch, dop, parallel);
        }

        long last = value;
        int remaining = Math.Min(free, count);
        if (free > 0 && remaining > 0)
        {
            // Refresh until the r largest keys are exact gains for the final list.
            int round = steps.Count;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int stale = 0;
                var top = TopIndices(heap, count, remaining);
                foreach (int idx in top) if (heap[idx].Round != round) stale++;
                if (stale == 0) { last = Saturating(value, TopSum(heap, count, remaining)); break; }
                evaluations += Refresh(oracle, heap, ref count, pending, Math.Max(batch, remaining), round, scratch, dop, parallel); // pops the r top entries: the stale ones among them
            }
        }
        else if (free > 0) last = value;
        best = Math.Min(best, last);
        long universe = oracle.UniverseSize;
        best = Math.Max(value, Math.Min(best, universe));
        last = Math.Max(value, Math.Min(last, universe));
        return new GreedyResult(steps, value, best, last, evaluations, Math.Max(0, size - steps.Count(s => s.Required)));
    }

    /// <summary><see cref="Run"/> under a per-group limit (see the remarks of <see cref="LazyGreedy"/>).</summary>
    private static GreedyResult RunLimited(CoverageOracle oracle, IReadOnlyList<int> candidates, IReadOnlyList<int> required, int size,
        GroupLimit limit, int? maxDegreeOfParallelism, IProgress<CentralityProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.MaxPerGroup, 1, nameof(limit));
        int dop = Math.Max(1, maxDegreeOfParallelism ?? Environment.ProcessorCount);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = dop, CancellationToken = cancellationToken };
        var scratch = new object[dop];
        for (int i = 0; i < dop; i++) scratch[i] = oracle.CreateScratch();
        int[] groupOf = limit.GroupOf;
        var used = new int[limit.GroupCount];

        var steps = new List<GreedyStep>(size);
        long value = 0, evaluations = 0;
        var requiredSet = new HashSet<int>(required);
        foreach (int v in required)
        {
            if (steps.Count == size) break;
            if (++used[groupOf[v]] > limit.MaxPerGroup)
                throw new ArgumentException($"the required accounts put {used[groupOf[v]]} accounts in group {groupOf[v]}, more than the limit {limit.MaxPerGroup}", nameof(required));
            long gain = oracle.Cover(v);
            value += gain;
            steps.Add(new GreedyStep(v, gain, value, true));
        }
        int free = size - steps.Count;
        // What a feasible list may still take from each group besides the required accounts (for the bound).
        var quota = new int[used.Length];
        for (int c = 0; c < quota.Length; c++) quota[c] = limit.MaxPerGroup - used[c];

        var (heap, count) = InitialHeap(oracle, candidates, requiredSet, steps.Count, scratch, dop, parallel, ref evaluations);

        long best = long.MaxValue;
        int batch = Math.Max(2, 2 * dop);
        var pending = new Entry[Math.Max(batch, free)];
        var parked = new List<Entry>(); // candidates of full groups, keys non-increasing in parking order
        var picked = new List<int>();
        while (free > 0 && steps.Count < size && count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            best = Math.Min(best, Saturating(value, LimitedTop(heap, count, parked, quota, groupOf, free, null)));
            int round = steps.Count;
            var top = heap[0];
            if (used[groupOf[top.Node]] >= limit.MaxPerGroup)
            {
                heap[0] = heap[--count];
                SiftDown(heap, count, 0);
                parked.Add(top);
                continue;
            }
            if (top.Round == round)
            {
                heap[0] = heap[--count];
                SiftDown(heap, count, 0);
                long gain = oracle.Cover(top.Node);
                evaluations++;
                if (gain != top.Key) throw new InvalidOperationException($"Coverage oracle is inconsistent: node {top.Node} gained {gain}, evaluated {top.Key}.");
                value += gain;
                used[groupOf[top.Node]]++;
                steps.Add(new GreedyStep(top.Node, gain, value, false));
                progress?.Report(new CentralityProgress(steps.Count, size, $"{steps.Count} of {size} picks"));
                continue;
            }
            evaluations += Refresh(oracle, heap, ref count, pending, batch, round, scratch, dop, parallel);
        }

        // Final bound with exact gains: every unpicked candidate (full groups included) competes under the quotas.
        foreach (var e in parked) heap[count++] = e;
        for (int i = count / 2 - 1; i >= 0; i--) SiftDown(heap, count, i);
        long last = value;
        if (free > 0 && count > 0)
        {
            int round = steps.Count;
            var chosen = new List<int>();
            var stale = new List<int>();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                chosen.Clear();
                long sum = LimitedTop(heap, count, null, quota, groupOf, free, chosen);
                stale.Clear();
                foreach (int idx in chosen) if (heap[idx].Round != round) stale.Add(idx);
                if (stale.Count == 0) { last = Saturating(value, sum); break; }
                Evaluate(oracle, heap, stale, round, scratch, dop, parallel);
                evaluations += stale.Count;
                for (int i = count / 2 - 1; i >= 0; i--) SiftDown(heap, count, i);
            }
        }
        best = Math.Min(best, last);
        long universe = oracle.UniverseSize;
        best = Math.Max(value, Math.Min(best, universe));
        last = Math.Max(value, Math.Min(last, universe));
        return new GreedyResult(steps, value, best, last, evaluations, Math.Max(0, size - steps.Count(s => s.Required)));
    }

    /// <summary>
    /// The lazy heap over the candidates (required ones skipped): keyed by <see cref="CoverageOracle.InitialBound"/>,
    /// or by an exact gain (evaluated in parallel, round <paramref name="round"/>) where the oracle has no cheap bound.
    /// </summary>
    private static (Entry[] Heap, int Count) InitialHeap(CoverageOracle oracle, IReadOnlyList<int> candidates, HashSet<int> requiredSet, int round,
        object[] scratch, int dop, ParallelOptions parallel, ref long evaluations)
    {
        var heap = new Entry[candidates.Count];
        int count = 0;
        var unknown = new List<int>();
        foreach (int v in candidates)
        {
            if (requiredSet.Contains(v)) continue;
            long b = oracle.InitialBound(v);
            heap[count++] = new Entry { Key = b, Node = v, Round = -1 };
            if (b == long.MaxValue) unknown.Add(count - 1);
        }
        if (unknown.Count > 0)
        {
            Evaluate(oracle, heap, unknown, round, scratch, dop, parallel);
            evaluations += unknown.Count;
        }
        for (int i = count / 2 - 1; i >= 0; i--) SiftDown(heap, count, i);
        return (heap, count);
    }

    /// <summary>Exact gains for the entries at <paramref name="indices"/> (parallel, one scratch per slot).</summary>
    private static void Evaluate(CoverageOracle oracle, Entry[] heap, List<int> indices, int round, object[] scratch, int dop, ParallelOptions parallel)
    {
        int slots = Math.Min(dop, indices.Count);
        Parallel.For(0, slots, parallel, slot =>
        {
            for (int i = slot; i < indices.Count; i += slots)
            {
                ref var e = ref heap[indices[i]];
                e.Key = oracle.Gain(e.Node, scratch[slot]);
                e.Round = round;
            }
        });
    }

    /// <summary>
    /// The largest sum of at most <paramref name="r"/> keys with at most <paramref name="quota"/>[g] entries of group g, over the heap
    /// and the <paramref name="parked"/> entries (non-increasing keys): keys in descending order, a group skipped once it is full.
    /// Heap positions of the chosen heap entries go to <paramref name="chosen"/> when not null.
    /// </summary>
    private static long LimitedTop(Entry[] h, int n, List<Entry>? parked, int[] quota, int[] groupOf, int r, List<int>? chosen)
    {
        long sum = 0;
        int taken = 0, p = 0;
        var takenBy = new Dictionary<int, int>();
        var frontier = new PriorityQueue<int, (long, int)>();
        if (n > 0) frontier.Enqueue(0, (-h[0].Key, h[0].Node));
        while (taken < r)
        {
            bool fromHeap;
            if (frontier.TryPeek(out int i, out var pri))
                fromHeap = parked is null || p >= parked.Count || -pri.Item1 >= parked[p].Key;
            else if (parked is not null && p < parked.Count) fromHeap = false;
            else break;
            Entry e;
            if (fromHeap)
            {
                frontier.Dequeue();
                e = h[i];
                for (int c = 2 * i + 1; c <= 2 * i + 2 && c < n; c++) frontier.Enqueue(c, (-h[c].Key, h[c].Node));
            }
            else e = parked![p++];
            int g = groupOf[e.Node];
            int t = takenBy.GetValueOrDefault(g);
            if (t >= quota[g]) continue;
            takenBy[g] = t + 1;
            taken++;
            sum = Saturating(sum, e.Key);
            if (fromHeap) chosen?.Add(i);
        }
        return sum;
    }

    private static long Saturating(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;

    /// <summary>Pops up to <paramref name="batch"/> top entries, re-evaluates the stale ones in parallel, pushes all back.</summary>
    private static long Refresh(CoverageOracle oracle, Entry[] heap, ref int count, Entry[] pending, int batch, int round,
        object[] scratch, int dop, ParallelOptions parallel)
    {
        int k = 0;
        while (k < batch && k < pending.Length && count > 0)
        {
            pending[k++] = heap[0];
            heap[0] = heap[--count];
            SiftDown(heap, count, 0);
        }
        int stale = 0;
        for (int i = 0; i < k; i++) if (pending[i].Round != round) stale++;
        if (stale <= 1 || dop == 1)
        {
            var s = scratch[0];
            for (int i = 0; i < k; i++)
                if (pending[i].Round != round) { pending[i].Key = oracle.Gain(pending[i].Node, s); pending[i].Round = round; }
        }
        else
        {
            // One scratch object per worker slot: slot = index modulo dop, items of a slot run sequentially.
            var local = pending;
            int kk = k;
            Parallel.For(0, Math.Min(dop, kk), parallel, slot =>
            {
                for (int i = slot; i < kk; i += dop)
                    if (local[i].Round != round) { local[i].Key = oracle.Gain(local[i].Node, scratch[slot]); local[i].Round = round; }
            });
        }
        for (int i = 0; i < k; i++)
        {
            heap[count] = pending[i];
            SiftUp(heap, count++);
        }
        return stale;
    }

    /// <summary>True when a sorts before b: larger key first, then smaller node id.</summary>
    private static bool Before(in Entry a, in Entry b) => a.Key > b.Key || (a.Key == b.Key && a.Node < b.Node);

    private static void SiftDown(Entry[] h, int n, int i)
    {
        var x = h[i];
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && Before(h[c + 1], h[c])) c++;
            if (!Before(h[c], x)) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = x;
    }

    private static void SiftUp(Entry[] h, int i)
    {
        var x = h[i];
        while (i > 0)
        {
            int p = (i - 1) / 2;
            if (!Before(x, h[p])) break;
            h[i] = h[p];
            i = p;
        }
        h[i] = x;
    }

    /// <summary>Heap positions of the <paramref name="r"/> first entries (best-first walk of the heap, O(r log r)).</summary>
    private static List<int> TopIndices(Entry[] h, int n, int r)
    {
        var result = new List<int>(r);
        if (n == 0 || r <= 0) return result;
        var frontier = new PriorityQueue<int, (long, int)>();
        frontier.Enqueue(0, (-h[0].Key, h[0].Node));
        while (result.Count < r && frontier.TryDequeue(out int i, out _))
        {
            result.Add(i);
            for (int c = 2 * i + 1; c <= 2 * i + 2 && c < n; c++) frontier.Enqueue(c, (-h[c].Key, h[c].Node));
        }
        return result;
    }

    private static long TopSum(Entry[] h, int n, int r)
    {
        long sum = 0;
        foreach (int i in TopIndices(h, n, r)) sum = Saturating(sum, h[i].Key);
        return sum;
    }
}
