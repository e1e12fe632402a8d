using System.Buffers;
using System.IO.Compression;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;
using InfluenceGraph.Api.Problems;
using Microsoft.AspNetCore.WebUtilities;

namespace InfluenceGraph.Api.Services.Imports;

/// <summary>
/// The request body cannot be used as sent: a compressed body that does not decode (not gzip/zlib/brotli
/// data, truncated, bad checksum, bytes after the end), a multipart body without its closing boundary,
/// more than one file part. Answered as a 4xx problem of <see cref="Kind"/>; nothing is imported.
/// </summary>
public sealed class RequestBodyException(ProblemKind kind, string message, string? parameter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The problem kind answered (<c>corrupt-body</c>, <c>empty-body</c>, <c>invalid-parameter</c>).</summary>
    public ProblemKind Kind { get; } = kind;
    /// <summary>The offending parameter or part (e.g. <c>file</c>), or null.</summary>
    public string? Parameter { get; } = parameter;

    /// <summary>A decoding fault of <paramref name="what"/> (e.g. "Content-Encoding: gzip body").</summary>
    public static RequestBodyException Corrupt(string what, string reason, Exception? inner = null) =>
        new(ProblemKind.CorruptBody, $"The {what} cannot be decoded: {reason.TrimEnd('.')}. Nothing was imported.", null, inner);

    /// <summary>The first exception of this type in <paramref name="e"/>'s chain of inner exceptions, or null.</summary>
    public static RequestBodyException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is RequestBodyException r) return r;
        return null;
    }
}

/// <summary>
/// Decoders for <c>Content-Encoding</c> (gzip, deflate = zlib per RFC 9110 section 8.4.1.2, br) and
/// <c>application/gzip</c> bodies that never return a partial or wrong body silently: every fault
/// (not data of that encoding, truncated, CRC-32/Adler-32/ISIZE mismatch, bytes after the end)
/// throws <see cref="RequestBodyException"/> of kind <c>corrupt-body</c>, and a body that decodes
/// to nothing throws one of kind <c>empty-body</c>. Gzip and zlib are read with SharpZipLib, which
/// checks the trailers (.NET's <c>GZipStream</c> returns what it could inflate of a truncated member);
/// brotli with <see cref="BrotliDecoder"/>, which tells a finished stream from a truncated one.
/// </summary>
internal static class BodyDecoding
{
    /// <summary>Wraps <paramref name="compressed"/> in a checked decoder for <paramref name="encoding"/> (gzip, x-gzip, deflate, br).</summary>
    public static Stream Decode(Stream compressed, string encoding, string what) => encoding switch
    {
        "gzip" or "x-gzip" => new Checked(new GzipDecoder(new CountingStream(compressed)), what),
        "deflate" => new Checked(new ZlibDecoder(new CountingStream(compressed)), what),
        "br" => new Checked(new BrotliDecoding(compressed), what),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported encoding."),
    };

    private interface IEndCheck
    {
        /// <summary>Null when the stream ended cleanly, else why not.</summary>
        string? TrailingProblem();
    }

    private sealed class Checked(Stream decoder, string what) : ReadOnlyStream
    {
        private long _out;
        private bool _done;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done || count == 0) return 0;
            int n;
            try { n = decoder.Read(buffer, offset, count); }
            catch (Exception e) when (e is InvalidDataException or SharpZipBaseException or EndOfStreamException
                                          or InvalidOperationException && e is not ObjectDisposedException)
            {
                throw RequestBodyException.Corrupt(what, e.Message, e);
            }
            if (n > 0) { _out += n; return n; }
            _done = true;
            if (((IEndCheck)decoder).TrailingProblem() is { } problem) throw RequestBodyException.Corrupt(what, problem);
            if (_out == 0)
                throw new RequestBodyException(ProblemKind.EmptyBody, $"The {what} decodes to no data: nothing to import.");
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) decoder.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class GzipDecoder(CountingStream raw) : GZipInputStream(raw), IEndCheck
    {
        // SharpZipLib ends quietly when the bytes after a complete member are not another member;
        // what it still buffers (or what the body still holds) is such trailing garbage.
        public string? TrailingProblem() =>
            inputBuffer.Available > 0 || inf.RemainingInput > 0 || raw.HasMore()
                ? "bytes after the end of the gzip data are not gzip (trailing garbage or a concatenated member cut short)"
                : null;
    }

    private sealed class ZlibDecoder(CountingStream raw) : InflaterInputStream(raw, new Inflater(noHeader: false)), IEndCheck
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            if (n == 0 && !inf.IsFinished) throw new EndOfStreamException("the zlib stream is truncated");
            return n;
        }

        public string? TrailingProblem() =>
            inputBuffer.Available > 0 || inf.RemainingInput > 0 || raw.HasMore() ? "bytes after the end of the zlib (deflate) data" : null;
    }

    private sealed class BrotliDecoding(Stream raw) : ReadOnlyStream, IEndCheck
    {
        private BrotliDecoder _decoder;
        private readonly byte[] _in = new byte[1 << 16];
        private int _start, _end;
        private bool _rawEnded, _finished;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_finished || count == 0) return 0;
            while (true)
            {
                if (_start == _end && !_rawEnded)
                {
                    _start = 0;
                    _end = raw.Read(_in, 0, _in.Length);
                    if (_end == 0) _rawEnded = true;
                }
                var status = _decoder.Decompress(_in.AsSpan(_start, _end - _start), buffer.AsSpan(offset, count), out int consumed, out int written);
                _start += consumed;
                switch (status)
                {
                    case OperationStatus.InvalidData: throw new InvalidDataException("not valid brotli data");
                    case OperationStatus.Done: _finished = true; return written;
                    case OperationStatus.NeedMoreData when _rawEnded && written == 0: throw new EndOfStreamException("the brotli stream is truncated");
                }
                if (written > 0) return written;
            }
        }

        public string? TrailingProblem()
        {
            if (!_finished) return "the brotli stream is truncated";
            return _start < _end || (!_rawEnded && raw.HasMore()) ? "bytes after the end of the brotli data" : null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _decoder.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class CountingStream(Stream inner) : ReadOnlyStream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }

    private static bool HasMore(this Stream s)
    {
        Span<byte> one = stackalloc byte[1];
        return s.Read(one) > 0;
    }
}

/// <summary>
/// A multipart file part's body that, once read to its end, checks the rest of the multipart body:
/// a second file part fails with <see cref="RequestBodyException"/> (one file per request: the
/// import is a single all-or-nothing batch, and a dropped file would be silent data loss), and a
/// body cut off before its closing boundary fails as <c>corrupt-body</c>. Either way the import,
/// which commits only after its input ended cleanly, applies nothing.
/// </summary>
internal sealed class MultipartFileStream(Stream section, MultipartReader reader, string firstFile) : ReadOnlyStream
{
    private bool _checked;

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n;
        try { n = section.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult(); }
        catch (IOException e) when (e is not UploadTooLargeException)
        {
            throw RequestBodyException.Corrupt("multipart/form-data body", e.Message, e);
        }
        if (n == 0 && count > 0 && !_checked)
        {
            _checked = true;
            CheckRest();
        }
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try { n = await section.ReadAsync(buffer, cancellationToken).ConfigureAwait(false); }
        catch (IOException e) when (e is not UploadTooLargeException)
        {
            throw RequestBodyException.Corrupt("multipart/form-data body", e.Message, e);
        }
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            CheckRest();
        }
        return n;
    }

    private void CheckRest()
    {
        try
        {
            while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } next)
            {
                if (ImportService.IsFilePart(next, out string? name))
                    throw new RequestBodyException(ProblemKind.InvalidParameter,
                        $"The multipart body has more than one file part ('{firstFile}', then '{name}'): send one file per request (each import is one all-or-nothing batch). Nothing was imported.", "file");
            }
        }
        catch (IOException e) when (e is not UploadTooLargeException)
        {
            throw RequestBodyException.Corrupt("multipart/form-data body", e.Message + " (is the closing boundary missing?)", e);
        }
    }
}

/// <summary>Base of the read-only forward streams above.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(Span<byte> buffer)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }
}
