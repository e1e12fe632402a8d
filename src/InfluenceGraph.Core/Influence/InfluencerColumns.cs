using System.Globalization;
using nietras.SeparatedValues;

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
/// <c>content_source</c> is <c>political_share</c>, <c>political_posts</c>, <c>lexicon</c> or
/// <c>unknown</c> (<see cref="SourceName"/>, the spelling of every JSON output too). The README's
/// influencers section lists the same columns (tested).
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
        string D(double? x) => x is double v && double.IsFinite(v) ? v.ToString("R", inv) : "";
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

    /// <summary>
    /// Writes the header <see cref="Names"/> then one row per candidate (<see cref="Values"/>): comma
    /// separated, fields quoted when needed (RFC 4180), invariant culture, <c>\n</c> line ends. The
    /// header is written even when there is no candidate. The CLI's <c>--csv</c> and the API's
    /// <c>format=csv</c> both call this.
    /// </summary>
    public static void WriteCsv(IEnumerable<InfluencerCandidate> candidates, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(output);
        bool any = false;
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(output, leaveOpen: true))
        {
            foreach (var c in candidates)
            {
                any = true;
                using var row = writer.NewRow();
                var values = Values(c);
                for (int i = 0; i < values.Length; i++) row[Names[i]].Set(values[i]);
            }
        }
        if (!any) output.Write(string.Join(',', Names) + "\n");
    }

    /// <summary>
    /// The one spelling of a content source in CSV and JSON (CLI and API): <c>political_share</c>,
    /// <c>political_posts</c> (the attribute names), <c>lexicon</c>, <c>unknown</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="ContentSource"/>.</exception>
    public static string SourceName(ContentSource source) => source switch
    {
        ContentSource.PoliticalShare => "political_share",
        ContentSource.PoliticalPosts => "political_posts",
        ContentSource.Lexicon => "lexicon",
        ContentSource.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown content source."),
    };

    /// <summary>Parses a name written by <see cref="SourceName"/> (ordinal, exact).</summary>
    /// <exception cref="FormatException">Not one of the four names.</exception>
    public static ContentSource ParseSourceName(string name) => name switch
    {
        "political_share" => ContentSource.PoliticalShare,
        "political_posts" => ContentSource.PoliticalPosts,
        "lexicon" => ContentSource.Lexicon,
        "unknown" => ContentSource.Unknown,
        _ => throw new FormatException($"Unknown content source '{name}': expected political_share, political_posts, lexicon or unknown."),
    };
}

/// <summary>
/// Writes and reads <see cref="ContentSource"/> as <see cref="InfluencerColumns.SourceName"/>
/// (<c>political_share</c>...), so JSON and CSV spell it alike whatever enum naming policy the
/// serializer options carry. Attached to <see cref="ContentSignal.Source"/>.
/// </summary>
public sealed class ContentSourceJsonConverter : System.Text.Json.Serialization.JsonConverter<ContentSource>
{
    /// <inheritdoc />
    public override ContentSource Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.String)
            throw new System.Text.Json.JsonException("A content source must be a string (political_share, political_posts, lexicon or unknown).");
        try { return InfluencerColumns.ParseSourceName(reader.GetString()!); }
        catch (FormatException e) { throw new System.Text.Json.JsonException(e.Message, e); }
    }

    /// <inheritdoc />
    public override void Write(System.Text.Json.Utf8JsonWriter writer, ContentSource value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(InfluencerColumns.SourceName(value));
}
