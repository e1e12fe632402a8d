using System.Globalization;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// Reads "which version" as people write it: a version number, or a time — an ISO 8601 date or date-time
/// (UTC unless an offset is given; a date alone means the end of that day) or epoch seconds.
/// </summary>
/// <remarks>
/// A time means the network as it stood then. When the graph's edges carry times (imported with a time column),
/// that is the latest version's edges with a time at or before it (<see cref="GraphCatalog.AsOf"/>), so one import
/// of a time-stamped file answers for any date. Otherwise it is the last version committed at or before it.
/// </remarks>
public static class VersionSpec
{
    /// <summary>Integers at or above this are epoch seconds, below it version numbers.</summary>
    public const long EpochSecondsFrom = EdgeTimes.EpochSecondsFrom;

    /// <summary>Resolves <paramref name="text"/> (a version number or a time) against graph <paramref name="graph"/>; null text = the current version.</summary>
    /// <param name="catalog">The catalog holding the graph.</param>
    /// <param name="graph">An existing graph's name.</param>
    /// <param name="text">The version or time as typed, or null.</param>
    /// <param name="state">The version's state (for a time on a graph with edge times: the filtered network, <see cref="GraphState.AsOf"/> set), when found.</param>
    /// <returns>Null on success, else a sentence saying what is wrong (unparseable, no such version, nothing committed by then).</returns>
    /// <exception cref="KeyNotFoundException">No graph of that name.</exception>
    public static string? TryResolve(GraphCatalog catalog, string graph, string? text, out GraphState? state)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        state = null;
        var current = catalog.Get(graph) ?? throw new KeyNotFoundException($"No graph named '{graph}'.");
        if (text is null) { state = current; return null; }
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number < EpochSecondsFrom)
            return Version(catalog, graph, number, out state);
        return AtTime(catalog, current, text, out state);
    }

    /// <summary>
    /// Resolves the <c>version</c> and <c>asOf</c> parameters of an endpoint: <paramref name="version"/> (a version number,
    /// default the current one), then <paramref name="asOf"/> (a time: that version's edges with a time at or before it
    /// when its edges carry times; otherwise, without <paramref name="version"/>, the last version committed at or before it).
    /// </summary>
    /// <param name="catalog">The catalog holding the graph.</param>
    /// <param name="graph">An existing graph's name.</param>
    /// <param name="version">Version number as typed, or null.</param>
    /// <param name="asOf">Time as typed, or null.</param>
    /// <param name="state">The resolved state.</param>
    /// <param name="parameter">On failure, the offending parameter: <c>version</c> or <c>asOf</c>.</param>
    /// <returns>Null on success, else the reason.</returns>
    /// <exception cref="KeyNotFoundException">No graph of that name.</exception>
    public static string? TryResolve(GraphCatalog catalog, string graph, string? version, string? asOf, out GraphState? state, out string? parameter)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        state = null;
        parameter = null;
        var current = catalog.Get(graph) ?? throw new KeyNotFoundException($"No graph named '{graph}'.");
        var basis = current;
        if (version is not null)
        {
            parameter = "version";
            if (!long.TryParse(version.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                return $"'{version}' is not a version number (GET /graphs/{graph}/versions lists them; the current one is {current.Version}).";
            if (Version(catalog, graph, v, out var s) is { } bad) return bad;
            basis = s!;
        }
        if (asOf is null) { state = basis; parameter = null; return null; }
        parameter = "asOf";
        if (!basis.Snapshot.HasEdgeTimes && version is not null)
            return $"graph '{graph}' version {basis.Version} has no edge times, so asOf cannot be combined with version (give asOf alone for the last version committed by then, or import the edges with their time column).";
        string? error = AtTime(catalog, basis, asOf.Trim(), out state);
        if (error is null) parameter = null;
        return error;
    }

    private static string? Version(GraphCatalog catalog, string graph, long version, out GraphState? state)
    {
        state = catalog.GetVersion(graph, version);
        return state is null
            ? $"graph '{graph}' has no recorded version {version} (recorded: {string.Join(", ", catalog.Versions(graph).Select(v => v.Version))})."
            : null;
    }

    private static string? AtTime(GraphCatalog catalog, GraphState basis, string text, out GraphState? state)
    {
        state = null;
        if (!EdgeTimes.TryParseQueryTime(text, out var at, out long seconds))
            return $"'{text}' is neither a version number nor a time (ISO 8601 date or date-time, or epoch seconds of at least {EpochSecondsFrom}).";
        if (basis.Snapshot.HasEdgeTimes)
        {
            state = catalog.AsOf(basis, seconds);
            return null;
        }
        var versions = catalog.Versions(basis.Name);
        var hit = versions.LastOrDefault(v => v.CommittedAt <= at);
        if (hit is null)
            return $"graph '{basis.Name}' has no edge times and no version committed at or before {at:O} (its first recorded version, {versions[0].Version}, was committed {versions[0].CommittedAt:O}).";
        return Version(catalog, basis.Name, hit.Version, out state);
    }
}
