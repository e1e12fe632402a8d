using System.Text;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// An input of the import pipeline, opened once as a forward-only stream: gzip is recognised by its
/// magic bytes (<c>1f 8b</c>) and decompressed on the fly, the first bytes of the (decompressed)
/// content are kept for format detection, and the compressed bytes consumed are counted for progress.
/// </summary>
/// <remarks>
/// Gzip is read with SharpZipLib's <see cref="GZipInputStream"/>, which checks every member's
/// trailer (CRC-32 and ISIZE, RFC 1952 section 2.3.1) and fails on a truncated member or on bytes
/// after the last member that are not another member; .NET's <c>GZipStream</c> silently returns
/// the part of a truncated file it could inflate. Any such fault surfaces as an
/// <see cref="ImportFormatException"/> ("the gzip stream is truncated or corrupt"), never as a
/// partial input.
/// </remarks>
/// <remarks>Nothing is buffered beyond a fixed-size look-ahead (4 KiB), so memory does not grow with the input.</remarks>
internal sealed class ImportInput : IDisposable
{
    private const int PeekSize = 4096;
    private readonly CountingStream _counting;
    private readonly Stream _content;

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
    public static ImportInput Open(Stream raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var counting = new CountingStream(raw);
        var magic = new byte[2];
        int m = ReadFully(counting, magic);
        Stream afterMagic = new PrefixedStream(magic.AsSpan(0, m).ToArray(), counting);
        bool gzip = m == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        Stream content = gzip ? CheckedGzipStream.Over(afterMagic) : afterMagic;
        var head = new byte[PeekSize];
        int h = ReadFully(content, head);
        Array.Resize(ref head, h);
        return new ImportInput(counting, new PrefixedStream(head, content), head, gzip);
    }

    /// <summary>A text reader over the content: UTF-8, a BOM (UTF-8/16) is detected and stripped.</summary>
    public StreamReader OpenText() =>
        new(_content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
            detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

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
    private sealed class CountingStream(Stream inner) : Stream
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

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Replays <c>prefix</c>, then reads <c>inner</c>.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
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
            if (disposing && inner is CheckedGzipStream) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// Wraps the gzip decoder so that every fault it reports (bad CRC or length, unexpected end of
    /// the compressed data, garbage after a member, invalid deflate data) becomes an
    /// <see cref="ImportFormatException"/> without a line: the content as a whole is unreadable.
    /// </summary>
    private sealed class CheckedGzipStream(CheckedGzipStream.Decoder inner) : Stream
    {
        private bool _done;

        public static CheckedGzipStream Over(Stream compressed)
        {
            var counted = new CountingStream(compressed);
            return new CheckedGzipStream(new Decoder(counted) { IsStreamOwner = false });
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done || count == 0) return 0;
            try
            {
                long consumedBefore = inner.Consumed;
                int r = inner.Read(buffer, offset, count);
                if (r > 0) return r;
                _done = true;
                // SharpZipLib ends quietly when the bytes after a complete member are not another
                // member ("trailing garbage"); the member-reading code consumed some of them then.
                // Bytes left in its buffer, or fewer consumed than the smallest possible member
                // (20 bytes: an empty one), are such garbage.
                long extra = inner.Consumed - consumedBefore;
                if (inner.Buffered > 0 || extra is > 0 and < 20)
                    throw new ImportFormatException(null, 0, null, "the gzip stream is corrupt: bytes after the end of the compressed data are not gzip (trailing garbage, or a concatenated file cut short); nothing was imported");
                return 0;
            }
            catch (Exception e) when (e is SharpZipBaseException or EndOfStreamException or InvalidDataException)
            {
                throw new ImportFormatException(null, 0, null, "the gzip stream is truncated or corrupt (" + e.Message.TrimEnd('.') + "); nothing was imported", e);
            }
        }

        /// <summary>Exposes how many compressed bytes the decoder took and how many it still buffers.</summary>
        internal sealed class Decoder(CountingStream raw) : GZipInputStream(raw)
        {
            public long Buffered => inputBuffer.Available;
            public long Consumed => raw.BytesRead - inputBuffer.Available;
        }

        public override int Read(Span<byte> buffer)
        {
            byte[] tmp = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                int r = Read(tmp, 0, buffer.Length);
                tmp.AsSpan(0, r).CopyTo(buffer);
                return r;
            }
            finally { System.Buffers.ArrayPool<byte>.Shared.Return(tmp); }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
