using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// PageRank (Page, Brin, Motwani, Winograd 1999) with the fixed point of NetworkX's
/// <c>pagerank</c>, computed by a deterministic, parallel, pull-based power iteration over the
/// in-edge CSR of a <see cref="GraphSnapshot"/>, with the accounts' self-loops solved in each pass.
/// </summary>
/// <remarks>
/// <para>
/// <b>Definition.</b> With damping factor α, teleport (personalization) vector p (uniform 1/n
/// unless <see cref="PageRankOptions.Personalization"/> is given; normalized to sum 1), dangling
/// distribution d (p, or uniform with <see cref="DanglingPolicy.Uniform"/>, or
/// <see cref="PageRankOptions.DanglingDistribution"/> normalized to sum 1) and row-stochastic
/// transition matrix P, the iteration is NetworkX's (<c>pagerank_scipy</c>, networkx 2.8):
/// </para>
/// <code>
///   x₀      = 1/n for every account (even when personalized), or the normalized warm start
///   x_{k+1} = α·(x_k·P + (Σ_{dangling u} x_k[u])·d) + (1 − α)·p
/// </code>
/// <para>
/// An edge <c>u -> v</c> (u follows v) carries rank from the follower u to the followee v, so an
/// account followed by important accounts ranks high. Unweighted, P[u,v] = 1/outdeg(u); with
/// <see cref="PageRankOptions.Weighted"/>, P[u,v] = w(u,v)/Σ_t w(u,t) (weights are transition
/// strengths). A <em>dangling</em> account follows nobody or, weighted, has out-weights summing
/// to 0 (identical to deleting its zero-weight edges, as NetworkX does implicitly). Parallel
/// edges follow the snapshot's <see cref="DuplicateEdgePolicy"/>: collapsed (NetworkX
/// <c>DiGraph</c>, the default) or counted with multiplicity (<c>MultiDiGraph</c>, igraph,
/// graph-tool). A self-loop is an ordinary out-edge that keeps its share of rank on its account.
/// Isolated accounts get (1−α)·p plus their share of the dangling mass.
/// </para>
/// <para>
/// <b>Stopping rule.</b> Write T(x) = α·(x·P + (Σ_{dangling u} x[u])·d) + (1 − α)·p for one
/// power-iteration step. Every pass k computes, from its input x_{k−1} (a distribution), the step
/// T(x_{k−1}) and its L1 change r_k = ‖T(x_{k−1}) − x_{k−1}‖₁ exactly; the computation stops after the
/// first pass with r_k &lt; <see cref="PageRankOptions.Tolerance"/> (default 1e-9) and returns
/// T(x_{k−1}), with <see cref="PageRankResult.Residual"/> = r_k. For the plain power iteration that is
/// exactly "stop when ‖x_k − x_{k−1}‖₁ &lt; Tolerance and return x_k". Unlike NetworkX
/// the threshold is <em>not</em> multiplied by n: NetworkX's n·tol rule is vacuous on large graphs
/// (with its default tol 1e-6 the threshold on a 2-million-account graph is an L1 change of 2,
/// met after the first iteration, leaving scores 67 % off).
/// <em>Remaining error</em>: T is an α-contraction in L1 on distributions, so for any distribution x,
/// ‖x − x*‖₁ ≤ ‖T(x) − x‖₁/(1 − α), and the returned T(x_{k−1}) is within
/// α·r_k/(1 − α) &lt; Tolerance·α/(1−α) of the fixed point x* (L1) — whatever produced x_{k−1}, so the
/// bound holds for the pass below as for the power iteration. When
/// <see cref="PageRankOptions.MaxIterations"/> is reached first the result (the same T(x_{k−1})) is
/// returned with <see cref="PageRankResult.Converged"/> = false; it is never
/// reported as converged. Call <see cref="PageRankResult.EnsureConverged"/> to turn that into a
/// <see cref="PageRankConvergenceException"/> (NetworkX raises
/// <c>PowerIterationFailedConvergence</c>).
/// </para>
/// <para>
/// <b>Differences with other tools</b>: igraph (PRPACK)
/// and graph-tool count parallel edges with multiplicity (use
/// <see cref="DuplicateEdgePolicy.Keep"/> to match them); graph-tool starts from p, does not
/// normalize the personalization and yields NaN for all-zero out-weights; igraph solves to its own
/// fixed precision; QuikGraph's <c>PageRankAlgorithm</c> is unnormalized, drops the dangling mass
/// and stops silently after 60 iterations (its result divided by its sum equals ours for uniform
/// teleport and a multigraph snapshot).
/// </para>
/// <para>
/// <b>Self-loops solved (the pass).</b> An account v with a self-loop keeps the share κ_v = α·P[v,v] of
/// its own rank; the power iteration corrects the error of such an account by only 1 − κ_v per pass
/// (an account that follows only itself: 15 % per pass at α = 0.85). soc-Slashdot0902 has 78,303
/// self-loops among 82,168 accounts and needs 97 power passes at the default tolerance (111 at 1e-10).
/// So each pass moves such an account further, towards the solution of its own equation
/// x_v = κ_v·x_v + (the rest of T(x)_v) — Jacobi with the diagonal solved — weighted by
/// ω = 2/3 (weighted Jacobi, Y. Saad, <i>Iterative Methods for Sparse Linear Systems</i>, 2nd ed.
/// 2003, §4.1): x̃_v = T(x)_v + e_v·(T(x)_v − x_v) with e_v = ω·κ_v/(1 − κ_v), then the next input
/// is x̃/‖x̃‖₁ (the extra step does not conserve the mass; the scale 1/‖x̃‖₁ is applied inside the next
/// pass, so it costs no extra pass over the data). Every fixed point of this pass is the PageRank
/// vector (x̃ = x ⇔ T(x) = x) and it computes T(x) and its L1 change on the way. The iterate stays a
/// distribution: with T(x)_v = κ_v·x_v + r_v (r_v ≥ 0, the rest), x̃_v = (1 − ω)·κ_v·x_v +
/// r_v·(1 + ω·κ_v/(1 − κ_v)) ≥ 0 since ω ≤ 1, which the remaining-error bound needs. Accounts without a
/// self-loop (e_v = 0) get exactly the power step; on a graph without self-loops (or with
/// α = 0) the pass is the power iteration bit for bit. With α = 1, an account with κ_v = 1 keeps
/// the power step. ω = 1 (the exact diagonal solve) overshoots where a personalization's teleport
/// returns to an account that feeds an absorbing one (3-account example in the tests: more passes
/// than the power iteration), ω = 2/3 stays below it there. Measured passes to the default tolerance
/// 1e-9: soc-Slashdot0902 51 (power iteration 97); random graphs without self-loops unchanged
/// (bit-identical); a uniform random graph with a self-loop on every tenth account never more than
/// the power iteration (test <c>RandomGraphWithLoops_NotMorePasses_AndSameFixedPoint</c>).
/// <b>Anderson acceleration</b> (with the self-loops solved, up to <see cref="AndersonMaxNodes"/> accounts): the input
/// of the next pass is not the pass's output g_k but g_k − Σ_j γ_j·(g_{j+1} − g_j), γ minimizing (least squares) the
/// same combination of the changes f_j = g_j − x_j over the last <see cref="AndersonDepth"/> = 3 differences
/// (D. G. Anderson, J. ACM 12(4), 1965; H. F. Walker, P. Ni, SIAM J. Numer. Anal. 49(4), 2011), clipped at 0 and
/// normalized, so every pass still starts from a distribution and the stopping rule, the returned T(x_{k−1}) and its
/// error bound are unchanged; the history restarts when the L1 change exceeds twice the smallest seen. Its passes over
/// the accounts use the kernel's fixed chunks (partial sums added in chunk order; in parallel from
/// <see cref="AndersonParallelNodes"/> accounts): bit-identical for any thread count.
/// It starts after the first pass when 1 account in <see cref="EagerSelfLoopShare"/> = 100 or more has a self-loop,
/// otherwise only after a pass whose L1 change exceeds <see cref="SlowContraction"/> = 0.5 times the previous one: a
/// fast-mixing graph (R-MAT, about 0.2 per pass) never starts it, as its history (8 n-vectors, 136 B per account and
/// pass) would save no pass (12 either way on an R-MAT graph of 10^7 follows with 351 self-loops).
/// Measured passes to 1e-9 on soc-Slashdot0902: 29 (51 without it,
/// 97 for the power iteration); to 1e-10: 34 (61, 111); the 3-account example: 9 (36, 77). The slow error there
/// sits in small follow clusters that keep most of their rank (pairs that follow each other and themselves);
/// a Gauss–Seidel sweep by strongly connected components in topological order (PRPACK's <c>solve_via_scc_gs</c>)
/// was measured too and contracts the 71,307-account giant component by only 0.68 per sweep (61 sweeps to 1e-9,
/// serial), no better than this pass.
/// Rejected alternatives (measured in a prototype): the linear-system form
/// y = α·P'ᵀy + (1−α)·p (Langville &amp; Meyer 2006, Del Corso, Gullì, Romani 2005) without the dangling
/// term needed 5× the passes on an R-MAT graph with 23 k dangling accounts (110 against 20) because
/// the lost mass decays only by α per pass; a sequential Gauss–Seidel sweep breaks determinism
/// across thread counts and its block version (fixed chunks) saved only 3 of 50 passes on
/// soc-Slashdot0902.
/// </para>
/// <para>
/// <b>Algorithm.</b> Pull-based (GAPBS-style, no atomics): every iteration first holds
/// c[u] = x[u]/outdeg(u) (0 for dangling u), so the new score of v is a gather-sum of c over
/// v's followers in CSR order (weighted: Σ x[u]·P[u,v], with P per in-edge computed once, after
/// scaling each account's weights by its largest so that neither the sum overflows nor tiny weights
/// underflow); the same pass computes the next c, the L1 change, the dangling
/// mass and the sum of the new iterate. Accounts are split into fixed contiguous chunks of about 32 768 nodes + in-edges,
/// chosen from the graph alone; chunks run in parallel, each accumulates its partial L1 change,
/// dangling mass and sum serially, and those partial sums are added in chunk order. The self-loop
/// step reads only the previous pass's vectors (Jacobi, not Gauss–Seidel), so the scores and the
/// number of passes are bit-identical whatever <see cref="PageRankOptions.MaxDegreeOfParallelism"/>.
/// </para>
/// <para>
/// <b>Complexity.</b> O((n + m)·passes) time plus one O(n + m) scan for the self-loops when the
/// snapshot has any, O(n) extra memory (five n-vectors, four of them
/// rented from <see cref="ArrayPool{T}.Shared"/> and returned — the dangling mask is read off 1/out-degree = 0 —, plus one
/// for a personalization and one for the self-loop steps when there are self-loops; weighted, also
/// one m-vector of transition probabilities); the snapshot is not copied.
/// </para>
/// <para>
/// <b>Sources.</b> L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank Citation Ranking:
/// Bringing Order to the Web", Stanford InfoLab Technical Report 1999-66; NetworkX 2.8
/// <c>networkx.algorithms.link_analysis.pagerank_alg.pagerank</c> (the fixed point, the dangling
/// and personalization conventions); S. Beamer et al., GAP Benchmark Suite <c>pr.cc</c> (the pull
/// direction); Y. Saad, <i>Iterative Methods for Sparse Linear Systems</i>, 2nd ed., SIAM 2003, §4.1
/// (Jacobi with the diagonal solved, weighted Jacobi). The tests check it against NetworkX, igraph and
/// graph-tool on public networks and against the plain power iteration (same fixed point to 1e-12).
/// </para>
/// </remarks>
public static class PageRank
{
    /// <summary>Target nodes + in-edges per chunk; fixed, so the chunking does not depend on the thread count.</summary>
    private const int ChunkWork = 1 << 15;

    /// <summary>
    /// Weight ω of the self-loop solve (weighted Jacobi's classical 2/3): the next iterate is the power step plus ω times
    /// the step to the account's own equation solved exactly. ω = 1 overshoots where an account's teleport returns
    /// to the account that feeds it (3-account example in the docs: 126 passes, against 58 for the power iteration and 47 with 2/3).
    /// </summary>
    internal const double Relaxation = 2.0 / 3.0;

    /// <summary>History depth of the Anderson acceleration (used with the self-loops solved): 3 differences.</summary>
    internal const int AndersonDepth = 3;

    /// <summary>
    /// The acceleration starts after the first pass whose L1 change is more than this fraction of the previous pass's
    /// (slow convergence: soc-Slashdot0902's self-loop pass contracts by about 0.6–0.85, R-MAT graphs by about 0.2).
    /// </summary>
    internal const double SlowContraction = 0.5;

    /// <summary>
    /// The acceleration starts after the first pass when at least 1 account in this many has a self-loop (soc-Slashdot0902:
    /// 95 %; R-MAT: 0.1 %): such graphs converge slowly from the start, and starting late costs passes (31 against 29 there).
    /// </summary>
    internal const int EagerSelfLoopShare = 100;

    /// <summary>
    /// Below this many accounts the Anderson history's two passes over the accounts run on one thread: on
    /// soc-Slashdot0902 (82,168 accounts, about 0.3 ms per pass) waking and parking the second thread twice more per pass
    /// cost about 15 ms of CPU in 32 passes (measured under load), more than it saved.
    /// </summary>
    internal const int AndersonParallelNodes = 1 << 20;

    /// <summary>Largest graph (accounts) accelerated: the history costs 2·(depth + 1) extra n-vectors and is updated serially.</summary>
    internal const int AndersonMaxNodes = 1 << 24;

    /// <summary>
    /// Bytes of the work vectors the kernels rented from <see cref="ArrayPool{T}.Shared"/> on this thread (by their rented
    /// length, so the pool's rounding up to a power of two counts) since the last reset: the tests compare the memory
    /// estimate (<see cref="Metrics.PageRankMetric.EstimateMemoryBytes(GraphSnapshot, PageRankOptions)"/>) with it.
    /// </summary>
    [ThreadStatic] internal static long RentedBytes;

    /// <summary>Below this many nodes + edges one thread does all chunks (same chunks, same result).</summary>
    private const long ParallelThreshold = 1 << 16;

    /// <summary>
    /// Computes PageRank on <paramref name="graph"/>.
    /// </summary>
    /// <param name="graph">The follower snapshot (edge u -> v: u follows v).</param>
    /// <param name="options">Damping factor, tolerance, weights, personalization...; null = defaults (α 0.85, L1 tolerance 1e-9, 200 iterations, unweighted, uniform).</param>
    /// <param name="progress">Receives one report per pass (Done = passes so far, Total = <see cref="PageRankOptions.MaxIterations"/>).</param>
    /// <param name="cancellationToken">Checked before every pass (and between chunks on the parallel path).</param>
    /// <returns>Scores by node id (summing to 1 up to rounding), passes (<see cref="PageRankResult.Iterations"/>), the L1 change
    /// of the last power step and whether it fell below the tolerance.
    /// An empty graph gives an empty, converged result with 0 iterations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Alpha is not in [0, 1]; the tolerance is not a finite number &gt; 0;
    /// MaxIterations &lt; 1; MaxDegreeOfParallelism &lt; 1.</exception>
    /// <exception cref="ArgumentException">The personalization names an account not in the graph, has a negative,
    /// NaN or infinite weight (the message names the account), or sums to 0; the warm start has the wrong length,
    /// a negative or non-finite entry, or sums to 0.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PageRankResult Compute(GraphSnapshot graph, PageRankOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
        => Compute(graph, options, progress, cancellationToken, solveSelfLoops: true, accelerate: true);

    /// <summary>
    /// <see cref="Compute(GraphSnapshot, PageRankOptions?, IProgress{CentralityProgress}?, CancellationToken)"/> with the
    /// self-loop diagonal solve switchable: <paramref name="solveSelfLoops"/> = false runs the plain power iteration
    /// (the tests and benchmarks compare the two).
    /// </summary>
    internal static PageRankResult Compute(GraphSnapshot graph, PageRankOptions? options,
        IProgress<CentralityProgress>? progress, CancellationToken cancellationToken, bool solveSelfLoops, bool accelerate = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new PageRankOptions();
        Validate(options);
        int n = graph.NodeCount;
        double[]? teleport = BuildTeleport(graph, options.Personalization, "Personalization");
        double[]? danglingTo = BuildTeleport(graph, options.DanglingDistribution, "Dangling distribution");
        if (n == 0) return new PageRankResult(graph, [], 0, 0.0, true, options);
        double[] x = BuildStart(n, options.WarmStart);

        using var kernel = new Kernel(graph, options, teleport, x, danglingTo, solveSelfLoops, accelerate);
        double residual = double.PositiveInfinity;
        int iterations = 0;
        bool converged = false;
        while (iterations < options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            residual = kernel.Step(cancellationToken);
            iterations++;
            progress?.Report(new CentralityProgress(iterations, options.MaxIterations, string.Create(CultureInfo.InvariantCulture,
                $"PageRank pass {iterations}: L1 change {residual:G3} (tolerance {options.Tolerance:G3})")));
            if (residual < options.Tolerance)
            {
                converged = true;
                break;
            }
            if (iterations < options.MaxIterations) kernel.Accelerate(residual); // the last pass's output stays T's
        }
        return new PageRankResult(graph, kernel.TakeScores(), iterations, residual, converged, options);
    }

    /// <summary>
    /// The bytes one pass of <see cref="Compute(GraphSnapshot, PageRankOptions?, IProgress{CentralityProgress}?, CancellationToken)"/>
    /// reads and writes in memory, by the kernel's own arrays (a model, counted as the STREAM benchmark counts: each
    /// array element read or written once, write-allocate reads not counted).
    /// </summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="options">The options (null = defaults); personalization, dangling distribution and weights add streams.</param>
    /// <returns>
    /// <c>Edges</c>: per follow, the 4 B follower id of the in-edge CSR, the 8 B contribution gathered for it (counted
    /// once: a lower bound — a gather that misses the cache moves a whole 64 B line, one that hits moves nothing from
    /// memory) and, weighted, the 8 B transition probability. <c>Accounts</c>: per account, the 4 B in-offset, the
    /// current and next iterate, the next contribution and 1/out-degree (8 B each), plus 8 B each for the
    /// personalization, the dangling distribution and the self-loop step when present. <c>Acceleration</c>: per account,
    /// the steady-state Anderson history update (reads the output, the input, the last g and f and two older
    /// difference columns; writes g, f and the new ΔG, ΔF: 80 B) and the extrapolated input (reads g, three ΔG columns
    /// and 1/out-degree; writes the iterate and its contribution: 56 B) when it runs from the first pass (self-loops
    /// on 1 account in <see cref="EagerSelfLoopShare"/> or more, α &gt; 0, at most <see cref="AndersonMaxNodes"/>
    /// accounts), else 0 (a graph with fewer self-loops starts it only on slow convergence, which this model does not
    /// foresee). Total bytes per pass =
    /// Edges + Accounts + Acceleration.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    internal static (long Edges, long Accounts, long Acceleration) StreamedBytesPerPass(GraphSnapshot graph, PageRankOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new PageRankOptions();
        long n = graph.NodeCount, m = graph.EdgeCount;
        bool weighted = options.Weighted && graph.IsWeighted;
        bool loops = graph.SelfLoopCount > 0 && options.Alpha > 0;
        long perEdge = 4 + 8 + (weighted ? 8 : 0);
        long perAccount = 4 + 8 * 4 + (options.Personalization is null ? 0 : 8) + (options.DanglingDistribution is null ? 0 : 8) + (loops ? 8 : 0);
        long perAccountAcceleration = loops && n <= AndersonMaxNodes && graph.SelfLoopCount * EagerSelfLoopShare >= n ? 80 + 56 : 0;
        return (perEdge * m, perAccount * n, perAccountAcceleration * n);
    }

    private static void Validate(PageRankOptions o)
    {
        if (!(o.Alpha >= 0.0 && o.Alpha <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(o.Alpha), o.Alpha, "The damping factor alpha must be in [0, 1].");
        if (!(o.Tolerance > 0.0) || !double.IsFinite(o.Tolerance))
            throw new ArgumentOutOfRangeException(nameof(o.Tolerance), o.Tolerance, "The tolerance must be a finite number > 0 (an L1 change between iterations).");
        if (o.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(o.MaxIterations), o.MaxIterations, "MaxIterations must be >= 1.");
        if (o.MaxDegreeOfParallelism is < 1)
            throw new ArgumentOutOfRangeException(nameof(o.MaxDegreeOfParallelism), o.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be >= 1 (or null for all cores).");
    }

    /// <summary>The normalized vector by node id of account weights (personalization or dangling distribution), or null when none is given.</summary>
    private static double[]? BuildTeleport(GraphSnapshot graph, IReadOnlyDictionary<string, double>? personalization, string label)
    {
        if (personalization is null) return null;
        var p = new double[graph.NodeCount];
        var seen = new string?[graph.NodeCount];
        double sum = 0;
        // Sorted so that the error reported for several bad keys is always the same one.
        foreach (var (account, weight) in personalization.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!graph.TryGetNode(account, out int v))
                throw new ArgumentException($"{label} names account '{account}', which is not in the graph.", "options");
            if (!double.IsFinite(weight) || weight < 0)
                throw new ArgumentException($"{label} weight of account '{account}' is {weight.ToString(CultureInfo.InvariantCulture)}; weights must be finite and >= 0.", "options");
            if (seen[v] is not null)
                throw new ArgumentException($"{label} names account '{graph.Accounts[v]}' twice (as '{seen[v]}' and '{account}').", "options");
            seen[v] = account;
            p[v] = weight;
            sum += weight;
        }
        if (!(sum > 0))
            throw new ArgumentException($"{label} weights sum to 0; give at least one account a positive weight.", "options");
        if (double.IsInfinity(sum))
            throw new ArgumentException($"{label} weights overflow when summed; scale them down.", "options");
        for (int v = 0; v < p.Length; v++) p[v] /= sum;
        return p;
    }

    private static double[] BuildStart(int n, double[]? warmStart)
    {
        var x = GC.AllocateUninitializedArray<double>(n); // every entry is written below
        if (warmStart is null)
        {
            Array.Fill(x, 1.0 / n);
            return x;
        }
        if (warmStart.Length != n)
            throw new ArgumentException($"The warm start has {warmStart.Length} entries but the graph has {n} accounts (one entry per node id).", "options");
        double sum = 0;
        for (int v = 0; v < n; v++)
        {
            double w = warmStart[v];
            if (!double.IsFinite(w) || w < 0)
                throw new ArgumentException($"Warm-start entry {v} is {w.ToString(CultureInfo.InvariantCulture)}; entries must be finite and >= 0.", "options");
            sum += w;
        }
        if (!(sum > 0) || double.IsInfinity(sum))
            throw new ArgumentException("The warm start must have a finite, positive sum.", "options");
        for (int v = 0; v < n; v++) x[v] = warmStart[v] / sum;
        return x;
    }

    /// <summary>Fixed contiguous chunks of about <see cref="ChunkWork"/> nodes + in-edges; depends on the graph only.</summary>
    internal static int[] Chunks(EdgeChunks inEdges)
    {
        int n = inEdges.NodeCount;
        var bounds = new List<int> { 0 };
        long work = 0;
        for (int v = 0; v < n; v++)
        {
            work += 1 + inEdges.Degree(v);
            if (work >= ChunkWork)
            {
                bounds.Add(v + 1);
                work = 0;
            }
        }
        if (bounds[^1] != n) bounds.Add(n);
        return bounds.ToArray();
    }

    /// <summary>State of one power iteration run: the vectors, the chunking and the per-chunk partial sums.</summary>
    private sealed class Kernel : IDisposable
    {
        private readonly int _n;
        private readonly double _alpha;
        private readonly EdgeChunks _inEdges;     // followers of each v, in edge chunks (one below 2^30 edges)
        private readonly double[][]? _inWeights; // weighted: P[u,v] per in-edge, per edge chunk; null = unweighted
        private readonly double[] _invOut;       // unweighted: 1/outdeg(u); weighted: 1; 0 exactly for dangling u (and only for them)
        private readonly double[]? _extrapolation; // ω·κ/(1 − κ), κ = α·P[v,v] (the share of v's rank its self-loops keep); null = power iteration
        private readonly double[]? _teleport;    // null = uniform
        private readonly bool _danglingUniform;
        private readonly double[]? _danglingTo;  // explicit dangling distribution; null = per _danglingUniform / teleport
        private readonly int[] _chunks;
        private readonly double[] _chunkResidual;
        private readonly double[] _chunkDangling;
        private readonly double[] _chunkSum;
        private readonly ParallelOptions? _parallel;
        private readonly Action<int> _body, _andersonRecord, _andersonCombine;
        private readonly double[] _result;      // the caller's start vector, returned with the final iterate
        private double[] _x, _xNext, _contrib, _contribNext;
        private double _danglingSum;
        // The current iterate is x = _scale·_x (the sweep does not conserve the mass, so its output is normalized
        // lazily: the next pass multiplies by 1/Σ); 1 for the power iteration. _previousScale belongs to _xNext.
        private double _scale = 1.0, _previousScale = 1.0;
        private double _uniformTerm, _teleportCoefficient, _danglingCoefficient;
        private AndersonState? _anderson; // created once the convergence is slow (see Accelerate); null = not (yet) accelerated
        private readonly bool _accelerate;  // with the self-loops solved (small enough graphs)
        private double _lastResidual = double.PositiveInfinity;
        private readonly int _selfLoopAccounts; // accounts whose self-loop step is used

        public Kernel(GraphSnapshot g, PageRankOptions o, double[]? teleport, double[] x0, double[]? danglingTo, bool solveSelfLoops, bool accelerate)
        {
            int n = _n = g.NodeCount;
            _alpha = o.Alpha;
            _inEdges = g.InEdgeChunks;
            bool weighted = o.Weighted && g.IsWeighted;
            _teleport = teleport;
            _danglingUniform = o.Dangling == DanglingPolicy.Uniform;
            _danglingTo = danglingTo;

            // Work vectors come from the shared pool (rented arrays may be longer than n and hold
            // garbage: only [0, n) is used, and every entry is written before it is read).
            _invOut = Rent(n);
            if (!weighted)
            {
                foreach (var ch in g.OutEdgeChunks.Chunks)
                {
                    int[] outOffsets = ch.Offsets;
                    for (int u = ch.FirstNode, i = 0; u < ch.EndNode; u++, i++)
                    {
                        int degree = outOffsets[i + 1] - outOffsets[i];
                        _invOut[u] = degree > 0 ? 1.0 / degree : 0.0;
                    }
                }
            }
            else
            {
                // Transition probabilities P[u,v] = w(u,v)/Σw(u,·) per in-edge, computed once. Weights are
                // scaled by the node's largest out-weight first, so the sum cannot overflow nor the
                // quotient underflow to 0 for tiny weights. c[u] is then x[u] itself (1 for every u whose
                // out-weights sum to more than 0; dangling u keeps 0).
                double[] largest = Rent(n), scaledTotal = Rent(n);
                for (int u = 0; u < n; u++)
                {
                    var outWeights = g.FolloweeWeights(u);
                    double max = 0, total = 0;
                    foreach (double w in outWeights) max = Math.Max(max, w);
                    if (max > 0)
                        foreach (double w in outWeights) total += w / max;
                    largest[u] = max;
                    scaledTotal[u] = total;
                    _invOut[u] = max > 0 ? 1.0 : 0.0;
                }
                var probabilities = new double[_inEdges.ChunkCount][];
                for (int k = 0; k < probabilities.Length; k++)
                {
                    var ch = _inEdges.Chunks[k];
                    double[] inWeights = ch.Weights!;
                    int[] sources = ch.Targets;
                    var probability = Rent(inWeights.Length);
                    for (int e = 0; e < inWeights.Length; e++)
                    {
                        int u = sources[e];
                        probability[e] = largest[u] > 0 ? inWeights[e] / largest[u] / scaledTotal[u] : 0.0;
                    }
                    probabilities[k] = probability;
                }
                ArrayPool<double>.Shared.Return(largest);
                ArrayPool<double>.Shared.Return(scaledTotal);
                _inWeights = probabilities;
            }

            if (solveSelfLoops && g.SelfLoopCount > 0 && _alpha > 0)
            {
                // P[v,v] = Σ over v's self-loop in-edges of their transition probability (a self-loop is
                // an ordinary out-edge: unweighted 1/outdeg(v) per copy kept, weighted w/Σw). Solved
                // only where α·P[v,v] < 1 (with α = 1 an account that follows only itself has no
                // unique fixed point of its own equation; it keeps the power iteration's update).
                _extrapolation = Rent(n);
                int solved = 0;
                for (int k = 0; k < _inEdges.ChunkCount; k++)
                {
                    var ch = _inEdges.Chunks[k];
                    int[] offsets = ch.Offsets, sources = ch.Targets;
                    double[]? probability = _inWeights?[k];
                    for (int v = ch.FirstNode; v < ch.EndNode; v++)
                    {
                        double self = 0;
                        for (int e = offsets[v - ch.FirstNode]; e < offsets[v - ch.FirstNode + 1]; e++)
                            if (sources[e] == v) self += probability is null ? _invOut[v] : probability[e];
                        double keep = _alpha * self;
                        double extrapolation = keep > 0 && keep < 1 ? Relaxation * keep / (1.0 - keep) : 0.0;
                        if (extrapolation > 0) solved++;
                        _extrapolation[v] = extrapolation;
                    }
                }
                _selfLoopAccounts = solved;
                if (solved == 0)
                {
                    ArrayPool<double>.Shared.Return(_extrapolation);
                    _extrapolation = null;
                }
            }

            _chunks = Chunks(_inEdges);
            int chunkCount = _chunks.Length - 1;
            _chunkResidual = new double[chunkCount];
            _chunkDangling = new double[chunkCount];
            _chunkSum = new double[chunkCount];
            int threads = o.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
            if (threads > 1 && chunkCount > 1 && n + g.EdgeCount >= ParallelThreshold)
                _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(threads, chunkCount) };
            _body = ProcessChunk;
            _andersonRecord = AndersonRecordChunk;
            _andersonCombine = AndersonCombineChunk;

            _x = _result = x0;
            _xNext = Rent(n);
            _contrib = Rent(n);
            _contribNext = Rent(n);
            // Initial c and dangling mass, with the same chunk-ordered summation as the iterations.
            for (int c = 0; c < chunkCount; c++)
            {
                double d = 0;
                for (int u = _chunks[c]; u < _chunks[c + 1]; u++)
                {
                    _contrib[u] = x0[u] * _invOut[u];
                    d += x0[u] * Dangling(_invOut[u]);
                }
                _chunkDangling[c] = d;
            }
            _danglingSum = SumInOrder(_chunkDangling);
            _accelerate = _extrapolation is not null && accelerate && n <= AndersonMaxNodes;
        }

        /// <summary>
        /// The power-iteration step T(x_k) from the last pass's input x_k (whose L1 change the last
        /// <see cref="Step"/> returned), in the caller's start array (which the result then owns). For
        /// the power iteration that is the last iterate itself; with self-loops solved it is recovered
        /// per account from the pass's output x̃_v = T_v + e_v·(T_v − x_k[v]): T_v = (x̃_v + e_v·x_k[v])/(1 + e_v).
        /// </summary>
        public double[] TakeScores()
        {
            if (_extrapolation is null)
            {
                if (!ReferenceEquals(_x, _result)) Array.Copy(_x, _result, _n);
                return _result;
            }
            double[] swept = _x, input = _xNext, extrapolation = _extrapolation;
            double previous = _previousScale;
            var t = ReferenceEquals(_x, _result) ? Rent(_n) : _result; // never write over a vector still read
            for (int v = 0; v < _n; v++)
                t[v] = (swept[v] + extrapolation[v] * (previous * input[v])) / (1.0 + extrapolation[v]);
            if (!ReferenceEquals(t, _result))
            {
                Array.Copy(t, _result, _n);
                ArrayPool<double>.Shared.Return(t);
            }
            return _result;
        }

        /// <summary>
        /// Anderson acceleration of the pass (type II, depth <see cref="AndersonDepth"/>; D. G. Anderson, J. ACM 12, 1965;
        /// H. F. Walker, P. Ni, SIAM J. Numer. Anal. 49, 2011), used when the self-loops are solved: after a pass from
        /// x_k that did not converge, with g_k = the pass's output (normalized) and f_k = g_k − x_k, the next input is
        /// x_{k+1} = g_k − Σ_j γ_j·(g_{j+1} − g_j) with γ minimizing ‖f_k − Σ_j γ_j·(f_{j+1} − f_j)‖₂ over the last
        /// <see cref="AndersonDepth"/> differences; negative entries are set to 0 and the result divided by its sum, so
        /// the input of every pass is a distribution and the stopping rule and its error bound are unchanged (they are
        /// about T at that input, whatever produced it). The history restarts when the L1 change grows above
        /// 2 times the smallest seen. Its two passes over the accounts run over the kernel's fixed chunks (in parallel when
        /// the pass is), each chunk summing in node order and the chunks' partial sums added in chunk order, so the
        /// result does not depend on the thread count.
        /// </summary>
        /// <param name="residual">The L1 change the last <see cref="Step"/> returned.</param>
        public void Accelerate(double residual)
        {
            if (_anderson is null)
            {
                // Started after the first pass when 1 account in EagerSelfLoopShare or more has a self-loop, else only once
                // a pass contracts the L1 change by less than SlowContraction: on a fast-mixing graph (R-MAT: about 0.2
                // per pass, with or without a few self-loops) the history would cost 136 B per account and pass (more
                // than the pass itself reads per account) and save no pass (12 passes either way on R-MAT 10^7).
                double last = _lastResidual;
                _lastResidual = residual;
                if (!_accelerate) return;
                if (!(residual > SlowContraction * last) && (long)_selfLoopAccounts * EagerSelfLoopShare < _n) return;
                _anderson = new AndersonState(_n, AndersonDepth, _chunks.Length - 1);
            }
            var a = _anderson;
            int m = AndersonDepth;
            if (residual > 2 * a.Best) a.Reset();
            a.Best = Math.Min(a.Best, residual);
            bool hasPrevious = a.HasPrevious;
            int slot = a.Next;
            int columns = hasPrevious ? Math.Min(a.Count + 1, m) : a.Count;
            a.Columns = columns;
            a.Slot = slot;
            // One pass (chunk-parallel): f_k, the new difference column (at slot), its dot products with every column,
            // and ⟨ΔF_i, f_k⟩; per-chunk partial sums added in chunk order.
            RunChunks(_andersonRecord);
            int chunkCount = _chunks.Length - 1;
            Span<double> cross = stackalloc double[m];
            Span<double> rhs = stackalloc double[m];
            cross.Clear();
            rhs.Clear();
            double[] partial = a.Partial;
            for (int c = 0; c < chunkCount; c++)
            {
                for (int j = 0; j < m; j++)
                {
                    rhs[j] += partial[c * 2 * m + j];
                    cross[j] += partial[c * 2 * m + m + j];
                }
            }
            if (hasPrevious)
            {
                for (int j = 0; j < columns; j++)
                {
                    a.Gram[slot, j] = cross[j];
                    a.Gram[j, slot] = cross[j];
                }
                a.Count = columns;
                a.Next = (slot + 1) % m;
            }
            a.HasPrevious = true;
            if (a.Count == 0) return; // the pass's own output is the next input, as without acceleration

            // Normal equations (Gram + tiny ridge)·γ = rhs, by Gaussian elimination with partial pivoting.
            int k = a.Count;
            Span<double> h = stackalloc double[k * k];
            Span<double> gamma = stackalloc double[k];
            double trace = 0;
            for (int i = 0; i < k; i++) trace += a.Gram[i, i];
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++) h[i * k + j] = a.Gram[i, j];
                h[i * k + i] += 1e-13 * trace;
                gamma[i] = rhs[i];
            }
            if (!(trace > 0) || !Solve(h, gamma, k))
            {
                a.Reset();
                return;
            }
            // x_{k+1} = g_k − Σ γ_j ΔG_j, clipped at 0, with c = x·invOut and the dangling mass (chunk order); divided by its
            // sum lazily, by the next pass (_scale), as the pass's own output.
            a.Gamma0 = gamma[0];
            a.Gamma1 = k > 1 ? gamma[1] : 0;
            a.Gamma2 = k > 2 ? gamma[2] : 0;
            a.Combined = k;
            RunChunks(_andersonCombine);
            double sum = SumInOrder(_chunkSum);
            if (!(sum > 0) || !double.IsFinite(sum))
            {
                // Cannot happen for a finite history; fall back to the pass's own output.
                double[] output = _x, contrib = _contrib, invOut = _invOut, g0 = a.PreviousG;
                for (int c = 0; c < chunkCount; c++)
                {
                    double d = 0;
                    for (int u = _chunks[c]; u < _chunks[c + 1]; u++)
                    {
                        output[u] = g0[u];
                        contrib[u] = g0[u] * invOut[u];
                        d += g0[u] * Dangling(invOut[u]);
                    }
                    _chunkDangling[c] = d;
                }
                sum = 1.0;
                a.Reset();
            }
            _danglingSum = SumInOrder(_chunkDangling);
            _scale = 1.0 / sum;
        }

        /// <summary>
        /// Runs <paramref name="body"/> for every chunk: in parallel when the pass is and the graph has at least
        /// <see cref="AndersonParallelNodes"/> accounts, else in chunk order (same chunks, same sums either way).
        /// </summary>
        private void RunChunks(Action<int> body)
        {
            int chunkCount = _chunks.Length - 1;
            if (_parallel is null || _n < AndersonParallelNodes)
                for (int c = 0; c < chunkCount; c++) body(c);
            else
                Parallel.For(0, chunkCount, _parallel, body);
        }

        /// <summary>
        /// Anderson history update of chunk c (accounts [lo, hi)): g = the pass's output normalized, f = g − x (its
        /// input), ΔG/ΔF at the current slot (when there is a previous output), the new g and f, and the chunk's
        /// partial sums ⟨ΔF_j, f⟩ and ⟨ΔF_j, ΔF_slot⟩ over the used columns, in node order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AndersonRecordChunk(int c)
        {
            var a = _anderson!;
            int lo = _chunks[c], hi = _chunks[c + 1];
            double s = _scale, ps = _previousScale;
            int columns = a.Columns;
            bool hasPrevious = a.HasPrevious;
            double[] output = _x, input = _xNext, g0 = a.PreviousG, f0 = a.PreviousF;
            // Unused columns point at f0 (finite, never summed: their sums are skipped below).
            double[] d0 = columns > 0 ? a.DeltaF[0] : f0, d1 = columns > 1 ? a.DeltaF[1] : f0, d2 = columns > 2 ? a.DeltaF[2] : f0;
            double r0 = 0, r1 = 0, r2 = 0, x0 = 0, x1 = 0, x2 = 0;
            if (hasPrevious)
            {
                double[] dg = a.DeltaG[a.Slot], df = a.DeltaF[a.Slot];
                for (int v = lo; v < hi; v++)
                {
                    double g = s * output[v], f = g - ps * input[v];
                    double dfv = f - f0[v];
                    dg[v] = g - g0[v];
                    df[v] = dfv;
                    g0[v] = g;
                    f0[v] = f;
                    double e0 = d0[v], e1 = d1[v], e2 = d2[v];
                    r0 += e0 * f;
                    r1 += e1 * f;
                    r2 += e2 * f;
                    x0 += e0 * dfv;
                    x1 += e1 * dfv;
                    x2 += e2 * dfv;
                }
            }
            else
            {
                for (int v = lo; v < hi; v++)
                {
                    double g = s * output[v], f = g - ps * input[v];
                    g0[v] = g;
                    f0[v] = f;
                    double e0 = d0[v], e1 = d1[v], e2 = d2[v];
                    r0 += e0 * f;
                    r1 += e1 * f;
                    r2 += e2 * f;
                }
            }
            int at = c * 2 * AndersonDepth;
            double[] partial = a.Partial;
            partial[at] = columns > 0 ? r0 : 0;
            partial[at + 1] = columns > 1 ? r1 : 0;
            partial[at + 2] = columns > 2 ? r2 : 0;
            partial[at + 3] = columns > 0 ? x0 : 0;
            partial[at + 4] = columns > 1 ? x1 : 0;
            partial[at + 5] = columns > 2 ? x2 : 0;
        }

        /// <summary>
        /// The extrapolated input of chunk c: x = max(g − Σ γ_j ΔG_j, 0), c = x·invOut, the chunk's dangling mass and sum.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AndersonCombineChunk(int c)
        {
            var a = _anderson!;
            int lo = _chunks[c], hi = _chunks[c + 1];
            int k = a.Combined;
            double[] output = _x, contrib = _contrib, invOut = _invOut, g0 = a.PreviousG;
            double[] dg0 = a.DeltaG[0], dg1 = k > 1 ? a.DeltaG[1] : dg0, dg2 = k > 2 ? a.DeltaG[2] : dg0;
            double c0 = a.Gamma0, c1 = a.Gamma1, c2 = a.Gamma2;
            double d = 0, total = 0;
            for (int u = lo; u < hi; u++)
            {
                double x = Math.Max(g0[u] - c0 * dg0[u] - c1 * dg1[u] - c2 * dg2[u], 0.0);
                output[u] = x;
                double inv = invOut[u];
                contrib[u] = x * inv;
                d += x * Dangling(inv);
                total += x;
            }
            _chunkDangling[c] = d;
            _chunkSum[c] = total;
        }

        /// <summary>Solves the k×k system h·x = b in place (b becomes x); false when it is singular.</summary>
        private static bool Solve(Span<double> h, Span<double> b, int k)
        {
            for (int col = 0; col < k; col++)
            {
                int pivot = col;
                for (int r = col + 1; r < k; r++)
                    if (Math.Abs(h[r * k + col]) > Math.Abs(h[pivot * k + col])) pivot = r;
                if (!(Math.Abs(h[pivot * k + col]) > 0)) return false;
                if (pivot != col)
                {
                    for (int j = 0; j < k; j++) (h[col * k + j], h[pivot * k + j]) = (h[pivot * k + j], h[col * k + j]);
                    (b[col], b[pivot]) = (b[pivot], b[col]);
                }
                for (int r = col + 1; r < k; r++)
                {
                    double factor = h[r * k + col] / h[col * k + col];
                    for (int j = col; j < k; j++) h[r * k + j] -= factor * h[col * k + j];
                    b[r] -= factor * b[col];
                }
            }
            for (int r = k - 1; r >= 0; r--)
            {
                double x = b[r];
                for (int j = r + 1; j < k; j++) x -= h[r * k + j] * b[j];
                b[r] = x / h[r * k + r];
            }
            for (int r = 0; r < k; r++) if (!double.IsFinite(b[r])) return false;
            return true;
        }

        /// <summary>Anderson acceleration's history: the last output and change, the difference columns and their Gram matrix.</summary>
        private sealed class AndersonState(int n, int depth, int chunkCount)
        {
            public readonly double[] PreviousG = Rent(n), PreviousF = Rent(n);
            public readonly double[][] DeltaG = Enumerable.Range(0, depth).Select(_ => Rent(n)).ToArray();
            public readonly double[][] DeltaF = Enumerable.Range(0, depth).Select(_ => Rent(n)).ToArray();
            public readonly double[,] Gram = new double[depth, depth];
            public readonly double[] Partial = new double[Math.Max(1, chunkCount) * 2 * depth]; // per chunk: ⟨ΔF_j, f⟩, then ⟨ΔF_j, ΔF_slot⟩
            public int Count, Next, Columns, Slot, Combined;
            public double Gamma0, Gamma1, Gamma2;
            public bool HasPrevious;
            public double Best = double.PositiveInfinity;

            /// <summary>Forgets the history (the next call only records the pass's output).</summary>
            public void Reset()
            {
                Count = 0;
                Next = 0;
                HasPrevious = false;
            }

            public void Return()
            {
                var pool = ArrayPool<double>.Shared;
                pool.Return(PreviousG);
                pool.Return(PreviousF);
                foreach (var d in DeltaG) pool.Return(d);
                foreach (var d in DeltaF) pool.Return(d);
            }
        }

        /// <summary>Returns the pooled work vectors.</summary>
        public void Dispose()
        {
            _anderson?.Return();
            var pool = ArrayPool<double>.Shared;
            foreach (var a in new[] { _invOut, ReferenceEquals(_x, _result) ? _xNext : _x, _contrib, _contribNext })
                pool.Return(a);
            if (_inWeights is not null) foreach (var p in _inWeights) pool.Return(p);
            if (_extrapolation is not null) pool.Return(_extrapolation);
        }

        private static double[] Rent(int n)
        {
            var a = ArrayPool<double>.Shared.Rent(n);
            RentedBytes += 8L * a.Length;
            return a;
        }

        /// <summary>
        /// One pass from the current iterate x_k: computes the power step T(x_k) per account, its
        /// L1 change ‖T(x_k) − x_k‖₁ (returned), and the next iterate (T(x_k) itself, or with the
        /// self-loops solved, T_v + e_v·(T_v − x_k[v]), normalized by the next pass).
        /// </summary>
        public double Step(CancellationToken ct)
        {
            // T(x)[v] = α·Σ c[u] + (uniform term) + (teleport coefficient)·p[v] (+ dangling coefficient·d[v])
            double a = _alpha, dm = _scale * _danglingSum;
            _danglingCoefficient = 0;
            if (_danglingTo is not null)
            {
                _uniformTerm = _teleport is null ? (1.0 - a) / _n : 0;
                _teleportCoefficient = _teleport is null ? 0 : 1.0 - a;
                _danglingCoefficient = a * dm;
            }
            else if (_teleport is null)
            {
                _uniformTerm = ((1.0 - a) + a * dm) / _n;
                _teleportCoefficient = 0;
            }
            else if (_danglingUniform)
            {
                _uniformTerm = a * dm / _n;
                _teleportCoefficient = 1.0 - a;
            }
            else
            {
                _uniformTerm = 0;
                _teleportCoefficient = (1.0 - a) + a * dm;
            }

            int chunkCount = _chunks.Length - 1;
            if (_parallel is null)
            {
                for (int c = 0; c < chunkCount; c++) ProcessChunk(c);
            }
            else
            {
                _parallel.CancellationToken = ct;
                Parallel.For(0, chunkCount, _parallel, _body);
            }

            (_x, _xNext) = (_xNext, _x);
            (_contrib, _contribNext) = (_contribNext, _contrib);
            _danglingSum = SumInOrder(_chunkDangling);
            _previousScale = _scale;
            if (_extrapolation is not null) _scale = 1.0 / SumInOrder(_chunkSum);
            return SumInOrder(_chunkResidual);
        }

        private static double SumInOrder(double[] parts)
        {
            double s = 0;
            foreach (double p in parts) s += p;
            return s;
        }

        /// <summary>
        /// Work block c (accounts [lo, hi)): its accounts' new scores, in node order. A block may span several edge
        /// chunks; it is then processed segment by segment with the same running sums, so the result does not
        /// depend on the edge chunking.
        /// </summary>
        private void ProcessChunk(int c)
        {
            int lo = _chunks[c], hi = _chunks[c + 1];
            double residual = 0, dangling = 0, sum = 0;
            if (_inEdges.Single is { } only) ProcessSegment(only, 0, lo, hi, ref residual, ref dangling, ref sum);
            else if (lo < hi)
            {
                for (int k = _inEdges.ChunkIndexOf(lo); lo < hi; k++)
                {
                    var ch = _inEdges.Chunks[k];
                    int end = Math.Min(hi, ch.EndNode);
                    ProcessSegment(ch, k, lo, end, ref residual, ref dangling, ref sum);
                    lo = end;
                }
            }
            _chunkResidual[c] = residual;
            _chunkDangling[c] = dangling;
            _chunkSum[c] = sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ProcessSegment(EdgeChunk chunk, int k, int lo, int hi, ref double residualSum, ref double danglingSum, ref double sumSum)
        {
            double scale = _scale, alpha = _alpha * scale, uniform = _uniformTerm, tc = _teleportCoefficient, dc = _danglingCoefficient;
            int first = chunk.FirstNode;
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(chunk.Offsets);
            ref int sources = ref MemoryMarshal.GetArrayDataReference(chunk.Targets);
            ref double contrib = ref MemoryMarshal.GetArrayDataReference(_contrib);
            ref double x = ref MemoryMarshal.GetArrayDataReference(_x);
            ref double xNext = ref MemoryMarshal.GetArrayDataReference(_xNext);
            ref double cNext = ref MemoryMarshal.GetArrayDataReference(_contribNext);
            ref double inv = ref MemoryMarshal.GetArrayDataReference(_invOut);
            double[]? teleport = _teleport;
            double[]? danglingTo = _danglingTo;
            double[]? weights = _inWeights?[k];
            double[]? extrapolation = _extrapolation;
            double residual = residualSum, dangling = danglingSum, sum = sumSum;
            int e = Unsafe.Add(ref offsets, lo - first);
            for (int v = lo; v < hi; v++)
            {
                int end = Unsafe.Add(ref offsets, v + 1 - first);
                double s = weights is null
                    ? GatherSum(ref sources, ref contrib, e, end)
                    : GatherSumWeighted(ref sources, ref contrib, ref MemoryMarshal.GetArrayDataReference(weights), e, end);
                e = end;
                double xv = alpha * s + uniform;
                if (teleport is not null) xv += tc * teleport[v];
                if (danglingTo is not null) xv += dc * danglingTo[v];
                double old = scale * Unsafe.Add(ref x, v);
                residual += Math.Abs(xv - old);
                if (extrapolation is not null) xv += (xv - old) * extrapolation[v];
                Unsafe.Add(ref xNext, v) = xv;
                double invOut = Unsafe.Add(ref inv, v);
                Unsafe.Add(ref cNext, v) = xv * invOut;
                dangling += xv * Dangling(invOut);
                sum += xv;
            }
            residualSum = residual;
            danglingSum = dangling;
            sumSum = sum;
        }

        /// <summary>
        /// 1 for a dangling account, else 0, from its 1/out-degree entry (0 exactly for dangling accounts and only for
        /// them: 1/d &gt; 0 for any degree d ≥ 1, and 1 for weighted non-dangling accounts): the dangling mask without a
        /// vector of its own (one 8 B stream less per account and pass), branch-free.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Dangling(double invOut)
        {
            bool dangling = invOut == 0.0;
            return Unsafe.As<bool, byte>(ref dangling);
        }

        /// <summary>Σ c[src[e]] for e in [start, end), in CSR order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double GatherSum(ref int sources, ref double contrib, int start, int end)
        {
            double s = 0;
            for (int e = start; e < end; e++) s += Unsafe.Add(ref contrib, Unsafe.Add(ref sources, e));
            return s;
        }

        /// <summary>Σ c[src[e]]·w[e] for e in [start, end), in CSR order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double GatherSumWeighted(ref int sources, ref double contrib, ref double weights, int start, int end)
        {
            double s = 0;
            for (int e = start; e < end; e++) s += Unsafe.Add(ref contrib, Unsafe.Add(ref sources, e)) * Unsafe.Add(ref weights, e);
            return s;
        }
    }
}
