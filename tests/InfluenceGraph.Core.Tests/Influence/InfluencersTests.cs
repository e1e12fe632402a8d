using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class InfluencersTests
{
    private static AccountAttributes A(string account, long? posts = null, double? share = null, bool? political = null, params string[] topics) =>
        new() { Account = account, Posts = posts, PoliticalShare = share, IsPolitical = political, Topics = topics };

    /// <summary>Every threshold open: every non-political account is a candidate.</summary>
    private static readonly InfluencerQuery Open = new() { MinInfluencePercentile = 0, MinActivityPercentile = 0, MaxPoliticalEngagement = 1, Top = 0 };

    /*
        a -> h, b -> h, c -> h, d -> h, e (isolated)
        posts: a 10, b 10, c 5, d 0, h unknown, e no attributes
        known posts (ascending) 0, 5, 10, 10 -> percentiles d 0, c 25, a 50, b 50 (share strictly lower);
        ranks (1 = most) a 1, b 1, c 3, d 4.
    */
    [Fact]
    public void ActivityPercentile_TiesShareThePercentileAndRank_UnknownIsNull()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h\nd h\ne");
        var state = Fixtures.State(g, [A("a", 10), A("b", 10), A("c", 5), A("d", 0), A("h")]);
        var s = Fixtures.Signals(state);
        int Id(string x) { g.TryGetNode(x, out int v); return v; }
        Assert.Equal(4, s.ActivityKnownCount);
        Assert.Equal(50, s.ActivityPercentileOf(Id("a")));
        Assert.Equal(50, s.ActivityPercentileOf(Id("b")));
        Assert.Equal(25, s.ActivityPercentileOf(Id("c")));
        Assert.Equal(0, s.ActivityPercentileOf(Id("d")));
        Assert.Null(s.ActivityPercentileOf(Id("h")));
        Assert.Null(s.ActivityPercentileOf(Id("e")));
        Assert.Equal([1, 1, 3, 4], new[] { "a", "b", "c", "d" }.Select(x => s.ActivityRankOf(Id(x))!.Value));
        Assert.Equal(0L, s.PostsOf(Id("d")));
        Assert.Null(s.PostsOf(Id("e")));
    }

    [Fact]
    public void Find_ZeroPosts_FailsActivityPercentile_ButPassesMinPostsZero()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h\nd h\ne");
        var state = Fixtures.State(g, [A("a", 10), A("b", 10), A("c", 5), A("d", 0), A("h")]);
        var s = Fixtures.Signals(state);
        var strict = Influencers.Find(s, Open with { MinActivityPercentile = 20, AllowUnknownEngagement = true });
        Assert.DoesNotContain(strict.Candidates, c => c.Account == "d");
        Assert.Equal(1, strict.Counts.BelowActivity);
        var byPosts = Influencers.Find(s, Open with { MinActivityPercentile = 100, MinPosts = 0, AllowUnknownEngagement = true });
        var d = Assert.Single(byPosts.Candidates, c => c.Account == "d");
        Assert.Equal(0L, d.Activity.Posts);
        Assert.Contains("0 posts (top 100%)", d.Reason);
    }

    [Fact]
    public void Find_AccountWithoutAttributes_ActivityAndContentUnknown_DecidedOnTheRest()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h\nd h\ne");
        var state = Fixtures.State(g, [A("a", 10), A("b", 10), A("c", 5), A("d", 0)]);
        var s = Fixtures.Signals(state);
        var report = Influencers.Find(s, Open with { MinActivityPercentile = 90, AllowUnknownEngagement = true });
        var h = Assert.Single(report.Candidates, c => c.Account == "h"); // the hub, no attributes
        Assert.False(h.Activity.IsKnown);
        Assert.Equal(ContentSource.Unknown, h.Politics.Content.Source);
        Assert.Null(h.Politics.Score); // no political account and no content: nothing known
        Assert.False(h.Politics.IsEngaged);
        Assert.Contains("activity unknown", h.Reason);
        Assert.Contains("political content unknown", h.Reason);
        Assert.Contains("political engagement unknown", h.Reason);

        var required = Influencers.Find(s, Open with { MinActivityPercentile = 90, RequireKnownActivity = true, AllowUnknownEngagement = true });
        Assert.DoesNotContain(required.Candidates, c => c.Account == "h");
        Assert.Equal(2, required.Counts.UnknownActivity); // h and e
    }

    /*
        a -> h, b -> h, c -> h, d -> h, e (isolated); no political account, so exposure and proximity
        are unknown for everyone. Content: a 0.0, b 0.1 (political_share), c 1 topic of 2 political
        ("election"); d has posts only, h and e no attributes -> their engagement is unknown.
        Default: d, h, e are excluded (unknown is not "not engaged"); c scores 0.5 >= 0.25 (engaged).
    */
    [Fact]
    public void Find_UnknownEngagement_ExcludedByDefault_AdmittedOnlyWithOptIn()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h\nd h\ne");
        var state = Fixtures.State(g, [A("a", 10, 0.0), A("b", 10, 0.1), A("c", 10, null, null, "election", "cooking"), A("d", 10)]);
        var s = Fixtures.Signals(state);
        Assert.Equal(3, s.ContentKnownCount);

        var report = Influencers.Find(s, Open with { MaxPoliticalEngagement = 0.25 });
        Assert.Equal(["a", "b"], report.Candidates.Select(c => c.Account).Order());
        Assert.Equal(3, report.Counts.UnknownEngagement); // d, h, e
        Assert.Equal(1, report.Counts.PoliticallyEngaged); // c
        Assert.All(report.Candidates, c => Assert.NotNull(c.Politics.Score));
        Assert.DoesNotContain(report.Notes, n => n.Contains("unknown for every account"));

        var allowed = Influencers.Find(s, Open with { MaxPoliticalEngagement = 0.25, AllowUnknownEngagement = true });
        Assert.Equal(["a", "b", "d", "e", "h"], allowed.Candidates.Select(c => c.Account).Order());
        Assert.Equal(0, allowed.Counts.UnknownEngagement);
        Assert.Null(Assert.Single(allowed.Candidates, c => c.Account == "d").Politics.Score);
    }

    [Fact]
    public void Find_NothingPoliticalKnown_NoCandidate_NoteSaysWhatToImport()
    {
        // Posts only, no is_political, no share, no topics: the uk-mp-twitter-2022 / email-eu-core situation.
        var g = TestGraphs.FromText("a h\nb h\nc h");
        var state = Fixtures.State(g, [A("a", 10), A("b", 20), A("c", 30), A("h", 40)]);
        var s = Fixtures.Signals(state);
        Assert.Equal(0, s.ContentKnownCount);
        var report = Influencers.Find(s, Open);
        Assert.Empty(report.Candidates);
        Assert.Equal(4, report.Counts.UnknownEngagement);
        Assert.Contains("political engagement is unknown for every account: import is_political, political_share/political_posts or topics/hashtags, or pass --allow-unknown-engagement", report.Notes);

        var allowed = Influencers.Find(s, Open with { AllowUnknownEngagement = true });
        Assert.Equal(4, allowed.Candidates.Count);
        Assert.All(allowed.Candidates, c => Assert.EndsWith("political engagement unknown", c.Reason));
        Assert.Contains(allowed.Notes, n => n.StartsWith("political engagement is unknown for every account: candidates are decided on influence and activity alone"));
    }

    [Fact]
    public void Find_EmptyGraph_SaysSo_WithoutClaimsAboutItsAccounts()
    {
        // Accounts imported before any edge are "not in the graph": the graph has no node at all.
        var report = Influencers.Find(Fixtures.Signals(Fixtures.State(TestGraphs.FromText(""))), Open);
        Assert.Empty(report.Candidates);
        Assert.Equal(["the graph has no account"], report.Notes);
    }

    /*
        a -> p, b -> a, c (isolated); p political. Nobody has content, but the graph has a political
        account, so exposure and proximity are measured for everyone: every engagement is known.
    */
    [Fact]
    public void Find_PoliticalAccountsPresent_ContentUnknown_EngagementStillKnown()
    {
        var g = TestGraphs.FromText("a p\nb a\nc");
        var state = Fixtures.State(g, [A("p", political: true)]);
        var report = Influencers.Find(Fixtures.Signals(state), Open);
        Assert.Equal(["a", "b", "c"], report.Candidates.Select(c => c.Account).Order());
        Assert.Equal(0, report.Counts.UnknownEngagement);
        var a = Assert.Single(report.Candidates, c => c.Account == "a");
        Assert.Equal(1.0, a.Politics.Exposure.Share); // follows p and only p
    }

    [Fact]
    public void Find_NoPoliticalAccount_ExposureUnknown_ContentAloneDecides()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h");
        var state = Fixtures.State(g, [A("h", 100, 0.2), A("a", 50, 0.3), A("b", 10, 0.0)]);
        var report = Influencers.Find(Fixtures.Signals(state), Open with { MaxPoliticalEngagement = 0.25 });
        Assert.Contains(report.Notes, n => n.Contains("exposure and proximity unknown"));
        var h = Assert.Single(report.Candidates, c => c.Account == "h");
        Assert.Null(h.Politics.Exposure.Share);
        Assert.Null(h.Politics.Proximity.Percentile);
        Assert.Equal(0.2, h.Politics.Score!.Value, 12); // 0.6 x 0.2 / 0.6: content alone
        Assert.Contains("exposure unknown (no political account in the graph)", h.Reason);
        Assert.DoesNotContain(report.Candidates, c => c.Account == "a"); // 0.3 >= 0.25: engaged
        Assert.Equal(1, report.Counts.PoliticallyEngaged);
    }

    [Fact]
    public void Find_AllPoliticalGraph_NoCandidates()
    {
        var g = TestGraphs.FromText("a b\nb c\nc a");
        var state = Fixtures.State(g, [A("a", 5, political: true), A("b", 5, political: true), A("c", 5, political: true)]);
        var report = Influencers.Find(Fixtures.Signals(state), Open);
        Assert.Empty(report.Candidates);
        Assert.Equal(3, report.Counts.PoliticalAccounts);
        Assert.Contains(report.Notes, n => n.Contains("every account is political"));
    }

    /*
        p -> a        p is political; b -> c is a separate pair.
        Personalized PageRank restarts at p: p's rank flows to a, a is dangling and returns it to p:
        PPR(p) = 1/(1+alpha), PPR(a) = alpha/(1+alpha), PPR(b) = PPR(c) = 0.
        Plain PageRank: a gets p's rank on top of the common floor, so PR(a) > PR(p); hence
        lift(p) > lift(a) > lift(b) = lift(c) = 0 and the lift percentiles are p 75, a 50, b = c 0.
        a: content 0.1 (political_share), follows nobody (exposure 0 of 0 -> 0, covers 0 of 1), proximity 0.50,
        sphere {p, a} (the two pairs are the Leiden communities) is 1/2 political:
        engagement = (0.6 x 0.1 + 0.2 x 0 + 0.2 x 0.50 + 0.2 x 0.5) / 1.2 = 0.26 / 1.2.
    */
    [Fact]
    public void Engagement_HandCheckedProximityAndWeights()
    {
        var g = TestGraphs.FromText("p a\nb c");
        var state = Fixtures.State(g, [A("p", 10, political: true), A("a", 10, 0.1), A("b", 10, 0.0), A("c", 10, 0.0)]);
        var s = Fixtures.Signals(state);
        int Id(string x) { g.TryGetNode(x, out int v); return v; }
        double alpha = 0.85;
        Assert.Equal(1 / (1 + alpha), s.PoliticalPageRank!.Scores[Id("p")], 9);
        Assert.Equal(alpha / (1 + alpha), s.PoliticalPageRank.Scores[Id("a")], 9);
        var e = Influencers.Engagement(s, Id("a"), new InfluencerQuery());
        Assert.Equal(50, e.Proximity.Percentile);
        Assert.Equal(0.0, e.Exposure.Share);
        Assert.Equal(new SphereSignal(e.Sphere!.Id, 2, 1, 0.5), e.Sphere);
        Assert.Equal(0.26 / 1.2, e.Score!.Value, 12);
        Assert.False(e.IsEngaged);
        Assert.Equal(0, Influencers.Engagement(s, Id("b"), new InfluencerQuery()).Proximity.Percentile);

        var heavy = Influencers.Engagement(s, Id("a"), new InfluencerQuery { EngagementWeights = new(0, 0, 1, 0), MaxPoliticalEngagement = 0.5 });
        Assert.Equal(0.5, heavy.Score!.Value, 12);
        Assert.True(heavy.IsEngaged); // >= threshold
    }

    /*
        u -> p1, u -> p2, u -> x, u -> y, u -> u (self-loop ignored)     p1, p2 political
        exposure(u) = max(2 political of 4 followees = 0.5, 2 of the graph's 2 political accounts = 1) = 1
    */
    [Fact]
    public void Exposure_CountsPoliticalFollowees_IgnoresSelfLoop()
    {
        var g = TestGraphs.FromText("u p1\nu p2\nu x\nu y\nu u");
        var state = Fixtures.State(g, [A("p1", political: true), A("p2", political: true), A("u", 40, 0.0)]);
        var report = Influencers.Find(Fixtures.Signals(state), Open);
        var u = Assert.Single(report.Candidates, c => c.Account == "u");
        Assert.Equal(new ExposureSignal(2, 4, 2, 0.5, 1.0), u.Politics.Exposure);
        Assert.Equal(1.0, u.Politics.Exposure.Value);
        Assert.Contains("follows 2 of 2 political accounts (100% of them; 50% of its 4 followees)", u.Reason);
        Assert.DoesNotContain(report.Candidates, c => c.Account is "p1" or "p2");
    }

    /*
        a -> h, b -> h, c -> h  (star; h follows nobody)
        followers percentiles: h 75 (3 of 4 lower), a = b = c 0.
        Composite on followers alone: h 75, others 0 -> influence percentile h 75, others 0.
    */
    [Fact]
    public void Composite_IsWeightedMeanOfPercentiles()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h");
        var s = Fixtures.Signals(Fixtures.State(g));
        int Id(string x) { g.TryGetNode(x, out int v); return v; }
        var followersOnly = Influencers.Composite(s, new InfluencerQuery { Metrics = [InfluenceMetric.Followers] });
        Assert.Equal(75, followersOnly.Scores[Id("h")]);
        Assert.Equal(0, followersOnly.Scores[Id("a")]);
        Assert.Equal(75, followersOnly.PercentileOf(Id("h")));

        // PageRank percentile of h is 75 too (a, b, c tie at the floor); betweenness is 0 for everyone.
        var q = new InfluencerQuery { Metrics = [InfluenceMetric.Followers, InfluenceMetric.Betweenness], MetricWeights = new Dictionary<InfluenceMetric, double> { [InfluenceMetric.Betweenness] = 3 } };
        Assert.Equal((1 * 75 + 3 * 0) / 4.0, Influencers.Composite(s, q).Scores[Id("h")], 12);
    }

    [Fact]
    public void Find_RanksByCompositeThenHandle_AndTopCutsTheList()
    {
        var g = TestGraphs.FromText("a h\nb h\nc h\na k\nb k\nc k");
        var report = Influencers.Find(Fixtures.Signals(Fixtures.State(g)), Open with { Top = 1, AllowUnknownEngagement = true });
        var only = Assert.Single(report.Candidates);
        Assert.Equal("h", only.Account); // h and k tie on every metric; h < k ordinally
        Assert.Equal(1, only.Rank);
        Assert.Equal(5, report.Counts.Matched);
    }

    [Fact]
    public void Validate_RejectsOutOfRangeThresholdsNamingTheMember()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new InfluencerQuery { MinInfluencePercentile = 101 }.Validate());
        Assert.Equal("MinInfluencePercentile", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InfluencerQuery { MaxPoliticalEngagement = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new InfluencerQuery { Metrics = [] }.Validate());
        Assert.Throws<ArgumentException>(() => new InfluencerQuery { Metrics = [InfluenceMetric.Reach, InfluenceMetric.Reach] }.Validate());
        Assert.Throws<ArgumentException>(() => new InfluencerQuery { EngagementWeights = new(0, 0, 0, 0) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new InfluencerQuery { Top = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => InfluencerQuery.ParseMetric("hits"));
        Assert.Equal(InfluenceMetric.Followers, InfluencerQuery.ParseMetric("In_Degree"));
    }

    [Fact]
    public void FromResults_ResultOfAnotherSnapshot_Throws()
    {
        var g1 = TestGraphs.FromText("a b");
        var g2 = TestGraphs.FromText("a b");
        var state = Fixtures.State(g1);
        var ex = Assert.Throws<ArgumentException>(() => InfluenceSignals.FromResults(state,
            ReferenceCentrality.PageRank(g2), ReferenceCentrality.Betweenness(g1), null));
        Assert.Contains("another snapshot", ex.Message);
    }

    [Fact]
    public void Content_SourcesInPriorityOrder()
    {
        var lex = PoliticalLexicon.FromTerms(["election*"]);
        Assert.Equal(ContentSource.PoliticalShare, Influencers.Content(A("x", 10, 0.3, null, "elections"), lex).Source);
        var pp = Influencers.Content(new AccountAttributes { Account = "x", Posts = 40, PoliticalPosts = 10 }, lex);
        Assert.Equal((0.25, ContentSource.PoliticalPosts), (pp.Share!.Value, pp.Source));
        var t = Influencers.Content(A("x", 10, null, null, "elections2026", "cats", "#Election", "dogs"), lex);
        Assert.Equal((0.5, ContentSource.Lexicon, 2, 4), (t.Share!.Value, t.Source, t.PoliticalTopics!.Value, t.Topics!.Value));
        Assert.Equal(["elections2026", "#Election"], t.MatchedTopics.Select(m => m.Topic));
        Assert.Equal(ContentSource.Unknown, Influencers.Content(A("x", 10), lex).Source);
        Assert.Equal(ContentSource.Unknown, Influencers.Content(new AccountAttributes { Account = "x", Posts = 0, PoliticalPosts = 0 }, lex).Source);
    }

    [Fact]
    public void Compute_EmptyGraph_NoCandidatesNoError()
    {
        var report = Influencers.Compute(Fixtures.State(GraphSnapshot.Empty));
        Assert.Empty(report.Candidates);
        Assert.Equal(new FilterCounts(0, 0, 0, 0, 0, 0, 0), report.Counts);
    }
}
