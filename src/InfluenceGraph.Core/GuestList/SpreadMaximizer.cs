using System.Diagnostics;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.GuestList;

/// <summary>Options of the <c>spread</c> objective (Independent Cascade, OPIM-C).</summary>
/// <param name="Probability">Edge probabilities; default weighted cascade.</param>
/// <param name="UniformProbability">p for <see cref="CascadeProbability.Uniform"/>, in [0, 1]; default 0.1.</param>
/// <param name="Epsilon">ε in (0, 1): stop once the list is certified to reach (1 − 1/e − ε) of the optimum; default 0.1.</param>
/// <param name="Delta">Failure probability δ in (0, 1) of the certificate and the confidence interval; null = 1/n.</param>
/// <param name="Seed">Seed of the RR samples; the same seed gives the same list for any thread count.</param>
/// <param name="MaxDegreeOfParallelism">Threads; null = all cores.</param>
public sealed record SpreadOptions(CascadeProbability Probability = CascadeProbability.WeightedCascade, double UniformProbability = 0.1,
    double Epsilon = 0.1, double? Delta = null, ulong Seed = 1, int? MaxDegreeOfParallelism = null)
{
    /// <summary>
    /// Most bytes the reverse-reachable samples may take (see <see cref="SpreadMaximizer.EstimateSamplingBytes"/>); null = the
    /// memory available to the process (<see cref="AvailableMemoryBytes"/>) minus its working set, measured before each round.
    /// A first round that would not fit is refused (<see cref="Metrics.AnalysisMemoryException"/>); a later round that would not
    /// fit is not run: the list of the last round that fitted is returned with its (weaker) certificate and
    /// <see cref="SpreadResult.MemoryCapped"/> set. Not part of the question (not serialized): the server and the CLI set it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? SampleMemoryBytes { get; init; }

    /// <summary>
    /// The memory available to the process in bytes (a server's or the CLI's configured budget), or null for the runtime's figure
    /// (<see cref="Metrics.MemoryBudget.Available"/>); used when <see cref="SampleMemoryBytes"/> is null. Not serialized.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? AvailableMemoryBytes { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid member.</summary>
    public void Validate()
    {
        if (!(Epsilon > 0 && Epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "epsilon must be in (0, 1).");
        if (Delta is double d && !(d > 0 && d < 1)) throw new ArgumentOutOfRangeException(nameof(Delta), d, "delta must be in (0, 1).");
        if (Probability == CascadeProbability.Uniform && !(UniformProbability >= 0 && UniformProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(UniformProbability), UniformProbability, "probability must be in [0, 1].");
        if (MaxDegreeOfParallelism is < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be >= 1.");
    }
}

/// <summary>An estimate of an expected spread with its confidence interval.</summary>
/// <param name="Estimate">Unbiased estimate: n × covered sets / sets, on the independent sample.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="CoveredSets">Sets of the sample covered.</param>
public sealed record SpreadEstimate(double Estimate, double Lower, double Upper, long CoveredSets);

/// <summary>The list chosen by <see cref="SpreadMaximizer.Run"/>, its validated spread and the certificate.</summary>
/// <param name="Greedy">The greedy result on the selection sample R1 (gains and bound in RR sets).</param>
/// <param name="SetsPerSample">θ: sets in each of the two samples.</param>
/// <param name="Rounds">OPIM-C rounds run (θ doubles each round).</param>
/// <param name="InSample">n × coverage on R1 / θ: the in-sample estimate, optimistic (the list was chosen on R1).</param>
/// <param name="Spread">The list's spread estimated on the independent sample R2, with its interval.</param>
/// <param name="PrefixSpread">Estimated spread (on R2) of the first i+1 picks, for every i.</param>
/// <param name="OptimumUpperBound">Upper bound of the best list's expected spread (from R1's certificate).</param>
/// <param name="CertifiedRatio">Spread lower bound / optimum upper bound: with probability ≥ 1 − δ the list reaches at least this share of the best list.</param>
/// <param name="Delta">δ used.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="RrMembers">Members over all RR sets of both samples.</param>
/// <param name="MemoryBytes">Bytes held by the two samples and R1's index.</param>
/// <param name="Samples">R1 and R2, for estimating other lists (e.g. the plain top influencers).</param>
/// <param name="Accounts">n, the accounts of the graph.</param>
public sealed record SpreadResult(GreedyResult Greedy, int SetsPerSample, int Rounds, double InSample, SpreadEstimate Spread, double[] PrefixSpread,
    double OptimumUpperBound, double CertifiedRatio, double Delta, TimeSpan Elapsed, long RrMembers, long MemoryBytes,
    (ReverseReachableSets Selection, ReverseReachableSets Validation) Samples, int Accounts)
{
    /// <summary>RR sets generated in all (both samples).</summary>
    public long TotalSets => 2L * SetsPerSample;

    /// <summary>
    /// True when OPIM-C stopped doubling the samples because the next round's estimated memory
    /// (<see cref="SpreadMaximizer.EstimateSamplingBytes"/>) exceeded <see cref="SpreadOptions.SampleMemoryBytes"/>: the list and its
    /// certificate are those of the last round that fitted (the certified ratio may be below 1 − 1/e − ε).
    /// </summary>
    public bool MemoryCapped { get; init; }

    /// <summary>The estimated bytes of the round that was not run when <see cref="MemoryCapped"/>, else 0.</summary>
    public double CappedRoundBytes { get; init; }
}

/// <summary>
/// Influence maximisation under the Independent Cascade model (Kempe, Kleinberg, Tardos 2003) with
/// reverse-reachable sets and OPIM-C (Tang, Tang, Xiao, Yuan, SIGMOD 2018): two independent samples R1
/// (select) and R2 (validate), doubled until the list is certified to reach (1 − 1/e − ε) of the optimum
/// with probability ≥ 1 − δ, or the worst-case size θ_max is reached.
/// </summary>
/// <remarks>
/// With α = √ln(6/δ), β = √((1 − 1/e)(ln C(n,k) + ln(6/δ))): θ₀ = 2((1 − 1/e)α + β)², θ_max = θ₀·n/(k ε²),
/// i_max = ⌊log₂(θ_max/θ₀)⌋ + 1, a = ln(3 i_max / δ). Each round: greedy (<see cref="LazyGreedy"/>) on R1 gives S
/// and Λ₁ᵘ (the online upper bound of the best coverage); Λ₂ = coverage of S on R2;
/// σˡ(S) = ((√(Λ₂ + 2a/9) − √(a/2))² − a/18)·n/θ and σᵘ(OPT) = (√(Λ₁ᵘ + a/2) + √(a/2))²·n/θ; stop when
/// σˡ/σᵘ ≥ 1 − 1/e − ε. The interval of the spread is [σˡ(S), (√(Λ₂ + a/2) + √(a/2))²·n/θ].
/// </remarks>
public static class SpreadMaximizer
{
    private static readonly double OneMinusInvE = 1 - 1 / Math.E;

    /// <summary>Chooses <paramref name="size"/> accounts of largest expected spread.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="candidates">Accounts the greedy may pick.</param>
    /// <param name="required">Accounts that must be on the list.</param>
    /// <param name="size">List size (&gt;= 1).</param>
    /// <param name="options">Model, ε, δ, seed; null = defaults.</param>
    /// <param name="progress">Reports the rounds.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="ArgumentException">Invalid options or a model the graph cannot use.</exception>
    public static SpreadResult Run(GraphSnapshot graph, IReadOnlyList<int> candidates, IReadOnlyList<int> required, int size,
        SpreadOptions? options = null, IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new SpreadOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var clock = Stopwatch.StartNew();
        int n = Math.Max(1, graph.NodeCount);
        double delta = options.Delta ?? 1.0 / Math.Max(2, n);
        int k = Math.Min(size, n);
        double alpha = Math.Sqrt(Math.Log(6 / delta));
        double beta = Math.Sqrt(OneMinusInvE * (LogChoose(n, k) + Math.Log(6 / delta)));
        double theta0 = 2 * Sq(OneMinusInvE * alpha + beta);
        double thetaMax = theta0 * n / (k * options.Epsilon * options.Epsilon);
        int rounds = (int)Math.Floor(Math.Log2(thetaMax / theta0)) + 1;
        double a = Math.Log(3.0 * rounds / delta);

        var r1 = new ReverseReachableSets(graph, options.Probability, options.UniformProbability, options.Seed, 1);
        var r2 = new ReverseReachableSets(graph, options.Probability, options.UniformProbability, options.Seed, 2);
        // Without an explicit budget, the memory free now (available minus the working set, measured again before each round so
        // that what earlier rounds left for the garbage collector counts as used), plus what the samples already hold (the
        // estimate counts them).
        double Budget() => options.SampleMemoryBytes
            ?? (double)Metrics.MemoryBudget.Available(options.AvailableMemoryBytes) - Metrics.MemoryBudget.InUse() + r1.Bytes + r2.Bytes;
        // A pilot of the selection sample's first sets (the same sets the first round keeps: set i depends only on the seed and i)
        // gives the mean RR-set size the first round's estimate needs; later rounds use the mean of the sets already drawn.
        r1.Extend((int)Math.Min(PilotSets, Math.Ceiling(theta0)), options.MaxDegreeOfParallelism, cancellationToken);
        GreedyResult greedy = null!;
        long lambda2 = 0;
        double lower = 0, upperOpt = 0, cappedBytes = 0;
        int theta = 0, round = 0;
        bool capped = false;
        for (round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int next = (int)Math.Min(int.MaxValue / 2, Math.Ceiling(theta0 * Math.Pow(2, round)));
            double mean = (double)(r1.MemberCount + r2.MemberCount) / Math.Max(1, r1.Count + r2.Count);
            double need = EstimateSamplingBytes(graph.NodeCount, next, mean);
            double budget = Budget();
            if (need > budget || next * mean > int.MaxValue)
            {
                if (round == 0)
                    throw new Metrics.AnalysisMemoryException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"guest list by Independent Cascade spread: {next:N0} RR sets per sample of about {mean:0.#} accounts each ({graph.NodeCount:N0} accounts, {graph.EdgeCount:N0} follows)"),
                        (long)Math.Min(need, long.MaxValue), Metrics.MemoryBudget.InUse(), (long)Math.Min(long.MaxValue, Math.Max(0, budget) + Metrics.MemoryBudget.InUse()), MemoryHint);
                capped = true;
                cappedBytes = need;
                break;
            }
            theta = next;
            progress?.Report(new CentralityProgress(round, rounds, $"round {round + 1} of at most {rounds}: {theta:N0} RR sets per sample"));
            r1.Extend(theta, options.MaxDegreeOfParallelism, cancellationToken);
            r2.Extend(theta, options.MaxDegreeOfParallelism, cancellationToken);
            var oracle = new RrCoverageOracle(r1);
            greedy = LazyGreedy.Run(oracle, candidates, required, size, options.MaxDegreeOfParallelism, null, cancellationToken);
            var list = greedy.Steps.Select(s => s.Node).ToList();
            lambda2 = list.Count == 0 ? 0 : r2.PrefixCoverage(list)[^1];
            lower = Math.Max(0, Sq(Math.Sqrt(lambda2 + 2 * a / 9) - Math.Sqrt(a / 2)) - a / 18);
            upperOpt = Sq(Math.Sqrt(greedy.UpperBound + a / 2) + Math.Sqrt(a / 2));
            if (upperOpt <= 0 || lower / upperOpt >= OneMinusInvE - options.Epsilon) { round++; break; }
        }
        double scale = (double)graph.NodeCount / Math.Max(1, theta);
        var picks = greedy.Steps.Select(s => s.Node).ToList();
        var prefix = picks.Count == 0 ? [] : r2.PrefixCoverage(picks).Select(c => c * scale).ToArray();
        var estimate = Estimate(r2, lambda2, a, scale);
        double ratio = upperOpt <= 0 ? 1 : Math.Clamp(lower / upperOpt, 0, 1);
        clock.Stop();
        return new SpreadResult(greedy, theta, round, greedy.Value * scale, estimate, prefix,
            Math.Min(graph.NodeCount, upperOpt * scale), ratio, delta, clock.Elapsed, r1.MemberCount + r2.MemberCount, r1.Bytes + r2.Bytes, (r1, r2), graph.NodeCount)
        { MemoryCapped = capped, CappedRoundBytes = cappedBytes };
    }

    /// <summary>Sets of the pilot that measures the mean RR-set size before the first round (at most the first round's size).</summary>
    public const int PilotSets = 64;

    /// <summary>What a memory refusal of the spread objective suggests.</summary>
    public const string MemoryHint =
        "a larger epsilon (the samples grow as 1/epsilon^2), a smaller list, or smaller RR sets (the weighted-cascade model, or a lower uniform probability); the audience objective needs no samples";

    /// <summary>
    /// Estimated peak bytes of a round of <see cref="Run"/> with <paramref name="setsPerSample"/> RR sets in each of the two samples
    /// whose sets hold <paramref name="meanSetSize"/> accounts on average, on a graph of <paramref name="accounts"/> accounts:
    /// <c>16·θ·s + 24·θ + 96·n</c> bytes (θ sets per sample, s the mean size, n accounts). Per member: the two samples
    /// (4 B each in R1 and R2), the selection sample's account → sets index (4 B), and while a sample doubles, the chunks being
    /// drawn (a growing list and its copy, up to 3 × 4 B per new member, half of the members) and the previous array until it is
    /// copied (4 B per old member, half of them): 16 B in all. Per set: the offsets of both samples with their doubling slack
    /// (16 B), the coverage flags (1 B) and the chunks' size arrays (4 B), rounded to 24 B. Per account, what each round
    /// allocates anew: the index offsets and their copy (8 B), the lazy greedy's heap, bounds and candidate arrays, a walker's
    /// stamps (4 B) per worker of each sample's drawing, the prefix coverage: measured 67 B per account per round on
    /// soc-Slashdot0902 (82,168 accounts, 2 threads), counted as 96 B. These per-round arrays are large objects that the
    /// garbage collector returns only at a full collection, which is why <see cref="Run"/> measures the working set again
    /// before each round. The mean size is measured (a pilot of <see cref="PilotSets"/> sets, then the sets already drawn);
    /// the semantics are those of OPIM-C (Tang et al. 2018), whose samples double each round.
    /// </summary>
    /// <param name="accounts">n, the graph's accounts (&gt;= 0).</param>
    /// <param name="setsPerSample">θ (&gt;= 0).</param>
    /// <param name="meanSetSize">Mean members per RR set (&gt;= 1 for a non-empty graph).</param>
    /// <returns>Bytes (&gt;= 0).</returns>
    public static double EstimateSamplingBytes(long accounts, double setsPerSample, double meanSetSize) =>
        16 * setsPerSample * meanSetSize + 24 * setsPerSample + 96.0 * accounts;

    /// <summary>The spread of <paramref name="list"/> estimated on the validation sample of <paramref name="result"/>, with the same interval rule.</summary>
    public static SpreadEstimate EstimateOn(SpreadResult result, IReadOnlyList<int> list)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(list);
        var r2 = result.Samples.Validation;
        long covered = list.Count == 0 ? 0 : r2.PrefixCoverage(list)[^1];
        int rounds = Math.Max(1, result.Rounds);
        double a = Math.Log(3.0 * rounds / result.Delta);
        return Estimate(r2, covered, a, (double)result.Accounts / Math.Max(1, r2.Count));
    }

    private static SpreadEstimate Estimate(ReverseReachableSets sample, long covered, double a, double scale)
    {
        double lo = Math.Max(0, Sq(Math.Sqrt(covered + 2 * a / 9) - Math.Sqrt(a / 2)) - a / 18);
        double hi = Sq(Math.Sqrt(covered + a / 2) + Math.Sqrt(a / 2));
        return new SpreadEstimate(covered * scale, lo * scale, Math.Min(hi * scale, scale * sample.Count), covered);
    }

    private static double Sq(double x) => x * x;

    /// <summary>ln C(n, k).</summary>
    internal static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 0; i < k; i++) s += Math.Log(n - i) - Math.Log(i + 1);
        return s;
    }
}
