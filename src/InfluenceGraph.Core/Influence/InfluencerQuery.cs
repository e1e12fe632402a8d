namespace InfluenceGraph.Core.Influence;

/// <summary>The network metrics that can make up the composite influence score.</summary>
public enum InfluenceMetric
{
    /// <summary>PageRank (<c>pagerank</c>).</summary>
    PageRank,
    /// <summary>Normalized betweenness (<c>betweenness</c>).</summary>
    Betweenness,
    /// <summary>Followers, i.e. in-degree (<c>followers</c>).</summary>
    Followers,
    /// <summary>2-hop audience (<c>reach</c>).</summary>
    Reach,
}

/// <summary>
/// Weights of the four components of political engagement, each &gt;= 0, not all 0. The engagement
/// score is <c>(w_c c + w_e e + w_p p + w_s s) / D</c>, in [0, 1], with c the political content share,
/// e the exposure (max of the share of its followees that are political and the share of the graph's
/// political accounts it follows, see <see cref="ExposureSignal.Value"/>), p the proximity percentile
/// / 100 and s the political share of its sphere (its Leiden community). D = <c>w_c + w_e + w_p + w_s</c>
/// when the graph has political accounts, and <c>w_c</c> when it has none (exposure, proximity and the
/// sphere's politics cannot be measured there, so content alone decides). An account whose content is
/// unknown gets c = 0 (no evidence); its score is unknown only when nothing at all is known (no
/// content and no political account in the graph), and such accounts are excluded unless
/// <see cref="InfluencerQuery.AllowUnknownEngagement"/>. Defaults 0.6 / 0.2 / 0.2 / 0.2 (D = 1.2) with
/// the threshold 0.25 of <see cref="InfluencerQuery.MaxPoliticalEngagement"/>: content alone marks an
/// account engaged from 50% political posts (25% in a graph without political accounts); no other
/// component alone can (each at most 0.2 / 1.2 = 0.17); following most political accounts, sitting
/// close to them or in a mostly political sphere add up (e.g. following 40% of the political
/// accounts at the 90th proximity percentile in a sphere that is 60% political: (0.08 + 0.18 + 0.12) / 1.2 = 0.32).
/// </summary>
/// <param name="Content">Weight of the political share of the account's posts or topics.</param>
/// <param name="Exposure">Weight of its exposure (max of political share of its followees and share of the political accounts it follows).</param>
/// <param name="Proximity">Weight of its political-proximity percentile / 100.</param>
/// <param name="Sphere">Weight of the political share of its sphere.</param>
public sealed record EngagementWeights(double Content = 0.6, double Exposure = 0.2, double Proximity = 0.2, double Sphere = 0.2);

/// <summary>
/// What <see cref="Influencers.Find"/> looks for: influential, active accounts that are not
/// politically engaged. Immutable; every member has a documented default.
/// </summary>
/// <remarks>
/// <para>
/// <b>Influence.</b> The composite influence score of an account is the weighted mean of its percentiles
/// (share of accounts with a strictly lower value, 0..100) in the chosen <see cref="Metrics"/> —
/// rank-based, so PageRank's 1e-5 and a follower count of 10,000 weigh alike. Its percentile among all
/// accounts must be at least <see cref="MinInfluencePercentile"/>. By default only the measures of
/// <em>reaching people</em> weigh (PageRank, followers, 2-hop audience, equally): betweenness measures
/// brokerage, and an account that follows nobody (a brand, a celebrity) has betweenness 0 however
/// large its audience, so it is shown with every candidate but weighs 0 unless
/// <see cref="MetricWeights"/> gives it a weight (or it is the only metric chosen); it can also be
/// required with <see cref="MinBetweennessPercentile"/>.
/// </para>
/// <para>
/// <b>Activity.</b> With <see cref="MinPosts"/> set, an account needs at least that many posts;
/// otherwise its posts percentile (among accounts with a known count) must reach
/// <see cref="MinActivityPercentile"/>. An account whose posts are unknown passes ("activity unknown")
/// unless <see cref="RequireKnownActivity"/> is set.
/// </para>
/// <para>
/// <b>Politics.</b> Accounts marked <c>is_political</c> are never candidates. Others are politically
/// engaged when their engagement score (see <see cref="Influence.EngagementWeights"/>) is at least
/// <see cref="MaxPoliticalEngagement"/>. The engagement of an account is <em>unknown</em> when neither
/// its content is known (no <c>political_share</c>, no <c>political_posts</c> with posts &gt; 0, no
/// topics/hashtags) nor the graph has a political account (then exposure and proximity cannot be
/// measured); such an account is excluded ("unknown" is not "not engaged") unless
/// <see cref="AllowUnknownEngagement"/> is set.
/// </para>
/// </remarks>
public sealed record InfluencerQuery
{
    /// <summary>All four metrics, the default.</summary>
    public static IReadOnlyList<InfluenceMetric> AllMetrics { get; } =
        [InfluenceMetric.PageRank, InfluenceMetric.Betweenness, InfluenceMetric.Followers, InfluenceMetric.Reach];

    /// <summary>Minimum percentile of the composite influence score, in [0, 100]; default 95 (the top 5%).</summary>
    public double MinInfluencePercentile { get; init; } = 95;

    /// <summary>Minimum posts percentile among accounts with known posts, in [0, 100]; default 90 (the top 10%). Ignored when <see cref="MinPosts"/> is set.</summary>
    public double MinActivityPercentile { get; init; } = 90;

    /// <summary>Minimum number of posts (&gt;= 0), replacing <see cref="MinActivityPercentile"/>; default null.</summary>
    public long? MinPosts { get; init; }

    /// <summary>Exclude accounts whose posts are unknown; default false (they pass, flagged "activity unknown").</summary>
    public bool RequireKnownActivity { get; init; }

    /// <summary>
    /// Admit accounts whose political engagement is unknown (no content signal and no political account
    /// in the graph, see the type remarks) as candidates, flagged "political engagement unknown";
    /// default false: they are excluded and counted in <see cref="FilterCounts.UnknownEngagement"/>.
    /// </summary>
    public bool AllowUnknownEngagement { get; init; }

    /// <summary>Engagement threshold in [0, 1]: an account is politically engaged when its score is &gt;= this; default 0.25.</summary>
    public double MaxPoliticalEngagement { get; init; } = 0.25;

    /// <summary>Weights of content, exposure, proximity and sphere; default 0.6 / 0.2 / 0.2 / 0.2.</summary>
    public EngagementWeights EngagementWeights { get; init; } = new();

    /// <summary>Candidates returned, &gt;= 0; default 20 (0 = every match).</summary>
    public int Top { get; init; } = 20;

    /// <summary>Metrics of the composite influence score (non-empty, no repeats); default all four.</summary>
    public IReadOnlyList<InfluenceMetric> Metrics { get; init; } = AllMetrics;

    /// <summary>
    /// Weight of each chosen metric in the composite (&gt;= 0); a metric not listed gets its default
    /// weight (<see cref="DefaultWeightOf"/>: 1, except betweenness 0 when another metric is chosen).
    /// Default null = the defaults.
    /// </summary>
    public IReadOnlyDictionary<InfluenceMetric, double>? MetricWeights { get; init; }

    /// <summary>
    /// Optional brokerage filter: a candidate's betweenness percentile must be at least this, in
    /// [0, 100]; default null (no filter). Counted with <see cref="FilterCounts.BelowInfluence"/>.
    /// </summary>
    public double? MinBetweennessPercentile { get; init; }

    /// <summary>Lexicon that marks topics political when an account has neither <c>political_share</c> nor <c>political_posts</c>; null = <see cref="PoliticalLexicon.Default"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PoliticalLexicon? Lexicon { get; init; }

    /// <summary>How the expensive signals are computed (used by <see cref="Influencers.Compute"/>; the cache key of <see cref="InfluenceSignals"/>).</summary>
    public SignalOptions Signals { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) naming the first invalid member and the rule it breaks.</summary>
    public void Validate()
    {
        static void Pct(double v, string name)
        {
            if (!(v >= 0 && v <= 100)) throw new ArgumentOutOfRangeException(name, v, $"{name} must be a percentile in [0, 100].");
        }
        Pct(MinInfluencePercentile, nameof(MinInfluencePercentile));
        Pct(MinActivityPercentile, nameof(MinActivityPercentile));
        if (MinBetweennessPercentile is double mb) Pct(mb, nameof(MinBetweennessPercentile));
        if (MinPosts is < 0) throw new ArgumentOutOfRangeException(nameof(MinPosts), MinPosts, "MinPosts must be >= 0.");
        if (!(MaxPoliticalEngagement >= 0 && MaxPoliticalEngagement <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxPoliticalEngagement), MaxPoliticalEngagement, "MaxPoliticalEngagement must be in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(Top, nameof(Top));
        ArgumentNullException.ThrowIfNull(EngagementWeights, nameof(EngagementWeights));
        var w = EngagementWeights;
        foreach (var (v, name) in new[] { (w.Content, "EngagementWeights.Content"), (w.Exposure, "EngagementWeights.Exposure"), (w.Proximity, "EngagementWeights.Proximity"), (w.Sphere, "EngagementWeights.Sphere") })
            if (!(v >= 0 && double.IsFinite(v))) throw new ArgumentOutOfRangeException(name, v, $"{name} must be a finite number >= 0.");
        if (w.Content + w.Exposure + w.Proximity + w.Sphere <= 0) throw new ArgumentException("At least one engagement weight must be > 0.", nameof(EngagementWeights));
        if (Metrics is null || Metrics.Count == 0) throw new ArgumentException("Choose at least one influence metric.", nameof(Metrics));
        if (Metrics.Distinct().Count() != Metrics.Count) throw new ArgumentException("An influence metric is listed twice.", nameof(Metrics));
        foreach (var m in Metrics)
            if (!Enum.IsDefined(m)) throw new ArgumentOutOfRangeException(nameof(Metrics), m, "Unknown influence metric.");
        if (MetricWeights is not null)
        {
            foreach (var (m, v) in MetricWeights)
                if (!(v >= 0 && double.IsFinite(v))) throw new ArgumentOutOfRangeException(nameof(MetricWeights), v, $"The weight of {MetricName(m)} must be a finite number >= 0.");
            if (Metrics.Sum(m => WeightOf(m)) <= 0) throw new ArgumentException("The chosen metrics all have weight 0.", nameof(MetricWeights));
        }
        ArgumentNullException.ThrowIfNull(Signals, nameof(Signals));
        Signals.Validate();
    }

    /// <summary>Weight of <paramref name="metric"/> in the composite: <see cref="MetricWeights"/>' value, else <see cref="DefaultWeightOf"/>.</summary>
    public double WeightOf(InfluenceMetric metric) => MetricWeights is not null && MetricWeights.TryGetValue(metric, out double w) ? w : DefaultWeightOf(metric);

    /// <summary>
    /// The default weight of a chosen metric: 1, except betweenness, which weighs 0 when a measure of
    /// reaching people (PageRank, followers, reach) is also chosen (brokerage is shown, not weighed).
    /// </summary>
    public double DefaultWeightOf(InfluenceMetric metric) =>
        metric == InfluenceMetric.Betweenness && Metrics.Any(m => m != InfluenceMetric.Betweenness) ? 0.0 : 1.0;

    /// <summary>The API/CLI name of a metric: <c>pagerank</c>, <c>betweenness</c>, <c>followers</c>, <c>reach</c>.</summary>
    public static string MetricName(InfluenceMetric metric) => metric switch
    {
        InfluenceMetric.PageRank => "pagerank",
        InfluenceMetric.Betweenness => "betweenness",
        InfluenceMetric.Followers => "followers",
        InfluenceMetric.Reach => "reach",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown influence metric."),
    };

    /// <summary>Parses a metric name (case-insensitive; <c>in_degree</c> is accepted for followers).</summary>
    /// <exception cref="ArgumentException">The name is not one of pagerank, betweenness, followers, reach.</exception>
    public static InfluenceMetric ParseMetric(string name) => name.Trim().ToLowerInvariant() switch
    {
        "pagerank" => InfluenceMetric.PageRank,
        "betweenness" => InfluenceMetric.Betweenness,
        "followers" or "in_degree" or "indegree" => InfluenceMetric.Followers,
        "reach" => InfluenceMetric.Reach,
        _ => throw new ArgumentException($"Unknown influence metric '{name}': use pagerank, betweenness, followers or reach.", nameof(name)),
    };
}
