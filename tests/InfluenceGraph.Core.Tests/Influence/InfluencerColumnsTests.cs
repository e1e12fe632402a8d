using System.Text.Json;
using System.Text.Json.Serialization;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class InfluencerColumnsTests
{
    private static InfluencerCandidate Sample(ContentSignal content, IReadOnlyList<MetricSignal>? metrics = null) => new(
        1, "x,y", new MetricSignal("influence", 97.5, 4, 97.2),
        metrics ?? [new MetricSignal("pagerank", 0.0123, 3, 98.4), new MetricSignal("followers", 1234, 2, 99.67)],
        new ActivitySignal(140, 92.3, 40, 500),
        new PoliticalEngagement(content, new ExposureSignal(0, 120, 35, 0.0), new ProximitySignal(1e-4, 0.8, 40.7), 0.1, new EngagementWeights(), 0.25));

    [Fact]
    public void Names_AreTheReadmeDocumentedColumns()
    {
        Assert.Equal(26, InfluencerColumns.Names.Count);
        Assert.Equal(InfluencerColumns.Names, ReadmeColumns.Influencers());
    }

    [Fact]
    public void Values_ContentSourceSpelledLikeTheAttributes_UnknownSpelledOut_MissingMetricEmpty()
    {
        int Col(string name) => InfluencerColumns.Names.ToList().IndexOf(name);
        var share = InfluencerColumns.Values(Sample(new ContentSignal(0.012, ContentSource.PoliticalShare, null, null, [])));
        Assert.Equal("political_share", share[Col("content_source")]);
        Assert.Equal("0.012", share[Col("political_content")]);
        Assert.Equal("", share[Col("betweenness")]); // not chosen
        Assert.Equal("1234", share[Col("followers")]);
        var unknown = InfluencerColumns.Values(Sample(new ContentSignal(null, ContentSource.Unknown, null, null, [])));
        Assert.Equal("unknown", unknown[Col("content_source")]);
        Assert.Equal("", unknown[Col("political_content")]);
        Assert.Equal("political_posts", InfluencerColumns.SourceName(ContentSource.PoliticalPosts));
        Assert.Equal("lexicon", InfluencerColumns.SourceName(ContentSource.Lexicon));
    }

    [Fact]
    public void Json_ContentSourceHasTheCsvSpelling_EvenWithAKebabCaseEnumPolicy()
    {
        // The CLI serializes with JsonStringEnumConverter(KebabCaseLower), which used to print "political-share".
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };
        foreach (var source in Enum.GetValues<ContentSource>())
        {
            var content = new ContentSignal(source == ContentSource.Unknown ? null : 0.5, source, null, null, []);
            string json = JsonSerializer.Serialize(content, options);
            Assert.Contains($"\"source\":\"{InfluencerColumns.SourceName(source)}\"", json);
            Assert.Equal(source, JsonSerializer.Deserialize<ContentSignal>(json, options)!.Source);
        }
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ContentSignal>("{\"source\":\"political-share\"}", options));
    }

    [Fact]
    public void WriteCsv_QuotesFieldsWithCommas_HeaderEvenWhenEmpty()
    {
        var empty = new StringWriter();
        InfluencerColumns.WriteCsv([], empty);
        Assert.Equal(string.Join(',', InfluencerColumns.Names) + "\n", empty.ToString());

        var one = new StringWriter();
        InfluencerColumns.WriteCsv([Sample(new ContentSignal(0.012, ContentSource.PoliticalShare, null, null, []))], one);
        var lines = one.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(string.Join(',', InfluencerColumns.Names), lines[0]);
        Assert.StartsWith("1,\"x,y\",97.5,97.2,0.0123,98.4,,,1234,99.67,,,140,92.3,0.012,political_share,", lines[1]);
    }
}
