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
/// combining accent is one account (<c>../shared/cases/parse-unicode-nfc-nfd</c>). Canonical
/// handles are compared ordinally: <c>"007"</c> and <c>"7"</c> are different accounts, as with
/// NetworkX's default <c>nodetype=None</c>. An empty (or all-blank) handle is rejected.
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
        ReadOnlySpan<char> h = handle.Trim();
        if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(handle));
        if (IsAscii(h))
        {
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
        ReadOnlySpan<char> h = handle.Trim();
        if (h.IsEmpty) { id = -1; return false; }
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
    /// The canonical form of a handle: trimmed, NFC. Throws <see cref="ArgumentException"/> when blank.
    /// </summary>
    public static string Canonicalize(ReadOnlySpan<char> handle)
    {
        ReadOnlySpan<char> h = handle.Trim();
        if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(handle));
        string s = h.ToString();
        return IsAscii(h) || s.IsNormalized(NormalizationForm.FormC) ? s : s.Normalize(NormalizationForm.FormC);
    }

    /// <summary>A copy that can be extended (used when a new snapshot is built from an old one).</summary>
    public AccountIndex CloneUnfrozen()
    {
        var copy = new AccountIndex(Count);
        foreach (string name in _names) copy.Intern(name);
        return copy;
    }

    internal void Freeze() => _frozen = true;

    private static bool IsAscii(ReadOnlySpan<char> s) => System.Text.Ascii.IsValid(s);
}
