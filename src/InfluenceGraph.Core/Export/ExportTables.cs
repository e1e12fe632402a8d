using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Export;

/// <summary>
/// The standard tables of a graph export: accounts (one row per node id, with degrees, imported
/// attributes and any computed per-account values) and edges (one row per follow).
/// </summary>
public static class ExportTables
{
    /// <summary>Separator of the <c>topics</c> column (topics never contain it after import).</summary>
    public const string TopicSeparator = ";";

    /// <summary>
    /// Columns the account table always carries from the graph itself: <c>followers</c> and
    /// <c>followees</c> (integers). They are the values of the <c>followers</c> / <c>followees</c>
    /// metrics (aliases <c>in_degree</c> / <c>out_degree</c>), so an export asked for those metrics
    /// does not add them a second time (<see cref="WithoutBuiltinColumns"/>).
    /// </summary>
    public static IReadOnlySet<string> BuiltinMetricColumns { get; } = new HashSet<string>(["followers", "followees"], StringComparer.Ordinal);

    /// <summary>
    /// The metrics of <paramref name="metrics"/> whose column is not already a column of the account
    /// table (<see cref="BuiltinMetricColumns"/>: the degree metrics), in the order given.
    /// </summary>
    /// <param name="metrics">Chosen metrics (canonical names), each at most once.</param>
    public static IReadOnlyList<Metrics.Metric> WithoutBuiltinColumns(IEnumerable<Metrics.Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.Where(m => !BuiltinMetricColumns.Contains(m.Name)).ToList();
    }

    /// <summary>
    /// The account table: <c>account</c> (when <paramref name="includeAccount"/>), <c>followers</c>, <c>followees</c>,
    /// then the imported attributes (<c>display_name</c>, <c>posts</c>, <c>political_posts</c>, <c>political_share</c>,
    /// <c>is_political</c>, <c>topics</c> joined by <see cref="TopicSeparator"/>, <c>lang</c>, and each extra attribute
    /// as text, in ordinal name order), then <paramref name="computed"/> in the order given. An account without an
    /// attribute has a null value there.
    /// </summary>
    /// <param name="graph">The graph; row i is node i.</param>
    /// <param name="attributes">Imported attributes by handle (may be empty).</param>
    /// <param name="computed">Per-account computed columns (e.g. PageRank, community), each with one value per node id.</param>
    /// <param name="includeAccount">Start with the <c>account</c> column (tables); GraphML/GEXF use the handle as node id instead.</param>
    /// <exception cref="ArgumentException">A computed column repeats a name of the table.</exception>
    public static ExportTable Accounts(GraphSnapshot graph, IReadOnlyDictionary<string, AccountAttributes> attributes,
        IReadOnlyList<ExportColumn> computed, bool includeAccount)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(computed);
        var names = graph.Accounts;
        var attr = new AccountAttributes?[graph.NodeCount];
        var extraKeys = new SortedSet<string>(StringComparer.Ordinal);
        for (int v = 0; v < graph.NodeCount; v++)
            if (attributes.TryGetValue(names[v], out var a)) { attr[v] = a; foreach (var k in a.Extra.Keys) extraKeys.Add(k); }

        var cols = new List<ExportColumn>();
        if (includeAccount) cols.Add(new("account", ExportColumnType.Text, v => names[v]));
        cols.Add(new("followers", ExportColumnType.Integer, v => (long)graph.InDegreeOf(v)));
        cols.Add(new("followees", ExportColumnType.Integer, v => (long)graph.OutDegreeOf(v)));
        cols.Add(new("display_name", ExportColumnType.Text, v => attr[v]?.DisplayName));
        cols.Add(new("posts", ExportColumnType.Integer, v => attr[v]?.Posts));
        cols.Add(new("political_posts", ExportColumnType.Integer, v => attr[v]?.PoliticalPosts));
        cols.Add(new("political_share", ExportColumnType.Real, v => attr[v]?.PoliticalShare));
        cols.Add(new("is_political", ExportColumnType.Boolean, v => attr[v]?.IsPolitical));
        cols.Add(new("topics", ExportColumnType.Text, v => attr[v] is { Topics.Count: > 0 } a ? string.Join(TopicSeparator, a.Topics) : null));
        cols.Add(new("lang", ExportColumnType.Text, v => attr[v]?.Lang));
        var taken = new HashSet<string>(cols.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var key in extraKeys)
        {
            string name = taken.Contains(key) ? "extra_" + key : key;
            taken.Add(name);
            cols.Add(new(name, ExportColumnType.Text, v => attr[v] is { } a && a.Extra.TryGetValue(key, out var s) ? s : null));
        }
        foreach (var c in computed)
        {
            if (!taken.Add(c.Name)) throw new ArgumentException($"Computed column '{c.Name}' repeats a column of the account table.", nameof(computed));
            cols.Add(c);
        }
        var table = new ExportTable(cols, graph.NodeCount);
        table.Validate();
        return table;
    }

    /// <summary>
    /// The edge table: <c>follower</c>, <c>followee</c> (handles) and, for a weighted graph, <c>weight</c>;
    /// rows in CSR order (followers by node id, then followees ascending).
    /// </summary>
    /// <exception cref="NotSupportedException">The graph has more than <see cref="int.MaxValue"/> edges (write it in parts).</exception>
    public static ExportTable Edges(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.EdgeCount > int.MaxValue) throw new NotSupportedException($"{graph.EdgeCount} edges do not fit one export table.");
        int m = (int)graph.EdgeCount;
        // source of edge e, built once: O(m) ints.
        var (offsets, targets, weights) = graph.OutEdgeChunks.ToSingleArrays("An export table");
        var source = new int[m];
        for (int u = 0; u < graph.NodeCount; u++)
            for (int i = offsets[u]; i < offsets[u + 1]; i++) source[i] = u;
        var names = graph.Accounts;
        var cols = new List<ExportColumn>
        {
            new("follower", ExportColumnType.Text, e => names[source[e]]),
            new("followee", ExportColumnType.Text, e => names[targets[e]]),
        };
        if (weights is { } w) cols.Add(new("weight", ExportColumnType.Real, e => w[e]));
        return new ExportTable(cols, m);
    }

    /// <summary>
    /// A per-account column of metric scores for <see cref="Accounts"/>: named <paramref name="name"/>, one double per node id
    /// (an undefined score is NaN, written <c>NaN</c> in GraphML/GEXF and as a NaN double in Parquet).
    /// </summary>
    /// <param name="name">Column name (usually the metric name, e.g. <c>pagerank</c>).</param>
    /// <param name="result">The metric's result on the graph being exported.</param>
    public static ExportColumn MetricColumn(string name, CentralityResult result)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(result);
        var scores = result.Scores;
        return new ExportColumn(name, ExportColumnType.Real, v => scores[v]);
    }

    /// <summary>
    /// A ranking as a table, rows in ranking order (score descending, ties by handle): <c>rank</c> (competition rank, 1-based),
    /// <c>account</c>, <c>score</c> (null when undefined), <c>percentile</c> (percent of accounts with a strictly lower score, [0, 100)).
    /// The same rows as the API's ranking pages.
    /// </summary>
    public static ExportTable Ranking(CentralityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var order = result.Order.ToArray();
        var names = result.Graph.Accounts;
        return new ExportTable(
        [
            new("rank", ExportColumnType.Integer, i => (long)result.RankOf(order[i])),
            new("account", ExportColumnType.Text, i => names[order[i]]),
            new("score", ExportColumnType.Real, i => double.IsFinite(result.Scores[order[i]]) ? result.Scores[order[i]] : null),
            new("percentile", ExportColumnType.Real, i => result.PercentileOf(order[i])),
        ], order.Length);
    }

    /// <summary>Columns of <see cref="InfluencerColumns.Names"/> holding whole numbers.</summary>
    private static readonly HashSet<string> InfluencerIntegers = ["rank", "posts", "political_topics", "topics", "political_followees", "followees", "political_accounts"];

    /// <summary>Columns of <see cref="InfluencerColumns.Names"/> holding text.</summary>
    private static readonly HashSet<string> InfluencerTexts = ["account", "content_source", "reason"];

    /// <summary>
    /// Influencer candidates as a table with exactly the columns of the CSV (<see cref="InfluencerColumns.Names"/>), typed:
    /// <c>rank</c>, <c>posts</c>, topic and followee counts as integers; <c>account</c>, <c>content_source</c>, <c>reason</c> as text;
    /// every score, percentile and share as a double. An empty CSV cell (unknown, or a metric not chosen) is null.
    /// </summary>
    public static ExportTable Influencers(IReadOnlyList<InfluencerCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = candidates.Select(InfluencerColumns.Values).ToArray();
        var cols = new List<ExportColumn>();
        for (int c = 0; c < InfluencerColumns.Names.Count; c++)
        {
            int col = c;
            string name = InfluencerColumns.Names[c];
            if (InfluencerTexts.Contains(name)) cols.Add(new(name, ExportColumnType.Text, i => rows[i][col]));
            else if (InfluencerIntegers.Contains(name)) cols.Add(new(name, ExportColumnType.Integer, i => rows[i][col].Length == 0 ? null : long.Parse(rows[i][col], CultureInfo.InvariantCulture)));
            else cols.Add(new(name, ExportColumnType.Real, i => rows[i][col].Length == 0 ? null : double.Parse(rows[i][col], CultureInfo.InvariantCulture)));
        }
        return new ExportTable(cols, rows.Length);
    }
}
