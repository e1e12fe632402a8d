using System.Text;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// The catalog as Markdown, for the README's metric table and the metric reference
/// (<c>src/docs/metrics.md</c>): both are generated from <see cref="MetricCatalog"/> and checked
/// against it by a test, so the documented list cannot drift from the implemented one.
/// </summary>
public static class MetricCatalogMarkdown
{
    /// <summary>
    /// One table row per metric: canonical name, aliases (accepted on input only), options (query
    /// parameter and CLI option), what it measures.
    /// </summary>
    public static string Summary(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sb = new StringBuilder();
        sb.Append("| metric | alias (input only) | options (query parameter / `score` option) | measures |\n|---|---|---|---|\n");
        foreach (var m in catalog.All)
        {
            string options = m.Parameters.Count == 0 ? "—" : string.Join(", ", m.Parameters.Select(p => $"`{p.Name}` / `{p.CliName}`"));
            string aliases = m.Aliases.Count == 0 ? "—" : string.Join(", ", m.Aliases.Select(a => $"`{a}`"));
            sb.Append($"| `{m.Name}` | {aliases} | {options} | {Cell(FirstSentence(m.Description))} |\n");
        }
        return sb.ToString();
    }

    /// <summary>One section per metric: definition, source, and a table of its parameters (type, default, range, meaning).</summary>
    public static string Reference(MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sb = new StringBuilder();
        foreach (var m in catalog.All)
        {
            sb.Append($"### `{m.Name}`\n\n");
            if (m.Aliases.Count > 0) sb.Append($"Alias: {string.Join(", ", m.Aliases.Select(a => $"`{a}`"))} (accepted on input; outputs say `{m.Name}`).\n\n");
            sb.Append(m.Description).Append("\n\nSource: ").Append(m.Source).Append("\n\n");
            if (m.Parameters.Count == 0)
            {
                sb.Append("No options.\n\n");
                continue;
            }
            sb.Append("| parameter | `score` option | type | default | range | meaning |\n|---|---|---|---|---|---|\n");
            foreach (var p in m.Parameters)
            {
                string def = p.Default is { } d ? $"`{MetricParameter.Format(d)}`" : "—";
                string range = p.RangeText.Length == 0 ? "—" : Cell(p.RangeText);
                string cli = string.Join(", ", p.CliAliases.Prepend(p.CliName).Select(c => $"`{c}`"));
                sb.Append($"| `{p.Name}` | {cli} | {p.SchemaType} | {def} | {range} | {Cell(p.Description)} |\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string FirstSentence(string text)
    {
        int i = text.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? text : text[..(i + 1)];
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
