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
/// I/O; the import runs on a pool thread of its own). With an <c>idleTimeout</c>, a read that waits longer
/// than it for its bytes throws <see cref="Imports.RequestBodyException"/> of kind <c>body-stalled</c> (408).
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string what, bool leaveOpen = false, TimeSpan? idleTimeout = null) : ReadOnlyForwardStream
{
    private long _read;

    /// <summary>The inner read, cancelled when it waits longer than the idle timeout.</summary>
    private async ValueTask<int> ReadInner(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (idleTimeout is not { } idle) return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(idle);
        try { return await inner.ReadAsync(buffer, stall.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Imports.RequestBodyException(Problems.ProblemKind.BodyStalled,
                $"The {what} stalled: no byte arrived for {idle.TotalSeconds:0.#} s after byte {BytesRead:N0}. Nothing was imported; resend the body without pauses.");
        }
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    protected override long? CountedBytes => BytesRead;

    public override int Read(byte[] buffer, int offset, int count) =>
        Count(ReadInner(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult());

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = Count(ReadInner(rented.AsMemory(0, buffer.Length), default).AsTask().GetAwaiter().GetResult());
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(rented); }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await ReadInner(buffer, cancellationToken).ConfigureAwait(false));

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
