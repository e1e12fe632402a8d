namespace InfluenceGraph.Core.Import;

/// <summary>Input that cannot be read, with where it is: file, 1-based line, field.</summary>
public sealed class ImportFormatException : Exception
{
    /// <summary>Creates the exception; the message reads "FILE:LINE: field FIELD: REASON".</summary>
    public ImportFormatException(string? file, long line, string? field, string reason, Exception? inner = null)
        : base(Format(file, line, field, reason), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>File name or source label, or null.</summary>
    public string? File { get; }

    /// <summary>1-based line number (0 when not tied to a line).</summary>
    public long Line { get; }

    /// <summary>Offending field (column name or position), or null.</summary>
    public string? Field { get; }

    /// <summary>The reason without the location.</summary>
    public string Reason { get; }

    /// <summary>When the input contradicts its declared format: the declared format (e.g. <c>tsv</c>), else null.</summary>
    public string? DeclaredFormat { get; init; }

    /// <summary>When the input contradicts its declared format: what its content looks like (e.g. <c>csv</c>), else null.</summary>
    public string? DetectedFormat { get; init; }

    /// <summary>The same error attributed to <paramref name="file"/> (format names kept).</summary>
    public ImportFormatException WithFile(string file) =>
        new(file, Line, Field, Reason, InnerException) { DeclaredFormat = DeclaredFormat, DetectedFormat = DetectedFormat };

    private static string Format(string? file, long line, string? field, string reason)
    {
        var where = file ?? "input";
        if (line > 0) where += $":{line}";
        return field is null ? $"{where}: {reason}" : $"{where}: field '{field}': {reason}";
    }
}
