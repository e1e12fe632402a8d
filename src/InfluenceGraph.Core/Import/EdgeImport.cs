using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>What parsing one edge batch produced (before it is applied to a graph).</summary>
public sealed record EdgeParseResult
{
    /// <summary>The format used after detection.</summary>
    public ImportFormat Format { get; init; }
    /// <summary>True when the input was gzip-compressed.</summary>
    public bool Gzip { get; init; }
    /// <summary>Data rows read (comments, blank lines and the header excluded; rejected rows included).</summary>
    public long RowsRead { get; init; }
    /// <summary>Edge rows accepted (an undirected row counts once).</summary>
    public long EdgeRows { get; init; }
    /// <summary>Accepted rows whose follower is its followee.</summary>
    public long SelfLoops { get; init; }
    /// <summary>True when some accepted row carried a weight.</summary>
    public bool Weighted { get; init; }
    /// <summary>True when some accepted row carried a time.</summary>
    public bool Timed { get; init; }
    /// <summary>Rows dropped for a weight below <see cref="EdgeImportOptions.MinWeight"/>.</summary>
    public long BelowMinWeight { get; init; }
    /// <summary>Rejected rows in all.</summary>
    public long RejectedCount { get; init; }
    /// <summary>The first 100 rejected rows.</summary>
    public IReadOnlyList<ImportRejection> Rejections { get; init; } = [];
    /// <summary>Node attributes carried by graph formats (GraphML, GML, node-link JSON), as account attributes.</summary>
    public IReadOnlyList<AccountAttributes> NodeAttributes { get; init; } = [];
}

/// <summary>
/// The edge side of the import pipeline: detects the format, streams the input through the matching
/// parser and interns every row into a <see cref="GraphBuilder"/>.
/// </summary>
/// <remarks>
/// <para>Formats: see <see cref="ImportFormat"/>; detection: <see cref="ImportFormatDetector"/>. The
/// input is read once, forward only, in fixed-size buffers: memory grows with the graph, not with the
/// file. Handles are trimmed, one leading <c>@</c> is stripped (<see cref="EdgeImportOptions.StripAt"/>)
/// and NFC-normalised (<see cref="AccountIndex"/>); ids are never converted to numbers.</para>
/// <para>Complexity: O(bytes) parsing plus one hash lookup per handle.</para>
/// </remarks>
public static class EdgeImport
{
    /// <summary>
    /// Parses <paramref name="content"/> and adds every accepted row to <paramref name="builder"/>.
    /// Rejected rows are reported, never thrown; whether to use the builder afterwards is the
    /// caller's decision (<see cref="OnErrorPolicy"/>).
    /// </summary>
    /// <param name="content">The input stream (gzip detected by magic bytes); not disposed.</param>
    /// <param name="options">Format, direction, handle and weight options.</param>
    /// <param name="builder">Receives accounts and edges.</param>
    /// <param name="progress">Rows read and bytes consumed, every 65,536 rows and at the end; may be null.</param>
    /// <param name="cancellationToken">Checked every 65,536 rows.</param>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole (broken JSON/XML/GML, corrupt gzip, snap-ego given to an edge import), or an explicit <see cref="EdgeImportOptions.WeightColumn"/> names a column or key that no edge row has.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EdgeParseResult Read(Stream content, EdgeImportOptions options, GraphBuilder builder,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(builder);
        string source = options.SourceName ?? "input";
        ImportInput opened;
        try { opened = ImportInput.Open(content, options.ContentType, options.MaxDecompressedBytes); }
        catch (ImportFormatException e) when (e.File is null) { throw e.WithFile(source); }
        using var input = opened;
        var format = ImportFormatDetector.ResolveChecked(options.Format, options.ContentType, options.SourceName, input.Head, source);
        var sink = new EdgeSink(builder, options, progress, cancellationToken);
        sink.SetByteCounter(() => (input.BytesRead, input.TotalBytes));
        try
        {
            switch (format)
            {
                case ImportFormat.Snap when input.IsPlainUtf8:
                    DelimitedEdgeParser.ReadSnapUtf8(input.Content, sink, input.DeclaredEncoding, ImportLimits.MaxLineLength, 1 << 20, ImportLimits.ParseWorkers);
                    break;
                case ImportFormat.Snap:
                    using (var t = input.OpenText(limitLines: true)) DelimitedEdgeParser.ReadSnap(t, sink);
                    break;
                case ImportFormat.Csv:
                    using (var t = input.OpenText(ImportInput.TextLimit.QuotedRecords)) DelimitedEdgeParser.ReadSeparated(t, ',', sink);
                    break;
                case ImportFormat.Tsv:
                    using (var t = input.OpenText(ImportInput.TextLimit.QuotedRecords)) DelimitedEdgeParser.ReadSeparated(t, '\t', sink);
                    break;
                case ImportFormat.Json:
                case ImportFormat.Ndjson:
                    JsonEdgeParser.Read(new JsonTokenStream(input.Content, source), sink, format == ImportFormat.Ndjson);
                    break;
                case ImportFormat.GraphMl:
                    using (var t = input.OpenText(ImportInput.TextLimit.Markup)) GraphMlParser.Read(t, sink);
                    break;
                case ImportFormat.Gml:
                    using (var t = input.OpenText()) GmlParser.Read(t, sink);
                    break;
                case ImportFormat.SnapEgo:
                    throw new ImportFormatException(source, 0, null, "snap-ego feature files hold account attributes, not edges: import them with 'import accounts' (the .edges file is a snap edge list)");
                default:
                    throw new ImportFormatException(source, 0, null, $"unsupported format {format}");
            }
        }
        catch (ImportFormatException e) when (e.File is null)
        {
            throw e.WithFile(source);
        }
        catch (InvalidDataException e)
        {
            throw new ImportFormatException(source, 0, null, "malformed " + format.ToString().ToUpperInvariant() + ": " + e.Message, e);
        }
        if (sink.WeightColumn is { } wanted && sink.EdgeRows > 0 && !sink.SawWeights)
            throw new ImportFormatException(source, 0, wanted,
                $"the weight column '{wanted}' was asked for, but no edge row has a value there (no such column or key in this {format.ToString().ToUpperInvariant()} input); name an existing column (1-based position or header name), or use auto or none");
        if (sink.TimeColumn is { } wantedTime && sink.EdgeRows > 0 && !sink.SawTimes && sink.Rejections.Count == 0)
            throw new ImportFormatException(source, 0, wantedTime,
                $"the time column '{wantedTime}' was asked for, but no edge row has a value there (no such column or key in this {format.ToString().ToUpperInvariant()} input); name an existing column (1-based position or header name), or use auto or none");
        var nodeAttributes = AccountRecordMapper.FromNodeRecords(sink.NodeAttributes, sink.Rejections);
        return new EdgeParseResult
        {
            Format = format,
            Gzip = input.IsGzip,
            RowsRead = sink.Rows,
            EdgeRows = sink.EdgeRows,
            SelfLoops = sink.SelfLoops,
            Weighted = sink.SawWeights,
            Timed = sink.SawTimes,
            BelowMinWeight = sink.BelowMinWeight,
            RejectedCount = sink.Rejections.Count,
            Rejections = sink.Rejections.First,
            NodeAttributes = nodeAttributes,
        };
    }

    /// <summary>
    /// Reads a file into a new snapshot (the <c>score --edges FILE --format ..</c> path).
    /// </summary>
    /// <param name="path">File path; <c>.gz</c> or gzip magic bytes are decompressed.</param>
    /// <param name="options">Import options (the file name is used as source and for detection when <see cref="EdgeImportOptions.SourceName"/> is null); null = defaults.</param>
    /// <param name="buildOptions">Duplicate/self-loop policy; null = a set with self-loops kept.</param>
    /// <param name="weighted">Keep a weight array even when every weight is 1.</param>
    /// <exception cref="ImportFormatException">The input cannot be read, or a row is rejected and <see cref="EdgeImportOptions.OnError"/> is <see cref="OnErrorPolicy.Fail"/> (the message gives the first rejection's file, line, field and reason, and the count).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GraphSnapshot Load(string path, EdgeImportOptions? options = null, GraphBuildOptions? buildOptions = null, bool weighted = false)
    {
        options ??= new EdgeImportOptions();
        if (options.SourceName is null) options = options with { SourceName = Path.GetFileName(path) };
        using var file = File.OpenRead(path);
        return Load(file, options, buildOptions, weighted);
    }

    /// <summary>Reads a whole edge stream (e.g. standard input) into a new snapshot; as <see cref="Load(string, EdgeImportOptions?, GraphBuildOptions?, bool)"/>.</summary>
    /// <param name="content">The input, read once; gzip is detected.</param>
    /// <param name="options">Format, direction, error policy; <see cref="EdgeImportOptions.SourceName"/> names the input in errors.</param>
    /// <param name="buildOptions">Duplicate and self-loop policy; null = the reference tools' defaults.</param>
    /// <param name="weighted">Keep a weight array even when every weight is 1.</param>
    /// <exception cref="ImportFormatException">The input cannot be read, or a row is rejected and <see cref="EdgeImportOptions.OnError"/> is <see cref="OnErrorPolicy.Fail"/>.</exception>
    public static GraphSnapshot Load(Stream content, EdgeImportOptions options, GraphBuildOptions? buildOptions = null, bool weighted = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new GraphBuilder(buildOptions);
        var result = Read(content, options, builder);
        if (result.RejectedCount > 0 && options.OnError == OnErrorPolicy.Fail)
        {
            var r = result.Rejections[0];
            string more = result.RejectedCount > 1 ? $" ({result.RejectedCount} rows rejected in all)" : "";
            throw new ImportFormatException(options.SourceName, r.Line, r.Field, r.Reason + more);
        }
        return builder.Build(forceWeighted: weighted);
    }
}
