using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// Compact encodings of one graph version's parts, as kept in the store's version history:
/// the edges as gap-encoded CSR (per follower: its followee count, then zig-zag varint differences
/// between consecutive followee ids), the weights as raw doubles, the handles as UTF-8 lines and the
/// attributes as JSON lines; each part zlib-compressed (fastest level). About 1–3 bytes per edge on
/// follower networks, against 8 in the current-version edge table.
/// </summary>
internal static class VersionBlobs
{
    public static byte[] EncodeEdges(GraphSnapshot g)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            var buf = new byte[1 << 16];
            int pos = 0;
            void Flush() { z.Write(buf, 0, pos); pos = 0; }
            void Put(ulong x)
            {
                if (pos > buf.Length - 10) Flush();
                while (x >= 0x80) { buf[pos++] = (byte)(x | 0x80); x >>= 7; }
                buf[pos++] = (byte)x;
            }
            for (int u = 0; u < g.NodeCount; u++)
            {
                int start = g.OutOffsets[u], end = g.OutOffsets[u + 1];
                Put((ulong)(end - start));
                long prev = 0;
                for (int i = start; i < end; i++)
                {
                    long d = g.OutTargets[i] - prev;
                    Put((ulong)((d << 1) ^ (d >> 63)));
                    prev = g.OutTargets[i];
                }
            }
            Flush();
        }
        return ms.ToArray();
    }

    /// <summary>Decodes <see cref="EncodeEdges"/> into CSR sources/targets for <paramref name="nodes"/> accounts and <paramref name="edges"/> edges.</summary>
    /// <exception cref="InvalidDataException">The blob does not describe that many accounts and edges.</exception>
    public static (int[] Sources, int[] Targets) DecodeEdges(byte[] blob, int nodes, long edges)
    {
        int m = checked((int)edges);
        var sources = new int[m];
        var targets = new int[m];
        using var z = new ZLibStream(new MemoryStream(blob), CompressionMode.Decompress);
        using var br = new BufferedStream(z, 1 << 16);
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
        int e = 0;
        for (int u = 0; u < nodes; u++)
        {
            ulong deg = Get();
            if (deg > (ulong)(m - e)) throw new InvalidDataException("A stored version's edge list has more edges than its count.");
            long prev = 0;
            for (ulong k = 0; k < deg; k++)
            {
                ulong zz = Get();
                long d = (long)(zz >> 1) ^ -(long)(zz & 1);
                prev += d;
                if ((ulong)prev >= (ulong)nodes) throw new InvalidDataException($"A stored version's edge points outside 0..{nodes - 1}.");
                sources[e] = u; targets[e] = (int)prev; e++;
            }
        }
        if (e != m) throw new InvalidDataException($"A stored version's edge list has {e} edges, expected {m}.");
        return (sources, targets);
    }

    public static byte[] EncodeWeights(double[] w) => Compress(MemoryMarshal.AsBytes(w.AsSpan()));

    public static double[] DecodeWeights(byte[] blob, long edges)
    {
        var bytes = Decompress(blob);
        if (bytes.Length != edges * sizeof(double)) throw new InvalidDataException("A stored version's weights do not match its edge count.");
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    /// <summary>Edge times (seconds since the epoch, one per edge in CSR order) as raw little-endian longs, compressed.</summary>
    public static byte[] EncodeTimes(long[] t) => Compress(MemoryMarshal.AsBytes(t.AsSpan()));

    /// <summary>Decodes <see cref="EncodeTimes"/>.</summary>
    /// <exception cref="InvalidDataException">The blob does not hold <paramref name="edges"/> times.</exception>
    public static long[] DecodeTimes(byte[] blob, long edges)
    {
        var bytes = Decompress(blob);
        if (bytes.Length != edges * sizeof(long)) throw new InvalidDataException("A stored version's edge times do not match its edge count.");
        return MemoryMarshal.Cast<byte, long>(bytes).ToArray();
    }

    /// <summary>
    /// The handles of <paramref name="index"/> in id order as UTF-8 text, each followed by <c>'\n'</c>
    /// (handles never hold control characters), compressed: the same bytes as
    /// <see cref="EncodeHandles(IReadOnlyList{string})"/> on its names, copied from the index's blob
    /// without making a string per account.
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

    /// <summary>The handles as UTF-8 text, each followed by <c>'\n'</c>, compressed.</summary>
    public static byte[] EncodeHandles(IReadOnlyList<string> names)
    {
        var sb = new StringBuilder();
        foreach (var n in names) sb.Append(n).Append('\n'); // handles never hold control characters
        return Compress(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Decodes <see cref="EncodeHandles(IReadOnlyList{string})"/> into strings.</summary>
    public static string[] DecodeHandles(byte[] blob)
    {
        var text = Encoding.UTF8.GetString(Decompress(blob));
        if (text.Length == 0) return [];
        return text[..^1].Split('\n');
    }

    public static byte[] EncodeAttributes(IEnumerable<AccountAttributes> attrs, JsonSerializerOptions json)
    {
        var sb = new StringBuilder();
        foreach (var a in attrs) sb.Append(JsonSerializer.Serialize(a, json)).Append('\n');
        return Compress(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    public static Dictionary<string, AccountAttributes> DecodeAttributes(byte[] blob, JsonSerializerOptions json)
    {
        var result = new Dictionary<string, AccountAttributes>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(Decompress(blob)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var a = JsonSerializer.Deserialize<AccountAttributes>(line, json) ?? throw new InvalidDataException("A stored version holds a null attribute record.");
            result[a.Account] = a;
        }
        return result;
    }

    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    private static byte[] Decompress(byte[] blob)
    {
        using var z = new ZLibStream(new MemoryStream(blob), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }
}
