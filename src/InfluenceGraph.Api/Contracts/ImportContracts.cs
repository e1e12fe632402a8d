namespace InfluenceGraph.Api.Contracts;

/// <summary>One rejected input row.</summary>
/// <param name="Line">1-based line (or record) number in the body.</param>
/// <param name="Field">Offending field (column name or position), or null for the whole line.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record ImportRejectionDto(long Line, string? Field, string Reason);

/// <summary>The report of one import batch.</summary>
/// <param name="BatchId">Batch id (increasing).</param>
/// <param name="Graph">Graph name.</param>
/// <param name="Kind"><c>edges</c> or <c>accounts</c>.</param>
/// <param name="Source">Source name (the file name of a multipart upload, the <c>source</c> query parameter, or <c>request</c>).</param>
/// <param name="Format">The format used after detection (<c>snap</c>, <c>csv</c>, <c>tsv</c>, <c>json</c>, <c>ndjson</c>, <c>graphml</c>, <c>gml</c>...).</param>
/// <param name="Mode"><c>append</c> or <c>replace</c>.</param>
/// <param name="RowsRead">Data rows read (comments, blank lines and the header excluded).</param>
/// <param name="EdgesAdded">Edges added to the graph.</param>
/// <param name="DuplicatesSkipped">Rows that repeated an edge already present and were skipped.</param>
/// <param name="SelfLoops">Self-loop rows seen.</param>
/// <param name="SelfLoopsKept">Whether self-loops were kept (the graph's policy).</param>
/// <param name="BelowMinWeight">Edge rows dropped because their weight was below <c>minWeight</c>.</param>
/// <param name="EdgeTimes">True when the batch's edges carried times (<c>timeColumn</c>, or a time/timestamp/date column).</param>
/// <param name="AccountsAdded">Accounts new to the graph.</param>
/// <param name="AccountsUpdated">Account-attribute rows applied.</param>
/// <param name="AccountsNotInGraph">Of those, rows for accounts that are not nodes of the graph (their attributes are stored; they join the network only with an edge).</param>
/// <param name="RejectedCount">Rejected rows in all.</param>
/// <param name="Rejections">The first 100 rejected rows.</param>
/// <param name="Applied">True when the batch changed the graph.</param>
/// <param name="VersionAfter">Graph version after the batch.</param>
/// <param name="ElapsedMs">Wall time of the batch in milliseconds.</param>
/// <param name="AccountsJoined">Attribute imports: rows whose account is a node of the graph (joined it); 0 for edge imports.</param>
/// <param name="KeyColumn">Attribute imports: the column read as the account handle (the <c>key</c> parameter, or the default found), null when not applicable.</param>
/// <param name="JoinHint">Attribute imports where no row joined a non-empty graph: which column's values do match accounts and the key= to use; else null.</param>
public sealed record ImportReportDto(
    long BatchId, string Graph, string Kind, string? Source, string Format, string Mode,
    long RowsRead, long EdgesAdded, long DuplicatesSkipped, long SelfLoops, bool SelfLoopsKept, long BelowMinWeight, bool EdgeTimes,
    long AccountsAdded, long AccountsUpdated, long AccountsNotInGraph, long RejectedCount, IReadOnlyList<ImportRejectionDto> Rejections,
    bool Applied, long VersionAfter, double ElapsedMs, long AccountsJoined = 0, string? KeyColumn = null, string? JoinHint = null);
