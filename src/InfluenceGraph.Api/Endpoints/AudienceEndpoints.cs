using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using nietras.SeparatedValues;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>
/// Who reaches whom: an account's followers and followees, its h-hop audience curve, the audience of a
/// set of accounts (union, unique audiences, overlap matrix) and the follower chains from one account
/// to another. Edges are <c>follower followee</c>; posts travel from a followee to its followers.
/// </summary>
public static class AudienceEndpoints
{
    /// <summary>Most hops the audience endpoints accept.</summary>
    public const int MaxHops = 6;

    /// <summary>Most accounts in a set.</summary>
    public const int MaxSetAccounts = 1000;

    /// <summary>Largest set that gets the overlap matrix.</summary>
    public const int MaxOverlapAccounts = 100;

    /// <summary>What a memory refusal of a set audience suggests.</summary>
    public const string SetAudienceMemoryHint =
        "fewer accounts in the set: each keeps up to n/8 bytes for the overlap matrix (more than 100 accounts skip the matrix)";

    /// <summary>Most chains <c>/paths</c> lists.</summary>
    public const int MaxPaths = 100;

    /// <summary>Maps the audience endpoints.</summary>
    public static IEndpointRouteBuilder MapAudienceApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/graphs/{graph}/accounts").WithTags("Audiences");
        foreach (var direction in new[] { NeighbourDirection.Followers, NeighbourDirection.Followees })
        {
            string name = direction == NeighbourDirection.Followers ? "followers" : "followees";
            accounts.MapGet("/{account}/" + name, ([Description("Graph name.")] string graph,
                    [Description("Account handle, percent-encoded ('/' as %2F); compared after trimming and Unicode NFC normalisation.")] string account,
                    [AsParameters] NeighbourQuery query, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog, IOptions<InfluenceGraphOptions> options) =>
                    GetNeighbours(graph, account, direction, query, context, catalog, options, at))
                .WithName(direction == NeighbourDirection.Followers ? "GetFollowers" : "GetFollowees").RequireReadKey().CacheGraphResponse()
                .WithSummary(direction == NeighbourDirection.Followers ? "List the accounts that follow an account" : "List the accounts an account follows")
                .WithDescription((direction == NeighbourDirection.Followers
                    ? "The account's followers: the accounts that see its posts directly (its 1-hop audience). "
                    : "The account's followees: the accounts whose posts it sees directly. ")
                    + """
                    Each row is the other account's handle and its followers count; most-followed first, then by handle, each account once (a duplicate edge lists it once).
                    Paged with limit/offset or the opaque nextCursor (stable for a graph version). JSON by default; CSV (header account,followers) with format=csv or 'Accept: text/csv'.
                    A handle with '/' must be sent with it percent-encoded as %2F.
                    """)
                .WithMetadata(StrictQueryMetadata.For<NeighbourQuery>())
                .AddOpenApiOperationTransformer((op, _, _) => Csv(op, "Header account,followers: the other account's handle and its followers count, one row per account; UTF-8 without BOM, RFC 4180 quoting.",
                    "account,followers\ncarol,1\nalice,0\n"))
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }
        accounts.MapGet("/{account}/audience", GetAudience).WithName("GetAudience").RequireReadKey().CacheGraphResponse()
            .WithSummary("The h-hop audience of an account")
            .WithDescription("""
                Every account that can see the account's posts within h hops (hops=1..6, default 2): its followers (hop 1), their followers (hop 2), and so on, the account itself excluded.
                Exact (a breadth-first search over the follower edges, cancelled when the client disconnects). The curve gives the new accounts at each hop, the cumulative count and its share of the graph's accounts; complete=true when more hops would add nobody.
                JSON by default; CSV (header hop,new,cumulative,share) with format=csv or 'Accept: text/csv'.
                """)
            .WithMetadata(StrictQueryMetadata.For<AudienceQuery>())
            .AddOpenApiOperationTransformer((op, _, _) => Csv(op, "Header hop,new,cumulative,share: one row per hop 1..h.", "hop,new,cumulative,share\n1,2,2,0.6666666666666666\n2,0,2,0.6666666666666666\n"))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var graphs = app.MapGroup("/graphs/{graph}").WithTags("Audiences");
        graphs.MapPost("/audience", PostSetAudience).WithName("GetSetAudience").RequireReadKey()
            .WithSummary("The audience of a set of accounts: union, unique audiences and overlap")
            .WithDescription("""
                Body {"accounts": [...], "hops": h}: 1..1000 handles (duplicates collapse) and hops 1..6 (default 2). Computes nothing persistent (a read, like the GET endpoints).
                Answers the union of the members' h-hop audiences (size and share of the graph; a member counts when another member reaches it), each member's own audience and unique audience (accounts it reaches and no other member reaches), the sum of the audiences (what adding them up would wrongly claim), and, for sets of at most 100 accounts, the pairwise overlap matrices (intersection size, Jaccard index, overlap coefficient).
                CSV (format=csv or 'Accept: text/csv'): the overlap matrix in long form a,b,intersection,jaccard,overlap (every ordered pair, diagonal included; an undefined ratio is an empty field), or with table=members one row per member: account,audience,share,unique,unique_share_of_audience.
                Unknown accounts: 400 naming every one of them (member 'unknown').
                """)
            .WithMetadata(StrictQueryMetadata.For<SetAudienceQuery>())
            .Accepts<AudienceSetRequest>("application/json")
            .AddOpenApiOperationTransformer((op, _, _) => Csv(op,
                "table=matrix (default): header a,b,intersection,jaccard,overlap, one row per ordered pair of members (k x k rows, diagonal included). table=members: header account,audience,share,unique,unique_share_of_audience. An undefined ratio is an empty field; UTF-8 without BOM.",
                "a,b,intersection,jaccard,overlap\nbob,bob,2,1,1\nbob,carol,1,0.3333333333333333,0.5\ncarol,bob,1,0.3333333333333333,0.5\ncarol,carol,2,1,1\n"))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        graphs.MapGet("/paths", GetPaths).WithName("GetPaths").RequireReadKey().CacheGraphResponse()
            .WithSummary("How one account's posts reach another")
            .WithDescription("""
                The shortest follower chains from 'from' (A) to 'to' (B): lists [A, x1, ..., B] where x1 follows A, x2 follows x1, ..., and B follows the one before it, so B sees A's posts through that many hops.
                Up to 'limit' chains (1..100, default 10) out of pathCount; hops is their length. When no chain exists: seesPosts=false, hops null, and the reason (A has no followers, B follows nobody, or B is outside A's whole audience, with its size).
                """)
            .WithMetadata(StrictQueryMetadata.For<PathQuery>())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Query of <c>GET /graphs/{graph}/accounts/{account}/audience</c>.</summary>
    public sealed record AudienceQuery
    {
        /// <summary>Hops h.</summary>
        [FromQuery(Name = "hops"), Description("Hops h, 1..6 (default 2): 1 = followers, 2 = followers and their followers, ...")]
        public int? Hops { get; init; }

        /// <summary>json or csv.</summary>
        [FromQuery(Name = "format"), Description("json (default) or csv (header hop,new,cumulative,share).")]
        public string? Format { get; init; }
    }

    /// <summary>Query of <c>POST /graphs/{graph}/audience</c>.</summary>
    public sealed record SetAudienceQuery
    {
        /// <summary>json or csv.</summary>
        [FromQuery(Name = "format"), Description("json (default) or csv; 'Accept: text/csv' also selects CSV.")]
        public string? Format { get; init; }

        /// <summary>Which CSV table.</summary>
        [FromQuery(Name = "table"), Description("CSV only: matrix (default; long form a,b,intersection,jaccard,overlap, sets of at most 100 accounts) or members (account,audience,share,unique,unique_share_of_audience).")]
        public string? Table { get; init; }
    }

    /// <summary>Query of <c>GET /graphs/{graph}/paths</c>.</summary>
    public sealed record PathQuery
    {
        /// <summary>A.</summary>
        [FromQuery(Name = "from"), Description("Handle of A, the account whose posts travel (required).")]
        public string? From { get; init; }

        /// <summary>B.</summary>
        [FromQuery(Name = "to"), Description("Handle of B, the account that may see them (required, not A).")]
        public string? To { get; init; }

        /// <summary>Most chains listed.</summary>
        [FromQuery(Name = "limit"), Description("Most chains to list, 1..100 (default 10).")]
        public int? Limit { get; init; }
    }

    /// <summary>Lists followers or followees.</summary>
    public static Results<Ok<NeighbourPage>, CsvTable, ProblemHttpResult> GetNeighbours(
        string graph, string account, NeighbourDirection direction, NeighbourQuery query, HttpContext context, GraphCatalog catalog, IOptions<InfluenceGraphOptions> options,
        GraphVersionQuery? at = null)
    {
        if ((at ?? new GraphVersionQuery()).Select(catalog, graph, out var state) is { } badGraph) return badGraph;
        account = AccountFromPath(context, account);
        var g = state.Snapshot;
        var lookup = AccountsEndpoints.Lookup(context, g, account);
        if (lookup.Node is not int node) return ApiProblems.AccountLookupFailed(graph, lookup);
        if (Format(query.Format, context) is not bool csv) return BadFormat(query.Format);

        string name = direction == NeighbourDirection.Followers ? "followers" : "followees";
        string key = string.Join("\u001f", MetricService.GraphKey(state), name, node.ToString(CultureInfo.InvariantCulture));
        int offset = query.Offset ?? 0;
        if (offset < 0) return ApiProblems.InvalidParameter("offset", $"offset must be >= 0 (got {offset}).");
        if (query.Cursor is { } cursor)
        {
            if (query.Offset is not null) return ApiProblems.InvalidParameter("cursor", "Give offset or cursor, not both.");
            if (!RankingCursor.TryDecode(cursor, key, out offset, out bool stale))
                return ApiProblems.InvalidParameter("cursor", "The cursor is not one this API issued (pass nextCursor unchanged).");
            if (stale)
                return ApiProblems.Of(ProblemKind.CursorStale,
                    $"The cursor belongs to another version of graph '{state.Name}' (now version {state.Version}) or to another list. Start again without a cursor.",
                    ("parameter", "cursor"), ("version", state.Version));
        }
        int maxPage = options.Value.MaxPageSize;
        if (query.Limit is int l && (l < 1 || l > maxPage)) return ApiProblems.InvalidParameter("limit", $"limit must be in 1..{maxPage} (got {l}).");

        var list = Neighbours.List(g, node, direction);
        int start = Math.Min(offset, list.Length);
        int count = Math.Min(query.Limit ?? (csv ? int.MaxValue : 100), list.Length - start);
        SetVersion(context, state);
        if (csv)
            return new CsvTable(["account", "followers"], list.Skip(start).Take(count).Select(v => new[] { g.Accounts[v], Int(g.InDegreeOf(v)) }));
        var rows = list.Skip(start).Take(count).Select(v => new NeighbourRow(g.Accounts[v], g.InDegreeOf(v))).ToList();
        string? next = start + count < list.Length ? RankingCursor.Encode(key, start + count) : null;
        return TypedResults.Ok(new NeighbourPage(state.Name, state.Version, g.Accounts[node], name, list.Length, start, rows, next));
    }

    /// <summary>The h-hop audience curve of one account.</summary>
    public static Results<Ok<AudienceResponse>, CsvTable, ProblemHttpResult> GetAudience(
        [Description("Graph name.")] string graph,
        [Description("Account handle, percent-encoded ('/' as %2F).")] string account,
        [AsParameters] AudienceQuery query, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog)
    {
        if (at.Select(catalog, graph, out var state) is { } badGraph) return badGraph;
        account = AccountFromPath(context, account);
        var g = state.Snapshot;
        var lookup = AccountsEndpoints.Lookup(context, g, account);
        if (lookup.Node is not int node) return ApiProblems.AccountLookupFailed(graph, lookup);
        int hops = query.Hops ?? 2;
        if (hops is < 1 or > MaxHops) return ApiProblems.InvalidParameter("hops", $"hops must be in 1..{MaxHops} (got {hops}).");
        if (Format(query.Format, context) is not bool csv) return BadFormat(query.Format);

        var curve = Audiences.Of(g, node, hops, context.RequestAborted);
        var points = Enumerable.Range(0, hops).Select(i => new AudienceHop(i + 1, curve.NewPerHop[i], curve.Cumulative[i], curve.ShareAt(i))).ToList();
        SetVersion(context, state);
        if (csv)
            return new CsvTable(["hop", "new", "cumulative", "share"], points.Select(p => new[] { Int(p.Hop), Int(p.New), Int(p.Cumulative), Num(p.Share) }));
        return TypedResults.Ok(new AudienceResponse(state.Name, state.Version, g.Accounts[node], hops, g.NodeCount, curve.Size,
            curve.ShareAt(hops - 1), curve.IsComplete, curve.CompletenessReason, points));
    }

    /// <summary>The audience of a set of accounts.</summary>
    public static async Task<Results<Ok<AudienceSetResponse>, CsvTable, ProblemHttpResult>> PostSetAudience(
        [Description("Graph name.")] string graph, [AsParameters] SetAudienceQuery query, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog)
    {
        if (at.Select(catalog, graph, out var state) is { } badGraph) return badGraph;
        if (Format(query.Format, context) is not bool csv) return BadFormat(query.Format);
        bool membersTable = false;
        switch (query.Table?.ToLowerInvariant())
        {
            case null or "matrix": break;
            case "members": membersTable = true; break;
            default: return ApiProblems.InvalidParameter("table", $"table must be 'matrix' or 'members' (got '{query.Table}').");
        }
        if (query.Table is not null && !csv) return ApiProblems.InvalidParameter("table", "table applies to CSV output only (add format=csv); JSON carries both the members and the matrix.");

        var (request, problem) = await ReadSetRequest(context);
        if (problem is not null) return problem;
        var g = state.Snapshot;
        var nodes = new List<int>();
        var unknownAccounts = new List<string>();
        foreach (string a in request!.Accounts!)
        {
            if (g.TryGetNode(a, out int v)) nodes.Add(v);
            else unknownAccounts.Add(a);
        }
        if (unknownAccounts.Count > 0)
        {
            string shown = string.Join(", ", unknownAccounts.Take(20).Select(a => "'" + a + "'")) + (unknownAccounts.Count > 20 ? $" and {unknownAccounts.Count - 20} more" : "");
            return ApiProblems.Of(ProblemKind.InvalidParameter,
                $"Graph '{graph}' has no account{(unknownAccounts.Count == 1 ? "" : "s")} {shown} (accounts must be handles of the graph; compared after trimming and Unicode NFC normalisation, case-sensitively).",
                ("parameter", "accounts"), ("unknown", unknownAccounts.ToArray()));
        }
        int hops = request.Hops ?? 2;
        int distinct = nodes.Distinct().Count();
        if (csv && !membersTable && distinct > MaxOverlapAccounts)
            return ApiProblems.InvalidParameter("accounts", $"The overlap matrix is computed for at most {MaxOverlapAccounts} accounts (got {distinct} distinct); ask table=members or JSON for the union and unique audiences.");

        var ct = context.RequestAborted;
        var setOptions = new SetAudienceOptions { OverlapLimit = MaxOverlapAccounts };
        // Refused before it starts (507) when the estimate does not fit in the memory left to the server.
        InfluenceGraph.Core.Metrics.MemoryBudget.Check(
            string.Create(CultureInfo.InvariantCulture, $"audience of {distinct:N0} accounts on graph '{state.Name}' ({g.NodeCount:N0} accounts, {g.EdgeCount:N0} follows)"),
            SetAudiences.EstimateMemoryBytes(g, distinct, hops, setOptions),
            context.RequestServices.GetRequiredService<Services.Computations.ComputationService>().AvailableMemoryBytes,
            SetAudienceMemoryHint);
        var r = await Task.Run(() => SetAudiences.Compute(g, nodes, hops, setOptions, ct), ct);
        SetVersion(context, state);
        int n = g.NodeCount;
        double Share(int x) => n == 0 ? 0 : (double)x / n;
        var names = r.Members.Select(v => g.Accounts[v]).ToList();
        if (csv && membersTable)
            return new CsvTable(["account", "audience", "share", "unique", "unique_share_of_audience"], Enumerable.Range(0, names.Count).Select(i => new[]
            {
                names[i], Int(r.AudienceSizes[i]), Num(Share(r.AudienceSizes[i])), Int(r.UniqueSizes[i]),
                r.AudienceSizes[i] == 0 ? "" : Num((double)r.UniqueSizes[i] / r.AudienceSizes[i]),
            }));
        if (csv)
            return new CsvTable(["a", "b", "intersection", "jaccard", "overlap"],
                from i in Enumerable.Range(0, names.Count)
                from j in Enumerable.Range(0, names.Count)
                select new[] { names[i], names[j], Int(r.Intersection(i, j)), Opt(r.Jaccard(i, j)), Opt(r.OverlapCoefficient(i, j)) });

        var members = Enumerable.Range(0, names.Count).Select(i => new AudienceMemberDto(names[i], r.AudienceSizes[i], Share(r.AudienceSizes[i]),
            r.UniqueSizes[i], r.AudienceSizes[i] == 0 ? null : (double)r.UniqueSizes[i] / r.AudienceSizes[i])).ToList();
        AudienceOverlapDto? overlap = null;
        if (r.HasOverlap)
        {
            var idx = Enumerable.Range(0, names.Count).ToList();
            overlap = new AudienceOverlapDto(names,
                idx.Select(i => (IReadOnlyList<int>)idx.Select(j => r.Intersection(i, j)).ToList()).ToList(),
                idx.Select(i => (IReadOnlyList<double?>)idx.Select(j => r.Jaccard(i, j)).ToList()).ToList(),
                idx.Select(i => (IReadOnlyList<double?>)idx.Select(j => r.OverlapCoefficient(i, j)).ToList()).ToList());
        }
        var notes = new List<string>();
        int duplicates = nodes.Count - r.Members.Count;
        if (duplicates > 0) notes.Add($"{duplicates} duplicate account{(duplicates == 1 ? "" : "s")} collapsed; {r.Members.Count} distinct.");
        if (!r.HasOverlap) notes.Add($"The overlap matrix is computed for at most {MaxOverlapAccounts} accounts; this set has {r.Members.Count}.");
        return TypedResults.Ok(new AudienceSetResponse(state.Name, state.Version, hops, n, r.UnionSize, r.UnionShare, r.UnionWithMembersSize,
            r.AudienceSizes.Sum(x => (long)x), members, overlap, notes));
    }

    /// <summary>Shortest follower chains from one account to another.</summary>
    public static Results<Ok<PathResponse>, ProblemHttpResult> GetPaths(
        [Description("Graph name.")] string graph, [AsParameters] PathQuery query, [AsParameters] GraphVersionQuery at, HttpContext context, GraphCatalog catalog)
    {
        if (at.Select(catalog, graph, out var state) is { } badGraph) return badGraph;
        if (string.IsNullOrWhiteSpace(query.From)) return ApiProblems.InvalidParameter("from", "from is required: the handle of the account whose posts travel.");
        if (string.IsNullOrWhiteSpace(query.To)) return ApiProblems.InvalidParameter("to", "to is required: the handle of the account that may see them.");
        int limit = query.Limit ?? 10;
        if (limit is < 1 or > MaxPaths) return ApiProblems.InvalidParameter("limit", $"limit must be in 1..{MaxPaths} (got {limit}).");
        var g = state.Snapshot;
        var fromLookup = AccountLookup.Find(g, query.From);
        if (fromLookup.Node is not int from) return ApiProblems.AccountLookupFailed(graph, fromLookup, "from");
        var toLookup = AccountLookup.Find(g, query.To);
        if (toLookup.Node is not int to) return ApiProblems.AccountLookupFailed(graph, toLookup, "to");
        if (from == to) return ApiProblems.InvalidParameter("to", $"from and to are the same account ('{g.Accounts[from]}'); an account's own posts are not part of its audience.");

        var r = FollowerPaths.Find(g, from, to, limit, context.RequestAborted);
        SetVersion(context, state);
        var paths = r.Chains.Select(c => (IReadOnlyList<string>)c.Select(v => g.Accounts[v]).ToList()).ToList();
        return TypedResults.Ok(new PathResponse(state.Name, state.Version, g.Accounts[from], g.Accounts[to], r.Found, r.Found ? r.Hops : null,
            r.PathCount, paths, r.PathCount > paths.Count, r.Reason));
    }

    private static async Task<(AudienceSetRequest? Request, ProblemHttpResult? Problem)> ReadSetRequest(HttpContext context)
    {
        static (AudienceSetRequest?, ProblemHttpResult?) Bad(string parameter, string detail) => (null, ApiProblems.InvalidParameter(parameter, detail));
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
            return (null, ApiProblems.Of(ProblemKind.UnsupportedMediaType, $"The body must be JSON (Content-Type: application/json), got '{contentType ?? "none"}'.", ("supported", new[] { "application/json" })));
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(context.Request.Body, GuestListEndpoints.StrictBody, context.RequestAborted); }
        catch (JsonException e) { return Bad("body", $"The body is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Bad("body", "The body must be a JSON object such as {\"accounts\": [\"alice\", \"bob\"], \"hops\": 2}.");
            List<string>? accounts = null;
            int? hops = null;
            foreach (var p in root.EnumerateObject())
            {
                if (p.NameEquals("accounts") || string.Equals(p.Name, "accounts", StringComparison.OrdinalIgnoreCase))
                {
                    if (p.Value.ValueKind != JsonValueKind.Array) return Bad("accounts", "accounts must be an array of account handles (strings).");
                    accounts = [];
                    int i = 0;
                    foreach (var item in p.Value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                            return Bad($"accounts[{i}]", $"accounts[{i}] must be a non-empty string (an account handle), got {item.ValueKind.ToString().ToLowerInvariant()} {Truncate(item.GetRawText())}.");
                        accounts.Add(item.GetString()!);
                        i++;
                    }
                }
                else if (string.Equals(p.Name, "hops", StringComparison.OrdinalIgnoreCase))
                {
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int h))
                        return Bad("hops", $"hops must be an integer in 1..{MaxHops} (got {Truncate(p.Value.GetRawText())}).");
                    hops = h;
                }
                else return Bad(p.Name, $"Unknown property '{p.Name}' in the body; it takes 'accounts' and 'hops'.");
            }
            if (accounts is null) return Bad("accounts", "accounts is required: an array of 1..1000 account handles.");
            if (accounts.Count == 0) return Bad("accounts", "accounts is empty: give 1..1000 account handles.");
            if (accounts.Count > MaxSetAccounts) return Bad("accounts", $"accounts has {accounts.Count} entries; at most {MaxSetAccounts} are accepted.");
            if (hops is < 1 or > MaxHops) return Bad("hops", $"hops must be in 1..{MaxHops} (got {hops}).");
            return (new AudienceSetRequest { Accounts = accounts, Hops = hops }, null);
        }
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "...";

    /// <summary>
    /// The handle of the <c>{account}</c> segment as the client percent-encoded it: taken from the raw
    /// request target and fully decoded (the server leaves %2F encoded in route values).
    /// </summary>
    private static string AccountFromPath(HttpContext context, string routeValue)
    {
        string? raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            int q = raw.IndexOf('?');
            var segments = (q >= 0 ? raw[..q] : raw).Split('/');
            // "", "graphs", graph, "accounts", handle, "followers" | "followees" | "audience"
            if (segments.Length == 6 && segments[1] == "graphs" && segments[3] == "accounts")
                return Uri.UnescapeDataString(segments[4]);
        }
        return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    private static bool? Format(string? format, HttpContext context) => format?.ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        null => RankingsEndpoints.PrefersCsv(context.Request),
        _ => null,
    };

    private static ProblemHttpResult BadFormat(string? format) =>
        ApiProblems.InvalidParameter("format", $"format must be 'json' or 'csv' (got '{format}').");

    private static void SetVersion(HttpContext context, GraphState state) =>
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(CultureInfo.InvariantCulture);

    private static string Int(long x) => x.ToString(CultureInfo.InvariantCulture);
    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    private static string Opt(double? x) => x is double d ? Num(d) : "";

    private static Task Csv(OpenApiOperation op, string description, string example)
    {
        if (op.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse okr)
        {
            okr.Content ??= new Dictionary<string, OpenApiMediaType>();
            okr.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description },
                Example = JsonValue.Create(example),
            };
            okr.Headers ??= new Dictionary<string, IOpenApiHeader>();
            okr.Headers[RankingsEndpoints.VersionHeader] = new OpenApiHeader { Description = "Graph version the answer belongs to.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A small CSV table for <c>pandas.read_csv</c>: a header line, comma separated, RFC 4180 quoting,
/// invariant culture, UTF-8 without BOM, LF line ends; written in chunks.
/// </summary>
/// <param name="header">Column names.</param>
/// <param name="rows">Rows of already formatted fields, one per column.</param>
public sealed class CsvTable(IReadOnlyList<string> header, IEnumerable<string[]> rows) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => "text/csv; charset=utf-8";

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Header => header;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        var body = httpContext.Response.Body;
        var ct = httpContext.RequestAborted;
        var text = new StringWriter(CultureInfo.InvariantCulture);
        bool any = false;
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text))
        {
            int count = 0;
            foreach (var fields in rows)
            {
                any = true;
                using (var row = writer.NewRow())
                    for (int i = 0; i < header.Count; i++) row[header[i]].Set(fields[i]);
                if (++count % 4096 == 0) await Flush(text, body, ct);
            }
            if (!any) text.Write(string.Join(',', header) + "\n");
        }
        await Flush(text, body, ct);
    }

    private static async Task Flush(StringWriter text, Stream body, CancellationToken ct)
    {
        var sb = text.GetStringBuilder();
        if (sb.Length == 0) return;
        byte[] bytes = Utf8NoBom.GetBytes(sb.ToString());
        sb.Clear();
        await body.WriteAsync(bytes, ct);
    }
}
