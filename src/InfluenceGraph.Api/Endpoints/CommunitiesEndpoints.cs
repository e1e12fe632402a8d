using System.Globalization;
using System.Text;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Communities;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/communities</c>: the spheres (Leiden communities) of a graph and what each one is.</summary>
public static class CommunitiesEndpoints
{
    private static readonly string[] AlgorithmParameters = ["resolution", "seed", "objective", "directed", "maxIterations", "tolerance"];

    /// <summary>Maps the communities endpoints.</summary>
    public static IEndpointRouteBuilder MapCommunitiesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/communities").WithTags("Communities");
        group.MapGet("/", GetCommunities).WithName("GetCommunities").RequireReadKey().CacheGraphResponse().WithMetadata(StrictQueryMetadata.For<CommunityListParameters>())
            .WithSummary("List the spheres (communities) of the follower network")
            .WithDescription("""
                Leiden communities (Traag, Waltman and van Eck 2019) of the follower network, by default maximising modularity (γ = 1) on the undirected view: two accounts are tied when either follows the other, a mutual follow weighs 2, self-loops are dropped. Every sphere is connected; the same seed gives the same spheres.
                Each sphere: id (0 = largest), label, size and share of the graph, internal edge share (follow edges that stay inside / all its follow edges), political accounts (is_political) and politically engaged accounts with their shares, its most over-represented topics/hashtags with counts and the count expected at the graph's rate, its top accounts by PageRank, its influencer candidates (default influencer query), and the spheres it exchanges most follow edges with (both directions).
                Paged (top/offset), JSON or CSV. On a large graph not computed yet the answer is 202 with the job computing it.
                """)
            .WithMetadata(new CsvResponseMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/membership", GetMembership).WithName("GetCommunityMembership").RequireReadKey().CacheGraphResponse().WithMetadata(StrictQueryMetadata.For<CommunityMembershipParameters>())
            .WithSummary("Every account's sphere (account,community), for a notebook to join")
            .WithDescription("CSV by default: header account,community, one row per account sorted by handle (ordinal). format=json gives the same rows as items. Same parameters as the sphere list; the same parameters give the same ids.")
            .WithMetadata(new CsvResponseMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:int}", GetCommunity).WithName("GetCommunity").RequireReadKey().CacheGraphResponse().WithMetadata(StrictQueryMetadata.For<CommunityDetailParameters>())
            .WithSummary("Describe one sphere")
            .WithDescription("One sphere of GET /graphs/{graph}/communities (same parameters, same ids) with its profile.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Lists the spheres.</summary>
    public static async Task<Results<Ok<SpherePage>, SphereCsvResult, Accepted<JobStatus>, ProblemHttpResult>> GetCommunities(
        [AsParameters] CommunityListParameters q, HttpContext context, GraphCatalog catalog, CommunityService communities, InfluenceService influence,
        IOptions<InfluenceGraphOptions> options)
    {
        if (Unknown(context, [.. AlgorithmParameters, "top", "offset", "format"]) is { } unknown) return unknown;
        if (catalog.Get(q.Graph) is not { } state) return ApiProblems.GraphNotFound(q.Graph);
        bool csv;
        switch (q.Format?.ToLowerInvariant())
        {
            case "csv": csv = true; break;
            case "json": csv = false; break;
            case null: csv = RankingsEndpoints.PrefersCsv(context.Request); break;
            default: return ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{q.Format}').");
        }
        if (q.Offset < 0) return ApiProblems.InvalidParameter("offset", $"offset must be >= 0 (got {q.Offset}).");
        int maxPage = options.Value.MaxPageSize;
        if (q.Top is int t && (t < 1 || (!csv && t > maxPage)))
            return ApiProblems.InvalidParameter("top", csv ? $"top must be >= 1 (got {t})." : $"top must be in 1..{maxPage} (got {t}).");
        var (leiden, echo, problem) = Parse(q);
        if (problem is not null) return problem;
        var got = await Resolve(context, state, leiden!, communities, influence, profiles: true);
        if (got.Accepted is { } accepted) return accepted;
        var (result, spheres) = (got.Result!, got.Spheres!);
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);
        int offset = Math.Min(q.Offset ?? 0, spheres.Count);
        int count = Math.Min(q.Top ?? (csv ? int.MaxValue : 20), spheres.Count - offset);
        var page = spheres.Skip(offset).Take(count).ToList();
        if (csv) return new SphereCsvResult(page);
        return TypedResults.Ok(new SpherePage(state.Name, state.Version, echo!, Partition(result), spheres.Count, offset, page,
            offset + count < spheres.Count ? offset + count : null));
    }

    /// <summary>Describes one sphere.</summary>
    public static async Task<Results<Ok<SphereDetailDto>, Accepted<JobStatus>, ProblemHttpResult>> GetCommunity(
        [AsParameters] CommunityDetailParameters q, HttpContext context, GraphCatalog catalog, CommunityService communities, InfluenceService influence)
    {
        if (Unknown(context, AlgorithmParameters) is { } unknown) return unknown;
        if (catalog.Get(q.Graph) is not { } state) return ApiProblems.GraphNotFound(q.Graph);
        var (leiden, echo, problem) = Parse(q);
        if (problem is not null) return problem;
        var got = await Resolve(context, state, leiden!, communities, influence, profiles: true);
        if (got.Accepted is { } accepted) return accepted;
        if (q.Id < 0 || q.Id >= got.Spheres!.Count)
            return ApiProblems.Of(ProblemKind.NotFound, $"Graph '{state.Name}' has {got.Spheres!.Count} spheres with these parameters (ids 0..{got.Spheres.Count - 1}); there is no sphere {q.Id}.",
                ("parameter", "id"));
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(new SphereDetailDto(state.Name, state.Version, echo!, Partition(got.Result!), got.Spheres[q.Id]));
    }

    /// <summary>Every account's sphere.</summary>
    public static async Task<Results<Ok<MembershipPage>, MembershipCsvResult, Accepted<JobStatus>, ProblemHttpResult>> GetMembership(
        [AsParameters] CommunityMembershipParameters q, HttpContext context, GraphCatalog catalog, CommunityService communities, InfluenceService influence)
    {
        if (Unknown(context, [.. AlgorithmParameters, "format"]) is { } unknown) return unknown;
        if (catalog.Get(q.Graph) is not { } state) return ApiProblems.GraphNotFound(q.Graph);
        bool csv = q.Format?.ToLowerInvariant() switch { null or "csv" => true, "json" => false, _ => (bool?)null } is bool b ? b : false;
        if (q.Format is not null && q.Format.ToLowerInvariant() is not ("csv" or "json"))
            return ApiProblems.InvalidParameter("format", $"format must be 'csv' or 'json' (got '{q.Format}').");
        var (leiden, echo, problem) = Parse(q);
        if (problem is not null) return problem;
        var got = await Resolve(context, state, leiden!, communities, influence, profiles: false);
        if (got.Accepted is { } accepted) return accepted;
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);
        var g = state.Snapshot;
        var rows = Enumerable.Range(0, g.NodeCount).OrderBy(v => g.Accounts[v], StringComparer.Ordinal)
            .Select(v => new MembershipRow(g.Accounts[v], got.Result!.Membership[v])).ToList();
        if (csv) return new MembershipCsvResult(rows);
        return TypedResults.Ok(new MembershipPage(state.Name, state.Version, echo!, Partition(got.Result!), rows));
    }

    /// <summary>
    /// The sphere of each account under the default parameters (as a lookup by node id), when the
    /// partition is cached or cheap and the influence signals are given; null otherwise.
    /// </summary>
    public static async Task<Func<int, AccountSphereDto>?> DefaultSphereLookupAsync(GraphState state, CommunityService communities, InfluenceSignals? signals)
    {
        var o = new LeidenOptions();
        if (signals is null || communities.IsLong(state, o) || communities.RunningJob(state, o) is not null) return null;
        var r = communities.TryGetCached(state, o) ?? await communities.GetOrComputeAsync(state, o);
        var spheres = await communities.ProfilesAsync(state, o, r, signals);
        return v => { var s = spheres[r.Membership[v]]; return new AccountSphereDto(s.Id, s.Label, s.Size, s.PoliticalShare); };
    }

    private static PartitionDto Partition(CommunityResult r) =>
        new(r.Count, ContractMapping.Finite(r.Modularity), ContractMapping.Finite(r.Quality), r.Iterations, r.Converged, r.StoppedBy);

    private static ProblemHttpResult? Unknown(HttpContext context, string[] allowed)
    {
        bool waits = context.GetEndpoint()?.Metadata.GetMetadata<Hosting.JobWaitMetadata>() is not null; // wait=SECONDS (JobWait)
        foreach (var key in context.Request.Query.Keys)
            if (!allowed.Contains(key, StringComparer.Ordinal) && !(waits && key == Hosting.JobWait.Parameter))
                return ApiProblems.InvalidParameter(key, $"'{key}' is not a parameter of this endpoint; use {string.Join(", ", allowed)}.");
        return null;
    }

    private static (LeidenOptions? Options, SortedDictionary<string, object>? Echo, ProblemHttpResult? Problem) Parse(CommunityAlgorithmParameters q)
    {
        var d = new LeidenOptions();
        CommunityObjective objective;
        switch (q.Objective?.ToLowerInvariant())
        {
            case null or "modularity": objective = CommunityObjective.Modularity; break;
            case "cpm": objective = CommunityObjective.Cpm; break;
            default: return (null, null, ApiProblems.InvalidParameter("objective", $"objective must be 'modularity' or 'cpm' (got '{q.Objective}')."));
        }
        if (q.Seed is < 0) return (null, null, ApiProblems.InvalidParameter("seed", $"seed must be >= 0 (got {q.Seed})."));
        var o = new LeidenOptions
        {
            Objective = objective,
            Resolution = q.Resolution ?? d.Resolution,
            Directed = q.Directed ?? false,
            Seed = q.Seed is long s ? (ulong)s : d.Seed,
            MaxIterations = q.MaxIterations ?? d.MaxIterations,
            Tolerance = q.Tolerance ?? d.Tolerance,
        };
        try { o.Validate(); }
        catch (ArgumentException e)
        {
            string name = e.ParamName switch { "MaxIterations" => "maxIterations", "Tolerance" => "tolerance", "Directed" => "directed", _ => "resolution" };
            string m = e.Message; int i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
            return (null, null, ApiProblems.InvalidParameter(name, i > 0 ? m[..i] : m));
        }
        var echo = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["objective"] = objective == CommunityObjective.Cpm ? "cpm" : "modularity",
            ["resolution"] = o.Resolution,
            ["directed"] = o.Directed,
            ["seed"] = (long)o.Seed,
            ["maxIterations"] = o.MaxIterations,
            ["tolerance"] = o.Tolerance,
        };
        return (o, echo, null);
    }

    private sealed record Resolved(CommunityResult? Result, IReadOnlyList<SphereProfile>? Spheres, Accepted<JobStatus>? Accepted);

    private static async Task<Resolved> Resolve(HttpContext context, GraphState state, LeidenOptions o, CommunityService communities, InfluenceService influence, bool profiles)
    {
        string link = context.Request.Path + context.Request.QueryString;
        var result = communities.TryGetCached(state, o);
        if (result is null)
        {
            if (communities.RunningJob(state, o) is { } running) return new(null, null, RankingsEndpoints.Accepted(context, running.ToStatus()));
            if (communities.IsLong(state, o)) return new(null, null, RankingsEndpoints.Accepted(context, communities.StartJob(state, o, link).ToStatus()));
            result = await communities.GetOrComputeAsync(state, o);
        }
        if (!profiles) return new(result, null, null);
        var signalOptions = new SignalOptions();
        string signalKey = InfluenceService.KeyOf(state, signalOptions);
        var signals = influence.TryGetCached(signalKey);
        if (signals is null)
        {
            if (influence.RunningJob(signalKey) is { } running) return new(null, null, RankingsEndpoints.Accepted(context, running.ToStatus()));
            if (influence.IsLong(state, signalOptions))
                return new(null, null, RankingsEndpoints.Accepted(context, influence.StartJob(state, signalOptions, link).ToStatus()));
            signals = await influence.GetOrComputeAsync(state, signalOptions);
        }
        return new(result, await communities.ProfilesAsync(state, o, result, signals), null);
    }
}

/// <summary>Spheres as CSV, one row per sphere; list columns joined with ';'.</summary>
public sealed class SphereCsvResult(IReadOnlyList<SphereProfile> spheres) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>The header.</summary>
    public const string Header = "id,label,size,share,internal_edges,edges_out,edges_in,internal_edge_share,political_accounts,political_share,engaged_accounts,engaged_share,topics,top_accounts,candidates,links";

    /// <summary>What the OpenAPI document says of the CSV body.</summary>
    public static string Description => "Header " + Header + "; topics as topic:accounts:expected; top_accounts as account:pagerank rank; links as community:edges out:edges in; lists joined with ';'; empty field = unknown; invariant culture; UTF-8 without BOM.";

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <summary>Writes the rows.</summary>
    public static void Write(IEnumerable<SphereProfile> spheres, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        static string Q(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        w.Write(Header + "\n");
        foreach (var s in spheres)
        {
            w.Write(string.Join(",",
                s.Id.ToString(inv), Q(s.Label), s.Size.ToString(inv), s.Share.ToString("R", inv),
                s.InternalEdges.ToString(inv), s.EdgesOut.ToString(inv), s.EdgesIn.ToString(inv), s.InternalEdgeShare?.ToString("R", inv) ?? "",
                s.PoliticalAccounts.ToString(inv), s.PoliticalShare.ToString("R", inv), s.EngagedAccounts?.ToString(inv) ?? "", s.EngagedShare?.ToString("R", inv) ?? "",
                Q(string.Join(";", s.Topics.Select(t => string.Create(inv, $"{t.Topic}:{t.Accounts}:{t.Expected:0.##}")))),
                Q(string.Join(";", s.TopAccounts.Select(a => string.Create(inv, $"{a.Account}:{a.Rank}")))),
                Q(string.Join(";", s.Candidates)),
                Q(string.Join(";", s.Links.Select(l => string.Create(inv, $"{l.Community}:{l.EdgesOut}:{l.EdgesIn}"))))) + "\n");
        }
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(spheres, text);
        await httpContext.Response.Body.WriteAsync(new UTF8Encoding(false).GetBytes(text.ToString()), httpContext.RequestAborted);
    }
}

/// <summary>The membership as CSV: <c>account,community</c>.</summary>
public sealed class MembershipCsvResult(IReadOnlyList<MembershipRow> rows) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var sb = new StringBuilder("account,community\n");
        foreach (var r in rows)
        {
            string a = r.Account.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + r.Account.Replace("\"", "\"\"") + "\"" : r.Account;
            sb.Append(a).Append(',').Append(r.Community.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        await httpContext.Response.Body.WriteAsync(new UTF8Encoding(false).GetBytes(sb.ToString()), httpContext.RequestAborted);
    }
}
