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

    // ---- 2. control characters, unterminated quotes, stray BOMs ------------------------------

    [Fact]
    public void Csv_UnterminatedQuote_RejectsTheRowAtTheLineWhereTheQuoteOpened()
    {
        // Line 2 opens a quote that is never closed: RFC 4180 makes the rest of the file one
        // field. It used to become one 1,000-line handle (u1,v1\nu2,v2...) and import silently.
        string text = "a,b\n\"x,y\n" + string.Concat(Enumerable.Range(1, 1000).Select(i => $"u{i},v{i}\n"));
        var b = new GraphBuilder();
        var r = Read(text, new EdgeImportOptions { Format = ImportFormat.Csv, OnError = OnErrorPolicy.Skip }, b);
        Assert.Equal(1, r.EdgeRows); // a -> b only
        Assert.Equal(1, r.RejectedCount);
        Assert.Equal(2, r.Rejections[0].Line);
        Assert.Null(r.Rejections[0].Field); // the row's quoting, not one of its fields' values
        Assert.Contains("field 1: its opening quote is never closed", r.Rejections[0].Reason);
        Assert.Equal(2, b.Build().NodeCount);
    }

    [Theory]
    [InlineData("[{\"follower\": \"p\", \"follower\": \"z\", \"followee\": \"q\"}, [\"a\", \"b\"]]", "follower")]
    [InlineData("[{\"source\": \"p\", \"followee\": \"q\", \"to\": \"r\"}, [\"a\", \"b\"]]", "followee")]
    public void Json_EdgeObjectNamingAnEndTwice_RejectsTheRowNamingTheField(string text, string field)
    {
        var b = new GraphBuilder();
        var r = Read(text, new EdgeImportOptions { Format = ImportFormat.Json, OnError = OnErrorPolicy.Skip }, b);
        Assert.Equal(1, r.EdgeRows); // a -> b only: neither p -> q nor z -> q
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(field, rej.Field);
        Assert.Contains($"{field} twice", rej.Reason);
        Assert.Equal(2, b.Build().NodeCount);
    }

    [Theory]
    [InlineData("{\"edges\": [[\"e\", \"f\"]], \"edges\": [[\"g\", \"h\"]]}", "second edge list")]
    [InlineData("{\"edges\": [[\"e\", \"f\"]], \"links\": [[\"g\", \"h\"]]}", "second edge list")]
    [InlineData("{\"nodes\": [{\"id\": \"e\"}], \"nodes\": [{\"id\": \"g\"}], \"edges\": []}", "second 'nodes' array")]
    public void Json_DocumentWithTwoEdgeLists_FailsTheBatch(string text, string reason)
    {
        var e = Assert.Throws<ImportFormatException>(() => Read(text, new EdgeImportOptions { Format = ImportFormat.Json, OnError = OnErrorPolicy.Skip }));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("csv", "a,b,-0\nc,d,-0.0\n")]
    [InlineData("snap", "a b -0\nc d -0e5\n")]
    [InlineData("json", "[[\"a\", \"b\", -0.0], {\"follower\": \"c\", \"followee\": \"d\", \"weight\": -0}]")]
    public void Weight_NegativeZero_IsStoredAsPositiveZero(string format, string text)
    {
        var b = new GraphBuilder();
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true) }, b);
        Assert.Equal(2, r.EdgeRows);
        var g = b.Build();
        Assert.True(g.IsWeighted);
        foreach (var (u, v) in new[] { ("a", "b"), ("c", "d") })
        {
            double w = EdgeImportFormatTests.Weight(g, u, v);
            Assert.Equal(0.0, w);
            Assert.False(double.IsNegative(w), $"{u} -> {v} kept the sign of -0 (it would be exported as -0)");
        }
    }

    [Theory]
    [InlineData("csv", "a,b\n\"c,d", 2, 1)]          // last line, no line break after it: was the account "c,d"
    [InlineData("csv", "a,b\nc,\"d\n", 2, 2)]        // second field, one line break swallowed
    [InlineData("tsv", "a\tb\n\"c\td", 2, 1)]
    public void Separated_QuoteNeverClosed_RejectsTheRowNamingTheField(string format, string text, int line, int field)
    {
        var b = new GraphBuilder();
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true), OnError = OnErrorPolicy.Skip }, b);
        Assert.Equal(1, r.EdgeRows);
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(line, rej.Line);
        Assert.Contains($"field {field}: its opening quote is never closed", rej.Reason);
        Assert.Equal(2, b.Build().NodeCount); // a and b only: no account made of the unclosed text
    }

    [Theory]
    [InlineData("csv", "\"a\tb\",c\n", "follower")]       // quoted tab in CSV
    [InlineData("csv", "a,\"b\u0000\"\n", "followee")]     // NUL
    [InlineData("json", "[[\"a\\nb\", \"c\"]]", "follower")] // JSON escape for a line feed
    [InlineData("snap", "a\u0001 b\n", "follower")]        // SOH in a SNAP token
    [InlineData("csv", "a,b\u0085c\n", "followee")]         // C1 control NEL (U+0085)
    public void Read_HandleWithControlCharacter_RejectsTheRowWithFieldAndLine(string format, string text, string field)
    {
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true), OnError = OnErrorPolicy.Skip });
        Assert.Equal(0, r.EdgeRows);
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(1, rej.Line);
        Assert.Equal(field, rej.Field);
        Assert.Contains("control character", rej.Reason);
    }

    [Fact]
    public void Intern_HandleWithTabOrNewline_ThrowsArgumentException()
    {
        var index = new AccountIndex();
        Assert.Throws<ArgumentException>(() => index.Intern("a\tb"));
        Assert.Throws<ArgumentException>(() => index.Intern("caf\u00e9\nx")); // non-ASCII path too
        Assert.Throws<ArgumentException>(() => AccountIndex.Canonicalize("a\rb"));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Read_ByteOrderMarkAtTheStartOfAHandleMidFile_IsStripped()
    {
        // Two files concatenated with `cat`: the second one's BOM lands at the start of line 2.
        // Documented rule: a leading U+FEFF is stripped like white space, so "\uFEFFc" is "c".
        var b = new GraphBuilder();
        var r = Read("a b\n\uFEFFc a\n", new EdgeImportOptions { Format = ImportFormat.Snap }, b);
        var g = b.Build();
        Assert.Equal(0, r.RejectedCount);
        Assert.Equal(3, g.NodeCount);
        Assert.True(g.TryGetNode("c", out _));
        Assert.Equal("c", AccountIndex.Canonicalize("\uFEFFc"));
    }

    // ---- 3. handle and line length limits ----------------------------------------------------

    [Fact]
    public void Read_HandleLongerThanTheLimit_RejectsTheRow()
    {
        string longer = new('x', AccountIndex.DefaultMaxHandleLength + 1);
        string limit = new('y', AccountIndex.DefaultMaxHandleLength);
        var r = Read($"a {limit}\n{longer} b\n", new EdgeImportOptions { Format = ImportFormat.Snap, OnError = OnErrorPolicy.Skip });
        Assert.Equal(1, r.EdgeRows);
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(2, rej.Line);
        Assert.Equal("follower", rej.Field);
        Assert.Contains("1,025 characters", rej.Reason);

        // Configurable.
        var r2 = Read($"{longer} b\n", new EdgeImportOptions { Format = ImportFormat.Snap, MaxHandleLength = 2000 });
        Assert.Equal(0, r2.RejectedCount);
    }

    [Fact]
    public void Read_HugeLineFromASmallGzip_FailsWithItsLineBeforeHoldingIt()
    {
        // 200,000,000 characters would take 400 MB as a string; the line cap stops at 1 MiB.
        var raw = new MemoryStream();
        using (var z = new GZipStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write("a b\n"u8);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (int i = 0; i < 190; i++) z.Write(chunk);
            z.Write(" y\n"u8);
        }
        Assert.True(raw.Length < 1_000_000);
        // Counted on this thread (the reader's: the input is read and the huge line found here, whatever the parse worker
        // count), so tests running in parallel do not count: the whole process's allocations did, and made this flaky.
        byte[] gz = raw.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImportFormatException>(() => Read(gz, new EdgeImportOptions { Format = ImportFormat.Snap, SourceName = "big.gz" }));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, e.Line);
        Assert.Equal("big.gz", e.File);
        Assert.True(allocated < 64L << 20, $"the huge line must not be materialised ({allocated:N0} bytes allocated)");
        Assert.True(allocated > 1L << 20, $"the reader's buffers are counted ({allocated:N0} bytes allocated)"); // the measure sees the read at all
    }

    [Fact]
    public void Read_CsvLineLongerThanTheCap_FailsNamingTheLine()
    {
        string text = "a,b\n" + new string('q', ImportLimits.MaxLineLength + 10) + ",c\n";
        var e = Assert.Throws<ImportFormatException>(() => Read(text, new EdgeImportOptions { Format = ImportFormat.Csv, SourceName = "x.csv" }));
        Assert.Equal(2, e.Line);
    }

    // ---- 4. invalid UTF-8 and declared charsets ----------------------------------------------

    [Fact]
    public void Read_InvalidUtf8_RejectsEachRowInsteadOfMergingIntoU0xFFFD()
    {
        // "a\xFF" and "a\xFE" used to both decode to "a\uFFFD": one account from two byte strings.
        byte[] bytes = [.. "x y\na"u8, 0xFF, .. " b\na"u8, 0xFE, .. " b\n"u8];
        var r = Read(bytes, new EdgeImportOptions { Format = ImportFormat.Snap, OnError = OnErrorPolicy.Skip });
        Assert.Equal(1, r.EdgeRows);
        Assert.Equal(2, r.RejectedCount);
        Assert.Equal([2L, 3L], r.Rejections.Select(x => x.Line));
        Assert.All(r.Rejections, x => Assert.Contains("invalid UTF-8", x.Reason));
    }

    [Fact]
    public void Read_DeclaredLatin1Charset_DecodesLatin1()
    {
        byte[] bytes = [.. "caf"u8, 0xE9, .. ",b\n"u8]; // "café" in ISO-8859-1
        var b = new GraphBuilder();
        var r = Read(bytes, new EdgeImportOptions { ContentType = "text/csv; charset=ISO-8859-1" }, b);
        Assert.Equal(0, r.RejectedCount);
        Assert.True(b.Build().TryGetNode("caf\u00e9", out _));
    }

    [Fact]
    public void Read_UnknownCharset_FailsWithAFormatError()
    {
        var e = Assert.Throws<ImportFormatException>(() => Read("a,b\n", new EdgeImportOptions { ContentType = "text/csv; charset=klingon-8", SourceName = "req" }));
        Assert.Contains("klingon-8", e.Reason);
        Assert.Equal("req", e.File);
    }

    // ---- 8. too many fields, duplicated header columns ---------------------------------------

    [Theory]
    [InlineData("snap", "a b 1\nc d 2\na b 1 extra junk\n", 3, 5)]
    [InlineData("snap", "a b\nc d\ne f g h\n", 3, 4)]          // headerless: still at least 3 allowed
    [InlineData("csv", "a,b,1\nc,d,2\na,b,1,extra\n", 3, 4)]
    [InlineData("csv", "source,target\na,b\ne,f,g,h\n", 3, 4)]
    [InlineData("tsv", "from\tto\tweight\na\tb\t1\nc\td\t1\tx\n", 3, 4)]
    public void Read_RowWithMoreFieldsThanTheHeaderOrFirstRow_IsRejected(string format, string text, long line, int fields)
    {
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true), OnError = OnErrorPolicy.Skip });
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(line, rej.Line);
        Assert.Contains($"has {fields} fields", rej.Reason);
    }

    [Fact]
    public void Read_HeaderlessFourColumnFile_KeepsEveryRow()
    {
        // KONECT / bitcoin-otc layout (u v rating time): the first row fixes the width at 4.
        var r = Read("6,2,4,1289241911.72836\n6,5,2,1289241941.53378\n", new EdgeImportOptions { Format = ImportFormat.Csv, WeightColumn = "none" });
        Assert.Equal(0, r.RejectedCount);
        Assert.Equal(2, r.EdgeRows);
    }

    [Theory]
    [InlineData("source,target,source\na,b,c\n", "source")]
    [InlineData("from,to,weight,Weight\na,b,1,2\n", "Weight")]
    public void Read_HeaderNamingAColumnTwice_IsAFormatError(string text, string field)
    {
        var e = Assert.Throws<ImportFormatException>(() => Read(text, new EdgeImportOptions { Format = ImportFormat.Csv, SourceName = "h.csv" }));
        Assert.Equal(1, e.Line);
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void ReadAccounts_HeaderNamingAColumnTwice_IsAFormatError()
    {
        var e = Assert.Throws<ImportFormatException>(() => AccountImport.Read(new MemoryStream("account,posts,posts\na,1,2\n"u8.ToArray()),
            new AccountImportOptions { Format = ImportFormat.Csv, SourceName = "acc.csv" }));
        Assert.Equal("posts", e.Field);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void ReadAccounts_RowWithMoreFieldsThanTheHeader_IsRejected()
    {
        var r = AccountImport.Read(new MemoryStream("account,posts\na,1\nb,2,oops\n"u8.ToArray()),
            new AccountImportOptions { Format = ImportFormat.Csv, OnError = OnErrorPolicy.Skip });
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(3, rej.Line);
        Assert.Single(r.Accounts);
    }

    // ---- 7. line numbers: the physical 1-based line where the offending record starts --------

    [Theory]
    [InlineData("csv", "a,b,-1\nc,d\n")]
    [InlineData("tsv", "a\tb\t-1\nc\td\n")]
    [InlineData("snap", "a b -1\nc d\n")]
    public void Read_RejectedFirstRowOfAHeaderlessFile_IsLine1(string format, string text)
    {
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true), OnError = OnErrorPolicy.Skip });
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(1, rej.Line);
        Assert.Equal("weight", rej.Field);
    }

    [Fact]
    public void ReadAccounts_HeaderWithoutAccountColumnOnLine1_SaysLine1()
    {
        var e = Assert.Throws<ImportFormatException>(() => AccountImport.Read(new MemoryStream("who,posts\na,1\n"u8.ToArray()),
            new AccountImportOptions { Format = ImportFormat.Csv, SourceName = "acc.csv" }));
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Read_NdjsonObjectLeftOpen_ReportsTheLineWhereItStarts()
    {
        const string text = "{\"follower\": \"a\", \"followee\": \"b\"}\n{\"follower\": \"c\", \"followee\": \"d\"}\n{\"follower\": \"e\", \"followee\": \n{\"follower\": \"g\", \"followee\": \"h\"}\n";
        var e = Assert.Throws<ImportFormatException>(() => Read(text, new EdgeImportOptions { Format = ImportFormat.Ndjson, SourceName = "x.ndjson" }));
        Assert.Equal(3, e.Line);
    }

    // ---- 5. node attributes of graph formats get the account rules ---------------------------

    [Theory]
    [InlineData("graphml", "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<key id=\"p\" for=\"node\" attr.name=\"posts\" attr.type=\"string\"/>\n<graph edgedefault=\"directed\">\n<node id=\"a\"><data key=\"p\">5</data></node>\n<node id=\"b\"><data key=\"p\">abc</data></node>\n<edge source=\"a\" target=\"b\"/>\n</graph>\n</graphml>\n", 6)]
    [InlineData("json", "{\"nodes\": [{\"id\": \"a\", \"posts\": 5},\n{\"id\": \"b\", \"posts\": -1}],\n\"links\": [{\"source\": \"a\", \"target\": \"b\"}]}", 2)]
    public void Read_GraphFileWithInvalidNodeAttribute_RejectsItWithLineAndField(string format, string text, long line)
    {
        var r = Read(text, new EdgeImportOptions { Format = Enum.Parse<ImportFormat>(format, ignoreCase: true), OnError = OnErrorPolicy.Skip });
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(line, rej.Line);
        Assert.Equal("posts", rej.Field);
        var kept = Assert.Single(r.NodeAttributes);
        Assert.Equal(("a", (long?)5), (kept.Account, kept.Posts));
        Assert.Equal(1, r.EdgeRows);
    }
}
