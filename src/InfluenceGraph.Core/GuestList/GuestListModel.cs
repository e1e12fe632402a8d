using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.GuestList;

/// <summary>What a guest list maximises.</summary>
public enum GuestListObjective
{
    /// <summary>Accounts reached within h hops: the list plus the union of its members' h-hop audiences (exact).</summary>
    Audience,
    /// <summary>Expected number of accounts reached under the Independent Cascade model (estimated with RR sets).</summary>
    Spread,
}

/// <summary>A guest-list question: which <see cref="Size"/> accounts together reach the most people.</summary>
public sealed record GuestListRequest
{
    /// <summary>Accounts on the list, &gt;= 1; default 20.</summary>
    public int Size { get; init; } = 20;

    /// <summary>The objective; default <see cref="GuestListObjective.Audience"/>.</summary>
    public GuestListObjective Objective { get; init; } = GuestListObjective.Audience;

    /// <summary>h of the audience objective, 1..6; default 2. h ≥ 3 chooses with HyperLogLog sketches (<see cref="SketchAudienceOracle"/>).</summary>
    public int Hops { get; init; } = 2;

    /// <summary>Registers per HyperLogLog sketch for h ≥ 3 (a power of 2 in [16, 65536]; relative standard error 0.78/√m with UltraLogLog registers); default 256.</summary>
    public int Registers { get; init; } = 256;

    /// <summary>Every account is eligible (instead of the influencer query's matches); default false.</summary>
    public bool EligibleAll { get; init; }

    /// <summary>The influencer query whose matches are eligible (its <see cref="InfluencerQuery.Top"/> is ignored: every match is eligible).</summary>
    public InfluencerQuery Eligibility { get; init; } = new();

    /// <summary>Accounts that must be on the list (placed first, in this order; duplicates collapse). An ineligible one is kept and flagged.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Accounts that must not be on the list.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Options of the spread objective.</summary>
    public SpreadOptions Spread { get; init; } = new();

    /// <summary>
    /// At most so many picks per sphere (the graph's Leiden communities, as in <c>/communities</c> with default
    /// parameters), the included accounts counted; null = no limit. Audience objective only; &gt;= 1.
    /// </summary>
    public int? MaxPerSphere { get; init; }

    /// <summary>Threads; null = all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>How much of one sphere a guest list reaches.</summary>
/// <param name="Sphere">Sphere id (Leiden community of the graph with default parameters; 0 = largest).</param>
/// <param name="Label">Its label (two most characteristic topics, else its top account), as in <c>/communities</c>.</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="Reached">Accounts of the sphere the list reaches (audience: exact, guests included; spread: expected, on the independent sample).</param>
/// <param name="Share">Reached / Size, in [0, 1].</param>
/// <param name="Picks">Picks of the list that belong to the sphere.</param>
public sealed record SphereCoverage(int Sphere, string Label, int Size, double Reached, double Share, int Picks);

/// <summary>Bad guest-list input: names the request field and, for unknown or conflicting accounts, the accounts.</summary>
/// <param name="field">The request field (<c>size</c>, <c>include</c>, <c>exclude</c>, <c>hops</c>...).</param>
/// <param name="message">What is wrong.</param>
/// <param name="accounts">The accounts concerned, if any.</param>
public sealed class GuestListInputException(string field, string message, IReadOnlyList<string>? accounts = null) : ArgumentException(message, field)
{
    /// <summary>The request field.</summary>
    public string Field { get; } = field;

    /// <summary>The accounts concerned (unknown, listed twice...), or empty.</summary>
    public IReadOnlyList<string> Accounts { get; } = accounts ?? [];
}

/// <summary>One account of the list, explained.</summary>
/// <param name="Rank">Position on the list, 1-based (required accounts first).</param>
/// <param name="Account">Handle.</param>
/// <param name="Required">On the list because it was included.</param>
/// <param name="Eligible">Among the eligible accounts (false only for an ineligible included account).</param>
/// <param name="Gain">Marginal gain: accounts (audience) or expected accounts (spread) it adds to the earlier picks.</param>
/// <param name="Cumulative">Reached by the picks up to this one.</param>
/// <param name="Share">Cumulative / accounts of the graph, in [0, 1].</param>
/// <param name="OverlapsMostWith">The earlier pick sharing the most reached accounts with it, or null for the first pick.</param>
/// <param name="Overlap">Accounts (spread: expected accounts) reached by both.</param>
/// <param name="InfluencerRank">Its rank among the influencer query's matches, or null when it is not one.</param>
/// <param name="Signals">Its influencer signals (rank = <paramref name="InfluencerRank"/> or 0).</param>
/// <param name="Reason">One line built from these numbers.</param>
/// <param name="Sphere">Its sphere id (see <see cref="SphereCoverage"/>), or null when the spheres were not computed (empty graph).</param>
/// <param name="SphereLabel">Its sphere's label, or null.</param>
public sealed record GuestPick(int Rank, string Account, bool Required, bool Eligible, double Gain, double Cumulative, double Share,
    string? OverlapsMostWith, double Overlap, int? InfluencerRank, InfluencerCandidate? Signals, string Reason, int? Sphere = null, string? SphereLabel = null);

/// <summary>The certificate: how close the list is to the best list of its size.</summary>
/// <param name="Value">The list's value (reached accounts; spread: in-sample coverage scaled to accounts).</param>
/// <param name="UpperBound">Upper bound of the best list's value (containing the included accounts).</param>
/// <param name="Ratio">Value / bound (spread: lower bound of the spread / bound), in [0, 1].</param>
/// <param name="Statement">"this list reaches at least X% of what the best possible list of this size reaches".</param>
public sealed record GuestListCertificate(double Value, double UpperBound, double Ratio, string Statement);

/// <summary>The plain top-<c>size</c> influencer list, valued the same way as the guest list.</summary>
/// <param name="Accounts">Its accounts, influencer rank order.</param>
/// <param name="Reached">Accounts reached (audience) or the estimated spread.</param>
/// <param name="Audience">Audience objective: the union of their h-hop audiences (each account excluded from its own only); else null.</param>
/// <param name="Share">Reached / accounts of the graph.</param>
/// <param name="Lower">Spread: lower end of the interval; else null.</param>
/// <param name="Upper">Spread: upper end of the interval; else null.</param>
public sealed record GuestListBaseline(IReadOnlyList<string> Accounts, double Reached, double? Audience, double Share, double? Lower, double? Upper);

/// <summary>The "majority" question: the fewest picks of this list reaching a quarter and half of the graph.</summary>
/// <param name="PicksForQuarter">First list prefix reaching 25% of the accounts, or null when the whole list does not.</param>
/// <param name="PicksForHalf">First list prefix reaching 50%, or null.</param>
public sealed record MajorityAnswer(int? PicksForQuarter, int? PicksForHalf);

/// <summary>How a sketched audience list (h ≥ 3) was chosen.</summary>
/// <param name="Registers">Registers per HyperLogLog sketch.</param>
/// <param name="RelativeStandardError">0.78/√m: the relative standard error of each estimated size (so of the union a gain is measured against).</param>
/// <param name="EstimatedReached">The sketches' estimate of what the list reaches (to compare with the exact <c>Reached</c>).</param>
public sealed record SketchDetails(int Registers, double RelativeStandardError, double EstimatedReached);

/// <summary>How the spread objective was computed.</summary>
/// <param name="Model">weighted-cascade, uniform or edge-weights.</param>
/// <param name="Probability">p of the uniform model, else null.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="Delta">δ.</param>
/// <param name="Seed">Seed.</param>
/// <param name="RrSetsPerSample">θ, sets per sample.</param>
/// <param name="RrSetsTotal">Sets in both samples.</param>
/// <param name="Rounds">OPIM-C rounds.</param>
/// <param name="InSampleEstimate">Spread estimated on the selection sample (optimistic).</param>
/// <param name="Lower">Lower end of the spread's interval (independent sample).</param>
/// <param name="Upper">Upper end.</param>
/// <param name="MemoryBytes">Bytes of the RR samples and index.</param>
/// <param name="Milliseconds">Time of the optimisation.</param>
public sealed record SpreadDetails(string Model, double? Probability, double Epsilon, double Delta, ulong Seed, int RrSetsPerSample, long RrSetsTotal, int Rounds,
    double InSampleEstimate, double Lower, double Upper, long MemoryBytes, double Milliseconds);

/// <summary>A guest list: the picks explained, what the list reaches, the certificate, the plain top influencers for comparison.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Request">The request.</param>
/// <param name="GraphAccounts">n, accounts in the graph (the denominator of every share).</param>
/// <param name="EligibleCount">Accounts the greedy could choose from (eligible, not excluded, not included).</param>
/// <param name="Picks">The list, explained.</param>
/// <param name="Reached">Audience: accounts reached (the list ∪ its h-hop audiences). Spread: expected accounts reached (independent estimate).</param>
/// <param name="Audience">Audience objective: the union of the members' h-hop audiences (a member counts only when another member reaches it); else null.</param>
/// <param name="Share">Reached / accounts.</param>
/// <param name="Certificate">The certificate, or null for an empty list.</param>
/// <param name="Baseline">The plain top-<c>size</c> influencers, or null when the influencer query has no match.</param>
/// <param name="Majority">The 25% / 50% answer.</param>
/// <param name="Spread">Spread objective details, else null.</param>
/// <param name="Evaluations">Marginal gains computed by the lazy greedy.</param>
/// <param name="Milliseconds">Time of the optimisation (without the influencer signals).</param>
/// <param name="Notes">Caveats (empty eligible set, zero-gain picks...).</param>
/// <param name="Flags">Per-account warnings (an included account that is not eligible, and why).</param>
/// <param name="Spheres">How much of each sphere the list reaches, every sphere of the graph by id (empty for an empty list).</param>
/// <param name="Sketch">For h ≥ 3: the sketches the picks were chosen with; else null.</param>
public sealed record GuestListReport(string Graph, long Version, GuestListRequest Request, int GraphAccounts, int EligibleCount,
    IReadOnlyList<GuestPick> Picks, double Reached, double? Audience, double Share, GuestListCertificate? Certificate,
    GuestListBaseline? Baseline, MajorityAnswer Majority, SpreadDetails? Spread, long Evaluations, double Milliseconds,
    IReadOnlyList<string> Notes, IReadOnlyList<string> Flags, IReadOnlyList<SphereCoverage>? Spheres = null, SketchDetails? Sketch = null);
