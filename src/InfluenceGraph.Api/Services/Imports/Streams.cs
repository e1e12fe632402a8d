using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Api.Services;

/// <summary>A body exceeded its byte limit; answered as 413 payload-too-large.</summary>
public sealed class UploadTooLargeException(long limit, string what)
    : IOException($"The {what} is larger than the limit of {limit} bytes.")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
    /// <summary>What was limited (<c>request body</c>, <c>decompressed body</c>).</summary>
    public string What { get; } = what;
}

/// <summary>
/// A read-only forward stream over another stream that counts the bytes read and throws
/// <see cref="UploadTooLargeException"/> once more than <c>limit</c> bytes came through. Synchronous
/// reads are served by the inner stream's asynchronous ones (request bodies forbid synchronous
/// I/O; the import runs on a pool thread of its own).
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string what, bool leaveOpen = false) : ReadOnlyForwardStream
{
    private long _read;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    protected override long? CountedBytes => BytesRead;

    public override int Read(byte[] buffer, int offset, int count) =>
        Count(inner.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult());

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = Count(inner.ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult());
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(rented); }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        if (Interlocked.Add(ref _read, n) > limit) throw new UploadTooLargeException(limit, what);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
