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

    /// <summary>
    /// The listed accounts of an overview network, column by column: entry <c>i</c> of every column is the
    /// <c>i</c>-th listed account (most important first). All columns have <see cref="OverviewNetwork.Count"/> entries.
    /// </summary>
    /// <param name="Account">Handles (untrusted text: render escaped).</param>
    /// <param name="Followers">Followers in the whole graph (in-degree), each &gt;= 0.</param>
    /// <param name="PageRank">
    /// PageRank (default options) rounded to 4 significant digits (enough to size and order nodes on a screen; the exact
    /// value is in <c>/rankings/pagerank</c>), or null when <c>by=followers</c> and PageRank is not computed yet.
    /// </param>
    /// <param name="IsPolitical">The imported is_political attribute, or null when unknown.</param>
    public sealed record OverviewNodes(IReadOnlyList<string> Account, IReadOnlyList<int> Followers, IReadOnlyList<double?> PageRank, IReadOnlyList<bool?> IsPolitical);

    /// <summary>
    /// The follow edges among the listed accounts in compressed sparse row form: listed account <c>i</c> follows the
    /// listed accounts <c>Followees[s .. s + Counts[i])</c>, where <c>s = Counts[0] + … + Counts[i - 1]</c>.
    /// </summary>
    /// <param name="Counts">Per listed account, how many of its follows are listed (0..10); <see cref="OverviewNetwork.Count"/> entries.</param>
    /// <param name="Followees">
    /// Indexes (0-based, into the node columns) of the followed accounts, account after account, ascending within one
    /// account (its most important followees first); as many entries as the sum of <c>Counts</c>.
    /// </param>
    public sealed record OverviewEdges(IReadOnlyList<int> Counts, IReadOnlyList<int> Followees);

    /// <summary>
    /// The most important accounts of a graph and the follows among them, capped for drawing, in a compact columnar
    /// shape (one array per field, edges as compressed sparse rows): about 0.4 of the bytes of one object per node and
    /// one pair per edge.
    /// </summary>
    /// <param name="Graph">Graph name.</param>
    /// <param name="Version">Graph version.</param>
    /// <param name="Accounts">Accounts in the whole graph.</param>
    /// <param name="By"><c>pagerank</c> or <c>followers</c>: how the listed accounts were chosen.</param>
    /// <param name="Count">Listed accounts (the length of every node column), at most the limit asked.</param>
    /// <param name="Nodes">The listed accounts, most important first, column by column.</param>
    /// <param name="Edges">Follow edges among them; at most 10 per listed account (to its most important listed followees).</param>
    /// <param name="EdgesTruncated">True when some edges among the listed accounts were left out by that cap.</param>
    public sealed record OverviewNetwork(string Graph, long Version, int Accounts, string By, int Count, OverviewNodes Nodes, OverviewEdges Edges, bool EdgesTruncated);
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

        /// <summary>Significant digits kept of a PageRank value in the overview (what sizes a node on a screen).</summary>
        public const int PageRankDigits = 4;

        /// <summary>
        /// <paramref name="x"/> rounded to <see cref="PageRankDigits"/> significant digits (as .NET's "G4" format
        /// rounds the exact decimal value), or null when it is not finite.
        /// </summary>
        public static double? RoundForScreen(double x) =>
            double.IsFinite(x) ? double.Parse(x.ToString("G" + PageRankDigits, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : null;

        /// <summary>Maps the endpoint.</summary>
        public static IEndpointRouteBuilder MapOverviewNetworkApi(this IEndpointRouteBuilder app)
        {
            app.MapGroup("/graphs/{graph}").WithTags("Graphs")
                .MapGet("/overview-network", GetOverviewNetwork).WithName("GetOverviewNetwork").RequireReadKey().CacheGraphResponse()
                .WithMetadata(StrictQueryMetadata.For<OverviewNetworkQuery>())
                .WithSummary("The top accounts and the follows among them, capped for drawing")
                .WithDescription("""
                    The limit (at most 2000) most important accounts of the graph by PageRank (default) or followers, with each one's followers, PageRank (4 significant digits) and is_political, and the follow edges among them (at most 10 per account: to its most important listed followees).
                    Columnar shape: nodes.account[i], nodes.followers[i], nodes.pageRank[i], nodes.isPolitical[i] describe the i-th listed account; account i follows edges.followees[s .. s + edges.counts[i]) with s the sum of the counts before i.
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

            var counts = new int[nodes.Count];
            var followees = new List<int>();
            bool truncated = false;
            var targets = new List<int>();
            for (int i = 0; i < nodes.Count; i++)
            {
                targets.Clear();
                foreach (int v in g.Followees(nodes[i]))
                    if (index.TryGetValue(v, out int j) && j != i) targets.Add(j);
                targets.Sort();
                int kept = 0;
                for (int k = 0; k < targets.Count; k++)
                {
                    if (k > 0 && targets[k] == targets[k - 1]) continue; // duplicate follows: one edge
                    if (kept == EdgesPerNode) { truncated = true; break; }
                    followees.Add(targets[k]);
                    kept++;
                }
                counts[i] = kept;
            }
            var columns = new OverviewNodes(
                nodes.Select(v => g.Accounts[v]).ToArray(),
                nodes.Select(g.InDegreeOf).ToArray(),
                nodes.Select(v => scores is null ? null : RoundForScreen(scores[v])).ToArray(),
                nodes.Select(v => state.AttributesOf(v)?.IsPolitical).ToArray());
            return TypedResults.Ok(new OverviewNetwork(state.Name, state.Version, g.NodeCount, by, nodes.Count, columns, new OverviewEdges(counts, followees), truncated));
        }
    }
}
