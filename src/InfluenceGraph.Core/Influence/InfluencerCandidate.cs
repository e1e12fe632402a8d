namespace InfluenceGraph.Core.Influence;

/// <summary>One metric of one account: its value, competition rank and percentile in the graph.</summary>
/// <param name="Metric">Metric name (<c>influence</c>, <c>pagerank</c>, <c>betweenness</c>, <c>followers</c>, <c>reach</c>).</param>
/// <param name="Value">The value (PageRank in (0, 1], normalized betweenness in [0, 1], counts for followers and reach, the composite score in [0, 100) for influence).</param>
/// <param name="Rank">Competition rank in the graph, 1 = highest (ties share the best rank).</param>
/// <param name="Percentile">Percent of the graph's accounts with a strictly lower value, in [0, 100).</param>
/// <param name="Weight">Its weight in the composite influence (0 = shown, not weighed; 1 for the composite itself).</param>
public sealed record MetricSignal(string Metric, double Value, int Rank, double Percentile, double Weight = 1)
{
    /// <summary>Percent of accounts with a value at least as high: <c>100 - Percentile</c>, in (0, 100]. "top 2%".</summary>
    public double TopPercent => 100.0 - Percentile;
}

/// <summary>Activity of an account: posts in the observation window, when known.</summary>
/// <param name="Posts">Posts, or null when unknown.</param>
/// <param name="Percentile">Percent of the accounts with known posts that have strictly fewer, in [0, 100), or null.</param>
/// <param name="Rank">Competition rank among accounts with known posts (1 = most), or null.</param>
/// <param name="KnownAccounts">How many accounts of the graph have a known post count.</param>
public sealed record ActivitySignal(long? Posts, double? Percentile, int? Rank, int KnownAccounts)
{
    /// <summary>True when the post count is known.</summary>
    public bool IsKnown => Posts is not null;

    /// <summary><c>100 - Percentile</c>, or null.</summary>
    public double? TopPercent => 100.0 - Percentile;
}

/// <summary>Where an account's political content share comes from.</summary>
public enum ContentSource
{
    /// <summary>No information: no political share, no political post count, no topic.</summary>
    Unknown,
    /// <summary>The imported <c>political_share</c>.</summary>
    PoliticalShare,
    /// <summary><c>political_posts / posts</c>.</summary>
    PoliticalPosts,
    /// <summary>The share of the account's topics/hashtags matched by the lexicon.</summary>
    Lexicon,
}

/// <summary>Political content of an account.</summary>
/// <param name="Share">Political share in [0, 1], or null when unknown.</param>
/// <param name="Source">Where the share comes from (JSON: <see cref="InfluencerColumns.SourceName"/>, e.g. <c>political_share</c>).</param>
/// <param name="PoliticalTopics">With <see cref="ContentSource.Lexicon"/>: topics matched by the lexicon; else null.</param>
/// <param name="Topics">With <see cref="ContentSource.Lexicon"/>: topics in all; else null.</param>
/// <param name="MatchedTopics">With <see cref="ContentSource.Lexicon"/>: the matched topics as imported, each with the term it matched.</param>
public sealed record ContentSignal(double? Share,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(ContentSourceJsonConverter))] ContentSource Source, int? PoliticalTopics, int? Topics, IReadOnlyList<TopicMatch> MatchedTopics);

/// <summary>A topic (hashtag, mention) the lexicon marked political, with the term that matched it.</summary>
/// <param name="Topic">The topic as imported.</param>
/// <param name="Term">The lexicon term, as written in the lexicon.</param>
public sealed record TopicMatch(string Topic, string Term);

/// <summary>
/// Political exposure: the political accounts among an account's followees. The exposure that
/// enters the engagement score is <see cref="Value"/> = max(<see cref="Share"/>, <see cref="Coverage"/>):
/// following a large part of the graph's political accounts counts however many other accounts it
/// also follows (13 of 30 political accounts is 43% coverage even among 71 followees, an 18% share),
/// and following few accounts that are mostly political still counts through the share.
/// </summary>
/// <param name="PoliticalFollowees">Followees that are political accounts.</param>
/// <param name="Followees">Followees in all (self-loop excluded).</param>
/// <param name="PoliticalAccounts">Political accounts in the graph.</param>
/// <param name="Share"><c>PoliticalFollowees / Followees</c> in [0, 1] (0 when it follows nobody), or null when the graph has no political account ("exposure unknown").</param>
/// <param name="Coverage"><c>PoliticalFollowees / PoliticalAccounts</c> in [0, 1]: the share of the graph's political accounts it follows, or null when the graph has none.</param>
public sealed record ExposureSignal(int PoliticalFollowees, int Followees, int PoliticalAccounts, double? Share, double? Coverage = null)
{
    /// <summary>The exposure used in the engagement score: max(Share, Coverage), or null when unknown.</summary>
    public double? Value => Share is double s ? Math.Max(s, Coverage ?? 0) : null;
}

/// <summary>The account's sphere (its Leiden community, default parameters) as political evidence.</summary>
/// <param name="Id">Sphere id (0 = largest).</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="PoliticalAccounts">Accounts of the sphere marked <c>is_political</c>.</param>
/// <param name="PoliticalShare"><c>PoliticalAccounts / Size</c> in [0, 1].</param>
public sealed record SphereSignal(int Id, int Size, int PoliticalAccounts, double PoliticalShare);

/// <summary>Political proximity: personalized PageRank from the political accounts, relative to plain PageRank.</summary>
/// <param name="PersonalizedPageRank">The personalized PageRank score, or null when the graph has no political account.</param>
/// <param name="Lift">Personalized / plain PageRank, or null.</param>
/// <param name="Percentile">Percent of accounts with a strictly lower lift, in [0, 100), or null.</param>
public sealed record ProximitySignal(double? PersonalizedPageRank, double? Lift, double? Percentile);

/// <summary>The political-engagement verdict with its three components and the threshold.</summary>
/// <param name="Content">What the account posts.</param>
/// <param name="Exposure">Whom it follows.</param>
/// <param name="Proximity">Where it sits relative to political accounts.</param>
/// <param name="Score">The weighted score in [0, 1] defined on <see cref="EngagementWeights"/>; null when no component is known.</param>
/// <param name="Weights">The weights used.</param>
/// <param name="Threshold">Engaged when <see cref="Score"/> &gt;= this.</param>
/// <param name="Sphere">The account's sphere and its political share (null when the graph has no political account).</param>
public sealed record PoliticalEngagement(ContentSignal Content, ExposureSignal Exposure, ProximitySignal Proximity,
    double? Score, EngagementWeights Weights, double Threshold, SphereSignal? Sphere = null)
{
    /// <summary>
    /// True when the score is known: the account has a content signal, or the graph has a political
    /// account (exposure and proximity are then measured for everyone).
    /// </summary>
    public bool IsKnown => Score is not null;

    /// <summary>True when the score is known and at least the threshold.</summary>
    public bool IsEngaged => Score >= Threshold;
}

/// <summary>
/// One account found by <see cref="Influencers.Find"/>: every signal with ranks and percentiles, and a
/// short explanation (<see cref="Reason"/>) built from exactly these numbers.
/// </summary>
/// <param name="Rank">1-based position among the candidates (composite influence descending, ties by handle).</param>
/// <param name="Account">Account handle.</param>
/// <param name="Influence">The composite influence score (metric <c>influence</c>).</param>
/// <param name="Metrics">The chosen metrics, in the query's order.</param>
/// <param name="Activity">Posts and their percentile.</param>
/// <param name="Politics">Political engagement with its components and threshold.</param>
public sealed record InfluencerCandidate(int Rank, string Account, MetricSignal Influence, IReadOnlyList<MetricSignal> Metrics,
    ActivitySignal Activity, PoliticalEngagement Politics)
{
    /// <summary>The signal of metric <paramref name="metric"/> (e.g. <c>pagerank</c>), or null when it was not chosen.</summary>
    public MetricSignal? MetricOf(string metric) => Metrics.FirstOrDefault(m => m.Metric == metric);

    /// <summary>Human-readable explanation derived from the other members (see <see cref="InfluencerReason.Build"/>).</summary>
    public string Reason => InfluencerReason.Build(this);
}
