using System.Text;
using InfluenceGraph.Core.Text;

namespace InfluenceGraph.Core.Graph;

/// <summary>How <see cref="AccountLookup.Find"/> matched a typed handle.</summary>
public enum AccountMatch
{
    /// <summary>No account matched: see <see cref="AccountLookupResult.Candidates"/> (ambiguous) or <see cref="AccountLookupResult.NearMatches"/>.</summary>
    None,

    /// <summary>The handle as typed (after trimming and NFC normalisation).</summary>
    Exact,

    /// <summary>The handle without the leading '@' the user typed (<c>@Keir_Starmer</c> → <c>Keir_Starmer</c>).</summary>
    WithoutAt,

    /// <summary>The only handle equal to the typed one ignoring case (after dropping a leading '@').</summary>
    IgnoringCase,
}

/// <summary>The outcome of looking up a typed handle.</summary>
/// <param name="Typed">What the user typed, as given.</param>
/// <param name="Node">The account's node id, or null when none matched (or several did).</param>
/// <param name="Handle">The matched handle as stored, or null.</param>
/// <param name="Match">How it matched.</param>
/// <param name="Candidates">When several handles differ from the typed one only by case: all of them (ordinal order); else empty.</param>
/// <param name="NearMatches">When nothing matched and the match is not ambiguous: up to a handful of handles near the typed one (edit distance, prefix), nearest first.</param>
public sealed record AccountLookupResult(string Typed, int? Node, string? Handle, AccountMatch Match, IReadOnlyList<string> Candidates, IReadOnlyList<string> NearMatches)
{
    /// <summary>True when exactly one account matched.</summary>
    public bool Found => Node is not null;

    /// <summary>True when several handles match ignoring case and none exactly.</summary>
    public bool Ambiguous => Candidates.Count > 1;

    /// <summary>True when the account matched is not the text typed (an '@' dropped, another case): say which handle matched.</summary>
    public bool Corrected => Match is AccountMatch.WithoutAt or AccountMatch.IgnoringCase;

    /// <summary>
    /// One sentence for an error: the ambiguous candidates, or "no account 'x'" with the near matches.
    /// </summary>
    /// <param name="graph">Graph name, for the message.</param>
    public string Describe(string graph)
    {
        if (Ambiguous)
            return $"Graph '{graph}' has no account '{Typed}', and {Candidates.Count} accounts match it ignoring case: {string.Join(", ", Candidates.Select(c => "'" + c + "'"))}; give the exact handle.";
        var sb = new StringBuilder($"Graph '{graph}' has no account '{Typed}'");
        if (NearMatches.Count > 0) sb.Append("; did you mean ").Append(string.Join(", ", NearMatches.Select(c => "'" + c + "'"))).Append('?');
        else sb.Append('.');
        return sb.ToString();
    }
}

/// <summary>
/// Finds an account the way people type handles: exact first, then without a leading '@', then
/// ignoring case when exactly one handle matches; otherwise the candidates (ambiguous) or the near
/// matches. One rule for the API (account detail, followers, followees, audience, paths) and the CLI.
/// </summary>
/// <remarks>
/// Handles are compared after trimming and Unicode NFC normalisation (<see cref="AccountIndex"/>);
/// "ignoring case" is ordinal case-insensitive (<see cref="StringComparer.OrdinalIgnoreCase"/>).
/// A handle that really starts with '@' (imported with <c>--keep-at</c>) is found exactly as typed.
/// The case-insensitive and near-match passes scan every handle: O(n) for a graph of n accounts,
/// taken only when the exact lookup fails. They read the index's stored UTF-8 bytes
/// (<see cref="AccountIndex.GetUtf8"/>) and keep nothing per account: no per-handle structure is built
/// or cached, so the lookup adds no memory to a loaded graph, and a scan allocates strings only for the
/// handles that match or are near candidates.
/// </remarks>
public static class AccountLookup
{
    /// <summary>Most near matches listed by <see cref="Find"/>.</summary>
    public const int MaxNearMatches = 5;

    /// <summary>Looks <paramref name="typed"/> up in <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="typed">What the user typed (may start with '@', any case).</param>
    /// <returns>The match, or the candidates / near matches when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> or <paramref name="typed"/> is null.</exception>
    public static AccountLookupResult Find(GraphSnapshot graph, string typed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(typed);
        string text = typed.Trim();
        if (text.Length == 0) return new(typed, null, null, AccountMatch.None, [], []);
        if (graph.TryGetNode(text, out int node)) return new(typed, node, graph.Accounts[node], AccountMatch.Exact, [], []);
        string bare = text.TrimStart('@').Trim();
        if (bare.Length > 0 && bare.Length < text.Length && graph.TryGetNode(bare, out node))
            return new(typed, node, graph.Accounts[node], AccountMatch.WithoutAt, [], []);
        if (bare.Length == 0) return new(typed, null, null, AccountMatch.None, [], []);
        string normal = bare.Normalize();
        var index = graph.Accounts;
        var same = new List<int>();
        for (int v = 0; v < index.Count; v++)
            if (EqualsIgnoringCase(index.GetUtf8(v), normal)) same.Add(v);
        if (same.Count == 1) return new(typed, same[0], index[same[0]], AccountMatch.IgnoringCase, [], []);
        if (same.Count > 1)
            return new(typed, null, null, AccountMatch.None, same.Select(v => index[v]).Order(StringComparer.Ordinal).ToList(), []);
        return new(typed, null, null, AccountMatch.None, [], Text.NearMatches.Find(normal, NearMatchCandidates(index, normal), MaxNearMatches));
    }

    /// <summary>
    /// <c>string.Equals(handle, typed, OrdinalIgnoreCase)</c> on a stored UTF-8 handle without making a
    /// string: ASCII handles compare byte by byte (ASCII case folding), others are decoded into a
    /// stack buffer when their UTF-16 length can match.
    /// </summary>
    private static bool EqualsIgnoringCase(ReadOnlySpan<byte> handle, string typed)
    {
        if (handle.Length < typed.Length || handle.Length > 3 * typed.Length) return false; // UTF-16 units <= UTF-8 bytes <= 3 x units
        if (Ascii.IsValid(handle))
            return handle.Length == typed.Length && Ascii.EqualsIgnoreCase(handle, typed);
        if (Encoding.UTF8.GetCharCount(handle) != typed.Length) return false;
        char[]? rented = null;
        Span<char> chars = typed.Length <= 256 ? stackalloc char[256] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(typed.Length));
        try
        {
            int n = Encoding.UTF8.GetChars(handle, chars);
            return chars[..n].Equals(typed, StringComparison.OrdinalIgnoreCase);
        }
        finally { if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented); }
    }

    /// <summary>
    /// The handles <see cref="Text.NearMatches.Find"/> would not skip outright for <paramref name="typed"/>:
    /// ASCII handles are screened on their bytes (length within the edit limit, or a case-insensitive prefix
    /// either way) and only those passing become strings; non-ASCII handles are all passed on. The same
    /// suggestions as passing every name, with a string made per candidate only.
    /// </summary>
    private static IEnumerable<string> NearMatchCandidates(AccountIndex index, string typed)
    {
        int limit = Text.NearMatches.EditLimit(typed.Length);
        bool typedAscii = Ascii.IsValid(typed);
        for (int v = 0; v < index.Count; v++)
        {
            if (typedAscii && !Screen(index.GetUtf8(v), typed, limit)) continue;
            yield return index[v];
        }

        static bool Screen(ReadOnlySpan<byte> h, string typed, int limit)
        {
            if (!Ascii.IsValid(h)) return true;
            return Math.Abs(h.Length - typed.Length) <= limit
                || (typed.Length >= 3 && h.Length >= typed.Length && Ascii.EqualsIgnoreCase(h[..typed.Length], typed.AsSpan()))
                || (h.Length >= 3 && h.Length <= typed.Length && Ascii.EqualsIgnoreCase(h, typed.AsSpan(0, h.Length)));
        }
    }
}
