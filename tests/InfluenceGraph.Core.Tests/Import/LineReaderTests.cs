using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Tests.Import;

/// <summary>
/// <see cref="LineReader"/> against a straightforward reference split (\r\n, \n and lone \r end a
/// line; a last line without end counts), on seeded random texts and tiny buffers so that line ends,
/// including a \r\n pair, straddle buffer boundaries.
/// </summary>
public class LineReaderTests
{
    private static List<string> Reference(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || text[i] == '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                start = i + 1;
            }
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void TryRead_RandomTextsAnyBufferSize_MatchesReferenceSplit(int bufferSize)
    {
        var rng = new Random(bufferSize);
        string[] pieces = ["a", "bb", "ccc d", "", "\n", "\r\n", "\r", "\r\r\n", "\n\r"];
        for (int trial = 0; trial < 300; trial++)
        {
            var text = string.Concat(Enumerable.Range(0, rng.Next(0, 12)).Select(_ => pieces[rng.Next(pieces.Length)]));
            var reader = new LineReader(new StringReader(text), bufferSize);
            var got = new List<string>();
            while (reader.TryRead(out var line)) got.Add(line.ToString());
            Assert.Equal(Reference(text), got);
            Assert.Equal(got.Count, reader.LineNumber);
        }
    }
}
