using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// When no row of an attribute import joined an account of the graph: the other column whose values
/// do match account handles, found by counting, for each column, the rows whose value is a handle.
/// </summary>
internal static class JoinHints
{
    /// <summary>Rows examined per column (the first ones of the batch).</summary>
    public const int SampleRows = 10_000;

    /// <summary>
    /// The sentence telling which column matches (most matching rows among the first
    /// <see cref="SampleRows"/>; ties by column name), or a sentence saying none does.
    /// </summary>
    /// <param name="graph">The graph joined.</param>
    /// <param name="parsed">The parsed batch (no row joined on its key column).</param>
    /// <param name="stripAt">Strip a leading '@' from the values, as from handles.</param>
    public static string Suggest(GraphSnapshot graph, AccountParseResult parsed, bool stripAt)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int rows = 0;
        foreach (var a in parsed.Accounts.Take(SampleRows))
        {
            rows++;
            foreach (var (column, raw) in a.Extra)
            {
                string v = raw.Trim();
                if (stripAt && v.StartsWith('@')) v = v[1..];
                if (v.Length > 0 && graph.TryGetNode(v, out _)) counts[column] = counts.GetValueOrDefault(column) + 1;
            }
        }
        string on = parsed.KeyColumn is null ? "" : $" on column '{parsed.KeyColumn}'";
        if (counts.Count == 0)
            return $"no row joined an account of the graph{on}, and no other column's values are account handles of the graph either.";
        var (best, n) = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)).First();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"no row joined an account of the graph{on}; column '{best}' matches {n:N0} of the first {rows:N0} rows: import with --key {best} (API key={best}).");
    }
}
