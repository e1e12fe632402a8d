using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Core.Communities;

namespace InfluenceGraph.Api.Contracts;

/// <summary>
/// Example values of the contracts, shown in the OpenAPI document. They describe the three-account
/// graph of the README (alice and carol follow bob, bob follows carol).
/// </summary>
public static class ContractExamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static readonly InfluenceGraph.Core.Changes.RankMove Mover = new("carol", 2, 1, 1, 2, 1, 1, 2,
        "rose from #2 to #1 by followers (1 → 2); followers 1 → 2 (+1)");

    private static readonly ImportReportDto Report = new(7, "default", "edges", "edges.csv", "csv", "append", 3, 3, 0, 0, true, 0, false, 3, 0, 0, 0, [], true, 3, 12.5);

    private static readonly GraphSummary Summary = new("default", 3, 3, 3, 0, false, 0.5, 2.0 / 3, 2, 2, "collapse", "keep", At, At, Report);

    private static readonly JobStatus Job = new("9f86d081884c7d65", "analysis", "default", "running", 0.42, "betweenness: 1024 of 2438 sources",
        At, At.AddSeconds(1), null, 5234.0, null,
        [new JobStep("pagerank", "succeeded", 812.0, "/graphs/default/rankings/pagerank"), new JobStep("betweenness", "running", 4422.0, null)],
        null, null);

    // The top candidate of GET /graphs/default/influencers on the current demo network
    // (OpenApiExamplesTests checks that it still is).
    private static readonly InfluencerDto Candidate = new(1, "arou",
        "influence top 0.2%: top 0.6% by PageRank, top 0.1% by betweenness, 232 followers (top 0.4%), 2-hop audience 1,700 (top 0.5%); 1,851 posts (top 0.3%); 2% political content; follows 0 of 46 political accounts; proximity to politics 86th percentile; political engagement 0.19 < 0.25",
        new InfluencerMetricDto("influence", 99.65833333333333, 4, 99.86666666666666),
        [
            new InfluencerMetricDto("pagerank", 0.0048652456244689364, 17, 99.43333333333334),
            new InfluencerMetricDto("betweenness", 0.03251807924593962, 1, 99.96666666666667),
            new InfluencerMetricDto("followers", 232, 10, 99.66666666666667),
            new InfluencerMetricDto("reach", 1700, 13, 99.56666666666666),
        ],
        new ActivityDto(1851, 99.72612119137281, 8, 2921),
        new PoliticsDto(false, 0.1854, 0.25, 0.6, 0.2, 0.2,
            new ContentDto(0.021, "political_share", null, null, []),
            new ExposureDto(0, 59, 46, 0),
            new ProximityDto(0.003755166863531943, 0.7718350014326022, 86.4)));

    // The political sphere of the demo network (GET /graphs/default/communities, default parameters), lists cut to two.
    private static readonly SphereProfile Sphere = new(8, "#politique #parlement", 80, 0.02666666666666667, 3059, 1324, 1253, 0.5427608232789212,
        46, 0.575, 32, 0.4,
        [new SphereTopic("politique", 20, 1.3066666666666666, 49, 15.306122448979592), new SphereTopic("parlement", 18, 1.3866666666666667, 52, 12.98076923076923)],
        [new SphereAccount("arya7", 0.0012713237960312472, 102, 64, false), new SphereAccount("riou_amsa6", 0.0012696547831962612, 103, 81, false)],
        [], [new SphereLink(1, 192, 175), new SphereLink(0, 177, 174)]);

    private static readonly PartitionDto DemoPartition = new(9, 0.5790304696712018, 0.5790304696712018, 2, false, "tolerance");

    private static readonly SortedDictionary<string, object> LeidenDefaults = new(StringComparer.Ordinal)
    {
        ["directed"] = false, ["maxIterations"] = 10, ["objective"] = "modularity", ["resolution"] = 1.0, ["seed"] = 42L, ["tolerance"] = 0.001,
    };

    // Exact betweenness of the three-account graph: 3 sources × (3 accounts + 3 follows) edge visits.
    private static readonly MetricCostDto EstimateRow = new("betweenness",
        new SortedDictionary<string, object>(StringComparer.Ordinal) { ["endpoints"] = false, ["normalized"] = true }, 18, 0, 144, false, "request");

    private static readonly AnalysisEstimateDto Estimate = new("default", 3, 3, 3, [EstimateRow], 18, 0, 144, 5e7,
        new StartRequestDto("POST", "/graphs/default/analyses", new AnalysisRequest { Metrics = ["betweenness"] }));

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(SphereProfile)] = Sphere,
        [typeof(SphereTopic)] = Sphere.Topics[0],
        [typeof(EdgeDto)] = new EdgeDto("alice", "bob", null),
        [typeof(EdgePage)] = new EdgePage("default", 3, 3, 0, [new EdgeDto("alice", "bob", null), new EdgeDto("bob", "carol", null), new EdgeDto("carol", "bob", null)], null),
        [typeof(MetricCostDto)] = EstimateRow,
        [typeof(StartRequestDto)] = Estimate.Start,
        [typeof(AnalysisEstimateDto)] = Estimate,
        [typeof(SphereAccount)] = Sphere.TopAccounts[0],
        [typeof(SphereLink)] = Sphere.Links[0],
        [typeof(PartitionDto)] = DemoPartition,
        [typeof(SpherePage)] = new SpherePage("default", 1, LeidenDefaults, DemoPartition, 9, 8, [Sphere], null),
        [typeof(SphereDetailDto)] = new SphereDetailDto("default", 1, LeidenDefaults, DemoPartition, Sphere),
        [typeof(MembershipRow)] = new MembershipRow("arya7", 8),
        [typeof(MembershipPage)] = new MembershipPage("default", 1, LeidenDefaults, DemoPartition, [new MembershipRow("arya7", 8)]),
        [typeof(AccountSphereDto)] = new AccountSphereDto(8, "#politique #parlement", 80, 0.575),
        [typeof(InfluencerDto)] = Candidate,
        [typeof(InfluencerMetricDto)] = Candidate.Influence,
        [typeof(ActivityDto)] = Candidate.Activity,
        [typeof(PoliticsDto)] = Candidate.Politics,
        [typeof(ContentDto)] = new ContentDto(0.25, "lexicon", 1, 4, [new TopicMatchDto("#elections2026", "election*")]),
        [typeof(TopicMatchDto)] = new TopicMatchDto("#elections2026", "election*"),
        [typeof(ExposureDto)] = Candidate.Politics.Exposure,
        [typeof(ProximityDto)] = Candidate.Politics.Proximity,
        [typeof(FilterCountsDto)] = new FilterCountsDto(3000, 46, 2822, 76, 0, 32, 24, 0),
        [typeof(SignalSummaryDto)] = new SignalSummaryDto(true, 3000, true, 2921, 46, "default", 195),
        [typeof(InfluencerPage)] = new InfluencerPage("default", 1,
            new SortedDictionary<string, object> { ["maxPoliticalEngagement"] = 0.25, ["minActivityPercentile"] = 90, ["minInfluencePercentile"] = 95, ["metrics"] = "pagerank,betweenness,followers,reach" },
            new SignalSummaryDto(true, 3000, true, 2921, 46, "default", 195), new FilterCountsDto(3000, 46, 2822, 76, 0, 32, 24, 0),
            24, 0, [Candidate], "MS4xLjdlM2IxYzZkOWYwYTExMmI", []),
        [typeof(GraphSummary)] = Summary,
        [typeof(GraphList)] = new GraphList([Summary]),
        [typeof(CreateGraphRequest)] = new CreateGraphRequest { Name = "campaign-2026", DuplicateEdges = "collapse", SelfLoops = "keep" },
        [typeof(ImportReportDto)] = Report,
        [typeof(ImportRejectionDto)] = new ImportRejectionDto(17, "weight", "'abc' is not a finite number >= 0"),
        [typeof(RankingRow)] = new RankingRow(1, "bob", 0.3877, 66.66666666666667),
        [typeof(RankingPage)] = new RankingPage("default", 3, "pagerank",
            new SortedDictionary<string, object> { ["alpha"] = 0.85, ["maxIterations"] = 200, ["tolerance"] = 1e-9, ["weighted"] = false },
            3, 0, [new RankingRow(1, "bob", 0.3877, 66.66666666666667), new RankingRow(2, "carol", 0.3799, 33.333333333333336)],
            "MS4yLjdlM2IxYzZkOWYwYTExMmI", new ComputationInfo(0.4, At, Iterations: 21, Converged: true, Residual: 6.1e-10)),
        [typeof(ComputationInfo)] = new ComputationInfo(0.4, At, Iterations: 21, Converged: true, Residual: 6.1e-10),
        [typeof(AccountAttributesDto)] = new AccountAttributesDto("Bob", 140, 1, 0.01, false, ["football", "music"], "fr", new Dictionary<string, string>()),
        [typeof(AccountMetric)] = new AccountMetric("followers", "computed", 2, 1, 66.66666666666667),
        [typeof(AccountDetail)] = new AccountDetail("default", 3, "bob", true, 2, 1,
            new AccountAttributesDto("Bob", 140, 1, 0.01, false, ["football", "music"], "fr", new Dictionary<string, string>()),
            [new AccountMetric("followers", "computed", 2, 1, 66.66666666666667), new AccountMetric("betweenness", "not_computed", null, null, null)]),
        [typeof(NeighbourRow)] = new NeighbourRow("carol", 1),
        [typeof(NeighbourPage)] = new NeighbourPage("default", 3, "bob", "followers", 2, 0, [new NeighbourRow("carol", 1), new NeighbourRow("alice", 0)], null),
        [typeof(AudienceHop)] = new AudienceHop(1, 2, 2, 2.0 / 3),
        [typeof(AudienceResponse)] = new AudienceResponse("default", 3, "bob", 2, 3, 2, 2.0 / 3, true, "hop 2 reaches nobody new: these 2 accounts are everyone who ever sees its posts",
            [new AudienceHop(1, 2, 2, 2.0 / 3), new AudienceHop(2, 0, 2, 2.0 / 3)]),
        [typeof(AudienceSetRequest)] = new AudienceSetRequest { Accounts = ["bob", "carol"], Hops = 2 },
        // README graph, 2 hops: A(bob) = {alice, carol}, A(carol) = {bob, alice}
        [typeof(AudienceMemberDto)] = new AudienceMemberDto("bob", 2, 2.0 / 3, 1, 0.5),
        [typeof(AudienceOverlapDto)] = new AudienceOverlapDto(["bob", "carol"], [[2, 1], [1, 2]], [[1, 1.0 / 3], [1.0 / 3, 1]], [[1, 0.5], [0.5, 1]]),
        [typeof(AudienceSetResponse)] = new AudienceSetResponse("default", 3, 2, 3, 3, 1, 3, 4,
            [new AudienceMemberDto("bob", 2, 2.0 / 3, 1, 0.5), new AudienceMemberDto("carol", 2, 2.0 / 3, 1, 0.5)],
            new AudienceOverlapDto(["bob", "carol"], [[2, 1], [1, 2]], [[1, 1.0 / 3], [1.0 / 3, 1]], [[1, 0.5], [0.5, 1]]), []),
        [typeof(PathResponse)] = new PathResponse("default", 3, "carol", "alice", true, 2, 1, [["carol", "bob", "alice"]], false, null),
        [typeof(JobStatus)] = Job,
        [typeof(JobStep)] = new JobStep("pagerank", "succeeded", 812.0, "/graphs/default/rankings/pagerank"),
        [typeof(JobError)] = new JobError("/problems/import-format", "Unreadable import", 400, "edges.csv:17: field 'weight': 'abc' is not a finite number >= 0"),
        [typeof(AnalysisRequest)] = new AnalysisRequest { Metrics = ["pagerank", "betweenness"] },
        [typeof(MetricOptionInfo)] = MetricOptionInfo.Of(InfluenceGraph.Core.Metrics.MetricCatalog.Default.Find("pagerank")!.Parameter("alpha")!),
        [typeof(MetricInfo)] = MetricInfo.Of(InfluenceGraph.Core.Metrics.MetricCatalog.Default.Find("followers")!),
        [typeof(MetricList)] = new MetricList([MetricInfo.Of(InfluenceGraph.Core.Metrics.MetricCatalog.Default.Find("followers")!)]),
        [typeof(EgoNode)] = new EgoNode("bob", "mutual", 2, 1, false),
        [typeof(EgoNetwork)] = new EgoNetwork("default", 3, "bob", 2, false,
            [new EgoNode("bob", "self", 2, 1, false), new EgoNode("carol", "mutual", 1, 1, false), new EgoNode("alice", "follower", 0, 1, null)],
            [[0, 1], [1, 0], [2, 0]], false),
        [typeof(OverviewNodes)] = new OverviewNodes(["bob", "carol", "alice"], [2, 1, 0], [0.3877, 0.3799, 0.05], [false, false, null]),
        [typeof(OverviewEdges)] = new OverviewEdges([1, 1, 1], [1, 0, 0]),
        [typeof(OverviewNetwork)] = new OverviewNetwork("default", 3, 3, "pagerank", 3,
            new OverviewNodes(["bob", "carol", "alice"], [2, 1, 0], [0.3877, 0.3799, 0.05], [false, false, null]),
            new OverviewEdges([1, 1, 1], [1, 0, 0]), false),
        // Version 2 of the README graph added "dave carol": carol, now followed by bob and dave, ties bob for first.
        [typeof(VersionRow)] = new VersionRow(2, At, 8, "edges", 4, 4),
        [typeof(VersionList)] = new VersionList("default", 2, [new VersionRow(1, At.AddDays(-7), 7, "edges", 3, 3), new VersionRow(2, At, 8, "edges", 4, 4)]),
        [typeof(ChangeSide)] = new ChangeSide("default", 1, 3, 3),
        [typeof(KendallTauBSummary)] = new KendallTauBSummary(0.816496580927726, 0.22067136191984693, 3),
        [typeof(RboSummary)] = new RboSummary(0.9, 0.5225283643313484, 1.0, 0.4774716356686515, 1.0),
        [typeof(InfluenceGraph.Core.Changes.TopOverlap)] = new InfluenceGraph.Core.Changes.TopOverlap(10, 3, 1.0),
        [typeof(InfluenceGraph.Core.Changes.RankMove)] = Mover,
        [typeof(ChangesResponse)] = new ChangesResponse("followers", new ChangeSide("default", 1, 3, 3), new ChangeSide("default", 2, 4, 4),
            new KendallTauBSummary(0.816496580927726, 0.22067136191984693, 3), new RboSummary(0.9, 0.5225283643313484, 1.0, 0.4774716356686515, 1.0),
            [new InfluenceGraph.Core.Changes.TopOverlap(10, 3, 1.0)], [Mover], [], [], [], 1),
        [typeof(ProblemsEndpoints.ProblemTypeInfo)] = new ProblemsEndpoints.ProblemTypeInfo("/problems/graph-not-found", 404, "Graph not found", "No graph has this name."),
    };

    /// <summary>The example of <paramref name="type"/>, or null.</summary>
    public static object? For(Type type) => Examples.GetValueOrDefault(type);
}
