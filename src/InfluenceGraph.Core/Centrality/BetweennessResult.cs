using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Centrality;

/// <summary>Betweenness scores with how they were obtained (exact, or estimated from a sample of sources).</summary>
/// <remarks>
/// A score is <see cref="double.NaN"/> only in one documented case: a sampled run with a single
/// source, endpoints off, for that source account (NetworkX ≥ 3.5 <c>_rescale</c>: no data for it).
/// Callers that serialize scores must write NaN as <c>null</c>.
/// </remarks>
public sealed class BetweennessResult : CentralityResult
{
    /// <summary>Creates a result.</summary>
    public BetweennessResult(GraphSnapshot graph, double[] scores, int sourcesUsed, bool isExact, BetweennessOptions options)
        : this(graph, scores, sourcesUsed, isExact, options, null) { }

    /// <summary>Creates a result with per-account standard errors (sampled runs).</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="scores">Score per node id.</param>
    /// <param name="sourcesUsed">Number of sources (pivots) counted, 0..n.</param>
    /// <param name="isExact">True when every account was a source.</param>
    /// <param name="options">The options used.</param>
    /// <param name="standardErrors">Standard error per node id (length n), or null for an exact run.</param>
    /// <exception cref="ArgumentException"><paramref name="standardErrors"/> does not have one entry per account.</exception>
    public BetweennessResult(GraphSnapshot graph, double[] scores, int sourcesUsed, bool isExact, BetweennessOptions options, double[]? standardErrors)
        : base(graph, "betweenness", scores)
    {
        if (standardErrors is not null && standardErrors.Length != graph.NodeCount)
            throw new ArgumentException($"Expected {graph.NodeCount} standard errors, got {standardErrors.Length}.", nameof(standardErrors));
        SourcesUsed = sourcesUsed;
        IsExact = isExact;
        Options = options;
        StandardErrors = standardErrors;
    }

    /// <summary>
    /// The error guarantee of a Riondato–Kornaropoulos run (<see cref="BetweennessOptions.Epsilon"/>):
    /// ε, δ, the vertex-diameter bound and the sample size; null otherwise.
    /// </summary>
    public BetweennessGuarantee? Guarantee { get; init; }

    /// <summary>Number of sources (pivots) whose shortest paths were counted: n when exact, k when sampled (the number of sampled pairs in a guaranteed-error run).</summary>
    public int SourcesUsed { get; }

    /// <summary>True when every account was a source (the scores are exact, not estimates).</summary>
    public bool IsExact { get; }

    /// <summary>The options used.</summary>
    public BetweennessOptions Options { get; }

    /// <summary>
    /// Estimated standard error of each score, indexed by node id, in the same units as the scores
    /// (normalized or not); null when <see cref="IsExact"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The sampled score of account v is a scaled total over a simple random sample (without
    /// replacement) of K′ sources drawn from the M accounts that can be a source for v:
    /// M = n − 1 (every account but v) with endpoints off, M = n with endpoints on; K′ = k, or k − 1
    /// when v is itself a pivot (endpoints off). Given whether v is a pivot, the estimate is
    /// unbiased. Its standard error is the textbook one for a sample total (Cochran, <i>Sampling
    /// Techniques</i>, 1977, §2.4): SE = f · √(K′ · (1 − K′/M) · s²), where s² is the sample variance
    /// (divisor K′ − 1) of the per-source dependencies δ_s(v) and f the factor applied to the raw
    /// sum (see <see cref="Betweenness"/>). The finite population correction makes it 0 when every
    /// candidate source was sampled; it is <see cref="double.NaN"/> when K′ &lt; 2 (a variance cannot be
    /// estimated from one source). An approximate 95% interval is score ± 1.96 · SE (normal
    /// approximation; optimistic for heavy-tailed dependencies and small k).
    /// </para>
    /// </remarks>
    public double[]? StandardErrors { get; }

    /// <summary>Standard error of an account's score (null for an exact run).</summary>
    /// <exception cref="KeyNotFoundException">The account is not in the graph.</exception>
    public double? StandardErrorOf(string account) =>
        Graph.TryGetNode(account, out int v)
            ? StandardErrors?[v]
            : throw new KeyNotFoundException($"Unknown account '{account}'.");
}
