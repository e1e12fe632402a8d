using System.ComponentModel;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Api.Security;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfluenceGraph.Api.Contracts
{
    /// <summary>Query of <c>GET /graphs/{graph}/ego-network</c>.</summary>
    public sealed record EgoNetworkQuery
    {
        /// <summary>Graph name.</summary>
        [FromRoute(Name = "graph"), Description("Graph name.")]
        public required string Graph { get; init; }

        /// <summary>The centre account.</summary>
        [FromQuery(Name = "account"), Description("Handle of the centre account (compared after trimming and Unicode NFC normalisation).")]
        public string? Account { get; init; }

        /// <summary>Node cap.</summary>
        [FromQuery(Name = "limit"), Description("Most accounts in the network, the centre included, in 2..2000 (default 300). The neighbours kept are those with the strongest ties: mutual follows first, then one-way ties; within each, the most-followed accounts first, then by handle.")]
        public int? Limit { get; init; }
    }

    /// <summary>One account of an ego network.</summary>
    /// <param name="Account">Handle (untrusted text: render escaped).</param>
    /// <param name="Relation"><c>self</c> (the centre), <c>mutual</c> (follows and is followed by the centre), <c>follower</c> (follows the centre: sees its posts) or <c>followee</c> (followed by the centre).</param>
    /// <param name="Followers">The account's followers in the whole graph (in-degree).</param>
    /// <param name="Followees">The accounts it follows in the whole graph (out-degree).</param>
    /// <param name="IsPolitical">The imported is_political attribute, or null when unknown.</param>
    public sealed record EgoNode(string Account, string Relation, int Followers, int Followees, bool? IsPolitical);

    /// <summary>The ego network of an account: its strongest ties and every follow among them.</summary>
    /// <param name="Graph">Graph name.</param>
    /// <param name="Version">Graph version.</param>
    /// <param name="Account">Canonical handle of the centre.</param>
    /// <param name="Neighbours">Distinct neighbours of the centre in the graph (followers and followees, self excluded).</param>
    /// <param name="Truncated">True when fewer than all neighbours are listed (the limit was reached).</param>
    /// <param name="Nodes">The centre first, then the kept neighbours by tie strength.</param>
    /// <param name="Edges">Follow edges among the listed accounts, each as [follower index, followee index] into <c>nodes</c>; at most 20 edges per listed account.</param>
    /// <param name="EdgesTruncated">True when some edges among the listed accounts were left out by that cap.</param>
    public sealed record EgoNetwork(string Graph, long Version, string Account, int Neighbours, bool Truncated,
        IReadOnlyList<EgoNode> Nodes, IReadOnlyList<int[]> Edges, bool EdgesTruncated);
}

namespace InfluenceGraph.Api.Endpoints
{
    /// <summary>
    /// <c>/graphs/{graph}/ego-network</c>: an account's neighbourhood, capped, for drawing. The neighbours
    /// kept are those with the strongest ties (mutual follow, then one-way; the most-followed first), and
    /// the edges are the follows among them (the induced subgraph), so a browser never receives a
    /// million-node neighbourhood.
    /// </summary>
    public static class EgoNetworkEndpoints
    {
        /// <summary>Default number of accounts in an ego network.</summary>
        public const int DefaultLimit = 300;

        /// <summary>Largest number of accounts in an ego network.</summary>
        public const int MaxLimit = 2000;

        /// <summary>Largest number of edges per listed account.</summary>
        public const int EdgesPerNode = 20;

        /// <summary>Maps the endpoint.</summary>
        public static IEndpointRouteBuilder MapEgoNetworkApi(this IEndpointRouteBuilder app)
        {
            app.MapGroup("/graphs/{graph}").WithTags("Accounts")
                .MapGet("/ego-network", GetEgoNetwork).WithName("GetEgoNetwork").RequireReadKey().CacheGraphResponse()
                .WithMetadata(StrictQueryMetadata.For<EgoNetworkQuery>())
                .WithSummary("An account's ego network, capped")
                .WithDescription("""
                    The account, its strongest ties (mutual follows first, then followers and followees; within each, the most-followed accounts first, then by handle) up to limit accounts, and the follow edges among them ([follower index, followee index]).
                    For drawing: at most 2000 accounts and 20 edges per account, whatever the size of the graph.
                    """)
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
            return app;
        }

        /// <summary>Builds the ego network.</summary>
        public static Results<Ok<EgoNetwork>, ProblemHttpResult> GetEgoNetwork([AsParameters] EgoNetworkQuery q, GraphCatalog catalog)
        {
            if (catalog.Get(q.Graph) is not { } state) return ApiProblems.GraphNotFound(q.Graph);
            if (string.IsNullOrWhiteSpace(q.Account)) return ApiProblems.InvalidParameter("account", "account is required: the handle of the centre account.");
            int limit = q.Limit ?? DefaultLimit;
            if (limit < 2 || limit > MaxLimit) return ApiProblems.InvalidParameter("limit", $"limit must be in 2..{MaxLimit} (got {limit}).");
            var g = state.Snapshot;
            if (!g.TryGetNode(q.Account.Trim().Normalize(), out int centre)) return ApiProblems.AccountNotFound(q.Graph, q.Account);
            return TypedResults.Ok(Build(state, centre, limit));
        }

        /// <summary>The ego network of <paramref name="centre"/> in <paramref name="state"/> with at most <paramref name="limit"/> accounts (centre included).</summary>
        public static EgoNetwork Build(GraphState state, int centre, int limit)
        {
            var g = state.Snapshot;
            // Relation bits: 1 = follows the centre (follower), 2 = followed by the centre (followee).
            var relation = new Dictionary<int, int>();
            foreach (int f in g.Followers(centre)) if (f != centre) relation[f] = relation.GetValueOrDefault(f) | 1;
            foreach (int f in g.Followees(centre)) if (f != centre) relation[f] = relation.GetValueOrDefault(f) | 2;

            var kept = relation.Keys
                .OrderByDescending(v => relation[v] == 3)
                .ThenByDescending(g.InDegreeOf)
                .ThenBy(v => g.Accounts[v], StringComparer.Ordinal)
                .Take(limit - 1)
                .ToList();
            var nodes = new List<int>(kept.Count + 1) { centre };
            nodes.AddRange(kept);
            var index = new Dictionary<int, int>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++) index[nodes[i]] = i;

            var edges = new List<int[]>();
            bool edgesTruncated = false;
            for (int i = 0; i < nodes.Count; i++)
            {
                int taken = 0;
                foreach (int v in g.Followees(nodes[i]))
                {
                    if (!index.TryGetValue(v, out int j) || j == i) continue;
                    // Edges touching the centre always count: they are what the picture is about.
                    if (taken >= EdgesPerNode && i != 0 && j != 0) { edgesTruncated = true; continue; }
                    edges.Add([i, j]);
                    taken++;
                }
            }

            string Relation(int v) => v == centre ? "self" : relation[v] switch { 3 => "mutual", 1 => "follower", _ => "followee" };
            var list = nodes.Select(v => new EgoNode(g.Accounts[v], Relation(v), g.InDegreeOf(v), g.OutDegreeOf(v), state.AttributesOf(v)?.IsPolitical)).ToList();
            return new EgoNetwork(state.Name, state.Version, g.Accounts[centre], relation.Count, kept.Count < relation.Count, list, edges, edgesTruncated);
        }
    }
}
