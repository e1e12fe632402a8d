using System.Globalization;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// Whether one account is an influencer candidate under a query and, when it is not, the first
/// threshold that excluded it, with the numbers (the "why not?" of the account detail).
/// </summary>
/// <param name="Account">Handle.</param>
/// <param name="IsCandidate">True when the account passes every filter.</param>
/// <param name="Rank">With <see cref="IsCandidate"/>: its rank among all candidates (1 = best; the query's <c>Top</c> may list fewer); else null.</param>
/// <param name="ExcludedBy">
/// Null for a candidate, else the first filter it fails, in the order applied: <c>political_account</c>
/// (marked is_political), <c>influence</c>, <c>betweenness</c> (the optional brokerage filter),
/// <c>activity</c>, <c>activity_unknown</c>, <c>engagement_unknown</c>, <c>politically_engaged</c>.
/// </param>
/// <param name="Reason">One line built from the numbers below: the candidate's reason, or what excluded it and by how much.</param>
/// <param name="Influence">Its composite influence.</param>
/// <param name="Metrics">The query's metrics with their weights.</param>
/// <param name="Activity">Its posts and percentile.</param>
/// <param name="Politics">Its political engagement (null for a political account, which is excluded before it is measured).</param>
public sealed record InfluencerVerdict(string Account, bool IsCandidate, int? Rank, string? ExcludedBy, string Reason,
    MetricSignal Influence, IReadOnlyList<MetricSignal> Metrics, ActivitySignal Activity, PoliticalEngagement? Politics)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The verdict on node <paramref name="node"/> under <paramref name="query"/> (same filters, same order as <see cref="Influencers.Find"/>).</summary>
    /// <param name="signals">Signals of the graph version.</param>
    /// <param name="node">Node id.</param>
    /// <param name="query">Null = defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The node id is out of range.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public static InfluencerVerdict Of(InfluenceSignals signals, int node, InfluencerQuery? query = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        query ??= new InfluencerQuery();
        query.Validate();
        return Of(signals, node, query, Influencers.Composite(signals, query),
            account => Influencers.Find(signals, query with { Top = 0 }).Candidates.First(c => c.Account == account));
    }

    /// <summary>
    /// The verdict on node <paramref name="node"/> from precomputed <paramref name="verdicts"/> (the composite score and the
    /// candidate list of one query on one graph version): the same answer as <see cref="Of(InfluenceSignals, int, InfluencerQuery?)"/>
    /// in O(k) for the query's k metrics instead of O(n log n), for a server answering many accounts.
    /// </summary>
    /// <param name="verdicts">Built once per (signals, query) by <see cref="InfluencerVerdicts.Of"/>.</param>
    /// <param name="node">Node id.</param>
    /// <exception cref="ArgumentOutOfRangeException">The node id is out of range.</exception>
    public static InfluencerVerdict Of(InfluencerVerdicts verdicts, int node)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        return Of(verdicts.Signals, node, verdicts.Query, verdicts.Composite, verdicts.Candidate);
    }

    private static InfluencerVerdict Of(InfluenceSignals signals, int node, InfluencerQuery query, Centrality.CentralityResult composite, Func<string, InfluencerCandidate> candidateOf)
    {
        var g = signals.State.Snapshot;
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, g.NodeCount);
        var influence = new MetricSignal("influence", composite.Scores[node], composite.RankOf(node), composite.PercentileOf(node));
        var metrics = query.Metrics.Select(m =>
        {
            var r = signals.ResultOf(m);
            return new MetricSignal(InfluencerQuery.MetricName(m), r.Scores[node], r.RankOf(node), r.PercentileOf(node), query.WeightOf(m));
        }).ToArray();
        var activity = new ActivitySignal(signals.PostsOf(node), signals.ActivityPercentileOf(node), signals.ActivityRankOf(node), signals.ActivityKnownCount);
        string account = g.Accounts[node];
        string metricsText = string.Join(", ", metrics.Where(m => m.Weight > 0).Select(MetricText));

        InfluencerVerdict Out(string by, string why, PoliticalEngagement? p) =>
            new(account, false, null, by, "not a candidate: " + why, influence, metrics, activity, p);

        if (signals.IsPolitical[node]) return Out("political_account", "marked is_political (political accounts are never candidates)", null);
        if (influence.Percentile < query.MinInfluencePercentile)
            return Out("influence", $"influence percentile {Pct(influence.Percentile)} (top {InfluencerReason.Top(influence.TopPercent)}) is below the required {Pct(query.MinInfluencePercentile)} (top {InfluencerReason.Top(100 - query.MinInfluencePercentile)}): {metricsText}", null);
        if (query.MinBetweennessPercentile is double minBc && signals.Betweenness.PercentileOf(node) < minBc)
            return Out("betweenness", $"betweenness percentile {Pct(signals.Betweenness.PercentileOf(node))} is below the required {Pct(minBc)}", null);
        if (activity.Posts is long posts)
        {
            if (query.MinPosts is long minPosts ? posts < minPosts : activity.Percentile < query.MinActivityPercentile)
                return Out("activity", query.MinPosts is long mp
                    ? $"{InfluencerReason.Count(posts)} posts, fewer than the required {InfluencerReason.Count(mp)}"
                    : $"{InfluencerReason.Count(posts)} posts (posts percentile {Pct(activity.Percentile!.Value)}) is below the required percentile {Pct(query.MinActivityPercentile)} (top {InfluencerReason.Top(100 - query.MinActivityPercentile)})", null);
        }
        else if (query.RequireKnownActivity) return Out("activity_unknown", "its post count is unknown and the query requires known activity", null);

        var politics = Influencers.Engagement(signals, node, query);
        if (!politics.IsKnown && !query.AllowUnknownEngagement)
            return Out("engagement_unknown", "its political engagement is unknown (no political content signal and no political account in the graph) and unknown engagement is not allowed", politics);
        if (politics.IsEngaged)
            return Out("politically_engaged", $"political engagement {politics.Score!.Value.ToString("0.00", Inv)} >= {politics.Threshold.ToString("0.00", Inv)} ({EngagementText(politics)})", politics);

        var candidate = candidateOf(account);
        return new InfluencerVerdict(account, true, candidate.Rank, null, $"candidate #{candidate.Rank.ToString(Inv)}: {candidate.Reason}", influence, metrics, activity, politics);
    }

    /// <summary>The engagement components as text: content, exposure, proximity, sphere.</summary>
    private static string EngagementText(PoliticalEngagement p)
    {
        var parts = new List<string>();
        parts.Add(p.Content.Share is double c ? $"{InfluencerReason.Share(c)} political content" : "political content unknown");
        if (p.Exposure.Share is double s)
            parts.Add($"follows {InfluencerReason.Count(p.Exposure.PoliticalFollowees)} of {InfluencerReason.Count(p.Exposure.PoliticalAccounts)} political accounts ({InfluencerReason.Share(p.Exposure.Coverage ?? 0)} of them; {InfluencerReason.Share(s)} of its {InfluencerReason.Count(p.Exposure.Followees)} followees)");
        if (p.Proximity.Percentile is double prox) parts.Add($"proximity to politics {InfluencerReason.Ordinal(prox)} percentile");
        if (p.Sphere is { } sp) parts.Add($"its sphere {sp.Id} is {InfluencerReason.Share(sp.PoliticalShare)} political");
        return string.Join(", ", parts);
    }

    private static string MetricText(MetricSignal m) => m.Metric switch
    {
        "pagerank" => $"top {InfluencerReason.Top(m.TopPercent)} by PageRank",
        "betweenness" => $"top {InfluencerReason.Top(m.TopPercent)} by betweenness",
        "followers" => $"{InfluencerReason.Count(m.Value)} followers (top {InfluencerReason.Top(m.TopPercent)})",
        "reach" => $"2-hop audience {InfluencerReason.Count(m.Value)} (top {InfluencerReason.Top(m.TopPercent)})",
        _ => $"top {InfluencerReason.Top(m.TopPercent)} by {m.Metric}",
    };

    private static string Pct(double p) => Math.Floor(p * 10) / 10 is var f ? f.ToString("0.#", Inv) : "";
}

/// <summary>
/// What every verdict of one influencer query on one graph version shares: the composite influence score of every account
/// and the full candidate list (<see cref="Influencers.Find"/> with no <c>Top</c> limit). Immutable; build it once and answer
/// each account with <see cref="InfluencerVerdict.Of(InfluencerVerdicts, int)"/>.
/// </summary>
public sealed class InfluencerVerdicts
{
    private readonly Dictionary<string, InfluencerCandidate> _candidates;

    private InfluencerVerdicts(InfluenceSignals signals, InfluencerQuery query, Centrality.CentralityResult composite, InfluencerReport report)
    {
        Signals = signals;
        Query = query;
        Composite = composite;
        Report = report;
        _candidates = report.Candidates.ToDictionary(c => c.Account, StringComparer.Ordinal);
    }

    /// <summary>Computes the composite and the candidate list of <paramref name="query"/> (null = defaults) on <paramref name="signals"/>: O(n k + n log n).</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public static InfluencerVerdicts Of(InfluenceSignals signals, InfluencerQuery? query = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        query ??= new InfluencerQuery();
        query.Validate();
        var all = query with { Top = 0 };
        return new InfluencerVerdicts(signals, all, Influencers.Composite(signals, all), Influencers.Find(signals, all));
    }

    /// <summary>The signals.</summary>
    public InfluenceSignals Signals { get; }

    /// <summary>The query (with <c>Top</c> = 0: every candidate).</summary>
    public InfluencerQuery Query { get; }

    /// <summary>The composite influence score of every account (metric <c>influence</c>).</summary>
    public Centrality.CentralityResult Composite { get; }

    /// <summary>Every candidate, best first.</summary>
    public InfluencerReport Report { get; }

    /// <summary>The candidate entry of <paramref name="account"/>.</summary>
    /// <exception cref="InvalidOperationException">The account is not a candidate.</exception>
    public InfluencerCandidate Candidate(string account) =>
        _candidates.TryGetValue(account, out var c) ? c : throw new InvalidOperationException($"'{account}' is not a candidate of this query.");
}
