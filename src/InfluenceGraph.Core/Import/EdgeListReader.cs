using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Minimal reader of plain edge lists (the <c>../shared/oracle/expected/*.edges</c> kind):
/// one <c>follower followee</c> pair per line separated by white space, a comma or a tab;
/// lines starting with <c>#</c> or <c>%</c> are comments; a line with a single token declares an
/// account without edges; <c>.gz</c> files are decompressed. The full import pipeline (issue 3)
/// supersedes it for CSV/JSON/GraphML/GML.
/// </summary>
public static class EdgeListReader
{
    /// <summary>
    /// Reads <paramref name="path"/> into a new snapshot through the import pipeline
    /// (<see cref="EdgeImport.Load(string, EdgeImportOptions?, InfluenceGraph.Core.Graph.GraphBuildOptions?, bool)"/>; format detected from the extension and content, so CSV, TSV,
    /// JSON, GraphML and GML files work too). Without <paramref name="weighted"/> a weight column is
    /// ignored; any rejected row fails the load.
    /// </summary>
    /// <exception cref="ImportFormatException">A row is rejected or the file cannot be parsed (the message gives file and line).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GraphSnapshot Load(string path, GraphBuildOptions? options = null, bool weighted = false) =>
        EdgeImport.Load(path, new EdgeImportOptions { WeightColumn = weighted ? null : "none" }, options, weighted);

    /// <summary>Reads lines from <paramref name="reader"/> into <paramref name="builder"/>.</summary>
    public static void Read(TextReader reader, GraphBuilder builder, string source, bool weighted)
    {
        string? line;
        long no = 0;
        Span<Range> parts = stackalloc Range[4];
        while ((line = reader.ReadLine()) is not null)
        {
            no++;
            ReadOnlySpan<char> l = line.AsSpan().Trim();
            if (l.IsEmpty || l[0] == '#' || l[0] == '%') continue;
            char sep = l.Contains('\t') ? '\t' : l.Contains(',') ? ',' : ' ';
            int count = sep == ' '
                ? l.SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : l.Split(parts, sep, StringSplitOptions.TrimEntries);
            if (count == 1) { builder.AddAccount(l[parts[0]]); continue; }
            if (count > 3) throw new ImportFormatException(source, no, null, "expected 'follower followee [weight]'");
            double w = 1.0;
            if (weighted && count == 3)
            {
                if (!double.TryParse(l[parts[2]], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out w) || !double.IsFinite(w) || w < 0)
                    throw new ImportFormatException(source, no, "weight", $"'{l[parts[2]]}' is not a finite number >= 0");
            }
            try { builder.AddEdge(l[parts[0]], l[parts[1]], w); }
            catch (ArgumentException e) { throw new ImportFormatException(source, no, null, e.Message, e); }
        }
    }
}
