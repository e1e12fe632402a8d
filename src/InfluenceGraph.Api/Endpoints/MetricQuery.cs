using System.Text.Json;
using InfluenceGraph.Core.Metrics;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// Binds metric arguments from a query string or a JSON object against the metric's parameter schema
/// (<see cref="Metric.Parameters"/>), and writes the ranking link of a set of arguments.
/// </summary>
public static class MetricQuery
{
    /// <summary>
    /// The arguments of <paramref name="metric"/> given in <paramref name="query"/> (names case-insensitive,
    /// as ASP.NET Core binds them). Parameters the metric does not take are left to the endpoint's
    /// unknown-parameter check.
    /// </summary>
    /// <exception cref="MetricArgumentException">A value is malformed or out of range, or given twice; names the parameter.</exception>
    public static MetricArguments Bind(Metric metric, IQueryCollection query)
    {
        var args = new List<KeyValuePair<string, object>>();
        foreach (var p in metric.Parameters)
        {
            if (!query.TryGetValue(p.Name, out var values) || values.Count == 0) continue;
            if (values.Count > 1) throw new MetricArgumentException(p.Name, $"{p.Name} is given {values.Count} times; give it once.");
            args.Add(new(p.Name, p.ParseText(values[0] ?? "")));
        }
        return MetricArguments.Of(args);
    }

    /// <summary>
    /// Reads options given as a JSON object (an analysis body): each member must be a parameter of at
    /// least one of <paramref name="metrics"/>, typed as its schema says.
    /// </summary>
    /// <param name="options">Member name to JSON value; null = none.</param>
    /// <param name="metrics">The metrics the options are for.</param>
    /// <param name="prefix">Prefix of the parameter name in errors (e.g. <c>options.</c>).</param>
    /// <exception cref="MetricArgumentException">An option applies to none of the metrics, or has the wrong type or range.</exception>
    public static MetricArguments FromJson(IReadOnlyDictionary<string, JsonElement>? options, IReadOnlyList<Metric> metrics, string prefix)
    {
        var args = new List<KeyValuePair<string, object>>();
        foreach (var (key, value) in options ?? new Dictionary<string, JsonElement>())
        {
            var p = metrics.SelectMany(m => m.Parameters).FirstOrDefault(x => x.Name == key);
            if (p is null)
            {
                var known = metrics.SelectMany(m => m.Parameters).Select(x => x.Name).Distinct().ToList();
                throw new MetricArgumentException(prefix + key, $"Option '{key}' applies to none of the metrics {string.Join(", ", metrics.Select(m => m.Name))}"
                    + (known.Count == 0 ? ", which take no options." : $" (their options: {string.Join(", ", known)})."));
            }
            args.Add(new(key, p.ParseJson(value, prefix + key)));
        }
        return MetricArguments.Of(args);
    }

    /// <summary>The ranking URL of <paramref name="metric"/> on <paramref name="graph"/> with the given arguments (canonical value spelling).</summary>
    public static string Link(string graph, Metric metric, MetricArguments given)
    {
        var q = given.Select(kv => kv.Key + "=" + Uri.EscapeDataString(MetricParameter.Format(kv.Value))).ToList();
        return $"/graphs/{Uri.EscapeDataString(graph)}/rankings/{metric.Name}" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }
}
