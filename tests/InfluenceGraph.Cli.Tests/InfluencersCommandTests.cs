using System.Text.Json;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;
using nietras.SeparatedValues;

namespace InfluenceGraph.Cli.Tests;

/// <summary>The <c>influencers</c> verb end to end (child process of the built CLI).</summary>
public sealed class InfluencersCommandTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("ig-influencers-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static IReadOnlyList<(InfluencerCandidate Candidate, string Reason)> Candidates(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("candidates").EnumerateArray()
            .Select(e => (e.Deserialize<InfluencerCandidate>(Web)!, e.GetProperty("reason").GetString()!))
            .ToList();
    }

    [Fact]
    public void Demo_Json_FindsThePlantedInfluencers_AndEachReasonIsRebuiltFromTheJsonNumbers()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--json");
        Assert.True(code == 0, stderr);
        var candidates = Candidates(stdout);
        var planted = DemoNetwork.Generate(42).PlantedInfluencers;
        int found = candidates.Count(c => planted.Contains(c.Candidate.Account));
        Assert.True(found >= 0.9 * candidates.Count && found >= 0.9 * planted.Count, $"{found} planted of {candidates.Count} candidates");
        foreach (var (candidate, reason) in candidates)
            Assert.Equal(reason, InfluencerReason.Build(candidate)); // the JSON numbers alone give back the printed reason
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0.25, doc.RootElement.GetProperty("thresholds").GetProperty("maxPoliticalEngagement").GetDouble());
        // One spelling of the content source in JSON and CSV (it used to be "political-share" here).
        var sources = doc.RootElement.GetProperty("candidates").EnumerateArray()
            .Select(c => c.GetProperty("politics").GetProperty("content").GetProperty("source").GetString()).ToList();
        Assert.Contains("political_share", sources);
        Assert.All(sources, x => Assert.Contains(x, new[] { "political_share", "political_posts", "lexicon", "unknown" }));
        Assert.Equal(46, doc.RootElement.GetProperty("signals").GetProperty("politicalAccounts").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("politicalTopics").EnumerateArray(), t => t.GetProperty("topic").GetString() == "الانتخابات");
    }

    [Fact]
    public void Demo_Csv_ReasonAgreesWithTheColumns()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "5", "--csv");
        Assert.True(code == 0, stderr);
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(stdout);
        Assert.Equal(InfluencerColumns.Names, reader.Header.ColNames);
        Assert.Equal(ReadmeColumns.Influencers(), reader.Header.ColNames);
        int rows = 0;
        foreach (var row in reader)
        {
            rows++;
            string reason = row["reason"].ToString();
            double followers = double.Parse(row["followers"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            double followersPct = double.Parse(row["followers_percentile"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"{InfluencerReason.Count(followers)} followers (top {InfluencerReason.Top(100 - followersPct)})", reason);
            Assert.Contains($"follows {row["political_followees"].ToString()} of {row["political_accounts"].ToString()} political accounts", reason);
        }
        Assert.Equal(5, rows);
    }

    [Fact]
    public void Demo_Table_PrintsThresholdsCountsAndReasons()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "3", "--show-political-topics");
        Assert.True(code == 0, stderr);
        Assert.Contains("3,000 accounts, 46 political", stdout);
        Assert.Contains("political engagement < 0.25", stdout);
        Assert.Contains("19 matched", stdout); // 18 planted + 1 ordinary account (seed 42)
        Assert.Contains("reasons:", stdout);
        Assert.Contains("1. ", stdout);
        Assert.Contains("topics the lexicon marked political", stdout);
    }

    [Fact]
    public void Demo_Table_HasNoTrailingSpacesNorWhitespaceOnlyLines()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "3");
        Assert.True(code == 0, stderr);
        var lines = stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.False(l.Length > 0 && char.IsWhiteSpace(l[^1]), $"trailing whitespace: '{l}'"));
        Assert.All(lines, l => Assert.NotEqual("", l)); // neither blank lines nor lines of spaces
        // The header row, the rule under it and one row per candidate, then the reasons.
        int header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("#   account", StringComparison.Ordinal));
        Assert.True(header > 0, stdout);
        Assert.StartsWith("───", lines[header + 1]);
        Assert.StartsWith("  1   ", lines[header + 2]);
        Assert.Equal("reasons:", lines[header + 5]);
    }

    [Fact]
    public void StoredGraph_ImportedDemoFiles_SameCandidatesAndReasonsAsDemo()
    {
        string db = Path.Combine(_dir, "t.db");
        string data = Path.Combine(SharedData.RepoRoot, "data", "demo");
        var e = ImportCliRunner.Run("import", "edges", Path.Combine(data, "edges.tsv"), "--graph", "demo", "--db", db);
        Assert.True(e.Code == 0, e.Err);
        var a = ImportCliRunner.Run("import", "accounts", Path.Combine(data, "accounts.csv"), "--graph", "demo", "--db", db);
        Assert.True(a.Code == 0, a.Err);
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--graph", "demo", "--db", db, "--top", "0", "--json");
        Assert.True(code == 0, stderr);
        var demo = ImportCliRunner.Run("influencers", "--demo", "--top", "0", "--json");
        Assert.True(demo.Code == 0, demo.Err);
        Assert.Equal(Candidates(demo.Out).Select(c => c.Reason), Candidates(stdout).Select(c => c.Reason));
    }

    /*
        Edges only, no account attributes (like uk-mp-twitter-2022 with mp_vertices.csv, or email-eu-core):
        no is_political account and no content, so nobody's political engagement can be assessed.
        a -> h, b -> h, c -> h, d -> h, h -> a
    */
    [Fact]
    public void StoredGraph_NothingPoliticalKnown_NoCandidateByDefault_OptInAdmitsThem()
    {
        string db = Path.Combine(_dir, "t.db");
        string edges = Path.Combine(_dir, "edges.tsv");
        File.WriteAllText(edges, "a\th\nb\th\nc\th\nd\th\nh\ta\n");
        var e = ImportCliRunner.Run("import", "edges", edges, "--graph", "bare", "--db", db);
        Assert.True(e.Code == 0, e.Err);

        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--graph", "bare", "--db", db, "--min-influence", "0");
        Assert.True(code == 0, stderr);
        Assert.Contains("no candidate matches these thresholds.", stdout);
        Assert.Contains("5 with unknown political engagement", stdout);
        Assert.Contains("note: political engagement is unknown for every account: import is_political, political_share/political_posts or topics/hashtags, or pass --allow-unknown-engagement", stdout);
        Assert.DoesNotContain("political engagement unknown", stdout); // no candidate carries it

        var allowed = ImportCliRunner.Run("influencers", "--graph", "bare", "--db", db, "--min-influence", "0", "--allow-unknown-engagement", "--json");
        Assert.True(allowed.Code == 0, allowed.Err);
        var candidates = Candidates(allowed.Out);
        Assert.Equal(5, candidates.Count);
        Assert.All(candidates, c => Assert.EndsWith("political engagement unknown", c.Reason));
        using var doc = JsonDocument.Parse(allowed.Out);
        Assert.True(doc.RootElement.GetProperty("thresholds").GetProperty("allowUnknownEngagement").GetBoolean());
    }

    [Fact]
    public void Thresholds_ArePassedToTheQuery()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "0", "--json", "--max-engagement", "1", "--min-influence", "99", "--metrics", "followers", "--weights", "1,0,0");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var t = doc.RootElement.GetProperty("thresholds");
        Assert.Equal(99, t.GetProperty("minInfluencePercentile").GetDouble());
        Assert.Equal(["followers"], t.GetProperty("metrics").EnumerateArray().Select(x => x.GetString()));
        var candidates = Candidates(stdout);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.True(c.Candidate.Influence.Percentile >= 99));
        Assert.All(candidates, c => Assert.Equal("followers", Assert.Single(c.Candidate.Metrics).Metric));
    }

    [Theory]
    [InlineData("no graph named 'nope'", "influencers", "--graph", "nope")]
    [InlineData("either --graph NAME", "influencers")]
    [InlineData("either --graph NAME", "influencers", "--demo", "--graph", "x")]
    [InlineData("--min-influence must be in [0, 100], got 120.", "influencers", "--demo", "--min-influence", "120")]
    [InlineData("--weights must be three or four numbers", "influencers", "--demo", "--weights", "1,2")]
    [InlineData("Unknown influence metric 'hits'", "influencers", "--demo", "--metrics", "pagerank,hits")]
    [InlineData("choose one of --json and --csv", "influencers", "--demo", "--json", "--csv")]
    [InlineData("--seed only applies to --demo", "influencers", "--graph", "x", "--seed", "3")]
    public void BadInput_ExitCode2_WithAClearMessage(string message, params string[] args)
    {
        var all = args.Concat(["--db", Path.Combine(_dir, "empty.db")]).ToArray();
        var (code, _, stderr) = ImportCliRunner.Run(all);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Lexicon_FromFile_ReplacesTheDefault()
    {
        string lex = Path.Combine(_dir, "lex.txt");
        File.WriteAllText(lex, "# only cooking is political today\ncuisine\n");
        var (code, stdout, stderr) = ImportCliRunner.Run("influencers", "--demo", "--top", "1", "--json", "--lexicon", lex);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("lex.txt", doc.RootElement.GetProperty("signals").GetProperty("lexicon").GetString());
        Assert.Equal(["cuisine"], doc.RootElement.GetProperty("politicalTopics").EnumerateArray().Select(t => t.GetProperty("topic").GetString()));
    }

    [Fact]
    public void Influencers_OverTheMemoryBudget_ExitsThreeWithTheSignalsSummedEstimate_BeforeComputingAny()
    {
        var demo = DemoNetwork.Generate(42);
        var state = new InfluenceGraph.Core.Storage.GraphState("demo", 1, demo.Graph, demo.Attributes, DateTimeOffset.UnixEpoch, null);
        double estimate = InfluenceSignals.EstimateMemoryBytes(state, new SignalOptions());
        var (exit, stdout, stderr) = ImportCliRunner.RunWithMemory(1L << 20, "influencers", "--demo");
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Not started: influencer signals (PageRank, betweenness, reach, political proximity) on graph 'demo' ({demo.Graph.NodeCount:N0} accounts, {demo.Graph.EdgeCount:N0} follows) needs an estimated {InfluenceGraph.Core.Metrics.MemoryBudget.Format(estimate)}"), stderr);
        Assert.Contains("1.0 MiB available", stderr);
    }
}
