using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Communities;

/// <summary>A topic or hashtag over-represented in a sphere.</summary>
/// <param name="Topic">The topic as imported (without '#').</param>
/// <param name="Accounts">Accounts of the sphere that used it.</param>
/// <param name="Expected">Accounts expected at the graph's rate: sphere size × (accounts of the graph using it / accounts of the graph).</param>
/// <param name="GraphAccounts">Accounts of the whole graph that used it.</param>
/// <param name="Lift"><c>Accounts / Expected</c> (&gt; 1: over-represented).</param>
public sealed record SphereTopic(string Topic, int Accounts, double Expected, int GraphAccounts, double Lift);

/// <summary>An account of a sphere with its PageRank.</summary>
/// <param name="Account">Handle.</param>
/// <param name="PageRank">PageRank score (sums to 1 over the graph).</param>
/// <param name="Rank">PageRank competition rank in the whole graph (1 = highest).</param>
/// <param name="Followers">Followers (in-degree).</param>
/// <param name="IsPolitical">The imported <c>is_political</c> flag (null when unknown).</param>
public sealed record SphereAccount(string Account, double PageRank, int Rank, int Followers, bool? IsPolitical);

/// <summary>Follow edges between a sphere and another one.</summary>
/// <param name="Community">The other sphere's id.</param>
/// <param name="EdgesOut">Edges from this sphere's accounts to the other's (this sphere follows, sees their posts).</param>
/// <param name="EdgesIn">Edges from the other sphere's accounts to this one's (they follow this sphere).</param>
public sealed record SphereLink(int Community, long EdgesOut, long EdgesIn);

/// <summary>What one community (sphere) of the follower network is.</summary>
/// <param name="Id">Community id (0 = largest).</param>
/// <param name="Label">Short human label: its two most characteristic topics (as <c>#topic</c>), else its top account by PageRank (as <c>@account</c>).</param>
/// <param name="Size">Accounts in the sphere.</param>
/// <param name="Share">Size / accounts in the graph.</param>
/// <param name="InternalEdges">Follow edges (self-loops excluded) with both ends in the sphere.</param>
/// <param name="EdgesOut">Edges from the sphere's accounts to other spheres.</param>
/// <param name="EdgesIn">Edges from other spheres to the sphere's accounts.</param>
/// <param name="InternalEdgeShare"><c>InternalEdges / (InternalEdges + EdgesOut + EdgesIn)</c>: the share of the sphere's follow edges that stay inside; null without edges.</param>
/// <param name="PoliticalAccounts">Accounts marked <c>is_political</c>.</param>
/// <param name="PoliticalShare">PoliticalAccounts / Size.</param>
/// <param name="EngagedAccounts">Non-political accounts whose political engagement reaches the threshold (null when the graph has no engagement signal).</param>
/// <param name="EngagedShare">EngagedAccounts / Size, or null.</param>
/// <param name="Topics">Most over-represented topics (lift &gt; 1, at least 2 accounts), by excess accounts (Accounts − Expected), then lift.</param>
/// <param name="TopAccounts">Its accounts with the highest PageRank.</param>
/// <param name="Candidates">Influencer candidates (of the influencer query given) in this sphere, best first.</param>
/// <param name="Links">Other spheres it exchanges most edges with (out + in), most first.</param>
public sealed record SphereProfile(int Id, string Label, int Size, double Share,
    long InternalEdges, long EdgesOut, long EdgesIn, double? InternalEdgeShare,
    int PoliticalAccounts, double PoliticalShare, int? EngagedAccounts, double? EngagedShare,
    IReadOnlyList<SphereTopic> Topics, IReadOnlyList<SphereAccount> TopAccounts, IReadOnlyList<string> Candidates, IReadOnlyList<SphereLink> Links);

/// <summary>How much of each list <see cref="Spheres.Profile"/> keeps per sphere.</summary>
/// <param name="Topics">Characteristic topics per sphere (&gt;= 0); default 5.</param>
/// <param name="TopAccounts">Top accounts by PageRank per sphere (&gt;= 0); default 5.</param>
/// <param name="Candidates">Influencer candidates per sphere (&gt;= 0); default 10.</param>
/// <param name="Links">Linked spheres per sphere (&gt;= 0); default 5.</param>
public sealed record SphereDetail(int Topics = 5, int TopAccounts = 5, int Candidates = 10, int Links = 5);

/// <summary>Profiles of the communities found by <see cref="Leiden"/>: size, cohesion, politics, topics, top accounts, candidates, links.</summary>
public static class Spheres
{
    /// <summary>Profiles every community of <paramref name="communities"/> (ids ascending).</summary>
    /// <param name="signals">Influence signals of the same graph version (PageRank, political accounts, engagement inputs).</param>
    /// <param name="communities">A partition of the same graph.</param>
    /// <param name="query">The influencer query whose engagement threshold and candidates are reported; null = defaults.</param>
    /// <param name="report">The influencer report of <paramref name="query"/> (its candidates are listed per sphere); null = computed here.</param>
    /// <param name="detail">List lengths; null = defaults.</param>
    /// <returns>One profile per community.</returns>
    /// <exception cref="ArgumentException">The partition does not cover the signals' graph.</exception>
    public static IReadOnlyList<SphereProfile> Profile(InfluenceSignals signals, CommunityResult communities,
        InfluencerQuery? query = null, InfluencerReport? report = null, SphereDetail? detail = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(communities);
        var state = signals.State;
        var g = state.Snapshot;
        int n = g.NodeCount, k = communities.Count;
        var memb = communities.Membership;
        if (memb.Length != n) throw new ArgumentException($"the partition covers {memb.Length} accounts, the graph {n}", nameof(communities));
        query ??= new InfluencerQuery();
        detail ??= new SphereDetail();
        report ??= Influencers.Find(signals, query with { Top = 0 });
        var lexicon = query.Lexicon ?? PoliticalLexicon.Default;

        var internalEdges = new long[k]; var edgesOut = new long[k]; var edgesIn = new long[k];
        var links = new Dictionary<(int, int), long>();
        var political = new int[k]; var engaged = new int[k];
        bool engagementKnown = signals.PoliticalAccountCount > 0 || signals.ContentKnownCount > 0;
        for (int u = 0; u < n; u++)
        {
            int cu = memb[u];
            foreach (int v in g.Followees(u))
            {
                if (v == u) continue;
                int cv = memb[v];
                if (cu == cv) internalEdges[cu]++;
                else
                {
                    edgesOut[cu]++; edgesIn[cv]++;
                    links[(cu, cv)] = links.GetValueOrDefault((cu, cv)) + 1;
                }
            }
            if (signals.IsPolitical[u]) political[cu]++;
            else if (engagementKnown && Influencers.Engagement(signals, u, query, lexicon).IsEngaged) engaged[cu]++;
        }

        var topicsBy = TopicsBy(state, communities);
        var topAccounts = new List<SphereAccount>[k];
        for (int c = 0; c < k; c++) topAccounts[c] = [];
        var pr = signals.PageRank;
        foreach (int v in pr.Order)
        {
            var list = topAccounts[memb[v]];
            if (list.Count < detail.TopAccounts)
                list.Add(new SphereAccount(g.Accounts[v], pr.Scores[v], pr.RankOf(v), g.InDegreeOf(v), state.AttributesOf(v)?.IsPolitical));
        }
        var candidates = new List<string>[k];
        for (int c = 0; c < k; c++) candidates[c] = [];
        foreach (var cand in report.Candidates)
            if (g.TryGetNode(cand.Account, out int v) && candidates[memb[v]].Count < detail.Candidates) candidates[memb[v]].Add(cand.Account);

        var linksBy = new List<SphereLink>[k];
        for (int c = 0; c < k; c++) linksBy[c] = [];
        var pairs = new HashSet<(int, int)>();
        foreach (var (c, d) in links.Keys) pairs.Add((Math.Min(c, d), Math.Max(c, d)));
        foreach (var (a, b) in pairs)
        {
            long ab = links.GetValueOrDefault((a, b)), ba = links.GetValueOrDefault((b, a));
            linksBy[a].Add(new SphereLink(b, ab, ba));
            linksBy[b].Add(new SphereLink(a, ba, ab));
        }

        var result = new SphereProfile[k];
        for (int c = 0; c < k; c++)
        {
            var topics = topicsBy[c].Take(detail.Topics).ToArray();
            int size = communities.Sizes[c];
            long touching = internalEdges[c] + edgesOut[c] + edgesIn[c];
            string label = LabelOf(topicsBy[c], topAccounts[c].Count > 0 ? topAccounts[c][0].Account : null);
            result[c] = new SphereProfile(c, label, size, n == 0 ? 0 : (double)size / n,
                internalEdges[c], edgesOut[c], edgesIn[c], touching == 0 ? null : (double)internalEdges[c] / touching,
                political[c], (double)political[c] / size,
                engagementKnown ? engaged[c] : null, engagementKnown ? (double)engaged[c] / size : null,
                topics, topAccounts[c],
                candidates[c],
                linksBy[c].OrderByDescending(l => l.EdgesOut + l.EdgesIn).ThenBy(l => l.Community).Take(detail.Links).ToArray());
        }
        return result;
    }

    /// <summary>
    /// The label of every community, as in <see cref="Profile"/> (its two most characteristic topics as <c>#topic</c>,
    /// else its top account by PageRank as <c>@account</c>), without the rest of the profile.
    /// </summary>
    /// <param name="signals">Influence signals of the same graph version (PageRank, topics).</param>
    /// <param name="communities">A partition of the same graph.</param>
    /// <returns>Labels indexed by community id.</returns>
    /// <exception cref="ArgumentException">The partition does not cover the signals' graph.</exception>
    public static string[] Labels(InfluenceSignals signals, CommunityResult communities)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(communities);
        int n = signals.State.Snapshot.NodeCount, k = communities.Count;
        if (communities.Membership.Length != n) throw new ArgumentException($"the partition covers {communities.Membership.Length} accounts, the graph {n}", nameof(communities));
        var topicsBy = TopicsBy(signals.State, communities);
        var top = new string?[k];
        int found = 0;
        foreach (int v in signals.PageRank.Order)
        {
            if (found == k) break;
            int c = communities.Membership[v];
            if (top[c] is null) { top[c] = signals.State.Snapshot.Accounts[v]; found++; }
        }
        var labels = new string[k];
        for (int c = 0; c < k; c++) labels[c] = LabelOf(topicsBy[c], top[c]);
        return labels;
    }

    private static string LabelOf(List<SphereTopic> sortedTopics, string? topAccount) =>
        sortedTopics.Count > 0 ? string.Join(" ", sortedTopics.Take(2).Select(t => "#" + t.Topic))
        : topAccount is not null ? "@" + topAccount : "(empty)";

    /// <summary>Over-represented topics per community (lift &gt; 1, at least 2 accounts), by excess accounts, then lift, then name.</summary>
    private static List<SphereTopic>[] TopicsBy(GraphState state, CommunityResult communities)
    {
        var memb = communities.Membership;
        int n = memb.Length, k = communities.Count;
        // Accounts per topic in the graph and per sphere (an account counts once per topic).
        var graphTopic = new Dictionary<string, int>(StringComparer.Ordinal);
        var sphereTopic = new Dictionary<(int, string), int>();
        for (int v = 0; v < n; v++)
        {
            var a = state.AttributesOf(v);
            if (a is null || a.Topics.Count == 0) continue;
            foreach (string t in a.Topics.Distinct(StringComparer.Ordinal))
            {
                graphTopic[t] = graphTopic.GetValueOrDefault(t) + 1;
                sphereTopic[(memb[v], t)] = sphereTopic.GetValueOrDefault((memb[v], t)) + 1;
            }
        }
        var topicsBy = new List<SphereTopic>[k];
        for (int c = 0; c < k; c++) topicsBy[c] = [];
        foreach (var ((c, t), count) in sphereTopic)
        {
            double expected = (double)communities.Sizes[c] * graphTopic[t] / n;
            if (count >= 2 && count > expected) topicsBy[c].Add(new SphereTopic(t, count, expected, graphTopic[t], count / expected));
        }
        for (int c = 0; c < k; c++)
            topicsBy[c] = topicsBy[c].OrderByDescending(t => t.Accounts - t.Expected).ThenByDescending(t => t.Lift).ThenBy(t => t.Topic, StringComparer.Ordinal).ToList();
        return topicsBy;
    }
}
