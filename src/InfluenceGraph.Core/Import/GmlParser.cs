using System.Net;
using System.Text;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// GML (Himsolt 1997; as written by NetworkX <c>write_gml</c>, igraph and Newman's network data),
/// read with a small streaming tokenizer (there is no maintained .NET GML parser).
/// </summary>
/// <remarks>
/// <c>graph [ directed 1 node [ id 1 label "x" value 0 ] edge [ source 1 target 2 weight 0.5 ] ]</c>.
/// Nodes are named by their <c>id</c> (as written: <c>007</c> stays <c>"007"</c>); isolated nodes are
/// kept; other scalar node keys (<c>label</c>, <c>value</c>...) become account attributes; nested
/// lists (<c>graphics</c>) are skipped. Edges run <c>source</c> -&gt; <c>target</c>; <c>weight</c>
/// (or the chosen weight key) is the weight. As in NetworkX, a graph without <c>directed 1</c> is
/// undirected: each edge then adds both directions. Strings may hold HTML entities (<c>&amp;quot;</c>).
/// Lines starting with <c>#</c> are comments.
/// </remarks>
internal sealed class GmlParser
{
    private enum Tok { End, Key, Number, String, Open, Close }

    private readonly TextReader _reader;
    private readonly EdgeSink _sink;
    private readonly StringBuilder _text = new();
    private int _peek = -2;
    private long _line = 1;
    private Tok _tok;
    private long _tokLine;
    private string _value = "";

    private GmlParser(TextReader reader, EdgeSink sink)
    {
        _reader = reader;
        _sink = sink;
    }

    /// <summary>Reads a GML graph into <paramref name="sink"/>; with <paramref name="nodeRecord"/> edges are skipped and node records handed to it.</summary>
    public static void Read(TextReader reader, EdgeSink sink, Action<(string Account, long Line, List<KeyValuePair<string, string>> Fields)>? nodeRecord = null)
    {
        var p = new GmlParser(reader, sink);
        p.ReadTop(nodeRecord);
        sink.Tick();
    }

    private void ReadTop(Action<(string, long, List<KeyValuePair<string, string>>)>? nodeRecord)
    {
        bool sawGraph = false;
        while (Next() != Tok.End)
        {
            if (_tok != Tok.Key) throw Error($"expected a key, found {Describe()}");
            string key = _value;
            Next();
            if (key == "graph" && _tok == Tok.Open) { sawGraph = true; ReadGraph(nodeRecord); }
            else SkipValue();
        }
        if (!sawGraph) throw Error("no 'graph [ ... ]' block");
    }

    private void ReadGraph(Action<(string, long, List<KeyValuePair<string, string>>)>? nodeRecord)
    {
        bool directed = false;
        var pendingEdges = new List<(long Line, string S, string T, string? W, string? WKey)>();
        string weightKey = _sink.WeightColumn ?? "weight";
        while (true)
        {
            Next();
            if (_tok == Tok.Close) break;
            if (_tok == Tok.End) throw Error("unexpected end of file inside 'graph ['");
            if (_tok != Tok.Key) throw Error($"expected a key, found {Describe()}");
            string key = _value;
            long line = _tokLine;
            Next();
            if (key == "directed" && _tok == Tok.Number) { directed = _value.Trim() != "0"; continue; }
            if (key == "node" && _tok == Tok.Open)
            {
                var fields = ReadList(out string? id);
                if (id is null) { _sink.Reject(line, "id", "a node has no id"); continue; }
                string? canonical = _sink.Node(_sink.NodeHandle(id, fields), line);
                if (canonical is not null && fields.Count > 0)
                {
                    if (nodeRecord is not null) nodeRecord((canonical, line, fields));
                    else _sink.NodeAttributes.Add((canonical, line, fields));
                }
                continue;
            }
            if (key == "edge" && _tok == Tok.Open)
            {
                var fields = ReadList(out _);
                if (nodeRecord is not null) continue;
                string? s = null, t = null, w = null, wk = null;
                foreach (var (k, v) in fields)
                {
                    if (k == "source") s = v;
                    else if (k == "target") t = v;
                    else if (k.Equals(weightKey, StringComparison.OrdinalIgnoreCase)) { w = v; wk = k; }
                }
                if (s is null || t is null) { _sink.Reject(line, s is null ? "source" : "target", "an edge needs a source and a target"); continue; }
                pendingEdges.Add((line, s, t, w, wk));
                // Undirected (or renamed) graphs wait for the end: 'directed' and node names may come late.
                if (directed && _sink.NodeName is null && pendingEdges.Count >= 4096) Flush(pendingEdges, directed);
                continue;
            }
            SkipValue();
        }
        // 'directed' may come after the first edges in theory; it is known by now.
        Flush(pendingEdges, directed);
    }

    private void Flush(List<(long Line, string S, string T, string? W, string? WKey)> edges, bool directed)
    {
        foreach (var (line, s, t, w, wk) in edges)
        {
            double weight = 1.0;
            bool explicitW = false;
            if (w is not null && !_sink.IgnoreWeights)
            {
                string? err = ImportFields.TryParseWeight(w, out weight);
                if (err is not null) { _sink.Reject(line, wk, err); continue; }
                explicitW = true;
            }
            string a = _sink.EdgeEnd(s), b = _sink.EdgeEnd(t);
            _sink.Edge(a, b, weight, explicitW, line);
            if (!directed && a != b) _sink.Edge(b, a, weight, explicitW, line);
        }
        edges.Clear();
    }

    /// <summary>Reads a [ ... ] list of scalar key/value pairs (nested lists skipped); returns them, with 'id' apart.</summary>
    private List<KeyValuePair<string, string>> ReadList(out string? id)
    {
        id = null;
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            Next();
            if (_tok == Tok.Close) return fields;
            if (_tok == Tok.End) throw Error("unexpected end of file inside a list");
            if (_tok != Tok.Key) throw Error($"expected a key, found {Describe()}");
            string key = _value;
            Next();
            if (_tok == Tok.Open) { SkipValue(); continue; }
            if (_tok is not (Tok.Number or Tok.String)) throw Error($"expected a value for '{key}', found {Describe()}");
            if (key == "id") id = _value;
            else fields.Add(new(key, _value));
        }
    }

    private void SkipValue()
    {
        if (_tok is Tok.Number or Tok.String) return;
        if (_tok != Tok.Open) throw Error($"expected a value, found {Describe()}");
        int depth = 1;
        while (depth > 0)
        {
            Next();
            if (_tok == Tok.Open) depth++;
            else if (_tok == Tok.Close) depth--;
            else if (_tok == Tok.End) throw Error("unexpected end of file inside a list");
        }
    }

    private string Describe() => _tok switch
    {
        Tok.End => "the end of the file",
        Tok.Open => "'['",
        Tok.Close => "']'",
        _ => $"'{ImportFields.Shorten(_value)}'",
    };

    private ImportFormatException Error(string reason) => new(_sink.Source, _tokLine, null, "malformed GML: " + reason);

    private int Peek() => _peek == -2 ? _peek = _reader.Read() : _peek;

    private int Take()
    {
        int c = Peek();
        _peek = -2;
        if (c == '\n') _line++;
        else if (c == '\r') { if (Peek() == '\n') { _peek = -2; } _line++; return '\n'; }
        return c;
    }

    private Tok Next()
    {
        while (true)
        {
            int c = Peek();
            if (c < 0) { _tokLine = _line; return _tok = Tok.End; }
            if (c == '#')
            {
                while (Peek() >= 0 && Peek() != '\n' && Peek() != '\r') Take();
                continue;
            }
            if (char.IsWhiteSpace((char)c) || c == '\uFEFF') { Take(); continue; }
            break;
        }
        _tokLine = _line;
        int ch = Take();
        if (ch == '[') return _tok = Tok.Open;
        if (ch == ']') return _tok = Tok.Close;
        _text.Clear();
        if (ch == '"')
        {
            while (true)
            {
                int d = Take();
                if (d < 0) throw Error("unterminated string");
                if (d == '"') break;
                if (_text.Length >= ImportLimits.MaxValueLength)
                    throw Error($"a string value is longer than {ImportLimits.MaxValueLength:N0} characters (the per-value limit); is this really a GML file?");
                _text.Append((char)d);
            }
            string s = _text.ToString();
            _value = s.Contains('&') ? WebUtility.HtmlDecode(s) : s;
            return _tok = Tok.String;
        }
        _text.Append((char)ch);
        while (Peek() >= 0 && !char.IsWhiteSpace((char)Peek()) && Peek() != '[' && Peek() != ']' && Peek() != '"')
        {
            if (_text.Length >= ImportLimits.MaxValueLength)
                throw Error($"a key or number is longer than {ImportLimits.MaxValueLength:N0} characters (the per-value limit); is this really a GML file?");
            _text.Append((char)Take());
        }
        _value = _text.ToString();
        return _tok = char.IsLetter(_value[0]) || _value[0] == '_' ? Tok.Key : Tok.Number;
    }
}
