using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// The byte fast path for SNAP edge lists (<see cref="DelimitedEdgeParser.ReadSnapUtf8"/>) must give exactly what the
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

    private static Outcome Run(byte[] data, EdgeImportOptions options, bool fast, int seed, int maxLine = ImportLimits.MaxLineLength)
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
                DelimitedEdgeParser.ReadSnapUtf8(input.Content, sink, input.DeclaredEncoding, maxLine, bufferSize: 5 + seed % 7);
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

    private static void AssertSame(byte[] data, EdgeImportOptions? options = null)
    {
        options ??= new EdgeImportOptions { SourceName = "t.txt" };
        var slow = Run(data, options, fast: false, 0);
        for (int seed = 1; seed <= 6; seed++)
        {
            var fast = Run(data, options, fast: true, seed);
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
        {
            var r = Run(data, new EdgeImportOptions(), fast: true, seed, maxLine: 40);
            Assert.Equal("3: line 3 is longer than 40 characters (the limit of line-oriented formats); is this really a SNAP/CSV/TSV file?", r.Error);
        }
        // Multi-byte characters count as characters, not bytes: 30 'é' (60 bytes) fit a 40-character limit.
        var wide = Utf8("a b\n" + new string('é', 30) + " y\n");
        Assert.Null(Run(wide, new EdgeImportOptions(), fast: true, 2, maxLine: 40).Error);
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
