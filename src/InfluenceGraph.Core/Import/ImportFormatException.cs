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

    private static string Format(string? file, long line, string? field, string reason)
    {
        var where = file ?? "input";
        if (line > 0) where += $":{line}";
        return field is null ? $"{where}: {reason}" : $"{where}: field '{field}': {reason}";
    }
}
