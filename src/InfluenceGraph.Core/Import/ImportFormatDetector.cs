using System.Text;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Picks the input format of an import when the caller said <see cref="ImportFormat.Auto"/>:
/// first the HTTP content type, then the file extension (a trailing <c>.gz</c> is ignored), then
/// the first bytes of the (decompressed) content.
/// </summary>
public static class ImportFormatDetector
{
    /// <summary>Parses a format name as given on the command line or in the API.</summary>
    /// <param name="name">
    /// <c>auto</c>, <c>snap</c> (also <c>edgelist</c>, <c>txt</c>), <c>csv</c>, <c>tsv</c>, <c>json</c>,
    /// <c>ndjson</c> (also <c>jsonl</c>), <c>graphml</c>, <c>gml</c>, <c>snap-ego</c>; case-insensitive.
    /// </param>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static ImportFormat Parse(string? name) => (name ?? "auto").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => ImportFormat.Auto,
        "snap" or "edgelist" or "edges" or "txt" or "space" => ImportFormat.Snap,
        "csv" => ImportFormat.Csv,
        "tsv" or "tab" => ImportFormat.Tsv,
        "json" => ImportFormat.Json,
        "ndjson" or "jsonl" or "json-lines" => ImportFormat.Ndjson,
        "graphml" or "xml" => ImportFormat.GraphMl,
        "gml" => ImportFormat.Gml,
        "snap-ego" or "snapego" or "ego" or "feat" => ImportFormat.SnapEgo,
        _ => throw new ArgumentException($"Unknown import format '{name}': use auto, snap, csv, tsv, json, ndjson, graphml, gml or snap-ego.", nameof(name)),
    };

    /// <summary>The format given by a content type (parameters such as <c>charset</c> ignored), or null.</summary>
    public static ImportFormat? FromContentType(string? contentType)
    {
        if (ContentTypeHeader.Parse(contentType).MediaType is not { } t) return null;
        return t switch
        {
            "text/csv" or "application/csv" => ImportFormat.Csv,
            "text/tab-separated-values" or "text/tsv" => ImportFormat.Tsv,
            "application/json" or "text/json" => ImportFormat.Json,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" => ImportFormat.Ndjson,
            "application/graphml+xml" or "application/xml" or "text/xml" => ImportFormat.GraphMl,
            "text/gml" or "application/gml" or "text/vnd.gml" => ImportFormat.Gml,
            _ => null, // text/plain, application/octet-stream, application/gzip...: decide from the name or content
        };
    }

    /// <summary>The format given by a file name's extension (<c>.gz</c> stripped first), or null.</summary>
    public static ImportFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return null;
        string name = fileName.Trim().ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        string ext = Path.GetExtension(name);
        return ext switch
        {
            ".csv" => ImportFormat.Csv,
            ".tsv" or ".tab" => ImportFormat.Tsv,
            ".json" => ImportFormat.Json,
            ".ndjson" or ".jsonl" => ImportFormat.Ndjson,
            ".graphml" or ".xml" => ImportFormat.GraphMl,
            ".gml" => ImportFormat.Gml,
            ".feat" => ImportFormat.SnapEgo,
            ".edges" or ".edgelist" or ".el" or ".snap" => ImportFormat.Snap,
            _ => null, // .txt and the rest: look at the content
        };
    }

    /// <summary>
    /// The format suggested by the first bytes of the content: <c>&lt;</c> = GraphML, <c>{</c>/<c>[</c>
    /// = JSON (NDJSON when the first line is a complete object and another object follows), a GML
    /// <c>graph [</c> block, a comma in the first data line = CSV, else a SNAP edge list (tabs or spaces).
    /// </summary>
    public static ImportFormat FromContent(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        string text = Encoding.UTF8.GetString(head);
        string t = text.TrimStart();
        if (t.StartsWith('<')) return ImportFormat.GraphMl;
        if (t.StartsWith('[')) return ImportFormat.Json;
        if (t.StartsWith('{'))
        {
            int nl = t.IndexOfAny(['\n', '\r']);
            if (nl > 0)
            {
                string first = t[..nl].TrimEnd();
                string rest = t[nl..].TrimStart();
                if (first.EndsWith('}') && (rest.StartsWith('{') || rest.StartsWith('['))) return ImportFormat.Ndjson;
            }
            return ImportFormat.Json;
        }
        if (LooksLikeGml(t)) return ImportFormat.Gml;
        foreach (string raw in t.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == '%') continue;
            if (line.Contains(',')) return ImportFormat.Csv;
            return ImportFormat.Snap;
        }
        return ImportFormat.Snap;
    }

    /// <summary>Resolves <see cref="ImportFormat.Auto"/>: content type, then file name, then content.</summary>
    public static ImportFormat Resolve(ImportFormat requested, string? contentType, string? fileName, ReadOnlySpan<byte> head)
    {
        if (requested != ImportFormat.Auto) return requested;
        return FromContentType(contentType) ?? FromFileName(fileName) ?? FromContent(head);
    }

    /// <summary>
    /// Resolves the format as <see cref="Resolve"/> does, then checks a declared format (given explicitly,
    /// by the content type or by the file extension) and a declared multi-byte charset against the
    /// first bytes of the content. The rule: the declared format wins only when the content does not
    /// contradict it; a contradiction is refused, never imported as something else.
    /// </summary>
    /// <param name="requested">The format asked for (<see cref="ImportFormat.Auto"/> = detect).</param>
    /// <param name="contentType">HTTP content type (with its charset), or null.</param>
    /// <param name="fileName">File name, or null.</param>
    /// <param name="head">The first (decompressed) bytes of the content, up to 4 KiB.</param>
    /// <param name="source">Source name for the error.</param>
    /// <returns>The format to parse with.</returns>
    /// <exception cref="ImportFormatException">
    /// The content contradicts the declaration (with <see cref="ImportFormatException.DeclaredFormat"/> and
    /// <see cref="ImportFormatException.DetectedFormat"/> set): a charset of UTF-16/UTF-32 declared on
    /// content without any zero byte (UTF-8/ASCII); markup, JSON or GML declared as an edge list or
    /// the reverse; or CSV/TSV/SNAP declared while no data row splits into two fields at that format's
    /// separator although every one of them does at another separator (rows would be one field each).
    /// </exception>
    public static ImportFormat ResolveChecked(ImportFormat requested, string? contentType, string? fileName, ReadOnlySpan<byte> head, string source)
    {
        string? declaredBy = requested != ImportFormat.Auto ? "the format option"
            : FromContentType(contentType) is not null ? $"Content-Type '{ContentTypeHeader.Parse(contentType).MediaType}'"
            : FromFileName(fileName) is not null ? $"the file extension of '{fileName}'"
            : null;
        var format = Resolve(requested, contentType, fileName, head);
        string? charset = ContentTypeHeader.Parse(contentType).Charset;
        if (charset is not null && head.Length >= 4 && IsWide(charset) && !HasBom(head) && head.IndexOf((byte)0) < 0)
        {
            throw new ImportFormatException(source, 0, null,
                $"the content type declares charset '{charset}', but the content has no zero byte in its first {head.Length:N0} bytes, as {charset.ToUpperInvariant()} text would: it looks like UTF-8 or ASCII. Nothing was imported; declare charset=utf-8 (or none)")
            { DeclaredFormat = "charset=" + charset, DetectedFormat = "charset=utf-8" };
        }
        if (declaredBy is null || format == ImportFormat.SnapEgo) return format;
        string text = DecodeHead(head, contentType);
        if (text.Trim().Length == 0) return format;
        var detected = FromContentText(text);
        string? evidence = null;
        var family = Family(format);
        var detectedFamily = Family(detected);
        if (family != detectedFamily && !(family == 0 && detectedFamily == 0))
        {
            evidence = detected switch
            {
                ImportFormat.GraphMl => "it starts with markup ('<')",
                ImportFormat.Json or ImportFormat.Ndjson => "it starts with '" + text.TrimStart()[0] + "'",
                ImportFormat.Gml => "it starts with a GML 'graph [' block",
                _ => "it is plain delimited text",
            };
        }
        else if (family == 0 && SeparatorContradiction(format, text) is { } other)
        {
            detected = other.Format;
            evidence = other.Evidence;
        }
        if (evidence is null) return format;
        string declared = Name(format), found = Name(detected);
        throw new ImportFormatException(source, 0, null,
            $"the input is declared as {declared} (by {declaredBy}) but its content looks like {found}: {evidence}. Nothing was imported; send it with the right Content-Type or format (or let it be detected: format=auto, text/plain)")
        { DeclaredFormat = declared, DetectedFormat = found };
    }

    /// <summary>The lower-case name of a format as the API and the CLI spell it.</summary>
    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.GraphMl => "graphml",
        ImportFormat.SnapEgo => "snap-ego",
        _ => format.ToString().ToLowerInvariant(),
    };

    private static int Family(ImportFormat f) => f switch
    {
        ImportFormat.Snap or ImportFormat.Csv or ImportFormat.Tsv => 0,
        ImportFormat.Json or ImportFormat.Ndjson => 1,
        ImportFormat.GraphMl => 2,
        ImportFormat.Gml => 3,
        _ => 4,
    };

    private static bool IsWide(string charset)
    {
        string c = charset.Trim().ToLowerInvariant();
        return c.StartsWith("utf-16", StringComparison.Ordinal) || c.StartsWith("utf-32", StringComparison.Ordinal)
            || c is "utf16" or "utf32" or "unicode" or "ucs-2" or "unicodefffe";
    }

    private static bool HasBom(ReadOnlySpan<byte> h) =>
        h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || h.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || h.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
        || h.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);

    private static string DecodeHead(ReadOnlySpan<byte> head, string? contentType)
    {
        Encoding enc;
        try { enc = ContentTypeHeader.Parse(contentType).Charset is { } cs ? Encoding.GetEncoding(cs) : Encoding.UTF8; }
        catch (ArgumentException) { enc = Encoding.UTF8; }
        string text = enc.GetString(head);
        return text.TrimStart('\uFEFF');
    }

    /// <summary>
    /// For a delimited format: the first 20 data lines (comments and blank lines skipped; for SNAP
    /// only, lines starting with # or %) of which none splits into at least two non-empty fields at
    /// the declared separator, while every one splits so at another (comma, tab, white space,
    /// semicolon, pipe). The last line of the head may be cut and is ignored when others exist.
    /// </summary>
    private static (ImportFormat Format, string Evidence)? SeparatorContradiction(ImportFormat format, string text)
    {
        var lines = new List<string>();
        var all = text.Split('\n');
        for (int i = 0; i < all.Length && lines.Count < 20; i++)
        {
            if (i == all.Length - 1 && lines.Count > 0 && !text.EndsWith('\n')) break; // cut by the 4 KiB look-ahead
            string l = all[i].Trim();
            if (l.Length == 0 || l[0] == '#' || l[0] == '%') continue;
            lines.Add(l);
        }
        if (lines.Count == 0) return null;
        static bool Splits(string l, Func<string, string[]> split) => split(l).Count(f => f.Trim().Trim('"').Length > 0) >= 2;
        Func<string, string[]> comma = l => l.Split(','), tab = l => l.Split('\t'), white = l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries),
            semi = l => l.Split(';'), pipe = l => l.Split('|');
        var declared = format switch { ImportFormat.Csv => comma, ImportFormat.Tsv => tab, _ => white };
        if (lines.Any(l => Splits(l, declared))) return null;
        (ImportFormat, string, Func<string, string[]>)[] others =
        [
            (ImportFormat.Csv, "commas", comma), (ImportFormat.Tsv, "tabs", tab), (ImportFormat.Snap, "spaces", white),
            (ImportFormat.Csv, "semicolons", semi), (ImportFormat.Csv, "pipes", pipe),
        ];
        foreach (var (f, name, split) in others)
        {
            if (ReferenceEquals(split, declared)) continue;
            if (lines.All(l => Splits(l, split)))
                return (f, $"no row of its first {lines.Count} has two fields at the declared separator, every one has at {name} (e.g. '{Shorten(lines[0])}'); the rows would be imported as one field each");
        }
        return null;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    /// <summary><see cref="FromContent"/> on text already decoded.</summary>
    private static ImportFormat FromContentText(string text) => FromContent(Encoding.UTF8.GetBytes(text.Length > 4096 ? text[..4096] : text));

    private static bool LooksLikeGml(string t)
    {
        // GML: optional "Creator"/"Version" lines, then "graph [" (any white space).
        foreach (string raw in t.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("graph", StringComparison.Ordinal))
            {
                string rest = line[5..].TrimStart();
                return rest.Length == 0 || rest[0] == '[';
            }
            if (line.StartsWith("Creator", StringComparison.Ordinal) || line.StartsWith("Version", StringComparison.Ordinal)) continue;
            return false;
        }
        return false;
    }
}
