using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Metrics;
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
        group.MapGet("/{account}", GetAccount).WithName("GetAccount").RequireReadKey()
            .WithSummary("Describe an account")
            .WithDescription("""
                Imported attributes, follower and followee counts, and every metric (default options) with the account's score, rank and percentile.
                Metrics too costly to compute within a request and not cached yet are listed with status not_computed: POST /graphs/{graph}/analyses computes them.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Describes one account.</summary>
    public static async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> GetAccount(
        [Description("Graph name.")] string graph,
        [Description("Account handle (URL-encoded; compared after trimming and Unicode NFC normalisation).")] string account,
        HttpContext context, GraphCatalog catalog, MetricRegistry registry, MetricService metrics)
    {
        if (catalog.Get(graph) is not { } state) return ApiProblems.GraphNotFound(graph);
        var g = state.Snapshot;
        bool inGraph = g.TryGetNode(account, out int node);
        string handle = inGraph ? g.Accounts[node] : account.Trim().Normalize();
        var attributes = inGraph ? state.AttributesOf(node) : state.Attributes.GetValueOrDefault(handle);
        if (!inGraph && attributes is null) return ApiProblems.AccountNotFound(graph, account);

        var list = new List<AccountMetric>();
        if (inGraph)
        {
            foreach (var metric in registry.All)
            {
                var request = MetricService.Prepare(state, metric, new MetricOptions());
                var computed = metrics.TryGetCached(request);
                if (computed is null && !metrics.IsLong(request) && metrics.RunningJob(request) is null)
                    computed = await metrics.GetOrComputeAsync(request);
                list.Add(computed is null
                    ? new AccountMetric(metric.Name, "not_computed", null, null, null)
                    : new AccountMetric(metric.Name, "computed", ContractMapping.Finite(computed.Result.Scores[node]),
                        computed.Result.RankOf(node), computed.Result.PercentileOf(node)));
            }
        }
        context.Response.Headers[RankingsEndpoints.VersionHeader] = state.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(new AccountDetail(state.Name, state.Version, handle, inGraph,
            inGraph ? g.InDegreeOf(node) : 0, inGraph ? g.OutDegreeOf(node) : 0, attributes?.ToDto(), list));
    }
}
