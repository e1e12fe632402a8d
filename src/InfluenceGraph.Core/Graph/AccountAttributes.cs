namespace InfluenceGraph.Core.Graph;

/// <summary>
/// What is known about one account besides its edges (imported by the account-attributes import).
/// Every field is optional: an account may have edges and no attributes, or attributes and no edges.
/// </summary>
public sealed record AccountAttributes
{
    /// <summary>Canonical account handle (see <see cref="AccountIndex.Canonicalize"/>).</summary>
    public required string Account { get; init; }

    /// <summary>Display name, free text.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Activity: posts in the observation window (&gt;= 0), or null when unknown.</summary>
    public long? Posts { get; init; }

    /// <summary>Political posts in the observation window (0..Posts), or null.</summary>
    public long? PoliticalPosts { get; init; }

    /// <summary>Share of political posts in [0, 1], or null (derived from <see cref="PoliticalPosts"/>/<see cref="Posts"/> when only those are given).</summary>
    public double? PoliticalShare { get; init; }

    /// <summary>True for a known party, politician or institutional account; null when unknown.</summary>
    public bool? IsPolitical { get; init; }

    /// <summary>Topics or hashtags the account used (as imported, without the leading '#').</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Language code (e.g. <c>fr</c>, <c>ar</c>), or null.</summary>
    public string? Lang { get; init; }

    /// <summary>Other imported columns, kept as strings.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = NoExtra;

    /// <summary>
    /// The empty extra-column map every record without extra columns shares (read-only: records are immutable, so one
    /// empty map serves all; a map per record cost about 80 B per account).
    /// </summary>
    public static IReadOnlyDictionary<string, string> NoExtra { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
