// Runs one SQL query with DuckDB and prints its rows as a JSON array of arrays (column names first).
// Usage: dotnet DuckDbQuery.dll "SELECT count(*) FROM read_parquet('edges.parquet')"
// Exit 0 with the rows; 2 with the error on stderr.
using System.Text.Json;
using DuckDB.NET.Data;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DuckDbQuery SQL");
    return 2;
}
try
{
    using var db = new DuckDBConnection("Data Source=:memory:");
    db.Open();
    using var cmd = db.CreateCommand();
    cmd.CommandText = args[0];
    using var reader = cmd.ExecuteReader();
    var rows = new List<object?[]>();
    var names = new object?[reader.FieldCount];
    for (int i = 0; i < names.Length; i++) names[i] = reader.GetName(i);
    rows.Add(names);
    while (reader.Read())
    {
        var row = new object?[reader.FieldCount];
        for (int i = 0; i < row.Length; i++)
        {
            object? v = reader.IsDBNull(i) ? null : reader.GetValue(i);
            row[i] = v switch
            {
                double d when !double.IsFinite(d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
                System.Numerics.BigInteger b => (long)b,
                _ => v,
            };
        }
        rows.Add(row);
    }
    Console.Out.WriteLine(JsonSerializer.Serialize(rows));
    return 0;
}
catch (Exception e) when (e is DuckDBException or InvalidOperationException or NotSupportedException)
{
    Console.Error.WriteLine("duckdb: " + e.Message);
    return 2;
}
