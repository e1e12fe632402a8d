using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// An account named on the command line, found as the API finds it (<see cref="AccountLookup"/>):
/// exact, without a leading '@', or the only handle equal ignoring case.
/// </summary>
internal static class AccountArgument
{
    /// <summary>
    /// The node of <paramref name="typed"/> in <paramref name="state"/>. When the handle matched is not
    /// the text typed, one line <c>note: 'keir_starmer' matched account 'Keir_Starmer'</c> goes to
    /// <paramref name="notes"/> (standard error), so the output stays what was asked.
    /// </summary>
    /// <param name="state">The graph.</param>
    /// <param name="typed">The handle as typed.</param>
    /// <param name="notes">Where the note goes.</param>
    /// <param name="what">What the account is, for the message (e.g. <c>FROM</c>), or null.</param>
    /// <exception cref="ArgumentException">No single account matched: the message lists the candidates (several differ only by case) or the near matches.</exception>
    public static int Resolve(GraphState state, string typed, TextWriter notes, string? what = null)
    {
        var r = AccountLookup.Find(state.Snapshot, typed);
        if (r.Node is not int node)
            throw new ArgumentException(r.Describe(state.Name) + (what is null ? "" : $" ({what})"));
        if (r.Corrected) notes.WriteLine($"note: '{typed}' matched account '{r.Handle}'.");
        return node;
    }
}
