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
