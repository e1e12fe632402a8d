using System.Text;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// An input of the import pipeline, opened once as a forward-only stream: gzip is recognised by its
/// magic bytes (<c>1f 8b</c>) and decompressed on the fly, the first bytes of the (decompressed)
/// content are kept for format detection, and the compressed bytes consumed are counted for progress.
/// </summary>
/// <remarks>
/// Gzip is read with <see cref="CheckedDecoders.Gzip"/> (the decoder HTTP bodies use too), which checks
/// every member's header and trailer (CRC-32 and ISIZE, RFC 1952 section 2.3.1) and fails on a
/// truncated member or on any byte after the last member that does not start another complete
/// member. Such a fault surfaces as an <see cref="ImportFormatException"/> ("the gzip stream is
/// truncated or corrupt") whose inner exception is the <see cref="CorruptEncodingException"/>, never
/// as a partial input. The decompressed content is limited to the decompression budget
/// (<see cref="DecodedSizeLimitException"/> past it).
/// </remarks>
/// <remarks>Nothing is buffered beyond a fixed-size look-ahead (4 KiB), so memory does not grow with the input.</remarks>
internal sealed class ImportInput : IDisposable
{
    private const int PeekSize = 4096;
    private readonly CountingStream _counting;
    private readonly Stream _content;

    private Encoding _encoding = Utf8Marking;

    /// <summary>
    /// UTF-8 whose decoder turns every invalid byte sequence into the noncharacter U+FDD0
    /// (<see cref="Graph.AccountIndex.InvalidUtf8Marker"/>) instead of U+FFFD: the handle then fails <see cref="Graph.AccountIndex.CheckHandle"/> and its
    /// row is rejected with its line ("invalid UTF-8"), so distinct invalid byte strings never merge
    /// into one account. A real U+FFFD in the input is still accepted.
    /// </summary>
    private static readonly Encoding Utf8Marking = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new MarkingFallback());

    private ImportInput(CountingStream counting, Stream content, byte[] head, bool gzip)
    {
        _counting = counting;
        _content = content;
        Head = head;
        IsGzip = gzip;
    }

    /// <summary>The first bytes of the decompressed content (up to 4 KiB).</summary>
    public byte[] Head { get; }

    /// <summary>True when the input was gzip-compressed.</summary>
    public bool IsGzip { get; }

    /// <summary>Raw bytes consumed so far (compressed bytes for gzip).</summary>
    public long BytesRead => _counting.BytesRead;

    /// <summary>Total raw length when the stream can tell it, else null.</summary>
    public long? TotalBytes => _counting.TotalBytes;

    /// <summary>The decompressed content, positioned at its start (the look-ahead is replayed).</summary>
    public Stream Content => _content;

    /// <summary>Opens <paramref name="raw"/> (not disposed by this object).</summary>
    /// <param name="raw">The input bytes.</param>
    /// <param name="contentType">HTTP content type; its <c>charset</c> parameter, when present, chooses the text decoding (default UTF-8).</param>
    /// <exception cref="ImportFormatException">The charset is unknown, or the gzip stream is corrupt.</exception>
    /// <param name="maxDecompressedBytes">Decompression budget of gzip content (null = <see cref="CheckedDecoders.DefaultMaxDecompressedBytes"/>).</param>
    /// <exception cref="DecodedSizeLimitException">Already the look-ahead is over the budget.</exception>
    public static ImportInput Open(Stream raw, string? contentType = null, long? maxDecompressedBytes = null)
    {
        var encoding = EncodingOf(contentType);
        ArgumentNullException.ThrowIfNull(raw);
        var counting = new CountingStream(raw);
        var magic = new byte[2];
        int m = ReadFully(counting, magic);
        Stream afterMagic = new PrefixedStream(magic.AsSpan(0, m).ToArray(), counting);
        bool gzip = m == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream content = gzip
            ? new FormatErrors(CheckedDecoders.Limit(CheckedDecoders.Gzip(afterMagic), maxDecompressedBytes ?? CheckedDecoders.DefaultMaxDecompressedBytes, "gzip content"))
            : afterMagic;
        var head = new byte[PeekSize];
        int h = ReadFully(content, head);
        Array.Resize(ref head, h);
        return new ImportInput(counting, new PrefixedStream(head, content), head, gzip) { _encoding = encoding };
    }

    /// <summary>
    /// A text reader over the content: UTF-8 unless the content type declared another charset; a BOM
    /// (UTF-8/16) is detected and stripped. Invalid UTF-8 becomes U+FDD0 (see <see cref="Utf8Marking"/>).
    /// With <paramref name="limitLines"/>, a physical line longer than <see cref="ImportLimits.MaxLineLength"/>
    /// throws <see cref="ImportFormatException"/> (for line-oriented formats).
    /// </summary>
    public TextReader OpenText(bool limitLines = false) => OpenText(limitLines ? TextLimit.Lines : TextLimit.None);

    /// <summary>How <see cref="OpenText(TextLimit)"/> bounds the length of what a parser may hold.</summary>
    internal enum TextLimit
    {
        /// <summary>No bound (the parser bounds its values itself, e.g. GML).</summary>
        None,
        /// <summary>Physical lines of at most <see cref="ImportLimits.MaxLineLength"/> characters (SNAP).</summary>
        Lines,
        /// <summary>Lines as above, and records (line breaks inside double quotes included) of at most <see cref="ImportLimits.MaxValueLength"/> (CSV/TSV).</summary>
        QuotedRecords,
        /// <summary>No run of more than <see cref="ImportLimits.MaxValueLength"/> characters without <c>&lt;</c> or <c>&gt;</c> (XML).</summary>
        Markup,
    }

    /// <summary>A text reader bounded as <paramref name="limit"/> says (see <see cref="OpenText(bool)"/>).</summary>
    internal TextReader OpenText(TextLimit limit)
    {
        var reader = new StreamReader(_content, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return limit switch
        {
            TextLimit.Lines => new LineLimitReader(reader, ImportLimits.MaxLineLength, quoted: false),
            TextLimit.QuotedRecords => new LineLimitReader(reader, ImportLimits.MaxLineLength, quoted: true),
            TextLimit.Markup => new MarkupRunLimitReader(reader, ImportLimits.MaxValueLength),
            _ => reader,
        };
    }

    /// <summary>The encoding named by the <c>charset</c> parameter of a content type (UTF-8 when absent).</summary>
    /// <exception cref="ImportFormatException">The charset is not one .NET knows.</exception>
    internal static Encoding EncodingOf(string? contentType)
    {
        if (ContentTypeHeader.Parse(contentType).Charset is not { } name) return Utf8Marking;
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)) return Utf8Marking;
        try { return Encoding.GetEncoding(name); }
        catch (ArgumentException e)
        {
            throw new ImportFormatException(null, 0, null, $"unknown charset '{name}' in content type '{contentType}' (supported: utf-8, utf-16, utf-16le, utf-16be, utf-32, us-ascii, iso-8859-1/latin1)", e);
        }
    }

    /// <summary>
    /// True when the text is read as UTF-8 (no other charset declared) and does not open with a UTF-16 or UTF-32
    /// byte-order mark (which the text reader would follow): then a parser may read <see cref="Content"/> as UTF-8 bytes.
    /// </summary>
    public bool IsPlainUtf8 => ReferenceEquals(_encoding, Utf8Marking)
        && !(Head.Length >= 2 && ((Head[0] == 0xFF && Head[1] == 0xFE) || (Head[0] == 0xFE && Head[1] == 0xFF)))
        && !(Head.Length >= 4 && Head[0] == 0 && Head[1] == 0 && Head[2] == 0xFE && Head[3] == 0xFF);

    /// <summary>The declared charset's encoding, for the consistency check of <see cref="ImportFormatDetector"/>.</summary>
    internal Encoding DeclaredEncoding => _encoding;

    /// <summary>Turns a corrupt gzip stream into an <see cref="ImportFormatException"/> without a line (the content as a whole is unreadable).</summary>
    private sealed class FormatErrors(Stream inner) : ReadOnlyForwardStream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try { return inner.Read(buffer); }
            catch (CorruptEncodingException e)
            {
                throw new ImportFormatException(null, 0, null, "the gzip stream is truncated or corrupt (" + e.Reason + "); nothing was imported", e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private static int ReadFully(Stream s, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int r = s.Read(buffer, total, buffer.Length - total);
            if (r == 0) break;
            total += r;
        }
        return total;
    }

    /// <inheritdoc />
    public void Dispose() => _content.Dispose();

    /// <summary>Counts bytes read from the raw stream (never disposes it).</summary>
    private sealed class CountingStream(Stream inner) : ReadOnlyForwardStream
    {
        public long BytesRead { get; private set; }

        public long? TotalBytes
        {
            get
            {
                try { return inner.CanSeek ? inner.Length : null; }
                catch (NotSupportedException) { return null; }
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int r = inner.Read(buffer);
            BytesRead += r;
            return r;
        }

        protected override long? CountedBytes => BytesRead;
    }

    /// <summary>Replays <c>prefix</c>, then reads <c>inner</c>.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ReadOnlyForwardStream
    {
        private int _pos;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pos < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _pos);
                prefix.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && inner is FormatErrors) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Decoder fallback producing one U+FDD0 per invalid byte sequence.</summary>
    private sealed class MarkingFallback : DecoderFallback
    {
        public override int MaxCharCount => 1;
        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private int _left;
            public override bool Fallback(byte[] bytesUnknown, int index) { _left = 1; return true; }
            public override char GetNextChar() => _left-- > 0 ? Graph.AccountIndex.InvalidUtf8Marker : '\0';
            public override bool MovePrevious() { if (_left >= 1) return false; _left++; return true; }
            public override int Remaining => Math.Max(_left, 0);
            public override void Reset() => _left = 0;
        }
    }

    /// <summary>
    /// Passes text through, failing as soon as a physical line (ended by LF, CR or CRLF) grows
    /// beyond the limit, so a single enormous line is never held in memory by the reader above.
    /// </summary>
    private sealed class LineLimitReader(TextReader inner, int limit, bool quoted) : TextReader
    {
        private long _line = 1;
        private int _run;
        private bool _inQuotes;
        private long _record;      // characters of the current record (quoted line breaks included)
        private long _recordLine = 1;

        public override int Read(Span<char> buffer)
        {
            int r = inner.Read(buffer);
            Check(buffer[..r]);
            return r;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read()
        {
            int c = inner.Read();
            if (c >= 0) Check([(char)c]);
            return c;
        }

        public override int Peek() => inner.Peek();

        private void Check(ReadOnlySpan<char> chunk)
        {
            if (quoted) CheckRecords(chunk);
            while (true)
            {
                int i = chunk.IndexOfAny('\n', '\r');
                int upto = i < 0 ? chunk.Length : i;
                if ((long)_run + upto > limit)
                    throw new ImportFormatException(null, _line, null, $"line {_line:N0} is longer than {limit:N0} characters (the limit of line-oriented formats); is this really a SNAP/CSV/TSV file?");
                if (i < 0) { _run += upto; return; }
                // CRLF counts as one line end; a CR at a chunk end followed by LF is counted twice,
                // which only shifts the reported number of an over-long line, never hides one.
                if (chunk[i] == '\r' && i + 1 < chunk.Length && chunk[i + 1] == '\n') i++;
                _line++;
                _run = 0;
                chunk = chunk[(i + 1)..];
            }
        }

        /// <summary>
        /// Tracks double quotes (RFC 4180: a doubled quote inside quotes toggles twice, so it cancels out)
        /// and fails when one record, line breaks inside quotes included, exceeds <see cref="ImportLimits.MaxValueLength"/>.
        /// </summary>
        private void CheckRecords(ReadOnlySpan<char> chunk)
        {
            foreach (char c in chunk)
            {
                if (c == '"') _inQuotes = !_inQuotes;
                else if (!_inQuotes && c == '\n') { _record = 0; _recordLine = _line + 1; continue; }
                if (++_record > ImportLimits.MaxValueLength)
                    throw new ImportFormatException(null, _recordLine, null, $"the record starting on line {_recordLine:N0} is longer than {ImportLimits.MaxValueLength:N0} characters (an unterminated double quote?)");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Fails when more than <c>limit</c> characters pass without a <c>&lt;</c> or <c>&gt;</c> (one XML attribute value or text run).</summary>
    private sealed class MarkupRunLimitReader(TextReader inner, int limit) : TextReader
    {
        private int _run;
        private long _line = 1;

        public override int Read(Span<char> buffer)
        {
            int r = inner.Read(buffer);
            Check(buffer[..r]);
            return r;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read()
        {
            int c = inner.Read();
            if (c >= 0) Check([(char)c]);
            return c;
        }

        public override int Peek() => inner.Peek();

        private void Check(ReadOnlySpan<char> chunk)
        {
            while (!chunk.IsEmpty)
            {
                int i = chunk.IndexOfAny('<', '>');
                int upto = i < 0 ? chunk.Length : i;
                _line += chunk[..upto].Count('\n');
                if ((long)_run + upto > limit)
                    throw new ImportFormatException(null, _line, null, $"a value (attribute or text) near line {_line:N0} is longer than {limit:N0} characters (the per-value limit)");
                if (i < 0) { _run += upto; return; }
                _run = 0;
                chunk = chunk[(i + 1)..];
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
