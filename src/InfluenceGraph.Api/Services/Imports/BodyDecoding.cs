using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Import;
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
/// <c>Content-Encoding</c> (gzip, deflate = zlib per RFC 9110 section 8.4.1.2, br) and <c>application/gzip</c>
/// bodies, decoded by the import pipeline's own checked decoders (<see cref="CheckedDecoders"/>: the same
/// rules as gzip files — concatenated members read, anything else after the end refused) and limited
/// to the decompression budget. A fault throws <see cref="RequestBodyException"/> of kind
/// <c>corrupt-body</c>; a body that decodes to nothing one of kind <c>empty-body</c>; a body past the budget
/// <see cref="UploadTooLargeException"/> (413).
/// </summary>
internal static class BodyDecoding
{
    /// <summary>Wraps <paramref name="compressed"/> in a checked decoder for <paramref name="encoding"/> (gzip, x-gzip, deflate, br), limited to <paramref name="maxDecompressedBytes"/> by <see cref="CheckedDecoders.Limit"/> (past it: <see cref="DecodedSizeLimitException"/>, answered 413).</summary>
    public static Stream Decode(Stream compressed, string encoding, string what, long maxDecompressedBytes) =>
        new Checked(CheckedDecoders.Limit(CheckedDecoders.Decode(compressed, encoding), maxDecompressedBytes, what), what);

    /// <summary>Maps the decoder's faults to request-body problems, and a body that decodes to nothing to <c>empty-body</c>.</summary>
    private sealed class Checked(Stream decoder, string what) : ReadOnlyForwardStream
    {
        private bool _any, _done;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_done || count == 0) return 0;
            int n;
            try { n = decoder.Read(buffer, offset, count); }
            catch (CorruptEncodingException e) { throw RequestBodyException.Corrupt(what, e.Reason, e); }
            if (n > 0) { _any = true; return n; }
            _done = true;
            if (!_any)
                throw new RequestBodyException(ProblemKind.EmptyBody, $"The {what} decodes to no data: nothing to import.");
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) decoder.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// A multipart file part's body that, once read to its end, checks the rest of the multipart body:
/// a second file part fails with <see cref="RequestBodyException"/> (one file per request: the
/// import is a single all-or-nothing batch, and a dropped file would be silent data loss), and a
/// body cut off before its closing boundary fails as <c>corrupt-body</c>. Either way the import,
/// which commits only after its input ended cleanly, applies nothing.
/// </summary>
internal sealed class MultipartFileStream(Stream section, MultipartReader reader, string firstFile) : ReadOnlyForwardStream
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
