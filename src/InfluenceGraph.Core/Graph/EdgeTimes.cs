using System.Globalization;

namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Time-stamped edges: reading a time as people write it, and the network as it stood at a time.
/// </summary>
/// <remarks>
/// Times are seconds since the Unix epoch (UTC). An edge's time is the earliest time any imported row of
/// that follower → followee pair carried (a later duplicate with another time does not move it; the edge
/// exists from its first appearance), and an edge imported without a time has <see cref="GraphSnapshot.NoTime"/>,
/// meaning present at every time.
/// </remarks>
public static class EdgeTimes
{
    /// <summary>Integers at or above this are epoch seconds when a value could also be a version number (100,000,000 = 1973-03-03).</summary>
    public const long EpochSecondsFrom = 100_000_000;

    /// <summary>
    /// Parses an edge time: an integer or decimal number of seconds since the Unix epoch (a fraction is
    /// truncated towards negative infinity), or an ISO 8601 date (<c>2013-10-25</c>, meaning its start,
    /// 00:00:00 UTC) or date-time (UTC unless an offset is given, e.g. <c>2013-10-25T14:03:00Z</c>).
    /// </summary>
    /// <param name="text">The field as read.</param>
    /// <param name="seconds">The time in epoch seconds.</param>
    /// <returns>Null on success, else the reason the value is not a time.</returns>
    public static string? TryParseEdgeTime(ReadOnlySpan<char> text, out long seconds)
    {
        seconds = 0;
        var t = text.Trim().Trim('"');
        if (t.IsEmpty) return "empty time (epoch seconds or ISO 8601 date or date-time expected)";
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds)) return CheckRange(seconds, t);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            if (!double.IsFinite(d) || Math.Abs(d) > 253402300799d) return $"'{Shorten(t)}' is not a time between years 1 and 9999";
            seconds = (long)Math.Floor(d);
            return CheckRange(seconds, t);
        }
        if (IsDateOnly(t) && DateTime.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            seconds = new DateTimeOffset(day, TimeSpan.Zero).ToUnixTimeSeconds();
            return null;
        }
        if (t.Length >= 16 && t[4] == '-' && t[7] == '-' && (t[10] == 'T' || t[10] == ' ')
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            seconds = at.ToUnixTimeSeconds();
            return null;
        }
        return $"'{Shorten(t)}' is not a time (epoch seconds, or an ISO 8601 date or date-time such as 2013-10-25 or 2013-10-25T14:03:00Z)";
    }

    /// <summary>
    /// Parses a query time (<c>asOf</c>, or a side of a comparison): epoch seconds (an integer of at least
    /// <see cref="EpochSecondsFrom"/>), or an ISO 8601 date or date-time (UTC unless an offset is given). A date
    /// alone means the END of that day (23:59:59 UTC), so "as of 2013-10-25" includes that whole day.
    /// </summary>
    /// <param name="text">The value as typed.</param>
    /// <param name="at">The instant.</param>
    /// <param name="seconds">The instant in whole epoch seconds (floor).</param>
    /// <returns>True when <paramref name="text"/> is such a time.</returns>
    public static bool TryParseQueryTime(string text, out DateTimeOffset at, out long seconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        seconds = 0;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            at = default;
            if (epoch < EpochSecondsFrom || epoch > 253402300799) return false;
            at = DateTimeOffset.FromUnixTimeSeconds(epoch);
            seconds = epoch;
            return true;
        }
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
        {
            at = default;
            return false;
        }
        if (IsDateOnly(text)) at = at.AddDays(1).AddTicks(-1); // a date alone: the end of that day
        seconds = at.ToUnixTimeSeconds(); // whole seconds: the end of a day is 23:59:59
        return true;
    }

    /// <summary>
    /// The network as it stood at <paramref name="seconds"/>: the edges whose time is ≤ it (and edges without a
    /// time), between the accounts that are an endpoint of such an edge or have no edge at all in <paramref name="graph"/>
    /// (accounts declared alone, which carry no time). Accounts keep their relative order; weights and the build
    /// options are kept. O(n + m log d).
    /// </summary>
    /// <param name="graph">A graph with edge times (<see cref="GraphSnapshot.HasEdgeTimes"/>).</param>
    /// <param name="seconds">The time, in seconds since the Unix epoch (UTC); inclusive.</param>
    /// <returns>A new snapshot (the same one when every edge is at or before the time).</returns>
    /// <exception cref="ArgumentException">The graph has no edge times.</exception>
    public static GraphSnapshot AsOf(GraphSnapshot graph, long seconds)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!graph.HasEdgeTimes) throw new ArgumentException("The graph has no edge times.", nameof(graph));
        int n = graph.NodeCount;
        var keep = new bool[n];
        bool all = true;
        for (int u = 0; u < n; u++)
        {
            var targets = graph.Followees(u);
            var times = graph.FolloweeTimes(u);
            if (targets.IsEmpty && graph.InDegreeOf(u) == 0) keep[u] = true;
            for (int e = 0; e < targets.Length; e++)
            {
                if (times[e] <= seconds) { keep[u] = true; keep[targets[e]] = true; }
                else all = false;
            }
        }
        if (all) return graph;
        var b = new GraphBuilder(graph.BuildOptions, (int)Math.Min(graph.EdgeCount, int.MaxValue - 64));
        var id = new int[n];
        for (int u = 0; u < n; u++) id[u] = keep[u] ? b.Accounts.Intern(graph.Accounts.GetUtf8(u)) : -1;
        b.MaxChunkEdges = graph.OutEdgeChunks.MaxChunkEdges;
        for (int u = 0; u < n; u++)
        {
            var targets = graph.Followees(u);
            var times = graph.FolloweeTimes(u);
            var w = graph.IsWeighted ? graph.FolloweeWeights(u) : default;
            for (int e = 0; e < targets.Length; e++)
                if (times[e] <= seconds) b.AddEdge(id[u], id[targets[e]], w.IsEmpty ? 1.0 : w[e], times[e]);
        }
        return b.Build(forceWeighted: graph.IsWeighted);
    }

    /// <summary>The earliest and latest edge time of <paramref name="graph"/> (edges without a time ignored), or null when none has one.</summary>
    public static (long First, long Last)? Range(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!graph.HasEdgeTimes) return null;
        long lo = long.MaxValue, hi = long.MinValue;
        foreach (var ch in graph.OutEdgeChunks.Chunks)
            foreach (long x in ch.Times!) if (x != GraphSnapshot.NoTime) { lo = Math.Min(lo, x); hi = Math.Max(hi, x); }
        return lo == long.MaxValue ? null : (lo, hi);
    }

    private static string? CheckRange(long s, ReadOnlySpan<char> t) =>
        s is < -62135596800 or > 253402300799 ? $"'{Shorten(t)}' is not a time between years 1 and 9999" : null;

    private static bool IsDateOnly(ReadOnlySpan<char> t) => t.Length == 10 && t[4] == '-' && t[7] == '-';

    private static string Shorten(ReadOnlySpan<char> t) => t.Length <= 40 ? t.ToString() : t[..40].ToString() + "...";
}
