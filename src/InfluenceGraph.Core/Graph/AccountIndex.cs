using System.Runtime.InteropServices;
using System.Text;

namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Interns account handles to dense node ids <c>0 .. Count-1</c> in order of first appearance.
/// </summary>
/// <remarks>
/// <para>
/// A handle is canonicalised before lookup: surrounding white space is trimmed, then the text is
/// brought to Unicode Normalization Form C, so the same name typed with a precomposed or a
/// combining accent is one account. Canonical
/// handles are compared ordinally: <c>"007"</c> and <c>"7"</c> are different accounts, as with
/// NetworkX's default <c>nodetype=None</c>. An empty (or all-blank) handle is rejected.
/// </para>
/// <para>
/// Handle character rules (<see cref="CheckHandle"/>, enforced by <see cref="Intern(ReadOnlySpan{char})"/>
/// and <see cref="Canonicalize"/> for every input format): a leading U+FEFF (a byte-order mark
/// left by concatenated files) is stripped like white space; a handle must not contain a control
/// character (Unicode category Cc: NUL, tab, CR, LF, U+007F, U+0080-U+009F) — such a handle is
/// almost always a parse accident (an unterminated CSV quote swallowing line breaks) and would
/// corrupt the tab-separated output of <c>score</c> — nor an unpaired UTF-16 surrogate, nor
/// <see cref="InvalidUtf8Marker"/> (what the import pipeline decodes invalid UTF-8 bytes to).
/// </para>
/// <para>
/// Invisible format characters (Unicode general category Cf: U+00AD soft hyphen, U+200B zero width
/// space, U+200C/U+200D zero width (non-)joiner, U+200E/U+200F and U+202A-U+202E direction marks,
/// U+2060-U+2064, U+FEFF, tag characters...) are removed from a handle before NFC, so <c>e\uFEFFf</c>
/// and <c>ef</c> are one account and an invisible duplicate of a real account cannot be created
/// (<see cref="StripFormatCharacters"/>). One exception keeps emoji sequences and joining scripts
/// intact: U+200C and U+200D stay when both neighbours are non-ASCII characters that are not
/// themselves format characters (<c>👩\u200D💻</c>). A handle made only of such characters is empty
/// and rejected. The same rule applies to lookups, so any spelling finds the stored account.
/// </para>
/// <para>
/// Lookups from a <see cref="ReadOnlySpan{T}"/> allocate nothing when the handle is already known
/// and ASCII (the fast path for parsers). Not thread-safe for writers; concurrent readers of a
/// frozen index (one owned by a <see cref="GraphSnapshot"/>) are safe.
/// </para>
/// </remarks>
public sealed class AccountIndex
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly List<string> _names;
    private bool _frozen;

    /// <summary>Creates an empty index.</summary>
    /// <param name="capacity">Expected number of accounts (a hint, &gt;= 0).</param>
    public AccountIndex(int capacity = 0)
    {
        _ids = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _spanLookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _names = new List<string>(capacity);
    }

    /// <summary>Number of interned accounts.</summary>
    public int Count => _names.Count;

    /// <summary>True once the index belongs to a snapshot; <see cref="Intern(ReadOnlySpan{char})"/> then throws.</summary>
    public bool IsFrozen => _frozen;

    /// <summary>The canonical handle of node <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in <c>[0, Count)</c>.</exception>
    public string this[int id] => _names[id];

    /// <summary>All canonical handles, indexed by node id.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// Returns the id of <paramref name="handle"/>, adding it when new.
    /// </summary>
    /// <param name="handle">Raw handle text; trimmed and NFC-normalised here.</param>
    /// <returns>The dense node id (0-based).</returns>
    /// <exception cref="ArgumentException">The handle is empty or blank.</exception>
    /// <exception cref="InvalidOperationException">The index is frozen.</exception>
    public int Intern(ReadOnlySpan<char> handle)
    {
        if (_frozen) throw new InvalidOperationException("This account index belongs to a snapshot and is read-only; intern through a GraphBuilder.");
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(handle));
        if (IsAscii(h))
        {
            if (h.IndexOfAnyInRange('\0', '\u001F') >= 0 || h.Contains('\u007F')) throw new ArgumentException(CheckHandle(h, int.MaxValue), nameof(handle));
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_spanLookup, h, out bool exists);
            if (!exists)
            {
                slot = _names.Count;
                _names.Add(_spanLookup.TryGetValue(h, out string? key, out _) ? key : h.ToString());
            }
            return slot;
        }
        string canonical = Canonicalize(h);
        ref int s2 = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, canonical, out bool exists2);
        if (!exists2)
        {
            s2 = _names.Count;
            _names.Add(canonical);
        }
        return s2;
    }

    /// <summary>Interns a string handle (see <see cref="Intern(ReadOnlySpan{char})"/>).</summary>
    public int Intern(string handle) => Intern(handle.AsSpan());

    /// <summary>Looks a handle up without adding it.</summary>
    /// <param name="handle">Raw handle text; canonicalised as by <see cref="Intern(ReadOnlySpan{char})"/>.</param>
    /// <param name="id">The node id when found, else -1.</param>
    /// <returns>True when the account is known.</returns>
    public bool TryGetId(ReadOnlySpan<char> handle, out int id)
    {
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty || CheckHandle(h, int.MaxValue) is not null) { id = -1; return false; }
        if (IsAscii(h))
        {
            if (_spanLookup.TryGetValue(h, out id)) return true;
            id = -1;
            return false;
        }
        if (_ids.TryGetValue(Canonicalize(h), out id)) return true;
        id = -1;
        return false;
    }

    /// <summary>Looks a string handle up without adding it.</summary>
    public bool TryGetId(string handle, out int id) => TryGetId(handle.AsSpan(), out id);

    /// <summary>
    /// The canonical form of a handle: trimmed (white space and a leading U+FEFF), format characters
    /// removed (see the class remarks), NFC.
    /// </summary>
    /// <exception cref="ArgumentException">The handle is blank, holds a control character or an
    /// unpaired surrogate (<see cref="CheckHandle"/>; the message is its reason).</exception>
    public static string Canonicalize(ReadOnlySpan<char> handle)
    {
        ReadOnlySpan<char> h = Trim(handle);
        if (CheckHandle(h, int.MaxValue) is { } reason) throw new ArgumentException(reason, nameof(handle));
        if (IsAscii(h)) return h.ToString();
        string s = StripFormatCharacters(h);
        if (s.Length != h.Length) s = s.Trim();
        return IsAscii(s) || s.IsNormalized(NormalizationForm.FormC) ? s : s.Normalize(NormalizationForm.FormC);
    }

    /// <summary>A copy that can be extended (used when a new snapshot is built from an old one).</summary>
    public AccountIndex CloneUnfrozen()
    {
        var copy = new AccountIndex(Count);
        foreach (string name in _names) copy.InternExact(name);
        return copy;
    }

    /// <summary>
    /// Interns an already canonical handle as stored, without canonicalising it again (loading a
    /// stored graph, cloning an index): handles stored by an older build under older rules keep their
    /// node. Distinct strings get distinct ids.
    /// </summary>
    /// <returns>The node id.</returns>
    /// <exception cref="InvalidOperationException">The index is frozen.</exception>
    public int InternExact(string handle)
    {
        if (_frozen) throw new InvalidOperationException("This account index belongs to a snapshot and is read-only; intern through a GraphBuilder.");
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, handle, out bool exists);
        if (!exists)
        {
            slot = _names.Count;
            _names.Add(handle);
        }
        return slot;
    }

    /// <summary>True for a character of Unicode general category Cf (format).</summary>
    private static bool IsFormat(char c) => c >= '­' && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>
    /// <paramref name="handle"/> without its format characters (Unicode category Cf), except U+200C/U+200D
    /// between two non-ASCII, non-format characters (see the class remarks); the input itself when it has none.
    /// Supplementary-plane format characters (tags U+E0001-U+E007F...) are removed too.
    /// </summary>
    public static string StripFormatCharacters(ReadOnlySpan<char> handle)
    {
        int first = -1;
        for (int i = 0; i < handle.Length; i++)
            if (IsFormatAt(handle, i)) { first = i; break; }
        if (first < 0) return handle.ToString();
        var sb = new StringBuilder(handle.Length);
        sb.Append(handle[..first]);
        for (int i = first; i < handle.Length; i++)
        {
            char c = handle[i];
            if (IsFormatAt(handle, i))
            {
                bool joiner = c is '‌' or '‍';
                if (joiner && i > 0 && i + 1 < handle.Length && handle[i - 1] > '' && handle[i + 1] > ''
                    && !IsFormatAt(handle, i - 1) && !IsFormatAt(handle, i + 1))
                {
                    sb.Append(c);
                }
                else if (char.IsHighSurrogate(c)) i++; // a supplementary format character: drop both halves
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsFormatAt(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c < '­') return false;
        if (char.IsHighSurrogate(c))
            return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
                && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[i + 1])) == System.Globalization.UnicodeCategory.Format;
        if (char.IsLowSurrogate(c))
            return i > 0 && char.IsHighSurrogate(s[i - 1])
                && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(s[i - 1], c)) == System.Globalization.UnicodeCategory.Format;
        return IsFormat(c);
    }

    /// <summary>
    /// The character the import pipeline decodes each invalid UTF-8 byte sequence to: U+FDD0, a
    /// Unicode noncharacter ("not for interchange"), so a handle holding it is rejected as invalid
    /// UTF-8 by <see cref="CheckHandle"/> instead of silently becoming U+FFFD.
    /// </summary>
    public const char InvalidUtf8Marker = '\uFDD0';

    /// <summary>Default longest handle the import pipeline accepts, in UTF-16 code units (1,024).</summary>
    public const int DefaultMaxHandleLength = 1024;

    /// <summary>
    /// Checks a handle against the character rules (see the class remarks) and a length limit.
    /// </summary>
    /// <param name="handle">The handle, already trimmed (as by <see cref="Canonicalize"/>).</param>
    /// <param name="maxLength">Longest accepted handle in UTF-16 code units (&gt;= 1), e.g. <see cref="DefaultMaxHandleLength"/>.</param>
    /// <returns>Null when the handle is acceptable, else the reason it is not (for a rejection message).</returns>
    /// <remarks>O(length); vectorised for ASCII.</remarks>
    public static string? CheckHandle(ReadOnlySpan<char> handle, int maxLength)
    {
        if (handle.IsEmpty) return "empty account handle";
        int c = handle.IndexOfAnyInRange('\0', '\u001F');
        int d = handle.IndexOfAnyInRange('\u007F', '\u009F');
        if (c < 0 || (d >= 0 && d < c)) c = d;
        if (c >= 0)
        {
            string what = handle[c] switch { '\t' => "a tab", '\n' => "a line feed", '\r' => "a carriage return", '\0' => "a NUL", _ => "a control character" };
            string hint = handle[c] is '\n' or '\r' ? " (an unterminated quote?)" : "";
            return $"the handle holds {what} (U+{(int)handle[c]:X4}) at position {c + 1}{hint}; control characters are not allowed in handles";
        }
        if (handle.Length > maxLength) return $"the handle is {handle.Length:N0} characters long; the limit is {maxLength:N0}";
        if (handle.Contains(InvalidUtf8Marker))
            return "invalid UTF-8: the handle holds undecodable bytes at position " + (handle.IndexOf(InvalidUtf8Marker) + 1) + "; declare the charset (e.g. 'text/csv; charset=iso-8859-1') if the file is not UTF-8";
        if (HasUnpairedSurrogate(handle))
            return "the handle is not valid Unicode: invalid UTF-8 bytes in the input (or an unpaired UTF-16 surrogate escape)";
        if (!IsAscii(handle) && StripFormatCharacters(handle).AsSpan().Trim().IsEmpty)
            return "the handle holds only invisible format characters (Unicode category Cf, e.g. U+200B, U+FEFF), which are removed from handles: it is empty";
        return null;
    }

    private static bool HasUnpairedSurrogate(ReadOnlySpan<char> s)
    {
        int i = s.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0) return false;
        for (; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return true;
        }
        return false;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> handle)
    {
        ReadOnlySpan<char> h = handle.Trim();
        while (!h.IsEmpty && h[0] == '\uFEFF') h = h[1..].TrimStart();
        return h;
    }

    internal void Freeze() => _frozen = true;

    private static bool IsAscii(ReadOnlySpan<char> s) => System.Text.Ascii.IsValid(s);

    private static bool IsAscii(string s) => System.Text.Ascii.IsValid(s);
}
