using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class PoliticalLexiconTests
{
    [Theory]
    // English, incl. camelCase hashtags, digits, mentions with trailing punctuation
    [InlineData("#Obama2012", "obama*")]
    [InlineData("@BarackObama", "obama*")]
    [InlineData("StopSOPA", "sopa")]
    [InlineData("#BlackoutSOPA!", "sopa")]
    [InlineData("@OccupyWallStNYC:", "occupy*")]
    [InlineData("#SOTU", "sotu")]
    [InlineData("#Prop8", "prop8")]
    [InlineData("GeneralElection", "election*")]
    // French, accents folded, glued hashtags
    [InlineData("#Élections2027", "election*")] // the English prefix comes first; accents never matter
    [InlineData("#AssembléeNationale", "assemblée nationale")]
    [InlineData("#assembleenationale", "assemblée nationale")]
    [InlineData("parlementaires", "parlement*")]
    [InlineData("#campagneélectorale", "campagne électorale")]
    // Modern Standard Arabic: article stripped, ة/ه unified, hamza forms folded
    [InlineData("#الانتخابات", "انتخاب*")]
    [InlineData("البرلمان", "برلمان*")]
    [InlineData("#حكومة_أخنوش", "حكوم*")]
    [InlineData("#مجلس_النواب", "مجلس النواب")]
    [InlineData("الأحزاب", "أحزاب")]
    // Moroccan Darija in Latin script, digits kept
    [InlineData("#l7okouma", "l7okouma")]
    [InlineData("intikhabat2021", "intikhabat")]
    [InlineData("#PJD", "pjd")]
    [InlineData("lbarlaman", "lbarlaman")]
    public void Match_PoliticalTopics_InFourLanguages(string topic, string term) =>
        Assert.Equal(term, PoliticalLexicon.Default.Match(topic));

    [Theory]
    [InlineData("#sxsw")]
    [InlineData("#android")]
    [InlineData("#photography")]
    [InlineData("#SFGiants")]
    [InlineData("votre")]      // not 'vote'
    [InlineData("#cuisine")]
    [InlineData("@AppStore")]
    [InlineData("#")]
    [InlineData("")]
    public void Match_NonPoliticalTopics_Null(string topic) => Assert.Null(PoliticalLexicon.Default.Match(topic));

    [Fact]
    public void Fold_CutsCamelCaseAndPunctuation_FoldsCaseAndAccents() =>
        Assert.Equal(["stop", "sopa", "elysee", "2027"], PoliticalLexicon.Fold("#StopSOPA:Élysée 2027"));

    [Fact]
    public void Parse_PrefixWholeWordAndPhrase()
    {
        var lex = PoliticalLexicon.Parse("# comment\n[en]\nvote\nelect*\nprime minister\n", "t.txt");
        Assert.Equal(3, lex.Count);
        Assert.True(lex.IsPolitical("#VoteNow"));
        Assert.False(lex.IsPolitical("voters"));          // whole word
        Assert.True(lex.IsPolitical("electoral"));        // prefix
        Assert.True(lex.IsPolitical("#PrimeMinister"));   // phrase over camelCase words
        Assert.False(lex.IsPolitical("prime time minister"));
    }

    [Fact]
    public void Parse_BadLine_NamesSourceAndLine()
    {
        var e = Assert.Throws<FormatException>(() => PoliticalLexicon.Parse("vote\n[fr\n", "mine.txt"));
        Assert.Contains("mine.txt, line 2", e.Message);
        var e2 = Assert.Throws<FormatException>(() => PoliticalLexicon.FromTerms(["ok", "#*"]));
        Assert.Contains("term 2", e2.Message);
    }

    [Fact]
    public void Default_IsTheDataFile_AndCoversFourLanguages()
    {
        string path = Path.Combine(SharedData.RepoRoot, "data", "political-lexicon.txt");
        var file = PoliticalLexicon.Load(path);
        Assert.Equal(file.Terms, PoliticalLexicon.Default.Terms);
        Assert.Equal("default", PoliticalLexicon.Default.Name);
        string text = File.ReadAllText(path);
        foreach (string section in new[] { "[en]", "[fr]", "[ar]", "[ary-Latn]" }) Assert.Contains(section, text);
        Assert.True(PoliticalLexicon.Default.Count > 150);
    }

    [Fact]
    public void Query_ReplacesTheLexicon()
    {
        var lex = PoliticalLexicon.FromTerms(["cats"], "request");
        var t = Influencers.Content(new InfluenceGraph.Core.Graph.AccountAttributes { Account = "x", Topics = ["Cats", "elections"] }, lex);
        Assert.Equal(["Cats"], t.MatchedTopics.Select(m => m.Topic));
    }
}
