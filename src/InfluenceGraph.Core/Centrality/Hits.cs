using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Options of <see cref="Hits"/>.</summary>
public sealed record HitsOptions
{
    /// <summary>Stop when the L1 change of the (sum-1 normalised) hub vector is below this; default 1e-10, must be &gt; 0.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Maximum number of iterations, &gt;= 1; default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Use edge weights as link strengths; default false.</summary>
    public bool Weighted { get; init; }
}

/// <summary>Hub and authority scores with the convergence record.</summary>
/// <param name="Hubs">Hub score per node id (sums to 1 unless the graph has no edge).</param>
/// <param name="Authorities">Authority score per node id (sums to 1 unless the graph has no edge).</param>
/// <param name="Iterations">Iterations performed.</param>
/// <param name="Residual">L1 change of the hub vector in the last iteration.</param>
/// <param name="Converged">True when <paramref name="Residual"/> fell below the tolerance.</param>
public sealed record HitsResult(CentralityResult Hubs, CentralityResult Authorities, int Iterations, double Residual, bool Converged);

/// <summary>
/// HITS hubs and authorities (Kleinberg 1999, "Authoritative sources in a hyperlinked environment",
/// J. ACM 46(5), doi:10.1145/324133.324140), defined by power iteration from the uniform vector.
/// </summary>
/// <remarks>
/// <para>
/// Definition (NetworkX's <c>_hits_python</c>, the default again since networkx PR #8620): start with
/// h uniform; repeat a = Aᵀh, h = A a, each normalised to sum 1, until ‖h − h_prev‖₁ &lt; tolerance.
/// A is the adjacency matrix of the follower graph (A[u,v] = 1, or the weight, for u -> v): a good hub
/// follows good authorities, a good authority is followed by good hubs.
/// </para>
/// <para>
/// Why power iteration and not an eigen-solver: on graphs whose spectrum is degenerate (a directed
/// cycle, a path) the dominant singular vector is not unique, and SVD/ARPACK solvers return an
/// arbitrary — even negative — vector that changes from call to call (NetworkX's SciPy-based
/// <c>hits</c> on a directed cycle, for one). Power iteration from the uniform start picks the
/// projection of that start: non-negative and deterministic. Scores are therefore always &gt;= 0.
/// </para>
/// <para>
/// A graph with no edge has no hubs or authorities: every score is 0 (the sums are then 0, not 1).
/// Duplicate edges count per the snapshot's policy (multiplicity in a multigraph).
/// Time O((n + m) · iterations), memory O(n).
/// </para>
/// </remarks>
public static class Hits
{
    /// <summary>Computes hub and authority scores.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="options">Tolerance, iteration limit, weights; null = defaults.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    /// <returns>Hubs and authorities (metric names <c>hub</c> and <c>authority</c>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Tolerance is not &gt; 0 or MaxIterations &lt; 1.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static HitsResult Compute(GraphSnapshot graph, HitsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new HitsOptions();
        if (!(options.Tolerance > 0) || !double.IsFinite(options.Tolerance))
            throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance, "The HITS tolerance must be a finite number > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1, nameof(options.MaxIterations));
        if (options.Weighted && !graph.IsWeighted)
            options = options with { Weighted = false }; // every weight is 1

        int n = graph.NodeCount;
        var h = new double[n];
        var a = new double[n];
        if (n == 0 || graph.EdgeCount == 0)
            return new HitsResult(new CentralityResult(graph, "hub", h), new CentralityResult(graph, "authority", a), 0, 0, true);

        Array.Fill(h, 1.0 / n);
        var hNext = new double[n];
        double residual = double.PositiveInfinity;
        int it = 0;
        bool weighted = options.Weighted;
        while (it < options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            it++;
            // a = Aᵀ h : authority of v sums the hub scores of its followers (in-edges).
            double sumA = Gather(graph.InEdgeChunks, h, a, weighted);
            if (sumA > 0) for (int v = 0; v < n; v++) a[v] /= sumA;
            // h = A a : hub score of u sums the authority scores of its followees (out-edges).
            double sumH = Gather(graph.OutEdgeChunks, a, hNext, weighted);
            residual = 0;
            for (int u = 0; u < n; u++)
            {
                if (sumH > 0) hNext[u] /= sumH;
                residual += Math.Abs(hNext[u] - h[u]);
            }
            (h, hNext) = (hNext, h);
            if (residual < options.Tolerance) break;
        }
        // Authorities consistent with the final hubs.
        double total = Gather(graph.InEdgeChunks, h, a, weighted);
        if (total > 0) for (int v = 0; v < n; v++) a[v] /= total;
        return new HitsResult(new CentralityResult(graph, "hub", h), new CentralityResult(graph, "authority", a),
            it, residual, residual < options.Tolerance);
    }

    /// <summary>to[v] = Σ from[w]·(weight) over v's list in <paramref name="edges"/>, chunk by chunk in node order; returns Σ to[v] (summed in node order).</summary>
    private static double Gather(EdgeChunks edges, double[] from, double[] to, bool weighted)
    {
        double sum = 0;
        foreach (var ch in edges.Chunks)
        {
            int[] off = ch.Offsets, tgt = ch.Targets;
            double[]? w = weighted ? ch.Weights : null;
            for (int v = ch.FirstNode, i = 0; v < ch.EndNode; v++, i++)
            {
                double s = 0;
                for (int e = off[i]; e < off[i + 1]; e++)
                    s += w is not null ? from[tgt[e]] * w[e] : from[tgt[e]];
                to[v] = s;
                sum += s;
            }
        }
        return sum;
    }
}
