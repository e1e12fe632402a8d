using System.Globalization;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// Reads "which version" as people write it: a version number, or a time — an ISO 8601 date or date-time
/// (UTC unless an offset is given; a date alone means the end of that day) or epoch seconds — meaning the
/// last version committed at or before it.
/// </summary>
public static class VersionSpec
{
    /// <summary>Integers at or above this are epoch seconds, below it version numbers.</summary>
    public const long EpochSecondsFrom = 100_000_000;

    /// <summary>Resolves <paramref name="text"/> against the versions of <paramref name="graph"/>; null text = the current version.</summary>
    /// <param name="catalog">The catalog holding the graph.</param>
    /// <param name="graph">An existing graph's name.</param>
    /// <param name="text">The version or time as typed, or null.</param>
    /// <param name="state">The version's state, when found.</param>
    /// <returns>Null on success, else a sentence saying what is wrong (unparseable, no such version, nothing committed by then).</returns>
    /// <exception cref="KeyNotFoundException">No graph of that name.</exception>
    public static string? TryResolve(GraphCatalog catalog, string graph, string? text, out GraphState? state)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        state = null;
        var current = catalog.Get(graph) ?? throw new KeyNotFoundException($"No graph named '{graph}'.");
        if (text is null) { state = current; return null; }
        var versions = catalog.Versions(graph);
        long version;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number < EpochSecondsFrom)
        {
            version = number;
        }
        else
        {
            DateTimeOffset at;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch)) at = DateTimeOffset.FromUnixTimeSeconds(epoch);
            else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
                return $"'{text}' is neither a version number nor a time (ISO 8601 date or date-time, or epoch seconds).";
            if (text.Length == 10 && text[4] == '-' && text[7] == '-') at = at.AddDays(1).AddTicks(-1); // a date alone: the end of that day
            var hit = versions.LastOrDefault(v => v.CommittedAt <= at);
            if (hit is null)
                return $"graph '{graph}' has no version committed at or before {at:O} (its first recorded version, {versions[0].Version}, was committed {versions[0].CommittedAt:O}).";
            version = hit.Version;
        }
        state = catalog.GetVersion(graph, version);
        return state is null
            ? $"graph '{graph}' has no recorded version {version} (recorded: {string.Join(", ", versions.Select(v => v.Version))})."
            : null;
    }
}
