using InfluenceGraph.Api.Hosting;
using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfluenceGraph.Api.Endpoints;

/// <summary><c>/graphs/{graph}/accounts/{account}</c>: one account with every metric.</summary>
public static class AccountsEndpoints
{
    /// <summary>Maps the account endpoint.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graphs/{graph}/accounts").WithTags("Accounts");
        group.MapGet("/{**account}", GetAccount).WithName("GetAccount").RequireReadKey().CacheGraphResponse()
            .WithSummary("Describe an account")
            .WithDescription("""
                Imported attributes, follower and followee counts, and every metric (default options) with the account's score, rank and percentile; its sphere (GET /graphs/{graph}/communities, default parameters); and its verdict: whether it is an influencer candidate under the default query and, if not, which threshold excluded it with the numbers ("why not?").
                Metrics too costly to compute within a request and not cached yet are listed with status not_computed: POST /graphs/{graph}/analyses computes them.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// Looks a typed handle up (<see cref="AccountLookup"/>: exact, without a leading '@', or the only
    /// handle equal ignoring case) and, when one account matched, names it in the
    /// <see cref="ApiProblems.MatchedAccountHeader"/> response header (percent-encoded UTF-8).
    /// </summary>
    internal static AccountLookupResult Lookup(HttpContext context, GraphSnapshot graph, string typed)
    {
        var result = AccountLookup.Find(graph, typed);
        if (result.Found) context.Response.Headers[ApiProblems.MatchedAccountHeader] = Uri.EscapeDataString(result.Handle!);
        return result;
    }

    /// <summary>
    /// The account handle as the client percent-encoded it. The server decodes every escape of a path
    /// except <c>%2F</c> (so that it cannot split segments), which left a handle with '/' unreachable:
    /// the handle is taken from the raw request target and each of its segments fully decoded
    /// ('/' may be sent as <c>%2F</c> or literally: the route is a catch-all). Without a raw target,
    /// the route value with <c>%2F</c> decoded.
    /// </summary>
    internal static string AccountFromPath(HttpContext context, string? routeValue)
    {
        string? raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            int q = raw.IndexOf('?');
            var segments = (q >= 0 ? raw[..q] : raw).Split('/');
            // "", "graphs", graph, "accounts", handle segments...
            if (segments.Length >= 5 && segments[1] == "graphs" && segments[3] == "accounts")
                return string.Join('/', segments.Skip(4).Select(Uri.UnescapeDataString));
        }
        return (routeValue ?? "").Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Describes one account.</summary>
    public static async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> GetAccount(
        [Description("Graph name.")] string graph,
        [Description("Account handle, percent-encoded (a '/' in a handle as %2F or literally, '%' as %25, a space as %20; UTF-8); compared after trimming and Unicode NFC normalisation; a leading '@' is ignored and a handle differing only by case is used when it is the only one (header Matched-Account; several: 409 with the candidates).")] string? account,
        [AsParameters] GraphVersionQuery at,
        HttpContext context, GraphCatalog catalog, MetricCatalog registry, MetricService metrics,
        Services.Influence.InfluenceService influence, Services.Communities.CommunityService communities)
    {
        account = AccountFromPath(context, account);
        if (at.Select(catalog, graph, out var state) is { } badGraph) return badGraph;
        if (account.Length == 0) return ApiProblems.AccountNotFound(graph, account);
        var g = state.Snapshot;
        var lookup = Lookup(context, g, account);
        bool inGraph = lookup.Found;
        int node = lookup.Node ?? -1;
        string handle = inGraph ? lookup.Handle! : account.Trim().Normalize();
        // An account with imported attributes but no follows is not a node: found by its exact handle (or without '@').
        var attributes = inGraph ? state.AttributesOf(node)
            : state.Attributes.GetValueOrDefault(handle) ?? state.Attributes.GetValueOrDefault(handle = handle.TrimStart('@'));
        if (!inGraph && attributes is null) return ApiProblems.AccountLookupFailed(graph, lookup);

        var list = new List<AccountMetric>();
        if (inGraph)
        {
            foreach (var metric in registry.All)
            {
                var request = MetricService.Prepare(state, metric, MetricArguments.Empty);
                var computed = metrics.TryGetCached(request);
                if (computed is null && !metrics.IsLong(request) && metrics.RunningJob(request) is null)
                {
                    try { computed = await metrics.GetOrComputeAsync(request); }
                    catch (AnalysisMemoryException) { } // would not fit in memory now: listed as not_computed
                }
                list.Add(computed is null
                    ? new AccountMetric(metric.Name, "not_computed", null, null, null)
                    : new AccountMetric(metric.Name, "computed", ContractMapping.Finite(computed.Result.Scores[node]),
                        computed.Result.RankOf(node), computed.Result.PercentileOf(node)));
            }
        }
        AccountSphereDto? sphere = null;
        VerdictDto? verdict = null;
        if (inGraph)
        {
            // The sphere needs the influence signals (sphere labels, PageRank): cached, or cheap enough to compute now.
            var signalOptions = new InfluenceGraph.Core.Influence.SignalOptions();
            var signals = influence.TryGetCached(Services.Influence.InfluenceService.KeyOf(state, signalOptions));
            if (signals is null && !influence.IsLong(state, signalOptions) && influence.RunningJob(Services.Influence.InfluenceService.KeyOf(state, signalOptions)) is null)
                signals = await influence.GetOrComputeAsync(state, signalOptions);
            if (await CommunitiesEndpoints.DefaultSphereLookupAsync(state, communities, signals) is { } sphereOf) sphere = sphereOf(node);
            if (signals is not null)
            {
                var v = InfluenceGraph.Core.Influence.InfluencerVerdict.Of(await influence.DefaultVerdictsAsync(state, signals), node);
                verdict = new VerdictDto(v.IsCandidate, v.Rank, v.ExcludedBy, v.Reason,
                    new InfluencerMetricDto("influence", ContractMapping.Finite(v.Influence.Value), v.Influence.Rank, v.Influence.Percentile));
            }
        }
        // Parts still being computed (not_computed, no sphere or verdict yet): a later request answers more, so not cached.
        if (inGraph && (list.Any(m => m.Status == "not_computed") || sphere is null || verdict is null)) ResponseCaching.DoNotStore(context);
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(new AccountDetail(state.Name, state.Version, handle, inGraph,
            inGraph ? g.InDegreeOf(node) : 0, inGraph ? g.OutDegreeOf(node) : 0, attributes?.ToDto(), list, sphere, verdict));
    }
}
