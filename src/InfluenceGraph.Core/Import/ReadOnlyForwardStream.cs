using System.Buffers;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Base of the import pipeline's read-only, forward-only streams (decoders, budgets, look-ahead
/// replay, byte counters, request-body wrappers): it cannot seek or write, has no length, and its
/// <see cref="Position"/> is the number of bytes read so far when the subclass counts them
/// (<see cref="CountedBytes"/>), else unsupported. A subclass implements
/// <see cref="Stream.Read(byte[], int, int)"/>; reads into a span go through a pooled array unless
/// the subclass overrides <see cref="Read(Span{byte})"/>.
/// </summary>
public abstract class ReadOnlyForwardStream : Stream
{
    /// <summary>Bytes read so far, or null when this stream does not count them (then <see cref="Position"/> throws).</summary>
    protected virtual long? CountedBytes => null;

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <summary>Not supported: a forward-only stream has no known length.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException();
    /// <summary>The bytes read so far (<see cref="CountedBytes"/>); setting it is not supported.</summary>
    /// <exception cref="NotSupportedException">Set, or get on a stream that does not count.</exception>
    public override long Position { get => CountedBytes ?? throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <summary>Does nothing (nothing is written).</summary>
    public override void Flush() { }
    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads into <paramref name="buffer"/> through a pooled array and <see cref="Stream.Read(byte[], int, int)"/>.</summary>
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
