using System.Net;
using System.Security.Cryptography;
using System.Text;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Security;

/// <summary>Endpoint metadata: the operation needs an API key (writes always; reads when configured).</summary>
/// <param name="Write">True for a write.</param>
public sealed record ApiKeyRequirement(bool Write);

/// <summary>
/// Checks the <c>X-Api-Key</c> header against <see cref="InfluenceGraphOptions.ApiKeys"/> (constant-time).
/// With no key configured (development mode) writes are accepted from loopback clients only.
/// </summary>
public sealed class ApiKeyFilter(IOptions<InfluenceGraphOptions> options) : IEndpointFilter
{
    /// <summary>The request header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    private readonly byte[][] _keys = options.Value.ApiKeys
        .Where(k => !string.IsNullOrEmpty(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();
    private readonly bool _readsKeyed = options.Value.RequireKeyForReads;

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        bool write = http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>()?.Write ?? true;
        if (_keys.Length == 0)
        {
            if (write && !IsLocal(http))
                return ValueTask.FromResult<object?>(ApiProblems.Of(ProblemKind.LocalOnly,
                    "No API key is configured, so this server accepts writes from its own machine only."));
            return next(context);
        }
        if (!write && !_readsKeyed) return next(context);
        string? given = http.Request.Headers[Header];
        if (string.IsNullOrEmpty(given) || !Matches(given))
            return ValueTask.FromResult<object?>(ApiProblems.Of(ProblemKind.ApiKeyRequired,
                string.IsNullOrEmpty(given) ? $"Send a valid key in the {Header} header." : $"The key in the {Header} header is not valid.",
                ("header", Header)));
        return next(context);
    }

    private bool Matches(string given)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        bool ok = false;
        foreach (var k in _keys) ok |= CryptographicOperations.FixedTimeEquals(k, hash);
        return ok;
    }

    private static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote);
    }
}

/// <summary>Conventions that put an endpoint behind <see cref="ApiKeyFilter"/>.</summary>
public static class ApiKeyConventions
{
    /// <summary>A write: needs a key when keys are configured, a loopback client otherwise (401/403 documented).</summary>
    public static TBuilder RequireWriteKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeyRequirement(Write: true));
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>();
        return builder;
    }

    /// <summary>A read: needs a key only when <see cref="InfluenceGraphOptions.RequireKeyForReads"/> is set.</summary>
    public static TBuilder RequireReadKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeyRequirement(Write: false));
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>();
        return builder;
    }
}
