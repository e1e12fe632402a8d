using System.Runtime.InteropServices;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Benchmarks.Graph;

/// <summary>
/// The account index as it was before the compact layout (kept only here, as the benchmark's baseline):
/// a <c>Dictionary&lt;string,int&gt;</c> (ordinal) plus a <c>List&lt;string&gt;</c>, one .NET string and one
/// dictionary entry per account. Same canonicalisation rules as <see cref="AccountIndex"/> (it calls its
/// public <see cref="AccountIndex.Canonicalize"/> and <see cref="AccountIndex.CheckHandle"/>).
/// </summary>
public sealed class LegacyAccountIndex
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly List<string> _names;

    /// <summary>Creates an empty index; <paramref name="capacity"/> is a hint (&gt;= 0).</summary>
    public LegacyAccountIndex(int capacity = 0)
    {
        _ids = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _spanLookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _names = new List<string>(capacity);
    }

    /// <summary>Number of interned accounts.</summary>
    public int Count => _names.Count;

    /// <summary>The canonical handle of node <paramref name="id"/>.</summary>
    public string this[int id] => _names[id];

    /// <summary>Returns the id of <paramref name="handle"/>, adding it when new (the old code, verbatim).</summary>
    /// <exception cref="ArgumentException">The handle is blank or breaks the character rules.</exception>
    public int Intern(ReadOnlySpan<char> handle)
    {
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(handle));
        if (System.Text.Ascii.IsValid(h))
        {
            if (h.IndexOfAnyInRange('\0', '\u001F') >= 0 || h.Contains('\u007F')) throw new ArgumentException(AccountIndex.CheckHandle(h, int.MaxValue), nameof(handle));
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_spanLookup, h, out bool exists);
            if (!exists)
            {
                slot = _names.Count;
                _names.Add(_spanLookup.TryGetValue(h, out string? key, out _) ? key : h.ToString());
            }
            return slot;
        }
        string canonical = AccountIndex.Canonicalize(h);
        ref int s2 = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, canonical, out bool exists2);
        if (!exists2)
        {
            s2 = _names.Count;
            _names.Add(canonical);
        }
        return s2;
    }

    /// <summary>Looks a handle up without adding it (the old code, verbatim).</summary>
    public bool TryGetId(ReadOnlySpan<char> handle, out int id)
    {
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty || AccountIndex.CheckHandle(h, int.MaxValue) is not null) { id = -1; return false; }
        if (System.Text.Ascii.IsValid(h))
        {
            if (_spanLookup.TryGetValue(h, out id)) return true;
            id = -1;
            return false;
        }
        if (_ids.TryGetValue(AccountIndex.Canonicalize(h), out id)) return true;
        id = -1;
        return false;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> handle)
    {
        ReadOnlySpan<char> h = handle.Trim();
        while (!h.IsEmpty && h[0] == '\uFEFF') h = h[1..].TrimStart();
        return h;
    }
}
