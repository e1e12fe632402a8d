using System.Globalization;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>The first 100 rejected rows of a batch and the total count.</summary>
internal sealed class RejectionLog
{
    /// <summary>How many rejections are listed (the rest are only counted).</summary>
    public const int Listed = 100;

    private readonly List<ImportRejection> _first = [];

    /// <summary>Rejected rows in all.</summary>
    public long Count { get; private set; }

    /// <summary>The first <see cref="Listed"/> rejections.</summary>
    public IReadOnlyList<ImportRejection> First => _first;

    /// <summary>Records one rejected row.</summary>
    public void Add(long line, string? field, string reason)
    {
        Count++;
        if (_first.Count < Listed) _first.Add(new ImportRejection(line, field, reason));
    }
}

/// <summary>Shared field rules of every parser: handles, weights, header names.</summary>
internal static class ImportFields
{
    /// <summary>
    /// RFC 4180 quoting of one raw CSV/TSV row: a field that opens with a double quote must close it
    /// right before the separator or the end of the row (blanks aside). Returns null when the row is well
    /// formed, else the reason naming the 1-based field, e.g. for <c>"carol, jr"8</c>, which lenient readers
    /// would silently turn into the account <c>carol, jr8</c>.
    /// </summary>
    public static string? MalformedQuoting(ReadOnlySpan<char> row, char separator)
    {
        int field = 1, i = 0;
        while (i <= row.Length)
        {
            int start = i;
            while (i < row.Length && row[i] == ' ') i++;
            if (i < row.Length && row[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= row.Length)
                        return $"field {field}: its opening quote is never closed, so RFC 4180 reads the rest of the file as this one field; close the quote, or double a quote meant as text";
                    if (row[i] == '"')
                    {
                        if (i + 1 < row.Length && row[i + 1] == '"') { i += 2; continue; }
                        i++;
                        break;
                    }
                    i++;
                }
                int after = i;
                while (i < row.Length && (row[i] == ' ' || row[i] == '\r')) i++;
                if (i < row.Length && row[i] != separator)
                {
                    int end = row[i..].IndexOf(separator);
                    var text = row[start..(end < 0 ? row.Length : i + end)].ToString();
                    return $"field {field}: text after the closing quote ({text}); quote the whole field, doubling any quote inside it";
                }
            }
            else
            {
                int next = row[i..].IndexOf(separator);
                if (next < 0) return null;
                i += next;
            }
            if (i >= row.Length) return null;
            i++; // the separator
            field++;
        }
        return null;
    }

    /// <summary>Header names that mean the follower column (case-insensitive).</summary>
    public static readonly string[] FollowerNames = ["follower", "source", "from", "src", "follower_id", "source_id", "fromnodeid", "u", "node1"];

    /// <summary>Header names that mean the followee column (case-insensitive).</summary>
    public static readonly string[] FolloweeNames = ["followee", "target", "to", "dst", "followee_id", "target_id", "tonodeid", "v", "node2"];

    /// <summary>Header names that mean the weight column (case-insensitive).</summary>
    public static readonly string[] WeightNames = ["weight", "w"];

    /// <summary>Header names that mean the edge time column (case-insensitive).</summary>
    public static readonly string[] TimeNames = ["time", "timestamp", "date"];

    /// <summary>Role of a header name: 0 follower, 1 followee, 2 weight, 3 time, -1 other.</summary>
    public static int RoleOf(ReadOnlySpan<char> name)
    {
        ReadOnlySpan<char> n = name.Trim().TrimStart('\uFEFF').Trim().Trim('"');
        foreach (var f in FollowerNames) if (n.Equals(f, StringComparison.OrdinalIgnoreCase)) return 0;
        foreach (var f in FolloweeNames) if (n.Equals(f, StringComparison.OrdinalIgnoreCase)) return 1;
        foreach (var f in WeightNames) if (n.Equals(f, StringComparison.OrdinalIgnoreCase)) return 2;
        foreach (var f in TimeNames) if (n.Equals(f, StringComparison.OrdinalIgnoreCase)) return 3;
        return -1;
    }

    /// <summary>
    /// Parses a weight with the invariant culture (<c>0.5</c>, <c>2</c>, <c>1e0</c>); it must be finite
    /// and &gt;= 0. Negative zero (<c>-0</c>, <c>-0.0</c>) is read as 0, so it is stored and exported as <c>0</c>.
    /// Returns null on success, else the rejection reason.
    /// </summary>
    public static string? TryParseWeight(ReadOnlySpan<char> text, out double weight)
    {
        ReadOnlySpan<char> t = text.Trim();
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
            return $"'{Shorten(t)}' is not a number (invariant culture: '.' decimal separator, no thousands separator)";
        if (!double.IsFinite(weight)) return $"'{Shorten(t)}' is not finite";
        if (weight < 0) return $"{Shorten(t)} is negative: edge weights must be >= 0 (a signed rating column can be ignored with weight column 'none', CLI --weight none)";
        if (weight == 0) weight = 0; // -0.0 == 0: never keep the sign of a zero
        return null;
    }

    /// <summary>True unless <paramref name="s"/> holds an unpaired surrogate.</summary>
    public static bool IsValidUtf16(ReadOnlySpan<char> s)
    {
        int i = s.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0) return true;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// Throws when a header names a column twice (case-insensitively, after trimming): which of the
    /// two holds the data would be a guess.
    /// </summary>
    /// <exception cref="ImportFormatException">A duplicated column name (file, line, field).</exception>
    public static void CheckDuplicateColumns(IReadOnlyList<string> names, string? source, long line)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in names)
        {
            string n = raw.Trim().TrimStart('\uFEFF').Trim().Trim('"');
            if (n.Length > 0 && !seen.Add(n))
                throw new ImportFormatException(source, line, n, $"the header names column '{n}' twice ({string.Join(", ", names)})");
        }
    }

    /// <summary>A value cut to 40 characters for messages.</summary>
    public static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : string.Concat(s[..40], "...");
}

/// <summary>
/// Receives the rows of an edge import: checks the handles, applies the direction option, interns
/// into a <see cref="GraphBuilder"/>, and counts rows, self-loops and rejections.
/// </summary>
internal sealed class EdgeSink
{
    private readonly GraphBuilder _builder;
    private readonly bool _reverse;
    private readonly bool _undirected;
    private readonly bool _stripAt;
    private readonly int _maxHandle;
    private readonly IProgress<ImportProgress>? _progress;
    private readonly CancellationToken _ct;
    private Func<(long, long?)>? _bytes;

    public EdgeSink(GraphBuilder builder, EdgeImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        _builder = builder;
        _reverse = options.Reverse;
        _undirected = options.Undirected;
        _stripAt = options.StripAt;
        _maxHandle = options.MaxHandleLength;
        _progress = progress;
        _ct = ct;
        IgnoreWeights = string.Equals(options.WeightColumn?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        IgnoreTimes = string.Equals(options.TimeColumn?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        TimeColumn = IgnoreTimes || string.IsNullOrWhiteSpace(options.TimeColumn) ? null : options.TimeColumn.Trim();
        MinWeight = options.MinWeight;
        if (MinWeight is { } mw && !double.IsFinite(mw))
            throw new ImportFormatException(options.SourceName ?? "input", 0, "minWeight", "the minimum weight must be a finite number");
        if (MinWeight is not null && IgnoreWeights)
            throw new ImportFormatException(options.SourceName ?? "input", 0, "minWeight", "a minimum weight needs the weight column: it cannot be combined with weight column 'none'");
        WeightColumn = IgnoreWeights ? null : options.WeightColumn?.Trim();
        Source = options.SourceName ?? "input";
        string? nodeName = options.NodeName?.Trim();
        NodeName = string.IsNullOrEmpty(nodeName) || nodeName.Equals("id", StringComparison.OrdinalIgnoreCase) ? null : nodeName;
    }

    /// <summary>Node attribute naming the account in graph formats, or null for the node id.</summary>
    public string? NodeName { get; }

    private Dictionary<string, string>? _idToName;

    /// <summary>
    /// The handle of a graph-format node: its id, or the value of <see cref="NodeName"/> when the
    /// node has it (the id then joins <paramref name="fields"/> as <c>id</c>, and edges naming the id
    /// are mapped through <see cref="EdgeEnd"/>).
    /// </summary>
    public string NodeHandle(string id, List<KeyValuePair<string, string>> fields)
    {
        if (NodeName is null) return id;
        string? name = null;
        foreach (var (k, v) in fields)
            if (k.Equals(NodeName, StringComparison.OrdinalIgnoreCase) && v.Trim().Length > 0) { name = v; break; }
        if (name is null) return id;
        (_idToName ??= new Dictionary<string, string>(StringComparer.Ordinal))[id] = name;
        fields.Add(new("id", id));
        return name;
    }

    /// <summary>The handle of an edge end given by node id (the id itself unless <see cref="NodeHandle"/> renamed it).</summary>
    public string EdgeEnd(string id) => _idToName is not null && _idToName.TryGetValue(id, out var name) ? name : id;

    /// <summary>The builder receiving the batch.</summary>
    public GraphBuilder Builder => _builder;

    /// <summary>Source name for messages.</summary>
    public string Source { get; }

    /// <summary>True when the caller asked to ignore weights.</summary>
    public bool IgnoreWeights { get; }

    /// <summary>Caller-chosen weight column (name or 1-based position), or null for automatic.</summary>
    public string? WeightColumn { get; }

    /// <summary>True when the caller asked to ignore any time column.</summary>
    public bool IgnoreTimes { get; }

    /// <summary>Caller-chosen time column (name or 1-based position), or null for automatic (a header column named time, timestamp or date).</summary>
    public string? TimeColumn { get; }

    /// <summary>Rows whose weight is below this are dropped (counted in <see cref="BelowMinWeight"/>), or null.</summary>
    public double? MinWeight { get; }

    /// <summary>Edge rows dropped because their weight was below <see cref="MinWeight"/>.</summary>
    public long BelowMinWeight { get; private set; }

    /// <summary>True once an accepted row carried a time.</summary>
    public bool SawTimes { get; private set; }

    /// <summary>
    /// Reads a weight field: as <see cref="ImportFields.TryParseWeight"/>, except that with a
    /// <see cref="MinWeight"/> any finite number is accepted here (a value below the minimum, e.g. a negative
    /// rating, is then dropped by <see cref="Edge"/> rather than rejected).
    /// </summary>
    public string? ParseWeight(ReadOnlySpan<char> text, out double weight)
    {
        if (MinWeight is { } mw
            && double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out weight)
            && double.IsFinite(weight) && weight < mw)
            return null;
        return ImportFields.TryParseWeight(text, out weight);
    }

    /// <summary>Reads a time field (<see cref="EdgeTimes.TryParseEdgeTime"/>); null or the rejection reason.</summary>
    public static string? ParseTime(ReadOnlySpan<char> text, out long time) => EdgeTimes.TryParseEdgeTime(text, out time);

    /// <summary>Data rows seen (edges, account declarations and rejected rows).</summary>
    public long Rows { get; private set; }

    /// <summary>Edge rows accepted.</summary>
    public long EdgeRows { get; private set; }

    /// <summary>Self-loop rows accepted.</summary>
    public long SelfLoops { get; private set; }

    /// <summary>True once an accepted row carried an explicit weight.</summary>
    public bool SawWeights { get; private set; }

    /// <summary>Rejected rows.</summary>
    public RejectionLog Rejections { get; } = new();

    /// <summary>Node attributes found in graph formats (GraphML, GML, node-link JSON), by raw node name.</summary>
    public List<(string Account, long Line, List<KeyValuePair<string, string>> Fields)> NodeAttributes { get; } = [];

    /// <summary>Sets where progress reads the byte counts from.</summary>
    public void SetByteCounter(Func<(long, long?)> bytes) => _bytes = bytes;

    /// <summary>An edge row. <paramref name="weight"/> is already validated.</summary>
    public void Edge(ReadOnlySpan<char> follower, ReadOnlySpan<char> followee, double weight, bool explicitWeight, long line, long time = GraphSnapshot.NoTime)
    {
        if ((++Rows & 0xFFFF) == 0) Tick();
        if (MinWeight is { } mw && weight < mw) { BelowMinWeight++; return; } // before interning: an account seen only in dropped rows is not added
        ReadOnlySpan<char> a = Clean(follower), b = Clean(followee);
        if (a.IsEmpty) { Rejections.Add(line, _reverse ? "followee" : "follower", "empty account handle"); return; }
        if (b.IsEmpty) { Rejections.Add(line, _reverse ? "follower" : "followee", "empty account handle"); return; }
        if (!Valid(a, line, _reverse ? "followee" : "follower") || !Valid(b, line, _reverse ? "follower" : "followee")) return;
        int u = Intern(a), v = Intern(b);
        if (_reverse) (u, v) = (v, u);
        if (explicitWeight && !IgnoreWeights) SawWeights = true;
        double w = IgnoreWeights ? 1.0 : weight;
        if (time != GraphSnapshot.NoTime) SawTimes = true;
        _builder.AddEdge(u, v, w, time);
        if (_undirected && u != v) _builder.AddEdge(v, u, w, time);
        EdgeRows++;
        if (u == v) SelfLoops++;
    }

    /// <summary>
    /// An unweighted, untimed edge row whose two handles are printable ASCII without blanks (the byte fast path of
    /// <see cref="DelimitedEdgeParser.ReadSnapUtf8(Stream, EdgeSink, System.Text.Encoding, int, int)"/>): the same checks, counts and accounts as <see cref="Edge"/> on
    /// the same text with weight 1, interned from the bytes without making a string or decoding.
    /// </summary>
    public void EdgeAscii(ReadOnlySpan<byte> follower, ReadOnlySpan<byte> followee, long line)
    {
        if ((++Rows & 0xFFFF) == 0) Tick();
        if (MinWeight is { } mw && 1.0 < mw) { BelowMinWeight++; return; }
        ReadOnlySpan<byte> a = CleanAscii(follower), b = CleanAscii(followee);
        if (a.IsEmpty) { Rejections.Add(line, _reverse ? "followee" : "follower", "empty account handle"); return; }
        if (b.IsEmpty) { Rejections.Add(line, _reverse ? "follower" : "followee", "empty account handle"); return; }
        if (a.Length > _maxHandle && !Valid(System.Text.Encoding.ASCII.GetString(a), line, _reverse ? "followee" : "follower")) return;
        if (b.Length > _maxHandle && !Valid(System.Text.Encoding.ASCII.GetString(b), line, _reverse ? "follower" : "followee")) return;
        int u = InternAscii(a), v = InternAscii(b);
        if (_reverse) (u, v) = (v, u);
        _builder.AddEdge(u, v, 1.0, GraphSnapshot.NoTime);
        if (_undirected && u != v) _builder.AddEdge(v, u, 1.0, GraphSnapshot.NoTime);
        EdgeRows++;
        if (u == v) SelfLoops++;
    }

    /// <summary>
    /// True when an unweighted byte row is never dropped by a minimum weight (no <see cref="MinWeight"/>): then the parallel
    /// reader may parse such rows on other threads and hand over only their interned ids (<see cref="EdgeIds"/>).
    /// </summary>
    public bool ByteRowsNeedNoWeight => MinWeight is null;

    /// <summary>True when one leading <c>@</c> is stripped from handles (<see cref="EdgeImportOptions.StripAt"/>).</summary>
    public bool StripAt => _stripAt;

    /// <summary>Longest accepted handle in UTF-16 code units (<see cref="EdgeImportOptions.MaxHandleLength"/>).</summary>
    public int MaxHandleLength => _maxHandle;

    /// <summary>
    /// The end of <see cref="EdgeAscii"/> for a row whose two handles were already cleaned, checked (non-empty, at most
    /// <see cref="MaxHandleLength"/> characters) and interned in file order (<see cref="InternAscii"/>): counts, the
    /// direction options and the builder. The same result as <see cref="EdgeAscii"/> on the row's bytes.
    /// </summary>
    /// <param name="u">Node id of the row's first token (the follower unless <see cref="EdgeImportOptions.Reverse"/>).</param>
    /// <param name="v">Node id of the row's second token.</param>
    public void EdgeIds(int u, int v)
    {
        if ((++Rows & 0xFFFF) == 0) Tick();
        if (_reverse) (u, v) = (v, u);
        _builder.AddEdge(u, v, 1.0, GraphSnapshot.NoTime);
        if (_undirected && u != v) _builder.AddEdge(v, u, 1.0, GraphSnapshot.NoTime);
        EdgeRows++;
        if (u == v) SelfLoops++;
    }

    /// <summary>
    /// <see cref="EdgeIds"/> for many rows at once: <paramref name="rows"/> holds, per row in file order, the node id of its
    /// first token in the high 32 bits and of its second in the low 32. Without the direction options the rows go to the
    /// builder as they are (<see cref="GraphBuilder.AddKeys"/>), cut where the row count reaches a multiple of 65,536:
    /// progress is reported and cancellation checked there, with that row count, as row by row.
    /// </summary>
    public void EdgeKeys(ReadOnlySpan<long> rows)
    {
        if (_reverse || _undirected)
        {
            foreach (long k in rows) EdgeIds((int)(k >> 32), (int)k);
            return;
        }
        while (!rows.IsEmpty)
        {
            // Up to the next multiple of 65,536 rows, where the row-by-row path reports progress and checks cancellation.
            int k = (int)Math.Min(rows.Length, 0x10000 - (Rows & 0xFFFF));
            var part = rows[..k];
            long loops = 0;
            foreach (long key in part) if ((int)(key >> 32) == (int)key) loops++;
            _builder.AddKeys(part);
            Rows += k;
            EdgeRows += k;
            SelfLoops += loops;
            if ((Rows & 0xFFFF) == 0) Tick();
            rows = rows[k..];
        }
    }

    /// <summary><see cref="Clean"/> for a token of printable ASCII without blanks: only the leading <c>@</c> can go.</summary>
    private ReadOnlySpan<byte> CleanAscii(ReadOnlySpan<byte> h)
    {
        if (_stripAt && h.Length > 0 && h[0] == (byte)'@') h = h[1..];
        return h;
    }

    /// <summary>The node id of a cleaned, checked ASCII handle, interning it when new (numeric handles through the numeric cache).</summary>
    internal int InternAscii(ReadOnlySpan<byte> h)
    {
        if (!TryParseCanonicalNumber(h, out long value)) return _builder.Accounts.Intern(h);
        if (value < DenseLimit)
        {
            if (value < _dense.Length && _dense[value] != 0) return _dense[value] - 1;
            int id = _builder.Accounts.Intern(h);
            if (value >= _dense.Length) Array.Resize(ref _dense, (int)Math.Min(DenseLimit, Math.Max(value + 1, 2L * _dense.Length)));
            _dense[value] = id + 1;
            return id;
        }
        _sparse ??= [];
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_sparse, value, out bool exists);
        if (!exists) slot = _builder.Accounts.Intern(h);
        return slot;
    }

    private static bool TryParseCanonicalNumber(ReadOnlySpan<byte> h, out long value)
    {
        value = 0;
        if (h.Length is 0 or > 18 || (h[0] == (byte)'0' && h.Length > 1)) return false;
        foreach (byte c in h)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>A row declaring an account without edges (one field), or a graph-format node.</summary>
    public void Account(ReadOnlySpan<char> handle, long line, bool countsAsRow = true)
    {
        if (countsAsRow && (++Rows & 0xFFFF) == 0) Tick();
        ReadOnlySpan<char> a = Clean(handle);
        if (a.IsEmpty) { Rejections.Add(line, "account", "empty account handle"); return; }
        if (!Valid(a, line, "account")) return;
        _builder.AddAccount(a);
    }

    /// <summary>Interns a node (graph formats) and returns its canonical handle.</summary>
    public string? Node(ReadOnlySpan<char> handle, long line)
    {
        ReadOnlySpan<char> a = Clean(handle);
        if (a.IsEmpty) { Rejections.Add(line, "id", "empty node id"); return null; }
        if (!Valid(a, line, "id")) return null;
        int id = _builder.AddAccount(a);
        return _builder.Accounts[id];
    }

    /// <summary>A rejected row.</summary>
    public void Reject(long line, string? field, string reason)
    {
        if ((++Rows & 0xFFFF) == 0) Tick();
        Rejections.Add(line, field, reason);
    }

    /// <summary>Reports progress and honours cancellation (called every 65,536 rows and at the end).</summary>
    public void Tick()
    {
        _ct.ThrowIfCancellationRequested();
        if (_progress is null) return;
        var (read, total) = _bytes?.Invoke() ?? (0, null);
        _progress.Report(new ImportProgress(Rows, read, total));
    }

    /// <summary>
    /// False (and the row rejected with the reason) when the handle breaks the rules of
    /// <see cref="AccountIndex.CheckHandle"/>: longer than <see cref="EdgeImportOptions.MaxHandleLength"/>,
    /// a control character (an unterminated CSV quote swallowing line breaks shows up here), or
    /// invalid Unicode (invalid UTF-8 bytes in the input, a JSON <c>\ud800</c> escape).
    /// </summary>
    private bool Valid(ReadOnlySpan<char> h, long line, string field)
    {
        if (AccountIndex.CheckHandle(h, _maxHandle) is not { } reason) return true;
        Rejections.Add(line, field, reason);
        return false;
    }

    // Numeric-handle cache. Most dumps name accounts by decimal ids; a handle that is 1-18 ASCII
    // digits without a leading zero is exactly the text of one long value (so "7" and "007" never
    // meet: "007" takes the string path), which is looked up in a direct array (values below 2^22,
    // at most 16 MiB) or a Dictionary<long, int>, skipping string hashing. A miss interns the text
    // through the builder's AccountIndex as usual, so ids and handles are the same either way.
    private const int DenseLimit = 1 << 22;
    private int[] _dense = [];
    private Dictionary<long, int>? _sparse;

    private int Intern(ReadOnlySpan<char> h)
    {
        if (!TryParseCanonicalNumber(h, out long value)) return _builder.AddAccount(h);
        if (value < DenseLimit)
        {
            if (value < _dense.Length && _dense[value] != 0) return _dense[value] - 1;
            int id = _builder.AddAccount(h);
            if (value >= _dense.Length) Array.Resize(ref _dense, (int)Math.Min(DenseLimit, Math.Max(value + 1, 2L * _dense.Length)));
            _dense[value] = id + 1;
            return id;
        }
        _sparse ??= [];
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_sparse, value, out bool exists);
        if (!exists) slot = _builder.AddAccount(h);
        return slot;
    }

    private static bool TryParseCanonicalNumber(ReadOnlySpan<char> h, out long value)
    {
        value = 0;
        if (h.Length is 0 or > 18 || (h[0] == '0' && h.Length > 1)) return false;
        foreach (char c in h)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    private ReadOnlySpan<char> Clean(ReadOnlySpan<char> h)
    {
        h = h.Trim();
        while (!h.IsEmpty && h[0] == '\uFEFF') h = h[1..].TrimStart();
        if (_stripAt && h.Length > 0 && h[0] == '@') h = h[1..].TrimStart();
        return h;
    }
}
