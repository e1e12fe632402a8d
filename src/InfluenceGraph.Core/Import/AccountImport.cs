using System.Text.Json;
using InfluenceGraph.Core.Graph;
using nietras.SeparatedValues;

namespace InfluenceGraph.Core.Import;

/// <summary>What parsing one account-attributes batch produced.</summary>
public sealed record AccountParseResult
{
    /// <summary>The format used after detection.</summary>
    public ImportFormat Format { get; init; }
    /// <summary>Data rows read (header, comments and blank lines excluded; rejected rows included).</summary>
    public long RowsRead { get; init; }
    /// <summary>Accepted rows, one per row in input order (the same account may repeat: later rows win when merged).</summary>
    public IReadOnlyList<AccountAttributes> Accounts { get; init; } = [];
    /// <summary>The column (or JSON property) read as the account handle, as named in the input; null for graph formats.</summary>
    public string? KeyColumn { get; init; }
    /// <summary>Rejected rows in all.</summary>
    public long RejectedCount { get; init; }
    /// <summary>The first 100 rejected rows.</summary>
    public IReadOnlyList<ImportRejection> Rejections { get; init; } = [];
}

/// <summary>
/// The account-attributes side of the import pipeline: one record per account, mapped by
/// <c>AccountRecordMapper</c> rules (see <see cref="AccountImportOptions"/> and the README).
/// </summary>
/// <remarks>
/// <para>Formats: CSV/TSV with a header naming the account column (<c>account</c>, <c>handle</c>,
/// <c>screen_name</c>, <c>username</c>, <c>user</c>, <c>user_id</c>, <c>node</c>, <c>node_id</c> or
/// <c>id</c>); white-space files (SNAP style) with such a header, or without one: column 1 is the
/// account and the others are kept as <c>column2</c>, <c>column3</c>...; JSON arrays of objects (also
/// under <c>accounts</c> or <c>nodes</c>), NDJSON, and a top-level object whose property maps account
/// ids to scalars (<c>{"labels": {"0": "m"}}</c> gives each account the extra field <c>labels</c>);
/// GraphML/GML node attributes; SNAP ego features (<see cref="SnapEgoFeatures"/>).</para>
/// <para>Streaming; O(bytes) plus the accepted records.</para>
/// </remarks>
public static class AccountImport
{
    /// <summary>Parses <paramref name="content"/> into attribute records.</summary>
    /// <param name="content">The input stream (gzip detected); not disposed.</param>
    /// <param name="options">Format and handle options.</param>
    /// <param name="progress">Rows read, every 65,536 rows and at the end; may be null.</param>
    /// <param name="cancellationToken">Checked every 65,536 rows.</param>
    /// <exception cref="ImportFormatException">The input cannot be read as a whole (no account column, broken JSON/XML/GML, snap-ego without feature names).</exception>
    public static AccountParseResult Read(Stream content, AccountImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        string source = options.SourceName ?? "input";
        ImportInput opened;
        try { opened = ImportInput.Open(content, options.ContentType, options.MaxDecompressedBytes); }
        catch (ImportFormatException e) when (e.File is null) { throw e.WithFile(source); }
        using var input = opened;
        var format = ImportFormatDetector.ResolveChecked(options.Format, options.ContentType, options.SourceName, input.Head, source);
        var sink = new AccountSink(options, progress, cancellationToken, () => (input.BytesRead, input.TotalBytes));
        try
        {
            switch (format)
            {
                case ImportFormat.Csv:
                case ImportFormat.Tsv:
                    using (var t = input.OpenText(ImportInput.TextLimit.QuotedRecords)) ReadSeparated(t, format == ImportFormat.Csv ? ',' : '\t', sink, source);
                    break;
                case ImportFormat.Snap:
                    using (var t = input.OpenText(limitLines: true)) ReadWhitespace(t, sink);
                    break;
                case ImportFormat.Json:
                case ImportFormat.Ndjson:
                    ReadJson(new JsonTokenStream(input.Content, source), sink, format == ImportFormat.Ndjson);
                    break;
                case ImportFormat.GraphMl:
                case ImportFormat.Gml:
                    {
                        var edgeSink = new EdgeSink(new GraphBuilder(), new EdgeImportOptions { StripAt = options.StripAt, SourceName = source, NodeName = options.NodeName ?? options.Key }, null, cancellationToken);
                        using var t = input.OpenText(format == ImportFormat.GraphMl ? ImportInput.TextLimit.Markup : ImportInput.TextLimit.None);
                        void OnNode((string Account, long Line, List<KeyValuePair<string, string>> Fields) n) => sink.Record(n.Account, n.Line, n.Fields);
                        if (format == ImportFormat.GraphMl) GraphMlParser.Read(t, edgeSink, OnNode);
                        else GmlParser.Read(t, edgeSink, OnNode);
                        foreach (var r in edgeSink.Rejections.First) sink.Reject(r.Line, r.Field, r.Reason);
                        break;
                    }
                case ImportFormat.SnapEgo:
                    {
                        if (options.FeatureNames is null)
                            throw new ImportFormatException(source, 0, null, "the snap-ego format needs the feature names (the NODE.featnames file beside NODE.feat)");
                        using var t = input.OpenText(limitLines: true);
                        SnapEgoFeatures.Read(t, options.FeatureNames, sink);
                        break;
                    }
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
        sink.Tick();
        return new AccountParseResult
        {
            Format = format,
            RowsRead = sink.Rows,
            Accounts = sink.Accounts,
            KeyColumn = sink.KeyColumn,
            RejectedCount = sink.Rejections.Count,
            Rejections = sink.Rejections.First,
        };
    }

    private static void ReadSeparated(TextReader text, char sep, AccountSink sink, string source)
    {
        using var reader = Sep.New(sep).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        string[]? header = null;
        int accountCol = -1;
        foreach (var row in reader)
        {
            // Checked on the raw row before any column is read: Sep unescapes a column in place when it is read.
            string? badQuote = ImportFields.MalformedQuoting(row.Span, sep);
            int n = row.ColCount;
            bool blank = true;
            for (int c = 0; c < n && blank; c++) if (!row[c].Span.Trim().IsEmpty) blank = false;
            if (blank) continue;
            long no = row.RowIndex == 0 ? 1 : row.LineNumberFrom; // Sep reports the first row's end line as its start
            if (badQuote is not null)
            {
                if (header is null) throw new ImportFormatException(source, no, null, "header " + badQuote);
                sink.Reject(no, null, badQuote);
                continue;
            }
            if (header is null)
            {
                header = new string[n];
                for (int c = 0; c < n; c++) header[c] = row[c].ToString().Trim().Trim('\uFEFF').Trim();
                ImportFields.CheckDuplicateColumns(header, source, no);
                accountCol = AccountRecordMapper.AccountColumn(header, sink.Key);
                if (accountCol < 0)
                    throw new ImportFormatException(source, no, null, sink.Key is { } key
                        ? $"the header ({string.Join(", ", header)}) has no column '{key}' (the join column asked for)"
                        : $"the header ({string.Join(", ", header)}) has no account column: name it one of {string.Join(", ", AccountRecordMapper.AccountNames)}, or choose one with --key (API key=)");
                sink.KeyColumn = header[accountCol];
                continue;
            }
            if (accountCol >= n) { sink.Reject(no, header[accountCol], $"the row has {n} fields, the account column is number {accountCol + 1}"); continue; }
            int used = n;
            while (used > header.Length && row[used - 1].Span.Trim().IsEmpty) used--; // trailing separators
            if (used > header.Length) { sink.Reject(no, null, $"the row has {used} fields, the header names {header.Length}"); continue; }
            var fields = new List<KeyValuePair<string, string>>(n);
            for (int c = 0; c < n && c < header.Length; c++)
                if (c != accountCol) fields.Add(new(header[c], row[c].ToString()));
            sink.Record(row[accountCol].ToString(), no, fields);
        }
    }

    private static void ReadWhitespace(TextReader text, AccountSink sink)
    {
        var lines = new LineReader(text);
        string[]? header = null;
        int accountCol = 0;
        bool first = true;
        while (lines.TryRead(out ReadOnlySpan<char> raw))
        {
            ReadOnlySpan<char> l = raw.Trim();
            if (l.IsEmpty || l[0] == '#' || l[0] == '%') continue;
            var toks = new List<string>();
            foreach (var r in l.SplitAny(" \t")) if (!l[r].IsEmpty) toks.Add(l[r].ToString());
            if (first)
            {
                first = false;
                int ac = AccountRecordMapper.AccountColumn(toks, sink.Key);
                if (ac >= 0) { ImportFields.CheckDuplicateColumns(toks, sink.Source, lines.LineNumber); header = [.. toks]; accountCol = ac; sink.KeyColumn = toks[ac]; continue; }
                if (sink.Key is { } key)
                    throw new ImportFormatException(sink.Source, lines.LineNumber, null, $"the first line ({string.Join(" ", toks)}) has no column '{key}' (the join column asked for)");
            }
            var fields = new List<KeyValuePair<string, string>>(toks.Count);
            for (int c = 0; c < toks.Count; c++)
            {
                if (c == accountCol) continue;
                string name = header is not null && c < header.Length ? header[c] : $"column{c + 1}";
                fields.Add(new(name, toks[c]));
            }
            if (accountCol >= toks.Count) { sink.Reject(lines.LineNumber, "account", "no account field"); continue; }
            if (header is not null && toks.Count > header.Length) { sink.Reject(lines.LineNumber, null, $"the row has {toks.Count} fields, the header names {header.Length}"); continue; }
            sink.Record(toks[accountCol], lines.LineNumber, fields);
        }
    }

    private static void ReadJson(JsonTokenStream js, AccountSink sink, bool ndjson)
    {
        while (js.Read())
        {
            if (ndjson)
            {
                long start = js.Line; // a broken record is reported where it starts (see JsonEdgeParser)
                try { ReadElement(js, sink); }
                catch (ImportFormatException e) when (e.Line > start)
                {
                    throw new ImportFormatException(e.File, start, e.Field, $"the NDJSON record starting on line {start} is malformed or not closed ({e.Reason}, noticed on line {e.Line})", e);
                }
                continue;
            }
            if (js.Token == JsonTokenType.StartArray) { ReadArray(js, sink); continue; }
            if (js.Token != JsonTokenType.StartObject) throw js.Error($"expected a JSON array or object at the top level, found {js.Token}");
            // Either one account object, or a container: {"accounts": [...]}, {"nodes": [...]}, {"labels": {id: value}}.
            long line = js.Line;
            var scalars = new List<KeyValuePair<string, string>>();
            bool container = false;
            while (true)
            {
                if (!js.Read()) throw js.Error("unexpected end of JSON inside an object");
                if (js.Token == JsonTokenType.EndObject) break;
                string key = js.Text.ToString();
                if (!js.Read()) throw js.Error("unexpected end of JSON after a property name");
                if (js.Token == JsonTokenType.StartArray && (key is "accounts" or "nodes" or "users" or "data"))
                {
                    container = true;
                    ReadArray(js, sink);
                }
                else if (js.Token == JsonTokenType.StartObject)
                {
                    container = true;
                    ReadMap(js, sink, key);
                }
                else if (js.IsScalar) { if (js.Token != JsonTokenType.Null) scalars.Add(new(key, js.Text.ToString())); }
                else js.SkipValue();
            }
            if (!container) RecordFromFields(scalars, line, sink);
        }
    }

    private static void ReadArray(JsonTokenStream js, AccountSink sink)
    {
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside an array");
            if (js.Token == JsonTokenType.EndArray) return;
            ReadElement(js, sink);
        }
    }

    private static void ReadElement(JsonTokenStream js, AccountSink sink)
    {
        long line = js.Line;
        if (js.Token != JsonTokenType.StartObject)
        {
            js.SkipValue();
            sink.Reject(line, null, "expected an account object");
            return;
        }
        RecordFromFields(JsonRecords.ReadObjectFields(js), line, sink);
    }

    private static void RecordFromFields(List<KeyValuePair<string, string>> fields, long line, AccountSink sink)
    {
        var names = fields.Select(f => f.Key).ToList();
        int ac = AccountRecordMapper.AccountColumn(names, sink.Key);
        if (ac < 0)
        {
            sink.Reject(line, sink.Key ?? "account", sink.Key is { } key ? $"the object has no property '{key}' (the join column asked for)" : $"the object has no account property ({string.Join(", ", AccountRecordMapper.AccountNames)})");
            return;
        }
        sink.KeyColumn ??= names[ac];
        string account = fields[ac].Value;
        fields.RemoveAt(ac);
        sink.Record(account, line, fields);
    }

    /// <summary><c>"labels": {"id": value, ...}</c>: each account gets the field named after the property.</summary>
    private static void ReadMap(JsonTokenStream js, AccountSink sink, string field)
    {
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside an object");
            if (js.Token == JsonTokenType.EndObject) return;
            string account = js.Text.ToString();
            long line = js.Line;
            if (!js.Read()) throw js.Error("unexpected end of JSON after a property name");
            if (!js.IsScalar) { js.SkipValue(); continue; }
            if (js.Token == JsonTokenType.Null) continue;
            sink.Record(account, line, [new(field, js.Text.ToString())]);
        }
    }
}

/// <summary>Collects account records, checks handles and values, counts rows and rejections.</summary>
internal sealed class AccountSink(AccountImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct, Func<(long, long?)> bytes)
{
    /// <summary>Source name for messages.</summary>
    public string Source => options.SourceName ?? "input";

    /// <summary>The join column asked for (<see cref="AccountImportOptions.Key"/>), or null for the default names.</summary>
    public string? Key => string.IsNullOrWhiteSpace(options.Key) ? null : options.Key;

    /// <summary>The column read as the handle, as the input names it (the first record's, for JSON).</summary>
    public string? KeyColumn { get; set; }

    /// <summary>Rows seen.</summary>
    public long Rows { get; private set; }

    /// <summary>Accepted records.</summary>
    public List<AccountAttributes> Accounts { get; } = [];

    /// <summary>Rejected rows.</summary>
    public RejectionLog Rejections { get; } = new();

    /// <summary>One record.</summary>
    public void Record(string account, long line, IEnumerable<KeyValuePair<string, string>> fields)
    {
        if ((++Rows & 0xFFFF) == 0) Tick();
        ReadOnlySpan<char> h = account.AsSpan().Trim();
        while (!h.IsEmpty && h[0] == '\uFEFF') h = h[1..].TrimStart();
        if (options.StripAt && h.Length > 0 && h[0] == '@') h = h[1..].TrimStart();
        if (h.IsEmpty) { Rejections.Add(line, "account", "empty account handle"); return; }
        if (AccountIndex.CheckHandle(h, options.MaxHandleLength) is { } bad) { Rejections.Add(line, "account", bad); return; }
        string canonical = AccountIndex.Canonicalize(h);
        var a = AccountRecordMapper.Map(canonical, fields, out var err);
        if (a is null) { Rejections.Add(line, err?.Field, err?.Reason ?? "invalid row"); return; }
        Accounts.Add(a);
    }

    /// <summary>A rejected row.</summary>
    public void Reject(long line, string? field, string reason)
    {
        Rows++;
        Rejections.Add(line, field, reason);
    }

    /// <summary>Progress and cancellation.</summary>
    public void Tick()
    {
        ct.ThrowIfCancellationRequested();
        if (progress is null) return;
        var (read, total) = bytes();
        progress.Report(new ImportProgress(Rows, read, total));
    }
}
