using System.IO.Compression;
using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// Adversarial inputs (issue 3: "bad input gets a clear error that says what and where — never
/// a half-applied import, never silent data loss"): each test fed the pipeline an input it once
/// accepted silently or reported at the wrong place.
/// </summary>
public class ImportRobustnessTests
{
    private static byte[] Gzip(string text)
    {
        var raw = new MemoryStream();
        using (var z = new GZipStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(Encoding.UTF8.GetBytes(text));
        return raw.ToArray();
    }

    private static string Lines(int n) => string.Concat(Enumerable.Range(1, n).Select(i => $"a{i} b{i}\n"));

    private static EdgeParseResult Read(byte[] bytes, EdgeImportOptions? options = null, GraphBuilder? builder = null) =>
        EdgeImport.Read(new MemoryStream(bytes), options ?? new EdgeImportOptions { SourceName = "in.txt" }, builder ?? new GraphBuilder());

    private static EdgeParseResult Read(string text, EdgeImportOptions? options = null, GraphBuilder? builder = null) =>
        Read(Encoding.UTF8.GetBytes(text), options, builder);

    // ---- 1. gzip integrity -------------------------------------------------------------------

    [Fact]
    public void Read_TruncatedGzip_ThrowsFormatErrorNamingTheFile()
    {
        // 2,000 rows compress to ~10 KB; the first 3,000 bytes inflate to a few hundred whole rows
        // that GZipStream used to hand over as if they were the whole file.
        byte[] full = Gzip(Lines(2000));
        Assert.True(full.Length > 3000);
        var e = Assert.Throws<ImportFormatException>(() => Read(full[..3000]));
        Assert.Equal("in.txt", e.File);
        Assert.Contains("gzip", e.Reason);
        Assert.Contains("truncated or corrupt", e.Reason);
    }

    [Fact]
    public void Read_GzipWithoutItsTrailer_ThrowsFormatError()
    {
        // Only the 8-byte trailer (CRC-32 + ISIZE) is missing: every row inflates, yet the file is cut.
        byte[] full = Gzip(Lines(50));
        Assert.Throws<ImportFormatException>(() => Read(full[..^8]));
    }

    [Fact]
    public void Read_GzipWithBadCrc_ThrowsFormatError()
    {
        byte[] full = Gzip(Lines(50));
        full[^8] ^= 0xFF; // first CRC-32 byte
        Assert.Throws<ImportFormatException>(() => Read(full));
    }

    [Fact]
    public void Read_GzipFollowedByGarbage_ThrowsFormatError()
    {
        byte[] full = [.. Gzip(Lines(50)), .. "this is not gzip\n"u8.ToArray()];
        Assert.Throws<ImportFormatException>(() => Read(full));
    }

    [Fact]
    public void Read_ConcatenatedGzipMembers_ReadsBoth()
    {
        // RFC 1952 2.2: a gzip file is a series of members (what `cat a.gz b.gz` gives).
        byte[] two = [.. Gzip("a b\n"), .. Gzip("c d\n")];
        var b = new GraphBuilder();
        var r = Read(two, builder: b);
        Assert.Equal(2, r.EdgeRows);
        Assert.Equal(0, r.RejectedCount);
    }

    [Fact]
    public void Read_GzipOfAnEmptyFile_IsAnEmptyBatchNotAnError()
    {
        // `gzip < /dev/null` is a valid 20-byte member: the trailing-garbage check must not fire.
        var r = Read(Gzip(""));
        Assert.Equal(0, r.RowsRead);
    }

    [Fact]
    public void Load_TruncatedGzipFile_ThrowsFormatError()
    {
        // The `score --edges FILE` path.
        string path = Path.Combine(Path.GetTempPath(), $"ig-trunc-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(path, Gzip(Lines(2000))[..3000]);
        try
        {
            var e = Assert.Throws<ImportFormatException>(() => EdgeImport.Load(path));
            Assert.Equal(Path.GetFileName(path), e.File);
        }
        finally { File.Delete(path); }
    }
}
