using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InfluenceGraph.Core.Metrics;

/// <summary>The value type of a <see cref="MetricParameter"/>.</summary>
public enum MetricParameterType
{
    /// <summary>A finite double, written with '.' as the decimal separator (e.g. <c>0.85</c>, <c>1e-9</c>).</summary>
    Number,

    /// <summary>A 32-bit integer.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A string, usually one of <see cref="MetricParameter.AllowedValues"/>.</summary>
    String,

    /// <summary>
    /// A weight per account handle (<see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to double):
    /// in a query <c>account:weight,account:weight</c> (split at the last ':' of each item), in JSON an
    /// object <c>{"account": weight}</c>, on the command line a file of <c>account weight</c> rows.
    /// </summary>
    AccountWeights,

    /// <summary>
    /// A list of distinct account handles (<see cref="IReadOnlyList{T}"/> of string): in a query or on
    /// the command line <c>alice,bob,carol</c> (split at commas, spaces around items trimmed — a handle
    /// that contains a comma can be given only in JSON), in JSON an array of strings.
    /// </summary>
    Accounts,
}

/// <summary>
/// One option of a <see cref="Metric"/>: its name (the query parameter, JSON member and, in kebab case,
/// the command-line option), type, default, range and meaning. The API binds and documents query
/// parameters from it, the CLI builds its options from it, so accepted and documented values are one.
/// </summary>
public sealed record MetricParameter
{
    /// <summary>Name in query strings and JSON (camelCase; NetworkX's name where it has one, e.g. <c>alpha</c>, <c>nstart</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Value type.</summary>
    public required MetricParameterType Type { get; init; }

    /// <summary>Default value (double, int, bool or string by <see cref="Type"/>), or null when absent means "not set" (e.g. exact betweenness without <c>samples</c>).</summary>
    public object? Default { get; init; }

    /// <summary>Meaning, unit and source of the semantics (one or two sentences).</summary>
    public required string Description { get; init; }

    /// <summary>Smallest allowed value of a number or integer (inclusive unless <see cref="ExclusiveMinimum"/>), or null.</summary>
    public double? Minimum { get; init; }

    /// <summary>True when the value must be strictly greater than <see cref="Minimum"/>.</summary>
    public bool ExclusiveMinimum { get; init; }

    /// <summary>Largest allowed value of a number or integer (inclusive), or null.</summary>
    public double? Maximum { get; init; }

    /// <summary>The only accepted values of a string parameter (case-sensitive), or null for any.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Other command-line spellings kept for compatibility (e.g. <c>--betweenness-samples</c>), with the dashes.</summary>
    public IReadOnlyList<string> CliAliases { get; init; } = [];

    /// <summary>The command-line option: <c>--</c> and <see cref="Name"/> in kebab case (<c>maxIterations</c> → <c>--max-iterations</c>).</summary>
    public string CliName
    {
        get
        {
            var sb = new StringBuilder("--");
            foreach (char c in Name)
            {
                if (char.IsUpper(c)) sb.Append('-').Append(char.ToLowerInvariant(c));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }

    /// <summary>The type as JSON Schema / OpenAPI names it: <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>string</c>, <c>object</c> for account weights, <c>array</c> for an account list.</summary>
    public string SchemaType => Type switch
    {
        MetricParameterType.Number => "number",
        MetricParameterType.Integer => "integer",
        MetricParameterType.Boolean => "boolean",
        MetricParameterType.AccountWeights => "object",
        MetricParameterType.Accounts => "array",
        _ => "string",
    };

    /// <summary>The allowed range in words, e.g. "in [0, 1]" or "&gt; 0", or "" when unbounded.</summary>
    public string RangeText
    {
        get
        {
            if (AllowedValues is { } values) return "one of " + string.Join(", ", values);
            string F(double x) => x.ToString(CultureInfo.InvariantCulture);
            return (Minimum, Maximum) switch
            {
                (double lo, double hi) => ExclusiveMinimum ? $"in ({F(lo)}, {F(hi)}]" : $"in [{F(lo)}, {F(hi)}]",
                (double lo, null) => ExclusiveMinimum ? $"> {F(lo)}" : $">= {F(lo)}",
                (null, double hi) => $"<= {F(hi)}",
                _ => "",
            };
        }
    }

    /// <summary>
    /// Reads a value written as text (a query-string value or a command-line argument) and checks
    /// its range. Numbers use the invariant culture with <see cref="NumberStyles.Float"/> ('.'
    /// decimal separator, optional exponent, no thousands separators) and must be finite.
    /// </summary>
    /// <param name="text">The value as given.</param>
    /// <returns>A double, int, bool, string, <c>IReadOnlyDictionary&lt;string, double&gt;</c> or <c>IReadOnlyList&lt;string&gt;</c> by <see cref="Type"/>.</returns>
    /// <exception cref="MetricArgumentException">The text is not a value of this type, or is out of range; the message names the parameter.</exception>
    public object ParseText(string text)
    {
        object value = Type switch
        {
            MetricParameterType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                ? d
                : throw Error($"{Name} must be a finite number written with '.' as the decimal separator and no thousands separators, e.g. 0.85 or 1e-9 (got '{text}')."),
            MetricParameterType.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                ? i
                : throw Error($"{Name} must be an integer (got '{text}')."),
            MetricParameterType.Boolean => bool.TryParse(text, out bool b) ? b : throw Error($"{Name} must be true or false (got '{text}')."),
            MetricParameterType.AccountWeights => ParseWeights(text),
            MetricParameterType.Accounts => ParseAccounts(text),
            _ => text,
        };
        return Check(value);
    }

    /// <summary>Reads a value given in JSON (an analysis body) and checks its range.</summary>
    /// <param name="json">The JSON value: a number, true/false, a string, or an object of account weights.</param>
    /// <param name="path">How the value is named in errors (e.g. <c>options.alpha</c>); default <see cref="Name"/>.</param>
    /// <returns>As <see cref="ParseText"/>.</returns>
    /// <exception cref="MetricArgumentException">Wrong JSON type or out of range; <see cref="MetricArgumentException.Parameter"/> is <paramref name="path"/>.</exception>
    public object ParseJson(JsonElement json, string? path = null)
    {
        string p = path ?? Name;
        object value;
        switch (Type)
        {
            case MetricParameterType.Number:
                value = json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out double d) && double.IsFinite(d) ? d : throw new MetricArgumentException(p, $"{p} must be a number.");
                break;
            case MetricParameterType.Integer:
                value = json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out int i) ? i : throw new MetricArgumentException(p, $"{p} must be an integer.");
                break;
            case MetricParameterType.Boolean:
                value = json.ValueKind is JsonValueKind.True or JsonValueKind.False ? json.GetBoolean() : throw new MetricArgumentException(p, $"{p} must be true or false.");
                break;
            case MetricParameterType.AccountWeights:
                if (json.ValueKind != JsonValueKind.Object) throw new MetricArgumentException(p, $"{p} must be an object of account weights, e.g. {{\"alice\": 2, \"bob\": 1}}.");
                var map = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var member in json.EnumerateObject())
                {
                    if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetDouble(out double w))
                        throw new MetricArgumentException(p, $"{p}: the weight of account '{member.Name}' must be a number.");
                    if (!map.TryAdd(member.Name, w))
                        throw new MetricArgumentException(p, $"{p} names account '{member.Name}' twice.");
                }
                value = map;
                break;
            case MetricParameterType.Accounts:
                if (json.ValueKind != JsonValueKind.Array || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                    throw new MetricArgumentException(p, $"{p} must be an array of account handles, e.g. [\"alice\", \"bob\"].");
                value = json.EnumerateArray().Select(e => e.GetString()!).ToArray();
                break;
            default:
                value = json.ValueKind == JsonValueKind.String ? json.GetString()! : throw new MetricArgumentException(p, $"{p} must be a string.");
                break;
        }
        try { return Check(value); }
        catch (MetricArgumentException e) when (path is not null) { throw new MetricArgumentException(path, e.Message); }
    }

    /// <summary>Checks the type and range of <paramref name="value"/> (as produced by the parse methods, or set by code).</summary>
    /// <returns>The value (an int given for a number parameter is widened to double).</returns>
    /// <exception cref="MetricArgumentException">Wrong type or out of range.</exception>
    public object Check(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (Type)
        {
            case MetricParameterType.Number:
                double d = value switch { double x => x, int x => x, float x => x, long x => x, _ => throw Error($"{Name} must be a number.") };
                if (!double.IsFinite(d)) throw Error($"{Name} must be a finite number (got {F(d)}).");
                CheckRange(d);
                return d;
            case MetricParameterType.Integer:
                if (value is not int i) throw Error($"{Name} must be an integer.");
                CheckRange(i);
                return i;
            case MetricParameterType.Boolean:
                return value is bool ? value : throw Error($"{Name} must be true or false.");
            case MetricParameterType.AccountWeights:
                if (value is not IReadOnlyDictionary<string, double> weights) throw Error($"{Name} must be account weights.");
                if (weights.Count == 0) throw Error($"{Name} names no account.");
                foreach (var (account, w) in weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    if (!double.IsFinite(w) || w < 0) throw Error($"{Name}: the weight of account '{account}' is {F(w)}; weights must be finite and >= 0.");
                if (!(weights.Values.Sum() > 0)) throw Error($"{Name}: the weights sum to 0; give at least one account a positive weight.");
                return weights;
            case MetricParameterType.Accounts:
                if (value is not IReadOnlyList<string> accounts) throw Error($"{Name} must be a list of account handles.");
                if (accounts.Count == 0) throw Error($"{Name} names no account.");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (string account in accounts)
                {
                    if (string.IsNullOrWhiteSpace(account)) throw Error($"{Name} contains an empty account handle.");
                    if (!seen.Add(account)) throw Error($"{Name} names account '{account}' twice.");
                }
                return accounts;
            default:
                if (value is not string s) throw Error($"{Name} must be a string.");
                if (AllowedValues is { } allowed && !allowed.Contains(s, StringComparer.Ordinal))
                    throw Error($"{Name} must be one of {string.Join(", ", allowed)} (got '{s}').");
                return s;
        }
    }

    /// <summary>The canonical text of a value (invariant culture, round-trip doubles, lower-case booleans, account weights and account lists sorted): the cache-key and link spelling.</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyDictionary<string, double> w => string.Join(",", w.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + ":" + kv.Value.ToString("R", CultureInfo.InvariantCulture))),
        IReadOnlyList<string> accounts => string.Join(",", accounts.Order(StringComparer.Ordinal)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private void CheckRange(double x)
    {
        bool low = Minimum is double lo && (ExclusiveMinimum ? !(x > lo) : x < lo);
        bool high = Maximum is double hi && x > hi;
        if (low || high) throw Error($"{Name} must be {RangeText} (got {F(x)}).");
    }

    private Dictionary<string, double> ParseWeights(string text)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(item.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                throw Error($"{Name} must be 'account:weight' items separated by commas, e.g. alice:2,bob:1 (got '{item}').");
            string account = item[..colon].Trim();
            if (!map.TryAdd(account, w)) throw Error($"{Name} names account '{account}' twice.");
        }
        return map;
    }

    private string[] ParseAccounts(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries) is { } items && items.All(i => i.Length > 0)
            ? items
            : throw Error($"{Name} must be account handles separated by commas, e.g. alice,bob (got '{text}').");

    private MetricArgumentException Error(string message) => new(Name, message);

    private static string F(double x) => x.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A metric argument that is unknown to the metric, of the wrong type or out of range; the API maps it
/// to a 400 problem naming <see cref="Parameter"/>, the CLI to an error naming the option.
/// </summary>
/// <param name="parameter">The offending parameter (query spelling, possibly prefixed, e.g. <c>options.alpha</c>).</param>
/// <param name="message">What is wrong and what is accepted.</param>
public sealed class MetricArgumentException(string parameter, string message) : ArgumentException(message)
{
    /// <summary>The offending parameter (query spelling).</summary>
    public string Parameter { get; } = parameter;
}
