using System.Globalization;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Turns one imported record (column name -&gt; text) into <see cref="AccountAttributes"/>, and merges
/// attributes of the same account.
/// </summary>
/// <remarks>
/// Column names are compared case-insensitively after trimming, with spaces and dashes read as
/// underscores. Known columns: <c>display_name</c> (also <c>displayname</c>, <c>name</c> when it is not
/// the account column, <c>label</c>), <c>posts</c> (also <c>post_count</c>, <c>statuses_count</c>,
/// <c>tweets</c>, <c>activity</c>): integer &gt;= 0; <c>political_posts</c>: integer in 0..posts;
/// <c>political_share</c>: number in [0, 1] (derived from political_posts/posts when absent);
/// <c>is_political</c>: true/false, 1/0, yes/no; <c>topics</c>/<c>hashtags</c>: a list (JSON array, or
/// text split on <c>;</c>, <c>|</c> or <c>,</c>; a leading <c>#</c> is dropped); <c>lang</c>
/// (<c>language</c>). Every other non-empty column is kept in <see cref="AccountAttributes.Extra"/> as text.
/// Numbers use the invariant culture.
/// </remarks>
internal static class AccountRecordMapper
{
    /// <summary>Names of the account column, in priority order.</summary>
    public static readonly string[] AccountNames = ["account", "handle", "screen_name", "username", "user", "user_id", "node", "node_id", "id"];

    /// <summary>Canonical form of a column name.</summary>
    public static string Key(string name) => name.Trim().Trim('\uFEFF').Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant();

    /// <summary>
    /// Index of the account column among <paramref name="names"/>: the one named <paramref name="key"/>
    /// (compared by <see cref="Key"/>) when given, else the first of <see cref="AccountNames"/>; -1 when absent.
    /// </summary>
    public static int AccountColumn(IReadOnlyList<string> names, string? key = null)
    {
        if (key is not null)
        {
            string k = Key(key);
            for (int i = 0; i < names.Count; i++)
                if (Key(names[i]) == k) return i;
            return -1;
        }
        foreach (string candidate in AccountNames)
            for (int i = 0; i < names.Count; i++)
                if (Key(names[i]) == candidate) return i;
        return -1;
    }

    /// <summary>Maps one record; returns null and sets <paramref name="error"/> (field, reason) when a value is invalid.</summary>
    public static AccountAttributes? Map(string account, IEnumerable<KeyValuePair<string, string>> fields, out (string Field, string Reason)? error)
    {
        error = null;
        string? display = null, lang = null;
        long? posts = null, political = null;
        double? share = null;
        bool? isPolitical = null;
        List<string>? topics = null;
        Dictionary<string, string>? extra = null;
        foreach (var (rawKey, rawValue) in fields)
        {
            string key = Key(rawKey);
            string value = rawValue.Trim();
            if (value.Length == 0) continue;
            switch (key)
            {
                case "display_name" or "displayname" or "name" or "label" or "full_name":
                    display ??= value;
                    break;
                case "posts" or "post_count" or "posts_count" or "statuses_count" or "tweets" or "tweet_count" or "activity":
                    if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long p) || p < 0)
                    { error = (rawKey, $"'{ImportFields.Shorten(value)}' is not an integer >= 0"); return null; }
                    posts = p;
                    break;
                case "political_posts":
                    if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long pp) || pp < 0)
                    { error = (rawKey, $"'{ImportFields.Shorten(value)}' is not an integer >= 0"); return null; }
                    political = pp;
                    break;
                case "political_share":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || !(s >= 0 && s <= 1))
                    { error = (rawKey, $"'{ImportFields.Shorten(value)}' is not a number in [0, 1]"); return null; }
                    share = s;
                    break;
                case "is_political" or "political":
                    bool? b = ParseBool(value);
                    if (b is null) { error = (rawKey, $"'{ImportFields.Shorten(value)}' is not true/false, 1/0 or yes/no"); return null; }
                    isPolitical = b;
                    break;
                case "topics" or "hashtags" or "topic" or "tags":
                    topics ??= [];
                    topics.AddRange(SplitList(value));
                    break;
                case "lang" or "language":
                    lang = value;
                    break;
                default:
                    extra ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    extra[rawKey.Trim()] = value.Replace(JsonRecords.ListSeparator, ';');
                    break;
            }
        }
        if (political is not null && posts is not null && political > posts)
        { error = ("political_posts", $"{political} political posts exceed the {posts} posts"); return null; }
        if (share is null && political is not null && posts is > 0) share = (double)political.Value / posts.Value;
        return new AccountAttributes
        {
            Account = account,
            DisplayName = display,
            Posts = posts,
            PoliticalPosts = political,
            PoliticalShare = share,
            IsPolitical = isPolitical,
            Topics = topics is null ? [] : topics.Distinct(StringComparer.Ordinal).ToList(),
            Lang = lang,
            Extra = extra ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Merges <paramref name="update"/> into <paramref name="current"/>: values present in the update
    /// win, topics are replaced when the update has any, extra columns are merged key by key.
    /// </summary>
    public static AccountAttributes Merge(AccountAttributes? current, AccountAttributes update)
    {
        if (current is null) return update;
        var extra = new Dictionary<string, string>(current.Extra, StringComparer.Ordinal);
        foreach (var (k, v) in update.Extra) extra[k] = v;
        long? posts = update.Posts ?? current.Posts;
        long? political = update.PoliticalPosts ?? current.PoliticalPosts;
        double? share = update.PoliticalShare ?? (update.PoliticalPosts is not null || update.Posts is not null
            ? (political is not null && posts is > 0 ? (double)political.Value / posts.Value : current.PoliticalShare)
            : current.PoliticalShare);
        return new AccountAttributes
        {
            Account = current.Account,
            DisplayName = update.DisplayName ?? current.DisplayName,
            Posts = posts,
            PoliticalPosts = political,
            PoliticalShare = share,
            IsPolitical = update.IsPolitical ?? current.IsPolitical,
            Topics = update.Topics.Count > 0 ? update.Topics : current.Topics,
            Lang = update.Lang ?? current.Lang,
            Extra = extra,
        };
    }

    /// <summary>
    /// Maps the node attributes of a graph file (GraphML, GML, node-link JSON) with the same rules
    /// as <c>import accounts</c>: a node whose attribute is invalid (<c>posts</c> = <c>abc</c> or
    /// <c>-1</c>...) is recorded in <paramref name="rejections"/> with its line and field, and its
    /// attributes are not kept.
    /// </summary>
    public static IReadOnlyList<AccountAttributes> FromNodeRecords(List<(string Account, long Line, List<KeyValuePair<string, string>> Fields)> records, RejectionLog rejections)
    {
        var list = new List<AccountAttributes>(records.Count);
        foreach (var (account, line, fields) in records)
        {
            var a = Map(account, fields, out var err);
            if (a is null) { rejections.Add(line, err?.Field, "node attribute: " + (err?.Reason ?? "invalid value")); continue; }
            list.Add(a);
        }
        return list;
    }

    private static bool? ParseBool(string v) => v.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "y" or "t" => true,
        "false" or "0" or "no" or "n" or "f" => false,
        _ => null,
    };

    private static IEnumerable<string> SplitList(string value)
    {
        string v = value.Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        char[] seps = v.Contains(JsonRecords.ListSeparator) ? [JsonRecords.ListSeparator] : [';', '|', ','];
        foreach (string part in v.Split(seps, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string t = part.Trim('"', '\'').Trim();
            if (t.StartsWith('#')) t = t[1..];
            if (t.Length > 0) yield return t;
        }
    }
}
