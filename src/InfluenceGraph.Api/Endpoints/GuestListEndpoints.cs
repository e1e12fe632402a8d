using InfluenceGraph.Api.Hosting;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.GuestLists;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// <c>POST /graphs/{graph}/guest-lists</c>: the <c>size</c> accounts that together reach the most people,
/// each pick explained, with a certificate and the plain top influencers for comparison;
/// <c>GET /graphs/{graph}/guest-lists/{id}</c> returns a stored result again.
/// </summary>
public static class GuestListEndpoints
{
    /// <summary>
    /// How request bodies of the JSON endpoints that read a <see cref="JsonDocument"/> (guest lists, set audiences) are
    /// parsed: a property named twice in one object (<c>{"hops": 2, "hops": 3}</c>) is a <see cref="JsonException"/>
    /// (answered 400 naming <c>body</c>), never read as its first or last value; at most 64 levels deep (the default).
    /// </summary>
    internal static readonly JsonDocumentOptions StrictBody = new() { AllowDuplicateProperties = false };

    private static readonly string[] KnownFields = ["size", "objective", "hops", "eligible", "include", "exclude", "influencers", "spread", "maxPerSphere", "registers"];
    private static readonly string[] KnownSpreadFields = ["model", "probability", "epsilon", "delta", "seed"];
    private static readonly string[] KnownInfluencerFields =
    [
        "minInfluencePercentile", "minActivityPercentile", "minPosts", "requireKnownActivity", "allowUnknownEngagement", "maxPoliticalEngagement",
        "contentWeight", "exposureWeight", "proximityWeight", "metrics", "alpha", "samples", "epsilon", "delta", "exactBetweennessMaxAccounts", "seed",
    ];

    /// <summary>The question a guest list answers, as shown in the result.</summary>
    public const string Question = "Which accounts, invited together, reach the most people — can about twenty non-political influencers reach a majority?";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapGuestListApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/guest-lists").WithTags("Guest lists");
        group.MapPost("/", CreateGuestList).WithName("CreateGuestList").RequireReadKey()
            .Accepts<GuestListRequestDto>("application/json")
            .WithSummary("Choose the accounts that together reach the most people")
            .WithDescription("""
                Chooses `size` accounts (default 20) among the eligible ones (the influencer query's matches — not political, active, influential — or every account with eligible=all) that together reach the most people.
                objective=audience (default): accounts reached within `hops` hops (1..6; 1 and 2 chosen exactly, 3..6 with UltraLogLog (HyperLogLog-type) sketches of `registers` registers and an estimated certificate; the reach reported is always exact), the guests included; lazy greedy (CELF), which reaches at least 1 - 1/e of the optimum, with a certificate: an upper bound on what the best list of this size reaches, stated as "this list reaches at least X% of what the best possible list of this size reaches".
                objective=spread: expected accounts reached under the Independent Cascade model (weighted cascade: a follower passes a followee's post on with probability 1/its followees count), optimised with reverse-reachable sets (OPIM-C), estimated on an independent sample with its interval and the certified approximation ratio.
                Every pick carries its marginal gain, cumulative reach and share of the graph, the earlier pick it overlaps most with, its influencer signals and a reason. The result also values the plain top-`size` influencers the same way, and says how many picks reach 25% and a majority of the graph.
                Answers 200 with the list (JSON, or CSV with format=csv: one row per pick) and a Location to GET it again; 202 with a job when the influencer signals or the optimisation are long. Unknown body fields or query parameters are a 400 naming them.
                """)
            .Produces<GuestListDto>(StatusCodes.Status200OK)
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((op, _, _) => { Document(op, post: true); return Task.CompletedTask; });
        group.MapGet("/{id}", GetGuestList).WithName("GetGuestList").RequireReadKey().CacheGraphResponse()
            .WithSummary("A guest list computed earlier")
            .WithDescription("The result of an earlier POST (its id, or the job's result link), as JSON or CSV (format=csv). Results live in the server's computation cache (in memory); an evicted one answers 404: POST again.")
            .Produces<GuestListDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((op, _, _) => { Document(op, post: false); return Task.CompletedTask; });
        return app;
    }

    /// <summary>Computes a guest list.</summary>
    public static async Task<IResult> CreateGuestList([Description("Graph name.")] string graph,
        [FromQuery(Name = "format"), Description("json (default) or csv (one row per pick).")] string? format, [AsParameters] GraphVersionQuery at,
        HttpContext context, GraphCatalog catalog, GuestListService service, ComputationService computations)
    {
        if (CheckQuery(context.Request, "format", "version", "asOf") is { } bad) return bad;
        if (Format(context) is not { } csv) return ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{context.Request.Query["format"]}').");
        if (at.Select(catalog, graph, out var state) is { } badGraph) return badGraph;

        JsonElement body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            string text = await reader.ReadToEndAsync(context.RequestAborted);
            body = string.IsNullOrWhiteSpace(text) ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(text, StrictBody).RootElement;
        }
        catch (JsonException e) { return ApiProblems.InvalidParameter("body", $"The body is not valid JSON: {e.Message}"); }
        if (body.ValueKind != JsonValueKind.Object) return ApiProblems.InvalidParameter("body", "The body must be a JSON object such as {\"size\": 20}.");

        GuestListRequest request;
        try { request = Parse(body); }
        catch (BodyException e) { return ApiProblems.InvalidParameter(e.Field, e.Message); }
        catch (GuestListInputException e) { return Problem(e); }

        // Cheap checks before any job: the accounts must exist.
        try
        {
            foreach (var (field, list) in new[] { ("include", request.Include), ("exclude", request.Exclude) })
            {
                var unknown = list.Where(a => !state.Snapshot.TryGetNode(a, out _)).Distinct().ToList();
                if (unknown.Count > 0)
                    throw new GuestListInputException(field, $"{field}: unknown account{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(a => "'" + a + "'"))} in graph '{state.Name}'.", unknown);
            }
        }
        catch (GuestListInputException e) { return Problem(e); }

        var (computation, id) = service.Request(state, request);
        string link = $"/graphs/{Uri.EscapeDataString(state.Name)}/guest-lists/{id}";
        ComputationOutcome<GuestListReport> outcome;
        try { outcome = await computations.GetAsync(computation, link); }
        catch (GuestListInputException e) { return Problem(e); }
        catch (ArgumentException e) { return ApiProblems.InvalidParameter(FieldOf(e.ParamName), Clean(e)); }
        if (outcome.Job is { } job) return RankingsEndpoints.Accepted(context, job.ToStatus());
        context.Response.Headers.Location = link;
        return csv ? new GuestListCsvResult(outcome.Result!) : TypedResults.Ok(ToDto(id, outcome.Result!));
    }

    /// <summary>Returns a stored guest list.</summary>
    public static IResult GetGuestList([Description("Graph name.")] string graph, [Description("Result id.")] string id,
        [FromQuery(Name = "format"), Description("json (default) or csv (one row per pick).")] string? format, HttpContext context, GraphCatalog catalog, GuestListService service, ComputationService computations)
    {
        if (CheckQuery(context.Request, "format") is { } bad) return bad;
        if (Format(context) is not { } csv) return ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{context.Request.Query["format"]}').");
        if (catalog.Get(graph) is null) return ApiProblems.GraphNotFound(graph);
        if (service.Find(graph, id) is not { } stored)
            return ApiProblems.Of(ProblemKind.NotFound, $"No guest list '{id}' for graph '{graph}' (ids live in memory: the last {GuestListService.Retained} requests).", ("id", id));
        if (stored.Report is null)
        {
            if (computations.RunningJob(stored.Key) is { } running) return RankingsEndpoints.Accepted(context, running.ToStatus());
            return ApiProblems.Of(ProblemKind.NotFound, $"The guest list '{id}' is no longer cached; POST the request again.", ("id", id));
        }
        return csv ? new GuestListCsvResult(stored.Report) : TypedResults.Ok(ToDto(id, stored.Report));
    }

    private static IResult? CheckQuery(HttpRequest request, params string[] accepted)
    {
        var unknown = request.Query.Keys.Where(k => !accepted.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? null
            : ApiProblems.InvalidParameter(unknown[0], $"Unknown query parameter{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(k => "'" + k + "'"))}: the query parameters here are {string.Join(", ", accepted)}{(accepted.Length > 1 ? " (format: json or csv; version/asOf: which version of the graph)" : " (json or csv)")}; the options go in the JSON body.");
    }

    private static bool? Format(HttpContext context) => context.Request.Query["format"].ToString().ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        "" => RankingsEndpoints.PrefersCsv(context.Request),
        _ => null,
    };

    private static IResult Problem(GuestListInputException e) => e.Accounts.Count > 0
        ? ApiProblems.Of(ProblemKind.InvalidParameter, e.Message, ("parameter", e.Field), ("accounts", e.Accounts))
        : ApiProblems.InvalidParameter(e.Field, e.Message);

    private sealed class BodyException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>Reads the body into a request, naming the field of the first problem.</summary>
    private static GuestListRequest Parse(JsonElement body)
    {
        Unknown(body, KnownFields, "");
        var request = new GuestListRequest();
        string? eligible = null;
        bool hopsGiven = false;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "size": request = request with { Size = Int(p.Value, "size") }; break;
                case "objective":
                    request = request with
                    {
                        Objective = Str(p.Value, "objective").ToLowerInvariant() switch
                        {
                            "audience" => GuestListObjective.Audience,
                            "spread" => GuestListObjective.Spread,
                            var o => throw new BodyException("objective", $"objective must be 'audience' or 'spread' (got '{o}')."),
                        },
                    };
                    break;
                case "hops": request = request with { Hops = Int(p.Value, "hops") }; hopsGiven = true; break;
                case "eligible":
                    eligible = Str(p.Value, "eligible").ToLowerInvariant();
                    if (eligible is not ("all" or "influencers")) throw new BodyException("eligible", $"eligible must be 'influencers' or 'all' (got '{eligible}').");
                    request = request with { EligibleAll = eligible == "all" };
                    break;
                case "include": request = request with { Include = Accounts(p.Value, "include") }; break;
                case "exclude": request = request with { Exclude = Accounts(p.Value, "exclude") }; break;
                case "maxPerSphere": request = request with { MaxPerSphere = Int(p.Value, "maxPerSphere") }; break;
                case "registers": request = request with { Registers = Int(p.Value, "registers") }; break;
            }
        }
        if (body.TryGetProperty("influencers", out var inf))
        {
            if (request.EligibleAll) throw new BodyException("influencers", "influencers (the eligibility query) contradicts eligible=all: give one or the other.");
            request = request with { Eligibility = ParseInfluencers(inf) };
        }
        if (body.TryGetProperty("spread", out var spread))
        {
            if (request.Objective != GuestListObjective.Spread) throw new BodyException("spread", "spread options apply to objective=spread only.");
            request = request with { Spread = ParseSpread(spread) };
        }
        if (hopsGiven && request.Objective != GuestListObjective.Audience) throw new BodyException("hops", "hops applies to objective=audience only (spread follows the whole cascade).");
        if (request.Size < 1) throw new BodyException("size", $"size must be >= 1 (got {request.Size}).");
        if (request.MaxPerSphere is < 1) throw new BodyException("maxPerSphere", $"maxPerSphere must be >= 1 (got {request.MaxPerSphere}).");
        if (request.MaxPerSphere is not null && request.Objective != GuestListObjective.Audience)
            throw new BodyException("maxPerSphere", "maxPerSphere applies to objective=audience only (the spread certificate assumes no constraint).");
        if (request.Objective == GuestListObjective.Audience && request.Hops is < 1 or > Core.GuestList.GuestLists.MaxHops)
            throw new BodyException("hops", $"hops must be in 1..{Core.GuestList.GuestLists.MaxHops} (got {request.Hops}).");
        if (body.TryGetProperty("registers", out _) && (request.Objective != GuestListObjective.Audience || request.Hops < 3))
            throw new BodyException("registers", "registers (of the HyperLogLog sketches) applies to objective=audience with hops >= 3 only; hops 1 and 2 are exact.");
        var both = request.Include.Intersect(request.Exclude, StringComparer.Ordinal).ToList();
        if (both.Count > 0) throw new GuestListInputException("exclude", $"{string.Join(", ", both.Select(a => "'" + a + "'"))} {(both.Count == 1 ? "is" : "are")} both included and excluded.", both);
        return request;
    }

    private static SpreadOptions ParseSpread(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new BodyException("spread", "spread must be an object such as {\"epsilon\": 0.1}.");
        Unknown(e, KnownSpreadFields, "spread.");
        var o = new SpreadOptions();
        foreach (var p in e.EnumerateObject())
        {
            string f = "spread." + p.Name;
            o = p.Name switch
            {
                "model" => o with { Probability = ParseModel(Str(p.Value, f)) },
                "probability" => o with { UniformProbability = Num(p.Value, f) },
                "epsilon" => o with { Epsilon = Num(p.Value, f) },
                "delta" => o with { Delta = Num(p.Value, f) },
                "seed" => o with { Seed = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out long s) && s >= 0 ? (ulong)s : throw new BodyException(f, $"{f} must be an integer >= 0.") },
                _ => o,
            };
        }
        if (e.TryGetProperty("probability", out _) && o.Probability != CascadeProbability.Uniform)
            throw new BodyException("spread.probability", "spread.probability applies to model=uniform only.");
        try { o.Validate(); }
        catch (ArgumentException ex) { throw new BodyException("spread." + FieldOf(ex.ParamName), Clean(ex)); }
        return o;
    }

    private static CascadeProbability ParseModel(string s)
    {
        try { return Core.GuestList.GuestLists.ParseModel(s); }
        catch (ArgumentException e) { throw new BodyException("spread.model", Clean(e)); }
    }

    private static InfluencerQuery ParseInfluencers(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new BodyException("influencers", "influencers must be an object such as {\"minInfluencePercentile\": 90}.");
        Unknown(e, KnownInfluencerFields, "influencers.");
        var d = new InfluencerQuery();
        var sd = new SignalOptions();
        var q = d;
        double content = d.EngagementWeights.Content, exposure = d.EngagementWeights.Exposure, proximity = d.EngagementWeights.Proximity;
        var signals = sd;
        foreach (var p in e.EnumerateObject())
        {
            string f = "influencers." + p.Name;
            switch (p.Name)
            {
                case "minInfluencePercentile": q = q with { MinInfluencePercentile = Num(p.Value, f) }; break;
                case "minActivityPercentile": q = q with { MinActivityPercentile = Num(p.Value, f) }; break;
                case "minPosts": q = q with { MinPosts = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out long mp) ? mp : throw new BodyException(f, $"{f} must be an integer.") }; break;
                case "requireKnownActivity": q = q with { RequireKnownActivity = Bool(p.Value, f) }; break;
                case "allowUnknownEngagement": q = q with { AllowUnknownEngagement = Bool(p.Value, f) }; break;
                case "maxPoliticalEngagement": q = q with { MaxPoliticalEngagement = Num(p.Value, f) }; break;
                case "contentWeight": content = Num(p.Value, f); break;
                case "exposureWeight": exposure = Num(p.Value, f); break;
                case "proximityWeight": proximity = Num(p.Value, f); break;
                case "metrics":
                    try { q = q with { Metrics = Str(p.Value, f).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(InfluencerQuery.ParseMetric).ToList() }; }
                    catch (ArgumentException ex) { throw new BodyException(f, Clean(ex)); }
                    break;
                case "alpha": signals = signals with { Alpha = Num(p.Value, f) }; break;
                case "samples": signals = signals with { BetweennessSamples = Int(p.Value, f) }; break;
                case "epsilon": signals = signals with { BetweennessEpsilon = Num(p.Value, f) }; break;
                case "delta": signals = signals with { BetweennessDelta = Num(p.Value, f) }; break;
                case "exactBetweennessMaxAccounts": signals = signals with { ExactBetweennessMaxAccounts = Int(p.Value, f) }; break;
                case "seed": signals = signals with { BetweennessSeed = Int(p.Value, f) }; break;
            }
        }
        if (e.TryGetProperty("minPosts", out _) && e.TryGetProperty("minActivityPercentile", out _))
            throw new BodyException("influencers.minPosts", "influencers.minPosts and influencers.minActivityPercentile contradict each other: minPosts replaces the percentile; give one.");
        q = q with { EngagementWeights = new EngagementWeights(content, exposure, proximity), Signals = signals, Top = 0 };
        try { q.Validate(); }
        catch (ArgumentException ex) { throw new BodyException("influencers." + FieldOf(ex.ParamName), Clean(ex)); }
        return q;
    }

    private static void Unknown(JsonElement obj, string[] known, string prefix)
    {
        var unknown = obj.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw new BodyException(prefix + unknown[0], $"Unknown field{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => "'" + prefix + u + "'"))}; known: {string.Join(", ", known)}.");
        var dup = obj.EnumerateObject().GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new BodyException(prefix + dup.Key, $"Field '{prefix}{dup.Key}' is given twice.");
    }

    private static int Int(JsonElement v, string f) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new BodyException(f, $"{f} must be an integer (got {v.GetRawText()}).");

    private static double Num(JsonElement v, string f) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : throw new BodyException(f, $"{f} must be a number (got {v.GetRawText()}).");

    private static bool Bool(JsonElement v, string f) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new BodyException(f, $"{f} must be true or false (got {v.GetRawText()}).");

    private static string Str(JsonElement v, string f) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new BodyException(f, $"{f} must be a string (got {v.GetRawText()}).");

    private static IReadOnlyList<string> Accounts(JsonElement v, string f)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new BodyException(f, $"{f} must be an array of account handles.");
        var list = new List<string>();
        foreach (var x in v.EnumerateArray())
        {
            string s = x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new BodyException(f, $"{f} must hold account handles as strings (got {x.GetRawText()}).");
            s = s.Trim();
            if (s.StartsWith('@')) s = s[1..];
            if (!list.Contains(s, StringComparer.Ordinal)) list.Add(s);
        }
        return list;
    }

    private static string Clean(ArgumentException e)
    {
        string m = e.Message;
        int i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }

    private static string FieldOf(string? member) => member switch
    {
        null or "" => "body",
        "EngagementWeights.Content" or "EngagementWeights" => "contentWeight",
        "EngagementWeights.Exposure" => "exposureWeight",
        "EngagementWeights.Proximity" => "proximityWeight",
        "Metrics" or "MetricWeights" => "metrics",
        "BetweennessSamples" => "samples",
        "BetweennessEpsilon" => "epsilon",
        "BetweennessDelta" => "delta",
        "BetweennessSeed" => "seed",
        "Signals" => "alpha",
        "UniformProbability" => "probability",
        "probabilities" => "spread.model",
        _ => char.ToLowerInvariant(member[0]) + member[1..],
    };

    /// <summary>The API view of a report.</summary>
    public static GuestListDto ToDto(string id, GuestListReport r)
    {
        var q = r.Request;
        var picks = r.Picks.Select(p => new GuestPickDto(p.Rank, p.Account, p.Required, p.Eligible, p.Gain, p.Cumulative, p.Share, p.OverlapsMostWith, p.Overlap,
            p.InfluencerRank, p.Reason, p.Signals is null ? null : InfluencersEndpoints.ToDto(p.Signals), p.Sphere, p.SphereLabel)).ToList();
        var c = r.Certificate;
        var b = r.Baseline;
        var s = r.Spread;
        return new GuestListDto(id, r.Graph, r.Version, Question, q.Objective == GuestListObjective.Audience ? "audience" : "spread",
            q.Objective == GuestListObjective.Audience ? q.Hops : null, q.Size, q.EligibleAll ? "all" : "influencers", r.GraphAccounts, r.EligibleCount,
            r.Reached, r.Audience, r.Share,
            c is null ? null : new GuestListCertificateDto(c.Value, c.UpperBound, c.Ratio, c.Statement),
            b is null ? null : new GuestListBaselineDto(b.Accounts, b.Reached, b.Audience, b.Share, b.Lower, b.Upper, r.Reached - b.Reached),
            new MajorityDto(r.Majority.PicksForQuarter, r.Majority.PicksForHalf),
            s is null ? null : new SpreadDetailsDto(s.Model, s.Probability, s.Epsilon, s.Delta, s.Seed, s.RrSetsPerSample, s.RrSetsTotal, s.Rounds, s.InSampleEstimate, s.Lower, s.Upper, s.MemoryBytes),
            r.Evaluations, r.Milliseconds, picks, r.Notes, r.Flags, q.MaxPerSphere,
            (r.Spheres ?? []).Select(x => new SphereCoverageDto(x.Sphere, x.Label, x.Size, x.Reached, x.Share, x.Picks)).ToList(),
            r.Sketch is { } k ? new SketchDetailsDto(k.Registers, k.RelativeStandardError, k.EstimatedReached) : null);
    }

    private static void Document(OpenApiOperation op, bool post)
    {
        if (post && op.RequestBody is OpenApiRequestBody body && body.Content is { } content && content.TryGetValue("application/json", out var media))
        {
            media.Example = JsonNode.Parse("""{"size": 20, "objective": "audience", "hops": 2, "eligible": "influencers", "exclude": [], "influencers": {"minInfluencePercentile": 95}}""");
            media.Examples = new Dictionary<string, IOpenApiExample>
            {
                ["default"] = new OpenApiExample { Summary = "20 accounts, 2-hop audience, among the influencer matches", Value = JsonNode.Parse("""{"size": 20}""") },
                ["threeHops"] = new OpenApiExample { Summary = "3-hop audience, chosen with HyperLogLog sketches", Value = JsonNode.Parse("""{"size": 20, "hops": 3, "registers": 256}""") },
                ["spheres"] = new OpenApiExample { Summary = "20 accounts, at most 3 per sphere", Value = JsonNode.Parse("""{"size": 20, "maxPerSphere": 3}""") },
                ["everyone"] = new OpenApiExample { Summary = "every account eligible, 1-hop audience", Value = JsonNode.Parse("""{"size": 10, "eligible": "all", "hops": 1}""") },
                ["spread"] = new OpenApiExample { Summary = "Independent Cascade spread, weighted cascade", Value = JsonNode.Parse("""{"size": 20, "objective": "spread", "spread": {"model": "weighted-cascade", "epsilon": 0.1, "seed": 1}}""") },
            };
        }
        if (op.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse okr)
        {
            okr.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (okr.Content.TryGetValue("application/json", out var json)) json.Example = JsonNode.Parse(GuestListCsvResult.JsonExample);
            okr.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = GuestListCsvResult.Description },
                Example = JsonValue.Create(GuestListCsvResult.CsvExample),
            };
        }
        foreach (var prm in op.Parameters ?? [])
            if (prm is OpenApiParameter { Name: "format" } f)
                f.Description = "json (default) or csv (one row per pick; columns " + string.Join(",", GuestListColumns.Names) + "). Accept: text/csv works too.";
    }
}

/// <summary>A guest list as CSV (<see cref="GuestListColumns"/>), UTF-8 without BOM.</summary>
public sealed class GuestListCsvResult(GuestListReport report) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>What the OpenAPI document says of the CSV body.</summary>
    public const string Description = "One row per pick: rank, account, included, eligible, gain (accounts added), cumulative (reached so far), share (of the graph, 0..1), overlaps_most_with (earlier pick), overlap, influencer_rank, followers, reach (2-hop audience), posts, political_engagement, sphere (id), sphere_label, reason. RFC 4180 quoting; invariant culture; empty field = no value; UTF-8 without BOM.";

    /// <summary>A CSV example.</summary>
    public const string CsvExample = "rank,account,included,eligible,gain,cumulative,share,overlaps_most_with,overlap,influencer_rank,followers,reach,posts,political_engagement,sphere,sphere_label,reason\n"
        + "1,arou,false,true,1701,1701,0.567,,,4,232,1700,1851,0.1854,2,#seo #growthhacking,\"pick 1: adds 1,701 accounts, 1,701 reached in all (56.7% of the graph); first pick; influencer #4: ...\"\n";

    /// <summary>A JSON example (abridged).</summary>
    public const string JsonExample = """
        {"id": "3f2a9c0d1e2b4a5c", "graph": "default", "version": 1, "question": "Which accounts, invited together, reach the most people — can about twenty non-political influencers reach a majority?",
         "objective": "audience", "hops": 2, "size": 20, "eligible": "influencers", "graphAccounts": 3000, "eligibleCount": 19, "maxPerSphere": null,
         "reached": 2980, "audience": 2979, "share": 0.9933,
         "certificate": {"value": 2980, "upperBound": 2990, "ratio": 0.9966, "statement": "this list reaches at least 99.6% of what the best possible list of this size reaches (2,980 of at most 2,990 accounts)"},
         "baseline": {"accounts": ["arou"], "reached": 2978, "audience": 2977, "share": 0.9927, "lower": null, "upper": null, "guestListGain": 2},
         "majority": {"picksForQuarter": 1, "picksForMajority": 1}, "spread": null, "evaluations": 60, "elapsedMs": 3.1,
         "picks": [{"rank": 1, "account": "arou", "included": false, "eligible": true, "gain": 1701, "cumulative": 1701, "share": 0.567, "overlapsMostWith": null, "overlap": 0, "influencerRank": 4, "reason": "pick 1: adds 1,701 accounts, 1,701 reached in all (56.7% of the graph); first pick; influencer #4: ...; sphere 2 (#seo #growthhacking)", "signals": null, "sphere": 2, "sphereLabel": "#seo #growthhacking"}],
         "notes": [], "flags": [],
         "spheres": [{"sphere": 0, "label": "#politique #assemblee", "size": 610, "reached": 598, "share": 0.9803, "picks": 0}],
         "sketch": null}
        """;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        GuestListColumns.WriteCsv(report, text);
        await httpContext.Response.Body.WriteAsync(new UTF8Encoding(false).GetBytes(text.ToString()), httpContext.RequestAborted);
    }
}
