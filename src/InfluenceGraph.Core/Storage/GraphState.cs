using System.Runtime.CompilerServices;
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

    /// <summary>
    /// How many imported attributes mark an account political (<see cref="AccountAttributes.IsPolitical"/> = true), whether
    /// or not the account is in <see cref="Snapshot"/> (an attribute of an account outside the graph only makes a memory
    /// estimate err towards refusing). Counted once per attribute set — one scan of every attribute — and kept beside that
    /// set (<see cref="Attributes"/>, by reference, held weakly), so a request pays one lookup; every import that changes
    /// attributes publishes a new set, which is counted afresh on first use. Thread-safe.
    /// </summary>
    public int PoliticalAttributeCount =>
        PoliticalByAttributes.GetValue(Attributes, static a => new StrongBox<int>(a.Values.Count(x => x.IsPolitical == true))).Value;

    /// <summary>Whether any imported attribute marks an account political (<see cref="PoliticalAttributeCount"/> &gt; 0; same cache).</summary>
    public bool HasPoliticalAccount => PoliticalAttributeCount > 0;

    // Keyed by the attribute set's reference (not a field of the record: a field would take part in the record's equality
    // and be copied by `with` into a state whose attributes differ).
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, AccountAttributes>, StrongBox<int>> PoliticalByAttributes = new();

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
