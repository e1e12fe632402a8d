using System.Reflection;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Metrics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// Marks an endpoint whose route value <c>metric</c> names a catalog metric: besides its own query
/// parameters it accepts that metric's parameters (<see cref="Metric.Parameters"/>).
/// </summary>
public sealed class MetricParametersMetadata;

/// <summary>
/// Rejects query parameters an endpoint does not define: a 400 invalid-parameter problem naming the
/// first unknown one and listing the accepted ones (extension member <c>accepted</c>), instead of
/// ignoring it while the caller believes it took effect. Names compare case-insensitively, as ASP.NET
/// Core binds them.
/// </summary>
/// <remarks>
/// An endpoint's parameters are read from its handler's signature: <c>[FromQuery]</c> parameters, the
/// <c>[FromQuery]</c> properties of <c>[AsParameters]</c> types, and parameters of simple types without
/// a binding attribute that are not route values (which minimal APIs bind from the query); plus, with
/// <see cref="MetricParametersMetadata"/>, the named metric's parameters; plus <c>wait</c> on endpoints that can answer 202 (<see cref="JobWaitMetadata"/>).
/// </remarks>
public static class QueryParameterCheck
{
    /// <summary>Adds the check to every endpoint built by <paramref name="builder"/> (e.g. a route group).</summary>
    public static TBuilder RejectUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var (explicitNames, implicitNames) = Declared(context.MethodInfo);
            return invocation =>
            {
                var http = invocation.HttpContext;
                if (http.Request.Query.Count == 0) return next(invocation);
                var catalog = http.GetEndpoint()?.Metadata.GetMetadata<MetricParametersMetadata>() is null
                    ? null : http.RequestServices.GetRequiredService<MetricCatalog>();
                var accepted = new List<string>(explicitNames);
                foreach (var name in implicitNames)
                    if (!http.Request.RouteValues.ContainsKey(name)) accepted.Add(name);
                if (http.GetEndpoint()?.Metadata.GetMetadata<JobWaitMetadata>() is not null) accepted.Add(JobWait.Parameter);
                Metric? metric = null;
                if (catalog is not null)
                {
                    metric = catalog.Find(http.Request.RouteValues["metric"] as string);
                    if (metric is null) return next(invocation); // the handler answers 404 metric-not-found
                    accepted.AddRange(metric.Parameters.Select(p => p.Name));
                }
                foreach (var key in http.Request.Query.Keys)
                {
                    if (accepted.Contains(key, StringComparer.OrdinalIgnoreCase)) continue;
                    string list = accepted.Count == 0 ? "This endpoint takes no query parameters." : "Accepted: " + string.Join(", ", accepted) + ".";
                    var owners = catalog?.All.Where(m => m.Parameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))).Select(m => m.Name).ToList();
                    string detail = metric is not null && owners is { Count: > 0 }
                        ? $"Parameter '{key}' does not apply to metric '{metric.Name}' (it is an option of {string.Join(", ", owners)}). {list}"
                        : $"Unknown query parameter '{key}'. {list}";
                    return ValueTask.FromResult<object?>(ApiProblems.Of(ProblemKind.InvalidParameter, detail, ("parameter", key), ("accepted", accepted.ToArray())));
                }
                return next(invocation);
            };
        });

    /// <summary>The query parameters a handler binds: explicit ones, and simple-typed ones without an attribute (query unless a route value has the name).</summary>
    internal static (List<string> Explicit, List<string> Implicit) Declared(MethodInfo method)
    {
        var explicitNames = new List<string>();
        var implicitNames = new List<string>();
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<FromQueryAttribute>() is { } q) { explicitNames.Add(q.Name ?? p.Name!); continue; }
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var prop in p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    if (prop.GetCustomAttribute<FromQueryAttribute>() is { } pq) explicitNames.Add(pq.Name ?? prop.Name);
                continue;
            }
            if (p.GetCustomAttributes().Any(a => a is IBindingSourceMetadata or FromServicesAttribute)) continue;
            if (IsSimple(p.ParameterType)) implicitNames.Add(p.Name!);
        }
        return (explicitNames, implicitNames);
    }

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsArray) t = t.GetElementType()!;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset)
            || t == typeof(Guid) || t == typeof(TimeSpan) || t == typeof(DateOnly) || t == typeof(TimeOnly);
    }
}
