using System.IO.Compression;
using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// Each input format and each piece of real-world mess, on small inputs whose expected graph is
/// written next to them (counted by hand).
/// </summary>
public class EdgeImportFormatTests
{
    internal static MemoryStream Bytes(string s, bool bom = false)
    {
        var body = Encoding.UTF8.GetBytes(s);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. body] : body);
    }

    internal static (GraphSnapshot Graph, EdgeParseResult Result) Parse(string text, EdgeImportOptions? options = null, bool bom = false)
    {
        var b = new GraphBuilder();
        var r = EdgeImport.Read(Bytes(text, bom), options ?? new EdgeImportOptions(), b);
        return (b.Build(), r);
    }

    internal static bool HasEdge(GraphSnapshot g, string u, string v)
    {
        if (!g.TryGetNode(u, out int a) || !g.TryGetNode(v, out int b)) return false;
        return g.ContainsEdge(a, b);
    }

    internal static double Weight(GraphSnapshot g, string u, string v)
    {
        Assert.True(g.TryGetNode(u, out int a));
        Assert.True(g.TryGetNode(v, out int b));
        int i = g.Followees(a).BinarySearch(b);
        Assert.True(i >= 0, $"no edge {u} -> {v}");
        return g.IsWeighted ? g.FolloweeWeights(a)[i] : 1.0;
    }

    [Fact]
    public void Snap_CommentsBlankLinesTabsAndSpaces_ReadsEdgesAndIsolatedAccount()
    {
        // # and % lines are comments; a line with one token declares an account (like the oracle .edges files).
        const string text = "# FromNodeId\tToNodeId\n% konect header\n\n1\t2\n2   3\n  3 1  \nlonely\n";
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(4, g.NodeCount);
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(4, r.RowsRead);
        Assert.True(HasEdge(g, "1", "2") && HasEdge(g, "2", "3") && HasEdge(g, "3", "1"));
        Assert.True(g.TryGetNode("lonely", out int l) && g.OutDegreeOf(l) == 0 && g.InDegreeOf(l) == 0);
    }

    [Fact]
    public void Snap_CrlfLoneCrAndNoFinalNewline_SameGraphAsLf()
    {
        var (lf, _) = Parse("a b\nb c\nc a\n", new EdgeImportOptions { Format = ImportFormat.Snap });
        var (mixed, r) = Parse("a b\r\nb c\rc a", new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(lf.Accounts.Names.Order(), mixed.Accounts.Names.Order());
        Assert.Equal(3, mixed.EdgeCount);
        Assert.DoesNotContain(mixed.Accounts.Names, n => n.Contains('\r'));
        Assert.True(HasEdge(mixed, "c", "a"));
    }

    [Fact]
    public void Snap_HashInsideHandle_IsPartOfTheHandle()
    {
        // Only a line whose first non-blank character is '#' is a comment (cases/parse-hash-inside-handle).
        var (g, _) = Parse("# comment\na1 c#dev\n  # indented comment\nc#dev team#1\n", new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(3, g.NodeCount);
        Assert.True(HasEdge(g, "a1", "c#dev") && HasEdge(g, "c#dev", "team#1"));
        Assert.False(g.TryGetNode("c", out _));
    }

    [Fact]
    public void Snap_NetworkXDataColumn_ReadsWeightKey()
    {
        // networkx.write_edgelist(G) writes "u v {'weight': w}"; other keys are ignored; no weight key = 1.
        const string text = "0 4 {'weight': 0.5}\n0 12 {'weight': 2.0, 'sign': -1}\n4 0 {'sign': 1}\n4 12 {}\n";
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(0, r.RejectedCount);
        Assert.Equal(4, g.EdgeCount);
        Assert.Equal(0.5, Weight(g, "0", "4"));
        Assert.Equal(2.0, Weight(g, "0", "12"));
        Assert.Equal(1.0, Weight(g, "4", "0"));
        Assert.Equal(1.0, Weight(g, "4", "12"));
    }

    [Fact]
    public void Snap_ThirdColumnWeight_OrIgnoredWithNone()
    {
        var (g, _) = Parse("a b 0.25\nb a 4\n", new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal(0.25, Weight(g, "a", "b"));
        var (u, _) = Parse("a b -3 1289241912\nb a 4 1289241942\n", new EdgeImportOptions { Format = ImportFormat.Snap, WeightColumn = "none" });
        Assert.False(u.IsWeighted);
        Assert.Equal(2, u.EdgeCount);
    }

    [Fact]
    public void Csv_HeaderAnyOrderExtraColumns_MapsByName()
    {
        const string text = "weight,comment,followee,follower\n0.5,first,bob,alice\n2,\"second, with comma\",alice,carol\n";
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv });
        Assert.Equal(2, r.RowsRead);
        Assert.Equal(3, g.NodeCount);
        Assert.True(HasEdge(g, "alice", "bob") && HasEdge(g, "carol", "alice"));
        Assert.False(HasEdge(g, "bob", "alice"));
        Assert.Equal(0.5, Weight(g, "alice", "bob"));
        Assert.Equal(2.0, Weight(g, "carol", "alice"));
    }

    [Theory]
    [InlineData("source,target\nx,y\n")]
    [InlineData("from,to\nx,y\n")]
    [InlineData("Follower,Followee\nx,y\n")]
    [InlineData("\"from\",\"to\",\"weight\"\n\"x\",\"y\",1\n")]
    [InlineData("x,y\n")]
    public void Csv_HeaderOrNot_OneEdgeXToY(string text)
    {
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv });
        Assert.Equal(1, r.RowsRead);
        Assert.Equal(2, g.NodeCount);
        Assert.True(HasEdge(g, "x", "y"));
    }

    [Fact]
    public void Csv_QuotedCommasAndQuotes_AreOneHandle_QuotedNewlineIsRejected()
    {
        // RFC 4180 quoting is honoured, but a line break inside a handle is a control character
        // (AccountIndex rules): the row is rejected at the line where it starts, not merged.
        const string text = "source,target\n\"Smith, J\",\"the \"\"real\"\" bob\"\n\"multi\nline\",bob\nx,y\n";
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv, OnError = OnErrorPolicy.Skip });
        Assert.True(HasEdge(g, "Smith, J", "the \"real\" bob"));
        Assert.True(HasEdge(g, "x", "y"));
        var rej = Assert.Single(r.Rejections);
        Assert.Equal(3, rej.Line);
        Assert.Equal("follower", rej.Field);
        Assert.Equal(4, g.NodeCount);
    }

    [Fact]
    public void Csv_BomCrlfBlankLinesTrailingSeparators_AreTolerated()
    {
        // Excel "CSV UTF-8": BOM, CRLF, a blank line, trailing separators, no final newline.
        const string text = "source,target,\r\na1,a2,\r\n\r\na2,a3,,\r\n,\r\na3,a1";
        var (g, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv }, bom: true);
        Assert.Equal(0, r.RejectedCount);
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(3, g.NodeCount);
        Assert.Equal(3, g.EdgeCount);
        Assert.False(g.TryGetNode("\uFEFFsource", out _));
        Assert.False(g.TryGetNode("source", out _));
        Assert.DoesNotContain(g.Accounts.Names, n => n.Contains('\r') || n.Length == 0);
    }

    [Theory]
    [InlineData(ImportFormat.Csv, "source,target\ra1,a2\ra2,a3\r")]
    [InlineData(ImportFormat.Tsv, "source\ttarget\r\na1\ta2\ra2\ta3")]
    public void Delimited_LoneCrLineEnds_AreLineEnds(ImportFormat format, string text)
    {
        // Classic Mac OS line ends (snap-python issue #100 in cases/parse-excel-bom-crlf).
        var (g, r) = Parse(text, new EdgeImportOptions { Format = format });
        Assert.Equal(2, r.RowsRead);
        Assert.True(HasEdge(g, "a1", "a2") && HasEdge(g, "a2", "a3"));
        Assert.DoesNotContain(g.Accounts.Names, n => n.Contains('\r'));
    }

    [Fact]
    public void Tsv_HeaderAndSpacesInsideHandles_SplitOnTabsOnly()
    {
        var (g, _) = Parse("follower\tfollowee\nJean Dupont\tMarie Curie\n", new EdgeImportOptions { Format = ImportFormat.Tsv });
        Assert.True(HasEdge(g, "Jean Dupont", "Marie Curie"));
    }

    [Fact]
    public void Handles_UnicodeAtPrefixLeadingZerosAndHugeIds_StayDistinctStrings()
    {
        // @ stripped once by default; NFC; '007' != '7'; ids beyond 32 and 64 bits kept verbatim.
        const string text = "source,target\n@مرحبا,Zoë\n😀,@@twice\n007,7\n9223372036854775807,18446744073709551616\n";
        var (g, _) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv });
        Assert.True(HasEdge(g, "مرحبا", "Zoë"));
        Assert.True(HasEdge(g, "😀", "@twice"));
        Assert.True(HasEdge(g, "007", "7"));
        Assert.True(HasEdge(g, "9223372036854775807", "18446744073709551616"));
        Assert.Equal(8, g.NodeCount);

        var (kept, _) = Parse("source,target\n@alice,bob\n", new EdgeImportOptions { Format = ImportFormat.Csv, StripAt = false });
        Assert.True(HasEdge(kept, "@alice", "bob"));
    }

    [Fact]
    public void Reverse_FlipsEveryEdge()
    {
        // congress-twitter style: rows are influence i -> j (j engaged with i), the follower is j.
        var (g, _) = Parse("i j\ni k\n", new EdgeImportOptions { Format = ImportFormat.Snap, Reverse = true });
        Assert.True(HasEdge(g, "j", "i") && HasEdge(g, "k", "i"));
        Assert.False(HasEdge(g, "i", "j"));
    }

    [Fact]
    public void Undirected_AddsBothDirectionsButOneSelfLoop()
    {
        var (g, r) = Parse("a b\nc c\n", new EdgeImportOptions { Format = ImportFormat.Snap, Undirected = true });
        Assert.Equal(3, g.EdgeCount);
        Assert.True(HasEdge(g, "a", "b") && HasEdge(g, "b", "a") && HasEdge(g, "c", "c"));
        Assert.Equal(1, r.SelfLoops);
    }

    [Fact]
    public void Json_ArrayOfObjects_SourceTargetOrFollowerFollowee()
    {
        const string text = """[{"follower": "a", "followee": "b", "weight": 0.5}, {"source": "b", "target": "c"}, {"from": "c", "to": "a", "extra": [1, {"x": 2}]}]""";
        var (g, r) = Parse(text);
        Assert.Equal(ImportFormat.Json, r.Format);
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(0.5, Weight(g, "a", "b"));
        Assert.True(HasEdge(g, "b", "c") && HasEdge(g, "c", "a"));
    }

    [Fact]
    public void Json_ArrayOfPairsWithNumbers_KeepsNumberTextAsHandle()
    {
        var (g, _) = Parse("[[1, 2], [2, 3, 0.25], [\"007\", 7]]");
        Assert.True(HasEdge(g, "1", "2") && HasEdge(g, "007", "7"));
        Assert.Equal(0.25, Weight(g, "2", "3"));
        Assert.Equal(5, g.NodeCount);
    }

    [Fact]
    public void Json_EdgesUnderObjectWithOtherKeys_SkipsThem()
    {
        // twitter-career-followers shape: {"labels": {...}, "edges": [[src, trg], ...]}
        var (g, r) = Parse("""{"labels": {"0": "m", "1": "f", "9": "m"}, "edges": [[0, 1], [1, 0]], "meta": null}""");
        Assert.Equal(2, r.RowsRead);
        Assert.Equal(2, g.NodeCount);
        Assert.Equal(2, g.EdgeCount);
    }

    [Fact]
    public void Json_NetworkXNodeLink_KeepsIsolatedNodesAndAttributes()
    {
        const string text = """
            {"directed": true, "multigraph": false, "graph": {},
             "nodes": [{"id": "alice", "posts": 12, "lang": "fr"}, {"id": "bob"}, {"id": "iso", "label": "Isolated One"}],
             "links": [{"source": "alice", "target": "bob", "weight": 2}]}
            """;
        var (g, r) = Parse(text);
        Assert.Equal(3, g.NodeCount);
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal(2.0, Weight(g, "alice", "bob"));
        var alice = r.NodeAttributes.Single(a => a.Account == "alice");
        Assert.Equal(12, alice.Posts);
        Assert.Equal("fr", alice.Lang);
        Assert.Equal("Isolated One", r.NodeAttributes.Single(a => a.Account == "iso").DisplayName);
    }

    [Fact]
    public void Ndjson_OneObjectOrPairPerLine_WithLineNumbersInRejections()
    {
        const string text = "{\"source\": \"a\", \"target\": \"b\"}\n[\"b\", \"c\"]\n\n{\"source\": \"c\"}\n{\"source\": \"c\", \"target\": \"a\", \"weight\": \"x\"}\n";
        var (g, r) = Parse(text);
        Assert.Equal(ImportFormat.Ndjson, r.Format);
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(4, r.RowsRead);
        Assert.Equal(2, r.RejectedCount);
        Assert.Equal(4, r.Rejections[0].Line);
        Assert.Equal("followee", r.Rejections[0].Field);
        Assert.Equal(5, r.Rejections[1].Line);
        Assert.Equal("weight", r.Rejections[1].Field);
    }

    [Fact]
    public void Json_Malformed_ThrowsWithLine()
    {
        var e = Assert.Throws<ImportFormatException>(() => Parse("[\n[\"a\", \"b\"],\n[\"c\" \"d\"]\n]", new EdgeImportOptions { SourceName = "bad.json" }));
        Assert.Equal("bad.json", e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void GraphMl_KeysNodeDataIsolatedNodeAndWeights()
    {
        const string text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="label" attr.type="string"/>
              <key id="d1" for="node" attr.name="party" attr.type="string"/>
              <key id="d2" for="edge" attr.name="weight" attr.type="double"/>
              <graph id="G" edgedefault="directed">
                <node id="n0"><data key="d0">Alice</data><data key="d1">none</data></node>
                <node id="n1"/>
                <node id="n2"><data key="d0">Isolated</data></node>
                <edge source="n0" target="n1"><data key="d2">0.5</data></edge>
                <edge source="n1" target="n0"/>
              </graph>
            </graphml>
            """;
        var (g, r) = Parse(text);
        Assert.Equal(ImportFormat.GraphMl, r.Format);
        Assert.Equal(3, g.NodeCount);
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(0.5, Weight(g, "n0", "n1"));
        Assert.Equal(1.0, Weight(g, "n1", "n0"));
        var n0 = r.NodeAttributes.Single(a => a.Account == "n0");
        Assert.Equal("Alice", n0.DisplayName);
        Assert.Equal("none", n0.Extra["party"]);
    }

    [Fact]
    public void GraphMl_UndirectedDefault_AddsBothDirections()
    {
        const string text = "<graphml><graph edgedefault=\"undirected\"><node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"/></graph></graphml>";
        var (g, _) = Parse(text);
        Assert.True(HasEdge(g, "a", "b") && HasEdge(g, "b", "a"));
    }

    [Fact]
    public void Gml_DirectedWithAttributesCommentsEntitiesAndIsolatedNode()
    {
        const string text = """
            Creator "test"
            # a comment line
            graph [
              directed 1
              node [ id 1 label "Caf&eacute; &quot;blog&quot;" value 0 graphics [ x 1.0 y 2.0 ] ]
              node [ id 2 label "b" value 1 ]
              node [ id 007 label "iso" ]
              edge [ source 1 target 2 weight 0.5 ]
              edge [ source 2 target 1 ]
              edge [ source 2 target 1 ]
            ]
            """;
        var (g, r) = Parse(text);
        Assert.Equal(ImportFormat.Gml, r.Format);
        Assert.Equal(3, g.NodeCount);
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(3, r.EdgeRows);
        Assert.True(g.TryGetNode("007", out _));
        Assert.Equal(0.5, Weight(g, "1", "2"));
        Assert.Equal("Café \"blog\"", r.NodeAttributes.Single(a => a.Account == "1").DisplayName);
        Assert.Equal("1", r.NodeAttributes.Single(a => a.Account == "2").Extra["value"]);
    }

    [Fact]
    public void Gml_WrittenByNetworkX_NodeNameLabelGivesTheNames()
    {
        // /usr/bin/python3: G = nx.DiGraph(); G.add_edge('alice', 'bob', weight=0.5); G.add_node('carol', party='x');
        // nx.write_gml(G, 'nx.gml')  -> ids 0..2, names in 'label' (networkx 2.8.8 output, verbatim).
        const string text = "graph [\n  directed 1\n  node [\n    id 0\n    label \"alice\"\n  ]\n  node [\n    id 1\n    label \"bob\"\n  ]\n" +
                            "  node [\n    id 2\n    label \"carol\"\n    party \"x\"\n  ]\n  edge [\n    source 0\n    target 1\n    weight 0.5\n  ]\n]\n";
        var (byId, _) = Parse(text);
        Assert.Equal(["0", "1", "2"], byId.Accounts.Names);
        var (g, r) = Parse(text, new EdgeImportOptions { NodeName = "label" });
        Assert.Equal(["alice", "bob", "carol"], g.Accounts.Names);
        Assert.Equal(0.5, Weight(g, "alice", "bob"));
        var carol = r.NodeAttributes.Single(a => a.Account == "carol");
        Assert.Equal(("x", "2"), (carol.Extra["party"], carol.Extra["id"]));
    }

    [Fact]
    public void GraphMl_GephiStyleIdsWithLabels_NodeNameLabel()
    {
        const string text = """
            <graphml><key id="label" for="node" attr.name="label" attr.type="string"/>
            <graph edgedefault="directed">
              <node id="n0"><data key="label">alice</data></node><node id="n1"><data key="label">bob</data></node>
              <node id="n2"/>
              <edge source="n0" target="n1"/><edge source="n1" target="n2"/>
            </graph></graphml>
            """;
        var (g, _) = Parse(text, new EdgeImportOptions { NodeName = "label" });
        Assert.True(HasEdge(g, "alice", "bob") && HasEdge(g, "bob", "n2")); // n2 has no label: keeps its id
        Assert.Equal(3, g.NodeCount);
    }

    [Fact]
    public void Gml_NoDirectedKey_IsUndirectedAsInNetworkX()
    {
        var (g, _) = Parse("graph [ node [ id 1 ] node [ id 2 ] edge [ source 1 target 2 ] ]");
        Assert.Equal(2, g.EdgeCount);
    }

    [Fact]
    public void Gml_Unterminated_ThrowsWithLine()
    {
        var e = Assert.Throws<ImportFormatException>(() => Parse("graph [\n directed 1\n node [ id 1 label \"x ]\n"));
        Assert.Contains("unterminated", e.Reason);
    }

    [Fact]
    public void Gzip_DetectedByMagicBytes_WithoutExtension()
    {
        var raw = new MemoryStream();
        using (var z = new GZipStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(Encoding.UTF8.GetBytes("source,target\na,b\nb,c\n"));
        raw.Position = 0;
        var b = new GraphBuilder();
        var r = EdgeImport.Read(raw, new EdgeImportOptions { SourceName = "upload.bin" }, b);
        Assert.True(r.Gzip);
        Assert.Equal(ImportFormat.Csv, r.Format);
        Assert.Equal(2, b.Build().EdgeCount);
    }

    [Theory]
    [InlineData("text/csv; charset=utf-8", "x.txt", ImportFormat.Csv)]
    [InlineData("application/x-ndjson", null, ImportFormat.Ndjson)]
    [InlineData(null, "edges.tsv.gz", ImportFormat.Tsv)]
    [InlineData(null, "g.graphml", ImportFormat.GraphMl)]
    [InlineData(null, "g.gml", ImportFormat.Gml)]
    [InlineData(null, "12831.feat", ImportFormat.SnapEgo)]
    [InlineData("application/octet-stream", "Wiki-Vote.txt", ImportFormat.Snap)]
    public void Detect_ContentTypeThenExtensionThenContent(string? contentType, string? name, ImportFormat expected)
    {
        Assert.Equal(expected, ImportFormatDetector.Resolve(ImportFormat.Auto, contentType, name, "a b\n"u8));
    }

    [Theory]
    [InlineData("# c\n1\t2\n", ImportFormat.Snap)]
    [InlineData("source,target\na,b\n", ImportFormat.Csv)]
    [InlineData("\uFEFF[[1,2]]", ImportFormat.Json)]
    [InlineData("{\"a\":1,\"b\":2}\n{\"a\":2,\"b\":3}\n", ImportFormat.Ndjson)]
    [InlineData("{\n \"edges\": []\n}", ImportFormat.Json)]
    [InlineData("<?xml version=\"1.0\"?><graphml/>", ImportFormat.GraphMl)]
    [InlineData("Creator \"x\"\ngraph\n[\n]", ImportFormat.Gml)]
    public void Detect_FromFirstBytes(string head, ImportFormat expected)
    {
        Assert.Equal(expected, ImportFormatDetector.FromContent(Encoding.UTF8.GetBytes(head)));
    }

    [Fact]
    public void Explicit_Format_OverridesDetection()
    {
        // A .csv name holding a white-space list: forced to snap it reads two edges.
        var b = new GraphBuilder();
        EdgeImport.Read(Bytes("a b\nb c\n"), new EdgeImportOptions { SourceName = "x.csv", Format = ImportFormat.Snap }, b);
        Assert.Equal(2, b.Build().EdgeCount);
    }

    [Fact]
    public void Rejections_CarryFileLineNumbersFieldAndReason()
    {
        // line 1 header, 2 ok, 3 blank, 4 bad weight, 5 CRLF ok, 6 empty follower, 7 negative weight, 8 NaN
        const string text = "source,target,weight\na,b,1\n\nb,c,abc\r\nc,a,2\r\n,a,1\nx,y,-0.5\nx,z,NaN\n";
        var (_, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Csv });
        Assert.Equal(6, r.RowsRead);
        Assert.Equal(4, r.RejectedCount);
        Assert.Equal([4L, 6L, 7L, 8L], r.Rejections.Select(x => x.Line));
        Assert.Equal(["weight", "follower", "weight", "weight"], r.Rejections.Select(x => x.Field));
        Assert.Contains("'abc' is not a number", r.Rejections[0].Reason);
        Assert.Contains("negative", r.Rejections[2].Reason);
        Assert.Contains("not finite", r.Rejections[3].Reason);
    }

    [Fact]
    public void Rejections_SnapLineNumbersCountCommentsAndCrlf()
    {
        const string text = "# header\r\n# more\r\na b\r\n\r\na b {'weight': 'heavy'}\r\nc d x\r\n";
        var (_, r) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Snap });
        Assert.Equal([5L, 6L], r.Rejections.Select(x => x.Line));
    }

    [Fact]
    public void Rejections_FirstHundredListedAllCounted()
    {
        var sb = new StringBuilder("source,target,weight\n");
        for (int i = 0; i < 250; i++) sb.Append("a,b,bad\n");
        var (_, r) = Parse(sb.ToString(), new EdgeImportOptions { Format = ImportFormat.Csv });
        Assert.Equal(250, r.RejectedCount);
        Assert.Equal(100, r.Rejections.Count);
        Assert.Equal(2, r.Rejections[0].Line);
        Assert.Equal(101, r.Rejections[^1].Line);
    }

    [Fact]
    public void WeightColumn_ByNameOrPosition()
    {
        var (g, _) = Parse("source,target,rating,trust\na,b,-5,0.75\n", new EdgeImportOptions { Format = ImportFormat.Csv, WeightColumn = "trust" });
        Assert.Equal(0.75, Weight(g, "a", "b"));
        var (h, _) = Parse("a,b,-5,0.25\n", new EdgeImportOptions { Format = ImportFormat.Csv, WeightColumn = "4" });
        Assert.Equal(0.25, Weight(h, "a", "b"));
        Assert.Throws<ImportFormatException>(() => Parse("source,target\na,b\n", new EdgeImportOptions { Format = ImportFormat.Csv, WeightColumn = "nope" }));
    }

    [Fact]
    public void Json_LoneSurrogateEscape_RejectsTheRowNotTheBatch()
    {
        // "\ud800" is valid JSON but not valid Unicode: the row is rejected with its line, the rest is read.
        var (g, r) = Parse("[[\"a\", \"b\"],\n[\"\\ud800x\", \"b\"],\n[\"\\ud83d\\ude00\", \"a\"]]");
        Assert.Equal(1, r.RejectedCount);
        Assert.Equal(2, r.Rejections[0].Line);
        Assert.Contains("surrogate", r.Rejections[0].Reason);
        Assert.True(HasEdge(g, "😀", "a"));
        Assert.Equal(3, g.NodeCount);
    }

    [Fact]
    public void NumericHandles_DenseSparseAndLeadingZeros_SameGraphAsStringInterning()
    {
        // The numeric fast path (decimal ids without leading zero, dense below 2^22, sparse above,
        // more than 18 digits as text) must give exactly what plain string interning gives.
        const string text = "7 007\n07 7\n@7 4194304\n4194303 4194304\n 7 12345678901234567890123\n0 00\n4194304 0\n";
        var (g, _) = Parse(text, new EdgeImportOptions { Format = ImportFormat.Snap });
        var expected = new GraphBuilder();
        foreach (var (u, v) in new[] { ("7", "007"), ("07", "7"), ("7", "4194304"), ("4194303", "4194304"), ("7", "12345678901234567890123"), ("0", "00"), ("4194304", "0") })
            expected.AddEdge(u, v);
        var e = expected.Build();
        Assert.Equal(e.Accounts.Names, g.Accounts.Names);
        Assert.Equal(TestGraphs.OutCsr(e).Targets, TestGraphs.OutCsr(g).Targets);
        Assert.Equal(TestGraphs.OutCsr(e).Offsets, TestGraphs.OutCsr(g).Offsets);

        // Appending to a builder that already knows some ids (GraphBuilder.From) reuses their node ids.
        var b = GraphBuilder.From(g);
        EdgeImport.Read(Bytes("4194304 7\n99 7\n"), new EdgeImportOptions { Format = ImportFormat.Snap }, b);
        var h = b.Build();
        Assert.Equal(g.NodeCount + 1, h.NodeCount);
        Assert.True(HasEdge(h, "4194304", "7") && HasEdge(h, "99", "7"));
    }

    /// <summary>Returns at most <c>max</c> bytes per read, to split tokens across buffer refills.</summary>
    private sealed class TrickleStream(byte[] data, int max) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, max), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Json_TokensSplitAcrossReads_SameGraphAndLines(int bytesPerRead)
    {
        // Escapes, unicode, numbers and skipped nested values arriving a few bytes at a time.
        // The first 4 KiB are read ahead for format detection; the padding puts the edges beyond them.
        string text = "{\"pad\": \"" + new string('p', 5000) + "\", \"meta\": {\"a\": [1, 2, {\"b\": null}]},\n \"edges\": [\n" +
                            "  {\"source\": \"caf\\u00e9\", \"target\": \"\\\"q\\\"\", \"weight\": 1.5e0},\n" +
                            "  [12345678901234567890, \"Zo\u00eb\"],\n  {\"source\": \"x\"}\n]}";
        var b = new GraphBuilder();
        var r = EdgeImport.Read(new TrickleStream(Encoding.UTF8.GetBytes(text), bytesPerRead), new EdgeImportOptions(), b);
        var g = b.Build();
        Assert.Equal(1.5, Weight(g, "café", "\"q\""));
        Assert.True(HasEdge(g, "12345678901234567890", "Zoë"));
        Assert.Equal(1, r.RejectedCount);
        Assert.Equal(5, r.Rejections[0].Line);
    }
}
