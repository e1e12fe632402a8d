namespace InfluenceGraph.Core.Import;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> as spans over an internal buffer (no string per
/// line). Line ends <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c> are all accepted; a last line
/// without a line end is returned. <see cref="LineNumber"/> is 1-based.
/// </summary>
internal sealed class LineReader(TextReader reader, int bufferSize = 1 << 16)
{
    private char[] _buf = new char[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipLf; // the previous line ended with '\r': a following '\n' belongs to it

    /// <summary>Number of the line last returned (1-based; 0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Returns the next line without its line end; false at the end of input.</summary>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            if (_skipLf)
            {
                if (_start == _end && !Fill()) { _skipLf = false; line = default; return false; }
                if (_buf[_start] == '\n') _start++;
                _skipLf = false;
            }
            int i = _buf.AsSpan(_start, _end - _start).IndexOfAny('\n', '\r');
            if (i >= 0)
            {
                line = _buf.AsSpan(_start, i);
                char c = _buf[_start + i];
                _start += i + 1;
                if (c == '\r') _skipLf = true;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = _buf.AsSpan(_start, _end - _start);
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private bool Fill()
    {
        if (_eof) return false;
        int len = _end - _start;
        if (_start > 0)
        {
            Array.Copy(_buf, _start, _buf, 0, len);
            _start = 0;
            _end = len;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2); // a line longer than the buffer
        int r = reader.Read(_buf, _end, _buf.Length - _end);
        if (r == 0) { _eof = true; return false; }
        _end += r;
        return true;
    }
}
