using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>Query of <c>GET /graphs/{graph}/accounts/{account}/followers</c> and <c>/followees</c>.</summary>
public sealed record NeighbourQuery
{
    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "limit"), Description("Rows in the page: 1..MaxPageSize (default 10000); JSON default 100, CSV default every row from the offset on.")]
    public int? Limit { get; init; }

    /// <summary>0-based offset.</summary>
    [FromQuery(Name = "offset"), Description("0-based position of the first row (default 0). Give offset or cursor, not both.")]
    public int? Offset { get; init; }

    /// <summary>Opaque cursor.</summary>
    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page; valid while the graph version is unchanged (409 cursor-stale after an import).")]
    public string? Cursor { get; init; }

    /// <summary>json or csv.</summary>
    [FromQuery(Name = "format"), Description("json (default) or csv ('Accept: text/csv' also selects CSV). CSV header: account,followers; UTF-8 without BOM, RFC 4180 quoting.")]
    public string? Format { get; init; }
}

/// <summary>One follower or followee.</summary>
/// <param name="Account">The other account's handle.</param>
/// <param name="Followers">Its followers count (in-degree).</param>
public sealed record NeighbourRow(string Account, int Followers);

/// <summary>A page of an account's followers or followees, most-followed first, then by handle.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Account">Canonical handle of the account.</param>
/// <param name="Direction"><c>followers</c> (accounts that follow it: its direct audience) or <c>followees</c> (accounts it follows).</param>
/// <param name="Total">Distinct accounts in the list.</param>
/// <param name="Offset">0-based position of the first row.</param>
/// <param name="Items">The rows of this page.</param>
/// <param name="NextCursor">Opaque cursor of the next page, or null on the last page.</param>
public sealed record NeighbourPage(string Graph, long Version, string Account, string Direction, int Total, int Offset,
    IReadOnlyList<NeighbourRow> Items, string? NextCursor);

/// <summary>One hop of an audience curve.</summary>
/// <param name="Hop">Hop k, 1-based (1 = followers).</param>
/// <param name="New">Accounts first reached at this hop.</param>
/// <param name="Cumulative">Accounts reached within k hops (the account itself excluded).</param>
/// <param name="Share">Cumulative over the graph's accounts, in [0, 1).</param>
public sealed record AudienceHop(int Hop, int New, int Cumulative, double Share);

/// <summary>The h-hop audience of one account: every account that sees its posts within h hops.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Account">Canonical handle.</param>
/// <param name="Hops">Hops h.</param>
/// <param name="GraphAccounts">Accounts in the graph (the denominator of the shares).</param>
/// <param name="Audience">Accounts reached within h hops, the account itself excluded (exact).</param>
/// <param name="Share">Audience over the graph's accounts.</param>
/// <param name="Complete">True when more hops would reach nobody new (the audience at any distance).</param>
/// <param name="CompleteReason">Why <c>complete</c> is true or false, in words (false: the accounts of the last hop still have followers outside the audience, so more hops reach more).</param>
/// <param name="Curve">New and cumulative accounts per hop.</param>
public sealed record AudienceResponse(string Graph, long Version, string Account, int Hops, int GraphAccounts, int Audience, double Share,
    bool Complete, string CompleteReason, IReadOnlyList<AudienceHop> Curve);

/// <summary>Body of <c>POST /graphs/{graph}/audience</c>.</summary>
public sealed record AudienceSetRequest
{
    /// <summary>Account handles (1..1000; duplicates collapse).</summary>
    [Description("Account handles, 1..1000; duplicates (after trimming and Unicode NFC normalisation) collapse.")]
    public IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>Hops h, 1..6 (default 2).</summary>
    [Description("Hops h, 1..6 (default 2): 1 = followers, 2 = followers and their followers.")]
    public int? Hops { get; init; }
}

/// <summary>One member of a set and its audience.</summary>
/// <param name="Account">Canonical handle.</param>
/// <param name="Audience">Its own h-hop audience size.</param>
/// <param name="Share">Audience over the graph's accounts.</param>
/// <param name="Unique">Accounts it reaches that no other member reaches.</param>
/// <param name="UniqueShareOfAudience">Unique over its audience, in [0, 1]; null when its audience is empty.</param>
public sealed record AudienceMemberDto(string Account, int Audience, double Share, int Unique, double? UniqueShareOfAudience);

/// <summary>The pairwise overlap of the members' audiences, as matrices aligned with <c>Accounts</c>.</summary>
/// <param name="Accounts">Row and column order.</param>
/// <param name="Intersection">|A_i ∩ A_j| (the diagonal is each audience size).</param>
/// <param name="Jaccard">|A_i ∩ A_j| / |A_i ∪ A_j|; null when both audiences are empty.</param>
/// <param name="Overlap">Overlap coefficient |A_i ∩ A_j| / min(|A_i|, |A_j|); null when either is empty.</param>
public sealed record AudienceOverlapDto(IReadOnlyList<string> Accounts, IReadOnlyList<IReadOnlyList<int>> Intersection,
    IReadOnlyList<IReadOnlyList<double?>> Jaccard, IReadOnlyList<IReadOnlyList<double?>> Overlap);

/// <summary>The audience of a set of accounts.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Hops">Hops h.</param>
/// <param name="GraphAccounts">Accounts in the graph (the denominator of the shares).</param>
/// <param name="Union">Accounts reached by at least one member within h hops (a member counts when another member reaches it).</param>
/// <param name="UnionShare">Union over the graph's accounts.</param>
/// <param name="UnionWithMembers">Union plus the members no other member reaches (the "accounts covered" count that includes the members themselves).</param>
/// <param name="SumOfAudiences">Sum of the members' own audiences: what adding them up one by one would claim.</param>
/// <param name="Members">Each distinct member, in the order given.</param>
/// <param name="Overlap">The pairwise overlap matrices; null when the set has more than 100 members.</param>
/// <param name="Notes">Duplicates collapsed, overlap skipped, and similar remarks.</param>
public sealed record AudienceSetResponse(string Graph, long Version, int Hops, int GraphAccounts, int Union, double UnionShare, int UnionWithMembers,
    long SumOfAudiences, IReadOnlyList<AudienceMemberDto> Members, AudienceOverlapDto? Overlap, IReadOnlyList<string> Notes);

/// <summary>How one account's posts reach another: the shortest follower chains.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="From">Canonical handle of A (whose posts travel).</param>
/// <param name="To">Canonical handle of B.</param>
/// <param name="SeesPosts">True when B sees A's posts through some chain of follows.</param>
/// <param name="Hops">Length of the shortest chains (1 = B follows A); null when B does not see A's posts.</param>
/// <param name="PathCount">Number of distinct shortest chains (saturates at 2^63-1).</param>
/// <param name="Paths">Up to <c>limit</c> shortest chains, each [A, ..., B] where every account follows the one before it.</param>
/// <param name="Truncated">True when there are more shortest chains than listed.</param>
/// <param name="Reason">Why B does not see A's posts; null when it does.</param>
public sealed record PathResponse(string Graph, long Version, string From, string To, bool SeesPosts, int? Hops, long PathCount,
    IReadOnlyList<IReadOnlyList<string>> Paths, bool Truncated, string? Reason);
