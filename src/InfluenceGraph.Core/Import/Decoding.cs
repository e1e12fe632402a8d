using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Compressed input that does not decode as declared: not data of that encoding, truncated, a CRC-32,
/// Adler-32 or length mismatch, or bytes after the end that are not a further complete member.
/// Nothing decoded from it may be used.
/// </summary>
/// <param name="encoding">gzip, deflate (zlib) or br.</param>
/// <param name="reason">What is wrong, without a trailing period.</param>
/// <param name="inner">The decoder's exception, if any.</param>
public sealed class CorruptEncodingException(string encoding, string reason, Exception? inner = null)
    : IOException($"the {encoding} data is corrupt: {reason}", inner)
{
    /// <summary>gzip, deflate or br.</summary>
    public string Encoding { get; } = encoding;

    /// <summary>What is wrong.</summary>
    public string Reason { get; } = reason;
}

/// <summary>Decoded (decompressed) input grew past its budget; nothing of it may be used.</summary>
/// <param name="limit">The budget in bytes.</param>
/// <param name="what">What was decoded (e.g. <c>gzip content</c>).</param>
public sealed class DecodedSizeLimitException(long limit, string what)
    : IOException($"The {what} decompresses to more than the limit of {limit:N0} bytes (MaxDecompressedBytes); nothing was imported.")
{
    /// <summary>The budget in bytes.</summary>
    public long Limit { get; } = limit;

    /// <summary>What was decoded.</summary>
    public string What { get; } = what;
}

/// <summary>
/// The one set of decoders of the import pipeline (gzip, zlib "deflate", brotli), shared by files
/// (<c>.gz</c> or gzip magic bytes) and HTTP bodies (<c>Content-Encoding</c>, <c>application/gzip</c>).
/// Each returns a forward-only stream that either yields exactly the encoded content or throws
/// <see cref="CorruptEncodingException"/>; none returns a partial body silently.
/// </summary>
/// <remarks>
/// <para><b>Gzip</b> (RFC 1952) is read member by member: each header is parsed here (magic
/// <c>1f 8b</c>, method 8, no reserved flag, optional extra/name/comment/header-CRC fields), its
/// deflate data inflated with SharpZipLib's raw <see cref="Inflater"/>, and its trailer (CRC-32 and
/// ISIZE) checked. After a member the input must end, or hold another complete member: any other
/// byte — garbage, a few stray bytes even when they start with <c>1f 8b</c>, a second member cut in
/// its header, its data or its trailer — is an error ("concatenated members are read; anything else after
/// the end is refused").</para>
/// <para><b>Deflate</b> is zlib (RFC 1950, as RFC 9110 section 8.4.1.2 defines the content coding):
/// header checked, Adler-32 checked, nothing may follow. <b>Brotli</b> (RFC 7932) uses
/// <see cref="BrotliDecoder"/>, which tells a finished stream from a truncated one; nothing may follow.</para>
/// </remarks>
public static class CheckedDecoders
{
    /// <summary>A checked decoder for a content coding name: <c>gzip</c>/<c>x-gzip</c>, <c>deflate</c>, <c>br</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another name.</exception>
    public static Stream Decode(Stream encoded, string encoding) => encoding.Trim().ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => Gzip(encoded),
        "deflate" => Zlib(encoded),
        "br" => Brotli(encoded),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported content coding (gzip, deflate, br)."),
    };

    /// <summary>Gzip (one or more members); <paramref name="encoded"/> is not disposed.</summary>
    public static Stream Gzip(Stream encoded) => new GzipReader(encoded);

    /// <summary>Zlib (RFC 1950); <paramref name="encoded"/> is not disposed.</summary>
    public static Stream Zlib(Stream encoded) => new ZlibReader(encoded);

    /// <summary>Brotli (RFC 7932); <paramref name="encoded"/> is not disposed.</summary>
    public static Stream Brotli(Stream encoded) => new BrotliReader(encoded);

    /// <summary>
    /// Passes <paramref name="decoded"/> through, throwing <see cref="DecodedSizeLimitException"/> as soon as
    /// more than <paramref name="maxBytes"/> bytes came out (the decompression budget); disposes it.
    /// </summary>
    public static Stream Limit(Stream decoded, long maxBytes, string what) => new BudgetStream(decoded, maxBytes, what);

    /// <summary>
    /// The decompression budget used when none is configured: half the memory available to the
    /// process (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours container limits),
    /// at least 256 MiB. Decoded text is streamed, not held, but a graph built from it needs memory of
    /// the same order (about 14-40 bytes per edge for 10-20 bytes of text).
    /// </summary>
    public static long DefaultMaxDecompressedBytes
    {
        get
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return available <= 0 ? 8L << 30 : Math.Max(256L << 20, available / 2);
        }
    }

    private abstract class Reader(Stream raw) : ReadOnlyForwardStream
    {
        protected readonly Stream Raw = raw;
        protected readonly byte[] In = ArrayPool<byte>.Shared.Rent(1 << 16);
        protected int Pos, Len;
        protected bool RawEnded;
        private bool _disposed;

        /// <summary>Makes input available; false at the end of the raw stream.</summary>
        protected bool Fill()
        {
            if (Pos < Len) return true;
            if (RawEnded) return false;
            Pos = 0;
            Len = Raw.Read(In, 0, In.Length);
            if (Len == 0) { RawEnded = true; return false; }
            return true;
        }

        protected int ReadByteOrEof() => Fill() ? In[Pos++] : -1;

        /// <summary>True when nothing follows (the raw stream is at its end).</summary>
        protected bool AtEnd() => !Fill();

        protected override void Dispose(bool disposing)
        {
            if (!_disposed && disposing) { _disposed = true; ArrayPool<byte>.Shared.Return(In); }
            base.Dispose(disposing);
        }
    }

    private sealed class GzipReader(Stream raw) : Reader(raw)
    {
        private enum State { Header, Body, Done }

        private State _state = State.Header;
        private readonly Inflater _inflater = new(noHeader: true);
        private readonly Crc32 _crc = new();
        private uint _size;
        private int _members;

        private static CorruptEncodingException Corrupt(string reason, Exception? inner = null) => new("gzip", reason, inner);

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            while (true)
            {
                switch (_state)
                {
                    case State.Done:
                        return 0;
                    case State.Header:
                        if (_members > 0 && AtEnd()) { _state = State.Done; return 0; }
                        ReadHeader();
                        _state = State.Body;
                        break;
                    case State.Body:
                        int n = Inflate(buffer, offset, count);
                        if (n > 0) return n;
                        break; // member finished: trailer checked, next header
                }
            }
        }

        private byte Need(string where)
        {
            int b = ReadByteOrEof();
            if (b < 0)
                throw Corrupt(_members == 0
                    ? $"the stream ends inside the gzip {where} (truncated)"
                    : $"bytes after the end of gzip member {_members} are not a complete gzip member: the input ends inside the next member's {where} (trailing garbage, or a concatenated file cut short)");
            return (byte)b;
        }

        private void ReadHeader()
        {
            int id1 = Need("header"), id2 = Need("header");
            if (id1 != 0x1f || id2 != 0x8b)
                throw Corrupt(_members == 0
                    ? "not gzip data (the first bytes are not 1f 8b)"
                    : $"bytes after the end of gzip member {_members} are not gzip (trailing garbage)");
            if (Need("header") != 8) throw Corrupt("unknown compression method (only 8, deflate, exists)");
            int flags = Need("header");
            if ((flags & 0xE0) != 0) throw Corrupt("reserved header flags are set");
            for (int i = 0; i < 6; i++) Need("header"); // MTIME, XFL, OS
            if ((flags & 0x04) != 0)
            {
                int xlen = Need("header") | (Need("header") << 8);
                for (int i = 0; i < xlen; i++) Need("header");
            }
            if ((flags & 0x08) != 0) while (Need("header") != 0) { } // file name
            if ((flags & 0x10) != 0) while (Need("header") != 0) { } // comment
            if ((flags & 0x02) != 0) { Need("header"); Need("header"); } // header CRC-16
            _inflater.Reset();
            _crc.Reset();
            _size = 0;
        }

        private int Inflate(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                int n;
                try
                {
                    if (_inflater.IsNeedingInput)
                    {
                        if (!Fill()) throw Corrupt($"the stream ends inside the compressed data of gzip member {_members + 1} (truncated)");
                        _inflater.SetInput(In, Pos, Len - Pos);
                        Pos = Len;
                    }
                    n = _inflater.Inflate(buffer, offset, count);
                }
                catch (SharpZipBaseException e) { throw Corrupt("invalid deflate data (" + e.Message.TrimEnd('.') + ")", e); }
                if (n > 0)
                {
                    _crc.Update(new ArraySegment<byte>(buffer, offset, n));
                    _size += (uint)n;
                    return n;
                }
                if (_inflater.IsFinished)
                {
                    Pos = Len - _inflater.RemainingInput; // give back what the inflater did not use
                    ReadTrailer();
                    return 0;
                }
                if (_inflater.IsNeedingDictionary) throw Corrupt("the deflate data needs a preset dictionary");
                if (!_inflater.IsNeedingInput) throw Corrupt("the deflate data makes no progress");
            }
        }

        private void ReadTrailer()
        {
            Span<byte> t = stackalloc byte[8];
            for (int i = 0; i < 8; i++) t[i] = NeedTrailer();
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(t);
            uint isize = BinaryPrimitives.ReadUInt32LittleEndian(t[4..]);
            if (crc != (uint)_crc.Value) throw Corrupt($"CRC-32 mismatch in member {_members + 1} (stored {crc:x8}, computed {(uint)_crc.Value:x8})");
            if (isize != _size) throw Corrupt($"length mismatch in member {_members + 1} (stored {isize}, decoded {_size} modulo 2^32)");
            _members++;
            _state = State.Header;
        }

        private byte NeedTrailer()
        {
            int b = ReadByteOrEof();
            if (b < 0) throw Corrupt($"the stream ends inside the trailer (CRC-32, length) of gzip member {_members + 1} (truncated)");
            return (byte)b;
        }
    }

    private sealed class ZlibReader(Stream raw) : Reader(raw)
    {
        private readonly Inflater _inflater = new(noHeader: true);
        private readonly Adler32 _adler = new();
        private bool _started, _done;

        private static CorruptEncodingException Corrupt(string reason, Exception? inner = null) => new("deflate (zlib)", reason, inner);

        private byte Need(string where)
        {
            int b = ReadByteOrEof();
            if (b < 0) throw Corrupt($"the stream ends inside the zlib {where} (truncated)");
            return (byte)b;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done || count == 0) return 0;
            if (!_started)
            {
                _started = true;
                int cmf = Need("header"), flg = Need("header");
                if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0) throw Corrupt("not zlib data (bad header)");
                if ((flg & 0x20) != 0) throw Corrupt("the zlib data needs a preset dictionary");
            }
            while (true)
            {
                int n;
                try
                {
                    if (_inflater.IsNeedingInput)
                    {
                        if (!Fill()) throw Corrupt("the stream ends inside the compressed data (truncated)");
                        _inflater.SetInput(In, Pos, Len - Pos);
                        Pos = Len;
                    }
                    n = _inflater.Inflate(buffer, offset, count);
                }
                catch (SharpZipBaseException e) { throw Corrupt("invalid deflate data (" + e.Message.TrimEnd('.') + ")", e); }
                if (n > 0)
                {
                    _adler.Update(new ArraySegment<byte>(buffer, offset, n));
                    return n;
                }
                if (_inflater.IsFinished)
                {
                    _done = true;
                    Pos = Len - _inflater.RemainingInput;
                    uint stored = 0;
                    for (int i = 0; i < 4; i++) stored = (stored << 8) | Need("trailer (Adler-32)");
                    if (stored != (uint)_adler.Value) throw Corrupt($"Adler-32 mismatch (stored {stored:x8}, computed {(uint)_adler.Value:x8})");
                    if (!AtEnd()) throw Corrupt("bytes after the end of the zlib data");
                    return 0;
                }
                if (_inflater.IsNeedingDictionary) throw Corrupt("the deflate data needs a preset dictionary");
                if (!_inflater.IsNeedingInput) throw Corrupt("the deflate data makes no progress");
            }
        }
    }

    private sealed class BrotliReader(Stream raw) : Reader(raw)
    {
        private BrotliDecoder _decoder;
        private bool _finished;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_finished || count == 0) return 0;
            while (true)
            {
                bool more = Fill();
                var status = _decoder.Decompress(In.AsSpan(Pos, Len - Pos), buffer.AsSpan(offset, count), out int consumed, out int written);
                Pos += consumed;
                switch (status)
                {
                    case OperationStatus.InvalidData: throw new CorruptEncodingException("br", "not valid brotli data");
                    case OperationStatus.Done:
                        _finished = true;
                        if (!AtEnd()) throw new CorruptEncodingException("br", "bytes after the end of the brotli data");
                        return written;
                    case OperationStatus.NeedMoreData when !more && written == 0:
                        throw new CorruptEncodingException("br", "the brotli stream is truncated");
                }
                if (written > 0) return written;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _decoder.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class BudgetStream(Stream inner, long limit, string what) : ReadOnlyForwardStream
    {
        private long _out;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            _out += n;
            if (_out > limit) throw new DecodedSizeLimitException(limit, what);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _out += n;
            if (_out > limit) throw new DecodedSizeLimitException(limit, what);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        protected override long? CountedBytes => _out;
    }
}

/// <summary>
/// The one parser of HTTP content types in the import pipeline (RFC 9110 section 8.3.1):
/// <c>type/subtype</c> lower-cased, parameters split at <c>;</c>, names case-insensitive, values
/// optionally quoted (with backslash escapes).
/// </summary>
/// <param name="MediaType">The media type in lower case, or null when the header is empty.</param>
/// <param name="Charset">The <c>charset</c> parameter as given (unquoted), or null.</param>
public readonly record struct ContentTypeHeader(string? MediaType, string? Charset)
{
    /// <summary>Parses a content type; a malformed one yields what could be read (never throws).</summary>
    public static ContentTypeHeader Parse(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return default;
        string[] parts = SplitParameters(contentType);
        string media = parts[0].Trim().ToLowerInvariant();
        return new ContentTypeHeader(media.Length == 0 ? null : media, Parameter(contentType, "charset"));
    }

    /// <summary>
    /// The value of the parameter <paramref name="name"/> (matched case-insensitively, unquoted) of
    /// <paramref name="contentType"/>, or null when absent or empty — e.g. the <c>boundary</c> of a
    /// <c>multipart/form-data</c> body (RFC 2046 section 5.1.1).
    /// </summary>
    public static string? Parameter(string? contentType, string name)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        string[] parts = SplitParameters(contentType);
        for (int i = 1; i < parts.Length; i++)
        {
            string p = parts[i];
            int eq = p.IndexOf('=');
            if (eq < 0 || !p[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            string value = Unquote(p[(eq + 1)..].Trim());
            return value.Length == 0 ? null : value;
        }
        return null;
    }

    /// <summary>True when the media type is <c>type/subtype</c> with token characters only.</summary>
    public bool IsWellFormed => MediaType is { } m && m.IndexOf('/') is int slash && slash > 0 && slash < m.Length - 1
        && m.AsSpan().IndexOfAny(" \t\"(),:;<=>?@[\\]{}") < 0 && m.IndexOf('/', slash + 1) < 0;

    private static string[] SplitParameters(string s)
    {
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quoted && c == '\\' && i + 1 < s.Length) { cur.Append(c).Append(s[++i]); continue; }
            if (c == '"') quoted = !quoted;
            if (c == ';' && !quoted) { parts.Add(cur.ToString()); cur.Clear(); continue; }
            cur.Append(c);
        }
        parts.Add(cur.ToString());
        return [.. parts];
    }

    private static string Unquote(string v)
    {
        if (v.Length < 2 || v[0] != '"' || v[^1] != '"') return v;
        var sb = new System.Text.StringBuilder(v.Length);
        for (int i = 1; i < v.Length - 1; i++)
        {
            if (v[i] == '\\' && i + 1 < v.Length - 1) i++;
            sb.Append(v[i]);
        }
        return sb.ToString();
    }
}
