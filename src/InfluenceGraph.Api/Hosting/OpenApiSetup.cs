using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Core.Metrics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace InfluenceGraph.Api.Hosting;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>): what attributes and typed results cannot say —
/// title and usage, tag descriptions, the API-key scheme per operation, enum values, the CSV
/// representation, response headers, problem examples, schema examples and the health endpoints.
/// </summary>
public static class OpenApiSetup
{
    /// <summary>Name of the security scheme in the document.</summary>
    public const string SchemeName = "ApiKey";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Graphs", "Follower graphs: an edge 'follower followee' means the follower sees the followee's posts. Each import makes a new version."),
        ("Imports", "Batch imports of edges and account attributes, streamed, applied all-or-nothing."),
        ("Rankings", "Accounts ranked by a metric, paged and cached per graph version; JSON or CSV."),
        ("Accounts", "One account with its attributes, audience and every metric."),
        ("Audiences", "Who reaches whom: followers and followees, the h-hop audience of an account, the audience of a set of accounts (union, unique audiences, overlap) and the follower chains from one account to another."),
        ("Influencers", "Influential, active, not politically engaged accounts, each verdict explained."),
        ("Analyses", "Heavy metrics computed in the background."),
        ("Jobs", "Background work: progress, results, cancellation."),
        ("Metrics", "The metrics and their options."),
        ("Problems", "The error kinds (RFC 9457 problem types)."),
        ("Health", "Liveness and readiness probes."),
    ];

    /// <summary>Registers the document and its transformers.</summary>
    public static IServiceCollection AddInfluenceGraphOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer(TransformDocument);
            o.AddOperationTransformer(TransformOperation);
            o.AddSchemaTransformer(TransformSchema);
        });

    private static Task TransformDocument(OpenApiDocument doc, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        doc.Info = new OpenApiInfo
        {
            Title = "InfluenceGraph API",
            Version = "v1",
            Description = """
                Influence-network analysis of follower graphs: import edges and account attributes, rank accounts by PageRank, betweenness and degrees, and inspect accounts.
                An edge `follower followee` means the follower sees the followee's posts: in-degree = followers, out-degree = followees, PageRank flows to followees.
                Errors are RFC 9457 problem details whose `type` resolves under /problems. Writes need an `X-Api-Key` header when keys are configured (none configured: writes from localhost only).
                """,
            License = new OpenApiLicense { Name = "Proprietary (see repository)", Identifier = "LicenseRef-InfluenceGraph" },
        };
        doc.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyFilter.Header,
            Description = "One of the keys of InfluenceGraph:ApiKeys. Required by writes when keys are configured, and by reads when InfluenceGraph:RequireKeyForReads is true.",
        };
        AddHealth(doc);
        // Redocly: a server URL must not end with '/' (ASP.NET Core adds the request's base address with one).
        foreach (var server in doc.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        return Task.CompletedTask;
    }

    private static void AddHealth(OpenApiDocument doc)
    {
        OpenApiOperation Probe(string id, string summary, string description) => new()
        {
            OperationId = id,
            Summary = summary,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new("Health", doc) },
            Security = [],
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "Healthy", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create("Healthy") } } },
                ["503"] = new OpenApiResponse { Description = "Unhealthy", Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create("Unhealthy") } } },
            },
        };
        doc.Paths ??= new OpenApiPaths();
        doc.Paths["/health"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = Probe("GetHealth", "Liveness probe", "Healthy while the process serves requests.") },
        };
        doc.Paths["/health/ready"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = Probe("GetReadiness", "Readiness probe", "Healthy once the graph catalog is loaded and the default graph published.") },
        };
    }

    private static Task TransformOperation(OpenApiOperation op, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var doc = context.Document;
        op.Responses ??= new OpenApiResponses();

        // Security: writes need the key (Swagger UI draws a padlock); reads need none (no padlock) unless
        // this server requires keys for reads. An optional requirement ([{}, key]) would make Swagger UI
        // draw reads as locked and writes as open, the reverse of what a reader expects.
        var requirement = metadata.OfType<ApiKeyRequirement>().LastOrDefault();
        var keyed = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, doc)] = [] };
        bool readsKeyed = context.ApplicationServices.GetService<IOptions<InfluenceGraphOptions>>()?.Value.RequireKeyForReads ?? false;
        op.Security = requirement is { Write: true } || (requirement is not null && readsKeyed) ? [keyed] : [];
        if (requirement is { Write: true })
        {
            AddProblem(op, ProblemKind.ApiKeyRequired, "No valid X-Api-Key (keys are configured).");
            AddProblem(op, ProblemKind.LocalOnly, "No key configured (development mode) and the client is not on this machine.");
        }
        else if (requirement is not null)
        {
            AddProblem(op, ProblemKind.ApiKeyRequired, "No valid X-Api-Key while InfluenceGraph:RequireKeyForReads is true.");
        }

        // Enum values from [AllowedValues] on [AsParameters] properties.
        foreach (var pd in context.Description.ParameterDescriptions)
        {
            if (pd.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: var info }) continue;
            var allowed = info.GetCustomAttributes(typeof(AllowedValuesAttribute), true).OfType<AllowedValuesAttribute>().FirstOrDefault();
            if (allowed is null) continue;
            var p = op.Parameters?.FirstOrDefault(x => x.Name == pd.Name);
            if (p?.Schema is OpenApiSchema s)
                s.Enum = allowed.Values.OfType<string>().Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        }

        if (metadata.OfType<MetricParametersMetadata>().Any())
            AddMetricParameters(op, context.ApplicationServices.GetRequiredService<MetricCatalog>());

        if (metadata.OfType<JobWaitMetadata>().Any())
        {
            double maxWait = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<InfluenceGraphOptions>>().Value.MaxWaitSeconds;
            op.Parameters ??= [];
            op.Parameters.Add(new OpenApiParameter
            {
                Name = JobWait.Parameter,
                In = ParameterLocation.Query,
                Required = false,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = maxWait.ToString("R", System.Globalization.CultureInfo.InvariantCulture) },
                Description = "Seconds to block while a background job computes the result (default 0; also the header 'Prefer: wait=N', RFC 7240, answered with Preference-Applied). "
                    + "Finished in time: the result (200). Not finished: JSON keeps 202 with the job; a CSV/Parquet/file GET answers 503 with Retry-After and the job's Location, never a 202.",
            });
        }
        if (op.Responses!.TryGetValue("503", out var unavailable) && unavailable is OpenApiResponse u)
        {
            u.Headers ??= new Dictionary<string, IOpenApiHeader>();
            u.Headers["Retry-After"] = Header("Seconds to wait before asking again.");
            u.Headers["Location"] = Header("URL of the job computing the result (/jobs/{id}).");
        }
        // A JSON request body: any other Content-Type is refused with 415 (a problem with a detail).
        if (op.RequestBody?.Content is { } bodyTypes && bodyTypes.ContainsKey("application/json"))
            AddProblem(op, ProblemKind.UnsupportedMediaType, "The body is not JSON (Content-Type must be application/json).");
        int maxPage = context.ApplicationServices.GetService<IOptions<InfluenceGraphOptions>>()?.Value.MaxPageSize ?? 10_000;
        DeclareQueryRanges(op, maxPage);

        // Problem responses: a description and an example each.
        foreach (var (code, response) in op.Responses)
        {
            if (response is not OpenApiResponse r || r.Content is null) continue;
            if (!r.Content.TryGetValue("application/problem+json", out var media) || media.Example is not null) continue;
            var kind = DefaultKind(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), op.OperationId);
            if (kind is null) continue;
            media.Example = ProblemExample(kind);
            if (string.IsNullOrEmpty(r.Description) || r.Description == ReasonOf(code)) r.Description = kind.Title + ": " + kind.Description;
        }

        if (op.OperationId is "GetAccount" or "GetFollowers" or "GetFollowees" or "GetAudience"
            && op.Responses.TryGetValue("200", out var found) && found is OpenApiResponse f)
        {
            f.Headers ??= new Dictionary<string, IOpenApiHeader>();
            f.Headers[ApiProblems.MatchedAccountHeader] = Header("The handle the account path segment matched (percent-encoded UTF-8): the exact handle, or the one found without a leading '@' or as the only handle equal ignoring case.");
        }

        if (op.Responses.TryGetValue("202", out var accepted) && accepted is OpenApiResponse a)
        {
            a.Description = "Running as a background job: the body is the job, Location its URL; poll GET /jobs/{id}.";
            a.Headers ??= new Dictionary<string, IOpenApiHeader>();
            a.Headers["Location"] = Header("URL of the job (/jobs/{id}).");
        }
        if (op.Responses.TryGetValue("304", out var notModified) && notModified is OpenApiResponse nm)
        {
            nm.Description = "Not modified: the If-None-Match ETag still matches (same graph version, metric, options and page).";
            nm.Headers ??= new Dictionary<string, IOpenApiHeader>();
            nm.Headers["ETag"] = Header("Entity tag of the page.");
        }
        if (metadata.OfType<CsvResponseMetadata>().Any() && op.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okr)
        {
            okr.Content ??= new Dictionary<string, OpenApiMediaType>();
            okr.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = op.OperationId == "GetInfluencers"
                        ? InfluencerCsvResult.Description
                        : op.OperationId == "GetCommunities" ? SphereCsvResult.Description
                        : op.OperationId == "GetCommunityMembership" ? "Header account,community; one row per account sorted by handle (ordinal); RFC 4180 quoting; UTF-8 without BOM."
                        : "Header rank,account,score (exactly three fields per line) unless columns= chooses others (rank, account, node, score, percentile; columns=rank,node,score is the reference tools' layout); one row per account; invariant culture ('.' decimal separator, no thousands separators, round-trip doubles); UTF-8 without BOM; an undefined score is an empty field.",
                },
                Example = JsonValue.Create(op.OperationId == "GetInfluencers"
                    ? InfluencerCsvResult.Example
                    : op.OperationId == "GetCommunities" ? SphereCsvResult.Header + "\n8,#politique #parlement,80,0.02666666666666667,3059,1324,1253,0.5427608232789212,46,0.575,32,0.4,politique:20:1.31;parlement:18:1.39,arya7:102;riou_amsa6:103,,1:192:175;0:177:174\n"
                    : op.OperationId == "GetCommunityMembership" ? "account,community\narya7,8\nriou_amsa6,8\n"
                    : "rank,account,score\n1,bob,2\n2,carol,1\n3,alice,0\n"),
            };
            okr.Headers ??= new Dictionary<string, IOpenApiHeader>();
            okr.Headers["ETag"] = Header("Entity tag of the page; send it back in If-None-Match to get 304 while nothing changed.");
            okr.Headers[RankingsEndpoints.VersionHeader] = Header("Graph version the ranking belongs to.");
            if (op.OperationId == "GetRanking")
                okr.Headers[RankingsEndpoints.WarningHeader] = Header("Present when the scores may not be what was asked for, e.g. 'not-converged: ...' for PageRank stopped at maxIterations; the same text as the JSON 'warnings'.");
        }
        if (op.OperationId is "ImportEdges" or "ImportAccounts")
            op.RequestBody = ImportBody(op.OperationId == "ImportEdges");
        DeclareFormatValues(op);
        if (op.Responses.ContainsKey("304"))
        {
            op.Parameters ??= [];
            if (!op.Parameters.Any(p => p.Name == "If-None-Match"))
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-None-Match",
                    In = ParameterLocation.Header,
                    Required = false,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = "The ETag of an earlier response (RFC 9110 section 13.1.2): 304 with no body while it still matches.",
                });
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ranges of the paging and size parameters the endpoints check (a value outside is a 400 naming
    /// the parameter): <c>offset</c> ≥ 0; <c>top</c>/<c>limit</c> of a page ≥ 1 (JSON pages at most
    /// <paramref name="maxPage"/>, CSV unbounded, so only the minimum is a schema keyword); the fixed
    /// bounds of /changes, the ego network and the overview network. Metric options get theirs from
    /// the metric catalog (<see cref="AddMetricParameters"/>).
    /// </summary>
    internal static void DeclareQueryRanges(OpenApiOperation op, int maxPage)
    {
        foreach (var p in op.Parameters ?? [])
        {
            if (p is not OpenApiParameter { In: ParameterLocation.Query, Schema: OpenApiSchema s } || s.Minimum is not null || s.Maximum is not null) continue;
            (string? min, string? max) = (op.OperationId, p.Name) switch
            {
                (_, "offset") => ("0", null),
                ("GetChanges", "top") => ("1", "1000"),
                ("GetChanges", "limit") => ("1", "10000"),
                ("GetEgoNetwork", "limit") => ("2", EgoNetworkEndpoints.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("GetOverviewNetwork", "limit") => ("1", OverviewNetworkEndpoints.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (_, "top" or "limit") when s.Type == JsonSchemaType.Integer => ("1", null),
                _ => (null, null),
            };
            if (min is not null) s.Minimum = min;
            if (max is not null) s.Maximum = max;
            if (op.OperationId == "GetChanges" && p.Name == "p") { s.ExclusiveMinimum = "0"; s.ExclusiveMaximum = "1"; }
        }
        _ = maxPage;
    }

    /// <summary>
    /// The values of a reading endpoint's <c>format</c> parameter as an enum: <c>json</c> and <c>csv</c>
    /// (every reading endpoint with a format answers both; the graph export: <see cref="ExportEndpoints.Formats"/>),
    /// plus one per further representation its 200 response declares. An enum already set (imports) is kept.
    /// </summary>
    private static void DeclareFormatValues(OpenApiOperation op)
    {
        if (op.Parameters?.FirstOrDefault(p => p.Name == "format" && p.In == ParameterLocation.Query) is not OpenApiParameter { Schema: OpenApiSchema s } || s.Enum is { Count: > 0 }) return;
        var values = op.OperationId == "ExportGraph" ? [.. ExportEndpoints.Formats] : new List<string> { "json", "csv" };
        if (op.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            foreach (var type in content.Keys)
                foreach (var extra in new[] { "parquet", "graphml", "gexf" })
                    if (type.Contains(extra, StringComparison.OrdinalIgnoreCase) && !values.Contains(extra)) values.Add(extra);
        s.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
    }

    /// <summary>
    /// The metric options of an endpoint that ranks by a catalog metric, generated from the catalog's
    /// parameter schema (type, range, default, allowed values, meaning per metric), and the metric names
    /// and aliases as the enum of the <c>metric</c> path parameter (canonical names first, then the
    /// aliases, which the description maps to their canonical name; the example is a canonical name):
    /// what is documented is what is bound.
    /// </summary>
    internal static void AddMetricParameters(OpenApiOperation op, MetricCatalog catalog)
    {
        op.Parameters ??= [];
        if (op.Parameters.FirstOrDefault(p => p.Name == "metric") is OpenApiParameter { Schema: OpenApiSchema metricSchema } metricParameter)
        {
            // Canonical names first (what every response says), then the aliases accepted on input.
            metricSchema.Enum = catalog.Names.Concat(catalog.All.SelectMany(m => m.Aliases)).Select(n => (JsonNode)JsonValue.Create(n)!).ToList();
            metricParameter.Example = JsonValue.Create(catalog.All.FirstOrDefault(m => m.Aliases.Count > 0)?.Name ?? catalog.Names.First());
            var aliased = catalog.All.Where(m => m.Aliases.Count > 0).Select(m => $"{string.Join(", ", m.Aliases)} = {m.Name}").ToList();
            if (aliased.Count > 0)
                metricParameter.Description = (metricParameter.Description is { Length: > 0 } d ? d + " " : "")
                    + $"Canonical names: {string.Join(", ", catalog.Names)}. Aliases, accepted on input only (the response's metric is always the canonical name): {string.Join("; ", aliased)}.";
        }
        foreach (var group in catalog.All.SelectMany(m => m.Parameters.Select(p => (Metric: m, Parameter: p))).GroupBy(x => x.Parameter.Name))
        {
            var all = group.Select(x => x.Parameter).ToList();
            var first = all[0];
            bool Same(Func<MetricParameter, object?> f) => all.All(p => Equals(f(p), f(first)));
            var schema = new OpenApiSchema
            {
                Type = first.Type switch
                {
                    MetricParameterType.Number => JsonSchemaType.Number,
                    MetricParameterType.Integer => JsonSchemaType.Integer,
                    MetricParameterType.Boolean => JsonSchemaType.Boolean,
                    _ => JsonSchemaType.String,
                },
            };
            string F(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (Same(p => p.Minimum) && Same(p => p.ExclusiveMinimum) && first.Minimum is double lo)
            {
                if (first.ExclusiveMinimum) schema.ExclusiveMinimum = F(lo); else schema.Minimum = F(lo);
            }
            if (Same(p => p.Maximum) && first.Maximum is double hi) schema.Maximum = F(hi);
            if (Same(p => p.Default) && first.Default is { } d) schema.Default = JsonSerializer.SerializeToNode(d);
            if (first.AllowedValues is { } allowed && all.All(p => p.AllowedValues is { } a && a.SequenceEqual(allowed)))
                schema.Enum = allowed.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            if (first.Type == MetricParameterType.AccountWeights)
                schema.Pattern = "^[^,]+:[^,:]+(,[^,]+:[^,:]+)*$";
            if (first.Type == MetricParameterType.Accounts)
                schema.Pattern = "^[^,]+(,[^,]+)*$";
            var description = group
                .GroupBy(x => (x.Parameter.Description, Default: x.Parameter.Default is { } v ? MetricParameter.Format(v) : null, x.Parameter.RangeText))
                .Select(g =>
                {
                    var p = g.First().Parameter;
                    string text = $"{string.Join(", ", g.Select(x => x.Metric.Name))}: {p.Description}";
                    if (p.RangeText.Length > 0) text += $" Range: {p.RangeText}.";
                    if (p.Default is { } v) text += $" Default {MetricParameter.Format(v)}.";
                    if (p.Type == MetricParameterType.AccountWeights) text += " Written account:weight,account:weight (split at the last ':').";
                    if (p.Type == MetricParameterType.Accounts) text += " Written account,account (split at commas).";
                    return text;
                });
            op.Parameters.Add(new OpenApiParameter
            {
                Name = group.Key,
                In = ParameterLocation.Query,
                Required = false,
                Schema = schema,
                Description = string.Join("\n\n", description) + "\n\nOnly the metric's own options are accepted (GET /metrics lists them); another is a 400 naming it.",
            });
        }
    }

    /// <summary>
    /// The request body of an import: one entry per media type the import accepts
    /// (<see cref="Services.Imports.ImportService.SupportedMediaTypes"/>, the same list for edges and
    /// account attributes), so documented and accepted types are one list.
    /// </summary>
    private static OpenApiRequestBody ImportBody(bool edges)
    {
        OpenApiMediaType Text(string example) => new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(example) };
        OpenApiMediaType Binary() => new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        string ndjson = edges ? "{\"follower\":\"alice\",\"followee\":\"bob\"}\n" : "{\"account\":\"bob\",\"posts\":140}\n";
        string graphml = edges
            ? "<graphml><graph edgedefault=\"directed\"><edge source=\"alice\" target=\"bob\"/></graph></graphml>"
            : "<graphml><key id=\"p\" for=\"node\" attr.name=\"posts\" attr.type=\"long\"/><graph edgedefault=\"directed\"><node id=\"bob\"><data key=\"p\">140</data></node></graph></graphml>";
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var type in Services.Imports.ImportService.SupportedMediaTypes)
        {
            content[type] = type switch
            {
                "text/csv" or "application/csv" => Text(edges ? "follower,followee\nalice,bob\ncarol,bob\nbob,carol\n" : "account,posts,political_share\nbob,140,0.01\n"),
                "text/tab-separated-values" or "text/tsv" => Text(edges ? "follower\tfollowee\nalice\tbob\n" : "account\tposts\nbob\t140\n"),
                "text/plain" => Text(edges ? "# SNAP edge list: follower followee\nalice bob\ncarol bob\nbob carol\n" : "# account and attributes separated by white space\naccount posts\nbob 140\n"),
                "application/json" or "text/json" => new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = edges ? JsonEdgeItem() : new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["account"] = new OpenApiSchema { Type = JsonSchemaType.String } }, AdditionalPropertiesAllowed = true, AdditionalProperties = new OpenApiSchema { Description = "An attribute (number, string, boolean or null)." } } },
                    Example = edges
                        ? new JsonArray(new JsonObject { ["follower"] = "alice", ["followee"] = "bob" }, new JsonObject { ["follower"] = "carol", ["followee"] = "bob" })
                        : new JsonArray(new JsonObject { ["account"] = "bob", ["posts"] = 140, ["political_share"] = 0.01 }),
                },
                "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" => Text(ndjson),
                "text/vnd.gml" or "text/gml" or "application/gml" => Text(edges
                    ? "graph [\n  directed 1\n  node [ id 0 label \"alice\" ]\n  node [ id 1 label \"bob\" ]\n  edge [ source 0 target 1 ]\n]\n"
                    : "graph [\n  directed 1\n  node [ id \"bob\" posts 140 ]\n]\n"),
                "application/graphml+xml" or "application/xml" or "text/xml" => Text(graphml),
                "multipart/form-data" => new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file to import (its name is the source in the report)." } },
                        Required = new HashSet<string> { "file" },
                    },
                },
                _ => Binary(), // application/gzip, application/x-gzip, application/octet-stream: format from ?format=, the name or the content
            };
        }
        return new OpenApiRequestBody
        {
            Required = true,
            Description = (edges
                ? "Edge rows 'follower followee [weight]' in any supported format"
                : "Account attribute rows with an 'account' column (or GraphML/GML node attributes) in any supported format")
                + " (Content-Encoding gzip, deflate or br accepted); streamed, never buffered whole. The ?format= values: "
                + string.Join(", ", Endpoints.ImportsEndpoints.FormatNames.Keys) + ".",
            Content = content,
        };
    }

    private static OpenApiSchema JsonEdgeItem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "One edge: the follower sees the followee's posts (other spellings of the two columns are recognised as in CSV headers).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["follower"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["followee"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["weight"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0" },
        },
        AdditionalPropertiesAllowed = true,
        AdditionalProperties = new OpenApiSchema(),
    };

    private static ProblemKind? DefaultKind(int status, string? operation) => (status, operation) switch
    {
        (404, "GetAccount" or "GetFollowers" or "GetFollowees" or "GetAudience" or "GetPaths") => ProblemKind.AccountNotFound,
        (404, "GetJob" or "CancelJob") => ProblemKind.JobNotFound,
        (404, "GetRanking") => ProblemKind.MetricNotFound,
        (404, "GetProblemType") => ProblemKind.NotFound,
        (404, _) => ProblemKind.GraphNotFound,
        (400, "ImportEdges" or "ImportAccounts") => ProblemKind.ImportFormat,
        (400, _) => ProblemKind.InvalidParameter,
        (409, "CreateGraph") => ProblemKind.GraphExists,
        (409, "GetAccount" or "GetAudience" or "GetPaths") => ProblemKind.AccountAmbiguous,
        (409, "GetRanking" or "GetInfluencers" or "GetFollowers" or "GetFollowees" or "GetEdges") => ProblemKind.CursorStale,
        (409, "CancelJob") => ProblemKind.JobFinished,
        (409, "ExportGraph") => ProblemKind.ExpensiveAnalysis,
        (413, _) => ProblemKind.PayloadTooLarge,
        (503, _) => ProblemKind.ResultNotReady,
        (415, _) => ProblemKind.UnsupportedMediaType,
        (429, _) => ProblemKind.RateLimited,
        (401, _) => ProblemKind.ApiKeyRequired,
        (403, _) => ProblemKind.LocalOnly,
        _ => null,
    };

    private static void AddProblem(OpenApiOperation op, ProblemKind kind, string when)
    {
        string code = kind.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (op.Responses!.ContainsKey(code)) return;
        op.Responses[code] = new OpenApiResponse
        {
            Description = $"{kind.Title}: {when}",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails"), Example = ProblemExample(kind) },
            },
        };
    }

    private static JsonNode ProblemExample(ProblemKind kind) => new JsonObject
    {
        ["type"] = kind.Type,
        ["title"] = kind.Title,
        ["status"] = kind.Status,
        ["detail"] = kind == ProblemKind.ImportFormat ? "edges.csv:17: field 'weight': 'abc' is not a finite number >= 0" : kind.Description,
        ["traceId"] = "00-3f1c0e5b8a6d4e2f9b7a1c3d5e7f9a1b-1a2b3c4d5e6f7a8b-00",
    };

    private static string ReasonOf(string code) =>
        int.TryParse(code, out int c) ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(c) : "";

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    /// <summary>The <c>kind</c> values of a job: imports, analyses, long rankings, influencer signals, communities.</summary>
    internal static readonly string[] JobKinds = ["import-edges", "import-accounts", "analysis", "ranking", "influencers", "communities"];

    private static void SetEnum(OpenApiSchema schema, string property, IEnumerable<string> values)
    {
        if (schema.Properties?.TryGetValue(property, out var p) == true && p is OpenApiSchema ps)
            ps.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
    }

    private static Task TransformSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
        {
            schema.Description = "RFC 9457 problem details. 'type' is stable per kind and resolves under /problems; extension members name what went wrong where.";
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            void Ext(string name, JsonSchemaType t, string description) =>
                schema.Properties[name] = new OpenApiSchema { Type = t | JsonSchemaType.Null, Description = description };
            Ext("traceId", JsonSchemaType.String, "Identifies the request in the server log.");
            Ext("parameter", JsonSchemaType.String, "The offending query, path or body parameter (invalid-parameter, cursor-stale).");
            Ext("file", JsonSchemaType.String, "Source of an unreadable import (import-format).");
            Ext("line", JsonSchemaType.Integer, "1-based line of the first offending row (import-format, import-rejected).");
            Ext("field", JsonSchemaType.String, "Offending field (column name or position) of an import row.");
            Ext("limitBytes", JsonSchemaType.Integer, "The size limit that was exceeded (payload-too-large).");
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = new OpenApiSchema { Description = "Other extension members of the problem kind (graph, account, supported, rejections...)." };
            return Task.CompletedTask;
        }
        // Fixed value sets as enums (what the code produces or accepts).
        if (type == typeof(JobStatus))
        {
            SetEnum(schema, "kind", JobKinds);
            SetEnum(schema, "state", Enum.GetNames<Services.Jobs.JobState>().Select(n => n.ToLowerInvariant()));
        }
        else if (type == typeof(JobStep))
            SetEnum(schema, "state", ["pending", "running", "cached", "succeeded", "failed", "cancelled", "skipped"]);
        else if (type == typeof(CreateGraphRequest))
        {
            SetEnum(schema, "duplicateEdges", ["collapse", "keep"]);
            SetEnum(schema, "selfLoops", ["keep", "drop"]);
        }
        else if (type == typeof(GraphSummary))
        {
            SetEnum(schema, "duplicateEdges", ["collapse", "keep"]);
            SetEnum(schema, "selfLoopPolicy", ["keep", "drop"]);
        }
        // An object with no declared members is a free-form map, not an empty one (a generator makes
        // Record<string, never> of the latter and valid requests need casts).
        if (schema.Properties is null or { Count: 0 } && schema.AdditionalProperties is null && schema.Type is { } t && t.HasFlag(JsonSchemaType.Object))
        {
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = new OpenApiSchema();
        }
        foreach (var property in schema.Properties?.Values ?? [])
            if (property is OpenApiSchema ps && ps.Properties is null or { Count: 0 } && ps.AdditionalProperties is null && ps.Type is { } pt && pt.HasFlag(JsonSchemaType.Object))
            {
                ps.AdditionalPropertiesAllowed = true;
                ps.AdditionalProperties = new OpenApiSchema();
            }
        if (ContractExamples.For(type) is { } example)
        {
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (JsonSerializer.SerializeToNode(example, type, json) is { } node) schema.Examples = [node];
        }
        return Task.CompletedTask;
    }
}
