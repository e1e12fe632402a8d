using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// The expensive, per-graph-version part of influencer discovery: every network signal of every
/// account, computed once and reused by any number of <see cref="InfluencerQuery"/> runs
/// (<see cref="Influencers.Find"/> is cheap: O(n k + n log n) for k metrics).
/// </summary>
/// <remarks>
/// <para>Signals, each per account (node id):</para>
/// <list type="bullet">
/// <item><b>PageRank</b> (<see cref="Centrality.PageRank"/>, alpha from <see cref="SignalOptions.Alpha"/>, uniform teleport).</item>
/// <item><b>Betweenness</b> (<see cref="Centrality.Betweenness"/>, normalized, exact up to
/// <see cref="SignalOptions.ExactBetweennessMaxAccounts"/> accounts, sampled above; see
/// <see cref="BetweennessResult.SourcesUsed"/>).</item>
/// <item><b>Followers</b>: in-degree (<see cref="Degree.In"/>).</item>
/// <item><b>Reach</b>: the 2-hop audience (<see cref="Influence.Reach"/>).</item>
/// <item><b>Activity</b>: <see cref="AccountAttributes.Posts"/>, with a percentile among the accounts whose posts are known.</item>
/// <item><b>Political accounts</b>: <see cref="AccountAttributes.IsPolitical"/> = true.</item>
/// <item><b>Exposure</b>: how many of an account's followees are political (the account itself excluded).</item>
/// <item><b>Proximity</b>: personalized PageRank restarted uniformly from the political accounts
/// (Haveliwala 2002 topic-sensitive PageRank; <see cref="PageRankOptions.Personalization"/>), divided
/// by the account's plain PageRank: the <em>political lift</em>, how much more of its rank comes from
/// political accounts than from everyone. The ratio, not the raw personalized score, is used so that
/// merely popular accounts (which receive personalized rank from everywhere) are not called close to
/// politics. Reported as a percentile over all accounts. Null when the graph has no political account.</item>
/// </list>
/// <para>Immutable and thread-safe. Political content needs a lexicon and is computed per query.</para>
/// </remarks>
public sealed class InfluenceSignals
{
    private readonly long[] _posts;          // -1 = unknown
    private readonly double[] _activityPct;  // NaN = unknown
    private readonly int[] _activityRank;    // 0 = unknown

    private InfluenceSignals(GraphState state, SignalOptions options, PageRankResult pageRank, BetweennessResult betweenness,
        CentralityResult followers, ReachResult reach, PageRankResult? politicalPageRank)
    {
        var g = state.Snapshot;
        int n = g.NodeCount;
        State = state;
        Options = options;
        PageRank = pageRank;
        Betweenness = betweenness;
        Followers = followers;
        Reach = reach;
        PoliticalPageRank = politicalPageRank;

        IsPolitical = new bool[n];
        _posts = new long[n];
        for (int v = 0; v < n; v++)
        {
            var a = state.AttributesOf(v);
            IsPolitical[v] = a?.IsPolitical == true;
            _posts[v] = a?.Posts is long p and >= 0 ? p : -1;
        }
        PoliticalAccountCount = IsPolitical.Count(x => x);
        for (int v = 0; v < n; v++)
            if (Influencers.HasContent(state.AttributesOf(v))) ContentKnownCount++;

        PoliticalFollowees = new int[n];
        FolloweeCounts = new int[n];
        for (int u = 0; u < n; u++)
        {
            int pol = 0, all = 0;
            foreach (int w in g.Followees(u))
            {
                if (w == u) continue;
                all++;
                if (IsPolitical[w]) pol++;
            }
            PoliticalFollowees[u] = pol;
            FolloweeCounts[u] = all;
        }

        if (politicalPageRank is not null)
        {
            var lift = new double[n];
            for (int v = 0; v < n; v++)
                lift[v] = pageRank.Scores[v] > 0 ? politicalPageRank.Scores[v] / pageRank.Scores[v] : 0;
            PoliticalLift = new CentralityResult(g, "political_lift", lift);
        }

        (_activityPct, _activityRank, ActivityKnownCount) = ActivityPercentiles(_posts);
        _spheres = new Lazy<(Communities.CommunityResult, int[])>(() =>
        {
            var r = Communities.Leiden.Run(g, new Communities.LeidenOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism });
            var political = new int[r.Count];
            for (int v = 0; v < n; v++) if (IsPolitical[v]) political[r.Membership[v]]++;
            return (r, political);
        });
    }

    private readonly Lazy<(Communities.CommunityResult Result, int[] Political)> _spheres;

    /// <summary>
    /// The graph's spheres: Leiden communities with default parameters (modularity, γ = 1, seed 42),
    /// computed on first use (about a second per million follow edges).
    /// </summary>
    public Communities.CommunityResult Spheres => _spheres.Value.Result;

    /// <summary>True once <see cref="Spheres"/> has been computed (memory estimates then leave Leiden out).</summary>
    public bool SpheresComputed => _spheres.IsValueCreated;

    /// <summary>The sphere of node <paramref name="node"/> with its political share (evidence of political engagement).</summary>
    public SphereSignal SphereOf(int node)
    {
        var (r, political) = _spheres.Value;
        int c = r.Membership[node];
        return new SphereSignal(c, r.Sizes[c], political[c], (double)political[c] / r.Sizes[c]);
    }

    /// <summary>
    /// Bytes per account of the signals' own arrays (the in-degree result, the political flags, the followee counts, the
    /// activity percentiles and ranks; measured 41 B per account allocated on soc-Slashdot0902); the political lift is
    /// <see cref="PoliticalLiftBytesPerAccount"/>, counted only with political accounts.
    /// </summary>
    public const double OwnBytesPerAccount = 64;

    /// <summary>
    /// The memory estimate of the signals taken together, in bytes, before any is computed: the sum of the estimates of the
    /// metrics they run — PageRank, betweenness with the options <see cref="BetweennessOptionsFor"/> chooses (exact, ε/δ-guaranteed
    /// or pivots), reach (default options), and a second PageRank when the graph has political accounts — each from
    /// <see cref="Metrics.Metric.EstimateMemoryBytes"/> (formulas in the scale documentation), plus <see cref="OwnBytesPerAccount"/>
    /// per account. A sum, not the largest: the results of the signals computed first stay in memory while the next one runs, and
    /// each metric's estimate includes its result arrays, so the sum errs towards refusing (the working arrays of one metric are
    /// freed before the next starts).
    /// </summary>
    /// <param name="state">The graph version (snapshot + attributes).</param>
    /// <param name="options">Null = defaults.</param>
    /// <param name="skip">Signals already computed (cached) and so not counted: any of <c>pagerank</c>, <c>betweenness</c>, <c>reach</c>; null = none.</param>
    /// <returns>Bytes (&gt;= 0).</returns>
    public static double EstimateMemoryBytes(GraphState state, SignalOptions? options = null, IReadOnlySet<string>? skip = null)
        => EstimateMemoryParts(state, options, skip).Total;

    /// <summary>
    /// <see cref="EstimateMemoryBytes"/> part by part (each in bytes, 0 for a part not counted): the plain PageRank, the
    /// personalized PageRank from the political accounts (0 without any), betweenness, reach and the signals' own arrays.
    /// </summary>
    /// <param name="state">The graph version (snapshot + attributes).</param>
    /// <param name="options">Null = defaults.</param>
    /// <param name="skip">Signals already computed (cached) and so not counted: any of <c>pagerank</c>, <c>betweenness</c>, <c>reach</c>; null = none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static SignalsMemoryEstimate EstimateMemoryParts(GraphState state, SignalOptions? options = null, IReadOnlySet<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new SignalOptions();
        var g = state.Snapshot;
        var catalog = Metrics.MetricCatalog.Default;
        var bc = BetweennessOptionsFor(g, options);
        double Estimate(string metric, Metrics.MetricArguments a)
        {
            var m = catalog.Find(metric) ?? throw new InvalidOperationException($"The metric '{metric}' is not registered.");
            return m.EstimateMemoryBytes(g, m.Normalize(a, g));
        }
        double Of(string metric, Metrics.MetricArguments a) => skip?.Contains(metric) == true ? 0 : Estimate(metric, a);
        double pageRank = Of("pagerank", Metrics.MetricArguments.Empty.With("alpha", options.Alpha));
        // The personalized PageRank from the political accounts is never cached with the plain one, so it always counts
        // when the graph version has a political account (known once per version: GraphState.HasPoliticalAccount).
        double political = state.HasPoliticalAccount
            ? Estimate("pagerank", Metrics.MetricArguments.Empty.With("alpha", options.Alpha))
              + PersonalizationBytesPerAccount * g.NodeCount + PersonalizationBytesPerPoliticalAccount * state.PoliticalAttributeCount
            : 0;
        double betweenness = Of("betweenness", Metrics.MetricArguments.Empty.With("samples", bc.Samples).With("epsilon", bc.Epsilon).With("delta", bc.Delta)
            .With("seed", bc.Samples is null && bc.Epsilon is null ? null : bc.Seed));
        double reach = Of("reach", Metrics.MetricArguments.Empty);
        double own = (OwnBytesPerAccount + (state.HasPoliticalAccount ? PoliticalLiftBytesPerAccount : 0)) * g.NodeCount;
        return new SignalsMemoryEstimate(pageRank, political, betweenness, reach, own);
    }

    /// <summary>
    /// Bytes per account of the graph that the personalized PageRank adds to a plain one: the normalized teleport vector and
    /// the per-account check of its keys (8 B each).
    /// </summary>
    public const double PersonalizationBytesPerAccount = 16;

    /// <summary>
    /// Bytes per political account of the personalization handed to PageRank (a handle string and a dictionary entry:
    /// about 40 B for a 10-character handle + 24 B entry + 4 B bucket, rounded up).
    /// </summary>
    public const double PersonalizationBytesPerPoliticalAccount = 96;

    /// <summary>Bytes per account of the political lift (its scores, 8 B, and their ranking, 12 B) when the graph has political accounts.</summary>
    public const double PoliticalLiftBytesPerAccount = 20;

    /// <summary>What a memory refusal of the influencer signals suggests.</summary>
    public const string MemoryHint =
        "most of it is betweenness's per-thread shortest-path workspace: a machine with fewer cores or more memory helps, or compute betweenness alone first (it is then reused)";

    /// <summary>The analysis as a memory refusal names it: <c>influencer signals on graph 'NAME' (N accounts, M follows)</c>.</summary>
    /// <param name="state">The graph version.</param>
    public static string AnalysisName(GraphState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"influencer signals (PageRank, betweenness, reach, political proximity) on graph '{state.Name}' ({state.Snapshot.NodeCount:N0} accounts, {state.Snapshot.EdgeCount:N0} follows)");
    }

    /// <summary>
    /// Computes every signal of <paramref name="state"/>: PageRank, betweenness, in-degree, reach and,
    /// when the graph has political accounts, the personalized PageRank from them.
    /// </summary>
    /// <param name="state">The graph version (snapshot + attributes).</param>
    /// <param name="options">Null = defaults.</param>
    /// <param name="progress">Coarse progress (one unit per signal); may be null.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <remarks>Cost: two PageRank runs O(iterations x m), betweenness O(n m) exact or O(k m) sampled, reach (see <see cref="Influence.Reach"/>).</remarks>
    public static InfluenceSignals Compute(GraphState state, SignalOptions? options = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new SignalOptions();
        options.Validate();
        var g = state.Snapshot;
        const int steps = 4;
        progress?.Report(new CentralityProgress(0, steps, "pagerank"));
        var pr = Centrality.PageRank.Compute(g, PageRankOptionsFor(options), null, cancellationToken);
        progress?.Report(new CentralityProgress(1, steps, "political proximity (personalized pagerank)"));
        var ppr = ComputePoliticalPageRank(state, options, cancellationToken);
        progress?.Report(new CentralityProgress(2, steps, "betweenness"));
        var bc = Centrality.Betweenness.Compute(g, BetweennessOptionsFor(g, options), null, cancellationToken);
        progress?.Report(new CentralityProgress(3, steps, "reach"));
        var reach = Influence.Reach.Compute(g, options.Reach with { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? options.Reach.MaxDegreeOfParallelism }, cancellationToken);
        progress?.Report(new CentralityProgress(4, steps, "done"));
        return new InfluenceSignals(state, options, pr, bc, Degree.In(g), reach, ppr);
    }

    /// <summary>
    /// Assembles signals from results computed elsewhere (e.g. an API cache of rankings); reach and
    /// in-degree are computed here when not given.
    /// </summary>
    /// <param name="state">The graph version the results belong to.</param>
    /// <param name="pageRank">Plain PageRank of <c>state.Snapshot</c>.</param>
    /// <param name="betweenness">Betweenness of <c>state.Snapshot</c>.</param>
    /// <param name="politicalPageRank">PageRank personalized on the political accounts (see <see cref="PoliticalPageRankOptions"/>), or null when there is none.</param>
    /// <param name="reach">Reach, or null to compute it with <paramref name="options"/>.</param>
    /// <param name="options">The options the results were computed with (recorded); null = defaults.</param>
    /// <exception cref="ArgumentException">A result belongs to another snapshot.</exception>
    public static InfluenceSignals FromResults(GraphState state, PageRankResult pageRank, BetweennessResult betweenness,
        PageRankResult? politicalPageRank, ReachResult? reach = null, SignalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pageRank);
        ArgumentNullException.ThrowIfNull(betweenness);
        options ??= new SignalOptions();
        options.Validate();
        var g = state.Snapshot;
        foreach (var (r, name) in new (CentralityResult?, string)[] { (pageRank, nameof(pageRank)), (betweenness, nameof(betweenness)), (politicalPageRank, nameof(politicalPageRank)), (reach, nameof(reach)) })
        {
            if (r is not null && !ReferenceEquals(r.Graph, g))
                throw new ArgumentException($"The {r.Metric} result was computed on another snapshot than graph '{state.Name}' version {state.Version}.", name);
        }
        reach ??= Influence.Reach.Compute(g, options.Reach);
        return new InfluenceSignals(state, options, pageRank, betweenness, Degree.In(g), reach, politicalPageRank);
    }

    /// <summary>The PageRank options used for plain PageRank.</summary>
    public static PageRankOptions PageRankOptionsFor(SignalOptions options) =>
        new() { Alpha = options.Alpha, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };

    /// <summary>
    /// The personalized PageRank options of political proximity: teleport uniformly to the accounts with
    /// <c>is_political</c> = true (dangling rank follows the personalization, NetworkX's default); null
    /// when the graph has no political account.
    /// </summary>
    public static PageRankOptions? PoliticalPageRankOptions(GraphState state, SignalOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var pers = new Dictionary<string, double>(StringComparer.Ordinal);
        var g = state.Snapshot;
        for (int v = 0; v < g.NodeCount; v++)
            if (state.AttributesOf(v)?.IsPolitical == true) pers[g.Accounts[v]] = 1.0;
        return pers.Count == 0 ? null : PageRankOptionsFor(options) with { Personalization = pers };
    }

    /// <summary>
    /// The betweenness options used: exact up to the threshold; above it the guaranteed-error estimate
    /// (ε, δ), or <see cref="SignalOptions.BetweennessSamples"/> pivots when given.
    /// </summary>
    public static BetweennessOptions BetweennessOptionsFor(GraphSnapshot graph, SignalOptions options)
    {
        bool exact = graph.NodeCount <= options.ExactBetweennessMaxAccounts || options.BetweennessSamples >= graph.NodeCount;
        bool pivots = !exact && options.BetweennessSamples is not null;
        bool guaranteed = !exact && !pivots;
        return new BetweennessOptions
        {
            Normalized = true,
            Samples = pivots ? options.BetweennessSamples : null,
            Epsilon = guaranteed ? options.BetweennessEpsilon : null,
            Delta = guaranteed ? options.BetweennessDelta : null,
            Seed = options.BetweennessSeed,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        };
    }

    private static PageRankResult? ComputePoliticalPageRank(GraphState state, SignalOptions options, CancellationToken ct)
    {
        var o = PoliticalPageRankOptions(state, options);
        return o is null ? null : Centrality.PageRank.Compute(state.Snapshot, o, null, ct);
    }

    private static (double[] Pct, int[] Rank, int Known) ActivityPercentiles(long[] posts)
    {
        int n = posts.Length;
        // Known post counts, most first; "percentile" = share of known accounts with strictly fewer posts.
        var known = Enumerable.Range(0, n).Where(v => posts[v] >= 0).ToArray();
        Array.Sort(known, (a, b) => posts[b].CompareTo(posts[a]));
        var rank = new int[n];  // 0 = unknown
        var lower = new int[n];
        CompetitionRanking.Assign<long>(known, posts, rank, lower);
        int k = known.Length;
        var pct = new double[n];
        Array.Fill(pct, double.NaN);
        foreach (int v in known) pct[v] = 100.0 * lower[v] / k;
        return (pct, rank, k);
    }

    /// <summary>The graph version the signals describe.</summary>
    public GraphState State { get; }

    /// <summary>The options used.</summary>
    public SignalOptions Options { get; }

    /// <summary>Plain PageRank.</summary>
    public PageRankResult PageRank { get; }

    /// <summary>Betweenness (normalized; see <see cref="BetweennessResult.IsExact"/> and <see cref="BetweennessResult.SourcesUsed"/>).</summary>
    public BetweennessResult Betweenness { get; }

    /// <summary>Followers (in-degree).</summary>
    public CentralityResult Followers { get; }

    /// <summary>2-hop audience.</summary>
    public ReachResult Reach { get; }

    /// <summary>PageRank personalized on the political accounts, or null when there is none.</summary>
    public PageRankResult? PoliticalPageRank { get; }

    /// <summary>Political lift <c>PPR(v) / PR(v)</c> per account (metric <c>political_lift</c>), or null when the graph has no political account.</summary>
    public CentralityResult? PoliticalLift { get; }

    /// <summary>True for accounts marked <c>is_political</c>, by node id. Callers must not modify it.</summary>
    public bool[] IsPolitical { get; }

    /// <summary>Number of political accounts in the graph.</summary>
    public int PoliticalAccountCount { get; }

    /// <summary>
    /// Accounts whose political content is known (<see cref="Influencers.HasContent"/>). With
    /// <see cref="PoliticalAccountCount"/> = 0 the others have an unknown political engagement; when both
    /// are 0 it is unknown for every account.
    /// </summary>
    public int ContentKnownCount { get; }

    /// <summary>Followees of each account that are political (self-loop excluded), by node id. Callers must not modify it.</summary>
    public int[] PoliticalFollowees { get; }

    /// <summary>Followees of each account (self-loop excluded), by node id. Callers must not modify it.</summary>
    public int[] FolloweeCounts { get; }

    /// <summary>Accounts whose post count is known.</summary>
    public int ActivityKnownCount { get; }

    /// <summary>Posts of node <paramref name="node"/>, or null when unknown.</summary>
    public long? PostsOf(int node) => _posts[node] >= 0 ? _posts[node] : null;

    /// <summary>
    /// Percent of the accounts with a known post count that have strictly fewer posts, in [0, 100), or
    /// null when the account's posts are unknown (same convention as <see cref="CentralityResult.PercentileOf"/>).
    /// </summary>
    public double? ActivityPercentileOf(int node) => double.IsNaN(_activityPct[node]) ? null : _activityPct[node];

    /// <summary>Competition rank (1 = most posts) among accounts with known posts, or null when unknown.</summary>
    public int? ActivityRankOf(int node) => _activityRank[node] > 0 ? _activityRank[node] : null;

    /// <summary>The result of one influence metric.</summary>
    public CentralityResult ResultOf(InfluenceMetric metric) => metric switch
    {
        InfluenceMetric.PageRank => PageRank,
        InfluenceMetric.Betweenness => Betweenness,
        InfluenceMetric.Followers => Followers,
        InfluenceMetric.Reach => Reach,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown influence metric."),
    };
}

/// <summary>
/// The influencer signals' memory estimate part by part (<see cref="InfluenceSignals.EstimateMemoryParts"/>), each in bytes
/// (0 when not counted: cached, or no political account).
/// </summary>
/// <param name="PageRank">The plain PageRank (its result and ranking included).</param>
/// <param name="PoliticalPageRank">The PageRank personalized on the political accounts, with its personalization.</param>
/// <param name="Betweenness">Betweenness with the options the signals choose.</param>
/// <param name="Reach">Reach with the default options.</param>
/// <param name="Own">The signals' own arrays (in-degree and its ranking, political flags, followee counts, activity percentiles; the political lift).</param>
public readonly record struct SignalsMemoryEstimate(double PageRank, double PoliticalPageRank, double Betweenness, double Reach, double Own)
{
    /// <summary>The sum of the parts: the results of the signals computed first stay while the next runs.</summary>
    public double Total => PageRank + PoliticalPageRank + Betweenness + Reach + Own;
}
