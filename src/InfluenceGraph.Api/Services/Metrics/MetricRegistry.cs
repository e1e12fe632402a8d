namespace InfluenceGraph.Api.Services.Metrics;

/// <summary>The metrics registered in the service collection, by name.</summary>
public sealed class MetricRegistry
{
    private readonly Dictionary<string, MetricDefinition> _byName;

    /// <summary>Creates the registry from every registered <see cref="MetricDefinition"/> (later registrations of a name win).</summary>
    public MetricRegistry(IEnumerable<MetricDefinition> metrics)
    {
        _byName = new Dictionary<string, MetricDefinition>(StringComparer.Ordinal);
        foreach (var m in metrics) _byName[m.Name] = m;
        All = _byName.Values.ToList();
    }

    /// <summary>Every metric, in registration order.</summary>
    public IReadOnlyList<MetricDefinition> All { get; }

    /// <summary>Names of every metric.</summary>
    public IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>The metric named <paramref name="name"/> (case-insensitive; <c>-</c> accepted for <c>_</c>), or null.</summary>
    public MetricDefinition? Find(string name) =>
        _byName.TryGetValue(name.Trim().ToLowerInvariant().Replace('-', '_'), out var m) ? m : null;
}
