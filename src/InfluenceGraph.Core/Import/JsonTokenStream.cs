using System.Buffers;
using System.Text;
using System.Text.Json;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Streams JSON tokens from a <see cref="Stream"/> with <see cref="Utf8JsonReader"/> over a sliding
/// buffer (the input is never loaded whole), keeping 1-based line numbers. Several top-level values
/// are allowed (NDJSON). A UTF-8 BOM is skipped. Comments and trailing commas are tolerated.
/// </summary>
internal sealed class JsonTokenStream
{
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buf = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private long _line = 1;
    private char[] _chars = new char[256];
    private int _charLen;
    private bool _bomChecked;

    public JsonTokenStream(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
        _state = new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = true,
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 256,
        });
    }

    /// <summary>Type of the current token.</summary>
    public JsonTokenType Token { get; private set; }

    /// <summary>1-based line where the current token starts.</summary>
    public long Line { get; private set; }

    /// <summary>Text of the current string, property name or number (raw number text), "true"/"false", or empty for null.</summary>
    public ReadOnlySpan<char> Text => _chars.AsSpan(0, _charLen);

    /// <summary>True when the current token is a scalar (string, number, true, false, null).</summary>
    public bool IsScalar => Token is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;

    /// <summary>Advances to the next token; false at the end of input.</summary>
    /// <exception cref="ImportFormatException">The JSON is malformed (with the line).</exception>
    public bool Read()
    {
        while (true)
        {
            if (!_bomChecked && (_end - _start >= 3 || _final))
            {
                _bomChecked = true;
                if (_buf.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
            }
            if (_bomChecked && TryReadToken()) return true;
            if (_final) return false;
            Fill();
        }
    }

    /// <summary>Skips the value that starts at the current token (object or array: up to its end).</summary>
    public void SkipValue()
    {
        if (Token is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = 1;
        while (depth > 0)
        {
            if (!Read()) throw Error("unexpected end of JSON");
            if (Token is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (Token is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
        }
    }

    /// <summary>An error at the current line.</summary>
    public ImportFormatException Error(string reason) => new(_source, Line == 0 ? _line : Line, null, reason);

    private bool TryReadToken()
    {
        var span = _buf.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(span, _final, _state);
        bool ok;
        try { ok = reader.Read(); }
        catch (JsonException e)
        {
            // The reader state carries the line count across buffers: e.LineNumber is 0-based from the start.
            long line = (e.LineNumber ?? (_line - 1)) + 1;
            throw new ImportFormatException(_source, line, null, "malformed JSON: " + FirstSentence(e.Message), e);
        }
        if (!ok) return false;
        int tokStart = (int)reader.TokenStartIndex;
        _line += span[..tokStart].Count((byte)'\n');
        Line = _line;
        Token = reader.TokenType;
        switch (Token)
        {
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                {
                    int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                    if (_chars.Length < max) _chars = new char[Math.Max(max, _chars.Length * 2)];
                    try { _charLen = reader.CopyString(_chars); }
                    catch (InvalidOperationException)
                    {
                        // A "\ud800"-style escape without its pair: valid JSON, invalid Unicode. Keep an
                        // unpaired surrogate in the text so the row is rejected (with its line) downstream.
                        _chars[0] = '\uD800';
                        _charLen = 1;
                    }
                    break;
                }
            case JsonTokenType.Number:
                {
                    ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                    if (_chars.Length < raw.Length) _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
                    _charLen = Encoding.ASCII.GetChars(raw, _chars);
                    break;
                }
            case JsonTokenType.True: SetText("true"); break;
            case JsonTokenType.False: SetText("false"); break;
            default: _charLen = 0; break;
        }
        int consumed = (int)reader.BytesConsumed;
        _line += span[tokStart..consumed].Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
        return true;
    }

    private void SetText(string s)
    {
        s.CopyTo(_chars);
        _charLen = s.Length;
    }

    private void Fill()
    {
        int len = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, len);
            _start = 0;
            _end = len;
        }
        if (_end == _buf.Length)
        {
            // A token longer than the buffer: grow, up to a bound (a 200-million-character handle
            // from a tiny gzip must not exhaust memory).
            if (_buf.Length >= ImportLimits.MaxJsonTokenBytes)
                throw Error($"a JSON token is longer than {ImportLimits.MaxJsonTokenBytes:N0} bytes");
            Array.Resize(ref _buf, _buf.Length * 2);
        }
        int r = _stream.Read(_buf, _end, _buf.Length - _end);
        if (r == 0) _final = true;
        _end += r;
    }

    private static string FirstSentence(string m)
    {
        int i = m.IndexOf(" LineNumber", StringComparison.Ordinal);
        return i > 0 ? m[..i].TrimEnd() : m;
    }
}
