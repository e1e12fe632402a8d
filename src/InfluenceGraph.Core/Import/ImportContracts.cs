namespace InfluenceGraph.Core.Import;

/// <summary>Input formats of the import pipeline.</summary>
public enum ImportFormat
{
    /// <summary>Detect from the content type, the file extension, then the first bytes.</summary>
    Auto,
    /// <summary>SNAP-style edge list: white-space separated, <c>#</c>/<c>%</c> comments.</summary>
    Snap,
    /// <summary>Comma separated, RFC 4180 quoting, header optional.</summary>
    Csv,
    /// <summary>Tab separated, header optional.</summary>
    Tsv,
    /// <summary>JSON array of objects or pairs, <c>{"edges": [...]}</c>, or NetworkX node-link.</summary>
    Json,
    /// <summary>One JSON object or pair per line.</summary>
    Ndjson,
    /// <summary>GraphML (Gephi, NetworkX, igraph).</summary>
    GraphMl,
    /// <summary>GML (NetworkX, igraph).</summary>
    Gml,
    /// <summary>SNAP ego-network features (<c>NODE.feat</c> + <c>NODE.featnames</c>): accounts only.</summary>
    SnapEgo,
}

/// <summary>Append a batch to a graph, or replace the graph with it.</summary>
public enum ImportMode
{
    /// <summary>Add the batch's edges/accounts to the current graph.</summary>
    Append,
    /// <summary>The graph becomes exactly the batch.</summary>
    Replace,
}

/// <summary>What to do with a batch that has rejected lines.</summary>
public enum OnErrorPolicy
{
    /// <summary>Apply nothing from the batch (default).</summary>
    Fail,
    /// <summary>Apply the good rows, report the rejected ones.</summary>
    Skip,
}

/// <summary>Options of an edge import.</summary>
public sealed record EdgeImportOptions
{
    /// <summary>Input format; default <see cref="ImportFormat.Auto"/>.</summary>
    public ImportFormat Format { get; init; } = ImportFormat.Auto;
    /// <summary>Rows are <c>followee follower</c> (or <c>author engager</c>): flip each edge.</summary>
    public bool Reverse { get; init; }
    /// <summary>Append (default) or replace.</summary>
    public ImportMode Mode { get; init; } = ImportMode.Append;
    /// <summary>Fail (default) or skip rejected rows.</summary>
    public OnErrorPolicy OnError { get; init; } = OnErrorPolicy.Fail;
    /// <summary>Strip one leading <c>@</c> from handles; default true.</summary>
    public bool StripAt { get; init; } = true;
    /// <summary>Name of the source for reports and error messages (file name); null = "input".</summary>
    public string? SourceName { get; init; }
    /// <summary>HTTP content type of the body, used by format detection; null when unknown.</summary>
    public string? ContentType { get; init; }
    /// <summary>
    /// Which column holds the edge weight. Null (default) = automatic: a header column named
    /// <c>weight</c> (or <c>w</c>), the <c>'weight'</c> key of a NetworkX data column, a JSON
    /// <c>weight</c> property, a GraphML/GML <c>weight</c> attribute, and in headerless delimited files
    /// the third column. <c>"none"</c> ignores weights (every edge weighs 1). Otherwise a column name
    /// (case-insensitive) or a 1-based column position.
    /// </summary>
    public string? WeightColumn { get; init; }
    /// <summary>
    /// Which column holds the time each edge came into being (seconds since the Unix epoch, or an ISO 8601 date
    /// or date-time, UTC unless an offset is given). Null (default) = automatic: a header column (or JSON property)
    /// named <c>time</c>, <c>timestamp</c> or <c>date</c>; a headerless file has none. <c>"none"</c> ignores any time
    /// column. Otherwise a column name (case-insensitive) or a 1-based column position (e.g. 4 for the headerless
    /// <c>SOURCE,TARGET,RATING,TIME</c> rating files). A value that is not a time rejects its row (line, field). A
    /// pair imported again with another time keeps its earliest time (see <see cref="Graph.EdgeTimes"/>).
    /// </summary>
    public string? TimeColumn { get; init; }
    /// <summary>
    /// Keep only rows whose weight is at least this (e.g. 1 for the positive ratings of a -10..10 rating file):
    /// rows below it are dropped, not rejected, and counted in <see cref="ImportReport.BelowMinWeight"/>; an account
    /// seen only in dropped rows is not added. A row without a weight counts as weight 1. Null (default) = keep every
    /// row (a negative weight is then a rejected row). Needs the weight column (not <c>"none"</c>).
    /// </summary>
    public double? MinWeight { get; init; }
    /// <summary>
    /// The input is undirected (e.g. SNAP facebook_combined): each row adds both directions.
    /// Default false. Applied after <see cref="Reverse"/> (which then changes nothing).
    /// </summary>
    public bool Undirected { get; init; }
    /// <summary>
    /// Graph formats (GML, GraphML, node-link JSON): which node attribute is the account handle.
    /// Null or <c>"id"</c> (default) = the node id, as igraph/Gephi files and the oracle's polblogs
    /// use; <c>"label"</c> for files written by NetworkX <c>write_gml</c> (ids 0..n-1, names in
    /// <c>label</c>, as its <c>read_gml</c> reads them); any other attribute name likewise (e.g.
    /// igraph's <c>name</c>). A node without that attribute keeps its id; the id is kept as an
    /// attribute <c>id</c>. Edges refer to node ids and are mapped accordingly.
    /// </summary>
    public string? NodeName { get; init; }
    /// <summary>
    /// Decompression budget: the most bytes gzip content (recognised by its magic bytes, e.g. a
    /// <c>.gz</c> file) may expand to; past it the batch fails with <see cref="DecodedSizeLimitException"/>
    /// and nothing is applied. Null (default) = <see cref="CheckedDecoders.DefaultMaxDecompressedBytes"/>
    /// (half the memory available to the process).
    /// </summary>
    public long? MaxDecompressedBytes { get; init; }

    /// <summary>
    /// Longest accepted account handle, in UTF-16 code units after trimming; a longer one rejects
    /// its row (line, field). Default <see cref="Graph.AccountIndex.DefaultMaxHandleLength"/> (1,024);
    /// must be &gt;= 1. Independently, a physical line of a SNAP/CSV/TSV file longer than
    /// <see cref="ImportLimits.MaxLineLength"/> fails the batch before it is held in memory.
    /// </summary>
    public int MaxHandleLength { get; init; } = Graph.AccountIndex.DefaultMaxHandleLength;
}

/// <summary>Options of an account-attributes import.</summary>
public sealed record AccountImportOptions
{
    /// <summary>Input format; default <see cref="ImportFormat.Auto"/>.</summary>
    public ImportFormat Format { get; init; } = ImportFormat.Auto;
    /// <summary>Append (merge into existing attributes, default) or replace all attributes.</summary>
    public ImportMode Mode { get; init; } = ImportMode.Append;
    /// <summary>Fail (default) or skip rejected rows.</summary>
    public OnErrorPolicy OnError { get; init; } = OnErrorPolicy.Fail;
    /// <summary>Strip one leading <c>@</c> from handles; default true.</summary>
    public bool StripAt { get; init; } = true;
    /// <summary>Name of the source for reports and error messages; null = "input".</summary>
    public string? SourceName { get; init; }
    /// <summary>HTTP content type of the body; null when unknown.</summary>
    public string? ContentType { get; init; }
    /// <summary>
    /// Feature names of a <see cref="ImportFormat.SnapEgo"/> import, indexed by feature position
    /// (the <c>NODE.featnames</c> file, read with <see cref="SnapEgoFeatures.ReadFeatureNames"/>).
    /// Required for that format, ignored otherwise.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }
    /// <summary>
    /// Add accounts that are not yet nodes of the graph as isolated nodes (default false: their
    /// attributes are stored, the network is unchanged, so scores keep agreeing with the edge file).
    /// </summary>
    public bool AddMissingAccounts { get; init; }
    /// <summary>
    /// The join column: the column (CSV/TSV/SNAP header) or property (JSON) whose values are the
    /// account handles, compared as column names are (case-insensitive; space and '-' read as '_').
    /// Null (default) = the first present of <c>account, handle, screen_name, username, user, user_id,
    /// node, node_id, id</c>. Graph formats take it as <see cref="NodeName"/>. A header without it
    /// fails the batch naming the columns; a JSON object without it is a rejected row.
    /// </summary>
    public string? Key { get; init; }
    /// <summary>
    /// Graph formats (GML, GraphML, node-link JSON): which node attribute is the account handle.
    /// Null or <c>"id"</c> (default) = the node id, as igraph/Gephi files and the oracle's polblogs
    /// use; <c>"label"</c> for files written by NetworkX <c>write_gml</c> (ids 0..n-1, names in
    /// <c>label</c>, as its <c>read_gml</c> reads them); any other attribute name likewise (e.g.
    /// igraph's <c>name</c>). A node without that attribute keeps its id; the id is kept as an
    /// attribute <c>id</c>. Edges refer to node ids and are mapped accordingly.
    /// </summary>
    public string? NodeName { get; init; }
    /// <summary>
    /// Decompression budget: the most bytes gzip content (recognised by its magic bytes, e.g. a
    /// <c>.gz</c> file) may expand to; past it the batch fails with <see cref="DecodedSizeLimitException"/>
    /// and nothing is applied. Null (default) = <see cref="CheckedDecoders.DefaultMaxDecompressedBytes"/>
    /// (half the memory available to the process).
    /// </summary>
    public long? MaxDecompressedBytes { get; init; }

    /// <summary>
    /// Longest accepted account handle, in UTF-16 code units after trimming; a longer one rejects
    /// its row (line, field). Default <see cref="Graph.AccountIndex.DefaultMaxHandleLength"/> (1,024);
    /// must be &gt;= 1. Independently, a physical line of a SNAP/CSV/TSV file longer than
    /// <see cref="ImportLimits.MaxLineLength"/> fails the batch before it is held in memory.
    /// </summary>
    public int MaxHandleLength { get; init; } = Graph.AccountIndex.DefaultMaxHandleLength;
}

/// <summary>Fixed limits of the import pipeline that bound memory whatever the input.</summary>
public static class ImportLimits
{
    /// <summary>
    /// Longest physical line of a SNAP, CSV or TSV input, in characters (1,048,576). A longer line
    /// fails the batch with an <see cref="ImportFormatException"/> naming it, before it is held in
    /// memory: a 200-million-character "handle" from a few hundred KB of gzip cannot exhaust memory.
    /// </summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>
    /// Threads that parse a plain UTF-8 SNAP edge list once its first data row has fixed a follower-followee layout
    /// without a time column: the processor count, at most 4 (1 = the calling thread alone). The result is the same
    /// for any count (accounts get their ids in order of first appearance in the file either way); the calling thread
    /// reads the input and merges the parsed ranges in file order. Memory: up to count + 1 ranges of 16 MiB in flight,
    /// each with its rows (8 B per row) and a range-local account index.
    /// </summary>
    public static int ParseWorkers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Longest single JSON token (a string or number), in bytes (1 MiB); longer fails the batch.</summary>
    public const int MaxJsonTokenBytes = 1 << 20;

    /// <summary>
    /// Longest single value of the other formats, in characters (1,048,576): a GML string, key or
    /// number; a GraphML stretch between two markup characters (<c>&lt;</c>, <c>&gt;</c>: any attribute
    /// value or text); a CSV/TSV record, counted across line breaks inside quotes. Longer fails the
    /// batch before the value is held in memory.
    /// </summary>
    public const int MaxValueLength = 1 << 20;
}

/// <summary>One rejected input line.</summary>
/// <param name="Line">1-based line (or record) number in the source.</param>
/// <param name="Field">Offending field (column name or position), or null for the whole line.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record ImportRejection(long Line, string? Field, string Reason);

/// <summary>Progress of an import: rows read so far and bytes consumed (when the length is known).</summary>
public readonly record struct ImportProgress(long RowsRead, long BytesRead, long? TotalBytes);

/// <summary>The report of one import batch.</summary>
public sealed record ImportReport
{
    /// <summary>Batch id (store-assigned, increasing).</summary>
    public long BatchId { get; init; }
    /// <summary>Graph name.</summary>
    public required string Graph { get; init; }
    /// <summary><c>edges</c> or <c>accounts</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>Source name (file name or "request").</summary>
    public string? Source { get; init; }
    /// <summary>The format used after detection.</summary>
    public ImportFormat Format { get; init; }
    /// <summary>Append or replace.</summary>
    public ImportMode Mode { get; init; }
    /// <summary>Data rows read (comments, blank lines and the header excluded).</summary>
    public long RowsRead { get; init; }
    /// <summary>Edges added to the graph (new pairs, or every row in a multigraph).</summary>
    public long EdgesAdded { get; init; }
    /// <summary>Rows that repeated an edge already present (in the graph or earlier in the batch) and were skipped.</summary>
    public long DuplicatesSkipped { get; init; }
    /// <summary>Self-loop rows seen.</summary>
    public long SelfLoops { get; init; }
    /// <summary>Edge rows dropped because their weight was below the batch's minimum weight (<see cref="EdgeImportOptions.MinWeight"/>).</summary>
    public long BelowMinWeight { get; init; }
    /// <summary>True when the batch's edges carried times (<see cref="EdgeImportOptions.TimeColumn"/>).</summary>
    public bool EdgeTimes { get; init; }
    /// <summary>Whether self-loops were kept (per the graph's policy).</summary>
    public bool SelfLoopsKept { get; init; } = true;
    /// <summary>Accounts new to the graph.</summary>
    public long AccountsAdded { get; init; }
    /// <summary>Account-attribute rows applied (attribute imports).</summary>
    public long AccountsUpdated { get; init; }
    /// <summary>Attribute rows whose account is not a node of the graph (kept as attributes; see <see cref="AccountImportOptions.AddMissingAccounts"/>).</summary>
    public long AccountsNotInGraph { get; init; }
    /// <summary>Attribute imports: rows whose account is a node of the graph (joined it), before any <see cref="AccountImportOptions.AddMissingAccounts"/> addition.</summary>
    public long AccountsJoined { get; init; }
    /// <summary>Attribute imports: the column (or JSON property) read as the account handle, or null when unknown (graph formats).</summary>
    public string? KeyColumn { get; init; }
    /// <summary>
    /// Attribute imports where no row joined an account of a non-empty graph: which other column's
    /// values do match accounts, and how to import with it (<c>--key</c> / <c>key=</c>); else null.
    /// </summary>
    public string? JoinHint { get; init; }
    /// <summary>Rejected rows in all.</summary>
    public long RejectedCount { get; init; }
    /// <summary>The first 100 rejected rows.</summary>
    public IReadOnlyList<ImportRejection> Rejections { get; init; } = [];
    /// <summary>True when the batch changed the graph (false on fail with rejections).</summary>
    public bool Applied { get; init; }
    /// <summary>Graph version after the batch.</summary>
    public long VersionAfter { get; init; }
    /// <summary>Wall time of the batch.</summary>
    public TimeSpan Elapsed { get; init; }
}
