namespace InfluenceGraph.Core.Text;

/// <summary>
/// "Did you mean ...?": the known names nearest to a mistyped one, by case-insensitive prefix and
/// optimal-string-alignment edit distance (Damerau–Levenshtein restricted: insertions, deletions,
/// substitutions and transpositions of adjacent characters each cost 1).
/// </summary>
public static class NearMatches
{
    /// <summary>
    /// At most <paramref name="max"/> names of <paramref name="known"/> near <paramref name="typed"/>:
    /// those within an edit distance of max(1, min(3, length / 3)) of it, ignoring case, and those it is a
    /// case-insensitive prefix of (at least 3 characters typed) or that are a prefix of it; nearest
    /// first (distance, then shorter, then ordinal). The typed name itself (same case) is never suggested.
    /// </summary>
    /// <param name="typed">What the user typed.</param>
    /// <param name="known">Candidate names (any count; each compared in O(|typed|·|name|)).</param>
    /// <param name="max">Most suggestions, ≥ 0.</param>
    /// <returns>The suggestions, distinct, nearest first; empty when none is close.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typed"/> or <paramref name="known"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is negative.</exception>
    public static IReadOnlyList<string> Find(string typed, IEnumerable<string> known, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0 || typed.Length == 0) return [];
        string t = typed.ToLowerInvariant();
        int limit = EditLimit(typed.Length);
        var found = new List<(int Distance, string Name)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in known)
        {
            if (name is null || name == typed || !seen.Add(name)) continue;
            if (Math.Abs(name.Length - typed.Length) > limit
                && !(t.Length >= 3 && name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                && !(name.Length >= 3 && typed.StartsWith(name, StringComparison.OrdinalIgnoreCase))) continue;
            int d = Distance(t, name.ToLowerInvariant(), limit);
            if (d <= limit) found.Add((d, name));
            else if (t.Length >= 3 && name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                || name.Length >= 3 && typed.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                found.Add((limit + 1, name));
        }
        return found.OrderBy(f => f.Distance).ThenBy(f => f.Name.Length).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(max).Select(f => f.Name).ToList();
    }

    /// <summary>The largest edit distance suggested for a typed name of <paramref name="typedLength"/> characters: max(1, min(3, length / 3)).</summary>
    internal static int EditLimit(int typedLength) => Math.Max(1, Math.Min(3, typedLength / 3));

    /// <summary>
    /// Optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/> (ordinal,
    /// case-sensitive), or <paramref name="cap"/> + 1 as soon as it is known to exceed <paramref name="cap"/>.
    /// </summary>
    /// <param name="a">First string.</param>
    /// <param name="b">Second string.</param>
    /// <param name="cap">Distance beyond which the exact value does not matter (≥ 0).</param>
    /// <returns>The distance, in [0, max(|a|, |b|)], capped at <paramref name="cap"/> + 1.</returns>
    public static int Distance(string a, string b, int cap = int.MaxValue - 1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > cap) return cap + 1;
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > cap) return cap + 1;
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return Math.Min(prev[b.Length], cap + 1);
    }
}
