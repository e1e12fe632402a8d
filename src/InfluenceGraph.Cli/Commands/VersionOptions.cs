using System.CommandLine;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>--version V</c> and <c>--as-of TIME</c> of every verb that reads a stored graph (score, influencers, audience,
/// guest-list): which version of the graph, or the network as it stood at a time (as the API's <c>version</c> and
/// <c>asOf</c>; see <see cref="VersionSpec"/>).
/// </summary>
/// <param name="Version">The version option.</param>
/// <param name="AsOf">The time option.</param>
internal sealed record VersionOptions(Option<string?> Version, Option<string?> AsOf)
{
    /// <summary>Creates the two options.</summary>
    public static VersionOptions Create() => new(
        new Option<string?>("--version") { Description = "Graph version to read (see 'influencegraph versions'); default the latest. Old versions are rebuilt from the store.", HelpName = "V" },
        new Option<string?>("--as-of") { Description = "The network as it stood at this time: ISO 8601 date (the end of that day, UTC) or date-time, or epoch seconds. With edge times (import --time): the edges with a time at or before it; otherwise the last version committed by then.", HelpName = "TIME" });

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command) { command.Options.Add(Version); command.Options.Add(AsOf); }

    /// <summary>True when either option was given.</summary>
    public bool Given(ParseResult p) => p.GetValue(Version) is not null || p.GetValue(AsOf) is not null;

    /// <summary>The state to read from an open catalog.</summary>
    /// <exception cref="ArgumentException">No such graph, or the version or time does not resolve (the message names the option).</exception>
    public GraphState Resolve(GraphCatalog catalog, string name, ParseResult p) => Resolve(catalog, name, p.GetValue(Version), p.GetValue(AsOf));

    /// <summary>The state of <paramref name="name"/> at <paramref name="version"/> / <paramref name="asOf"/> (both optional).</summary>
    /// <exception cref="ArgumentException">No such graph, or the version or time does not resolve (the message names the option).</exception>
    public static GraphState Resolve(GraphCatalog catalog, string name, string? version, string? asOf)
    {
        if (catalog.Get(name) is null) throw new ArgumentException($"--graph: no graph named '{name}' in {catalog.DatabasePath}; list them with 'influencegraph graphs'.");
        if (VersionSpec.TryResolve(catalog, name, version, asOf, out var state, out string? parameter) is { } error)
            throw new ArgumentException((parameter == "asOf" ? "--as-of: " : "--version: ") + error);
        return state!;
    }
}
