using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>The query on SNAP ego-Twitter 12831 (edges follower -> followee; hashtags and mentions as topics through the snap-ego import).</summary>
public sealed class EgoTwitterTests
{
    private static GraphState Import()
    {
        var catalog = GraphCatalog.Open(null);
        using (var edges = File.OpenRead(SharedData.Path("data/ego-twitter/12831.edges")))
            Assert.True(catalog.ImportEdges("ego-12831", edges, new EdgeImportOptions { SourceName = "12831.edges" }).Applied);
        IReadOnlyList<string> names;
        using (var fn = File.OpenRead(SharedData.Path("data/ego-twitter/12831.featnames")))
            names = SnapEgoFeatures.ReadFeatureNames(fn, "12831.featnames");
        using (var feat = File.OpenRead(SharedData.Path("data/ego-twitter/12831.feat")))
            Assert.True(catalog.ImportAccounts("ego-12831", feat, new AccountImportOptions { Format = ImportFormat.SnapEgo, FeatureNames = names, SourceName = "12831.feat" }).Applied);
        return catalog.Get("ego-12831")!;
    }

    /// <summary>
    /// Which of the 1,364 hashtags/mentions of 12831.featnames the default lexicon calls political:
    /// exactly the ones a reader would (Obama, the White House, Occupy/OWS, SOPA/PIPA, Prop 8, the State
    /// of the Union), and none of the technology, sports or leisure tags.
    /// </summary>
    [SharedFact]
    public void DefaultLexicon_On12831Featnames_MarksTheExpectedTags()
    {
        var names = File.ReadLines(SharedData.Path("data/ego-twitter/12831.featnames"))
            .Select(l => l[(l.IndexOf(' ') + 1)..].Trim()).ToList();
        Assert.Equal(1364, names.Count);
        var political = names.Where(PoliticalLexicon.Default.IsPolitical).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "#BlackoutSOPA", "#BlackoutSOPA!", "#OWS", "#Obama2012", "#PIPA", "#Prop8", "#SOPA", "#SOTU", "#StopSOPA", "#ows",
                "@BarackObama", "@BarackObama:", "@MichelleObama", "@OccupyWallStNYC:", "@whitehouse", "@whitehouse:",
            }.Order(StringComparer.Ordinal),
            political);
    }

    [SharedFact]
    public void Query_On12831_NoPoliticalAccounts_ExplainedByLexiconContent()
    {
        var state = Import();
        var report = Influencers.Compute(state, new InfluencerQuery { Top = 0 });
        Assert.Equal(0, report.Signals.PoliticalAccounts);
        Assert.True(report.Signals.BetweennessExact);
        Assert.Contains(report.Notes, n => n.Contains("exposure and proximity unknown"));
        Assert.NotEmpty(report.Candidates);
        foreach (var c in report.Candidates)
        {
            Assert.True(c.Influence.Percentile >= 95);
            Assert.True(c.Activity.Percentile >= 90);
            Assert.Equal(ContentSource.Lexicon, c.Politics.Content.Source);
            Assert.Equal(c.Politics.Content.Share, c.Politics.Score); // content alone decides here
            Assert.True(c.Politics.Score < 0.25);
            Assert.Equal(state.Attributes[c.Account].Topics.Count, c.Politics.Content.Topics); // posts proxy = hashtags + mentions used
            Assert.Equal((long)c.Politics.Content.Topics!.Value, c.Activity.Posts);
            Assert.Contains("exposure unknown (no political account in the graph)", c.Reason);
        }
    }
}
