using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// The analyst's web app at <c>/</c> (a single-page app with hash routes, built from
/// <c>src/InfluenceGraph.Web</c> into this project's <c>wwwroot</c> by the build) and the security
/// headers of every response: a Content-Security-Policy without inline script, no sniffing, no framing.
/// </summary>
public static class WebAppSetup
{
    /// <summary>
    /// The Content-Security-Policy of every response: scripts, styles, workers and fetches from this
    /// origin only (no inline script, no eval); inline style attributes are allowed (the chart and graph
    /// libraries position their tooltips with them); images from this origin and data: URIs.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>The page served at <c>/</c> when the app was not built (no Node.js at build time).</summary>
    public const string NotBuiltPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>InfluenceGraph</title></head>
        <body><h1>InfluenceGraph</h1>
        <p>The web app was not built: Node.js 20 (node and npm) was not found when this server was built.
        Install Node.js 20, then build again (<code>dotnet build -c Release src/InfluenceGraph.Api</code> runs <code>npm ci</code> and <code>npm run build</code> in <code>src/InfluenceGraph.Web</code>).</p>
        <p>The API works without it: <a href="/swagger">Swagger UI</a>, <a href="/openapi/v1.json">OpenAPI document</a>.</p>
        </body></html>
        """;

    /// <summary>
    /// The folder holding the built app: <c>wwwroot</c> under the content root (<c>dotnet run</c>, tests),
    /// else beside the assembly (a server started from its build output), or null when neither has an <c>index.html</c>.
    /// </summary>
    public static string? FindWebRoot(IWebHostEnvironment env)
    {
        foreach (var dir in new[] { env.WebRootPath, Path.Combine(env.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") })
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "index.html"))) return dir;
        return null;
    }

    /// <summary>Adds the security headers, the static files of the app and the <c>/</c> page.</summary>
    public static WebApplication UseInfluenceGraphWebApp(this WebApplication app)
    {
        app.Use((HttpContext context, RequestDelegate next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            return next(context);
        });

        string? root = FindWebRoot(app.Environment);
        if (root is not null)
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "" });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = ctx =>
                {
                    // Hashed bundle names never change content; the page itself is revalidated.
                    ctx.Context.Response.Headers.CacheControl = ctx.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
                },
            });
        }
        else
        {
            app.Logger.LogWarning("The web app is not built (no wwwroot/index.html): '/' shows how to build it. The API is unaffected.");
            app.MapGet("/", () => Results.Content(NotBuiltPage, "text/html; charset=utf-8")).ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>
    /// Style sheet injected into Swagger UI: the padlock of an operation that needs a key is drawn
    /// closed (Swagger UI draws it open until a key is entered, which reads as "no key needed");
    /// once a key is entered it turns green.
    /// </summary>
    public const string SwaggerStyleSheet = """
        .opblock .authorization__btn svg { display: none; }
        .opblock .authorization__btn::after {
          content: ""; display: inline-block; width: 18px; height: 18px; vertical-align: middle;
          background: url("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20'><path fill='%23555' d='M15.8 8H14V5.6C14 2.703 12.665 1 10 1 7.334 1 6 2.703 6 5.6V8H4c-.553 0-1 .646-1 1.199V17c0 .549.428 1.139.951 1.307l1.197.387C5.672 18.861 6.55 19 7.1 19h5.8c.549 0 1.428-.139 1.951-.307l1.196-.387c.524-.167.953-.757.953-1.306V9.199C17 8.646 16.352 8 15.8 8zM12 8H8V5.199C8 3.754 8.797 3 10 3c1.203 0 2 .754 2 2.199V8z'/></svg>") no-repeat center / contain;
        }
        .opblock .authorization__btn[aria-label$=" locked"]::after {
          background-image: url("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20'><path fill='%2349cc90' d='M15.8 8H14V5.6C14 2.703 12.665 1 10 1 7.334 1 6 2.703 6 5.6V8H4c-.553 0-1 .646-1 1.199V17c0 .549.428 1.139.951 1.307l1.197.387C5.672 18.861 6.55 19 7.1 19h5.8c.549 0 1.428-.139 1.951-.307l1.196-.387c.524-.167.953-.757.953-1.306V9.199C17 8.646 16.352 8 15.8 8zM12 8H8V5.199C8 3.754 8.797 3 10 3c1.203 0 2 .754 2 2.199V8z'/></svg>");
        }
        """;

    /// <summary>Path of <see cref="SwaggerStyleSheet"/>.</summary>
    public const string SwaggerStyleSheetPath = "/swagger-ui/influencegraph.css";
}
