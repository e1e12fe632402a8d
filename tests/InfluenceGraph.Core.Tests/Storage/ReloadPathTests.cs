using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Storage;

/// <summary>
/// The write and reload helpers of the store made for large graphs: handles written from the index's UTF-8 bytes
/// (no string per account) must be byte-identical to the string writer, and a CSR writer given the expected edge
/// count must give the same chunks as one that grows, whatever the hint (exact, too large, too small) and chunking.
/// </summary>
public class ReloadPathTests
{
    [Fact]
    public void WriteHandles_FromIndexBytes_SameBytesAsFromStrings()
    {
        var index = new AccountIndex();
        string[] handles = ["user1", "José", "👩‍💻dev", "a b", "x", new string('l', 70_000)];
        foreach (var h in handles) index.Intern(h);
        using var fromStrings = new MemoryStream();
        VersionBlobs.WriteHandles(index.Names, fromStrings);
        using var fromBytes = new MemoryStream();
        VersionBlobs.WriteHandles(index, fromBytes);
        Assert.Equal(fromStrings.ToArray(), fromBytes.ToArray());
        Assert.Equal(string.Join("\n", handles.Select(h => h.Normalize(NormalizationForm.FormC))) + "\n", Encoding.UTF8.GetString(fromBytes.ToArray()));
    }

    [Theory]
    [InlineData(0, 1 << 30)]      // no hint
    [InlineData(-1, 1 << 30)]     // exact
    [InlineData(1000, 1 << 30)]   // too large: trimmed
    [InlineData(5, 1 << 30)]      // too small: grows
    [InlineData(-1, 7)]           // many chunks
    [InlineData(1000, 7)]
    public void ChunkedCsrWriter_WithAnEdgeHint_SameChunks(long hint, int maxChunk)
    {
        var rng = new Random(7);
        var edges = new List<(int, int, double)>();
        for (int u = 0; u < 12; u++)
            for (int k = 0, d = rng.Next(0, 6); k < d; k++) edges.Add((u, rng.Next(12), rng.Next(1, 5) / 2.0));
        edges.Add((11, 3, 1.0));
        if (hint < 0) hint = edges.Count;
        EdgeChunks Write(long h)
        {
            var w = new ChunkedCsrWriter(12, weighted: true, timed: false, maxChunk, null, h);
            foreach (var (u, v, x) in edges) w.Append(u, v, x);
            return w.Finish(maxChunk);
        }
        var expected = Write(0);
        var got = Write(hint);
        Assert.Equal(expected.ChunkCount, got.ChunkCount);
        for (int c = 0; c < got.ChunkCount; c++)
        {
            Assert.Equal(expected.Chunks[c].Offsets, got.Chunks[c].Offsets);
            Assert.Equal(expected.Chunks[c].Targets, got.Chunks[c].Targets);
            Assert.Equal(expected.Chunks[c].Weights, got.Chunks[c].Weights);
            Assert.Equal(got.Chunks[c].EdgeCount, got.Chunks[c].Targets.Length);
        }
        Assert.Equal(edges.Count, got.EdgeCount);
        if (maxChunk == 7) Assert.True(got.ChunkCount > 1);
    }
}
