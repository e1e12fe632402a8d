using System.Xml;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// GraphML (Gephi, NetworkX <c>write_graphml</c>, igraph) streamed with <see cref="XmlReader"/>.
/// </summary>
/// <remarks>
/// Nodes are named by their <c>id</c> attribute (isolated nodes kept); their <c>&lt;data&gt;</c>
/// values become account attributes under the key's <c>attr.name</c> (or the key id). Edges run
/// <c>source</c> -&gt; <c>target</c>; a <c>&lt;data&gt;</c> whose key's <c>attr.name</c> is
/// <c>weight</c> (or the chosen weight column) is the weight. <c>edgedefault="undirected"</c> adds
/// both directions unless an edge says <c>directed="true"</c>. Nested graphs and hyperedges are not supported.
/// </remarks>
internal static class GraphMlParser
{
    public static void Read(TextReader text, EdgeSink sink, Action<(string Account, long Line, List<KeyValuePair<string, string>> Fields)>? nodeRecord = null)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(text, settings);
        var info = (IXmlLineInfo)xml;
        var keyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        bool undirected = false;
        string weightName = sink.WeightColumn ?? "weight";
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                switch (xml.LocalName)
                {
                    case "key":
                        {
                            string? id = xml.GetAttribute("id");
                            if (id is not null) keyNames[id] = xml.GetAttribute("attr.name") ?? id;
                            break;
                        }
                    case "graph":
                        undirected = string.Equals(xml.GetAttribute("edgedefault"), "undirected", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "node":
                        {
                            long line = info.LineNumber;
                            string? id = xml.GetAttribute("id");
                            var fields = ReadData(xml, keyNames);
                            if (id is null) { sink.Reject(line, "id", "a <node> has no id attribute"); break; }
                            string? canonical = sink.Node(sink.NodeHandle(id, fields), line);
                            if (canonical is not null && fields.Count > 0)
                            {
                                var rec = (canonical, line, fields);
                                if (nodeRecord is not null) nodeRecord(rec); else sink.NodeAttributes.Add(rec);
                            }
                            break;
                        }
                    case "edge":
                        {
                            if (nodeRecord is not null) { xml.Skip(); break; }
                            long line = info.LineNumber;
                            string? s = xml.GetAttribute("source"), t = xml.GetAttribute("target");
                            string? dir = xml.GetAttribute("directed");
                            bool both = dir is null ? undirected : string.Equals(dir, "false", StringComparison.OrdinalIgnoreCase);
                            var fields = ReadData(xml, keyNames);
                            if (s is null || t is null) { sink.Reject(line, s is null ? "source" : "target", "an <edge> needs source and target attributes"); break; }
                            double w = 1.0;
                            bool explicitW = false;
                            if (!sink.IgnoreWeights)
                            {
                                foreach (var (k, v) in fields)
                                {
                                    if (!k.Equals(weightName, StringComparison.OrdinalIgnoreCase)) continue;
                                    string? err = ImportFields.TryParseWeight(v, out w);
                                    if (err is not null) { sink.Reject(line, k, err); goto next; }
                                    explicitW = true;
                                }
                            }
                            s = sink.EdgeEnd(s);
                            t = sink.EdgeEnd(t);
                            sink.Edge(s, t, w, explicitW, line);
                            if (both && s != t) sink.Edge(t, s, w, explicitW, line);
                        next:
                            break;
                        }
                }
            }
        }
        catch (XmlException e)
        {
            throw new ImportFormatException(sink.Source, e.LineNumber, null, "malformed GraphML: " + e.Message, e);
        }
        sink.Tick();
    }

    /// <summary>Reads the &lt;data&gt; children of the current element (leaves the reader after it).</summary>
    private static List<KeyValuePair<string, string>> ReadData(XmlReader xml, Dictionary<string, string> keyNames)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (xml.IsEmptyElement) return fields;
        int depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "data" && xml.Depth == depth + 1)
            {
                string key = xml.GetAttribute("key") ?? "";
                string name = keyNames.TryGetValue(key, out var n) ? n : key;
                fields.Add(new(name, xml.ReadElementContentAsString())); // moves past </data>
                continue;
            }
            xml.Read();
        }
        return fields;
    }
}
