namespace InfluenceGraph.Core.Export;

/// <summary>The value type of an exported column, mapped to GraphML <c>attr.type</c>, GEXF <c>type</c> and Parquet physical types.</summary>
public enum ExportColumnType
{
    /// <summary>UTF-8 text (GraphML/GEXF <c>string</c>, Parquet BYTE_ARRAY with the STRING logical type).</summary>
    Text,
    /// <summary>64-bit signed integer (GraphML/GEXF <c>long</c>, Parquet INT64).</summary>
    Integer,
    /// <summary>64-bit IEEE float (GraphML/GEXF <c>double</c>, Parquet DOUBLE).</summary>
    Real,
    /// <summary>true/false (GraphML/GEXF <c>boolean</c>, Parquet BOOLEAN).</summary>
    Boolean,
}

/// <summary>
/// One column of an exported table: a name, a type and the value of each row. A null value is a
/// missing value: omitted from the GraphML/GEXF element, a null in Parquet.
/// </summary>
/// <param name="Name">Column name as written (GraphML key <c>attr.name</c>, GEXF attribute title, Parquet field name). Unique within a table.</param>
/// <param name="Type">The value type.</param>
/// <param name="Value">
/// The value of row i (0-based) or null: a <see cref="string"/> for <see cref="ExportColumnType.Text"/>,
/// a <see cref="long"/> (or <see cref="int"/>) for <see cref="ExportColumnType.Integer"/>, a <see cref="double"/>
/// for <see cref="ExportColumnType.Real"/>, a <see cref="bool"/> for <see cref="ExportColumnType.Boolean"/>.
/// </param>
public sealed record ExportColumn(string Name, ExportColumnType Type, Func<int, object?> Value);

/// <summary>A table to export: its columns and row count. Row i of every column describes the same thing (an account or an edge).</summary>
/// <param name="Columns">The columns, in output order; names unique.</param>
/// <param name="RowCount">Number of rows, at least 0.</param>
public sealed record ExportTable(IReadOnlyList<ExportColumn> Columns, int RowCount)
{
    /// <summary>Checks the shape: at least one column, unique names, a non-negative row count.</summary>
    /// <exception cref="ArgumentException">No column, a repeated or empty column name, or a negative row count.</exception>
    public void Validate()
    {
        if (Columns.Count == 0) throw new ArgumentException("An export table needs at least one column.");
        if (RowCount < 0) throw new ArgumentException($"Row count {RowCount} is negative.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Columns)
        {
            if (string.IsNullOrEmpty(c.Name)) throw new ArgumentException("An export column has an empty name.");
            if (!seen.Add(c.Name)) throw new ArgumentException($"Export column '{c.Name}' appears twice.");
        }
    }
}
