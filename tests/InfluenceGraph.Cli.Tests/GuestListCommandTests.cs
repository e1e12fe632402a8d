using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.GuestList;
using nietras.SeparatedValues;

namespace InfluenceGraph.Cli.Tests;

/// <summary>The <c>guest-list</c> verb end to end (child process of the built CLI).</summary>
public sealed class GuestListCommandTests
{
    [Fact]
    public void Demo_Text_ShowsTheCertificateThePlainTopInfluencersAndEveryPick()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("guest-list", "--demo", "--size", "19");
        Assert.True(code == 0, stderr);
        Assert.Contains("reached: 2,978 of 3,000 accounts (99.3%)", stdout);
        Assert.Contains("certificate: this list reaches at least ", stdout);
        Assert.Contains("plain top-19 influencers: 2,978 reached", stdout);
        Assert.Contains("majority: the first pick reaches more than half of the graph", stdout);
        Assert.Contains("  1. arou: pick 1: adds 1,701 accounts", stdout);
        Assert.Contains(" 19. ", stdout);
    }

    [Fact]
    public void Demo_Csv_OneRowPerPick_CumulativeIsTheSumOfTheGains_JsonAgrees()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("guest-list", "--demo", "--size", "10", "--eligible", "all", "--hops", "1", "--csv");
        Assert.True(code == 0, stderr);
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(stdout);
        Assert.Equal(GuestListColumns.Names, reader.Header.ColNames);
        var rows = new List<(string Account, double Gain, double Cumulative)>();
        foreach (var row in reader)
            rows.Add((row["account"].ToString(), double.Parse(row["gain"].ToString(), CultureInfo.InvariantCulture), double.Parse(row["cumulative"].ToString(), CultureInfo.InvariantCulture)));
        Assert.Equal(10, rows.Count);
        double sum = 0;
        foreach (var r in rows) { sum += r.Gain; Assert.Equal(sum, r.Cumulative); }

        var (code2, json, stderr2) = ImportCliRunner.Run("guest-list", "--demo", "--size", "10", "--eligible", "all", "--hops", "1", "--json");
        Assert.True(code2 == 0, stderr2);
        using var doc = JsonDocument.Parse(json);
        var picks = doc.RootElement.GetProperty("picks").EnumerateArray().Select(p => p.GetProperty("account").GetString()).ToList();
        Assert.Equal(rows.Select(r => r.Account), picks);
        Assert.Equal(sum, doc.RootElement.GetProperty("reached").GetDouble());
        Assert.True(doc.RootElement.GetProperty("certificate").GetProperty("upperBound").GetDouble() >= sum);
    }

    [Fact]
    public void Size20OnTheDemo_HoldsTheNineteenEligible_WithANote_AndMaxPerSphereSpreadsThePicks()
    {
        var (code, stdout, stderr) = ImportCliRunner.Run("guest-list", "--demo", "--size", "20");
        Assert.True(code == 0, stderr);
        Assert.Contains("note: size 20 asked, but only 19 accounts are eligible: the list holds all 19", stdout);
        Assert.Contains(" 19. ", stdout);
        Assert.DoesNotContain(" 20. ", stdout);

        var (code2, json, stderr2) = ImportCliRunner.Run("guest-list", "--demo", "--size", "12", "--eligible", "all", "--max-per-sphere", "2", "--json");
        Assert.True(code2 == 0, stderr2);
        using var doc = JsonDocument.Parse(json);
        var spheres = doc.RootElement.GetProperty("picks").EnumerateArray().Select(p => p.GetProperty("sphere").GetInt32()).ToList();
        Assert.Equal(12, spheres.Count);
        Assert.All(spheres.GroupBy(x => x), g => Assert.True(g.Count() <= 2));
        var coverage = doc.RootElement.GetProperty("spheres").EnumerateArray().ToList();
        Assert.Equal(doc.RootElement.GetProperty("reached").GetDouble(), coverage.Sum(c => c.GetProperty("reached").GetDouble()));
        Assert.Equal(3000, doc.RootElement.GetProperty("graphAccounts").GetInt32());
    }

    [Theory]
    [InlineData("--hops", "7")]
    [InlineData("--hops", "2", "--registers", "256")]
    [InlineData("--max-per-sphere", "0")]
    [InlineData("--objective", "spread", "--max-per-sphere", "2")]
    [InlineData("--include", "ghost")]
    [InlineData("--eligible", "all", "--min-influence", "90")]
    [InlineData("--objective", "spread", "--hops", "2")]
    public void BadOptions_Exit2WithOneMessage(params string[] extra)
    {
        var (code, stdout, stderr) = ImportCliRunner.Run(["guest-list", "--demo", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.DoesNotContain("   at ", stderr);
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void GuestList_OverTheMemoryBudget_ExitsThreeBeforeComputingAnything()
    {
        var (exit, stdout, stderr) = ImportCliRunner.RunWithMemory(1L << 20, "guest-list", "--demo", "--size", "5", "--eligible", "all");
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Contains("Not started: guest list of 5 on graph 'demo'", stderr);
        Assert.Contains("fewer hops", stderr);
    }
}
