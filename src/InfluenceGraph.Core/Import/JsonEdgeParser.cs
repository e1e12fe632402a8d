using System.Text.Json;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// JSON and NDJSON edge input, streamed token by token.
/// </summary>
/// <remarks>
/// Accepted shapes: an array of edge elements; an object holding such an array under <c>edges</c>
/// or <c>links</c> (NetworkX node-link JSON, whose <c>nodes</c> array adds every node, isolated ones
/// included, with its other properties as account attributes); other top-level keys are skipped
/// (e.g. a <c>labels</c> map). NDJSON: one element per line. An edge element is an object with a
/// follower and a followee property (<c>follower</c>/<c>source</c>/<c>from</c>,
/// <c>followee</c>/<c>target</c>/<c>to</c>) and optionally <c>weight</c>, or an array
/// <c>[follower, followee(, weight)]</c>. Ids may be strings or numbers (a number keeps its literal
/// text: <c>7</c> stays <c>"7"</c>).
/// </remarks>
internal static class JsonEdgeParser
{
    public static void Read(JsonTokenStream js, EdgeSink sink, bool ndjson)
    {
        while (js.Read())
        {
            if (ndjson)
            {
                // Report a broken record at the line where it starts (a record left open runs
                // into the following lines, and the parser only notices at their end).
                long start = js.Line;
                try { ReadElement(js, sink); }
                catch (ImportFormatException e) when (e.Line > start)
                {
                    throw new ImportFormatException(e.File, start, e.Field, $"the NDJSON record starting on line {start} is malformed or not closed ({e.Reason}, noticed on line {e.Line})", e);
                }
                continue;
            }
            switch (js.Token)
            {
                case JsonTokenType.StartArray: ReadEdgeArray(js, sink); break;
                case JsonTokenType.StartObject: ReadObject(js, sink, topLevel: true); break;
                default: throw js.Error($"expected a JSON array or object at the top level, found {js.Token}");
            }
        }
        sink.Tick();
    }

    private static void ReadEdgeArray(JsonTokenStream js, EdgeSink sink)
    {
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside the edge array");
            if (js.Token == JsonTokenType.EndArray) return;
            ReadElement(js, sink);
        }
    }

    private static void ReadElement(JsonTokenStream js, EdgeSink sink)
    {
        switch (js.Token)
        {
            case JsonTokenType.StartObject: ReadObject(js, sink, topLevel: false); break;
            case JsonTokenType.StartArray: ReadPair(js, sink); break;
            default:
                sink.Reject(js.Line, null, $"expected an edge object or [follower, followee] pair, found {js.Token}");
                break;
        }
    }

    private static void ReadPair(JsonTokenStream js, EdgeSink sink)
    {
        long line = js.Line;
        string? a = null, b = null, w = null;
        int i = 0;
        bool bad = false;
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside an edge pair");
            if (js.Token == JsonTokenType.EndArray) break;
            if (!js.IsScalar) { js.SkipValue(); bad = true; i++; continue; }
            if (i == 0) a = js.Text.ToString();
            else if (i == 1) b = js.Text.ToString();
            else if (i == 2 && js.Token != JsonTokenType.Null) w = js.Text.ToString();
            i++;
        }
        if (bad || i < 2) { sink.Reject(line, null, $"an edge pair needs [follower, followee(, weight)] of strings or numbers, found {i} item(s)"); return; }
        Emit(sink, line, a!, b!, w);
    }

    private static void ReadObject(JsonTokenStream js, EdgeSink sink, bool topLevel)
    {
        long line = js.Line;
        string? a = null, b = null, w = null, t = null, twice = null, twiceField = null;
        bool container = false, sawEdges = false, sawNodes = false;
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside an object");
            if (js.Token == JsonTokenType.EndObject) break;
            string key = js.Text.ToString();
            if (!js.Read()) throw js.Error("unexpected end of JSON after a property name");
            if (js.Token == JsonTokenType.StartArray && topLevel && (key.Equals("edges", StringComparison.OrdinalIgnoreCase) || key.Equals("links", StringComparison.OrdinalIgnoreCase)))
            {
                // A second edge list would be silently merged with the first: refuse the document.
                if (sawEdges) throw js.Error($"the object holds a second edge list ('{key}'): one document has one 'edges' (or 'links') array");
                container = sawEdges = true;
                ReadEdgeArray(js, sink);
                continue;
            }
            if (js.Token == JsonTokenType.StartArray && topLevel && key.Equals("nodes", StringComparison.OrdinalIgnoreCase))
            {
                if (sawNodes) throw js.Error("the object holds a second 'nodes' array: one document has one");
                container = sawNodes = true;
                ReadNodeArray(js, sink);
                continue;
            }
            if (!js.IsScalar) { js.SkipValue(); continue; }
            if (js.Token == JsonTokenType.Null) continue;
            if (sink.WeightColumn is { } wc && key.Equals(wc, StringComparison.OrdinalIgnoreCase)) { w = js.Text.ToString(); continue; }
            if (sink.TimeColumn is { } tc && key.Equals(tc, StringComparison.OrdinalIgnoreCase)) { t = js.Text.ToString(); continue; }
            switch (ImportFields.RoleOf(key))
            {
                case 0: if (a is null) a = js.Text.ToString(); else if (twice is null) (twiceField, twice) = ("follower", $"follower twice ('{key}' after another follower/source/from property)"); break;
                case 1: if (b is null) b = js.Text.ToString(); else if (twice is null) (twiceField, twice) = ("followee", $"followee twice ('{key}' after another followee/target/to property)"); break;
                case 2: if (sink.WeightColumn is null) w = js.Text.ToString(); break;
                case 3: if (sink.TimeColumn is null && !sink.IgnoreTimes) t ??= js.Text.ToString(); break;
            }
        }
        if (container) return;
        if (twice is not null)
        {
            // {"follower": "p", "follower": "z", ...}: which one was meant is a guess; the row is rejected, never read as either.
            sink.Reject(line, twiceField, $"the edge object names its {twice}: give each end once");
            return;
        }
        if (a is null || b is null)
        {
            sink.Reject(line, a is null ? "follower" : "followee", "the edge object has no " + (a is null ? "follower/source/from" : "followee/target/to") + " property");
            return;
        }
        Emit(sink, line, a, b, w, t);
    }

    private static void Emit(EdgeSink sink, long line, string a, string b, string? w, string? t = null)
    {
        double weight = 1.0;
        bool explicitW = false;
        if (w is not null && !sink.IgnoreWeights)
        {
            string? err = sink.ParseWeight(w, out weight);
            if (err is not null) { sink.Reject(line, "weight", err); return; }
            explicitW = true;
        }
        long time = GraphSnapshot.NoTime;
        if (t is not null)
        {
            string? err = EdgeSink.ParseTime(t, out time);
            if (err is not null) { sink.Reject(line, sink.TimeColumn ?? "time", err); return; }
        }
        sink.Edge(sink.EdgeEnd(a), sink.EdgeEnd(b), weight, explicitW, line, time);
    }

    /// <summary>Node-link <c>nodes</c>: objects with an <c>id</c> (or a bare id); other scalar properties become attributes.</summary>
    private static void ReadNodeArray(JsonTokenStream js, EdgeSink sink)
    {
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside the nodes array");
            if (js.Token == JsonTokenType.EndArray) return;
            long line = js.Line;
            if (js.IsScalar) { sink.Node(js.Text, line); continue; }
            if (js.Token != JsonTokenType.StartObject) { js.SkipValue(); sink.Reject(line, "id", "a node must be an object with an 'id' or a bare id"); continue; }
            var record = JsonRecords.ReadObjectFields(js);
            string? id = null;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var (k, v) in record)
            {
                if (k.Equals("id", StringComparison.Ordinal)) id = v;
                else fields.Add(new(k, v));
            }
            if (id is null) { sink.Reject(line, "id", "a node object has no 'id' property"); continue; }
            string? canonical = sink.Node(sink.NodeHandle(id, fields), line);
            if (canonical is not null && fields.Count > 0) sink.NodeAttributes.Add((canonical, line, fields));
        }
    }
}

/// <summary>Flat records from JSON objects (scalars as text, arrays of scalars joined with <c>'\u001F'</c>).</summary>
internal static class JsonRecords
{
    /// <summary>Separator used when an array of scalars is kept as one field.</summary>
    public const char ListSeparator = '\u001F';

    /// <summary>Reads the object whose <see cref="JsonTokenType.StartObject"/> is current; nested objects are skipped.</summary>
    public static List<KeyValuePair<string, string>> ReadObjectFields(JsonTokenStream js)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            if (!js.Read()) throw js.Error("unexpected end of JSON inside an object");
            if (js.Token == JsonTokenType.EndObject) return fields;
            string key = js.Text.ToString();
            if (!js.Read()) throw js.Error("unexpected end of JSON after a property name");
            if (js.Token == JsonTokenType.Null) continue;
            if (js.IsScalar) { fields.Add(new(key, js.Text.ToString())); continue; }
            if (js.Token == JsonTokenType.StartArray)
            {
                var items = new List<string>();
                bool nested = false;
                while (true)
                {
                    if (!js.Read()) throw js.Error("unexpected end of JSON inside an array");
                    if (js.Token == JsonTokenType.EndArray) break;
                    if (js.IsScalar) { if (js.Token != JsonTokenType.Null) items.Add(js.Text.ToString()); }
                    else { nested = true; js.SkipValue(); }
                }
                if (!nested) fields.Add(new(key, string.Join(ListSeparator, items)));
                continue;
            }
            js.SkipValue();
        }
    }
}
