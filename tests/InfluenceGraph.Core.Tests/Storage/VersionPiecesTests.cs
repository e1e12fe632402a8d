using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>
/// The version parts are stored as independent zlib pieces; <see cref="VersionBlobs.WritePieces"/> compresses several at
/// once on the thread pool. The pieces must be the same bytes, in the same order, as when compressed one after the other,
/// and must read back to the input, whatever the compressor count, piece size or flushes inside the part.
/// </summary>
public class VersionPiecesTests
{
    private static List<(int Index, byte[] Data)> Write(byte[] data, int pieceBytes, int compressors, int[] flushAt)
    {
        var pieces = new List<(int, byte[])>();
        int emitThread = -1;
        VersionBlobs.WritePieces(s =>
        {
            int at = 0;
            foreach (int f in flushAt.Append(data.Length))
            {
                s.Write(data, at, f - at);
                at = f;
                s.Flush();
            }
        }, (i, b) =>
        {
            emitThread = Environment.CurrentManagedThreadId;
            pieces.Add((i, b));
        }, pieceBytes, compressors);
        if (pieces.Count > 0) Assert.Equal(Environment.CurrentManagedThreadId, emitThread); // the store writes on the calling thread
        return pieces;
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(7, 100)]
    [InlineData(64, 5000)]
    [InlineData(1 << 12, 100_000)]
    public void ParallelCompression_SamePiecesAsOneThread_AndReadsBack(int pieceBytes, int length)
    {
        var rng = new Random(pieceBytes);
        var data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : i % 7); // compressible, not trivially
        int[] flushAt = [length / 3, length / 3, length / 2 + 1]; // a repeated flush emits nothing more
        var one = Write(data, pieceBytes, 1, flushAt);
        Assert.Equal(Enumerable.Range(0, one.Count), one.Select(p => p.Index));
        Assert.True(one.Count >= (length + pieceBytes - 1) / pieceBytes);
        foreach (int compressors in new[] { 2, 3, 4 })
        {
            var par = Write(data, pieceBytes, compressors, flushAt);
            Assert.Equal(one.Select(p => p.Index), par.Select(p => p.Index));
            for (int k = 0; k < one.Count; k++) Assert.Equal(one[k].Data, par[k].Data);
        }
        using var back = VersionBlobs.OpenPieces(one.Select(p => p.Data));
        var read = new MemoryStream();
        back.CopyTo(read);
        Assert.Equal(data, read.ToArray());
    }
}
