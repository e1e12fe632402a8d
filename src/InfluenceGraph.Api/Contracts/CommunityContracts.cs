using System.ComponentModel;
using InfluenceGraph.Core.Communities;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts;

/// <summary>How the spheres are found: Leiden's parameters (shared by every communities endpoint).</summary>
public record CommunityAlgorithmParameters
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>Resolution γ.</summary>
    [FromQuery(Name = "resolution"), Description("Resolution γ > 0 (default 1): higher gives more, smaller spheres. With objective=cpm it is a density (e.g. 0.01).")]
    public double? Resolution { get; init; }

    /// <summary>Seed.</summary>
    [FromQuery(Name = "seed"), Description("Seed of Leiden's random choices (default 42); the same seed gives the same spheres.")]
    public long? Seed { get; init; }

    /// <summary>Objective.</summary>
    [FromQuery(Name = "objective"), Description("modularity (default) or cpm (Constant Potts Model).")]
    public string? Objective { get; init; }

    /// <summary>Directed modularity.</summary>
    [FromQuery(Name = "directed"), Description("Directed (Leicht-Newman) modularity instead of the undirected view's (default false; modularity only).")]
    public bool? Directed { get; init; }

    /// <summary>Iteration limit.</summary>
    [FromQuery(Name = "maxIterations"), Description("Leiden iterations at most, >= 1 (default 2, as igraph); it stops earlier once an iteration moves no account or raises the quality by less than the tolerance.")]
    public int? MaxIterations { get; init; }

    /// <summary>Quality gain below which iterating stops.</summary>
    [FromQuery(Name = "tolerance"), Description("Stop once an iteration raises the quality (modularity) by less than this, >= 0 (default 0.001; 0 = until stable).")]
    public double? Tolerance { get; init; }
}

/// <summary>Query of <c>GET /graphs/{graph}/communities</c>.</summary>
public sealed record CommunityListParameters : CommunityAlgorithmParameters
{
    /// <summary>Page size.</summary>
    [FromQuery(Name = "top"), Description("Spheres per page (default 20; JSON at most the server's page limit; CSV: all by default).")]
    public int? Top { get; init; }

    /// <summary>Offset.</summary>
    [FromQuery(Name = "offset"), Description("Spheres to skip (default 0); spheres are ordered by size, largest first (id 0).")]
    public int? Offset { get; init; }

    /// <summary>Format.</summary>
    [FromQuery(Name = "format"), Description("json or csv (default: from the Accept header, else json).")]
    public string? Format { get; init; }
}

/// <summary>Query of <c>GET /graphs/{graph}/communities/{id}</c>.</summary>
public sealed record CommunityDetailParameters : CommunityAlgorithmParameters
{
    /// <summary>Sphere id.</summary>
    [FromRoute(Name = "id"), Description("Sphere id (0 = the largest).")]
    public required int Id { get; init; }
}

/// <summary>Query of <c>GET /graphs/{graph}/communities/membership</c>.</summary>
public sealed record CommunityMembershipParameters : CommunityAlgorithmParameters
{
    /// <summary>Format.</summary>
    [FromQuery(Name = "format"), Description("csv (default: account,community, one row per account, sorted by account) or json.")]
    public string? Format { get; init; }
}

/// <summary>The partition behind the spheres.</summary>
/// <param name="Count">Spheres (isolated accounts are spheres of one).</param>
/// <param name="Modularity">Undirected modularity at γ = 1 on the undirected view (a mutual follow weighs 2, self-loops dropped): igraph's <c>modularity</c> of the same membership.</param>
/// <param name="Quality">The optimised objective (modularity at the given resolution, directed if asked; CPM divided by the tie weight).</param>
/// <param name="Iterations">Leiden iterations run.</param>
/// <param name="Converged">True when the last iteration moved no account.</param>
/// <param name="StoppedBy">Why iterating stopped: stable (no account moved), tolerance (the last gain was below it) or iteration limit.</param>
public sealed record PartitionDto(int Count, double? Modularity, double? Quality, int Iterations, bool Converged, string StoppedBy);

/// <summary>A page of spheres.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Parameters">The parameters used, defaults filled in.</param>
/// <param name="Partition">The partition's figures.</param>
/// <param name="Total">Spheres in all.</param>
/// <param name="Offset">Index of the first item.</param>
/// <param name="Items">The spheres of the page, largest first.</param>
/// <param name="NextOffset">Offset of the next page, or null on the last.</param>
public sealed record SpherePage(string Graph, long Version, IReadOnlyDictionary<string, object> Parameters, PartitionDto Partition,
    int Total, int Offset, IReadOnlyList<SphereProfile> Items, int? NextOffset);

/// <summary>One sphere with the partition it belongs to.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Parameters">The parameters used, defaults filled in.</param>
/// <param name="Partition">The partition's figures.</param>
/// <param name="Sphere">The sphere.</param>
public sealed record SphereDetailDto(string Graph, long Version, IReadOnlyDictionary<string, object> Parameters, PartitionDto Partition, SphereProfile Sphere);

/// <summary>One account's sphere.</summary>
/// <param name="Account">Handle.</param>
/// <param name="Community">Sphere id.</param>
public sealed record MembershipRow(string Account, int Community);

/// <summary>The membership of every account (JSON form of the CSV).</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version.</param>
/// <param name="Parameters">The parameters used.</param>
/// <param name="Partition">The partition's figures.</param>
/// <param name="Items">Every account, sorted by handle.</param>
public sealed record MembershipPage(string Graph, long Version, IReadOnlyDictionary<string, object> Parameters, PartitionDto Partition, IReadOnlyList<MembershipRow> Items);

/// <summary>The sphere of an account (in the account detail and the influencer candidates).</summary>
/// <param name="Id">Sphere id (default parameters: modularity, γ = 1, seed 42).</param>
/// <param name="Label">The sphere's label (its two most characteristic topics, else its top account).</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="PoliticalShare">Share of its accounts marked is_political.</param>
public sealed record AccountSphereDto(int Id, string Label, int Size, double PoliticalShare);
