using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts
{
    /// <summary>Query of <c>GET /graphs/{graph}/overview-network</c>.</summary>
    public sealed record OverviewNetworkQuery
    {
        /// <summary>Graph name.</summary>
        [FromRoute(Name = "graph"), Description("Graph name.")]
        public required string Graph { get; init; }

        /// <summary>Node cap.</summary>
        [FromQuery(Name = "limit"), Description("Most accounts in the network, in 1..2000 (default 1500): the top accounts by the 'by' measure.")]
        public int? Limit { get; init; }

        /// <summary>Selection measure.</summary>
        [FromQuery(Name = "by"), Description("Which accounts to keep: pagerank (default; PageRank with default options) or followers (in-degree).")]
        public string? By { get; init; }
    }

    /// <summary>One account of an overview network.</summary>
    /// <param name="Account">Handle (untrusted text: render escaped).</param>
    /// <param name="Followers">Followers in the whole graph (in-degree).</param>
    /// <param name="Followees">Accounts it follows in the whole graph (out-degree).</param>
    /// <param name="PageRank">PageRank (default options), or null when <c>by=followers</c> and it is not computed yet.</param>
    /// <param name="IsPolitical">The imported is_political attribute, or null when unknown.</param>
    public sealed record OverviewNode(string Account, int Followers, int Followees, double? PageRank, bool? IsPolitical);

    /// <summary>The most important accounts of a graph and the follows among them, capped for drawing.</summary>
    /// <param name="Graph">Graph name.</param>
    /// <param name="Version">Graph version.</param>
    /// <param name="Accounts">Accounts in the whole graph.</param>
    /// <param name="By"><c>pagerank</c> or <c>followers</c>: how the listed accounts were chosen.</param>
    /// <param name="Nodes">The listed accounts, most important first.</param>
    /// <param name="Edges">Follow edges among them as [follower index, followee index]; at most 10 per listed account (to its most important followees).</param>
    /// <param name="EdgesTruncated">True when some edges among the listed accounts were left out by that cap.</param>
    public sealed record OverviewNetwork(string Graph, long Version, int Accounts, string By, IReadOnlyList<OverviewNode> Nodes, IReadOnlyList<int[]> Edges, bool EdgesTruncated);
}

namespace InfluenceGraph.Api.Endpoints
{
    /// <summary>
    /// <c>/graphs/{graph}/overview-network</c>: the top accounts of a graph (by PageRank or followers),
    /// at most 2,000, with the follows among them — what a browser can draw of a graph of any size.
    /// </summary>
    public static class OverviewNetworkEndpoints
    {
        /// <summary>Largest number of accounts.</summary>
        public const int MaxLimit = 2000;

        /// <summary>Edges kept per listed account.</summary>
        public const int EdgesPerNode = 10;

        /// <summary>Maps the endpoint.</summary>
        public static IEndpointRouteBuilder MapOverviewNetworkApi(this IEndpointRouteBuilder app)
        {
            app.MapGroup("/graphs/{graph}").WithTags("Graphs")
                .MapGet("/overview-network", GetOverviewNetwork).WithName("GetOverviewNetwork").RequireReadKey().CacheGraphResponse()
                .WithMetadata(StrictQueryMetadata.For<OverviewNetworkQuery>())
                .WithSummary("The top accounts and the follows among them, capped for drawing")
                .WithDescription("""
                    The limit (at most 2000) most important accounts of the graph by PageRank (default) or followers, with each one's followers, followees, PageRank and is_political, and the follow edges among them ([follower index, followee index], at most 10 per account: to its most important listed followees).
                    When PageRank is not cached and long to compute, the answer is 202 with the job computing it.
                    """)
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
            return app;
        }

        /// <summary>Builds the overview.</summary>
        public static async Task<Results<Ok<OverviewNetwork>, Accepted<JobStatus>, ProblemHttpResult>> GetOverviewNetwork(
            [AsParameters] OverviewNetworkQuery q, HttpContext context, GraphCatalog catalog, MetricCatalog registry, MetricService metrics)
        {
            if (catalog.Get(q.Graph) is not { } state) return ApiProblems.GraphNotFound(q.Graph);
            int limit = q.Limit ?? 1500;
            if (limit < 1 || limit > MaxLimit) return ApiProblems.InvalidParameter("limit", $"limit must be in 1..{MaxLimit} (got {limit}).");
            string by = q.By ?? "pagerank";
            if (by is not ("pagerank" or "followers")) return ApiProblems.InvalidParameter("by", $"by must be 'pagerank' or 'followers' (got '{q.By}').");

            var request = MetricService.Prepare(state, registry.Find("pagerank")!, MetricArguments.Empty);
            var pagerank = metrics.TryGetCached(request);
            if (pagerank is null && by == "pagerank")
            {
                if (metrics.RunningJob(request) is { } running) return RankingsEndpoints.Accepted(context, running.ToStatus());
                if (metrics.IsLong(request))
                    return RankingsEndpoints.Accepted(context, metrics.StartJob(request, context.Request.Path + context.Request.QueryString).ToStatus());
                pagerank = await metrics.GetOrComputeAsync(request);
            }
            var g = state.Snapshot;
            if (pagerank is null) ResponseCaching.DoNotStore(context); // PageRank still to come: a later answer carries it
            double[]? scores = pagerank?.Result.Scores;
            IEnumerable<int> order = by == "pagerank"
                ? pagerank!.Result.Order.ToArray()
                : Enumerable.Range(0, g.NodeCount).OrderByDescending(g.InDegreeOf).ThenBy(v => g.Accounts[v], StringComparer.Ordinal);
            var nodes = order.Take(limit).ToList();
            var index = new Dictionary<int, int>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++) index[nodes[i]] = i;

            var edges = new List<int[]>();
            bool truncated = false;
            var targets = new List<int>();
            for (int i = 0; i < nodes.Count; i++)
            {
                targets.Clear();
                foreach (int v in g.Followees(nodes[i]))
                    if (index.TryGetValue(v, out int j) && j != i) targets.Add(j);
                if (targets.Count > EdgesPerNode) { truncated = true; targets.Sort(); targets.RemoveRange(EdgesPerNode, targets.Count - EdgesPerNode); }
                foreach (int j in targets.Distinct()) edges.Add([i, j]);
            }
            var list = nodes.Select(v => new OverviewNode(g.Accounts[v], g.InDegreeOf(v), g.OutDegreeOf(v),
                scores is null ? null : ContractMapping.Finite(scores[v]), state.AttributesOf(v)?.IsPolitical)).ToList();
            return TypedResults.Ok(new OverviewNetwork(state.Name, state.Version, g.NodeCount, by, list, edges, truncated));
        }
    }
}
