using InfluenceGraph.Api.Endpoints;

namespace InfluenceGraph.Api.Contracts;

/// <summary>
/// Example values of the contracts, shown in the OpenAPI document. They describe the three-account
/// graph of the README (alice and carol follow bob, bob follows carol).
/// </summary>
public static class ContractExamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static readonly GraphSummary Summary = new("default", 3, 3, 3, 0, false, 0.5, 2.0 / 3, 2, 2, "collapse", "keep", At, At);

    private static readonly ImportReportDto Report = new(7, "default", "edges", "edges.csv", "csv", "append", 3, 3, 0, 0, true, 3, 0, 0, [], true, 3, 12.5);

    private static readonly JobStatus Job = new("9f86d081884c7d65", "analysis", "default", "running", 0.42, "betweenness: 1024 of 2438 sources",
        At, At.AddSeconds(1), null, 5234.0, null,
        [new JobStep("pagerank", "succeeded", 812.0, "/graphs/default/rankings/pagerank"), new JobStep("betweenness", "running", 4422.0, null)],
        null, null);

    private static readonly Dictionary<Type, object> Examples = new()
    {
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
        [typeof(AccountMetric)] = new AccountMetric("in_degree", "computed", 2, 1, 66.66666666666667),
        [typeof(AccountDetail)] = new AccountDetail("default", 3, "bob", true, 2, 1,
            new AccountAttributesDto("Bob", 140, 1, 0.01, false, ["football", "music"], "fr", new Dictionary<string, string>()),
            [new AccountMetric("in_degree", "computed", 2, 1, 66.66666666666667), new AccountMetric("betweenness", "not_computed", null, null, null)]),
        [typeof(JobStatus)] = Job,
        [typeof(JobStep)] = new JobStep("pagerank", "succeeded", 812.0, "/graphs/default/rankings/pagerank"),
        [typeof(JobError)] = new JobError("/problems/import-format", "Unreadable import", 400, "edges.csv:17: field 'weight': 'abc' is not a finite number >= 0"),
        [typeof(AnalysisRequest)] = new AnalysisRequest { Metrics = ["pagerank", "betweenness"] },
        [typeof(MetricOptionInfo)] = new MetricOptionInfo("alpha", "number", 0.85, "Damping factor alpha in [0, 1]."),
        [typeof(MetricInfo)] = new MetricInfo("in_degree", "Followers of each account (in-degree).", []),
        [typeof(MetricList)] = new MetricList([new MetricInfo("in_degree", "Followers of each account (in-degree).", [])]),
        [typeof(ProblemsEndpoints.ProblemTypeInfo)] = new ProblemsEndpoints.ProblemTypeInfo("/problems/graph-not-found", 404, "Graph not found", "No graph has this name."),
    };

    /// <summary>The example of <paramref name="type"/>, or null.</summary>
    public static object? For(Type type) => Examples.GetValueOrDefault(type);
}
