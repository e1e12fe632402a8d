namespace InfluenceGraph.Core.Influence;

/// <summary>How many accounts each filter removed, in the order they are applied (an account is counted at the first filter it fails).</summary>
/// <param name="Accounts">Accounts in the graph.</param>
/// <param name="PoliticalAccounts">Removed because they are political accounts (<c>is_political</c>).</param>
/// <param name="BelowInfluence">Removed by the influence percentile.</param>
/// <param name="BelowActivity">Removed by the activity threshold.</param>
/// <param name="UnknownActivity">Removed because their posts are unknown (only with <see cref="InfluencerQuery.RequireKnownActivity"/>).</param>
/// <param name="PoliticallyEngaged">Removed because they are politically engaged.</param>
/// <param name="Matched">Accounts that passed every filter (before <see cref="InfluencerQuery.Top"/>).</param>
/// <param name="UnknownEngagement">Removed because their political engagement is unknown (no content signal and no political account in the graph), unless <see cref="InfluencerQuery.AllowUnknownEngagement"/>; applied after activity, before the engagement threshold.</param>
public sealed record FilterCounts(int Accounts, int PoliticalAccounts, int BelowInfluence, int BelowActivity, int UnknownActivity, int PoliticallyEngaged, int Matched,
    int UnknownEngagement = 0);

/// <summary>How the signals behind a report were obtained (what a reader must know to trust them).</summary>
/// <param name="BetweennessExact">True when betweenness used every account as a source.</param>
/// <param name="BetweennessSources">Sources (pivots) used, or the sampled shortest paths of a guaranteed-error estimate.</param>
/// <param name="ReachExact">True when every reach count is exact.</param>
/// <param name="ActivityKnownAccounts">Accounts with a known post count.</param>
/// <param name="PoliticalAccounts">Political accounts in the graph (0: exposure and proximity unknown).</param>
/// <param name="Lexicon">Name of the lexicon used for topics.</param>
/// <param name="LexiconTerms">Its number of terms.</param>
public sealed record SignalSummary(bool BetweennessExact, int BetweennessSources, bool ReachExact, int ActivityKnownAccounts,
    int PoliticalAccounts, string Lexicon, int LexiconTerms);

/// <summary>The result of an influencer query: ranked candidates with their explanations, the thresholds, and what was filtered.</summary>
/// <param name="Graph">Graph name.</param>
/// <param name="Version">Graph version the signals describe.</param>
/// <param name="Query">The query (thresholds, weights, metrics).</param>
/// <param name="Signals">How the signals were obtained.</param>
/// <param name="Counts">What each filter removed.</param>
/// <param name="Candidates">At most <see cref="InfluencerQuery.Top"/> candidates, best first.</param>
/// <param name="Notes">Graph-wide caveats, e.g. "activity unknown for every account".</param>
public sealed record InfluencerReport(string Graph, long Version, InfluencerQuery Query, SignalSummary Signals, FilterCounts Counts,
    IReadOnlyList<InfluencerCandidate> Candidates, IReadOnlyList<string> Notes);
