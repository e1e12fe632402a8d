using System.Collections;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// Arguments of a metric by parameter name: as given by a caller (only what was given), or, after
/// <see cref="Metric.Normalize"/>, checked and with the defaults filled in. Immutable; enumerates in
/// ordinal name order, so the text of normalized arguments is a stable cache key.
/// </summary>
/// <remarks>Values are double, int, bool, string or <c>IReadOnlyDictionary&lt;string, double&gt;</c> by <see cref="MetricParameter.Type"/>.</remarks>
public sealed class MetricArguments : IReadOnlyDictionary<string, object>
{
    private readonly SortedDictionary<string, object> _values;

    /// <summary>No arguments: every parameter at its default.</summary>
    public static MetricArguments Empty { get; } = new(new SortedDictionary<string, object>(StringComparer.Ordinal));

    private MetricArguments(SortedDictionary<string, object> values) => _values = values;

    /// <summary>Arguments from name/value pairs (later pairs of a name win).</summary>
    public static MetricArguments Of(IEnumerable<KeyValuePair<string, object>> values)
    {
        var d = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in values) d[k] = v;
        return new MetricArguments(d);
    }

    /// <summary>These arguments with <paramref name="name"/> set to <paramref name="value"/> (removed when null).</summary>
    public MetricArguments With(string name, object? value)
    {
        var d = new SortedDictionary<string, object>(_values, StringComparer.Ordinal);
        if (value is null) d.Remove(name); else d[name] = value;
        return new MetricArguments(d);
    }

    /// <summary>Only the arguments whose name is in <paramref name="names"/> (to apply one set of options to several metrics).</summary>
    public MetricArguments Restrict(IEnumerable<string> names)
    {
        var keep = names.ToHashSet(StringComparer.Ordinal);
        return Of(_values.Where(kv => keep.Contains(kv.Key)));
    }

    /// <summary>A number argument, or null when absent.</summary>
    public double? Number(string name) => _values.TryGetValue(name, out var v) ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>An integer argument, or null when absent.</summary>
    public int? Integer(string name) => _values.TryGetValue(name, out var v) ? (int)v : null;

    /// <summary>A boolean argument, or null when absent.</summary>
    public bool? Boolean(string name) => _values.TryGetValue(name, out var v) ? (bool)v : null;

    /// <summary>A string argument, or null when absent.</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var v) ? (string)v : null;

    /// <summary>An account-weights argument, or null when absent.</summary>
    public IReadOnlyDictionary<string, double>? Weights(string name) => _values.TryGetValue(name, out var v) ? (IReadOnlyDictionary<string, double>)v : null;

    /// <summary>The account list <paramref name="name"/> (<see cref="MetricParameterType.Accounts"/>), or null when absent.</summary>
    public IReadOnlyList<string>? Accounts(string name) => _values.TryGetValue(name, out var v) ? (IReadOnlyList<string>)v : null;

    /// <summary>The canonical text <c>name=value;...</c> in name order (<see cref="MetricParameter.Format"/>): the cache key of normalized arguments.</summary>
    public string Key => string.Join(";", _values.Select(kv => kv.Key + "=" + MetricParameter.Format(kv.Value)));

    /// <inheritdoc />
    public object this[string key] => _values[key];
    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;
    /// <inheritdoc />
    public IEnumerable<object> Values => _values.Values;
    /// <inheritdoc />
    public int Count => _values.Count;
    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);
    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
