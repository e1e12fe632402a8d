using System.Globalization;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// The flat (CSV) view of an <see cref="InfluencerCandidate"/>, shared by the CLI and the API so both
/// print the same columns. Invariant culture, round-trip precision for scores; an empty cell means
/// unknown (or a metric that was not chosen).
/// </summary>
/// <remarks>
/// Columns: <c>rank, account, influence_score, influence_percentile, pagerank, pagerank_percentile,
/// betweenness, betweenness_percentile, followers, followers_percentile, reach, reach_percentile, posts,
/// posts_percentile, political_content, content_source, political_topics, topics, political_followees,
/// followees, political_accounts, exposure, proximity_percentile, engagement, engagement_threshold, reason</c>.
/// Percentiles are the share of accounts with a strictly lower value (0..100); shares are in [0, 1];
/// <c>content_source</c> is <c>political_share</c>, <c>political_posts</c>, <c>lexicon</c> or empty.
/// </remarks>
public static class InfluencerColumns
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "rank", "account", "influence_score", "influence_percentile",
        "pagerank", "pagerank_percentile", "betweenness", "betweenness_percentile",
        "followers", "followers_percentile", "reach", "reach_percentile",
        "posts", "posts_percentile", "political_content", "content_source", "political_topics", "topics",
        "political_followees", "followees", "political_accounts", "exposure", "proximity_percentile",
        "engagement", "engagement_threshold", "reason",
    ];

    /// <summary>The values of <paramref name="c"/>, aligned with <see cref="Names"/>.</summary>
    public static string[] Values(InfluencerCandidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var inv = CultureInfo.InvariantCulture;
        string D(double? x) => x is double v ? v.ToString("R", inv) : "";
        string I(long? x) => x is long v ? v.ToString(inv) : "";
        string M(string metric, bool percentile)
        {
            var m = c.MetricOf(metric);
            return m is null ? "" : D(percentile ? m.Percentile : m.Value);
        }
        var p = c.Politics;
        return
        [
            I(c.Rank), c.Account, D(c.Influence.Value), D(c.Influence.Percentile),
            M("pagerank", false), M("pagerank", true), M("betweenness", false), M("betweenness", true),
            M("followers", false), M("followers", true), M("reach", false), M("reach", true),
            I(c.Activity.Posts), D(c.Activity.Percentile), D(p.Content.Share), SourceName(p.Content.Source),
            I(p.Content.PoliticalTopics), I(p.Content.Topics),
            I(p.Exposure.PoliticalFollowees), I(p.Exposure.Followees), I(p.Exposure.PoliticalAccounts), D(p.Exposure.Share),
            D(p.Proximity.Percentile), D(p.Score), D(p.Threshold), c.Reason,
        ];
    }

    /// <summary><c>political_share</c>, <c>political_posts</c>, <c>lexicon</c>, or empty for unknown.</summary>
    public static string SourceName(ContentSource source) => source switch
    {
        ContentSource.PoliticalShare => "political_share",
        ContentSource.PoliticalPosts => "political_posts",
        ContentSource.Lexicon => "lexicon",
        _ => "",
    };
}
