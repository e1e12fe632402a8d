using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace InfluenceGraph.Core.Influence;

/// <summary>
/// A list of political terms (parties, institutions, elections, government, parliament, ministers,
/// campaign words...) and the rule that decides whether a topic or hashtag is political.
/// </summary>
/// <remarks>
/// <para>
/// <b>Text format</b> (the default lexicon is <c>data/political-lexicon.txt</c>, embedded in this
/// assembly): one term per line; blank lines and lines starting with <c>#</c> are comments; a line
/// <c>[xx]</c> starts a section (a language code, informative only); a term ending in <c>*</c> is a
/// prefix, otherwise a whole word; a term of several words is a phrase.
/// </para>
/// <para>
/// <b>Matching rule.</b> Term and topic are folded alike: Unicode NFKD, combining marks removed
/// (accents, Arabic harakat and hamza marks), lower case (invariant culture), Arabic letters unified
/// (ة -> ه, ى -> ي, tatweel removed), then cut into words at every character that is not a letter or
/// digit and at camelCase boundaries (<c>StopSOPA</c> -> <c>stop sopa</c>); an Arabic word starting
/// with an article (وال, بال, فال, كال, ال, لل) is compared without it when at least 3 letters remain. A topic
/// matches a term when (1) the term's words appear consecutively among the topic's words (the last
/// one as a prefix for a prefix term), the topic's words being taken as cut and, a second time, also
/// cut at letter/digit changes (<c>Obama2012</c> -> <c>obama 2012</c>); or (2) the topic's words
/// glued together equal the term's words glued together, or start with them for a prefix term
/// (<c>#assembleenationale</c> matches <c>assemblée nationale</c>). So a leading <c>#</c> or <c>@</c>
/// and trailing punctuation never matter, digits are kept (Darija in Latin script writes ح as 7:
/// <c>l7okouma</c>), and matching is case- and accent-insensitive.
/// </para>
/// <para>Immutable and thread-safe; match results are memoised per distinct topic.</para>
/// </remarks>
public sealed class PoliticalLexicon
{
    private const string ResourceName = "InfluenceGraph.Core.political-lexicon.txt";
    private static readonly Lazy<PoliticalLexicon> _default = new(LoadDefault);
    private static readonly string[] ArabicArticles = ["وال", "بال", "فال", "كال", "ال", "لل"];

    private readonly Entry[] _entries;
    private readonly ConcurrentDictionary<string, string?> _memo = new(StringComparer.Ordinal);

    private sealed record Entry(string Term, string[] Words, string Glued, bool IsPrefix);

    private PoliticalLexicon(string name, Entry[] entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <summary>The default lexicon (French, Modern Standard Arabic, Moroccan Darija in Latin script, English), embedded from <c>data/political-lexicon.txt</c>.</summary>
    public static PoliticalLexicon Default => _default.Value;

    /// <summary>Where the lexicon came from (<c>default</c>, a file name, or <c>request</c>).</summary>
    public string Name { get; }

    /// <summary>The terms as written (a trailing <c>*</c> marks a prefix term).</summary>
    public IReadOnlyList<string> Terms => _entries.Select(e => e.Term).ToArray();

    /// <summary>Number of terms.</summary>
    public int Count => _entries.Length;

    /// <summary>Parses the text format described on the type.</summary>
    /// <param name="text">The lexicon text.</param>
    /// <param name="name">Name used in reports and error messages (e.g. the file name).</param>
    /// <exception cref="FormatException">A term has no letter or digit, a line is longer than <see cref="MaxLineLength"/>, or a section header is malformed (the message names the line).</exception>
    public static PoliticalLexicon Parse(string text, string name = "request")
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<Entry>();
        int lineNo = 0;
        using var reader = new StringReader(text);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNo++;
            if (line.Length > MaxLineLength)
                throw new FormatException($"{name}, line {lineNo}: the line is {line.Length:N0} characters long; lexicon lines (one term each) are limited to {MaxLineLength:N0}.");
            string t = line.Trim();
            if (lineNo == 1) t = t.TrimStart('\uFEFF');
            if (t.Length == 0 || t[0] == '#') continue;
            if (t[0] == '[')
            {
                if (t[^1] != ']' || t.Length < 3) throw new FormatException($"{name}, line {lineNo}: a section header must look like '[fr]', got '{t}'.");
                continue;
            }
            entries.Add(MakeEntry(t, $"{name}, line {lineNo}"));
        }
        return new PoliticalLexicon(name, entries.ToArray());
    }

    /// <summary>Builds a lexicon from terms (same syntax as a line of the text format: <c>*</c> suffix = prefix).</summary>
    /// <param name="terms">The terms; blank ones are rejected.</param>
    /// <param name="name">Name used in reports.</param>
    /// <exception cref="FormatException">A term has no letter or digit (the message gives its position).</exception>
    public static PoliticalLexicon FromTerms(IEnumerable<string> terms, string name = "request")
    {
        ArgumentNullException.ThrowIfNull(terms);
        int i = 0;
        var entries = terms.Select(t => MakeEntry((t ?? "").Trim(), $"{name}, term {++i}")).ToArray();
        return new PoliticalLexicon(name, entries);
    }

    /// <summary>Largest lexicon file <see cref="Load"/> reads, in bytes (1 MiB; the default lexicon is under 4 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Longest line of a lexicon (a term or a section header), in characters (1,000).</summary>
    public const int MaxLineLength = 1000;

    /// <summary>
    /// Reads a lexicon file in the text format (UTF-8), at most <see cref="MaxFileBytes"/> bytes: a larger
    /// input (e.g. <c>/dev/zero</c>) is refused after reading that much, before it is held in memory.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is larger than <see cref="MaxFileBytes"/>; otherwise see <see cref="Parse"/>.</exception>
    public static PoliticalLexicon Load(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[MaxFileBytes + 1];
        int total = 0;
        while (total < buffer.Length)
        {
            int r = fs.Read(buffer, total, buffer.Length - total);
            if (r == 0) break;
            total += r;
        }
        if (total > MaxFileBytes)
            throw new FormatException($"{Path.GetFileName(path)}: the lexicon is larger than {MaxFileBytes:N0} bytes (a lexicon is a short list of terms, one per line); is this the right file?");
        return Parse(new UTF8Encoding(false).GetString(buffer, 0, total), Path.GetFileName(path));
    }

    /// <summary>True when <paramref name="topic"/> matches a term (see the matching rule on the type).</summary>
    public bool IsPolitical(string topic) => Match(topic) is not null;

    /// <summary>The first term (as written) that <paramref name="topic"/> matches, or null.</summary>
    public string? Match(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (_memo.TryGetValue(topic, out var hit)) return hit;
        var result = MatchUncached(topic);
        if (_memo.Count < 1_000_000) _memo.TryAdd(topic, result);
        return result;
    }

    private string? MatchUncached(string topic)
    {
        var words = Words(topic, splitDigits: false);
        if (words.Count == 0) return null;
        var digitWords = Words(topic, splitDigits: true);
        string glued = string.Concat(words);
        foreach (var e in _entries)
        {
            if (ContainsPhrase(words, e) || ContainsPhrase(digitWords, e)) return e.Term;
            if (e.IsPrefix ? glued.StartsWith(e.Glued, StringComparison.Ordinal) : glued == e.Glued) return e.Term;
        }
        return null;
    }

    private static bool ContainsPhrase(List<string> words, Entry e)
    {
        int k = e.Words.Length;
        for (int s = 0; s + k <= words.Count; s++)
        {
            bool ok = true;
            for (int j = 0; j < k && ok; j++)
            {
                bool last = j == k - 1;
                ok = last && e.IsPrefix
                    ? words[s + j].StartsWith(e.Words[j], StringComparison.Ordinal)
                    : words[s + j] == e.Words[j];
            }
            if (ok) return true;
        }
        return false;
    }

    private static Entry MakeEntry(string raw, string where)
    {
        bool prefix = raw.EndsWith('*');
        string body = prefix ? raw[..^1] : raw;
        var words = Words(body, splitDigits: false);
        if (words.Count == 0) throw new FormatException($"{where}: the term '{raw}' has no letter or digit.");
        return new Entry(raw, words.ToArray(), string.Concat(words), prefix);
    }

    /// <summary>
    /// Folds <paramref name="text"/> into words as described on the type (exposed for tests and for
    /// explaining matches).
    /// </summary>
    public static IReadOnlyList<string> Fold(string text) => Words(text, splitDigits: false);

    private static List<string> Words(string text, bool splitDigits)
    {
        var words = new List<string>();
        string d = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder();
        char prev = '\0';
        for (int i = 0; i < d.Length; i++)
        {
            char c = d[i];
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark || c == '\u0640')
                continue; // accents, harakat, hamza marks, tatweel
            if (!char.IsLetterOrDigit(c))
            {
                Flush(words, sb);
                prev = '\0';
                continue;
            }
            if (sb.Length > 0)
            {
                char next = NextBase(d, i + 1);
                bool camel = char.IsUpper(c) && (char.IsLower(prev) || (char.IsUpper(prev) && char.IsLower(next)));
                bool digitEdge = splitDigits && char.IsDigit(c) != char.IsDigit(prev);
                if (camel || digitEdge) Flush(words, sb);
            }
            sb.Append(c switch
            {
                'ة' => 'ه',
                'ى' => 'ي',
                _ => char.ToLowerInvariant(c),
            });
            prev = c;
        }
        Flush(words, sb);
        return words;
    }

    private static char NextBase(string d, int from)
    {
        for (int i = from; i < d.Length; i++)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(d[i]);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark || d[i] == '\u0640') continue;
            return d[i];
        }
        return '\0';
    }

    private static void Flush(List<string> words, StringBuilder sb)
    {
        if (sb.Length == 0) return;
        string w = sb.ToString();
        sb.Clear();
        if (w[0] is >= '\u0600' and <= '\u06FF')
        {
            foreach (string art in ArabicArticles)
            {
                if (w.Length >= art.Length + 3 && w.StartsWith(art, StringComparison.Ordinal)) { w = w[art.Length..]; break; }
            }
        }
        words.Add(w);
    }

    private static PoliticalLexicon LoadDefault()
    {
        using var stream = typeof(PoliticalLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PoliticalLexicon).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), "default");
    }
}
