using System.Diagnostics;
using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.GuestList;

/// <summary>
/// The guest list: the <c>size</c> accounts that together reach the most people, chosen among the
/// accounts the influencer query selects (or every account), each pick explained, with a certificate
/// and the plain top influencers valued the same way.
/// </summary>
/// <remarks>
/// <para>
/// <b>Audience</b> (default): f(S) = |S ∪ ⋃_{v∈S} A_h(v)|, the accounts reached within h hops, the guests
/// themselves included (A_h(v), the h-hop audience, excludes v). Maximised by <see cref="LazyGreedy"/> over
/// <see cref="AudienceOracle"/>: exact; at least 1 − 1/e of the optimum; the certificate bounds the optimum.
/// The report also gives |⋃ A_h(v)| (a guest counts there only when another guest reaches it).
/// </para>
/// <para>
/// <b>Spread</b>: the expected number of accounts reached (guests included) under the Independent Cascade
/// model, maximised by <see cref="SpreadMaximizer"/> (OPIM-C over RR sets).
/// </para>
/// </remarks>
public static class GuestLists
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Most hops of the audience objective (1 and 2 exact; 3..6 chosen with UltraLogLog sketches, a HyperLogLog variant).</summary>
    public const int MaxHops = 6;

    /// <summary>
    /// Estimate of the peak bytes <see cref="Plan"/> adds to the signals it is given, before it runs (n accounts, m follows,
    /// T threads): the spheres when they are not computed yet (<see cref="Communities.Leiden.EstimateMemoryBytes"/>: a guest
    /// list reports each pick's sphere), the influencer query's composite and ranking (40 B per account) and the greedy's heap
    /// (24 B per account); then for the audience objective with 1–2 hops the covered bitset (n/8), the second-hop lists kept
    /// without covered accounts (4 B per follow + 4 B per account, twice while they are rebuilt) and a search workspace per
    /// thread (16 B per account); with 3–6 hops also the sketches (two counters of <c>registers</c> bytes per account while
    /// HyperBall builds them). For the spread objective the reverse-reachable samples are <b>not</b> included: their size is
    /// known only while sampling (OPIM-C doubles them until its certificate holds); the estimate then covers the rest.
    /// </summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="request">The question (objective, hops, registers, threads).</param>
    /// <param name="spheresComputed">True when the signals' spheres are already computed (then Leiden is not counted).</param>
    /// <returns>Bytes (&gt;= 0).</returns>
    public static double EstimateMemoryBytes(Graph.GraphSnapshot graph, GuestListRequest request, bool spheresComputed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);
        double n = graph.NodeCount, m = graph.EdgeCount;
        int threads = Math.Max(1, request.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
        double bytes = (spheresComputed ? 0 : Communities.Leiden.EstimateMemoryBytes(graph, new Communities.LeidenOptions { MaxDegreeOfParallelism = request.MaxDegreeOfParallelism }))
            + 64 * n;
        if (request.Objective == GuestListObjective.Audience)
        {
            bytes += Math.Ceiling(n / 64) * 8 + 2 * (4 * m + 4 * n) + 16 * n * threads;
            if (request.Hops >= 3) bytes += 2 * n * request.Registers;
        }
        return bytes;
    }

    /// <summary>What a memory refusal of a guest list suggests.</summary>
    public const string MemoryHint =
        "fewer hops (1 or 2 keep no sketches), fewer registers for 3+ hops, or a smaller graph; the spheres (Leiden) are computed once per graph version and need about 37 B per follow";

    /// <summary>Answers <paramref name="request"/> on the graph of <paramref name="signals"/>.</summary>
    /// <param name="signals">Influencer signals of the graph version (for eligibility and the explanations).</param>
    /// <param name="request">The question.</param>
    /// <param name="progress">Reports picks / rounds.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="GuestListInputException">Bad size, hops, unknown or conflicting accounts (names the field).</exception>
    /// <exception cref="ArgumentException">An invalid influencer query or spread option (names the member).</exception>
    public static GuestListReport Plan(InfluenceSignals signals, GuestListRequest request,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(request);
        var state = signals.State;
        var g = state.Snapshot;
        int n = g.NodeCount;
        if (request.Size < 1) throw new GuestListInputException("size", $"size must be >= 1 (got {request.Size}).");
        if (request.Objective == GuestListObjective.Audience && request.Hops is < 1 or > MaxHops)
            throw new GuestListInputException("hops", $"hops must be in 1..{MaxHops} (got {request.Hops}).");
        if (request.Objective == GuestListObjective.Audience && request.Hops >= 3)
        {
            try { Audience.HyperBall.CheckRegisters(request.Registers); }
            catch (ArgumentOutOfRangeException e) { throw new GuestListInputException("registers", e.Message.Split(" (Parameter")[0]); }
        }
        if (request.MaxPerSphere is int mps)
        {
            if (mps < 1) throw new GuestListInputException("maxPerSphere", $"maxPerSphere must be >= 1 (got {mps}).");
            if (request.Objective != GuestListObjective.Audience)
                throw new GuestListInputException("maxPerSphere", "maxPerSphere applies to objective=audience only (the spread certificate assumes no constraint).");
        }
        var query = request.Eligibility with { Top = 0 };
        query.Validate();
        if (request.Objective == GuestListObjective.Spread)
        {
            request.Spread.Validate();
            ReverseReachableSets.ValidateModel(g, request.Spread.Probability, request.Spread.UniformProbability);
        }

        var include = Resolve(g, request.Include, "include");
        var exclude = Resolve(g, request.Exclude, "exclude");
        var both = include.Where(exclude.Contains).Select(v => g.Accounts[v]).ToList();
        if (both.Count > 0)
            throw new GuestListInputException("exclude", $"{Quote(both)} {(both.Count == 1 ? "is" : "are")} both included and excluded.", both);
        if (include.Count > request.Size)
            throw new GuestListInputException("include", $"include lists {include.Count} accounts, more than size {request.Size}.");

        var report = Influencers.Find(signals, query);
        var matched = report.Candidates;
        var influencerRank = new Dictionary<int, int>();
        var nodeOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in matched)
        {
            g.TryGetNode(c.Account, out int v);
            influencerRank[v] = c.Rank;
            nodeOf[c.Account] = v;
        }
        var excludeSet = exclude.ToHashSet();
        var includeSet = include.ToHashSet();
        IEnumerable<int> eligible = request.EligibleAll ? Enumerable.Range(0, n) : matched.Select(c => nodeOf[c.Account]);
        var eligibleSet = request.EligibleAll ? null : influencerRank.Keys.ToHashSet();
        var pool = eligible.Where(v => !excludeSet.Contains(v) && !includeSet.Contains(v)).ToList();

        var notes = new List<string>();
        var flags = new List<string>();
        var composite = Influencers.Composite(signals, query);
        foreach (int v in include)
            if (eligibleSet is not null && !eligibleSet.Contains(v))
                flags.Add($"included account '{g.Accounts[v]}' is not eligible ({WhyIneligible(signals, query, composite, v)}): it is on the list because include wins");
        notes.AddRange(report.Notes);

        var clock = Stopwatch.StartNew();
        if (pool.Count == 0 && include.Count == 0)
        {
            notes.Insert(0, request.EligibleAll ? "the graph has no account: the guest list is empty"
                : $"no account is eligible: the influencer query matches {matched.Count} account{(matched.Count == 1 ? "" : "s")}{(exclude.Count > 0 ? " before the exclusions" : "")}; relax its thresholds or ask with eligible=all");
            return new GuestListReport(state.Name, state.Version, request, n, 0, [], 0, request.Objective == GuestListObjective.Audience ? 0 : null, 0, null,
                Baseline(signals, request, matched, n, null, null), new MajorityAnswer(null, null), null, 0, 0, notes, flags);
        }
        int size = request.Size;
        if (size > pool.Count + include.Count)
        {
            // Fewer eligible accounts than asked: the list is the whole eligible set (a 200 that says so, like an empty set).
            size = pool.Count + include.Count;
            notes.Insert(0, $"size {request.Size} asked, but only {pool.Count} account{(pool.Count == 1 ? " is" : "s are")} eligible{(include.Count > 0 ? $" besides the {include.Count} included" : "")}{(exclude.Count > 0 ? " after the exclusions" : "")}: "
                + $"the list holds all {size} and is no choice among them; for {request.Size}, relax the influencer thresholds (e.g. influencers.minInfluencePercentile) or ask eligible=all");
        }

        int[]? sphereOf = n > 0 ? signals.Spheres.Membership : null;
        string[]? sphereLabels = sphereOf is null ? null : Communities.Spheres.Labels(signals, signals.Spheres);
        GroupLimit? limit = null;
        if (request.MaxPerSphere is int max && sphereOf is not null)
        {
            limit = new GroupLimit(sphereOf, max);
            var crowded = include.GroupBy(v => sphereOf[v]).FirstOrDefault(x => x.Count() > max);
            if (crowded is not null)
                throw new GuestListInputException("maxPerSphere",
                    $"include puts {crowded.Count()} accounts in sphere {crowded.Key} ({sphereLabels![crowded.Key]}: {Quote(crowded.Select(v => g.Accounts[v]))}), more than maxPerSphere {max}.",
                    crowded.Select(v => g.Accounts[v]).ToList());
        }

        GreedyResult greedy;
        SpreadResult? spread = null;
        CoverageOracle items;
        double scale = 1;
        SketchDetails? sketch = null;
        if (request.Objective == GuestListObjective.Audience && request.Hops <= 2)
        {
            var oracle = new AudienceOracle(g, request.Hops);
            greedy = LazyGreedy.Run(oracle, pool, include, size, request.MaxDegreeOfParallelism, progress, cancellationToken, limit);
            items = oracle;
        }
        else if (request.Objective == GuestListObjective.Audience)
        {
            // h >= 3: choose with HyperLogLog sketches, then value the chosen list exactly (one search per pick).
            var sketches = new SketchAudienceOracle(g, request.Hops, request.Registers, 0, request.MaxDegreeOfParallelism, cancellationToken);
            var chosen = LazyGreedy.Run(sketches, pool, include, size, request.MaxDegreeOfParallelism, progress, cancellationToken, limit);
            var exact = new AudienceOracle(g, request.Hops);
            var steps = new List<GreedyStep>(chosen.Steps.Count);
            long total = 0;
            foreach (var st in chosen.Steps)
            {
                long gain = exact.Cover(st.Node);
                total += gain;
                steps.Add(st with { Gain = gain, Cumulative = total });
            }
            greedy = chosen with { Steps = steps, Value = total };
            items = exact;
            sketch = new SketchDetails(sketches.Registers, sketches.RelativeStandardError, sketches.EstimatedCovered);
            notes.Add(string.Create(Inv, $"{request.Hops} hops: the picks were chosen with UltraLogLog (HyperLogLog-type) sketches of {sketches.Registers} registers (each estimated size within about {Pct(sketches.RelativeStandardError)}, one standard error); gains and reach are exact (breadth-first search of the chosen list); the certificate is estimated from the sketched gains, not a guaranteed bound"));
        }
        else
        {
            var options = request.Spread with { MaxDegreeOfParallelism = request.MaxDegreeOfParallelism ?? request.Spread.MaxDegreeOfParallelism };
            spread = SpreadMaximizer.Run(g, pool, include, size, options, progress, cancellationToken);
            greedy = spread.Greedy;
            items = new RrCoverageOracle(spread.Samples.Selection);
            if (spread.MemoryCapped)
                notes.Add(string.Create(Inv, $"the RR samples stopped at {spread.SetsPerSample:N0} sets each: the next round needed an estimated {Metrics.MemoryBudget.Format(spread.CappedRoundBytes)}, more than the memory available to the samples; the certificate is that of the last round that fitted (below 1 − 1/e − ε when it says less); a larger epsilon or more memory gives a stronger one"));
            scale = (double)n / Math.Max(1, spread.SetsPerSample);
        }
        clock.Stop();

        var list = greedy.Steps.Select(s => s.Node).ToList();
        var sets = list.Select(items.ItemsOf).ToList();
        double[] cumulative = spread is null ? greedy.Steps.Select(s => (double)s.Cumulative).ToArray() : spread.PrefixSpread;
        var picks = new List<GuestPick>(list.Count);
        string unit = request.Objective == GuestListObjective.Audience ? "accounts" : "expected accounts";
        for (int i = 0; i < list.Count; i++)
        {
            int v = list[i];
            var step = greedy.Steps[i];
            double gain = spread is null ? step.Gain : cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            int best = -1;
            long bestOverlap = -1;
            for (int j = 0; j < i; j++)
            {
                long o = IntersectionSize(sets[i], sets[j]);
                if (o > bestOverlap) { bestOverlap = o; best = j; }
            }
            double overlap = best < 0 ? 0 : bestOverlap * scale;
            int? rank = influencerRank.TryGetValue(v, out int r) ? r : null;
            var candidate = n > 0 ? CandidateFor(signals, query, composite, v, rank ?? 0) : null;
            bool isEligible = eligibleSet is null || eligibleSet.Contains(v);
            double share = n == 0 ? 0 : cumulative[i] / n;
            string text = string.Create(Inv, $"pick {i + 1}{(step.Required ? " (included)" : "")}: adds {Count(gain)} {(Math.Round(gain) == 1 ? unit.TrimEnd('s') : unit)}, {Count(cumulative[i])} reached in all ({Pct(share)} of the graph)");
            text += best < 0 ? "; first pick" : string.Create(Inv, $"; overlaps most with pick {best + 1} {g.Accounts[list[best]]} ({Count(overlap)} {unit} in common)");
            text += rank is int rr ? string.Create(Inv, $"; influencer #{rr}: {candidate!.Reason}")
                : isEligible ? "; not an influencer match (eligible=all)" + (candidate is null ? "" : ": " + candidate.Reason)
                : "; not eligible, included: " + WhyIneligible(signals, query, composite, v);
            if (sphereOf is not null) text += string.Create(Inv, $"; sphere {sphereOf[v]} ({sphereLabels![sphereOf[v]]})");
            picks.Add(new GuestPick(i + 1, g.Accounts[v], step.Required, isEligible, gain, cumulative[i], share,
                best < 0 ? null : g.Accounts[list[best]], overlap, rank, candidate, text, sphereOf?[v], sphereOf is null ? null : sphereLabels![sphereOf[v]]));
        }

        double reached = spread?.Spread.Estimate ?? greedy.Value;
        double? audience = request.Objective == GuestListObjective.Audience ? ((AudienceOracle)items).AudienceUnionOf(list) : null;
        GuestListCertificate certificate;
        if (sketch is not null)
        {
            double bound = Math.Max(greedy.UpperBound, greedy.Value);
            double ratio = bound <= 0 ? 1 : greedy.Value / bound;
            certificate = new GuestListCertificate(greedy.Value, bound, ratio,
                string.Create(Inv, $"estimated (UltraLogLog sketches, ±{Pct(sketch.RelativeStandardError)} per size): this list reaches about {Floor(ratio)} of what the best possible list of this size reaches ({Count(greedy.Value)} of an estimated {Count(bound)} accounts at most)"));
        }
        else if (spread is null)
        {
            double ratio = greedy.CertifiedRatio;
            certificate = new GuestListCertificate(greedy.Value, greedy.UpperBound, ratio,
                $"this list reaches at least {Floor(ratio)} of what the best possible list of this size reaches ({Count(greedy.Value)} of at most {Count(greedy.UpperBound)} accounts)");
        }
        else
        {
            certificate = new GuestListCertificate(spread.Spread.Lower, spread.OptimumUpperBound, spread.CertifiedRatio,
                string.Create(Inv, $"with probability at least {Pct(1 - spread.Delta)}, this list reaches at least {Floor(spread.CertifiedRatio)} of what the best possible list of this size reaches (expected spread at least {Count(spread.Spread.Lower)}; the best list's at most {Count(spread.OptimumUpperBound)})"));
        }
        int? quarter = null, half = null;
        for (int i = 0; i < cumulative.Length; i++)
        {
            if (quarter is null && cumulative[i] >= 0.25 * n) quarter = i + 1;
            if (half is null && cumulative[i] > 0.5 * n) half = i + 1;
        }
        if (greedy.Steps.Count > 0 && greedy.Steps[^1].Gain == 0 && !greedy.Steps[^1].Required)
            notes.Add("the last picks add nobody: a shorter list reaches as many accounts");
        if (limit is not null)
        {
            notes.Add(string.Create(Inv, $"at most {limit.MaxPerGroup} pick{(limit.MaxPerGroup == 1 ? "" : "s")} per sphere: the greedy skips accounts of a full sphere (at least 1/2 of the best list under this limit); the certificate bounds the best list under the same limit"));
            if (list.Count < size) notes.Add($"maxPerSphere {limit.MaxPerGroup} leaves room for only {list.Count} picks among the eligible accounts' spheres");
        }
        var coverage = sphereOf is null || list.Count == 0 ? [] : SphereCoverageOf(signals, sphereOf, sphereLabels!, list, items, spread);
        SpreadDetails? details = spread is null ? null : new SpreadDetails(ModelName(request.Spread.Probability),
            request.Spread.Probability == CascadeProbability.Uniform ? request.Spread.UniformProbability : null, request.Spread.Epsilon, spread.Delta, request.Spread.Seed,
            spread.SetsPerSample, spread.TotalSets, spread.Rounds, spread.InSample, spread.Spread.Lower, spread.Spread.Upper, spread.MemoryBytes, spread.Elapsed.TotalMilliseconds);
        return new GuestListReport(state.Name, state.Version, request, n, pool.Count, picks, reached, audience, n == 0 ? 0 : reached / n, certificate,
            Baseline(signals, request, matched, n, spread, nodeOf), new MajorityAnswer(quarter, half), details, greedy.Evaluations, clock.Elapsed.TotalMilliseconds, notes, flags, coverage, sketch);
    }

    /// <summary>
    /// Accounts of each sphere the list reaches: audience, the exact covered accounts of the oracle after the greedy;
    /// spread, n/θ × the validation sample's RR sets whose root is in the sphere and that hold a pick
    /// (the expected number of the sphere's accounts reached).
    /// </summary>
    private static IReadOnlyList<SphereCoverage> SphereCoverageOf(InfluenceSignals signals, int[] sphereOf, string[] labels, List<int> list,
        CoverageOracle items, SpreadResult? spread)
    {
        var sizes = signals.Spheres.Sizes;
        int k = sizes.Length;
        var reached = new double[k];
        var picks = new int[k];
        foreach (int v in list) picks[sphereOf[v]]++;
        if (items is AudienceOracle audience)
        {
            for (int v = 0; v < sphereOf.Length; v++) if (audience.IsCovered(v)) reached[sphereOf[v]]++;
        }
        else if (spread is not null)
        {
            var r2 = spread.Samples.Validation;
            var onList = new HashSet<int>(list);
            double scale = (double)spread.Accounts / Math.Max(1, r2.Count);
            for (int i = 0; i < r2.Count; i++)
            {
                var set = r2.Set(i);
                foreach (int v in set)
                    if (onList.Contains(v)) { reached[sphereOf[set[0]]] += scale; break; }
            }
        }
        var result = new SphereCoverage[k];
        for (int c = 0; c < k; c++) result[c] = new SphereCoverage(c, labels[c], sizes[c], reached[c], sizes[c] == 0 ? 0 : Math.Min(1, reached[c] / sizes[c]), picks[c]);
        return result;
    }

    /// <summary>The API/CLI name of a cascade model: <c>weighted-cascade</c>, <c>uniform</c>, <c>edge-weights</c>.</summary>
    public static string ModelName(CascadeProbability model) => model switch
    {
        CascadeProbability.WeightedCascade => "weighted-cascade",
        CascadeProbability.Uniform => "uniform",
        CascadeProbability.EdgeWeights => "edge-weights",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>Parses <c>weighted-cascade</c> (or <c>wc</c>), <c>uniform</c>, <c>edge-weights</c> (or <c>weights</c>).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static CascadeProbability ParseModel(string name) => name.Trim().ToLowerInvariant() switch
    {
        "weighted-cascade" or "wc" => CascadeProbability.WeightedCascade,
        "uniform" => CascadeProbability.Uniform,
        "edge-weights" or "weights" => CascadeProbability.EdgeWeights,
        _ => throw new ArgumentException($"Unknown cascade model '{name}': use weighted-cascade, uniform or edge-weights.", "model"),
    };

    private static GuestListBaseline? Baseline(InfluenceSignals signals, GuestListRequest request, IReadOnlyList<InfluencerCandidate> matched, int n,
        SpreadResult? spread, Dictionary<string, int>? nodeOf)
    {
        if (matched.Count == 0) return null;
        var g = signals.State.Snapshot;
        var top = matched.Take(request.Size).Select(c => c.Account).ToList();
        var nodes = top.Select(a => { g.TryGetNode(a, out int v); return v; }).ToList();
        if (request.Objective == GuestListObjective.Audience)
        {
            var oracle = new AudienceOracle(g, request.Hops);
            double reached = oracle.UnionOf(nodes);
            return new GuestListBaseline(top, reached, oracle.AudienceUnionOf(nodes), n == 0 ? 0 : reached / n, null, null);
        }
        if (spread is null) return new GuestListBaseline(top, 0, null, 0, null, null);
        var est = SpreadMaximizer.EstimateOn(spread, nodes);
        return new GuestListBaseline(top, est.Estimate, null, n == 0 ? 0 : est.Estimate / n, est.Lower, est.Upper);
    }

    private static List<int> Resolve(Graph.GraphSnapshot g, IReadOnlyList<string> accounts, string field)
    {
        var nodes = new List<int>();
        var unknown = new List<string>();
        foreach (var a in accounts ?? [])
        {
            if (a is null || !g.TryGetNode(a, out int v)) { unknown.Add(a ?? "(null)"); continue; }
            if (!nodes.Contains(v)) nodes.Add(v);
        }
        if (unknown.Count > 0)
            throw new GuestListInputException(field, $"{field}: unknown account{(unknown.Count == 1 ? "" : "s")} {Quote(unknown)}.", unknown);
        return nodes;
    }

    /// <summary>The influencer signals of any account, shaped like a candidate (rank = <paramref name="rank"/>).</summary>
    private static InfluencerCandidate CandidateFor(InfluenceSignals signals, InfluencerQuery query, CentralityResult composite, int v, int rank)
    {
        var g = signals.State.Snapshot;
        static MetricSignal Signal(string name, CentralityResult r, int v) => new(name, r.Scores[v], r.RankOf(v), r.PercentileOf(v));
        return new InfluencerCandidate(rank, g.Accounts[v], Signal("influence", composite, v),
            query.Metrics.Select(m => Signal(InfluencerQuery.MetricName(m), signals.ResultOf(m), v)).ToArray(),
            new ActivitySignal(signals.PostsOf(v), signals.ActivityPercentileOf(v), signals.ActivityRankOf(v), signals.ActivityKnownCount),
            Influencers.Engagement(signals, v, query));
    }

    /// <summary>The first influencer filter <paramref name="v"/> fails, in <see cref="Influencers.Find"/>'s order.</summary>
    private static string WhyIneligible(InfluenceSignals signals, InfluencerQuery query, CentralityResult composite, int v)
    {
        if (signals.IsPolitical[v]) return "a political account";
        if (composite.PercentileOf(v) < query.MinInfluencePercentile)
            return string.Create(Inv, $"influence percentile {Math.Floor(composite.PercentileOf(v) * 10) / 10:0.#} < {query.MinInfluencePercentile:0.#}");
        long? posts = signals.PostsOf(v);
        if (posts is null) { if (query.RequireKnownActivity) return "activity unknown"; }
        else if (query.MinPosts is long min ? posts < min : signals.ActivityPercentileOf(v) < query.MinActivityPercentile)
            return query.MinPosts is long m ? string.Create(Inv, $"{posts} posts < {m}") : string.Create(Inv, $"posts percentile {Math.Floor(signals.ActivityPercentileOf(v)!.Value):0} < {query.MinActivityPercentile:0.#}");
        var p = Influencers.Engagement(signals, v, query);
        if (!p.IsKnown && !query.AllowUnknownEngagement) return "political engagement unknown";
        if (p.IsEngaged) return string.Create(Inv, $"politically engaged: {p.Score:0.00} >= {p.Threshold:0.00}");
        return "not among the influencer matches";
    }

    private static long IntersectionSize(int[] a, int[] b)
    {
        long c = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { c++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return c;
    }

    private static string Quote(IEnumerable<string> accounts) => string.Join(", ", accounts.Select(a => "'" + a + "'"));

    private static string Count(double v) => Math.Round(v).ToString("#,0", Inv);

    private static string Pct(double share) => (share * 100).ToString("0.0", Inv) + "%";

    /// <summary>A ratio floored to 0.1% (never overstated).</summary>
    private static string Floor(double ratio) => (Math.Floor(ratio * 1000) / 10).ToString("0.0", Inv) + "%";
}
