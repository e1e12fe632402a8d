using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// The response cache of the read endpoints: serialized response bytes (JSON or CSV body, status and headers) kept
/// by ASP.NET Core output caching (<c>Microsoft.AspNetCore.OutputCaching</c>) in front of the endpoints, keyed by
/// (graph name, graph creation time, graph version, the exact request target — path and query as sent —, and the
/// <c>Accept</c>, <c>Prefer</c> and <c>Accept-Encoding</c> headers). The results themselves stay in the
/// <see cref="Services.Computations.ComputationService"/>; this cache saves the serialization and the per-request
/// work in front of it.
/// </summary>
/// <remarks>
/// <para>Rules: only <c>GET</c> (and <c>HEAD</c>, routed as <c>GET</c>) of an endpoint marked with
/// <see cref="CacheGraphResponse{TBuilder}"/>; only 200 responses without <c>Set-Cookie</c>, and only when the endpoint did
/// not call <see cref="DoNotStore"/> (a partial answer, e.g. an account whose metrics are still being computed); only when
/// the graph's version is the same after the response as before it. The graph's current version is part of the key, so a
/// new import or a deleted and recreated graph makes every older entry unreachable (they are also evicted by tag); a stale
/// version is never served. Concurrent requests for one key wait for the first one (output caching's locking), so an
/// answer is computed once.</para>
/// <para>Compressed once, stored compressed: a JSON answer of these endpoints to a request whose <c>Accept-Encoding</c>
/// allows it is compressed (Brotli, else gzip, fastest level; ASP.NET Core response compression, placed inside the cache
/// so that the stored bytes are the compressed ones) and served as stored on every hit — a browser's overview network
/// is a tenth of its 267 KB. The raw <c>Accept-Encoding</c> header is part of the key, so a client that does not ask for
/// an encoding never receives one, and the representations have different ETags. Not over HTTPS (the middleware's
/// default, against BREACH-style attacks); CSV is never compressed (large exports are streamed).</para>
/// <para>Bounded by <see cref="InfluenceGraphOptions.ResponseCacheBytes"/> (default 64 MiB, least recently used evicted
/// first by the memory store's compaction); 0 turns it off.</para>
/// <para>Each stored response carries a strong <c>ETag</c> (unless the endpoint set its own): <c>"rc-"</c> followed by 32
/// hexadecimal digits of the SHA-256 of the key; a request whose <c>If-None-Match</c> matches a cached entry gets 304
/// (RFC 9110 section 13.1.2). <c>Cache-Control: no-cache</c> (unless the endpoint set one): clients may keep the response
/// but must revalidate, since a new import changes the answer. The header <see cref="StatusHeader"/> says
/// <c>hit</c> or <c>miss</c>; the counters of meter <see cref="MeterName"/> (<c>dotnet-counters</c>) count hits, stores
/// and uncacheable answers.</para>
/// </remarks>
public static class ResponseCaching
{
    /// <summary>Name of the output-cache policy of the read endpoints.</summary>
    public const string PolicyName = "graph-response";

    /// <summary>Response header: <c>hit</c> (served from the response cache) or <c>miss</c> (computed and stored).</summary>
    public const string StatusHeader = "X-Response-Cache";

    /// <summary>Meter of the response cache's counters (<c>response-cache.hits</c>, <c>response-cache.stores</c>, <c>response-cache.uncacheable</c>).</summary>
    public const string MeterName = "InfluenceGraph.ResponseCache";

    /// <summary>Endpoint metadata of the endpoints marked with <see cref="CacheGraphResponse{TBuilder}"/>: their JSON answers are compressed inside the cache.</summary>
    internal sealed class CompressedWhenStored;

    private static readonly object NoStoreKey = new();
    private static readonly object HitKey = new();

    /// <summary>Registers output caching with the response-cache policy, bounded by <see cref="InfluenceGraphOptions.ResponseCacheBytes"/>.</summary>
    public static IServiceCollection AddGraphResponseCache(this IServiceCollection services)
    {
        services.AddSingleton<GraphResponsePolicy>();
        services.AddOutputCache();
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<InfluenceGraphOptions>, IServiceProvider>((o, ig, sp) =>
        {
            long bytes = Math.Max(0, ig.Value.ResponseCacheBytes);
            o.SizeLimit = Math.Max(1, bytes);
            // One response may take at most a quarter of the cache (a huge CSV export is streamed, never stored).
            o.MaximumBodySize = Math.Max(1, bytes / 4);
            o.UseCaseSensitivePaths = true; // account handles are case-sensitive
            o.DefaultExpirationTimeSpan = TimeSpan.FromHours(1);
        });
        return services;
    }

    /// <summary>Marks an endpoint's successful answers as cacheable in the response cache (see the type's rules).</summary>
    public static TBuilder CacheGraphResponse<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.CacheOutput(b => b.AddPolicy<GraphResponsePolicy>(), excludeDefaultPolicy: true);
        builder.WithMetadata(new CompressedWhenStored());
        // The ETag, Cache-Control and status headers must be on the response before its first byte: output caching copies the
        // headers it stores then. The handler has run and its result is not written yet: the right moment.
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (http.Items[typeof(GraphResponsePolicy.Pending)] is GraphResponsePolicy.Pending p && !StoreRefused(http) && IsOk(result))
            {
                var headers = http.Response.Headers;
                if (!headers.ContainsKey("ETag")) headers.ETag = p.ETag;
                if (!headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-cache";
                headers[StatusHeader] = "miss";
            }
            return result;
        });
        return builder;
    }

    // A handler's result that answers 200: Ok, a union holding one, or a custom table result (CSV), which always answers 200.
    private static bool IsOk(object? result) => result switch
    {
        INestedHttpResult nested => IsOk(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code == StatusCodes.Status200OK,
        IResult => true,
        _ => false,
    };

    /// <summary>
    /// Adds response compression for the endpoints marked with <see cref="CacheGraphResponse{TBuilder}"/>, inside the
    /// response cache: call right after <c>UseOutputCache</c> (after routing, which selects the endpoint).
    /// </summary>
    public static IApplicationBuilder UseGraphResponseCompression(this IApplicationBuilder app) =>
        app.UseWhen(static http => http.GetEndpoint()?.Metadata.GetMetadata<CompressedWhenStored>() is not null,
            static branch => branch.UseResponseCompression());

    /// <summary>
    /// Tells the response cache not to store this response (it would not be a pure function of the graph version and
    /// the request: e.g. some of its parts are still being computed and show as <c>not_computed</c>).
    /// </summary>
    public static void DoNotStore(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[NoStoreKey] = true;
    }

    /// <summary>
    /// The strong ETag of a response-cache key: <c>"rc-"</c> + the first 16 bytes of SHA-256(<paramref name="key"/>) in
    /// lowercase hexadecimal, quoted.
    /// </summary>
    public static string ETagOf(string key) =>
        "\"rc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)) + "\"";

    /// <summary>The version stamp of a graph in keys and tags: name, creation time (ticks) and version.</summary>
    internal static string StampOf(GraphState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{state.Name}\u001f{state.CreatedAt.UtcTicks}\u001f{state.Version}");

    internal static bool StoreRefused(HttpContext context) => context.Items.ContainsKey(NoStoreKey);

    /// <summary>The output-cache policy (see <see cref="ResponseCaching"/>).</summary>
    internal sealed class GraphResponsePolicy(GraphCatalog catalog, ApiKeyFilter keys, IOptions<InfluenceGraphOptions> options, IOutputCacheStore store) : IOutputCachePolicy
    {
        private static readonly Meter Meter = new(MeterName);
        private static readonly Counter<long> Hits = Meter.CreateCounter<long>("response-cache.hits", description: "Responses served from the response cache.");
        private static readonly Counter<long> Stores = Meter.CreateCounter<long>("response-cache.stores", description: "Responses computed and stored.");
        private static readonly Counter<long> Uncacheable = Meter.CreateCounter<long>("response-cache.uncacheable", description: "Responses of cacheable endpoints not stored (not 200, partial, or the graph changed meanwhile).");

        private readonly bool _enabled = options.Value.ResponseCacheBytes > 0;
        private readonly ConcurrentDictionary<string, string> _lastStamp = new(StringComparer.Ordinal);

        internal sealed record Pending(string Graph, string Stamp, string ETag);

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            context.EnableOutputCaching = false;
            if (!_enabled || !HttpMethods.IsGet(http.Request.Method) || http.Request.Headers.ContainsKey("Authorization")) return ValueTask.CompletedTask;
            // Reads that need a key: a cached answer must never bypass the key check of the endpoint filter.
            if (!keys.ReadAllowed(http)) return ValueTask.CompletedTask;
            if (http.Request.RouteValues["graph"] is not string graph || catalog.Get(graph) is not { } state) return ValueTask.CompletedTask;

            string stamp = StampOf(state);
            string key0 = Stamps(http, stamp);
            string target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : http.Request.Path + http.Request.QueryString;
            string accept = http.Request.Headers.Accept.ToString(), prefer = http.Request.Headers["Prefer"].ToString();
            string encoding = http.Request.Headers.AcceptEncoding.ToString();
            string key = string.Join('\u001f', key0, target, accept, prefer, encoding);
            EvictOlderVersions(graph, stamp);

            context.EnableOutputCaching = true;
            context.AllowCacheLookup = true;
            context.AllowCacheStorage = true;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromHours(1);
            // Output caching refuses key values with its delimiters (U+001E, U+001F): vary by the key's hash.
            var pending = new Pending(graph, key0, ETagOf(key));
            context.CacheVaryByRules.VaryByValues["ig"] = pending.ETag;
            context.Tags.Add(TagOf(stamp));
            http.Items[typeof(Pending)] = pending;
            // On a hit the stored headers (ETag, "miss") are copied onto the response: mark the hit when it starts.
            http.Response.OnStarting(static state =>
            {
                var h = (HttpContext)state;
                if (h.Items.ContainsKey(HitKey)) h.Response.Headers[StatusHeader] = "hit";
                return Task.CompletedTask;
            }, http);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.HttpContext.Items[HitKey] = true;
            Hits.Add(1);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var response = http.Response;
            bool ok = response.StatusCode == StatusCodes.Status200OK
                && !response.Headers.ContainsKey("Set-Cookie")
                && !StoreRefused(http)
                && http.Items[typeof(Pending)] is Pending p
                && catalog.Get(p.Graph) is { } now && Stamps(http, StampOf(now)) == p.Stamp;
            if (!ok)
            {
                context.AllowCacheStorage = false;
                Uncacheable.Add(1);
                return ValueTask.CompletedTask;
            }
            Stores.Add(1);
            return ValueTask.CompletedTask;
        }

        // The version stamps the answer depends on: the route's graph, and the other graph of a comparison (toGraph=).
        private string Stamps(HttpContext http, string own)
        {
            foreach (var (name, value) in http.Request.Query)
                if (name.Equals("toGraph", StringComparison.OrdinalIgnoreCase))
                    return own + "\u001e" + (catalog.Get(value.ToString()) is { } other ? StampOf(other) : "none:" + value);
            return own;
        }

        private static string TagOf(string stamp) => "graph:" + stamp;

        // A newer version (or a recreated graph) was seen: free the entries of the one before (they are unreachable anyway).
        private void EvictOlderVersions(string graph, string stamp)
        {
            if (_lastStamp.TryGetValue(graph, out var last) && last == stamp) return;
            var previous = _lastStamp.AddOrUpdate(graph, stamp, (_, _) => stamp);
            if (last is not null && last != stamp)
                _ = store.EvictByTagAsync(TagOf(last), CancellationToken.None).AsTask();
            _ = previous;
        }
    }
}
