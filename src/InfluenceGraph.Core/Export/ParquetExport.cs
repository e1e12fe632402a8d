using Parquet;
using Parquet.Schema;

namespace InfluenceGraph.Core.Export;

/// <summary>
/// Writes an <see cref="ExportTable"/> as an Apache Parquet file (Parquet.Net, snappy-compressed,
/// row groups of at most <see cref="RowGroupSize"/> rows), readable by pandas/pyarrow, DuckDB and Spark.
/// Every column is nullable (optional); text is UTF-8 with the STRING logical type.
/// </summary>
public static class ParquetExport
{
    /// <summary>Rows per row group: bounds the writer's memory to one group of columns.</summary>
    public const int RowGroupSize = 1 << 20;

    /// <summary>Writes <paramref name="table"/> to <paramref name="output"/> (which must be writable; it is not closed).</summary>
    /// <exception cref="ArgumentException">The table's shape is invalid (see <see cref="ExportTable.Validate"/>), or a value has another type than its column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task WriteAsync(ExportTable table, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        table.Validate();
        var fields = table.Columns.Select(c => (DataField)(c.Type switch
        {
            ExportColumnType.Text => new DataField<string>(c.Name, nullable: true),
            ExportColumnType.Integer => new DataField<long?>(c.Name, nullable: true),
            ExportColumnType.Real => new DataField<double?>(c.Name, nullable: true),
            _ => new DataField<bool?>(c.Name, nullable: true),
        })).ToArray();
        var schema = new ParquetSchema(fields);
        // Parquet.Net needs a seekable stream only for appending; writing streams forward.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        await using var writer = await ParquetWriter.CreateAsync(schema, output, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int start = 0; start < table.RowCount || (start == 0 && table.RowCount == 0); start += RowGroupSize)
        {
            int count = Math.Min(RowGroupSize, table.RowCount - start);
            using var group = writer.CreateRowGroup();
            for (int c = 0; c < fields.Length; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var col = table.Columns[c];
                switch (col.Type)
                {
                    case ExportColumnType.Text:
                        await group.WriteAsync(fields[c], FillText(col, start, count)).ConfigureAwait(false);
                        break;
                    case ExportColumnType.Integer:
                        await group.WriteAsync<long>(fields[c], Fill(col, start, count, v => v switch { long l => l, int i => i, _ => throw Mismatch(col, v) }), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case ExportColumnType.Real:
                        await group.WriteAsync<double>(fields[c], Fill(col, start, count, v => v is double d ? d : throw Mismatch(col, v)), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await group.WriteAsync<bool>(fields[c], Fill(col, start, count, v => v is bool b ? b : throw Mismatch(col, v)), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            if (table.RowCount == 0) break;
        }
    }

    private static string?[] FillText(ExportColumn col, int start, int count)
    {
        var a = new string?[count];
        for (int i = 0; i < count; i++)
        {
            object? v = col.Value(start + i);
            a[i] = v is null ? null : v as string ?? throw Mismatch(col, v);
        }
        return a;
    }

    private static T?[] Fill<T>(ExportColumn col, int start, int count, Func<object, T> convert) where T : struct
    {
        var a = new T?[count];
        for (int i = 0; i < count; i++)
        {
            object? v = col.Value(start + i);
            a[i] = v is null ? null : convert(v);
        }
        return a;
    }

    private static ArgumentException Mismatch(ExportColumn col, object? v) =>
        new($"Export column '{col.Name}' is {col.Type} but row value is {v?.GetType().Name ?? "null"}.");
}
