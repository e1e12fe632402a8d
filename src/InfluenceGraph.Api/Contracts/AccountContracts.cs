namespace InfluenceGraph.Api.Contracts;

/// <summary>Imported attributes of an account.</summary>
/// <param name="DisplayName">Display name, or null.</param>
/// <param name="Posts">Posts in the observation window, or null when unknown.</param>
/// <param name="PoliticalPosts">Political posts in the window, or null.</param>
/// <param name="PoliticalShare">Share of political posts in [0, 1], or null.</param>
/// <param name="IsPolitical">True for a party, politician or institutional account; null when unknown.</param>
/// <param name="Topics">Topics or hashtags used.</param>
/// <param name="Lang">Language code, or null.</param>
/// <param name="Extra">Other imported columns, as strings.</param>
public sealed record AccountAttributesDto(
    string? DisplayName, long? Posts, long? PoliticalPosts, double? PoliticalShare, bool? IsPolitical,
    IReadOnlyList<string> Topics, string? Lang, IReadOnlyDictionary<string, string> Extra);

/// <summary>An account's value for one metric (default options).</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="Status"><c>computed</c>, or <c>not_computed</c> when the metric is too costly to compute within a request and no analysis has cached it yet (POST /graphs/{graph}/analyses).</param>
/// <param name="Score">Score, or null when not computed or undefined.</param>
/// <param name="Rank">Competition rank (1-based), or null when not computed.</param>
/// <param name="Percentile">Percent of accounts with a strictly lower score, in [0, 100), or null when not computed.</param>
public sealed record AccountMetric(string Metric, string Status, double? Score, int? Rank, double? Percentile);

/// <summary>One account: attributes, audience and every metric with its rank and percentile.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Account">Canonical handle.</param>
/// <param name="InGraph">False when the account has imported attributes but no edge and is not part of the network.</param>
/// <param name="Followers">Accounts following it (in-degree: its direct audience).</param>
/// <param name="Followees">Accounts it follows (out-degree).</param>
/// <param name="Attributes">Imported attributes, or null when none were imported.</param>
/// <param name="Metrics">Each metric with default options.</param>
/// <param name="Sphere">Its sphere (GET /graphs/{graph}/communities with default parameters), or null when not in the graph or when the graph is too large to partition within the request and no partition is cached.</param>
/// <param name="Verdict">Whether it is an influencer candidate under the default query of GET /graphs/{graph}/influencers and, if not, which threshold excluded it with the numbers; null when not in the graph or when the influence signals are not computed yet (POST /graphs/{graph}/analyses or GET .../influencers computes them).</param>
public sealed record AccountDetail(
    string Graph, long Version, string Account, bool InGraph, int Followers, int Followees,
    AccountAttributesDto? Attributes, IReadOnlyList<AccountMetric> Metrics, AccountSphereDto? Sphere = null, VerdictDto? Verdict = null);
