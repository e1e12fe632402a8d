using System.ComponentModel;

namespace InfluenceGraph.Api.Contracts;

/// <summary>The body of <c>POST /graphs/{graph}/guest-lists</c> (every field optional; unknown fields are a 400 naming them).</summary>
public sealed record GuestListRequestDto
{
    /// <summary>Accounts on the list, &gt;= 1; default 20.</summary>
    [Description("Accounts on the list, >= 1 and at most the eligible accounts plus the included ones; default 20.")]
    public int? Size { get; init; }

    /// <summary><c>audience</c> (default) or <c>spread</c>.</summary>
    [Description("audience (default): accounts reached within 'hops' hops, exact; spread: expected accounts reached under the Independent Cascade model, estimated with reverse-reachable sets (OPIM-C).")]
    public string? Objective { get; init; }

    /// <summary>h of the audience objective: 1..6 (default 2).</summary>
    [Description("Hops of the audience objective, 1..6: 1 (followers), 2 (followers and their followers, the default) exact; 3..6 chosen with HyperLogLog sketches (see registers), the chosen list's reach still exact. Only with objective=audience.")]
    public int? Hops { get; init; }

    /// <summary>Registers per HyperLogLog sketch (hops &gt;= 3).</summary>
    [Description("Registers per sketch (UltraLogLog, one byte each) when hops >= 3: a power of 2 in 16..65536 (default 256); each estimated size is within about 0.78/sqrt(registers) (4.9% at 256), one standard error.")]
    public int? Registers { get; init; }

    /// <summary><c>influencers</c> (default: the influencer query's matches) or <c>all</c>.</summary>
    [Description("Who may be picked: influencers (default; the matches of GET /graphs/{graph}/influencers with the parameters in 'influencers') or all (every account).")]
    public string? Eligible { get; init; }

    /// <summary>Accounts that must be on the list.</summary>
    [Description("Accounts that must be on the list, placed first in this order. An account the influencer query does not select is still included, and flagged.")]
    public IReadOnlyList<string>? Include { get; init; }

    /// <summary>Accounts that must not be on the list.</summary>
    [Description("Accounts that must not be on the list.")]
    public IReadOnlyList<string>? Exclude { get; init; }

    /// <summary>The influencer query deciding eligibility (same names and defaults as the /influencers query parameters).</summary>
    [Description("The influencer query deciding eligibility, with the names and defaults of the GET /graphs/{graph}/influencers query parameters: minInfluencePercentile, minActivityPercentile, minPosts, requireKnownActivity, allowUnknownEngagement, maxPoliticalEngagement, contentWeight, exposureWeight, proximityWeight, metrics, alpha, samples, exactBetweennessMaxAccounts, seed. Not allowed with eligible=all.")]
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Influencers { get; init; }

    /// <summary>At most so many picks per sphere (objective=audience).</summary>
    [Description("At most this many picks per sphere (the graph's Leiden communities, GET /graphs/{graph}/communities with default parameters), the included accounts counted; >= 1; objective=audience only. Spreads the list across spheres; the certificate then bounds the best list under the same limit.")]
    public int? MaxPerSphere { get; init; }

    /// <summary>Options of the spread objective.</summary>
    [Description("Options of objective=spread: model (weighted-cascade: a follower passes a post on with probability 1/its followees count, the default; uniform; edge-weights: the edge weight is the probability), probability (p of the uniform model, default 0.1), epsilon (default 0.1), delta (failure probability, default 1/n), seed (default 1).")]
    public SpreadOptionsDto? Spread { get; init; }
}

/// <summary>Options of the spread objective.</summary>
public sealed record SpreadOptionsDto
{
    /// <summary><c>weighted-cascade</c> (default), <c>uniform</c> or <c>edge-weights</c>.</summary>
    [Description("weighted-cascade (default), uniform or edge-weights.")]
    public string? Model { get; init; }
    /// <summary>p of the uniform model.</summary>
    [Description("p of the uniform model, in [0, 1]; default 0.1.")]
    public double? Probability { get; init; }
    /// <summary>ε.</summary>
    [Description("epsilon in (0, 1): the list is certified within (1 - 1/e - epsilon) of the optimum; default 0.1.")]
    public double? Epsilon { get; init; }
    /// <summary>δ.</summary>
    [Description("Failure probability delta in (0, 1) of the certificate and the interval; default 1/n.")]
    public double? Delta { get; init; }
    /// <summary>Seed.</summary>
    [Description("Seed of the random samples: the same seed gives the same list; default 1.")]
    public long? Seed { get; init; }
}

/// <summary>One account of the guest list.</summary>
/// <param name="Rank">Position on the list (1-based; included accounts first).</param>
/// <param name="Account">Handle.</param>
/// <param name="Included">On the list because the request included it.</param>
/// <param name="Eligible">Among the eligible accounts.</param>
/// <param name="Gain">Accounts (spread: expected accounts) it adds to the earlier picks.</param>
/// <param name="Cumulative">Reached by the list up to this pick.</param>
/// <param name="Share">Cumulative as a share of the graph's accounts, in [0, 1].</param>
/// <param name="OverlapsMostWith">The earlier pick it shares the most reached accounts with, or null.</param>
/// <param name="Overlap">How many (spread: expected) accounts they share.</param>
/// <param name="InfluencerRank">Rank among the influencer query's matches, or null.</param>
/// <param name="Reason">One line built from these numbers and its influencer signals.</param>
/// <param name="Signals">Its influencer signals (as in GET /influencers).</param>
/// <param name="Sphere">Its sphere id (GET /graphs/{graph}/communities/{id}), or null.</param>
/// <param name="SphereLabel">Its sphere's label, or null.</param>
public sealed record GuestPickDto(int Rank, string Account, bool Included, bool Eligible, double Gain, double Cumulative, double Share,
    string? OverlapsMostWith, double Overlap, int? InfluencerRank, string Reason, InfluencerDto? Signals, int? Sphere, string? SphereLabel);

/// <summary>How much of one sphere the guest list reaches.</summary>
/// <param name="Sphere">Sphere id (0 = largest), as in GET /graphs/{graph}/communities.</param>
/// <param name="Label">Its label: two most characteristic topics, else its top account.</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="Reached">Accounts of the sphere reached by the list (audience: exact, guests included; spread: expected).</param>
/// <param name="Share">Reached / Size, in [0, 1].</param>
/// <param name="Picks">Picks that belong to the sphere.</param>
public sealed record SphereCoverageDto(int Sphere, string Label, int Size, double Reached, double Share, int Picks);

/// <summary>The certificate.</summary>
/// <param name="Value">The list's value used by the certificate (audience: reached accounts; spread: lower end of the spread's interval).</param>
/// <param name="UpperBound">Upper bound of what the best list of this size (with the included accounts) reaches.</param>
/// <param name="Ratio">Value / UpperBound in [0, 1].</param>
/// <param name="Statement">The sentence: "this list reaches at least X% of what the best possible list of this size reaches".</param>
public sealed record GuestListCertificateDto(double Value, double UpperBound, double Ratio, string Statement);

/// <summary>The plain top-size influencer list, valued the same way.</summary>
/// <param name="Accounts">Its accounts in influencer rank order.</param>
/// <param name="Reached">Accounts reached (spread: estimated).</param>
/// <param name="Audience">Audience objective: union of the h-hop audiences (members not counted in their own).</param>
/// <param name="Share">Reached as a share of the graph.</param>
/// <param name="Lower">Spread: lower end of the interval.</param>
/// <param name="Upper">Spread: upper end of the interval.</param>
/// <param name="GuestListGain">Guest list's reached minus this list's.</param>
public sealed record GuestListBaselineDto(IReadOnlyList<string> Accounts, double Reached, double? Audience, double Share, double? Lower, double? Upper, double GuestListGain);

/// <summary>How many picks reach a quarter and a majority of the graph.</summary>
/// <param name="PicksForQuarter">Fewest first picks reaching at least 25% of the accounts, or null.</param>
/// <param name="PicksForMajority">Fewest first picks reaching more than 50%, or null.</param>
public sealed record MajorityDto(int? PicksForQuarter, int? PicksForMajority);

/// <summary>How a list with hops &gt;= 3 was chosen.</summary>
/// <param name="Registers">Registers per HyperLogLog sketch.</param>
/// <param name="RelativeStandardError">0.78/sqrt(registers): one standard error of each estimated size.</param>
/// <param name="EstimatedReached">What the sketches estimate the list reaches (the exact figure is <c>reached</c>).</param>
public sealed record SketchDetailsDto(int Registers, double RelativeStandardError, double EstimatedReached);

/// <summary>How the spread was computed.</summary>
/// <param name="Model">weighted-cascade, uniform or edge-weights.</param>
/// <param name="Probability">p of the uniform model.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="Delta">δ.</param>
/// <param name="Seed">Seed.</param>
/// <param name="RrSetsPerSample">RR sets in each of the two samples.</param>
/// <param name="RrSetsTotal">RR sets generated.</param>
/// <param name="Rounds">OPIM-C rounds.</param>
/// <param name="InSampleEstimate">Spread on the selection sample (optimistic).</param>
/// <param name="Lower">Lower end of the spread's interval (independent sample).</param>
/// <param name="Upper">Upper end.</param>
/// <param name="MemoryBytes">Bytes of the RR samples.</param>
public sealed record SpreadDetailsDto(string Model, double? Probability, double Epsilon, double Delta, ulong Seed, int RrSetsPerSample, long RrSetsTotal, int Rounds,
    double InSampleEstimate, double Lower, double Upper, long MemoryBytes);

/// <summary>A guest list.</summary>
/// <param name="Id">Result id: GET /graphs/{graph}/guest-lists/{id} returns it again (JSON or CSV).</param>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Question">The question answered, in words.</param>
/// <param name="Objective">audience or spread.</param>
/// <param name="Hops">h (audience objective), else null.</param>
/// <param name="Size">Requested size.</param>
/// <param name="Eligible">influencers or all.</param>
/// <param name="GraphAccounts">Accounts in the graph (the denominator of every share).</param>
/// <param name="EligibleCount">Accounts the greedy could choose from.</param>
/// <param name="Reached">Accounts reached by the list, the guests included (spread: expected, on the independent sample).</param>
/// <param name="Audience">Audience objective: union of the members' h-hop audiences (a guest counts only when another guest reaches it).</param>
/// <param name="Share">Reached / accounts.</param>
/// <param name="Certificate">The certificate, or null for an empty list.</param>
/// <param name="Baseline">The plain top-size influencers, valued the same way, or null.</param>
/// <param name="Majority">How many picks reach 25% / a majority.</param>
/// <param name="Spread">Spread details, or null.</param>
/// <param name="Evaluations">Marginal gains computed by the lazy greedy.</param>
/// <param name="ElapsedMs">Optimisation time.</param>
/// <param name="Picks">The list, each pick explained.</param>
/// <param name="Notes">Caveats.</param>
/// <param name="Flags">Warnings about individual accounts (an included account that is not eligible).</param>
/// <param name="MaxPerSphere">The per-sphere limit asked, or null.</param>
/// <param name="Spheres">How much of each sphere the list reaches (every sphere, by id).</param>
/// <param name="Sketch">hops &gt;= 3: the HyperLogLog sketches the picks were chosen with; else null.</param>
public sealed record GuestListDto(string Id, string Graph, long Version, string Question, string Objective, int? Hops, int Size, string Eligible,
    int GraphAccounts, int EligibleCount, double Reached, double? Audience, double Share, GuestListCertificateDto? Certificate, GuestListBaselineDto? Baseline,
    MajorityDto Majority, SpreadDetailsDto? Spread, long Evaluations, double ElapsedMs, IReadOnlyList<GuestPickDto> Picks,
    IReadOnlyList<string> Notes, IReadOnlyList<string> Flags, int? MaxPerSphere, IReadOnlyList<SphereCoverageDto> Spheres, SketchDetailsDto? Sketch);
