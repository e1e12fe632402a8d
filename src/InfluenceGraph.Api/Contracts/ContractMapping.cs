using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Api.Contracts;

/// <summary>Maps core types to the API's contracts (the API never exposes core types directly).</summary>
public static class ContractMapping
{
    /// <summary>The report as returned by the API.</summary>
    public static ImportReportDto ToDto(this ImportReport r) => new(
        r.BatchId, r.Graph, r.Kind, r.Source, FormatName(r.Format), r.Mode == ImportMode.Replace ? "replace" : "append",
        r.RowsRead, r.EdgesAdded, r.DuplicatesSkipped, r.SelfLoops, r.SelfLoopsKept, r.BelowMinWeight, r.EdgeTimes, r.AccountsAdded, r.AccountsUpdated, r.AccountsNotInGraph,
        r.RejectedCount, r.Rejections.Select(x => new ImportRejectionDto(x.Line, x.Field, x.Reason)).ToList(),
        r.Applied, r.VersionAfter, r.Elapsed.TotalMilliseconds, r.AccountsJoined, r.KeyColumn, r.JoinHint);

    /// <summary>The attributes as returned by the API.</summary>
    public static AccountAttributesDto ToDto(this AccountAttributes a) => new(
        a.DisplayName, a.Posts, a.PoliticalPosts, Finite(a.PoliticalShare), a.IsPolitical, a.Topics, a.Lang, a.Extra);

    /// <summary>The API spelling of a format (<c>snap</c>, <c>graphml</c>, <c>snap-ego</c>...).</summary>
    public static string FormatName(ImportFormat f) => f switch
    {
        ImportFormat.SnapEgo => "snap-ego",
        _ => f.ToString().ToLowerInvariant(),
    };

    /// <summary>Null for NaN and infinities (JSON has no token for them; the API says "undefined" with null).</summary>
    public static double? Finite(double? x) => x is double d && double.IsFinite(d) ? d : null;
}
