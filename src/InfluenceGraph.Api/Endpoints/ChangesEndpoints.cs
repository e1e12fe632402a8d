using InfluenceGraph.Api.Hosting;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Changes;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Endpoints;

/// <summary>Query of <c>GET /graphs/{graph}/changes</c>.</summary>
public sealed record ChangesQuery
{
    /// <summary>Graph name.</summary>
    [FromRoute(Name = "graph"), Description("Graph name.")]
    public required string Graph { get; init; }

    /// <summary>The metric ranked on both sides.</summary>
    [FromQuery(Name = "metric"), Description("Metric ranked on both sides (GET /metrics), with its default options; e.g. pagerank, followers.")]
    public string? Metric { get; init; }

    /// <summary>The earlier side.</summary>
    [FromQuery(Name = "from"), Description("The earlier side: a version number (GET /graphs/{graph}/versions), or a time — ISO 8601 date or date-time, or epoch seconds (an integer of 100000000 or more) — meaning the last version committed at or before it.")]
    public string? From { get; init; }

    /// <summary>The later side.</summary>
    [FromQuery(Name = "to"), Description("The later side, as for 'from' (default: the latest version of the graph, or of toGraph).")]
    public string? To { get; init; }

    /// <summary>Another graph for the later side.</summary>
    [FromQuery(Name = "toGraph"), Description("Compare with this other graph instead (its version 'to', default its latest); accounts are matched by handle.")]
    public string? ToGraph { get; init; }

    /// <summary>RBO persistence.</summary>
    [FromQuery(Name = "p"), Description("Rank-biased overlap persistence p in (0, 1), default 0.9 (the top 10 ranks carry about 86% of the weight).")]
    public double? P { get; init; }

    /// <summary>Depth of entrants/leavers.</summary>
    [FromQuery(Name = "top"), Description("Depth k of the top-k entrants and leavers lists, 1..1000 (default 10).")]
    public int? Top { get; init; }

    /// <summary>Movers per list.</summary>
    [FromQuery(Name = "limit"), Description("JSON: how many risers and how many fallers (1..10000, default 20). CSV always lists every account in both sides.")]
    public int? Limit { get; init; }

    /// <summary>Add the influencer verdict diff.</summary>
    [FromQuery(Name = "influencers"), Description("true: also compare the influencer verdicts (default filters of GET /graphs/{graph}/influencers): who became a candidate and who stopped being one, with the signal that changed and its numbers on both sides (JSON only; computes the influencer signals of both sides).")]
    public bool? Influencers { get; init; }

    /// <summary>json or csv.</summary>
    [FromQuery(Name = "format"), Description("json (default) or csv (the movers: account,rank_from,rank_to,rank_gain,score_from,score_to,followers_from,followers_to,reason, by rank gain descending); 'Accept: text/csv' also selects CSV.")]
    public string? Format { get; init; }
}

/// <summary>One recorded version of a graph.</summary>
/// <param name="Version">Version number.</param>
/// <param name="CommittedAt">When it was committed (UTC).</param>
/// <param name="BatchId">The import batch that made it (GET /graphs/{graph}/imports), or null.</param>
/// <param name="Kind">What made it: edges, accounts, publish (the demo graph), or current (the current version of a graph created before history was kept).</param>
/// <param name="Accounts">Accounts in that version.</param>
/// <param name="Edges">Follows in that version.</param>
public sealed record VersionRow(long Version, DateTimeOffset CommittedAt, long? BatchId, string Kind, int Accounts, long Edges);

/// <summary>The versions of a graph.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Current">The current (latest) version.</param>
/// <param name="Items">Every recorded version, oldest first.</param>
public sealed record VersionList(string Graph, long Current, IReadOnlyList<VersionRow> Items);

/// <summary>One side of a comparison.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Version compared.</param>
/// <param name="Accounts">Accounts in it.</param>
/// <param name="Edges">Follows in it.</param>
/// <param name="AsOf">When the side is the network as it stood at a time (a graph with edge times): that time (UTC), else null.</param>
public sealed record ChangeSide(string Graph, long Version, int Accounts, long Edges, DateTimeOffset? AsOf = null)
{
    /// <summary>The side of <paramref name="s"/>.</summary>
    public static ChangeSide Of(GraphState s) => new(s.Name, s.Version, s.Snapshot.NodeCount, s.Snapshot.EdgeCount,
        s.AsOf is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null);
}

/// <summary>The answer of <c>/changes</c> when both sides are the same network (e.g. a graph with one version and no edge times): nothing to compare, said plainly.</summary>
/// <param name="Metric">Metric asked for.</param>
/// <param name="From">The earlier side.</param>
/// <param name="To">The later side (the same network).</param>
/// <param name="Versions">Recorded versions of the graph.</param>
/// <param name="HasEdgeTimes">Whether the graph's edges carry times (then from/to may be any times).</param>
/// <param name="Note">What to do to get a comparison.</param>
public sealed record ChangesNotice(string Metric, ChangeSide From, ChangeSide To, int Versions, bool HasEdgeTimes, string Note);

/// <summary>Kendall's τ-b with its counts.</summary>
/// <param name="Value">τ-b in [-1, 1] over the accounts in both sides (ties as scipy.stats.kendalltau), null when undefined.</param>
/// <param name="PValue">Two-sided p-value (normal approximation), null when undefined.</param>
/// <param name="Accounts">Accounts in both sides (the pairs).</param>
public sealed record KendallTauBSummary(double? Value, double? PValue, int Accounts);

/// <summary>Rank-biased overlap of the two full rankings.</summary>
/// <param name="P">Persistence.</param>
/// <param name="Min">Lower bound (nothing more shared past the lists' ends).</param>
/// <param name="Max">Upper bound.</param>
/// <param name="Residual">Max − min.</param>
/// <param name="Extrapolated">Point estimate RBO_ext (Webber et al. 2010, equation 32).</param>
public sealed record RboSummary(double P, double? Min, double? Max, double? Residual, double? Extrapolated);

/// <summary>The comparison of a metric's ranking between two versions or graphs.</summary>
/// <param name="Metric">Metric compared.</param>
/// <param name="From">The earlier side.</param>
/// <param name="To">The later side.</param>
/// <param name="KendallTauB">Kendall's τ-b over the accounts in both.</param>
/// <param name="Rbo">Rank-biased overlap.</param>
/// <param name="TopOverlap">Top-10, 50 and 100 overlap (accounts shared, share).</param>
/// <param name="Risers">The largest rank gains.</param>
/// <param name="Fallers">The largest rank losses, largest first.</param>
/// <param name="Entrants">Accounts that entered the top k.</param>
/// <param name="Leavers">Accounts that left the top k.</param>
/// <param name="TopK">k.</param>
/// <param name="Influencers">With influencers=true: who became an influencer candidate and who stopped being one (at most 'limit' of each, explained), else null.</param>
public sealed record ChangesResponse(string Metric, ChangeSide From, ChangeSide To, KendallTauBSummary KendallTauB, RboSummary Rbo,
    IReadOnlyList<TopOverlap> TopOverlap, IReadOnlyList<RankMove> Risers, IReadOnlyList<RankMove> Fallers,
    IReadOnlyList<RankMove> Entrants, IReadOnlyList<RankMove> Leavers, int TopK, VerdictChanges? Influencers = null);

/// <summary>What a <c>/changes</c> computation produces: the ranking comparison and, when asked, the verdict diff.</summary>
/// <param name="Ranking">The ranking comparison.</param>
/// <param name="Verdicts">The influencer verdict diff, or null.</param>
public sealed record ChangesComputation(RankingComparison Ranking, VerdictChanges? Verdicts);

/// <summary><c>/graphs/{graph}/versions</c> and <c>/graphs/{graph}/changes</c>: the versions of a graph, and what changed between two of them.</summary>
public static class ChangesEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}").WithTags("Changes");
        group.MapGet("/versions", GetVersions).WithName("GetVersions").RequireReadKey().CacheGraphResponse()
            .WithSummary("List the recorded versions of a graph")
            .WithDescription("Every version committed since the store began keeping history (each import, including replace batches, makes one), oldest first, with its time, batch and size. Old versions are rebuilt from the store on demand (they survive restarts); the four most recently used old versions stay in memory.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/changes", GetChanges).WithName("GetChanges").RequireReadKey().CacheGraphResponse()
            .WithSummary("Compare a metric's ranking between two versions (or two graphs): who rose, who fell, and how similar the rankings are")
            .WithDescription("""
                Summary: Kendall's tau-b over the accounts present in both sides (ties as scipy.stats.kendalltau, with its asymptotic p-value), rank-biased overlap of the two full rankings (Webber, Moffat & Zobel 2010: min, max, residual, extrapolated; rankings are total orders, tied scores ordered by handle), and the top-10/50/100 overlap.
                Movers: accounts in both sides by rank gain (risers) and loss (fallers), entrants and leavers of the top k, each with rank, score and followers on both sides and a reason built from those numbers.
                A side not yet computed may run as a job: 202 with the job's location, then repeat the request.
                When both sides are the same network (e.g. a graph with one version and no edge times) the 200 is a notice instead, not an error and not a comparison that would read as "no change": {"metric", "from", "to", "versions", "hasEdgeTimes", "note"}.
                from/to may be times: on a graph imported with edge times (timeColumn), the network as it stood then (edges with a time at or before it); otherwise the last version committed by then.
                influencers=true adds the influencer verdict diff: who became a candidate and who stopped being one, each with the signal that changed and its numbers on both sides.
                """)
            .WithMetadata(new CsvResponseMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The versions of a graph.</summary>
    public static Results<Ok<VersionList>, ProblemHttpResult> GetVersions([FromRoute(Name = "graph"), Description("Graph name.")] string graph, GraphCatalog catalog)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        var rows = catalog.Versions(graph).Select(v => new VersionRow(v.Version, v.CommittedAt, v.BatchId, v.Kind, v.Accounts, v.Edges)).ToList();
        return TypedResults.Ok(new VersionList(graph, state.Version, rows));
    }

    /// <summary>Compares the rankings.</summary>
    public static async Task<Results<Ok<ChangesResponse>, JsonHttpResult<ChangesNotice>, ChangesCsvResult, Accepted<JobStatus>, ProblemHttpResult>> GetChanges(
        [AsParameters] ChangesQuery q, HttpContext context, GraphCatalog catalog, MetricCatalog registry, ComputationService computations,
        Services.Influence.InfluenceService influence)
    {
        if (catalog.Get(q.Graph) is null) return ApiProblems.GraphNotFound(q.Graph);
        if (string.IsNullOrWhiteSpace(q.Metric)) return ApiProblems.InvalidParameter("metric", "metric is required: the metric to rank on both sides (GET /metrics lists them).");
        if (registry.Find(q.Metric) is not { } metric) return ApiProblems.MetricNotFound(q.Metric, registry.Names);
        if (string.IsNullOrWhiteSpace(q.From)) return ApiProblems.InvalidParameter("from", "from is required: a version number or a time (ISO 8601, or epoch seconds).");
        double p = q.P ?? 0.9;
        if (!(p > 0 && p < 1)) return ApiProblems.InvalidParameter("p", $"p must be in (0, 1), got {p.ToString(CultureInfo.InvariantCulture)}.");
        int top = q.Top ?? 10;
        if (top is < 1 or > 1000) return ApiProblems.InvalidParameter("top", $"top must be in 1..1000, got {top}.");
        int limit = q.Limit ?? 20;
        if (limit is < 1 or > 10000) return ApiProblems.InvalidParameter("limit", $"limit must be in 1..10000, got {limit}.");
        bool csv = q.Format switch
        {
            null => PagedResponse.PrefersCsv(context.Request),
            _ when q.Format.Equals("csv", StringComparison.OrdinalIgnoreCase) => true,
            _ when q.Format.Equals("json", StringComparison.OrdinalIgnoreCase) => false,
            _ => (bool?)null,
        } ?? false;
        if (q.Format is not null && !q.Format.Equals("csv", StringComparison.OrdinalIgnoreCase) && !q.Format.Equals("json", StringComparison.OrdinalIgnoreCase))
            return ApiProblems.InvalidParameter("format", $"format must be json or csv, got '{q.Format}'.");

        string toGraphName = q.ToGraph ?? q.Graph;
        if (catalog.Get(toGraphName) is null) return q.ToGraph is null ? ApiProblems.GraphNotFound(q.Graph) : ApiProblems.InvalidParameter("toGraph", $"No graph named '{q.ToGraph}'.");
        if (Resolve(catalog, q.Graph, q.From, "from", out var fromState) is { } badFrom) return badFrom;
        if (Resolve(catalog, toGraphName, q.To, "to", out var toState) is { } badTo) return badTo;

        if (q.ToGraph is null && ReferenceEquals(fromState, toState) || (fromState!.Name == toState!.Name && fromState.Version == toState.Version && fromState.AsOf == toState.AsOf && fromState.CreatedAt == toState.CreatedAt))
            return TypedResults.Json(Notice(catalog, metric.Name, fromState!, toState!)); // 200, documented in the description (one schema per status)

        var args = MetricArguments.Of([]);
        MetricRequest reqFrom, reqTo;
        try { reqFrom = MetricService.Prepare(fromState!, metric, args); reqTo = MetricService.Prepare(toState!, metric, args); }
        catch (MetricArgumentException e) { return ApiProblems.InvalidParameter(e.Parameter, e.Message); }

        bool verdicts = q.Influencers == true;
        if (verdicts && csv) return ApiProblems.InvalidParameter("influencers", "influencers=true applies to JSON (the CSV lists the ranking movers).");
        var signalOptions = new InfluenceGraph.Core.Influence.SignalOptions();
        var signalsFrom = verdicts ? influence.Request(fromState, signalOptions) : null;
        var signalsTo = verdicts ? influence.Request(toState, signalOptions) : null;
        string key = ComputationRequest.KeyOf(toState!, "changes", reqFrom.Key, reqTo.Key, p, top, verdicts ? $"verdicts:{signalsFrom!.Key}:{limit}" : "");
        int steps = verdicts ? 4 : 2;
        var request = new ComputationRequest<ChangesComputation>("changes", toState!, key,
            MetricService.Work(reqFrom) + MetricService.Work(reqTo) + (signalsFrom?.Work ?? 0) + (signalsTo?.Work ?? 0),
            async ctx =>
            {
                var a = await ctx.StepAsync(reqFrom.Computation, 0, steps);
                var b = await ctx.StepAsync(reqTo.Computation, 1, steps);
                var ranking = RankingComparer.Compare(a.Result, b.Result, p, top);
                if (!verdicts) return new ChangesComputation(ranking, null);
                var sa = await ctx.StepAsync(signalsFrom!, 2, steps);
                var sb = await ctx.StepAsync(signalsTo!, 3, steps);
                return new ChangesComputation(ranking, VerdictDiff.Compare(sa, sb, null, limit));
            })
        {
            StepName = "changes",
            // the comparison itself (both rankings' own memory is checked when each is computed)
            MemoryBytes = RankingComparer.EstimateMemoryBytes(fromState.Snapshot.NodeCount, toState.Snapshot.NodeCount),
            MemoryHint = "compare fewer accounts (a smaller graph or version); the comparison keeps about 850 B per account of both sides",
        };
        var outcome = await computations.GetAsync(request, context.Request.Path + context.Request.QueryString);
        if (outcome.Job is { } job) return PagedResponse.Accepted(context, job.ToStatus());
        var c = outcome.Result!.Ranking;
        context.Response.Headers[PagedResponse.VersionHeader] = toState!.Version.ToString(CultureInfo.InvariantCulture);
        if (csv) return new ChangesCsvResult(c.Moves);

        static double? F(double x) => double.IsFinite(x) ? x : null;
        var risers = c.Moves.Where(m => m.RankGain > 0).Take(limit).ToList();
        var fallers = c.Moves.Where(m => m.RankGain < 0).Reverse().Take(limit).ToList();
        return TypedResults.Ok(new ChangesResponse(metric.Name,
            ChangeSide.Of(fromState!), ChangeSide.Of(toState),
            new KendallTauBSummary(F(c.KendallTauB.TauB), F(c.KendallTauB.PValue), c.AccountsInBoth),
            new RboSummary(p, F(c.Rbo.Min), F(c.Rbo.Max), F(c.Rbo.Residual), F(c.Rbo.Extrapolated)),
            c.TopOverlaps, risers, fallers, c.Entrants, c.Leavers, c.TopK, outcome.Result!.Verdicts));
    }

    /// <summary>The note for two sides that are the same network.</summary>
    internal static ChangesNotice Notice(GraphCatalog catalog, string metric, GraphState from, GraphState to)
    {
        int versions = catalog.Versions(from.Name).Count;
        bool timed = from.Snapshot.HasEdgeTimes;
        string note = versions <= 1 && !timed
            ? $"Nothing to compare: graph '{from.Name}' has one version ({from.Version}) and its edges carry no times. Import again (every import makes a version; GET /graphs/{from.Name}/versions lists them), or import the edges with their time column (timeColumn=) and give from as a time."
            : $"Nothing to compare: from and to are the same network (graph '{from.Name}' version {from.Version}{(from.AsOf is { } t ? $" as of {DateTimeOffset.FromUnixTimeSeconds(t):O}" : "")}). The graph has {versions} version(s){(timed ? " and edge times: give from as an earlier time" : "")}.";
        return new ChangesNotice(metric, ChangeSide.Of(from), ChangeSide.Of(to), versions, timed, note);
    }

    /// <summary>Reads a side (see <see cref="VersionSpec"/>); a 400 naming <paramref name="parameter"/> when it names no recorded version.</summary>
    internal static ProblemHttpResult? Resolve(GraphCatalog catalog, string graph, string? text, string parameter, out GraphState? state) =>
        VersionSpec.TryResolve(catalog, graph, text, out state) is { } error ? ApiProblems.InvalidParameter(parameter, $"{parameter}: {error}") : null;
}

/// <summary>The movers of a comparison as CSV: one row per account in both sides, by rank gain descending.</summary>
public sealed class ChangesCsvResult(IReadOnlyList<RankMove> moves) : IResult
{
    /// <summary>Writes the CSV (UTF-8 without BOM, invariant culture, RFC 4180 quoting).</summary>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "text/csv; charset=utf-8";
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        MoversCsv.Write(sw, moves);
        await httpContext.Response.WriteAsync(sw.ToString(), new UTF8Encoding(false));
    }
}
