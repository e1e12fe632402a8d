namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// The metrics by name: the one list the API (rankings, accounts, analyses, <c>/metrics</c>, OpenAPI)
/// and the CLI (<c>score --metrics</c>) read. Names and aliases are matched case-insensitively, with
/// '-' accepted for '_'.
/// </summary>
public sealed class MetricCatalog
{
    /// <summary>
    /// The built-in metrics, in the order they are listed and written as CLI columns. Adding a metric
    /// is one line here plus its class.
    /// </summary>
    public static IReadOnlyList<Metric> Builtin { get; } =
    [
        new PageRankMetric(),
        new BetweennessMetric(),
        new InDegreeMetric(),
        new OutDegreeMetric(),
        new ReachMetric(),
        new HubMetric(),
        new AuthorityMetric(),
        new CorenessMetric(),
        new InDegreeCentralityMetric(),
        new OutDegreeCentralityMetric(),
        new HarmonicMetric(),
    ];

    /// <summary>The catalog of <see cref="Builtin"/>.</summary>
    public static MetricCatalog Default { get; } = new(Builtin);

    private readonly Dictionary<string, Metric> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a catalog; a later metric with the name of an earlier one replaces it (in its place).</summary>
    /// <exception cref="ArgumentException">An alias collides with another metric's name or alias.</exception>
    public MetricCatalog(IEnumerable<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var list = new List<Metric>();
        foreach (var m in metrics)
        {
            int i = list.FindIndex(x => x.Name == m.Name);
            if (i >= 0) list[i] = m; else list.Add(m);
        }
        foreach (var m in list)
            foreach (var name in m.Aliases.Prepend(m.Name))
                if (!_byName.TryAdd(Canonical(name), m))
                    throw new ArgumentException($"Metric name or alias '{name}' is used twice (by '{_byName[Canonical(name)].Name}' and '{m.Name}').", nameof(metrics));
        All = list;
    }

    /// <summary>Every metric, in registration order.</summary>
    public IReadOnlyList<Metric> All { get; }

    /// <summary>Canonical names of every metric, in registration order.</summary>
    public IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>Every parameter name of every metric (ordinal, sorted).</summary>
    public IReadOnlyList<string> ParameterNames => All.SelectMany(m => m.Parameters).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The metric named <paramref name="name"/> or one of its aliases (case-insensitive; '-' for '_'), or null.</summary>
    public Metric? Find(string? name) => name is not null && _byName.TryGetValue(Canonical(name), out var m) ? m : null;

    private static string Canonical(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
