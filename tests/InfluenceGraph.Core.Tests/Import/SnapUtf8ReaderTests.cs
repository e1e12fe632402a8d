using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// The byte fast path for SNAP edge lists (<see cref="DelimitedEdgeParser.ReadSnapUtf8(Stream, EdgeSink, Encoding, int, int)"/>),
/// one-thread and parallel (ranges of a few bytes, 2-3 workers, so every split point is hit), must give exactly what the
/// text path gives on the same bytes: the same accounts in the same (first-appearance) order, edges, weights,
/// counts, and rejections with the same line, field and reason — on inputs made to hit every fallback (comments,
/// header, weights, blanks, CR/CRLF/lone CR, BOMs, non-ASCII and invalid UTF-8, control characters, '@' handles,
/// over-long handles, numeric ids with leading zeros) and with reads and buffers of a few bytes so lines straddle refills.
/// </summary>
public class SnapUtf8ReaderTests
{
    /// <summary>A stream that hands out at most a few bytes per read (lines and CRLF pairs straddle reads).</summary>
    private sealed class Trickle(byte[] data, int seed) : Stream
    {
        private readonly Random _rng = new(seed);
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int k = Math.Min(Math.Min(count, _rng.Next(1, 8)), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, k);
            _pos += k;
            return k;
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

    private sealed record Outcome(string[] Accounts, string Edges, long Rows, long EdgeRows, long SelfLoops, bool SawWeights, long Below, ImportRejection[] Rejections, string? Error);

    private static Outcome Run(byte[] data, EdgeImportOptions options, bool fast, int seed, int maxLine = ImportLimits.MaxLineLength, int workers = 1, int rangeBytes = 0)
    {
        var builder = new GraphBuilder();
        var sink = new EdgeSink(builder, options, null, default);
        string? error = null;
        try
        {
            using var input = ImportInput.Open(fast ? new Trickle(data, seed) : new MemoryStream(data));
            if (fast)
            {
                Assert.True(input.IsPlainUtf8);
                DelimitedEdgeParser.ReadSnapUtf8(input.Content, sink, input.DeclaredEncoding, maxLine, bufferSize: 5 + seed % 7, workers,
                    rangeBytes > 0 ? rangeBytes : DelimitedEdgeParser.DefaultRangeBytes);
            }
            else
            {
                using var t = input.OpenText(limitLines: true);
                DelimitedEdgeParser.ReadSnap(t, sink);
            }
        }
        catch (ImportFormatException e) { error = $"{e.Line}: {e.Reason}"; }
        var g = builder.Build();
        var edges = new StringBuilder();
        for (int u = 0; u < g.NodeCount; u++)
        {
            var f = g.Followees(u);
            for (int k = 0; k < f.Length; k++) edges.Append($"{u}>{f[k]}:{(g.IsWeighted ? g.FolloweeWeights(u)[k] : 1)} ");
        }
        return new Outcome(g.Accounts.Names.ToArray(), edges.ToString(), sink.Rows, sink.EdgeRows, sink.SelfLoops, sink.SawWeights,
            sink.BelowMinWeight, sink.Rejections.First.ToArray(), error);
    }

    /// <summary>(workers, range bytes) of the parallel runs: 1 = the one-thread reader; ranges from 4 bytes (most lines straddle a split) up.</summary>
    private static readonly (int Workers, int Range)[] Readers = [(1, 0), (2, 4), (2, 5), (3, 7), (2, 11), (3, 16), (2, 64), (2, 0)];

    private static void AssertSame(byte[] data, EdgeImportOptions? options = null)
    {
        options ??= new EdgeImportOptions { SourceName = "t.txt" };
        var slow = Run(data, options, fast: false, 0);
        for (int seed = 1; seed <= 6; seed++)
        foreach (var (workers, range) in Readers)
        {
            var fast = Run(data, options, fast: true, seed, workers: workers, rangeBytes: range);
            Assert.Equal(slow.Accounts, fast.Accounts);
            Assert.Equal(slow.Edges, fast.Edges);
            Assert.Equal(slow.Rows, fast.Rows);
            Assert.Equal(slow.EdgeRows, fast.EdgeRows);
            Assert.Equal(slow.SelfLoops, fast.SelfLoops);
            Assert.Equal(slow.SawWeights, fast.SawWeights);
            Assert.Equal(slow.Below, fast.Below);
            Assert.Equal(slow.Rejections, fast.Rejections);
            Assert.Equal(slow.Error, fast.Error);
        }
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void PlainRows_IdsInFirstAppearanceOrder()
    {
        var data = Utf8("user9 user1\nuser1 user7\r\nuser7 user9\ruser3 user3\n\n  user2\tuser9  \n");
        AssertSame(data);
        var r = Run(data, new EdgeImportOptions(), fast: true, 3);
        Assert.Equal(["user9", "user1", "user7", "user3", "user2"], r.Accounts);
        Assert.Equal(5, r.EdgeRows);
        Assert.Equal(1, r.SelfLoops);
    }

    [Theory]
    [InlineData("# comment\n% other\na b\nb c 0.5\nc a\n")]                     // comments, a weight column later
    [InlineData("follower followee weight\na b 2\nb a\nc\n")]                    // header, weight, account row
    [InlineData("followee follower\na b\nb c\n")]                                // header in the other order: generic path
    [InlineData("a b\n007 7\n7 007\n12345678901234567890 1\n0 00\n")]          // numeric ids: "007" and "7" differ
    [InlineData("a b\n@carol dave\n@ eve\n@@x y\n")]                             // '@' handles (stripped by default)
    [InlineData("a b\nc d e f\nx y z\n")]                                        // too many fields
    [InlineData("\uFEFFa b\nb \uFEFFc\nc\u00A0d e\n")]                           // BOMs, a no-break space
    [InlineData("a b\nJose\u0301 b\nJos\u00E9 c\n\u200Bz a\n")]                 // NFC, format characters
    [InlineData("a b\nc\u0001d e\nf g\u007F\n")]                                // control characters
    [InlineData("a b\n0123456789012345678901234567890123456789x y\n")]          // a long handle
    [InlineData("a b\r\n\r\nb c\r\rc d")]                                        // CRLF, lone CR, no final line end
    [InlineData("a\tb\t\n\t\n b  c \n")]
    public void TrickyInputs_SameAsTextPath(string text) => AssertSame(Utf8(text));

    [Fact]
    public void InvalidUtf8_RejectedOnItsLine_AsTheTextPath()
    {
        var data = new List<byte>(Utf8("a b\nc "));
        data.AddRange([0xC3, 0x28]);
        data.AddRange(Utf8(" d\ne f\n"));
        data.AddRange([0xFF, 0x0A]);
        AssertSame([.. data]);
        var r = Run([.. data], new EdgeImportOptions(), fast: true, 2);
        Assert.Equal(2, r.Rejections[0].Line);
    }

    [Fact]
    public void Options_Reverse_Undirected_NoStrip_MaxHandle_MinWeight()
    {
        var data = Utf8("a b\n@b c\nc a 0.25\nlonghandle x\nd d\n");
        AssertSame(data, new EdgeImportOptions { Reverse = true });
        AssertSame(data, new EdgeImportOptions { Undirected = true });
        AssertSame(data, new EdgeImportOptions { StripAt = false });
        AssertSame(data, new EdgeImportOptions { MaxHandleLength = 5 });
        AssertSame(data, new EdgeImportOptions { MinWeight = 0.5 });
        AssertSame(data, new EdgeImportOptions { WeightColumn = "none" });
    }

    [Fact]
    public void OverlongLine_SameErrorAndLine()
    {
        var data = Utf8("a b\nc d\n" + new string('x', 45) + " y\ne f\n");
        for (int seed = 1; seed <= 4; seed++)
        foreach (var (workers, range) in Readers)
        {
            var r = Run(data, new EdgeImportOptions(), fast: true, seed, maxLine: 40, workers, range);
            Assert.Equal("3: line 3 is longer than 40 characters (the limit of line-oriented formats); is this really a SNAP/CSV/TSV file?", r.Error);
        }
        // Multi-byte characters count as characters, not bytes: 30 'é' (60 bytes) fit a 40-character limit.
        var wide = Utf8("a b\n" + new string('é', 30) + " y\n");
        Assert.Null(Run(wide, new EdgeImportOptions(), fast: true, 2, maxLine: 40).Error);
        Assert.Null(Run(wide, new EdgeImportOptions(), fast: true, 2, maxLine: 40, workers: 2, rangeBytes: 8).Error);
    }

    [Fact]
    public void RandomMixes_SameAsTextPath()
    {
        var rng = new Random(42);
        string[] tokens = ["u1", "u2", "@u3", "007", "7", "é", "e\u0301", "x\ty", " ", "\t", "#c", "0.5", "-1", "u1"];
        string[] ends = ["\n", "\r\n", "\r", "\n\n"];
        for (int trial = 0; trial < 60; trial++)
        {
            var sb = new StringBuilder();
            int lines = rng.Next(1, 12);
            for (int l = 0; l < lines; l++)
            {
                int k = rng.Next(0, 4);
                for (int t = 0; t < k; t++) sb.Append(tokens[rng.Next(tokens.Length)]).Append(rng.Next(4) == 0 ? "\t" : " ");
                sb.Append(ends[rng.Next(ends.Length)]);
            }
            AssertSame(Utf8(sb.ToString()));
        }
    }

    [Theory]
    [InlineData("a b\n")]                               // one line
    [InlineData("a b")]                                 // one line, no line end
    [InlineData("a b\n\n\n\n\n\n\n\n\n\n\n\n")]        // ranges of nothing but blank lines
    [InlineData("a b\r\nc d\r\ne f\r\ng h\r\n")]          // CRLF at every split point
    [InlineData("a b\rc d\re f\rg h\r")]                 // lone CR: one at a range end may be the first half of a CRLF
    [InlineData("a b\r\r\nc d\n\r\ne f\r\n\rg h")]        // mixed
    [InlineData("a b\n# c d\n% e f\n   # x y\nc d\n")]    // comment lines in later ranges
    [InlineData("a b\nc d 0.5\ne f\n@ g\nh\n")]           // a weight, an empty '@' handle, an account row in later ranges
    [InlineData("a b\nuser_with_a_long_name_123456789 other_long_name_987654321\nb a\n")] // a line longer than a range
    public void Ranges_EveryBoundaryKind_SameAsTextPath(string text) => AssertSame(Utf8(text));

    [Fact]
    public void Ranges_RandomRows_SameIdsAsOneThread()
    {
        // Rows over a skewed set of handles, so most ranges hold accounts first seen in an earlier range and some new ones.
        var rng = new Random(7);
        for (int trial = 0; trial < 8; trial++)
        {
            var sb = new StringBuilder();
            int lines = rng.Next(50, 400);
            for (int l = 0; l < lines; l++)
            {
                int a = (int)Math.Pow(rng.Next(1, 60), 2) % 500, b = rng.Next(0, 40 + l);
                sb.Append(rng.Next(30) == 0 ? "@" : "").Append("u").Append(a).Append(rng.Next(5) == 0 ? "\t" : " ").Append(b).Append(rng.Next(10) == 0 ? "\r\n" : "\n");
                if (rng.Next(40) == 0) sb.Append("# comment ").Append(l).Append('\n');
                if (rng.Next(60) == 0) sb.Append("x").Append(l).Append(" y 0.5\n");
            }
            var data = Utf8(sb.ToString());
            var one = Run(data, new EdgeImportOptions(), fast: true, 1);
            Assert.True(one.EdgeRows >= lines);
            foreach (int range in new[] { 6, 23, 100, 1000 })
            {
                var par = Run(data, new EdgeImportOptions(), fast: true, trial + 1, workers: 2, rangeBytes: range);
                Assert.Equal(one.Accounts, par.Accounts);
                Assert.Equal(one.Edges, par.Edges);
                Assert.Equal(one.Rows, par.Rows);
                Assert.Equal(one.SawWeights, par.SawWeights);
            }
        }
    }

    [Fact]
    public void Ranges_RejectionAndErrorInALaterRange_CarryTheirFileLineNumbers()
    {
        // 40 clean rows, then an invalid row (empty handle after '@') on line 43 and an over-long line on line 46.
        var sb = new StringBuilder("# header comment\n");
        for (int i = 0; i < 40; i++) sb.Append("u").Append(i).Append(" u").Append(i + 1).Append('\n');
        sb.Append("\n@ u1\nu2 u3\nu4 u5\n").Append(new string('z', 50)).Append(" u1\nu6 u7\n");
        var data = Utf8(sb.ToString());
        foreach (int range in new[] { 9, 30, 200 })
        {
            var r = Run(data, new EdgeImportOptions(), fast: true, 3, maxLine: 45, workers: 2, rangeBytes: range);
            Assert.Equal(43, Assert.Single(r.Rejections).Line);
            Assert.Equal("46: line 46 is longer than 45 characters (the limit of line-oriented formats); is this really a SNAP/CSV/TSV file?", r.Error);
            Assert.Equal(43, r.Rows); // 40 + the rejected row + the 2 rows before the error (the rows after it are never read)
        }
    }

    [Fact]
    public void Utf16Input_IsNotPlainUtf8()
    {
        var data = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a b\n")).ToArray();
        using var input = ImportInput.Open(new MemoryStream(data));
        Assert.False(input.IsPlainUtf8);
        using var declared = ImportInput.Open(new MemoryStream(Utf8("a b\n")), "text/plain; charset=iso-8859-1");
        Assert.False(declared.IsPlainUtf8);
        var g = EdgeImport.Load(new MemoryStream(data), new EdgeImportOptions { Format = ImportFormat.Snap, SourceName = "u16.txt" });
        Assert.Equal(["a", "b"], g.Accounts.Names.ToArray());
    }
}
