using System.Globalization;
using System.Threading.RateLimiting;
using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Imports;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Hosting;

/// <summary>Service registration and request pipeline of the API (keeps Program.cs short).</summary>
public static class InfluenceGraphApiSetup
{
    /// <summary>The listen address when none is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>, Kestrel endpoints).</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Registers configuration, the catalog, metrics, jobs, imports, problems, security, rate limiting, health and OpenAPI.</summary>
    public static WebApplicationBuilder AddInfluenceGraphApi(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["http_ports"]) && string.IsNullOrEmpty(config["https_ports"])
            && !config.GetSection("Kestrel:Endpoints").GetChildren().Any())
            builder.WebHost.UseUrls(DefaultUrl);

        var services = builder.Services;
        services.AddOptions<InfluenceGraphOptions>().Bind(config.GetSection(InfluenceGraphOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, "InfluenceGraph:MaxUploadBytes must be > 0.")
            .Validate(o => o.ImportBodyIdleTimeoutSeconds is >= 1 and <= 3600, "InfluenceGraph:ImportBodyIdleTimeoutSeconds must be in 1..3600.")
            .Validate(o => o.ImportJobThresholdBytes > 0, "InfluenceGraph:ImportJobThresholdBytes must be > 0.")
            .Validate(o => o.MaxPageSize > 0, "InfluenceGraph:MaxPageSize must be > 0.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<InfluenceGraphOptions>>().Value;
            string? path = o.ResolvedDatabasePath();
            if (path is not null && Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            return GraphCatalog.Open(path, o.Durability);
        });
        // The metric catalog: the built-in metrics of Core, plus any Metric registered in the service collection.
        foreach (var metric in MetricCatalog.Builtin) services.AddSingleton(metric);
        services.AddSingleton(sp => new MetricCatalog(sp.GetServices<Metric>()));
        services.AddSingleton<Services.Computations.ComputationService>();
        services.AddSingleton<MetricService>();
        services.AddSingleton<Services.Influence.InfluenceService>();
        services.AddSingleton<Services.GuestLists.GuestListService>();
        services.AddSingleton<Services.Communities.CommunityService>();
        services.AddSingleton<JobService>();
        services.AddHostedService(sp => sp.GetRequiredService<JobService>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(
            Math.Max(1, config.GetValue<double?>($"{InfluenceGraphOptions.Section}:{nameof(InfluenceGraphOptions.ShutdownTimeoutSeconds)}") ?? 30)));
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportJobJournal>();
        services.AddHostedService<ImportJobRecovery>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<CatalogInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogInitializer>());

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            // {"hops": 2, "hops": 3} is refused (400), never read as its last value.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails.Type is null or "" || c.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                var kind = c.ProblemDetails.Status switch
                {
                    400 => ProblemKind.BadRequest,
                    404 => ProblemKind.NotFound,
                    405 => ProblemKind.MethodNotAllowed,
                    413 => ProblemKind.PayloadTooLarge,
                    415 => ProblemKind.UnsupportedMediaType,
                    429 => ProblemKind.RateLimited,
                    >= 500 => ProblemKind.Internal,
                    _ => null,
                };
                if (kind is not null) c.ProblemDetails.Type = kind.Type;
                // The framework's own 415 (a JSON body sent as another type) carries no detail: say what was wrong.
                if (kind == ProblemKind.UnsupportedMediaType && c.ProblemDetails.Detail is null)
                {
                    c.ProblemDetails.Title = kind.Title;
                    c.ProblemDetails.Detail = $"The body must be JSON (Content-Type: application/json), got '{(string.IsNullOrEmpty(c.HttpContext.Request.ContentType) ? "none" : c.HttpContext.Request.ContentType)}'.";
                    c.ProblemDetails.Extensions.TryAdd("supported", new[] { "application/json" });
                }
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ImportsEndpoints.RateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<InfluenceGraphOptions>>().Value.ImportsPerMinute;
                string partition = http.RequestServices.GetRequiredService<ApiKeyFilter>().RateLimitPartition(http);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                int seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = ApiProblems.Details(ProblemKind.RateLimited, $"Too many imports; retry in {seconds} s.", ("retryAfterSeconds", seconds)),
                });
            };
        });

        services.AddHealthChecks().AddCheck<CatalogInitializer>("catalog", tags: ["ready"]);
        services.AddGraphResponseCache();
        services.AddInfluenceGraphOpenApi();
        return builder;
    }

    /// <summary>The request pipeline and every endpoint.</summary>
    public static WebApplication MapInfluenceGraphApi(this WebApplication app)
    {
        // Security headers on every response, then the web app's static files (before the API's endpoints).
        app.UseInfluenceGraphWebApp();
        app.UseExceptionHandler();
        app.UseKeylessHostFilter();
        // HEAD is answered wherever GET is: routed as GET, headers sent, body discarded (RFC 9110 section 9.3.2).
        app.Use((HttpContext context, RequestDelegate next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
                context.Response.Body = Stream.Null;
            }
            return next(context);
        });
        app.UseRouting();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseStrictQueryNumbers();
        // Serialized answers of the read endpoints marked CacheGraphResponse (see ResponseCaching).
        app.UseOutputCache();
        app.UseGraphResponseCompression();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/openapi/v1.json", "InfluenceGraph API v1");
            o.DocumentTitle = "InfluenceGraph API";
            o.EnableDeepLinking();
            o.InjectStylesheet(WebAppSetup.SwaggerStyleSheetPath);
        });
        app.MapGet(WebAppSetup.SwaggerStyleSheetPath, () => Results.Text(WebAppSetup.SwaggerStyleSheet, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

        // Every endpoint rejects query parameters it does not define (400 naming it and the accepted ones).
        // Every endpoint that can answer 202 with a job accepts wait=SECONDS / Prefer: wait=N, and never answers 202 to a table request.
        var api = app.MapGroup("").RejectUnknownQueryParameters().WaitForJobs();
        api.MapGraphsApi();
        api.MapImportsApi();
        api.MapRankingsApi();
        api.MapChangesApi();
        api.MapAccountsApi();
        api.MapAudienceApi();
        api.MapEgoNetworkApi();
        api.MapOverviewNetworkApi();
        api.MapInfluencersApi();
        api.MapGuestListApi();
        api.MapCommunitiesApi();
        api.MapAnalysesApi();
        api.MapExportApi();
        api.MapJobsApi();
        api.MapMetricsApi();
        api.MapProblemsApi();
        return app;
    }
}
