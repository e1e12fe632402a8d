using System.Globalization;

namespace InfluenceGraph.Core.GuestList;

/// <summary>
/// The CSV form of a guest list, shared by the CLI's <c>--csv</c> and the API's <c>format=csv</c>: one row
/// per pick, RFC 4180 quoting, invariant culture (round-trip doubles), an empty field for a missing value.
/// </summary>
public static class GuestListColumns
{
    /// <summary>The header, in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "rank", "account", "included", "eligible", "gain", "cumulative", "share", "overlaps_most_with", "overlap",
        "influencer_rank", "followers", "reach", "posts", "political_engagement", "sphere", "sphere_label", "reason",
    ];

    /// <summary>Writes the header and one row per pick of <paramref name="report"/>.</summary>
    public static void WriteCsv(GuestListReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(",", Names));
        writer.Write('\n');
        foreach (var p in report.Picks)
        {
            var s = p.Signals;
            string?[] fields =
            [
                Int(p.Rank), p.Account, p.Required ? "true" : "false", p.Eligible ? "true" : "false", Num(p.Gain), Num(p.Cumulative), Num(p.Share),
                p.OverlapsMostWith, p.OverlapsMostWith is null ? null : Num(p.Overlap), p.InfluencerRank is int r ? Int(r) : null,
                s?.MetricOf("followers") is { } f ? Num(f.Value) : null, s?.MetricOf("reach") is { } re ? Num(re.Value) : null,
                s?.Activity.Posts is long posts ? posts.ToString(CultureInfo.InvariantCulture) : null,
                s?.Politics.Score is double e ? Num(e) : null, p.Sphere is int sp ? Int(sp) : null, p.SphereLabel, p.Reason,
            ];
            writer.Write(string.Join(",", fields.Select(Quote)));
            writer.Write('\n');
        }
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
