using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// Compact encodings of one graph version's parts, as kept in the store's version history:
/// the edges as gap-encoded CSR (per follower: its followee count, then zig-zag varint differences
/// between consecutive followee ids), the weights as raw doubles, the times as raw longs, the handles as
/// UTF-8 lines and the attributes as JSON lines. Each part is one byte stream, zlib-compressed (fastest level)
/// in pieces of at most <see cref="PieceBytes"/> uncompressed bytes, one stored row per piece, so no blob nears
/// SQLite's 10^9-byte limit whatever the graph's size (stores written before pieces hold each part as one blob;
/// both read the same way). About 1–3 bytes per edge on follower networks, against 8 in the current-version edge table.
/// </summary>
internal static class VersionBlobs
{
    /// <summary>Default largest uncompressed size of one stored piece of a part: 16 MiB.</summary>
    public const int PieceBytes = 1 << 24;

    /// <summary>Writes the edges of <paramref name="g"/> as the gap-encoded varint stream (uncompressed) into <paramref name="into"/>.</summary>
    public static void WriteEdges(GraphSnapshot g, Stream into)
    {
        var buf = new byte[1 << 16];
        int pos = 0;
        void Flush() { into.Write(buf, 0, pos); pos = 0; }
        void Put(ulong x)
        {
            if (pos > buf.Length - 10) Flush();
            while (x >= 0x80) { buf[pos++] = (byte)(x | 0x80); x >>= 7; }
            buf[pos++] = (byte)x;
        }
        for (int u = 0; u < g.NodeCount; u++)
        {
            var list = g.Followees(u);
            Put((ulong)list.Length);
            long prev = 0;
            foreach (int t in list)
            {
                long d = t - prev;
                Put((ulong)((d << 1) ^ (d >> 63)));
                prev = t;
            }
        }
        Flush();
    }

    /// <summary>Writes the out-edge weights (raw little-endian doubles in CSR order) into <paramref name="into"/>.</summary>
    public static void WriteWeights(GraphSnapshot g, Stream into)
    {
        foreach (var ch in g.OutEdgeChunks.Chunks) into.Write(MemoryMarshal.AsBytes(ch.Weights.AsSpan()));
    }

    /// <summary>Writes the out-edge times (seconds since the epoch, raw little-endian longs in CSR order) into <paramref name="into"/>.</summary>
    public static void WriteTimes(GraphSnapshot g, Stream into)
    {
        foreach (var ch in g.OutEdgeChunks.Chunks) into.Write(MemoryMarshal.AsBytes(ch.Times.AsSpan()));
    }

    /// <summary>
    /// Reads the streams of <see cref="WriteEdges"/>, <see cref="WriteWeights"/> and <see cref="WriteTimes"/> (uncompressed)
    /// into a chunked out-direction of <paramref name="nodes"/> accounts and <paramref name="edges"/> edges (any number).
    /// </summary>
    /// <exception cref="InvalidDataException">The streams do not describe that many accounts and edges.</exception>
    public static EdgeChunks ReadEdges(Stream edgeStream, Stream? weights, Stream? times, int nodes, long edges, int maxChunkEdges, Func<int, string>? nameOf = null)
    {
        var writer = new ChunkedCsrWriter(nodes, weights is not null, times is not null, maxChunkEdges, nameOf, edges);
        using var br = new BufferedStream(edgeStream, 1 << 16);
        using var wr = weights is null ? null : new BinaryReader(new BufferedStream(weights, 1 << 16));
        using var tr = times is null ? null : new BinaryReader(new BufferedStream(times, 1 << 16));
        ulong Get()
        {
            ulong x = 0; int shift = 0;
            while (true)
            {
                int b = br.ReadByte();
                if (b < 0) throw new InvalidDataException("A stored version's edge list ends early.");
                x |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return x;
                shift += 7;
                if (shift > 63) throw new InvalidDataException("A stored version's edge list has a malformed number.");
            }
        }
        try
        {
            for (int u = 0; u < nodes; u++)
            {
                ulong deg = Get();
                if (deg > (ulong)(edges - writer.EdgeCount)) throw new InvalidDataException("A stored version's edge list has more edges than its count.");
                long prev = 0;
                for (ulong k = 0; k < deg; k++)
                {
                    ulong zz = Get();
                    long d = (long)(zz >> 1) ^ -(long)(zz & 1);
                    prev += d;
                    if ((ulong)prev >= (ulong)nodes) throw new InvalidDataException($"A stored version's edge points outside 0..{nodes - 1}.");
                    writer.Append(u, (int)prev, wr?.ReadDouble() ?? 1.0, tr?.ReadInt64() ?? GraphSnapshot.NoTime);
                }
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("A stored version's weights or times end before its edges.");
        }
        if (writer.EdgeCount != edges) throw new InvalidDataException($"A stored version's edge list has {writer.EdgeCount} edges, expected {edges}.");
        if (br.ReadByte() >= 0 || (wr is not null && wr.BaseStream.ReadByte() >= 0) || (tr is not null && tr.BaseStream.ReadByte() >= 0))
            throw new InvalidDataException("A stored version's edges, weights or times go on past its edge count.");
        return writer.Finish(maxChunkEdges);
    }

    /// <summary>Writes the handles as UTF-8 lines (handles never hold control characters).</summary>
    public static void WriteHandles(IEnumerable<string> names, Stream into)
    {
        using var w = new StreamWriter(into, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (var n in names) { w.Write(n); w.Write('\n'); }
    }

    /// <summary>
    /// Writes the handles of <paramref name="index"/> in id order as UTF-8 lines, straight from its stored bytes (no
    /// string per account): the same bytes as <see cref="WriteHandles(IEnumerable{string}, Stream)"/> on its names.
    /// </summary>
    public static void WriteHandles(AccountIndex index, Stream into)
    {
        var buf = new byte[1 << 16];
        int pos = 0;
        for (int id = 0; id < index.Count; id++)
        {
            var h = index.GetUtf8(id);
            if (pos + h.Length + 1 > buf.Length)
            {
                into.Write(buf, 0, pos);
                pos = 0;
                if (h.Length + 1 > buf.Length) buf = new byte[h.Length + 1];
            }
            h.CopyTo(buf.AsSpan(pos));
            pos += h.Length;
            buf[pos++] = (byte)'\n';
        }
        into.Write(buf, 0, pos);
    }

    /// <summary>Reads <see cref="WriteHandles(IEnumerable{string}, Stream)"/>.</summary>
    public static List<string> ReadHandles(Stream from)
    {
        var result = new List<string>();
        using var r = new StreamReader(from, Encoding.UTF8, false, 1 << 16);
        while (r.ReadLine() is { } line) result.Add(line);
        return result;
    }

    /// <summary>Writes the attributes as JSON lines.</summary>
    public static void WriteAttributes(IEnumerable<AccountAttributes> attrs, JsonSerializerOptions json, Stream into)
    {
        using var w = new StreamWriter(into, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        foreach (var a in attrs) { w.Write(JsonSerializer.Serialize(a, json)); w.Write('\n'); }
    }

    /// <summary>Reads <see cref="WriteAttributes"/>.</summary>
    /// <exception cref="InvalidDataException">A null record.</exception>
    public static Dictionary<string, AccountAttributes> ReadAttributes(Stream from, JsonSerializerOptions json)
    {
        var result = new Dictionary<string, AccountAttributes>(StringComparer.Ordinal);
        using var r = new StreamReader(from, Encoding.UTF8, false, 1 << 16);
        while (r.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var a = JsonSerializer.Deserialize<AccountAttributes>(line, json) ?? throw new InvalidDataException("A stored version holds a null attribute record.");
            result[a.Account] = a;
        }
        return result;
    }

    /// <summary>
    /// The handles of <paramref name="index"/> in id order as UTF-8 text, each followed by <c>'\n'</c>
    /// (handles never hold control characters), compressed whole (the format of a part written before pieces):
    /// the same bytes as <see cref="EncodeHandles(IReadOnlyList{string})"/> on its names, without a string per account.
    /// </summary>
    public static byte[] EncodeHandles(AccountIndex index)
    {
        var text = new MemoryStream(checked((int)Math.Min(int.MaxValue, index.HandleBytes + index.Count)));
        for (int id = 0; id < index.Count; id++)
        {
            text.Write(index.GetUtf8(id));
            text.WriteByte((byte)'\n');
        }
        return Compress(text.GetBuffer().AsSpan(0, (int)text.Length));
    }

    /// <summary>Decodes <see cref="EncodeHandles(AccountIndex)"/> straight into an account index (handles interned exactly, in order; no string per account).</summary>
    /// <exception cref="InvalidDataException">A handle is not valid UTF-8, or repeats an earlier one.</exception>
    public static AccountIndex DecodeHandleIndex(byte[] blob)
    {
        var bytes = Decompress(blob);
        AccountIndex index;
        try { index = AccountIndex.FromUtf8Lines(bytes); }
        catch (ArgumentException e) { throw new InvalidDataException("A stored version's handles are not valid: " + e.Message, e); }
        int lines = bytes.AsSpan().Count((byte)'\n');
        if (index.Count != lines) throw new InvalidDataException($"A stored version's handles repeat a handle ({lines - index.Count} repeats).");
        return index;
    }

    /// <summary>The handles as UTF-8 text, each followed by <c>'\n'</c>, compressed whole.</summary>
    public static byte[] EncodeHandles(IReadOnlyList<string> names)
    {
        var sb = new StringBuilder();
        foreach (var n in names) sb.Append(n).Append('\n');
        return Compress(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Decodes <see cref="EncodeHandles(IReadOnlyList{string})"/> into strings.</summary>
    public static string[] DecodeHandles(byte[] blob)
    {
        using var s = OpenWhole(blob);
        return ReadHandles(s).ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    private static byte[] Decompress(byte[] blob)
    {
        using var z = OpenWhole(blob);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Decompresses a part stored whole as one blob (stores written before parts were cut into pieces).</summary>
    public static Stream OpenWhole(byte[] blob) => new ZLibStream(new MemoryStream(blob), CompressionMode.Decompress);

    /// <summary>
    /// Writes one part through <paramref name="write"/>, compressing it in pieces of at most <paramref name="pieceBytes"/>
    /// uncompressed bytes; <paramref name="emit"/> gets each compressed piece with its 0-based index, in order, on the
    /// calling thread. Returns the piece count.
    /// </summary>
    /// <remarks>
    /// Each piece is one independent zlib stream (<see cref="CompressionLevel.Fastest"/>), so pieces can be compressed
    /// at the same time: up to <paramref name="compressors"/> pieces are compressed on the thread pool while the calling
    /// thread serialises the next one and emits (stores) the earlier ones, in order. The pieces are byte for byte the
    /// same for any <paramref name="compressors"/> (1 = compress on the calling thread). Memory: <paramref name="compressors"/>
    /// buffers of <paramref name="pieceBytes"/> plus their compressed copies.
    /// </remarks>
    /// <param name="write">Writes the part's uncompressed bytes (it may flush: a flush ends the current piece early).</param>
    /// <param name="emit">Receives (index, compressed piece) in index order.</param>
    /// <param name="pieceBytes">Most uncompressed bytes per piece (&gt;= 1).</param>
    /// <param name="compressors">Pieces compressed at once (&gt;= 1); default <see cref="DefaultCompressors"/>.</param>
    public static int WritePieces(Action<Stream> write, Action<int, byte[]> emit, int pieceBytes = PieceBytes, int compressors = 0)
    {
        using var s = new PieceWriter(emit, pieceBytes, compressors > 0 ? compressors : DefaultCompressors);
        write(s);
        s.Flush();
        s.Complete();
        return s.Pieces;
    }

    /// <summary>Pieces compressed at once by <see cref="WritePieces"/>: the processor count, at most 4.</summary>
    public static int DefaultCompressors => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The concatenation of the decompressed pieces (read lazily, in order).</summary>
    public static Stream OpenPieces(IEnumerable<byte[]> pieces) => new PieceReader(pieces.GetEnumerator());

    /// <summary>
    /// Buffers uncompressed bytes and emits each full buffer zlib-compressed, in order; with more than one slot the
    /// buffers are compressed on the thread pool while the next ones fill (a slot is reused once its piece was emitted).
    /// </summary>
    private sealed class PieceWriter : Stream
    {
        private sealed class Slot(int bytes)
        {
            public readonly byte[] Raw = new byte[bytes];
            public readonly MemoryStream Compressed = new();
            public int Filled;
            public Task? Pending;
            public int Index;
        }

        private readonly Action<int, byte[]> _emit;
        private readonly Slot[] _slots;
        private int _current;

        public PieceWriter(Action<int, byte[]> emit, int pieceBytes, int slots)
        {
            _emit = emit;
            _slots = new Slot[Math.Max(1, slots)];
            _slots[0] = new Slot(pieceBytes);
        }

        public int Pieces { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                var slot = _slots[_current];
                int k = Math.Min(data.Length, slot.Raw.Length - slot.Filled);
                data[..k].CopyTo(slot.Raw.AsSpan(slot.Filled));
                slot.Filled += k;
                data = data[k..];
                if (slot.Filled == slot.Raw.Length) Flush();
            }
        }

        /// <summary>Ends the current piece (when it holds bytes): it is compressed (on the pool when there are several slots) and emitted in turn.</summary>
        public override void Flush()
        {
            var slot = _slots[_current];
            if (slot.Filled == 0) return;
            slot.Index = Pieces++;
            if (_slots.Length == 1) { Compress(slot); Emit(slot); return; }
            slot.Pending = Task.Run(() => Compress(slot));
            _current = (_current + 1) % _slots.Length;
            var next = _slots[_current] ??= new Slot(slot.Raw.Length);
            if (next.Pending is not null) Emit(next); // the oldest piece in flight: emitted before its slot is refilled
        }

        /// <summary>Emits every piece still in flight, in order.</summary>
        public void Complete()
        {
            for (int i = 1; i <= _slots.Length; i++)
            {
                var slot = _slots[(_current + i) % _slots.Length];
                if (slot?.Pending is not null) Emit(slot);
            }
        }

        private static void Compress(Slot slot)
        {
            slot.Compressed.SetLength(0); // one growing buffer per slot (no per-piece doubling garbage)
            using var z = new ZLibStream(slot.Compressed, CompressionLevel.Fastest, leaveOpen: true);
            z.Write(slot.Raw, 0, slot.Filled);
        }

        private void Emit(Slot slot)
        {
            slot.Pending?.GetAwaiter().GetResult();
            slot.Pending = null;
            _emit(slot.Index, slot.Compressed.ToArray());
            slot.Filled = 0;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Reads compressed pieces one after the other as one stream.</summary>
    private sealed class PieceReader(IEnumerator<byte[]> pieces) : Stream
    {
        private Stream? _current;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            while (true)
            {
                if (_current is null)
                {
                    if (!pieces.MoveNext()) return 0;
                    _current = OpenWhole(pieces.Current);
                }
                int k = _current.Read(buffer);
                if (k > 0) return k;
                _current.Dispose();
                _current = null;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) { _current?.Dispose(); pieces.Dispose(); }
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
