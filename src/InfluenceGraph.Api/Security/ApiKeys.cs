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
/// With no key configured (keyless development mode) a write is accepted only when
/// <see cref="KeylessWriteGuard.Refusal"/> finds nothing wrong with it: a loopback client, talking
/// to the server directly (no forwarding headers), and not from another site's page.
/// </summary>
public sealed class ApiKeyFilter(IOptions<InfluenceGraphOptions> options) : IEndpointFilter
{
    /// <summary>The request header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    private readonly byte[][] _keys = options.Value.ApiKeys
        .Where(k => !string.IsNullOrEmpty(k)).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();
    private readonly bool _readsKeyed = options.Value.RequireKeyForReads;
    private readonly string[] _allowedOrigins = options.Value.AllowedOrigins;

    /// <summary>True when at least one key is configured.</summary>
    public bool KeysConfigured => _keys.Length > 0;

    /// <summary>
    /// The rate-limit partition of a request: <c>key:{sha256}</c> of its <c>X-Api-Key</c> when keys
    /// are configured and that key is one of them, else <c>ip:{client address}</c>. An unchecked or
    /// wrong key never opens a partition of its own (it would let a client reset its limit at will).
    /// </summary>
    public string RateLimitPartition(HttpContext http)
    {
        string? given = http.Request.Headers[Header];
        if (_keys.Length > 0 && !string.IsNullOrEmpty(given) && Matches(given))
            return "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(given)));
        return "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local");
    }

    /// <summary>
    /// True when a read of <paramref name="http"/> passes this filter: no key is needed for reads, or the request carries a
    /// valid one. The response cache asks before serving a stored answer, which must never bypass the key check.
    /// </summary>
    public bool ReadAllowed(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (_keys.Length == 0 || !_readsKeyed) return true;
        string? given = http.Request.Headers[Header];
        return !string.IsNullOrEmpty(given) && Matches(given);
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        bool write = http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequirement>()?.Write ?? true;
        if (_keys.Length == 0)
        {
            if (write && KeylessWriteGuard.Refusal(http, _allowedOrigins) is { } why)
                return ValueTask.FromResult<object?>(ApiProblems.Of(ProblemKind.LocalOnly, why));
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

}

/// <summary>
/// The boundaries of keyless (development) mode, where nothing authenticates a write but the
/// client's address. A write is refused (403 <c>local-only</c>) when
/// <list type="bullet">
/// <item>the client is not on a loopback address;</item>
/// <item>it carries a forwarding header (<c>Forwarded</c>, <c>X-Forwarded-For</c>, <c>X-Forwarded-Host</c>,
/// <c>X-Forwarded-Proto</c>, <c>X-Real-IP</c>): behind a reverse proxy on the same machine every client
/// looks local, so keyless mode serves direct clients only;</item>
/// <item>its <c>Origin</c> header is present and is neither this server's own origin (scheme, host and
/// port of the request) nor one of <see cref="InfluenceGraphOptions.AllowedOrigins"/> (<c>null</c> included:
/// sandboxed or file pages), or, without <c>Origin</c>, the browser says <c>Sec-Fetch-Site: cross-site</c>
/// or <c>same-site</c>. A page of another site can send a "simple" POST (<c>text/plain</c>) without a
/// CORS preflight; this check is what stops it (the OWASP "verifying origin with standard headers" defence).</item>
/// </list>
/// Requests without <c>Origin</c>/<c>Sec-Fetch-Site</c> (curl, scripts, the CLI) and same-origin requests
/// of the web app served by this server pass.
/// </summary>
public static class KeylessWriteGuard
{
    /// <summary>Headers set by reverse proxies and load balancers.</summary>
    public static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP"];

    /// <summary>Why the write must be refused, or null when it may proceed.</summary>
    /// <param name="http">The request.</param>
    /// <param name="allowedOrigins">Extra origins allowed to write (<c>scheme://host[:port]</c>, compared case-insensitively).</param>
    public static string? Refusal(HttpContext http, IReadOnlyCollection<string> allowedOrigins)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
            return "No API key is configured, so this server accepts writes from its own machine only.";
        foreach (var h in ForwardingHeaders)
            if (http.Request.Headers.ContainsKey(h))
                return $"No API key is configured, and this request was forwarded (it carries a {h} header): behind a reverse proxy every client looks local, so keyless mode accepts writes only from clients talking to it directly. Configure InfluenceGraph:ApiKeys to serve through a proxy.";
        string? origin = http.Request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin))
        {
            if (IsOwnOrigin(http, origin) || allowedOrigins.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
                return null;
            return $"No API key is configured, and this write comes from a page of another origin ('{origin}'): keyless mode accepts writes from this server's own pages ({OwnOrigin(http)}), tools without an Origin header, and InfluenceGraph:AllowedOrigins only.";
        }
        string? site = http.Request.Headers["Sec-Fetch-Site"];
        if (site is not null && (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase)))
            return $"No API key is configured, and the browser marks this write as coming from another site (Sec-Fetch-Site: {site}): refused.";
        return null;
    }

    /// <summary>This server's origin as the request addressed it: <c>scheme://host[:port]</c>.</summary>
    public static string OwnOrigin(HttpContext http) => http.Request.Scheme + "://" + http.Request.Host.Value;

    private static bool IsOwnOrigin(HttpContext http, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !http.Request.Host.HasValue) return false;
        if (!o.Scheme.Equals(http.Request.Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        if (!o.Host.Equals(http.Request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            && !o.IdnHost.Equals(http.Request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)) return false;
        int port = http.Request.Host.Port ?? (http.Request.IsHttps ? 443 : 80);
        return o.Port == port;
    }
}

/// <summary>
/// DNS-rebinding defence of keyless mode: when no API key is configured and <c>AllowedHosts</c> is
/// left at <c>*</c>, a request whose <c>Host</c> is not a loopback name (<c>localhost</c>, <c>*.localhost</c>,
/// <c>127.0.0.0/8</c>, <c>[::1]</c>) or one of <see cref="InfluenceGraphOptions.KeylessAllowedHosts"/> is
/// answered 400 <c>bad-request</c>: a page of <c>attacker.example</c> whose name was re-pointed at
/// 127.0.0.1 then reaches nothing. An explicit <c>AllowedHosts</c> setting (ASP.NET Core host
/// filtering) replaces this rule.
/// </summary>
public static class KeylessHostFilter
{
    /// <summary>True when <paramref name="host"/> (without port) names this machine's loopback interface.</summary>
    public static bool IsLoopbackName(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Adds the filter when keyless mode applies (no keys, <c>AllowedHosts</c> unset or <c>*</c>).</summary>
    public static WebApplication UseKeylessHostFilter(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<InfluenceGraphOptions>>().Value;
        string allowedHosts = app.Configuration["AllowedHosts"] ?? "*";
        if (options.ApiKeys.Any(k => !string.IsNullOrEmpty(k)) || allowedHosts.Trim() != "*") return app;
        var extra = options.KeylessAllowedHosts;
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            string host = http.Request.Host.Host;
            if (!http.Request.Host.HasValue || IsLoopbackName(host) || extra.Any(h => h.Equals(host, StringComparison.OrdinalIgnoreCase)))
            {
                await next(http);
                return;
            }
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = ApiProblems.Details(ProblemKind.BadRequest,
                    $"No API key is configured, so this server answers requests addressed to a loopback name only (localhost, 127.0.0.1, [::1]), not '{host}' (DNS-rebinding defence). Configure InfluenceGraph:ApiKeys, AllowedHosts or InfluenceGraph:KeylessAllowedHosts to serve other names.",
                    ("host", host)),
            });
        });
        return app;
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
