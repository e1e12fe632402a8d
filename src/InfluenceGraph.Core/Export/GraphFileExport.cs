using System.Globalization;
using System.Text;
using System.Xml;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Export;

/// <summary>
/// Writes a follower graph with per-account attributes as GraphML (GraphML 1.0; read by NetworkX
/// <c>read_graphml</c>, igraph <c>Graph.Read_GraphML</c>, Gephi) or GEXF 1.2 (Gephi's format; read by
/// NetworkX <c>read_gexf</c>).
/// </summary>
/// <remarks>
/// Every edge is written as <c>source = follower</c>, <c>target = followee</c> (the direction of the
/// import: the follower sees the followee's posts), in a directed graph. Nodes are identified by
/// their account handle. A weighted graph writes each edge's weight (GraphML key <c>weight</c>,
/// GEXF attribute <c>weight</c>); parallel edges of a multigraph are written once each. Real values
/// are written in round-trip form ("R"); NaN and infinities as <c>NaN</c>, <c>INF</c>, <c>-INF</c> (XML Schema).
/// A missing value (null) omits the element. Output is UTF-8 without a byte-order mark.
/// </remarks>
public static class GraphFileExport
{
    /// <summary>Writes GraphML to <paramref name="output"/> (not closed).</summary>
    /// <param name="graph">The graph; node i is row i of <paramref name="nodes"/>.</param>
    /// <param name="nodes">Node attributes, one row per node id (RowCount = graph.NodeCount).</param>
    /// <param name="output">A writable stream.</param>
    /// <param name="cancellationToken">Checked every 4,096 nodes or edges.</param>
    /// <exception cref="ArgumentException"><paramref name="nodes"/> has another row count than the graph has nodes, or an invalid shape.</exception>
    public static async Task WriteGraphMlAsync(GraphSnapshot graph, ExportTable nodes, Stream output, CancellationToken cancellationToken = default)
    {
        Check(graph, nodes);
        await using var w = XmlWriter.Create(output, Settings());
        await w.WriteStartDocumentAsync().ConfigureAwait(false);
        w.WriteStartElement("graphml", "http://graphml.graphdrawing.org/xmlns");
        w.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
        w.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
        w.WriteComment(" InfluenceGraph export: edge source = follower, target = followee (the follower sees the followee's posts). ");
        for (int c = 0; c < nodes.Columns.Count; c++)
        {
            var col = nodes.Columns[c];
            w.WriteStartElement("key");
            w.WriteAttributeString("id", "n" + c.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("for", "node");
            w.WriteAttributeString("attr.name", col.Name);
            w.WriteAttributeString("attr.type", TypeName(col.Type));
            w.WriteEndElement();
        }
        if (graph.IsWeighted)
        {
            w.WriteStartElement("key");
            w.WriteAttributeString("id", "w");
            w.WriteAttributeString("for", "edge");
            w.WriteAttributeString("attr.name", "weight");
            w.WriteAttributeString("attr.type", "double");
            w.WriteEndElement();
        }
        w.WriteStartElement("graph");
        w.WriteAttributeString("id", "G");
        w.WriteAttributeString("edgedefault", "directed");
        var names = graph.Accounts;
        for (int v = 0; v < graph.NodeCount; v++)
        {
            if ((v & 4095) == 0) { cancellationToken.ThrowIfCancellationRequested(); await w.FlushAsync().ConfigureAwait(false); }
            w.WriteStartElement("node");
            w.WriteAttributeString("id", names[v]);
            for (int c = 0; c < nodes.Columns.Count; c++)
            {
                string? text = Format(nodes.Columns[c], v);
                if (text is null) continue;
                w.WriteStartElement("data");
                w.WriteAttributeString("key", "n" + c.ToString(CultureInfo.InvariantCulture));
                w.WriteString(text);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        long e = 0;
        foreach (var chunk in graph.OutEdgeChunks.Chunks)
        for (int u = chunk.FirstNode; u < chunk.EndNode; u++)
        {
            int end = chunk.Offsets[u - chunk.FirstNode + 1];
            for (int i = chunk.Offsets[u - chunk.FirstNode]; i < end; i++, e++)
            {
                if ((e & 4095) == 0) { cancellationToken.ThrowIfCancellationRequested(); await w.FlushAsync().ConfigureAwait(false); }
                w.WriteStartElement("edge");
                w.WriteAttributeString("source", names[u]);
                w.WriteAttributeString("target", names[chunk.Targets[i]]);
                if (chunk.Weights is { } ow)
                {
                    w.WriteStartElement("data");
                    w.WriteAttributeString("key", "w");
                    w.WriteString(Real(ow[i]));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
        }
        w.WriteEndElement(); // graph
        w.WriteEndElement(); // graphml
        await w.WriteEndDocumentAsync().ConfigureAwait(false);
    }

    /// <summary>Writes GEXF 1.2 (namespace 1.2draft, the version NetworkX and Gephi both read) to <paramref name="output"/> (not closed). Same arguments and errors as <see cref="WriteGraphMlAsync"/>.</summary>
    /// <param name="graph">The graph; node i is row i of <paramref name="nodes"/>.</param>
    /// <param name="nodes">Node attributes, one row per node id.</param>
    /// <param name="output">A writable stream.</param>
    /// <param name="cancellationToken">Checked every 4,096 nodes or edges.</param>
    /// <exception cref="ArgumentException"><paramref name="nodes"/> has another row count than the graph has nodes, or an invalid shape.</exception>
    public static async Task WriteGexfAsync(GraphSnapshot graph, ExportTable nodes, Stream output, CancellationToken cancellationToken = default)
    {
        Check(graph, nodes);
        await using var w = XmlWriter.Create(output, Settings());
        await w.WriteStartDocumentAsync().ConfigureAwait(false);
        w.WriteStartElement("gexf", "http://www.gexf.net/1.2draft");
        w.WriteAttributeString("version", "1.2");
        w.WriteStartElement("meta");
        w.WriteElementString("creator", "InfluenceGraph");
        w.WriteElementString("description", "Follower network: edge source = follower, target = followee (the follower sees the followee's posts).");
        w.WriteEndElement();
        w.WriteStartElement("graph");
        w.WriteAttributeString("defaultedgetype", "directed");
        w.WriteAttributeString("mode", "static");
        w.WriteStartElement("attributes");
        w.WriteAttributeString("class", "node");
        for (int c = 0; c < nodes.Columns.Count; c++)
        {
            w.WriteStartElement("attribute");
            w.WriteAttributeString("id", c.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("title", nodes.Columns[c].Name);
            w.WriteAttributeString("type", TypeName(nodes.Columns[c].Type));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        var names = graph.Accounts;
        w.WriteStartElement("nodes");
        for (int v = 0; v < graph.NodeCount; v++)
        {
            if ((v & 4095) == 0) { cancellationToken.ThrowIfCancellationRequested(); await w.FlushAsync().ConfigureAwait(false); }
            w.WriteStartElement("node");
            w.WriteAttributeString("id", names[v]);
            w.WriteAttributeString("label", names[v]);
            bool open = false;
            for (int c = 0; c < nodes.Columns.Count; c++)
            {
                string? text = Format(nodes.Columns[c], v);
                if (text is null) continue;
                if (!open) { w.WriteStartElement("attvalues"); open = true; }
                w.WriteStartElement("attvalue");
                w.WriteAttributeString("for", c.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("value", text);
                w.WriteEndElement();
            }
            if (open) w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteStartElement("edges");
        long e = 0;
        foreach (var chunk in graph.OutEdgeChunks.Chunks)
        for (int u = chunk.FirstNode; u < chunk.EndNode; u++)
        {
            int end = chunk.Offsets[u - chunk.FirstNode + 1];
            for (int i = chunk.Offsets[u - chunk.FirstNode]; i < end; i++, e++)
            {
                if ((e & 4095) == 0) { cancellationToken.ThrowIfCancellationRequested(); await w.FlushAsync().ConfigureAwait(false); }
                w.WriteStartElement("edge");
                w.WriteAttributeString("id", e.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("source", names[u]);
                w.WriteAttributeString("target", names[chunk.Targets[i]]);
                if (chunk.Weights is { } ow) w.WriteAttributeString("weight", Real(ow[i]));
                w.WriteEndElement();
            }
        }
        w.WriteEndElement(); // edges
        w.WriteEndElement(); // graph
        w.WriteEndElement(); // gexf
        await w.WriteEndDocumentAsync().ConfigureAwait(false);
    }

    private static void Check(GraphSnapshot graph, ExportTable nodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Columns.Count > 0) nodes.Validate();
        if (nodes.RowCount != graph.NodeCount)
            throw new ArgumentException($"The node table has {nodes.RowCount} rows; the graph has {graph.NodeCount} accounts.", nameof(nodes));
    }

    private static XmlWriterSettings Settings() => new()
    {
        Async = true, Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", CloseOutput = false,
    };

    private static string TypeName(ExportColumnType t) => t switch
    {
        ExportColumnType.Text => "string",
        ExportColumnType.Integer => "long",
        ExportColumnType.Real => "double",
        _ => "boolean",
    };

    private static string? Format(ExportColumn col, int row) => col.Value(row) switch
    {
        null => null,
        string s => s,
        double d => Real(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        var other => throw new ArgumentException($"Export column '{col.Name}' has a value of type {other.GetType().Name}."),
    };

    private static string Real(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "INF" : double.IsNegativeInfinity(d) ? "-INF" : d.ToString("R", CultureInfo.InvariantCulture);
}
