using nietras.SeparatedValues;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Edge lists: SNAP (white-space separated, <c>#</c>/<c>%</c> comment lines, NetworkX
/// <c>write_edgelist</c> data column) and CSV/TSV (RFC 4180 quoting via Sep, header optional).
/// </summary>
/// <remarks>
/// Column roles: with a header, the columns named as in <see cref="ImportFields"/> (follower/source/from,
/// followee/target/to, weight), in any order, other columns ignored; without a header (the first
/// row does not name both a follower and a followee column), column 1 is the follower, column 2 the
/// followee and column 3 (if any) the weight. A row with a single field declares an account. Only
/// a line whose first non-blank character is <c>#</c> or <c>%</c> is a comment, and only in SNAP
/// files: a <c>#</c> inside a handle is part of it (<c>a#1 b</c> is the edge from <c>a#1</c> to <c>b</c>, not <c>a</c> and a comment).
/// </remarks>
internal static partial class DelimitedEdgeParser
{
    /// <summary>Column layout after header detection.</summary>
    /// <param name="Follower">0-based follower column.</param>
    /// <param name="Followee">0-based followee column.</param>
    /// <param name="Weight">0-based weight column, or -1.</param>
    /// <param name="MaxFields">Most fields a row may have: the header's column count, or (headerless) the first data row's, at least 3.</param>
    /// <param name="Time">0-based time column, or -1.</param>
    /// <param name="TimeName">The time column's name for rejections (header name, or "time").</param>
    private readonly record struct Layout(int Follower, int Followee, int Weight, int MaxFields = int.MaxValue, int Time = -1, string TimeName = "time");

    /// <summary>Reads the time field of a row (empty or absent = a rejected row); false after rejecting it.</summary>
    private static bool ReadTime(ReadOnlySpan<char> text, in Layout layout, EdgeSink sink, long line, out long time)
    {
        time = Graph.GraphSnapshot.NoTime;
        if (layout.Time < 0) return true;
        string? err = EdgeSink.ParseTime(text, out time);
        if (err is null) return true;
        sink.Reject(line, layout.TimeName, err);
        return false;
    }

    /// <summary>What a SNAP reader knows after the first data row: whether it was read, and the column layout.</summary>
    private sealed class SnapState
    {
        public bool First = true;
        public Layout Layout;
    }

    /// <summary>Reads a SNAP / white-space edge list.</summary>
    public static void ReadSnap(TextReader text, EdgeSink sink)
    {
        var lines = new LineReader(text);
        Span<Range> tok = stackalloc Range[4];
        var state = new SnapState();
        while (lines.TryRead(out ReadOnlySpan<char> raw))
            SnapLine(raw, lines.LineNumber, state, sink, tok);
        sink.Tick();
    }

    /// <summary>One physical line of a SNAP file (comments, blank lines, the header, data rows).</summary>
    private static void SnapLine(ReadOnlySpan<char> raw, long no, SnapState state, EdgeSink sink, Span<Range> tok)
    {
        ReadOnlySpan<char> l = raw.Trim();
        if (l.IsEmpty || l[0] == '#' || l[0] == '%') return;
        int n = Tokenize(l, tok, out int dataStart);
        if (state.First)
        {
            state.First = false;
            if (n >= 2 && TryHeader(l, tok[..Math.Min(n, 3)], sink, no, out state.Layout)) return;
            int ht = ResolveHeaderlessTime(sink);
            state.Layout = new Layout(0, 1, ResolveHeaderlessWeight(sink, ht), Math.Max(Math.Max(3, ht + 1), CountTokens(l)), ht);
        }
        var layout = state.Layout;
        if (layout.Follower != 0 || layout.Followee != 1)
        {
            // A header with another order: split fully (rare, slower path).
            ReadGeneric(l, no, layout, sink);
            return;
        }
        if (n == 1) { sink.Account(l[tok[0]], no); return; }
        if (n >= 3 && dataStart < 0 && (n == 4 ? CountTokens(l) : n) is var count && count > layout.MaxFields)
        {
            sink.Reject(no, null, $"the row has {count} fields, more than the {layout.MaxFields} of the header (or, without one, of the first row, at least 3: follower followee [weight])");
            return;
        }
        double w = 1.0;
        bool explicitW = false;
        if (!sink.IgnoreWeights && layout.Weight >= 0)
        {
            if (layout.Weight == 2 && dataStart >= 0)
            {
                // NetworkX write_edgelist: "u v {'weight': 0.5, 'other': ...}"
                string? err = ParseDataDict(l[dataStart..], out w, out explicitW);
                if (err is not null) { sink.Reject(no, "weight", err); return; }
            }
            else
            {
                ReadOnlySpan<char> wt = layout.Weight == 2 ? (n >= 3 ? l[tok[2]] : default) : NthToken(l, layout.Weight);
                if (!wt.IsEmpty)
                {
                    string? err = sink.ParseWeight(wt, out w);
                    if (err is not null) { sink.Reject(no, "weight", err); return; }
                    explicitW = true;
                }
            }
        }
        if (!ReadTime(layout.Time >= 0 ? NthToken(l, layout.Time) : default, layout, sink, no, out long time)) return;
        sink.Edge(l[tok[0]], l[tok[1]], w, explicitW, no, time);
    }

    /// <summary>
    /// Reads a SNAP edge list straight from UTF-8 bytes: the same rows, accounts, rejections and line numbers as
    /// <see cref="ReadSnap"/> over the decoded text, without decoding the common row. A line of printable ASCII
    /// (and tabs) holding exactly two tokens, once the first data row has fixed a follower-followee layout without
    /// a time column, is split and interned as bytes (<see cref="EdgeSink.EdgeAscii"/>); every other line (a comment,
    /// the first row, a weight, a non-ASCII byte, a control character) is decoded — invalid UTF-8 to
    /// <see cref="Graph.AccountIndex.InvalidUtf8Marker"/>, as the text path does — and read by the text path's rules.
    /// Line ends <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c>; a leading UTF-8 byte-order mark is skipped.
    /// </summary>
    /// <param name="content">The decompressed content, UTF-8 (the caller checked that no other charset or UTF-16/32 byte-order mark applies).</param>
    /// <param name="sink">Receives the rows.</param>
    /// <param name="decoding">The decoding of non-ASCII lines (the pipeline's marking UTF-8).</param>
    /// <param name="maxLineLength">Longest line in characters (<see cref="ImportLimits.MaxLineLength"/>); a longer one throws as the text path does.</param>
    /// <param name="bufferSize">Initial read buffer in bytes (default 1 MiB; grows for a longer line; tests use a few bytes).</param>
    /// <exception cref="ImportFormatException">A line longer than <paramref name="maxLineLength"/> characters (its number), or a header error.</exception>
    public static void ReadSnapUtf8(Stream content, EdgeSink sink, System.Text.Encoding decoding, int maxLineLength, int bufferSize = 1 << 20)
        => ReadSnapUtf8(content, sink, decoding, maxLineLength, bufferSize, workers: 1);

    /// <summary>
    /// <see cref="ReadSnapUtf8(Stream, EdgeSink, System.Text.Encoding, int, int)"/> with the bulk of the file parsed by
    /// <paramref name="workers"/> threads (<see cref="ReadRangesParallel"/>): the same accounts (ids in first-appearance
    /// order), rows, rejections, errors and line numbers as the one-thread reader, for any worker count and range size.
    /// </summary>
    /// <param name="content">The decompressed content, UTF-8.</param>
    /// <param name="sink">Receives the rows (on the calling thread only).</param>
    /// <param name="decoding">The decoding of non-ASCII lines.</param>
    /// <param name="maxLineLength">Longest line in characters.</param>
    /// <param name="bufferSize">The one-thread reader's initial buffer in bytes (before the first data row, and after a fall-back).</param>
    /// <param name="workers">Parsing threads, &gt;= 1; 1 reads on the calling thread only.</param>
    /// <param name="rangeBytes">Bytes per parallel range (default <see cref="DefaultRangeBytes"/>; tests use a few bytes).</param>
    /// <exception cref="ImportFormatException">A line longer than <paramref name="maxLineLength"/> characters (its number), or a header error.</exception>
    internal static void ReadSnapUtf8(Stream content, EdgeSink sink, System.Text.Encoding decoding, int maxLineLength, int bufferSize, int workers, int rangeBytes = DefaultRangeBytes)
    {
        var state = new SnapState();
        var cursor = new Utf8Cursor { Buffer = new byte[Math.Max(4, bufferSize)], AtStart = true };
        bool parallel = workers > 1 && sink.ByteRowsNeedNoWeight;
        ReadSequential(content, sink, decoding, maxLineLength, state, cursor, handOver: parallel);
        if (cursor.HandedOver)
            ReadRangesParallel(content, sink, decoding, maxLineLength, state, cursor, workers, rangeBytes);
        sink.Tick();
    }

    /// <summary>Where the one-thread reader stands: its buffer, the unread part, end of input, and the last line number.</summary>
    private sealed class Utf8Cursor
    {
        public byte[] Buffer = [];
        public int Start, End;
        public bool Eof, SkipLf, AtStart, HandedOver;
        public long LineNo;
    }

    /// <summary>
    /// The one-thread byte reader from <paramref name="cur"/> to the end of the input; with <paramref name="handOver"/> it
    /// stops (setting <see cref="Utf8Cursor.HandedOver"/>) right after the line that fixed a plain follower-followee layout
    /// without a time column (the layout whose rows the parallel reader can take), leaving the rest in the cursor.
    /// </summary>
    private static void ReadSequential(Stream content, EdgeSink sink, System.Text.Encoding decoding, int maxLineLength, SnapState state, Utf8Cursor cur, bool handOver)
    {
        Span<Range> tok = stackalloc Range[4];
        byte[] buf = cur.Buffer;
        int start = cur.Start, end = cur.End;
        bool eof = cur.Eof, skipLf = cur.SkipLf, atStart = cur.AtStart;
        long lineNo = cur.LineNo;
        while (true)
        {
            // Find the next line end in buf[start..end); refill when none and not at the end of the input.
            int rel = buf.AsSpan(start, end - start).IndexOfAny((byte)'\n', (byte)'\r');
            if (rel < 0 && !eof)
            {
                if (end - start > maxLineLength) ThrowIfLong(buf.AsSpan(start, end - start), lineNo + 1, decoding, maxLineLength); // at least as many characters as the whole line will have
                if (start > 0) { Buffer.BlockCopy(buf, start, buf, 0, end - start); end -= start; start = 0; }
                if (end == buf.Length) Array.Resize(ref buf, buf.Length * 2);
                int r = content.Read(buf, end, buf.Length - end);
                if (r == 0) eof = true; else end += r;
                if (atStart && end - start >= 3)
                {
                    if (buf[start] == 0xEF && buf[start + 1] == 0xBB && buf[start + 2] == 0xBF) start += 3;
                    atStart = false;
                }
                else if (atStart && eof) atStart = false;
                if (skipLf && end > start) { if (buf[start] == (byte)'\n') start++; skipLf = false; }
                continue;
            }
            if (rel < 0 && start == end) break; // end of input
            int len = rel < 0 ? end - start : rel;
            var line = buf.AsSpan(start, len);
            lineNo++;
            if (rel < 0) start = end;
            else
            {
                byte c = buf[start + rel];
                start += rel + 1;
                if (c == (byte)'\r')
                {
                    if (start < end) { if (buf[start] == (byte)'\n') start++; }
                    else skipLf = true;
                }
            }
            SnapLineUtf8(line, lineNo, state, sink, decoding, maxLineLength, tok);
            if (handOver && !state.First)
            {
                if (state.Layout is { Follower: 0, Followee: 1, Time: < 0 } && !atStart)
                {
                    cur.Buffer = buf; cur.Start = start; cur.End = end; cur.Eof = eof; cur.SkipLf = skipLf; cur.AtStart = false; cur.LineNo = lineNo;
                    cur.HandedOver = true;
                    return;
                }
                handOver = false; // another layout: every row takes the text path, on this thread
            }
        }
        cur.Buffer = buf; cur.Start = cur.End = 0; cur.Eof = true; cur.LineNo = lineNo;
    }

    /// <summary>One line of the byte reader: the over-long check, the fast row, or the text path's rules on the decoded line.</summary>
    private static void SnapLineUtf8(ReadOnlySpan<byte> line, long lineNo, SnapState state, EdgeSink sink, System.Text.Encoding decoding, int maxLineLength, Span<Range> tok)
    {
        if (line.Length > maxLineLength) ThrowIfLong(line, lineNo, decoding, maxLineLength);
        if (!state.First && FastRow(line, lineNo, state.Layout, sink)) return;
        SnapLine(decoding.GetString(line), lineNo, state, sink, tok);
    }

    /// <summary>The fast row: printable ASCII or tabs, two tokens, the plain layout. False when the line needs the text path.</summary>
    private static bool FastRow(ReadOnlySpan<byte> line, long no, in Layout layout, EdgeSink sink)
    {
        if (layout.Follower != 0 || layout.Followee != 1 || layout.Time >= 0) return false;
        // Printable ASCII and tabs only: then Trim and the tokenizer see exactly spaces and tabs as blanks.
        int bad = line.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (bad >= 0 && ContainsOther(line[bad..])) return false;
        int i = 0, n = line.Length;
        while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        if (i == n || line[i] == (byte)'#' || line[i] == (byte)'%') return i == n; // blank: skipped here; a comment: text path (skipped there)
        int a0 = i;
        while (i < n && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
        int a1 = i;
        while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        if (i == n) return false; // one token: an account row
        int b0 = i;
        while (i < n && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
        int b1 = i;
        while (i < n && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
        if (i != n) return false; // a third token (weight, data column, too many fields)
        sink.EdgeAscii(line[a0..a1], line[b0..b1], no);
        return true;

        static bool ContainsOther(ReadOnlySpan<byte> l)
        {
            foreach (byte b in l) if ((b < 0x20 && b != (byte)'\t') || b > 0x7E) return true;
            return false;
        }
    }

    /// <summary>Throws the text path's over-long line error when <paramref name="line"/> decodes to more than <paramref name="max"/> characters.</summary>
    private static void ThrowIfLong(ReadOnlySpan<byte> line, long no, System.Text.Encoding decoding, int max)
    {
        if (decoding.GetCharCount(line) > max)
            throw new ImportFormatException(null, no, null, $"line {no:N0} is longer than {max:N0} characters (the limit of line-oriented formats); is this really a SNAP/CSV/TSV file?");
    }

    /// <summary>Reads CSV (<paramref name="separator"/> ',') or TSV ('\t') with Sep.</summary>
    public static void ReadSeparated(TextReader text, char separator, EdgeSink sink)
    {
        using var reader = Sep.New(separator).Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
        }).From(text);
        bool first = true;
        Layout layout = default;
        foreach (var row in reader)
        {
            // Checked on the raw row before any column is read: Sep unescapes a column in place when it is read.
            string? badQuote = ImportFields.MalformedQuoting(row.Span, separator);
            int n = row.ColCount;
            long no = row.RowIndex == 0 ? 1 : row.LineNumberFrom; // Sep reports the first row's end line as its start
            if (badQuote is not null) { sink.Reject(no, null, badQuote); continue; }
            // Blank line (Sep yields one empty column) or a row of empty fields: skip.
            bool blank = true;
            for (int c = 0; c < n && blank; c++) if (!row[c].Span.Trim().IsEmpty) blank = false;
            if (blank) continue;
            if (first)
            {
                first = false;
                if (n >= 2 && TryHeaderCols(row, sink, no, out var hl)) { layout = hl; continue; }
                int used0 = n;
                while (used0 > 0 && row[used0 - 1].Span.Trim().IsEmpty) used0--;
                int ht = ResolveHeaderlessTime(sink);
                layout = new Layout(0, 1, ResolveHeaderlessWeight(sink, ht), Math.Max(Math.Max(3, ht + 1), used0), ht);
            }
            int last = n;
            while (last > 0 && row[last - 1].Span.Trim().IsEmpty) last--; // trailing separators
            if (last > layout.MaxFields)
            {
                sink.Reject(no, null, $"the row has {last} fields, more than the {layout.MaxFields} of the header (or, without one, of the first row, at least 3: follower followee [weight])");
                continue;
            }
            if (last == 1 && layout.Follower == 0) { sink.Account(row[0].Span, no); continue; }
            if (layout.Follower >= n || layout.Followee >= n)
            {
                sink.Reject(no, null, $"expected at least {Math.Max(layout.Follower, layout.Followee) + 1} fields, found {n}");
                continue;
            }
            double w = 1.0;
            bool explicitW = false;
            if (layout.Weight >= 0 && layout.Weight < n && !sink.IgnoreWeights)
            {
                ReadOnlySpan<char> wt = row[layout.Weight].Span;
                if (!wt.Trim().IsEmpty)
                {
                    string? err = sink.ParseWeight(wt, out w);
                    if (err is not null) { sink.Reject(no, "weight", err); continue; }
                    explicitW = true;
                }
            }
            if (!ReadTime(layout.Time >= 0 && layout.Time < n ? row[layout.Time].Span : default, layout, sink, no, out long time)) continue;
            sink.Edge(row[layout.Follower].Span, row[layout.Followee].Span, w, explicitW, no, time);
        }
        sink.Tick();
    }

    private static bool TryHeaderCols(SepReader.Row row, EdgeSink sink, long line, out Layout layout)
    {
        int n = row.ColCount;
        while (n > 0 && row[n - 1].Span.Trim().IsEmpty) n--; // trailing separators
        var names = new string[n];
        for (int c = 0; c < n; c++) names[c] = row[c].ToString();
        return TryHeaderNames(names, sink, line, out layout);
    }

    private static bool TryHeader(ReadOnlySpan<char> line, ReadOnlySpan<Range> firstTokens, EdgeSink sink, long no, out Layout layout)
    {
        var names = new List<string>();
        foreach (var r in line.SplitAny(" \t")) { var t = line[r]; if (!t.IsEmpty) names.Add(t.ToString()); }
        return TryHeaderNames([.. names], sink, no, out layout);
    }

    private static int CountTokens(ReadOnlySpan<char> l)
    {
        int k = 0;
        foreach (var r in l.SplitAny(" \t")) if (!l[r].IsEmpty) k++;
        return k;
    }

    /// <summary>True when the names hold a follower and a followee column: then it is a header.</summary>
    private static bool TryHeaderNames(string[] names, EdgeSink sink, long line, out Layout layout)
    {
        int f = -1, g = -1, w = -1, t = -1;
        for (int c = 0; c < names.Length; c++)
        {
            switch (ImportFields.RoleOf(names[c]))
            {
                case 0 when f < 0: f = c; break;
                case 1 when g < 0: g = c; break;
                case 2 when w < 0: w = c; break;
                case 3 when t < 0: t = c; break;
            }
        }
        layout = default;
        if (f < 0 || g < 0) return false;
        ImportFields.CheckDuplicateColumns(names, sink.Source, line);
        if (sink.WeightColumn is { } wc) w = ColumnOf(wc, names, sink, line);
        if (sink.IgnoreWeights) w = -1;
        if (sink.TimeColumn is { } tc) t = ColumnOf(tc, names, sink, line);
        if (sink.IgnoreTimes) t = -1;
        string timeName = t >= 0 && t < names.Length ? names[t].Trim().Trim('\uFEFF').Trim('"') : "time";
        layout = new Layout(f, g, w, Math.Max(names.Length, Math.Max(w, t) + 1), t, timeName);
        return true;
    }

    /// <summary>The 0-based column a caller named, by 1-based position or header name (case-insensitive).</summary>
    /// <exception cref="ImportFormatException">No header column has that name.</exception>
    private static int ColumnOf(string wanted, string[] names, EdgeSink sink, long line)
    {
        if (int.TryParse(wanted, out int pos) && pos >= 1) return pos - 1;
        for (int c = 0; c < names.Length; c++)
            if (names[c].Trim().Trim('\uFEFF').Equals(wanted, StringComparison.OrdinalIgnoreCase)) return c;
        throw new ImportFormatException(sink.Source, line, wanted, $"no column named '{wanted}' in the header ({string.Join(", ", names)})");
    }

    /// <summary>Time position in a headerless file: none unless given by its 1-based position.</summary>
    private static int ResolveHeaderlessTime(EdgeSink sink)
    {
        if (sink.TimeColumn is null) return -1;
        if (int.TryParse(sink.TimeColumn, out int pos) && pos >= 1) return pos - 1;
        throw new ImportFormatException(sink.Source, 0, sink.TimeColumn, "the file has no header, so the time column must be given by its 1-based position (e.g. 4)");
    }

    /// <summary>Weight position in a headerless file: the third column unless told otherwise, or unless the time column is the third.</summary>
    private static int ResolveHeaderlessWeight(EdgeSink sink, int time = -1)
    {
        if (sink.IgnoreWeights) return -1;
        if (sink.WeightColumn is null) return time == 2 ? -1 : 2;
        if (int.TryParse(sink.WeightColumn, out int pos) && pos >= 1) return pos - 1;
        if (ImportFields.RoleOf(sink.WeightColumn) == 2) return 2;
        throw new ImportFormatException(sink.Source, 0, sink.WeightColumn, "the file has no header, so the weight column must be given by its 1-based position");
    }

    /// <summary>Splits on spaces/tabs into the first 3 tokens (+ a 4th holding the count overflow); returns the token count (capped at 4).</summary>
    private static int Tokenize(ReadOnlySpan<char> l, Span<Range> tok, out int dataStart)
    {
        int n = 0, i = 0;
        dataStart = -1;
        while (i < l.Length && n < 4)
        {
            while (i < l.Length && (l[i] == ' ' || l[i] == '\t')) i++;
            if (i >= l.Length) break;
            if (n == 2 && l[i] == '{') { dataStart = i; tok[n++] = new Range(i, l.Length); break; }
            int s = i;
            while (i < l.Length && l[i] != ' ' && l[i] != '\t') i++;
            tok[n++] = new Range(s, i);
        }
        return n;
    }

    private static ReadOnlySpan<char> NthToken(ReadOnlySpan<char> l, int index)
    {
        int k = 0;
        foreach (var r in l.SplitAny(" \t"))
        {
            if (l[r].IsEmpty) continue;
            if (k++ == index) return l[r];
        }
        return default;
    }

    private static void ReadGeneric(ReadOnlySpan<char> l, long no, Layout layout, EdgeSink sink)
    {
        var toks = new List<string>();
        foreach (var r in l.SplitAny(" \t")) if (!l[r].IsEmpty) toks.Add(l[r].ToString());
        if (toks.Count > layout.MaxFields)
        {
            sink.Reject(no, null, $"the row has {toks.Count} fields, more than the {layout.MaxFields} of the header");
            return;
        }
        if (layout.Follower >= toks.Count || layout.Followee >= toks.Count)
        {
            sink.Reject(no, null, $"expected at least {Math.Max(layout.Follower, layout.Followee) + 1} fields, found {toks.Count}");
            return;
        }
        double w = 1.0;
        bool explicitW = false;
        if (layout.Weight >= 0 && layout.Weight < toks.Count && !sink.IgnoreWeights)
        {
            string? err = sink.ParseWeight(toks[layout.Weight], out w);
            if (err is not null) { sink.Reject(no, "weight", err); return; }
            explicitW = true;
        }
        if (!ReadTime(layout.Time >= 0 && layout.Time < toks.Count ? toks[layout.Time] : default, layout, sink, no, out long time)) return;
        sink.Edge(toks[layout.Follower], toks[layout.Followee], w, explicitW, no, time);
    }

    /// <summary>
    /// Reads the <c>'weight'</c> entry of a NetworkX data column (a Python dict literal such as
    /// <c>{'weight': 0.5, 'sign': -1}</c>); no weight key = weight 1. Returns null or the reason.
    /// </summary>
    internal static string? ParseDataDict(ReadOnlySpan<char> dict, out double weight, out bool found)
    {
        weight = 1.0;
        found = false;
        ReadOnlySpan<char> d = dict.Trim();
        if (d.Length < 2 || d[0] != '{' || d[^1] != '}') return $"data column '{ImportFields.Shorten(d)}' is not a {{'key': value}} dict";
        d = d[1..^1];
        while (!d.IsEmpty)
        {
            int comma = IndexOfTopLevelComma(d);
            ReadOnlySpan<char> item = (comma < 0 ? d : d[..comma]).Trim();
            d = comma < 0 ? default : d[(comma + 1)..];
            if (item.IsEmpty) continue;
            int colon = item.IndexOf(':');
            if (colon < 0) return $"data column entry '{ImportFields.Shorten(item)}' has no ':'";
            ReadOnlySpan<char> key = item[..colon].Trim().Trim('\'').Trim('"');
            if (!key.Equals("weight", StringComparison.Ordinal)) continue;
            string? err = ImportFields.TryParseWeight(item[(colon + 1)..], out weight);
            if (err is not null) return err;
            found = true;
        }
        return null;
    }

    private static int IndexOfTopLevelComma(ReadOnlySpan<char> s)
    {
        char quote = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == ',') return i;
        }
        return -1;
    }
}
