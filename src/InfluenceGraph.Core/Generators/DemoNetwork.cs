using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Graph;
using nietras.SeparatedValues;

namespace InfluenceGraph.Core.Generators;

/// <summary>
/// A seeded, realistic demo follower network with account attributes and planted non-political
/// influencers (the API's <c>default</c> graph; <c>data/demo/</c> holds the output for seed 42).
/// </summary>
/// <remarks>
/// <para>
/// <b>Model.</b> 3,000 accounts in 8 topical communities plus a political cluster. Each account has a
/// <em>fitness</em>; every follow picks a community (its own with probability 0.7, or a political/other
/// one by class) and then a followee in it with probability proportional to fitness (a fitness model,
/// Caldarelli et al. 2002): Pareto-distributed fitness gives power-law follower counts. Activity
/// (<c>posts</c>) is log-normal, a long tail; about 3% of ordinary accounts have no attributes at all and
/// 4% post nothing.
/// </para>
/// <para>
/// <b>Classes</b> (what the influencer query must tell apart): ordinary accounts; <em>celebrities</em>
/// (many followers, few posts); <em>planted influencers</em> (many followers, very active, little
/// political content, follow no political account: the accounts the query must find, listed in
/// <see cref="PlantedInfluencers"/>); <em>parties</em> and <em>politicians</em> (<c>is_political</c>);
/// <em>commentators</em> (influential, active, mostly political content); <em>insiders</em>
/// (influential, active, modest political content but following and followed by politicians, so only
/// exposure and proximity reveal them). Handles are drawn from one pool of neutral names for every class
/// except parties, so nothing in a handle tells a planted influencer apart.
/// </para>
/// <para>
/// Attributes use every content source: about half of the ordinary accounts carry <c>political_share</c>,
/// the others only topics (hashtags in English, French, Arabic and Darija) judged by the lexicon.
/// Deterministic: the same seed gives the same network on every run (System.Random's seeded
/// algorithm). Runs in a few milliseconds.
/// </para>
/// </remarks>
/// <param name="Graph">The follower network.</param>
/// <param name="Attributes">Account attributes by handle.</param>
/// <param name="PlantedInfluencers">Handles of the planted non-political influencers.</param>
/// <param name="PoliticalAccounts">Handles of the accounts marked <c>is_political</c>.</param>
public sealed record DemoNetwork(
    GraphSnapshot Graph,
    IReadOnlyDictionary<string, AccountAttributes> Attributes,
    IReadOnlySet<string> PlantedInfluencers,
    IReadOnlySet<string> PoliticalAccounts)
{
    /// <summary>Accounts generated.</summary>
    public const int AccountCount = 3000;

    private enum Kind { Ordinary, Celebrity, Planted, Party, Politician, Commentator, Insider }

    private static readonly (string Name, string Lang, string[] Topics)[] Communities =
    [
        ("football", "fr", ["foot", "botola", "raja", "wac", "ligue1", "championsleague", "CAN2025", "mondial2030", "matchday"]),
        ("tech", "en", ["ai", "startup", "javascript", "dotnet", "opensource", "cloud", "android", "devops", "datascience"]),
        ("food", "fr", ["cuisine", "tajine", "recette", "patisserie", "streetfood", "couscous", "vegan", "foodporn"]),
        ("music", "ary-Latn", ["rap", "mawazine", "gnaoua", "chaabi", "newmusic", "concert", "playlist", "rai"]),
        ("travel", "en", ["travel", "marrakech", "chefchaouen", "surf", "taghazout", "desert", "wanderlust", "roadtrip"]),
        ("fashion", "fr", ["mode", "caftan", "ootd", "beaute", "makeup", "style", "tendance", "skincare"]),
        ("gaming", "en", ["gaming", "esport", "fifa", "twitch", "playstation", "valorant", "retrogaming", "speedrun"]),
        ("science", "ar", ["علوم", "فلك", "science", "space", "physique", "climat", "تكنولوجيا", "research"]),
    ];

    private static readonly string[] PoliticalTopics =
    [
        "elections", "intikhabat", "parlement", "l7okouma", "الانتخابات", "البرلمان", "gouvernement", "ministre",
        "PJD", "RNI", "akhannouch", "vote", "حكومة", "campagneelectorale", "politique", "الأحزاب", "Parliament",
    ];

    private static readonly string[] PartyNames =
        ["union_du_progres", "parti_liberte", "hizb_al_amal", "front_ecologiste", "rassemblement_citoyen", "alliance_democrate"];

    private static readonly string[] Syllables =
        ["sa", "mi", "ra", "lo", "ka", "ne", "ya", "zi", "ha", "mo", "li", "na", "fa", "ri", "to", "su", "ba", "di", "ou", "el", "am", "in", "ar", "is"];

    /// <summary>Generates the demo network; the same seed gives the same network.</summary>
    /// <param name="seed">Seed of the pseudo-random generator; default 42 (the committed <c>data/demo</c> files).</param>
    public static DemoNetwork Generate(int seed = 42)
    {
        var rng = new Random(seed);
        const int n = AccountCount;
        int communities = Communities.Length, politicalCommunity = communities;

        // 1. Classes, in a shuffled order so node ids say nothing either.
        var kinds = new List<Kind>(n);
        void Add(Kind k, int count) { for (int i = 0; i < count; i++) kinds.Add(k); }
        Add(Kind.Celebrity, 80); Add(Kind.Planted, 18); Add(Kind.Party, PartyNames.Length); Add(Kind.Politician, 40);
        Add(Kind.Commentator, 20); Add(Kind.Insider, 12);
        Add(Kind.Ordinary, n - kinds.Count);
        var kind = kinds.ToArray();
        rng.Shuffle(kind);

        var names = new string[n];
        var used = new HashSet<string>(StringComparer.Ordinal);
        int party = 0;
        var community = new int[n];
        var fitness = new double[n];
        var outDegree = new int[n];
        for (int v = 0; v < n; v++)
        {
            names[v] = kind[v] == Kind.Party ? PartyNames[party++] : NewName(rng, used);
            used.Add(names[v]);
            community[v] = kind[v] is Kind.Party or Kind.Politician or Kind.Commentator or Kind.Insider
                ? politicalCommunity : rng.Next(communities);
            (fitness[v], outDegree[v]) = kind[v] switch
            {
                Kind.Ordinary => (Math.Min(Pareto(rng, 2.2), 8), LogNormalInt(rng, Math.Log(9), 0.8, 2, 150)),
                Kind.Celebrity => (Uniform(rng, 40, 90), LogNormalInt(rng, Math.Log(15), 0.5, 3, 60)),
                Kind.Planted => (Uniform(rng, 40, 90), LogNormalInt(rng, Math.Log(40), 0.4, 15, 120)),
                Kind.Party => (Uniform(rng, 30, 60), LogNormalInt(rng, Math.Log(40), 0.3, 20, 80)),
                Kind.Politician => (Uniform(rng, 20, 50), LogNormalInt(rng, Math.Log(45), 0.4, 15, 120)),
                Kind.Commentator => (Uniform(rng, 35, 80), LogNormalInt(rng, Math.Log(50), 0.4, 15, 120)),
                _ => (Uniform(rng, 30, 70), LogNormalInt(rng, Math.Log(50), 0.4, 15, 120)),
            };
        }

        // 2. Follows: community by class, then followee in proportional to fitness.
        var members = new List<int>[communities + 1];
        for (int c = 0; c <= communities; c++) members[c] = [];
        for (int v = 0; v < n; v++) members[community[v]].Add(v);
        var cumulative = members.Select(list => Cumulative(list, fitness)).ToArray();
        var b = new GraphBuilder(edgeCapacity: 64_000);
        for (int v = 0; v < n; v++) b.AddAccount(names[v]);
        var chosen = new HashSet<int>();
        for (int u = 0; u < n; u++)
        {
            chosen.Clear();
            double pPolitical = kind[u] switch
            {
                Kind.Ordinary => 0.03,
                Kind.Celebrity => 0.02,
                Kind.Planted => 0.0,
                Kind.Insider => 0.6,
                _ => 0.8, // party, politician, commentator: mostly their own cluster
            };
            for (int attempt = 0; chosen.Count < outDegree[u] && attempt < outDegree[u] * 4; attempt++)
            {
                int c;
                double r = rng.NextDouble();
                if (r < pPolitical) c = politicalCommunity;
                else if (community[u] != politicalCommunity && r < pPolitical + 0.7) c = community[u];
                else c = rng.Next(communities);
                int w = members[c][Pick(cumulative[c], rng)];
                // Political accounts follow back into the insiders' circle; planted influencers never follow politics.
                if (w == u || (kind[u] == Kind.Planted && community[w] == politicalCommunity)) continue;
                if (chosen.Add(w)) b.AddEdge(u, w);
            }
        }
        // Politicians keep an eye on the insiders: each insider is followed by most political accounts.
        for (int u = 0; u < n; u++)
        {
            if (kind[u] is not (Kind.Party or Kind.Politician)) continue;
            for (int w = 0; w < n; w++)
                if (kind[w] == Kind.Insider && rng.NextDouble() < 0.7) b.AddEdge(u, w);
        }
        var graph = b.Build();

        // 3. Attributes.
        var attrs = new Dictionary<string, AccountAttributes>(StringComparer.Ordinal);
        for (int v = 0; v < n; v++)
        {
            if (kind[v] == Kind.Ordinary && rng.NextDouble() < 0.03) continue; // no attributes at all
            var (posts, share) = kind[v] switch
            {
                Kind.Ordinary => (rng.NextDouble() < 0.04 ? 0 : LogNormalInt(rng, Math.Log(40), 1.3, 1, 20_000), SmallShare(rng, 0.04)),
                Kind.Celebrity => (LogNormalInt(rng, Math.Log(15), 0.5, 1, 60), Uniform(rng, 0, 0.03)),
                Kind.Planted => (LogNormalInt(rng, Math.Log(1500), 0.4, 700, 6000), Uniform(rng, 0, 0.04)),
                Kind.Party => (LogNormalInt(rng, Math.Log(400), 0.4, 100, 2000), Uniform(rng, 0.7, 0.95)),
                Kind.Politician => (LogNormalInt(rng, Math.Log(300), 0.5, 50, 2000), Uniform(rng, 0.5, 0.9)),
                Kind.Commentator => (LogNormalInt(rng, Math.Log(1200), 0.4, 500, 5000), Uniform(rng, 0.45, 0.8)),
                _ => (LogNormalInt(rng, Math.Log(900), 0.4, 400, 4000), Uniform(rng, 0.08, 0.18)),
            };
            int c = community[v] == politicalCommunity ? rng.Next(communities) : community[v];
            var topics = new List<string>();
            int topicCount = 3 + rng.Next(6);
            for (int i = 0; i < topicCount; i++)
            {
                string t = rng.NextDouble() < share ? PoliticalTopics[rng.Next(PoliticalTopics.Length)] : Communities[c].Topics[rng.Next(Communities[c].Topics.Length)];
                if (!topics.Contains(t)) topics.Add(t);
            }
            bool shareKnown = kind[v] != Kind.Ordinary || rng.NextDouble() < 0.5;
            attrs[names[v]] = new AccountAttributes
            {
                Account = names[v],
                Posts = posts,
                PoliticalShare = shareKnown ? Math.Round(share, 3) : null,
                IsPolitical = kind[v] is Kind.Party or Kind.Politician,
                Topics = topics,
                Lang = Communities[c].Lang,
            };
        }

        var planted = new HashSet<string>(Enumerable.Range(0, n).Where(v => kind[v] == Kind.Planted).Select(v => names[v]), StringComparer.Ordinal);
        var political = new HashSet<string>(Enumerable.Range(0, n).Where(v => kind[v] is Kind.Party or Kind.Politician).Select(v => names[v]), StringComparer.Ordinal);
        return new DemoNetwork(graph, attrs, planted, political);
    }

    /// <summary>Writes the edges as TSV (Sep): a header <c>follower	followee</c>, then one follow per line, by follower then followee node id.</summary>
    public void WriteEdges(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var tsv = Sep.New('\t').Writer(o => o with { Escape = true }).To(writer, leaveOpen: true);
        var acc = Graph.Accounts;
        for (int u = 0; u < Graph.NodeCount; u++)
        {
            foreach (int w in Graph.Followees(u))
            {
                using var row = tsv.NewRow();
                row["follower"].Set(acc[u]);
                row["followee"].Set(acc[w]);
            }
        }
    }

    /// <summary>
    /// Writes the attributes as CSV (Sep, RFC 4180 quoting, invariant culture):
    /// <c>account,posts,political_share,is_political,topics,lang</c>, topics joined by <c>;</c>, one row per
    /// account with attributes in node-id order; an empty cell is unknown.
    /// </summary>
    public void WriteAccounts(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var inv = CultureInfo.InvariantCulture;
        using var csv = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = inv }).To(writer, leaveOpen: true);
        foreach (string name in Graph.Accounts.Names)
        {
            if (!Attributes.TryGetValue(name, out var a)) continue;
            using var row = csv.NewRow();
            row["account"].Set(name);
            row["posts"].Set(a.Posts?.ToString(inv) ?? "");
            row["political_share"].Set(a.PoliticalShare?.ToString("0.###", inv) ?? "");
            row["is_political"].Set(a.IsPolitical is bool p ? (p ? "true" : "false") : "");
            row["topics"].Set(string.Join(';', a.Topics));
            row["lang"].Set(a.Lang ?? "");
        }
    }

    private static string NewName(Random rng, HashSet<string> used)
    {
        while (true)
        {
            var sb = new StringBuilder();
            int syll = 2 + rng.Next(2);
            for (int i = 0; i < syll; i++) sb.Append(Syllables[rng.Next(Syllables.Length)]);
            if (rng.NextDouble() < 0.5) sb.Append('_').Append(Syllables[rng.Next(Syllables.Length)]).Append(Syllables[rng.Next(Syllables.Length)]);
            if (rng.NextDouble() < 0.6) sb.Append(rng.Next(100).ToString(CultureInfo.InvariantCulture));
            string s = sb.ToString();
            if (!used.Contains(s)) return s;
        }
    }

    private static double Uniform(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>Pareto(alpha) with minimum 1: P(X &gt; x) = x^-alpha.</summary>
    private static double Pareto(Random rng, double alpha) => Math.Pow(1.0 - rng.NextDouble(), -1.0 / alpha);

    private static int LogNormalInt(Random rng, double mu, double sigma, int min, int max)
    {
        // Box-Muller
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return (int)Math.Clamp(Math.Round(Math.Exp(mu + sigma * z)), min, max);
    }

    /// <summary>A small share: exponential with the given mean, capped at 3 x mean (ordinary accounts talk little politics).</summary>
    private static double SmallShare(Random rng, double mean) => Math.Min(-mean * Math.Log(1.0 - rng.NextDouble()), 3 * mean);

    private static double[] Cumulative(List<int> list, double[] fitness)
    {
        var c = new double[list.Count];
        double s = 0;
        for (int i = 0; i < list.Count; i++) { s += fitness[list[i]]; c[i] = s; }
        return c;
    }

    private static int Pick(double[] cumulative, Random rng)
    {
        double x = rng.NextDouble() * cumulative[^1];
        int i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i + 1, cumulative.Length - 1);
    }
}
