using System.Globalization;
using System.Text;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// Builds the one-line explanation of an <see cref="InfluencerCandidate"/> from its own numbers, so the
/// text can never disagree with the JSON/CSV fields. Invariant culture throughout.
/// </summary>
/// <remarks>
/// Shape: <c>influence top 3%: top 2% by PageRank, top 5% by betweenness, 1,234 followers (top 1%),
/// 2-hop audience 5,678 (top 1%); 140 posts (top 8%); 1% political content; follows 0 of 35 political
/// accounts; proximity to politics 40th percentile; political engagement 0.12 &lt; 0.25</c>.
/// "top X%" is <see cref="MetricSignal.TopPercent"/> rounded up (to 0.1 below 1%), so it never
/// overstates; shares are rounded to the nearest percent (0.1 below 1%); percentiles are floored.
/// </remarks>
public static class InfluencerReason
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The explanation of <paramref name="c"/> (its <see cref="InfluencerCandidate.Reason"/>).</summary>
    public static string Build(InfluencerCandidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var parts = new List<string>();
        parts.Add($"influence top {Top(c.Influence.TopPercent)}: " + string.Join(", ", c.Metrics.Where(m => m.Weight > 0).Select(Metric))
            + string.Concat(c.Metrics.Where(m => m.Weight == 0).Select(m => $" (brokerage, not weighed: {Metric(m)})")));
        parts.Add(c.Activity.Posts is long posts
            ? $"{Count(posts)} posts (top {Top(c.Activity.TopPercent!.Value)})"
            : "activity unknown");
        var p = c.Politics;
        parts.Add(p.Content.Source switch
        {
            ContentSource.Unknown => "political content unknown",
            ContentSource.Lexicon => $"{Share(p.Content.Share!.Value)} political topics ({Count(p.Content.PoliticalTopics!.Value)} of {Count(p.Content.Topics!.Value)})",
            _ => $"{Share(p.Content.Share!.Value)} political content",
        });
        if (p.Exposure.Share is null) parts.Add("exposure unknown (no political account in the graph)");
        else
        {
            string s = $"follows {Count(p.Exposure.PoliticalFollowees)} of {Count(p.Exposure.PoliticalAccounts)} political accounts";
            if (p.Exposure.PoliticalFollowees > 0)
                s += p.Exposure.Coverage is double cov
                    ? $" ({Share(cov)} of them; {Share(p.Exposure.Share.Value)} of its {Count(p.Exposure.Followees)} followees)"
                    : $" ({Share(p.Exposure.Share.Value)} of its {Count(p.Exposure.Followees)} followees)";
            parts.Add(s);
        }
        if (p.Proximity.Percentile is double prox) parts.Add($"proximity to politics {Ordinal(prox)} percentile");
        if (p.Sphere is { } sphere) parts.Add($"its sphere {sphere.Id} is {Share(sphere.PoliticalShare)} political ({Count(sphere.PoliticalAccounts)} of {Count(sphere.Size)})");
        parts.Add(p.Score is double score
            ? $"political engagement {score.ToString("0.00", Inv)} {(p.IsEngaged ? ">=" : "<")} {p.Threshold.ToString("0.00", Inv)}"
            : "political engagement unknown");
        return string.Join("; ", parts);
    }

    private static string Metric(MetricSignal m) => m.Metric switch
    {
        "pagerank" => $"top {Top(m.TopPercent)} by PageRank",
        "betweenness" => $"top {Top(m.TopPercent)} by betweenness",
        "followers" => $"{Count(m.Value)} followers (top {Top(m.TopPercent)})",
        "reach" => $"2-hop audience {Count(m.Value)} (top {Top(m.TopPercent)})",
        _ => $"top {Top(m.TopPercent)} by {m.Metric}",
    };

    /// <summary>"2%" for 1.2 (rounded up), "0.4%" for 0.33, "100%" for 100.</summary>
    public static string Top(double topPercent)
    {
        double t = Math.Round(topPercent, 6);
        if (t < 1) return (Math.Max(0.1, Math.Ceiling(t * 10) / 10)).ToString("0.#", Inv) + "%";
        return Math.Ceiling(t).ToString("0", Inv) + "%";
    }

    /// <summary>A share in [0, 1] as a percentage: "0%", "0.4%", "&lt;0.1%", "13%".</summary>
    public static string Share(double share)
    {
        double pct = Math.Round(share * 100, 6);
        if (pct == 0) return "0%";
        if (pct < 1) return pct < 0.05 ? "<0.1%" : pct.ToString("0.#", Inv) + "%";
        return Math.Round(pct, MidpointRounding.AwayFromZero).ToString("0", Inv) + "%";
    }

    /// <summary>A count with thousands separators ("1,234"); estimates are rounded.</summary>
    public static string Count(double value) => Math.Round(value).ToString("#,0", Inv);

    /// <summary>"40th", "1st", "92nd", "13th" for a floored percentile.</summary>
    public static string Ordinal(double percentile)
    {
        int k = (int)Math.Floor(percentile);
        string suffix = (k % 100) is 11 or 12 or 13 ? "th" : (k % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return k.ToString(Inv) + suffix;
    }
}
