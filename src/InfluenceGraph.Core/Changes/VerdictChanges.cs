using System.Globalization;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Changes;

/// <summary>One account whose influencer verdict changed between two sides.</summary>
/// <param name="Account">Handle.</param>
/// <param name="RankFrom">Its candidate rank on the earlier side, or null when it was not a candidate (or not in the graph).</param>
/// <param name="RankTo">Its candidate rank on the later side, or null when it is not a candidate (or not in the graph).</param>
/// <param name="ExcludedBy">The filter that excludes it on the side where it is not a candidate (<see cref="InfluencerVerdict.ExcludedBy"/>), or <c>absent</c> when it is not in that side's graph.</param>
/// <param name="Signal">The signal that changed, with its numbers on both sides, e.g. "crossed the activity threshold: 310 → 1,204 posts (required 1,000)".</param>
/// <param name="Reason">The verdict on the side where it is not a candidate (the same text as the account's verdict there).</param>
public sealed record VerdictChange(string Account, int? RankFrom, int? RankTo, string ExcludedBy, string Signal, string Reason);

/// <summary>Who became an influencer candidate between two sides, and who stopped being one.</summary>
/// <param name="CandidatesFrom">Candidates on the earlier side.</param>
/// <param name="CandidatesTo">Candidates on the later side.</param>
/// <param name="BecameCount">Accounts that are candidates only on the later side.</param>
/// <param name="StoppedCount">Accounts that are candidates only on the earlier side.</param>
/// <param name="Became">The first of them (by later rank), each with the signal that changed.</param>
/// <param name="Stopped">The first of those (by earlier rank), each with the signal that changed.</param>
public sealed record VerdictChanges(int CandidatesFrom, int CandidatesTo, int BecameCount, int StoppedCount,
    IReadOnlyList<VerdictChange> Became, IReadOnlyList<VerdictChange> Stopped);

/// <summary>
/// The influencer verdict diff: the candidates of one <see cref="InfluencerQuery"/> on two versions (or two graphs, matched
/// by handle), and for each account that became or stopped being a candidate, the filter that decides it and how its
/// numbers moved. Built from the same signals and filters as <see cref="InfluencerVerdict.Of(InfluenceSignals, int, InfluencerQuery?)"/>, so the texts agree with
/// the account's verdict on each side.
/// </summary>
public static class VerdictDiff
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Compares the candidates of <paramref name="query"/> on <paramref name="from"/> and <paramref name="to"/>.</summary>
    /// <param name="from">Signals of the earlier side.</param>
    /// <param name="to">Signals of the later side.</param>
    /// <param name="query">Filters and metrics (its <see cref="InfluencerQuery.Top"/> is ignored: every candidate counts); null = defaults.</param>
    /// <param name="limit">How many accounts each list explains (1..10,000); the counts cover all.</param>
    /// <returns>The two lists; O(n log n) per side plus one verdict per listed account.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1..10,000.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public static VerdictChanges Compare(InfluenceSignals from, InfluenceSignals to, InfluencerQuery? query = null, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        query = (query ?? new InfluencerQuery()) with { Top = 0 };
        query.Validate();
        var a = Influencers.Find(from, query).Candidates.ToDictionary(c => c.Account, StringComparer.Ordinal);
        var b = Influencers.Find(to, query).Candidates.ToDictionary(c => c.Account, StringComparer.Ordinal);
        var became = b.Values.Where(c => !a.ContainsKey(c.Account)).OrderBy(c => c.Rank).ToList();
        var stopped = a.Values.Where(c => !b.ContainsKey(c.Account)).OrderBy(c => c.Rank).ToList();
        return new VerdictChanges(a.Count, b.Count, became.Count, stopped.Count,
            became.Take(limit).Select(c => Explain(c, from, query, becameCandidate: true)).ToList(),
            stopped.Take(limit).Select(c => Explain(c, to, query, becameCandidate: false)).ToList());
    }

    /// <summary>Explains one change from the verdict on the side where <paramref name="candidate"/> is not a candidate.</summary>
    private static VerdictChange Explain(InfluencerCandidate candidate, InfluenceSignals other, InfluencerQuery query, bool becameCandidate)
    {
        int? rankFrom = becameCandidate ? null : candidate.Rank, rankTo = becameCandidate ? candidate.Rank : null;
        if (!other.State.Snapshot.TryGetNode(candidate.Account, out int node))
            return new VerdictChange(candidate.Account, rankFrom, rankTo, "absent",
                becameCandidate ? "new account: not in the earlier graph" : "no longer in the graph", "not in the graph");
        var verdict = InfluencerVerdict.Of(other, node, query);
        string signal = Signal(candidate, verdict, query, becameCandidate);
        return new VerdictChange(candidate.Account, rankFrom, rankTo, verdict.ExcludedBy ?? "none", signal, verdict.Reason);
    }

    /// <summary>The signal text: the excluding filter, with its number on the excluded side → the candidate side.</summary>
    private static string Signal(InfluencerCandidate c, InfluencerVerdict excluded, InfluencerQuery q, bool became)
    {
        string Pair<T>(T excludedValue, T candidateValue, Func<T, string> f) =>
            became ? $"{f(excludedValue)} → {f(candidateValue)}" : $"{f(candidateValue)} → {f(excludedValue)}";
        static string Pct(double p) => (Math.Floor(p * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture);
        switch (excluded.ExcludedBy)
        {
            case "activity":
                {
                    string posts = Pair(excluded.Activity.Posts ?? 0, c.Activity.Posts ?? 0, p => InfluencerReason.Count(p)) + " posts";
                    string need = q.MinPosts is long mp ? $"required {InfluencerReason.Count(mp)}" : $"required posts percentile {Pct(q.MinActivityPercentile)}";
                    return (became ? "crossed the activity threshold: " : "fell below the activity threshold: ") + posts + $" ({need})";
                }
            case "influence":
                return (became ? "rose above the influence threshold: " : "fell below the influence threshold: ")
                    + "influence percentile " + Pair(excluded.Influence.Percentile, c.Influence.Percentile, Pct) + $" (required {Pct(q.MinInfluencePercentile)})";
            case "politically_engaged":
                {
                    var p = excluded.Politics!;
                    int followsThere = p.Exposure.PoliticalFollowees, followsHere = c.Politics.Exposure.PoliticalFollowees;
                    string engagement = "political engagement " + Pair(p.Score ?? 0, c.Politics.Score ?? 0, x => x.ToString("0.00", Inv)) + $" (threshold {p.Threshold.ToString("0.00", Inv)})";
                    string follows = became
                        ? (followsThere != followsHere ? $"; follows {InfluencerReason.Count(followsHere)} political accounts, was {InfluencerReason.Count(followsThere)}" : "")
                        : (followsThere != followsHere ? $"; now follows {InfluencerReason.Count(followsThere)} political accounts, was {InfluencerReason.Count(followsHere)}" : "");
                    return (became ? "no longer politically engaged: " : "became politically engaged: ") + engagement + follows;
                }
            case "political_account":
                return became ? "no longer marked is_political" : "now marked is_political";
            case "betweenness":
                return (became ? "rose above" : "fell below") + " the betweenness threshold";
            case "activity_unknown":
                return became ? "its post count became known" : "its post count is no longer known";
            case "engagement_unknown":
                return became ? "its political engagement became known" : "its political engagement is no longer known";
            default:
                // A candidate on both sides under the same filters cannot reach here; the rank cut-off is not a filter.
                return excluded.Reason;
        }
    }
}
