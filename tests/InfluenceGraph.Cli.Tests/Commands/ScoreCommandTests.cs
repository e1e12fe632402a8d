using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace InfluenceGraph.Cli.Tests.Commands;

/// <summary>
/// <c>influencegraph score</c> run in-process through <see cref="Program.Run"/>: columns, order,
/// number format, errors and exit codes, and agreement with the oracle networks.
/// </summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ig-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    internal static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static List<string[]> Rows(string tsv) =>
        tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();

    //  alice -> bob <- carol,  bob -> carol,  dave -> bob  (alice and dave: no followers, tied on PageRank)
    //  By hand (alpha 0.85, n = 4): x_a = x_d = 0.0375; x_b = 0.0375 + 0.85(x_a + x_c + x_d); x_c = 0.0375 + 0.85 x_b
    //  => x_b (1 − 0.7225) = 0.0375 + 0.85·0.075 + 0.85·0.0375  => x_b = 0.13312.../0.2775
    private const string Example = "alice bob\ncarol bob\nbob carol\ndave bob\n";

    [Fact]
    public void Score_ChosenMetrics_HeaderInFixedOrder_SortedByFirstColumnThenAccount()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "out_degree,pagerank", "--tolerance", "1e-14");
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout);
        Assert.Equal(["account", "pagerank", "followees"], rows[0]); // out_degree is the alias of followees: the header says followees
        Assert.Equal(["bob", "carol", "alice", "dave"], rows.Skip(1).Select(r => r[0]));   // alice/dave tie -> by account
        double xb = (0.0375 + 0.85 * 0.075 + 0.85 * 0.0375) / (1 - 0.85 * 0.85);
        Assert.Equal(xb, double.Parse(rows[1][1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(0.0375 + 0.85 * xb, double.Parse(rows[2][1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(0.0375, double.Parse(rows[3][1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(["1", "1", "1", "1"], rows.Skip(1).Select(r => r[2]));
        Assert.Equal("", stderr);
    }

    // Betweenness of the example by hand: bob lies on alice->carol and dave->carol, nothing else lies on a
    // shortest path; normalized by 1/((n-1)(n-2)) = 1/6 -> bob 1/3, everyone else 0. Sampling k = n pivots is exact.
    [Theory]
    [InlineData()]
    [InlineData("--betweenness-samples", "4", "--seed", "7")]
    public void Score_DefaultMetrics_AllFourColumns(params string[] extra)
    {
        var (exit, stdout, stderr) = Run(["score", "--edges", WriteFile("g.txt", Example), .. extra]);
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout);
        Assert.Equal(["account", "pagerank", "betweenness", "followers", "followees"], rows[0]);
        var bob = rows.Single(r => r[0] == "bob");
        Assert.Equal(1.0 / 3, double.Parse(bob[2], CultureInfo.InvariantCulture), 15);
        Assert.All(rows.Skip(1).Where(r => r[0] != "bob"), r => Assert.Equal("0", r[2]));
        Assert.Equal(["3", "1"], bob[3..]);
    }

    [Fact]
    public void Score_DegreesOnly_SortedByInDegreeDescending_IntegersWritten()
    {
        var (exit, stdout, _) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "followers,followees");
        Assert.Equal(0, exit);
        var rows = Rows(stdout);
        Assert.Equal(["account", "followers", "followees"], rows[0]);
        Assert.Equal(["bob", "3", "1"], rows[1]);
        Assert.Equal(["carol", "1", "1"], rows[2]);
        Assert.Equal(["alice", "0", "1"], rows[3]);
        Assert.Equal(["dave", "0", "1"], rows[4]);
    }

    [Fact]
    public void Score_NumbersAreInvariantCultureRoundTrip_WhateverTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var (exit, stdout, _) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank", "--alpha", "0.5");
            Assert.Equal(0, exit);
            foreach (var row in Rows(stdout).Skip(1))
            {
                Assert.DoesNotContain(",", row[1]);
                double v = double.Parse(row[1], CultureInfo.InvariantCulture);
                Assert.Equal(row[1], v.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void Score_Out_WritesFileAndNothingOnStdout()
    {
        string outPath = Path.Combine(_dir, "scores.tsv");
        var (exit, stdout, _) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank,in_degree", "--out", outPath);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("account\tpagerank\tfollowers\nbob\t", File.ReadAllText(outPath));
        Assert.Single(Directory.GetFiles(_dir, "scores.tsv*")); // no temporary file left behind
    }

    [Fact]
    public void Score_Timings_OneLinePerPhase()
    {
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank,in_degree,out_degree", "--timings");
        Assert.Equal(0, exit);
        var phases = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Regex.Match(l, @"^timing (\w+) (\d+\.\d+)$")).Where(m => m.Success).Select(m => m.Groups[1].Value);
        Assert.Equal(["load", "pagerank", "followers", "followees", "write"], phases); // canonical names, though asked by alias
    }

    [Fact]
    public void Score_CsvWithHeader_HeaderIsNotAnAccount()
    {
        var (exit, stdout, _) = Run("score", "--edges", WriteFile("g.csv", "source,target\nalice,bob\nbob,carol\n"), "--format", "csv", "--metrics", "in_degree");
        Assert.Equal(0, exit);
        Assert.Equal(["account", "bob", "carol", "alice"], Rows(stdout).Select(r => r[0]));
    }

    // weighted_zero.csv of ../shared/cases/pr-zero-and-negative-weights: zero_weighted a1 = a2 = 57/188, a3 = 37/94 (networkx).
    [Fact]
    public void Score_Weighted_UsesTheWeightColumn()
    {
        string path = WriteFile("w.csv", "source,target,weight\na1,a2,0\na1,a3,0.0\na2,a3,1\na3,a1,1\na3,a2,1\n");
        var (exit, stdout, stderr) = Run("score", "--edges", path, "--weighted", "--metrics", "pagerank", "--tolerance", "1e-13");
        Assert.True(exit == 0, stderr);
        var scores = Rows(stdout).Skip(1).ToDictionary(r => r[0], r => double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(57.0 / 188, scores["a1"], 10);
        Assert.Equal(57.0 / 188, scores["a2"], 10);
        Assert.Equal(37.0 / 94, scores["a3"], 10);
    }

    [Fact]
    public void Score_MissingFile_ExitsNonZeroWithOneMessage()
    {
        string missing = Path.Combine(_dir, "nope.txt");
        var (exit, stdout, stderr) = Run("score", "--edges", missing, "--metrics", "pagerank");
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        Assert.Contains(missing, stderr);
        AssertOneCleanMessage(stderr);
    }

    [Fact]
    public void Score_OutInMissingDirectory_SaysItCannotWrite()
    {
        string outPath = Path.Combine(_dir, "no-such-dir", "scores.tsv");
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank", "--out", outPath);
        Assert.NotEqual(0, exit);
        Assert.Contains($"cannot write '{outPath}'", stderr);
        AssertOneCleanMessage(stderr);
    }

    [Fact]
    public void Score_BadLine_MessageNamesFileAndLine()
    {
        // Line 3 has an empty follower.
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("bad.csv", "a,b\nc,d\n,e\n"), "--metrics", "pagerank");
        Assert.NotEqual(0, exit);
        Assert.Contains("bad.csv:3", stderr);
        AssertOneCleanMessage(stderr);
    }

    [Theory]
    [InlineData("-0.5")]
    [InlineData("NaN")]
    [InlineData("abc")]
    public void Score_BadWeight_MessageNamesLine(string weight)
    {
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("w.txt", $"a b 1\nb c {weight}\n"), "--weighted", "--metrics", "pagerank");
        Assert.NotEqual(0, exit);
        Assert.Contains("w.txt:2", stderr);
        AssertOneCleanMessage(stderr);
    }

    [Theory]
    [InlineData("--alpha", "1.5", "--alpha")]
    [InlineData("--alpha", "x", "--alpha")]
    [InlineData("--tolerance", "0", "--tolerance")]
    [InlineData("--max-iterations", "0", "--max-iterations")]
    [InlineData("--metrics", "pagerank,closeness", "closeness")]
    [InlineData("--format", "xml", "xml")]
    public void Score_BadOptionValue_ExitsNonZeroNamingIt(string option, string value, string mention)
    {
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), option, value);
        Assert.NotEqual(0, exit);
        Assert.Contains(mention, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Score_SeedWithoutSamples_IsRefused()
    {
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank", "--seed", "3");
        Assert.NotEqual(0, exit);
        Assert.Contains("--seed applies to betweenness, none of which is chosen", stderr);
    }

    [Fact]
    public void Score_SeedWithoutSamples_OnBetweenness_IsRefusedNamingBothOptions()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "betweenness", "--seed", "3");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--seed", stderr);
        Assert.Contains("give samples or epsilon too", stderr);
    }

    // ../shared/cases/pr-maxiter-nonconvergence: after 5 iterations the chain's L1 change is 0.028.
    [Fact]
    public void Score_PageRankNotConverged_IsAnError()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("chain.txt", "a1 a2\na2 a3\n"), "--metrics", "pagerank", "--tolerance", "1e-6", "--max-iterations", "5");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("converge", stderr);
        AssertOneCleanMessage(stderr);
    }

    // a -> b, c alone; alpha 0.5, personalization {a: 1}: x_a = 2/3, x_b = 1/3, x_c = 0 (by hand).
    [Fact]
    public void Score_PersonalizationFile_RowsOfAccountWeight()
    {
        string edges = WriteFile("pc.txt", "a b\nc\n");
        string weights = WriteFile("p.txt", "# account weight\na 1\n");
        var (exit, stdout, stderr) = Run("score", "--edges", edges, "--metrics", "pagerank", "--alpha", "0.5", "--tolerance", "1e-15", "--personalization", weights);
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout).Skip(1).ToDictionary(r => r[0], r => double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(2.0 / 3, rows["a"], 12);
        Assert.Equal(1.0 / 3, rows["b"], 12);
        Assert.Equal(0.0, rows["c"], 12);
    }

    [Fact]
    public void Score_PersonalizationUnknownAccount_ExitsNamingOptionAndAccount()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank", "--personalization", WriteFile("p.txt", "alice 1\nghost 2\n"));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--personalization", stderr);
        Assert.Contains("'ghost'", stderr);
        AssertOneCleanMessage(stderr);
    }

    [Fact]
    public void Score_PersonalizationBadRow_NamesFileAndLine()
    {
        var (exit, _, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "pagerank", "--personalization", WriteFile("p.txt", "alice 1\nbob\n"));
        Assert.NotEqual(0, exit);
        Assert.Contains("p.txt:2", stderr);
    }

    [Fact]
    public void Score_CatalogMetricsByAlias_AndOptionOfAnUnchosenMetric_IsRefused()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "in_degree,coreness,authority");
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout);
        Assert.Equal(["account", "followers", "authority", "coreness"], rows[0]); // in_degree chose followers
        // bob: 3 followers; the only authority in the limit (no hub follows both bob and carol, and bob's
        // followers outnumber carol's); ties alice, carol (twice: a mutual follow), dave -> after alice and
        // dave are peeled, bob and carol keep 2 ties each: coreness 2.
        Assert.Equal("bob", rows[1][0]);
        Assert.Equal("3", rows[1][1]);
        Assert.Equal(1.0, double.Parse(rows[1][2], CultureInfo.InvariantCulture), 9);
        Assert.Equal("2", rows[1][3]);
        Assert.Equal("1", rows.Single(r => r[0] == "alice")[3]);
        var (bad, _, err) = Run("score", "--edges", WriteFile("g2.txt", Example), "--metrics", "in_degree", "--cutoff", "2");
        Assert.Equal(2, bad);
        Assert.Contains("--cutoff applies to betweenness", err);
    }

    [Theory]
    [InlineData("followers,in_degree")]
    [InlineData("in_degree,FOLLOWERS,In-Degree")]
    public void Score_AMetricNamedTwiceThroughAnAlias_IsOneColumn_TheCanonicalOne(string metrics)
    {
        // The documented rule: duplicates (by canonical metric) collapse; the output is that of --metrics followers.
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", metrics);
        Assert.True(exit == 0, stderr);
        var (_, plain, _) = Run("score", "--edges", WriteFile("g2.txt", Example), "--metrics", "followers");
        Assert.Equal(plain, stdout);
        var rows = Rows(stdout);
        Assert.Equal(["account", "followers"], rows[0]);
        Assert.Equal(["bob", "3"], rows[1]);
        Assert.Equal(["carol", "1"], rows[2]);
    }

    [Fact]
    public void Score_NormalizedDegreeAliases_WriteTheCanonicalColumns()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "out_degree_centrality,in_degree_centrality,followers_centrality");
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout);
        Assert.Equal(["account", "followers_centrality", "followees_centrality"], rows[0]);
        Assert.Equal(["bob", "1", "0.3333333333333333"], rows[1]); // 3 followers of n - 1 = 3 others; follows carol only
    }

    [Fact]
    public void Score_BetweennessSources_ArePivots_AndAnUnknownOneIsNamed()
    {
        var (exit, stdout, stderr) = Run("score", "--edges", WriteFile("g.txt", Example), "--metrics", "betweenness", "--sources", "alice");
        Assert.True(exit == 0, stderr);
        var rows = Rows(stdout).Skip(1).ToDictionary(r => r[0], r => double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(0.5, rows["bob"], 12); // alice -> bob -> carol: raw 1, normalized 1/(K(N-1)) with K = 1, N = n - 1 = 3
        Assert.Equal(0.0, rows["carol"], 12);
        var (bad, _, err) = Run("score", "--edges", WriteFile("g2.txt", Example), "--metrics", "betweenness", "--sources", "alice,ghost");
        Assert.NotEqual(0, bad);
        Assert.Contains("--sources", err);
        Assert.Contains("'ghost'", err);
    }

    private static void AssertOneCleanMessage(string stderr)
    {
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }
}
