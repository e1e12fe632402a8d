using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// Influencer discovery: accounts that reach many people and are very active but are not politically
/// engaged, each with every signal and an explanation.
/// </summary>
/// <remarks>
/// Two phases so that a server can cache the expensive one: <see cref="InfluenceSignals.Compute"/>
/// (PageRank, personalized PageRank, betweenness, reach: per graph version) and <see cref="Find"/>
/// (composite score, filters, lexicon, ranking: O(n k + n log n) plus the lexicon on the accounts that
/// pass the influence and activity filters). <see cref="Compute"/> runs both.
/// </remarks>
public static class Influencers
{
    /// <summary>Computes the signals of <paramref name="state"/> with <c>query.Signals</c>, then runs <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentException">The query is invalid (the message names the member).</exception>
    public static InfluencerReport Compute(GraphState state, InfluencerQuery? query = null,
        IProgress<CentralityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        query ??= new InfluencerQuery();
        query.Validate();
        return Find(InfluenceSignals.Compute(state, query.Signals, progress, cancellationToken), query);
    }

    /// <summary>Runs <paramref name="query"/> on precomputed signals (cheap; see the type remarks).</summary>
    /// <param name="signals">Signals of one graph version.</param>
    /// <param name="query">Thresholds, metrics, weights, lexicon; null = defaults.</param>
    /// <returns>The ranked candidates with the counts of each filter.</returns>
    /// <exception cref="ArgumentException">The query is invalid (the message names the member).</exception>
    public static InfluencerReport Find(InfluenceSignals signals, InfluencerQuery? query = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        query ??= new InfluencerQuery();
        query.Validate();
        var state = signals.State;
        var g = state.Snapshot;
        int n = g.NodeCount;
        var lexicon = query.Lexicon ?? PoliticalLexicon.Default;
        var influence = Composite(signals, query);

        int political = 0, belowInfluence = 0, belowActivity = 0, unknownActivity = 0, unknownEngagement = 0, engaged = 0;
        var matched = new List<(int Node, PoliticalEngagement Politics)>();
        foreach (int v in influence.Order) // best first, ties by handle
        {
            if (signals.IsPolitical[v]) { political++; continue; }
            if (influence.PercentileOf(v) < query.MinInfluencePercentile) { belowInfluence++; continue; }
            if (query.MinBetweennessPercentile is double minBc && signals.Betweenness.PercentileOf(v) < minBc) { belowInfluence++; continue; }
            long? posts = signals.PostsOf(v);
            if (posts is null)
            {
                if (query.RequireKnownActivity) { unknownActivity++; continue; }
            }
            else if (query.MinPosts is long minPosts ? posts < minPosts : signals.ActivityPercentileOf(v) < query.MinActivityPercentile)
            {
                belowActivity++;
                continue;
            }
            var politics = Engagement(signals, v, query, lexicon);
            if (!politics.IsKnown && !query.AllowUnknownEngagement) { unknownEngagement++; continue; }
            if (politics.IsEngaged) { engaged++; continue; }
            matched.Add((v, politics));
        }

        int take = query.Top == 0 ? matched.Count : Math.Min(query.Top, matched.Count);
        var candidates = new List<InfluencerCandidate>(take);
        for (int i = 0; i < take; i++)
        {
            var (v, politics) = matched[i];
            candidates.Add(new InfluencerCandidate(
                i + 1, g.Accounts[v],
                Signal("influence", influence, v),
                query.Metrics.Select(m => Signal(InfluencerQuery.MetricName(m), signals.ResultOf(m), v, query.WeightOf(m))).ToArray(),
                new ActivitySignal(signals.PostsOf(v), signals.ActivityPercentileOf(v), signals.ActivityRankOf(v), signals.ActivityKnownCount),
                politics));
        }

        var notes = new List<string>();
        if (signals.ActivityKnownCount == 0 && n > 0) notes.Add("activity unknown for every account: candidates are decided on influence and politics alone");
        if (n == 0) notes.Add("the graph has no account");
        else if (signals.PoliticalAccountCount == 0 && signals.ContentKnownCount == 0)
            notes.Add(query.AllowUnknownEngagement
                ? "political engagement is unknown for every account: candidates are decided on influence and activity alone (no is_political account, no political_share/political_posts, no topics/hashtags)"
                : UnknownEverywhereNote);
        else if (signals.PoliticalAccountCount == 0) notes.Add("exposure and proximity unknown: the graph has no political account (is_political)");
        if (signals.PoliticalAccountCount == n && n > 0) notes.Add("every account is political: there can be no candidate");
        if (signals.Betweenness.Guarantee is { } bg)
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"betweenness estimated from {bg.SampleSize} sampled shortest paths: every score within {bg.Epsilon} of the exact one with probability {1 - bg.Delta} (vertex-diameter bound {bg.VertexDiameterBound})"));
        else if (!signals.Betweenness.IsExact) notes.Add($"betweenness estimated from {signals.Betweenness.SourcesUsed} sampled sources of {n}");
        if (signals.Reach is { IsExact: false } re)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            notes.Add(re.Method == ReachMethod.HyperLogLog
                ? string.Create(inv, $"reach estimated with HyperLogLog ({re.Registers} registers, relative standard error {re.RelativeStandardError:P1}) for the accounts with the largest audiences")
                : string.Create(inv, $"reach estimated with HyperBall ({re.Registers} UltraLogLog registers per account, relative standard error {re.RelativeStandardError:P1} per count)")
                  + (double.IsNaN(re.Work) ? "" : string.Create(inv, $": the exact count would take {re.Work:G3} neighbour visits, above the limit of {re.Options.ExactWorkLimit:G3}")));
        }
        if (!signals.PageRank.Converged) notes.Add($"PageRank did not converge in {signals.PageRank.Iterations} iterations (last L1 change {signals.PageRank.Residual:G3})");
        if (signals.PoliticalPageRank is { Converged: false } ppr) notes.Add($"the personalized PageRank of political proximity did not converge in {ppr.Iterations} iterations (last L1 change {ppr.Residual:G3})");

        return new InfluencerReport(state.Name, state.Version, query,
            new SignalSummary(signals.Betweenness.IsExact, signals.Betweenness.SourcesUsed, signals.Reach.IsExact,
                signals.ActivityKnownCount, signals.PoliticalAccountCount, lexicon.Name, lexicon.Count),
            new FilterCounts(n, political, belowInfluence, belowActivity, unknownActivity, engaged, matched.Count, unknownEngagement),
            candidates, notes);
    }

    /// <summary>
    /// The note of <see cref="Find"/> when the graph has neither a political account nor any account with
    /// a content signal and <see cref="InfluencerQuery.AllowUnknownEngagement"/> is off (there is then no
    /// candidate): what to import, or the opt-in (CLI <c>--allow-unknown-engagement</c>, API
    /// <c>allowUnknownEngagement=true</c>).
    /// </summary>
    public const string UnknownEverywhereNote =
        "political engagement is unknown for every account: import is_political, political_share/political_posts or topics/hashtags, or pass --allow-unknown-engagement";

    /// <summary>
    /// True when <see cref="Content"/> can give a political share for an account with these attributes,
    /// whatever the lexicon: a finite <c>political_share</c>, or <c>political_posts</c> with posts &gt; 0,
    /// or at least one topic/hashtag.
    /// </summary>
    public static bool HasContent(AccountAttributes? attributes) =>
        attributes is not null
        && ((attributes.PoliticalShare is double s && double.IsFinite(s))
            || (attributes.PoliticalPosts is not null && attributes.Posts is > 0)
            || attributes.Topics.Count > 0);

    /// <summary>
    /// The composite influence score of every account: the weighted mean of its percentiles in the
    /// query's metrics (metric <c>influence</c>, values in [0, 100)).
    /// </summary>
    public static CentralityResult Composite(InfluenceSignals signals, InfluencerQuery query)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(query);
        var g = signals.State.Snapshot;
        int n = g.NodeCount;
        var score = new double[n];
        double total = 0;
        foreach (var m in query.Metrics)
        {
            double w = query.WeightOf(m);
            if (w == 0) continue;
            total += w;
            var r = signals.ResultOf(m);
            for (int v = 0; v < n; v++) score[v] += w * r.PercentileOf(v);
        }
        for (int v = 0; v < n; v++) score[v] /= total;
        return new CentralityResult(g, "influence", score);
    }

    /// <summary>The political engagement of node <paramref name="node"/> under <paramref name="query"/>.</summary>
    public static PoliticalEngagement Engagement(InfluenceSignals signals, int node, InfluencerQuery query, PoliticalLexicon? lexicon = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(query);
        lexicon ??= query.Lexicon ?? PoliticalLexicon.Default;
        var content = Content(signals.State.AttributesOf(node), lexicon);
        int pol = signals.PoliticalAccountCount;
        var exposure = new ExposureSignal(signals.PoliticalFollowees[node], signals.FolloweeCounts[node], pol,
            pol == 0 ? null : signals.FolloweeCounts[node] == 0 ? 0.0 : (double)signals.PoliticalFollowees[node] / signals.FolloweeCounts[node],
            pol == 0 ? null : (double)signals.PoliticalFollowees[node] / pol);
        var sphere = pol == 0 ? null : signals.SphereOf(node);
        var proximity = signals.PoliticalLift is { } lift
            ? new ProximitySignal(signals.PoliticalPageRank!.Scores[node], lift.Scores[node], lift.PercentileOf(node))
            : new ProximitySignal(null, null, null);

        // Graph-level renormalisation: exposure, proximity and the sphere count only when the graph has
        // political accounts; an account's unknown content is no evidence (0), not a reason to drop the weight.
        var w = query.EngagementWeights;
        double num = 0, den = w.Content;
        bool known = false;
        if (content.Share is double c) { num += w.Content * c; known = true; }
        if (pol > 0)
        {
            den += w.Exposure + w.Proximity + w.Sphere;
            num += w.Exposure * exposure.Value!.Value + w.Proximity * proximity.Percentile!.Value / 100.0 + w.Sphere * sphere!.PoliticalShare;
            known = true;
        }
        double? score = known && den > 0 ? num / den : null;
        return new PoliticalEngagement(content, exposure, proximity, score, w, query.MaxPoliticalEngagement, sphere);
    }

    /// <summary>
    /// Political content of an account: <c>political_share</c> when imported; else
    /// <c>political_posts / posts</c> when both are known and posts &gt; 0; else the share of its topics
    /// matched by <paramref name="lexicon"/> when it has topics; else unknown. Shares are clamped to [0, 1].
    /// </summary>
    public static ContentSignal Content(AccountAttributes? attributes, PoliticalLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        if (attributes is null) return new ContentSignal(null, ContentSource.Unknown, null, null, []);
        if (attributes.PoliticalShare is double s && double.IsFinite(s))
            return new ContentSignal(Math.Clamp(s, 0, 1), ContentSource.PoliticalShare, null, null, []);
        if (attributes.PoliticalPosts is long pp && attributes.Posts is long posts && posts > 0)
            return new ContentSignal(Math.Clamp((double)pp / posts, 0, 1), ContentSource.PoliticalPosts, null, null, []);
        if (attributes.Topics.Count > 0)
        {
            var matches = new List<TopicMatch>();
            foreach (string t in attributes.Topics)
                if (lexicon.Match(t) is { } term) matches.Add(new TopicMatch(t, term));
            return new ContentSignal((double)matches.Count / attributes.Topics.Count, ContentSource.Lexicon, matches.Count, attributes.Topics.Count, matches);
        }
        return new ContentSignal(null, ContentSource.Unknown, null, null, []);
    }

    private static MetricSignal Signal(string name, CentralityResult r, int v, double weight = 1) => new(name, r.Scores[v], r.RankOf(v), r.PercentileOf(v), weight);
}
