using System.IO.Compression;
using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>The one checked decoder set (gzip, zlib, brotli) and the decompression budget.</summary>
public class DecodingTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"a{i} b{i % 7}\n")));

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var ms = new MemoryStream();
        using (Stream z = encoding switch
        {
            "gzip" => new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true),
            _ => new BrotliStream(ms, CompressionLevel.Optimal, leaveOpen: true),
        }) z.Write(data);
        return ms.ToArray();
    }

    private static byte[] DecodeAll(string encoding, byte[] body)
    {
        using var s = CheckedDecoders.Decode(new MemoryStream(body), encoding);
        var outp = new MemoryStream();
        s.CopyTo(outp, 7); // small reads: member and block boundaries fall inside them
        return outp.ToArray();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public void ValidData_DecodesExactly(string encoding) =>
        Assert.Equal(Text, DecodeAll(encoding, Compress(encoding, Text)));

    [Fact]
    public void Gzip_ConcatenatedMembers_AreRead()
    {
        byte[] body = [.. Compress("gzip", Text), .. Compress("gzip", Text)];
        Assert.Equal([.. Text, .. Text], DecodeAll("gzip", body));
    }

    public static TheoryData<string, int> Faults => new()
    {
        { "trailing-text", 0 },
        { "stray-magic", 2 },   // 1f 8b alone after a member
        { "stray-magic", 19 },  // fewer than 20 stray bytes starting 1f 8b
        { "cut-header", 5 },    // a second member cut inside its 10-byte header
        { "cut-header", 9 },
        { "cut-data", 0 },
        { "cut-trailer", 0 },
        { "bad-crc", 0 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Gzip_AnythingButCompleteMembersAfterTheEnd_IsCorrupt(string fault, int n)
    {
        byte[] one = Compress("gzip", Text);
        byte[] second = Compress("gzip", Encoding.UTF8.GetBytes("x y\n"));
        byte[] body = fault switch
        {
            "trailing-text" => [.. one, .. "x,y\n"u8.ToArray()],
            "stray-magic" => [.. one, 0x1f, 0x8b, .. new byte[n - 2]],
            "cut-header" => [.. one, .. second[..n]],
            "cut-data" => [.. one, .. second[..(second.Length - 10)]],
            "cut-trailer" => [.. one, .. second[..^3]],
            _ => Flip(one, one.Length - 8),
        };
        var e = Assert.Throws<CorruptEncodingException>(() => DecodeAll("gzip", body));
        Assert.Equal("gzip", e.Encoding);
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("br")]
    public void OtherEncodings_TruncatedOrTrailingBytes_AreCorrupt(string encoding)
    {
        byte[] good = Compress(encoding, Text);
        Assert.Throws<CorruptEncodingException>(() => DecodeAll(encoding, good[..^3]));
        Assert.Throws<CorruptEncodingException>(() => DecodeAll(encoding, [.. good, 0x1f, 0x8b]));
        Assert.Throws<CorruptEncodingException>(() => DecodeAll(encoding, Text));
    }

    private static byte[] Flip(byte[] b, int at)
    {
        var c = (byte[])b.Clone();
        c[at] ^= 0xFF;
        return c;
    }

    [Fact]
    public void Import_GzipByMagicBytes_IsLimitedByTheBudget()
    {
        // 400 KB of "a b" lines compress to ~1 KB; a 100 KB budget stops it.
        byte[] bomb = Compress("gzip", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a b\n", 100_000))));
        var e = Assert.Throws<DecodedSizeLimitException>(() =>
            EdgeImport.Read(new MemoryStream(bomb), new EdgeImportOptions { MaxDecompressedBytes = 100_000 }, new GraphBuilder()));
        Assert.Equal(100_000, e.Limit);
        var ok = EdgeImport.Read(new MemoryStream(bomb), new EdgeImportOptions { MaxDecompressedBytes = 1_000_000 }, new GraphBuilder());
        Assert.Equal(100_000, ok.RowsRead);
    }

    [Fact]
    public void Import_CorruptGzip_IsAFormatErrorCarryingTheDecoderFault()
    {
        byte[] body = [.. Compress("gzip", Text), 0x1f, 0x8b, 8];
        var e = Assert.Throws<ImportFormatException>(() => EdgeImport.Read(new MemoryStream(body), new EdgeImportOptions { SourceName = "x.gz" }, new GraphBuilder()));
        Assert.IsType<CorruptEncodingException>(e.InnerException);
        Assert.Equal("x.gz", e.File);
    }

    [Fact]
    public void DefaultBudget_FitsTheMachine()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        Assert.Equal(Math.Max(256L << 20, available / 2), CheckedDecoders.DefaultMaxDecompressedBytes);
    }

    [Theory]
    [InlineData("text/csv; charset=utf-16", "text/csv", "utf-16")]
    [InlineData("Text/CSV;Charset=\"ISO-8859-1\"", "text/csv", "ISO-8859-1")]
    [InlineData("text/plain; format=\"a;b\"; charset=latin1", "text/plain", "latin1")]
    [InlineData("application/json", "application/json", null)]
    [InlineData("", null, null)]
    public void ContentType_OneParser(string header, string? media, string? charset)
    {
        var ct = ContentTypeHeader.Parse(header);
        Assert.Equal(media, ct.MediaType);
        Assert.Equal(charset, ct.Charset);
    }

    [Fact]
    public void Builder_SetGraphOfRepeatedRows_StaysTheSizeOfItsDistinctEdges()
    {
        // 12 Mi rows over 1,000 distinct pairs: without compaction the row buffer would grow to 16 Mi rows (128 MB).
        var b = new GraphBuilder();
        for (int i = 0; i < 1000; i++) b.AddAccount("n" + i);
        const int rows = 12 << 20;
        for (int r = 0; r < rows; r++) b.AddEdge(r % 1000, (r / 1000 + r) % 1000);
        Assert.Equal(rows, b.EdgeRowCount);
        Assert.True(b.RowCapacity <= GraphBuilder.CompactFrom, $"row buffer grew to {b.RowCapacity}");
        var g = b.Build();
        Assert.Equal(rows, g.EdgeRowsRead);
        var reference = new HashSet<(int, int)>();
        for (int r = 0; r < rows; r++) reference.Add((r % 1000, (r / 1000 + r) % 1000));
        Assert.Equal(reference.Count, g.EdgeCount);
    }

    [Fact]
    public void Builder_Multigraph_KeepsEveryRow()
    {
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep));
        b.AddAccount("a"); b.AddAccount("b");
        for (int r = 0; r < GraphBuilder.CompactFrom + 10; r++) b.AddEdge(0, 1);
        Assert.Equal(GraphBuilder.CompactFrom + 10, b.Build().EdgeCount);
    }
}
