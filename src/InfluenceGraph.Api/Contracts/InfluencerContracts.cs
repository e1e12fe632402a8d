using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>Query of <c>GET /graphs/{graph}/influencers</c>: thresholds, composite, lexicon, paging.</summary>
public sealed record InfluencerQueryParameters
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>Minimum composite-influence percentile.</summary>
    [FromQuery(Name = "minInfluencePercentile"), Description("Minimum percentile of the composite influence score, in [0, 100] (default 95: the top 5%).")]
    public double? MinInfluencePercentile { get; init; }

    /// <summary>Minimum posts percentile.</summary>
    [FromQuery(Name = "minActivityPercentile"), Description("Minimum posts percentile among accounts with a known post count, in [0, 100] (default 90). Ignored when minPosts is given.")]
    public double? MinActivityPercentile { get; init; }

    /// <summary>Minimum posts.</summary>
    [FromQuery(Name = "minPosts"), Description("Minimum number of posts (>= 0), replacing minActivityPercentile.")]
    public long? MinPosts { get; init; }

    /// <summary>Exclude accounts with unknown activity.</summary>
    [FromQuery(Name = "requireKnownActivity"), Description("Exclude accounts whose post count is unknown (default false: they pass, flagged 'activity unknown').")]
    public bool? RequireKnownActivity { get; init; }

    /// <summary>Admit accounts whose political engagement is unknown.</summary>
    [FromQuery(Name = "allowUnknownEngagement"), Description("Admit accounts whose political engagement is unknown — no political content signal (political_share, political_posts, topics/hashtags) and no is_political account in the graph for exposure/proximity — flagged 'political engagement unknown' (default false: they are excluded and counted in counts.unknownEngagement).")]
    public bool? AllowUnknownEngagement { get; init; }

    /// <summary>Engagement threshold.</summary>
    [FromQuery(Name = "maxPoliticalEngagement"), Description("An account is politically engaged (and excluded) when its engagement score is >= this, in [0, 1] (default 0.25).")]
    public double? MaxPoliticalEngagement { get; init; }

    /// <summary>Weight of political content.</summary>
    [FromQuery(Name = "contentWeight"), Description("Weight of the political share of posts or topics in the engagement score (default 0.6).")]
    public double? ContentWeight { get; init; }

    /// <summary>Weight of exposure.</summary>
    [FromQuery(Name = "exposureWeight"), Description("Weight of the share of followees that are political accounts (default 0.2).")]
    public double? ExposureWeight { get; init; }

    /// <summary>Weight of proximity.</summary>
    [FromQuery(Name = "proximityWeight"), Description("Weight of the political-proximity percentile / 100 (personalized PageRank from the political accounts; default 0.2).")]
    public double? ProximityWeight { get; init; }

    /// <summary>Weight of the sphere's politics.</summary>
    [FromQuery(Name = "sphereWeight"), Description("Weight of the political share of the account's sphere (its Leiden community; default 0.2).")]
    public double? SphereWeight { get; init; }

    /// <summary>Weight of betweenness in the composite.</summary>
    [FromQuery(Name = "betweennessWeight"), Description("Weight of the betweenness percentile in the composite influence, >= 0 (default 0: brokerage is shown with every candidate but not weighed; PageRank, followers and reach weigh 1 each).")]
    public double? BetweennessWeight { get; init; }

    /// <summary>Brokerage filter.</summary>
    [FromQuery(Name = "minBetweennessPercentile"), Description("Optional brokerage filter: a candidate's betweenness percentile must be at least this, in [0, 100] (default: no filter).")]
    public double? MinBetweennessPercentile { get; init; }

    /// <summary>Metrics of the composite.</summary>
    [FromQuery(Name = "metrics"), Description("Comma-separated metrics of the composite influence score, each weighted equally by percentile: pagerank, betweenness, followers, reach (default all four).")]
    public string? Metrics { get; init; }

    /// <summary>Replacement lexicon.</summary>
    [FromQuery(Name = "lexicon"), Description("Comma-separated political terms replacing the default lexicon (a trailing * matches a prefix), used for accounts that have topics but no political_share/political_posts.")]
    public string? Lexicon { get; init; }

    /// <summary>PageRank damping factor.</summary>
    [FromQuery(Name = "alpha"), Description("Damping factor of PageRank and of the political personalized PageRank, in [0, 1) (default 0.85).")]
    public double? Alpha { get; init; }

    /// <summary>Betweenness pivots above the exact threshold (instead of the guaranteed-error estimate).</summary>
    [FromQuery(Name = "samples"), Description("Sampled betweenness sources on graphs larger than exactBetweennessMaxAccounts, instead of the guaranteed-error estimate (absent: the estimate with epsilon and delta).")]
    public int? Samples { get; init; }

    /// <summary>ε of the guaranteed-error betweenness above the exact threshold.</summary>
    [FromQuery(Name = "epsilon"), Description("Betweenness above exactBetweennessMaxAccounts: every normalized score within epsilon of the exact one with probability 1 - delta (Riondato & Kornaropoulos 2016), in (0, 0.5] (default 0.02).")]
    public double? Epsilon { get; init; }

    /// <summary>δ of the guaranteed-error betweenness.</summary>
    [FromQuery(Name = "delta"), Description("Probability that the epsilon bound fails, in (0, 0.5] (default 0.1).")]
    public double? Delta { get; init; }

    /// <summary>Exact betweenness threshold.</summary>
    [FromQuery(Name = "exactBetweennessMaxAccounts"), Description("Betweenness is exact up to this many accounts, sampled above (default 20000).")]
    public int? ExactBetweennessMaxAccounts { get; init; }

    /// <summary>Sample seed.</summary>
    [FromQuery(Name = "seed"), Description("Seed of the betweenness source sample (default 0).")]
    public int? Seed { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "top"), Description("Candidates in the page (default 20 for JSON, every match for CSV).")]
    public int? Top { get; init; }

    /// <summary>Offset.</summary>
    [FromQuery(Name = "offset"), Description("0-based position of the first candidate (default 0). Give offset or cursor, not both.")]
    public int? Offset { get; init; }

    /// <summary>Cursor.</summary>
    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page; valid while the graph version and the query are unchanged.")]
    public string? Cursor { get; init; }

    /// <summary>json or csv.</summary>
    [FromQuery(Name = "format"), Description("json (default) or csv ('Accept: text/csv' also selects CSV).")]
    public string? Format { get; init; }
}

/// <summary>A metric of a candidate.</summary>
/// <param name="Metric">influence (the composite), pagerank, betweenness, followers or reach.</param>
/// <param name="Value">Value (composite score in [0, 100), PageRank, normalized betweenness, counts).</param>
/// <param name="Rank">Competition rank in the graph (1 = highest).</param>
/// <param name="Percentile">Percent of the graph's accounts with a strictly lower value, in [0, 100).</param>
public sealed record InfluencerMetricDto(string Metric, double? Value, int Rank, double Percentile);

/// <summary>Activity of a candidate.</summary>
/// <param name="Posts">Posts in the observation window, or null when unknown.</param>
/// <param name="Percentile">Percent of accounts with a known count that posted strictly less, or null.</param>
/// <param name="Rank">Rank among accounts with a known count (1 = most), or null.</param>
/// <param name="KnownAccounts">Accounts of the graph with a known post count.</param>
public sealed record ActivityDto(long? Posts, double? Percentile, int? Rank, int KnownAccounts);

/// <summary>A topic the lexicon marked political.</summary>
/// <param name="Topic">Topic as imported.</param>
/// <param name="Term">Lexicon term it matched.</param>
public sealed record TopicMatchDto(string Topic, string Term);

/// <summary>Political content of a candidate.</summary>
/// <param name="Share">Political share in [0, 1], or null when unknown.</param>
/// <param name="Source">unknown, political_share, political_posts or lexicon.</param>
/// <param name="PoliticalTopics">Topics matched by the lexicon (source lexicon), else null.</param>
/// <param name="Topics">Topics in all (source lexicon), else null.</param>
/// <param name="MatchedTopics">The matched topics with their terms.</param>
public sealed record ContentDto(double? Share, string Source, int? PoliticalTopics, int? Topics, IReadOnlyList<TopicMatchDto> MatchedTopics);

/// <summary>Political exposure of a candidate.</summary>
/// <param name="PoliticalFollowees">Followees that are political accounts.</param>
/// <param name="Followees">Followees in all.</param>
/// <param name="PoliticalAccounts">Political accounts in the graph.</param>
/// <param name="Share">PoliticalFollowees / Followees, or null when the graph has no political account ("exposure unknown").</param>
/// <param name="Coverage">PoliticalFollowees / PoliticalAccounts (the share of the graph's political accounts it follows), or null when the graph has none.</param>
/// <param name="Value">The exposure used in the score: max(Share, Coverage), or null.</param>
public sealed record ExposureDto(int PoliticalFollowees, int Followees, int PoliticalAccounts, double? Share, double? Coverage = null, double? Value = null);

/// <summary>The account's sphere as evidence of political engagement.</summary>
/// <param name="Id">Sphere id (default Leiden parameters).</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="PoliticalAccounts">Its accounts marked is_political.</param>
/// <param name="PoliticalShare">PoliticalAccounts / Size.</param>
public sealed record SphereEvidenceDto(int Id, int Size, int PoliticalAccounts, double PoliticalShare);

/// <summary>Whether the account is an influencer candidate (default query) and, if not, why.</summary>
/// <param name="Candidate">True when it passes every filter.</param>
/// <param name="Rank">Its rank among all candidates, or null.</param>
/// <param name="ExcludedBy">Null for a candidate, else the first filter it fails: political_account, influence, betweenness, activity, activity_unknown, engagement_unknown or politically_engaged.</param>
/// <param name="Reason">One line with the numbers: the candidate's reason, or what excluded it and by how much.</param>
/// <param name="Influence">Its composite influence (value, rank, percentile).</param>
public sealed record VerdictDto(bool Candidate, int? Rank, string? ExcludedBy, string Reason, InfluencerMetricDto Influence);

/// <summary>Political proximity of a candidate.</summary>
/// <param name="PersonalizedPageRank">PageRank personalized on the political accounts, or null when there is none.</param>
/// <param name="Lift">Personalized / plain PageRank, or null.</param>
/// <param name="Percentile">Percent of accounts with a strictly lower lift, or null.</param>
public sealed record ProximityDto(double? PersonalizedPageRank, double? Lift, double? Percentile);

/// <summary>The political-engagement verdict.</summary>
/// <param name="Engaged">True when the score is known and at least the threshold (never true for a returned candidate).</param>
/// <param name="Score">Weighted score in [0, 1], or null when nothing political is known.</param>
/// <param name="Threshold">maxPoliticalEngagement.</param>
/// <param name="ContentWeight">Weight of content.</param>
/// <param name="ExposureWeight">Weight of exposure.</param>
/// <param name="ProximityWeight">Weight of proximity.</param>
/// <param name="Content">What the account posts.</param>
/// <param name="Exposure">Whom it follows.</param>
/// <param name="Proximity">Where it sits relative to political accounts.</param>
/// <param name="SphereWeight">Weight of the sphere's political share.</param>
/// <param name="Sphere">The account's sphere and its political share (null when the graph has no political account).</param>
public sealed record PoliticsDto(bool Engaged, double? Score, double Threshold, double ContentWeight, double ExposureWeight, double ProximityWeight,
    ContentDto Content, ExposureDto Exposure, ProximityDto Proximity, double SphereWeight = 0.2, SphereEvidenceDto? Sphere = null);

/// <summary>One candidate: an influential, active, not politically engaged account, with every signal and the reason.</summary>
/// <param name="Rank">Position among the candidates (composite influence descending, ties by handle).</param>
/// <param name="Account">Account handle.</param>
/// <param name="Reason">One-line explanation built from the numbers below.</param>
/// <param name="Influence">The composite influence score.</param>
/// <param name="Metrics">The metrics of the composite.</param>
/// <param name="Activity">Posts and percentile.</param>
/// <param name="Politics">Political engagement with its components.</param>
/// <param name="Sphere">Its sphere (GET /graphs/{graph}/communities with default parameters), or null when the graph is too large to partition within the request and no partition is cached.</param>
public sealed record InfluencerDto(int Rank, string Account, string Reason, InfluencerMetricDto Influence, IReadOnlyList<InfluencerMetricDto> Metrics,
    ActivityDto Activity, PoliticsDto Politics, AccountSphereDto? Sphere = null);

/// <summary>How many accounts each filter removed (each counted at the first filter it fails).</summary>
/// <param name="Accounts">Accounts in the graph.</param>
/// <param name="PoliticalAccounts">Political accounts (never candidates).</param>
/// <param name="BelowInfluence">Below the influence percentile.</param>
/// <param name="BelowActivity">Below the activity threshold.</param>
/// <param name="UnknownActivity">Excluded for unknown activity (requireKnownActivity).</param>
/// <param name="PoliticallyEngaged">Politically engaged.</param>
/// <param name="Matched">Passed every filter.</param>
/// <param name="UnknownEngagement">Excluded because their political engagement is unknown (unless allowUnknownEngagement).</param>
public sealed record FilterCountsDto(int Accounts, int PoliticalAccounts, int BelowInfluence, int BelowActivity, int UnknownActivity, int PoliticallyEngaged, int Matched,
    int UnknownEngagement);

/// <summary>How the signals were obtained.</summary>
/// <param name="BetweennessExact">True when every account was a betweenness source.</param>
/// <param name="BetweennessSources">Betweenness sources used.</param>
/// <param name="ReachExact">True when every reach count is exact.</param>
/// <param name="ActivityKnownAccounts">Accounts with a known post count.</param>
/// <param name="PoliticalAccounts">Political accounts in the graph.</param>
/// <param name="Lexicon">Lexicon name.</param>
/// <param name="LexiconTerms">Lexicon size.</param>
public sealed record SignalSummaryDto(bool BetweennessExact, int BetweennessSources, bool ReachExact, int ActivityKnownAccounts, int PoliticalAccounts, string Lexicon, int LexiconTerms);

/// <summary>A page of influencer candidates.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Query">The effective thresholds and weights, by query-parameter name.</param>
/// <param name="Signals">How the signals were obtained.</param>
/// <param name="Counts">What each filter removed.</param>
/// <param name="Total">Candidates matching the query (all pages).</param>
/// <param name="Offset">Position of the first item.</param>
/// <param name="Items">Candidates of this page.</param>
/// <param name="NextCursor">Cursor of the next page, or null on the last.</param>
/// <param name="Notes">Graph-wide caveats (e.g. activity unknown for every account).</param>
public sealed record InfluencerPage(string Graph, long Version, IReadOnlyDictionary<string, object> Query, SignalSummaryDto Signals,
    FilterCountsDto Counts, int Total, int Offset, IReadOnlyList<InfluencerDto> Items, string? NextCursor, IReadOnlyList<string> Notes);
