using System.Globalization;
using System.Reflection;
using InfluenceGraph.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// Endpoint metadata listing the numeric and boolean query parameters of an <c>[AsParameters]</c>
/// query type, checked strictly by <see cref="StrictQueryNumbers"/> before model binding.
/// </summary>
/// <param name="Parameters">Query-parameter name to its type: <c>number</c>, <c>integer</c> or <c>boolean</c>.</param>
public sealed record StrictQueryMetadata(IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The metadata of the <c>[FromQuery]</c> properties of <typeparamref name="T"/> typed double, int, long or bool (nullable or not).</summary>
    public static StrictQueryMetadata For<T>()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<FromQueryAttribute>() is not { } q) continue;
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            string? kind = t == typeof(double) || t == typeof(float) ? "number"
                : t == typeof(int) || t == typeof(long) ? "integer"
                : t == typeof(bool) ? "boolean" : null;
            if (kind is not null) map[q.Name ?? p.Name] = kind;
        }
        return new StrictQueryMetadata(map);
    }
}

/// <summary>
/// Checks the numeric query parameters of an endpoint strictly before ASP.NET Core binds them:
/// numbers in the invariant culture with <see cref="NumberStyles.Float"/> ('.' decimal separator,
/// optional exponent, no thousands separators: ASP.NET Core's own binding would read <c>alpha=0,85</c>
/// as 85 and <c>tolerance=0,001</c> as 1), finite; integers with <see cref="NumberStyles.Integer"/>;
/// booleans <c>true</c>/<c>false</c>. A bad value is a 400 invalid-parameter problem naming the
/// parameter in its query spelling (never a .NET type name).
/// </summary>
public static class StrictQueryNumbers
{
    /// <summary>The message for a value of <paramref name="name"/> that is not a <paramref name="kind"/>, or null when it is.</summary>
    public static string? Check(string name, string kind, string value) => kind switch
    {
        "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? null
            : $"{name} must be a finite number written with '.' as the decimal separator and no thousands separators, e.g. 0.85 or 1e-9 (got '{value}').",
        "integer" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? null
            : $"{name} must be an integer (got '{value}').",
        "boolean" => bool.TryParse(value, out _) ? null : $"{name} must be true or false (got '{value}').",
        _ => null,
    };

    /// <summary>Adds the check to the pipeline (after routing, before the endpoint).</summary>
    public static IApplicationBuilder UseStrictQueryNumbers(this IApplicationBuilder app) => app.Use(async (HttpContext context, RequestDelegate next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<StrictQueryMetadata>() is { } meta)
        {
            foreach (var (key, values) in context.Request.Query)
            {
                if (!meta.Parameters.TryGetValue(key, out var kind)) continue;
                foreach (var value in values)
                {
                    if (Check(key, kind, value ?? "") is { } message)
                    {
                        await ApiProblems.InvalidParameter(key, message).ExecuteAsync(context);
                        return;
                    }
                }
            }
        }
        await next(context);
    });
}
