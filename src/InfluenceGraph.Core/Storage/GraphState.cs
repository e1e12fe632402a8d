using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// One version of a named graph as readers see it: an immutable snapshot plus the account
/// attributes, swapped atomically by each completed import so that no reader sees half a batch.
/// </summary>
/// <param name="Name">Graph name (1-64 characters of <c>[A-Za-z0-9._-]</c>).</param>
/// <param name="Version">Incremented by every completed import (starts at 0 for an empty graph).</param>
/// <param name="Snapshot">The follower network.</param>
/// <param name="Attributes">Account attributes by canonical handle.</param>
/// <param name="CreatedAt">When the graph was created (UTC).</param>
/// <param name="LastImportAt">When the last import completed (UTC), or null.</param>
public sealed record GraphState(
    string Name,
    long Version,
    GraphSnapshot Snapshot,
    IReadOnlyDictionary<string, AccountAttributes> Attributes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastImportAt)
{
    /// <summary>
    /// When set, this state is the network of version <see cref="Version"/> as it stood at this time (seconds since the
    /// Unix epoch, UTC): only the edges with a time at or before it (<see cref="Graph.EdgeTimes.AsOf"/>). Null for a
    /// whole version. Part of every cache key (a computation on it is not the version's).
    /// </summary>
    public long? AsOf { get; init; }

    /// <summary>Attributes of node <paramref name="node"/>, or null when none were imported.</summary>
    /// <remarks>
    /// Allocation-free for handles up to 256 UTF-16 units when <see cref="Attributes"/> is a
    /// <see cref="Dictionary{TKey,TValue}"/> with an ordinal comparer (as the catalog makes it): the stored
    /// UTF-8 handle is decoded on the stack and looked up by span, not turned into a string.
    /// </remarks>
    public AccountAttributes? AttributesOf(int node)
    {
        if (Attributes.Count == 0) return null;
        var utf8 = Snapshot.Accounts.GetUtf8(node);
        if (utf8.Length <= 256 && Attributes is Dictionary<string, AccountAttributes> d
            && d.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            Span<char> chars = stackalloc char[256];
            int n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            return lookup.TryGetValue(chars[..n], out var found) ? found : null;
        }
        return Attributes.TryGetValue(Snapshot.Accounts[node], out var a) ? a : null;
    }
}
