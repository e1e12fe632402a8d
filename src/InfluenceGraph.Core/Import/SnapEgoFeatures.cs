using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// SNAP ego-network features (McAuley &amp; Leskovec, NIPS 2012; the SNAP <c>ego-Twitter</c> data set):
/// <c>NODE.feat</c> rows <c>node f_0 f_1 ... f_{k-1}</c> of 0/1 flags, named by
/// <c>NODE.featnames</c> (<c>index name</c> per line; on Twitter the names are <c>#hashtags</c> and
/// <c>@mentions</c> the account used).
/// </summary>
/// <remarks>
/// Each row becomes <see cref="AccountAttributes"/> with <see cref="AccountAttributes.Topics"/> = the
/// names of its features set to 1 (a hashtag without its <c>#</c>, a mention with its <c>@</c>, raw
/// tokens otherwise, e.g. <c>@OccupyWallStNYC:</c>), <see cref="AccountAttributes.Posts"/> = how many
/// such features are set (the only activity signal the dataset has: distinct hashtags and mentions
/// used), and <c>Extra["features"]</c> = that count as text, so the activity proxy stays visible.
/// A flag other than 0/1, or a row whose width differs from the feature count, is rejected with its line.
/// </remarks>
public static class SnapEgoFeatures
{
    /// <summary>Reads a <c>NODE.featnames</c> stream: <c>index name</c> lines (0-based, dense) into a list indexed by feature.</summary>
    /// <exception cref="ImportFormatException">A line has no index, or indexes are not 0..k-1.</exception>
    public static IReadOnlyList<string> ReadFeatureNames(Stream featnames, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(featnames);
        using var input = ImportInput.Open(featnames);
        using var text = input.OpenText();
        var lines = new LineReader(text);
        var names = new SortedDictionary<int, string>();
        string source = sourceName ?? "featnames";
        while (lines.TryRead(out ReadOnlySpan<char> raw))
        {
            ReadOnlySpan<char> l = raw.Trim();
            if (l.IsEmpty) continue;
            int sp = l.IndexOfAny(' ', '\t');
            if (sp <= 0 || !int.TryParse(l[..sp], out int index) || index < 0)
                throw new ImportFormatException(source, lines.LineNumber, "index", "expected 'index name'");
            if (!names.TryAdd(index, l[(sp + 1)..].Trim().ToString()))
                throw new ImportFormatException(source, lines.LineNumber, "index", $"feature {index} is named twice");
        }
        var list = new List<string>(names.Count);
        foreach (var (i, n) in names)
        {
            if (i != list.Count) throw new ImportFormatException(source, 0, "index", $"feature indexes must be 0..{names.Count - 1}; {list.Count} is missing");
            list.Add(n);
        }
        return list;
    }

    /// <summary>Reads a <c>NODE.feat</c> file through the account sink.</summary>
    internal static void Read(TextReader text, IReadOnlyList<string> featureNames, AccountSink sink)
    {
        var lines = new LineReader(text);
        var topics = new List<string>();
        while (lines.TryRead(out ReadOnlySpan<char> raw))
        {
            ReadOnlySpan<char> l = raw.Trim();
            if (l.IsEmpty || l[0] == '#') continue;
            long no = lines.LineNumber;
            topics.Clear();
            string? node = null;
            int k = -1;
            string? bad = null;
            foreach (var r in l.SplitAny(" \t"))
            {
                ReadOnlySpan<char> t = l[r];
                if (t.IsEmpty) continue;
                if (k < 0) { node = t.ToString(); k = 0; continue; }
                if (t.Length == 1 && t[0] == '1') { if (k < featureNames.Count) topics.Add(featureNames[k]); }
                else if (!(t.Length == 1 && t[0] == '0')) { bad ??= $"flag {k} is '{ImportFields.Shorten(t)}', expected 0 or 1"; }
                k++;
            }
            if (node is null) continue;
            if (bad is not null) { sink.Reject(no, $"f{k}", bad); continue; }
            if (k != featureNames.Count) { sink.Reject(no, null, $"{k} feature flags, but featnames names {featureNames.Count}"); continue; }
            var fields = new List<KeyValuePair<string, string>>
            {
                new("topics", string.Join(JsonRecords.ListSeparator, topics) + JsonRecords.ListSeparator), // the separator marks a list even with one item
                new("posts", topics.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("features", topics.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            sink.Record(node, no, fields);
        }
    }
}
