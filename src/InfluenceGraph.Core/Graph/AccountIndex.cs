using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Text;
using System.Text.Unicode;

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
/// <b>Layout</b> (compact; no .NET string is kept per account). The canonical handles are stored as
/// UTF-8 bytes, one after another in id order, in a blob split into chunks of at most 1 GiB (a handle
/// never straddles two chunks), so the handle text may exceed 2 GiB; each account has one <see cref="int"/>
/// start offset inside its chunk (its end is the next account's start, or the chunk's used length) and
/// each chunk records its first id, found by binary search over the few chunks. Lookups go through an
/// open-addressing table of <see cref="uint"/> slots with linear probing, at a load factor of at most
/// 0.75 (grown ×1.5, so between 0.5 and 0.75 after growth): a slot holds <c>id + 1</c> in its low
/// bits (0 = empty) and the top bits of the handle's 64-bit hash in the bits left over (at least
/// 1, 11 for 10^6 accounts), so a probe compares handle bytes only when the tag matches. The hash is
/// a wyhash-style multiply–xor mix of the UTF-8 bytes (after Wang Yi's wyhash, with
/// fixed secrets). Cost per account: its UTF-8 bytes + 4 B offset + 5.3–8 B of table
/// (<see cref="MemoryBytes"/> gives the exact figure); the former <c>Dictionary&lt;string,int&gt;</c> +
/// <c>List&lt;string&gt;</c> layout took ≈ 72–80 B for 6–11 character handles.
/// </para>
/// <para>
/// <see cref="this[int]"/> and <see cref="Names"/> materialise a new string on each read (callers that
/// need many should read <see cref="GetUtf8"/>); lookups from a <see cref="ReadOnlySpan{T}"/> of chars
/// or UTF-8 bytes allocate nothing when the handle is ASCII (the fast path for parsers). Not thread-safe
/// for writers; concurrent readers of a frozen index (one owned by a <see cref="GraphSnapshot"/>) are safe.
/// </para>
/// </remarks>
public sealed class AccountIndex
{
    /// <summary>Largest blob chunk, in bytes (1 GiB).</summary>
    internal const int DefaultMaxChunkBytes = 1 << 30;

    /// <summary>Most slots of the table (the largest <see cref="uint"/> array .NET allocates).</summary>
    internal const int MaxSlots = 0x7FFFFFC7;

    /// <summary>The highest load factor of the table before it grows.</summary>
    public const double MaxLoadFactor = 0.75;

    /// <summary>Approximate bytes of an array's header on 64-bit .NET (object header, method table, length).</summary>
    private const int ArrayHeader = 24;

    private const string FrozenMessage = "This account index belongs to a snapshot and is read-only; intern through a GraphBuilder.";

    private readonly int _maxChunkBytes;
    private byte[][] _chunks;
    private int[] _chunkFirstId;
    private int[] _chunkUsed;
    private int _chunkCount;
    private int[] _starts;
    private int _count;
    private uint[] _slots;
    private int _idBits;
    private int _growAt;
    private bool _frozen;

    /// <summary>Creates an empty index.</summary>
    /// <param name="capacity">Expected number of accounts (a hint, &gt;= 0): the table and offsets are sized for it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public AccountIndex(int capacity = 0) : this(capacity, DefaultMaxChunkBytes) { }

    /// <summary>Creates an empty index with blob chunks of at most <paramref name="maxChunkBytes"/> bytes (tests use small chunks).</summary>
    internal AccountIndex(int capacity, int maxChunkBytes, long blobCapacity = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkBytes, 1);
        _maxChunkBytes = maxChunkBytes;
        long firstChunk = blobCapacity >= 0 ? blobCapacity : 12L * capacity;
        _chunks = [new byte[(int)Math.Clamp(firstChunk, 0, maxChunkBytes)]];
        _chunkFirstId = [0];
        _chunkUsed = [0];
        _chunkCount = 1;
        _starts = capacity == 0 ? [] : new int[capacity];
        _slots = [];
        Resize(SlotsFor(capacity));
    }

    /// <summary>Number of interned accounts.</summary>
    public int Count => _count;

    /// <summary>True once the index belongs to a snapshot; <see cref="Intern(ReadOnlySpan{char})"/> then throws.</summary>
    public bool IsFrozen => _frozen;

    /// <summary>The canonical handle of node <paramref name="id"/>, as a new string (decoded from the stored UTF-8).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in <c>[0, Count)</c>.</exception>
    public string this[int id] => Encoding.UTF8.GetString(GetUtf8(id));

    /// <summary>
    /// All canonical handles, indexed by node id: a read-only view over the index (each element read
    /// materialises a string; nothing is kept per account). It sees accounts interned later while the
    /// index is not frozen.
    /// </summary>
    public IReadOnlyList<string> Names => new NameList(this);

    /// <summary>
    /// The canonical handle of node <paramref name="id"/> as stored: its UTF-8 bytes, without copying.
    /// The span stays valid (and unchanged) after later interning.
    /// </summary>
    /// <param name="id">Node id in <c>[0, Count)</c>.</param>
    /// <returns>The UTF-8 bytes (no terminator, no byte-order mark).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in <c>[0, Count)</c>.</exception>
    public ReadOnlySpan<byte> GetUtf8(int id)
    {
        if ((uint)id >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(id), id, $"Node ids are 0..{_count - 1}.");
        return Bytes(id);
    }

    /// <summary>
    /// Compares the handles of nodes <paramref name="a"/> and <paramref name="b"/> exactly as
    /// <see cref="string.CompareOrdinal(string, string)"/> compares the decoded strings (UTF-16 code units),
    /// without decoding them: the stored UTF-8 bytes are compared directly, and only when the first
    /// difference lies inside two non-ASCII characters are those handles decoded (UTF-8 byte order is code
    /// point order, which differs from UTF-16 order for characters U+E000–U+FFFF against supplementary ones).
    /// Used to break score ties by handle in rankings without a string per comparison.
    /// </summary>
    /// <param name="a">Node id in <c>[0, Count)</c>.</param>
    /// <param name="b">Node id in <c>[0, Count)</c>.</param>
    /// <returns>Negative when handle <paramref name="a"/> sorts first, 0 when equal (same id), positive otherwise;
    /// the sign always equals that of <see cref="string.CompareOrdinal(string, string)"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in <c>[0, Count)</c>.</exception>
    public int CompareOrdinal(int a, int b)
    {
        var x = GetUtf8(a);
        var y = GetUtf8(b);
        int common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length) return x.Length - y.Length;
        byte bx = x[common], by = y[common];
        // A difference at an ASCII byte is a code-point boundary in both (the prefixes are equal), and an
        // ASCII character sorts before any other in UTF-16 as in UTF-8.
        if (bx < 0x80 || by < 0x80) return bx - by;
        return Math.Sign(string.CompareOrdinal(Encoding.UTF8.GetString(x), Encoding.UTF8.GetString(y)));
    }

    /// <summary>Total bytes of handle text (UTF-8) held, over all accounts.</summary>
    public long HandleBytes
    {
        get
        {
            long sum = 0;
            for (int c = 0; c < _chunkCount; c++) sum += _chunkUsed[c];
            return sum;
        }
    }

    /// <summary>
    /// Bytes of managed memory this index holds: the handle chunks (capacity, not only the used part),
    /// the per-account offsets, the lookup table, the chunk directory and array headers (24 B each, 64-bit
    /// .NET). Computed from the structure (not measured from the heap); exact up to the object header
    /// of the index itself. Per account: <see cref="HandleBytes"/>/<see cref="Count"/> + 4 + 4/load factor.
    /// </summary>
    public long MemoryBytes
    {
        get
        {
            long sum = 64; // the object and its fields
            sum += ArrayHeader + 8L * _chunks.Length;
            for (int c = 0; c < _chunkCount; c++) sum += ArrayHeader + _chunks[c].LongLength;
            sum += 2 * (ArrayHeader + 4L * _chunkFirstId.Length);
            sum += ArrayHeader + 4L * _starts.Length;
            sum += ArrayHeader + 4L * _slots.Length;
            return sum;
        }
    }

    /// <summary>Slots of the lookup table (for tests and memory accounting).</summary>
    internal int TableSlots => _slots.Length;

    /// <summary>Chunks of the handle blob in use (for tests).</summary>
    internal int ChunkCount => _chunkCount;

    /// <summary>
    /// Returns the id of <paramref name="handle"/>, adding it when new.
    /// </summary>
    /// <param name="handle">Raw handle text; trimmed and NFC-normalised here.</param>
    /// <returns>The dense node id (0-based).</returns>
    /// <exception cref="ArgumentException">The handle is empty or blank, or breaks the character rules (<see cref="CheckHandle"/>).</exception>
    /// <exception cref="InvalidOperationException">The index is frozen, or holds the most accounts a table can index (about 1.6·10^9).</exception>
    public int Intern(ReadOnlySpan<char> handle)
    {
        if (_frozen) throw new InvalidOperationException(FrozenMessage);
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(handle));
        if (IsAscii(h))
        {
            if (h.IndexOfAnyInRange('\0', '\u001F') >= 0 || h.Contains('\u007F')) throw new ArgumentException(CheckHandle(h, int.MaxValue), nameof(handle));
            return InternAscii(h);
        }
        return InternCanonical(Canonicalize(h));
    }

    /// <summary>Interns a string handle (see <see cref="Intern(ReadOnlySpan{char})"/>).</summary>
    public int Intern(string handle) => Intern(handle.AsSpan());

    /// <summary>
    /// Returns the id of a handle given as UTF-8 bytes, adding it when new: the same account, rules and
    /// errors as <see cref="Intern(ReadOnlySpan{char})"/> on the decoded text, where each invalid UTF-8
    /// sequence decodes to <see cref="InvalidUtf8Marker"/> (so it is rejected as invalid UTF-8). An ASCII
    /// handle (after trimming ASCII white space) is hashed and compared as bytes, without transcoding
    /// or allocating — the fast path for parsers reading UTF-8 input.
    /// </summary>
    /// <param name="utf8">Raw handle bytes (no byte-order mark expected; a leading one is stripped like U+FEFF).</param>
    /// <returns>The dense node id (0-based).</returns>
    /// <exception cref="ArgumentException">The handle is empty or blank, is not valid UTF-8, or breaks the character rules.</exception>
    /// <exception cref="InvalidOperationException">The index is frozen.</exception>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (_frozen) throw new InvalidOperationException(FrozenMessage);
        ReadOnlySpan<byte> h = TrimAscii(utf8);
        if (Ascii.IsValid(h))
        {
            if (h.IsEmpty) throw new ArgumentException("An account handle must not be empty.", nameof(utf8));
            if (h.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || h.Contains((byte)0x7F))
                throw new ArgumentException(CheckHandle(Encoding.ASCII.GetString(h), int.MaxValue), nameof(utf8));
            return InternKey(h);
        }
        return Intern(DecodeWithMarker(h).AsSpan());
    }

    /// <summary>Looks a handle up without adding it.</summary>
    /// <param name="handle">Raw handle text; canonicalised as by <see cref="Intern(ReadOnlySpan{char})"/>.</param>
    /// <param name="id">The node id when found, else -1.</param>
    /// <returns>True when the account is known (false for a handle that breaks the rules).</returns>
    public bool TryGetId(ReadOnlySpan<char> handle, out int id)
    {
        ReadOnlySpan<char> h = Trim(handle);
        if (h.IsEmpty || CheckHandle(h, int.MaxValue) is not null) { id = -1; return false; }
        id = IsAscii(h) ? FindAscii(h) : FindCanonical(Canonicalize(h));
        return id >= 0;
    }

    /// <summary>Looks a string handle up without adding it.</summary>
    public bool TryGetId(string handle, out int id) => TryGetId(handle.AsSpan(), out id);

    /// <summary>
    /// Looks a handle given as UTF-8 bytes up without adding it: the same answer as
    /// <see cref="TryGetId(ReadOnlySpan{char}, out int)"/> on the decoded text (invalid UTF-8 is never
    /// found). ASCII handles are compared as bytes, without allocating.
    /// </summary>
    /// <param name="utf8">Raw handle bytes.</param>
    /// <param name="id">The node id when found, else -1.</param>
    /// <returns>True when the account is known.</returns>
    public bool TryGetId(ReadOnlySpan<byte> utf8, out int id)
    {
        ReadOnlySpan<byte> h = TrimAscii(utf8);
        if (Ascii.IsValid(h))
        {
            if (h.IsEmpty || h.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || h.Contains((byte)0x7F)) { id = -1; return false; }
            id = Find(h, Hash(h));
            return id >= 0;
        }
        return TryGetId(DecodeWithMarker(h).AsSpan(), out id);
    }

    /// <summary>
    /// A copy that can be extended (used when a new snapshot is built from an old one): the stored bytes,
    /// offsets and table are copied as arrays (no handle is re-hashed), sized to what is used.
    /// </summary>
    public AccountIndex CloneUnfrozen()
    {
        var copy = new AccountIndex(0, _maxChunkBytes, 0);
        copy._chunks = new byte[_chunkCount][];
        for (int c = 0; c < _chunkCount; c++) copy._chunks[c] = _chunks[c].AsSpan(0, _chunkUsed[c]).ToArray();
        copy._chunkFirstId = _chunkFirstId.AsSpan(0, _chunkCount).ToArray();
        copy._chunkUsed = _chunkUsed.AsSpan(0, _chunkCount).ToArray();
        copy._chunkCount = _chunkCount;
        copy._starts = _starts.AsSpan(0, _count).ToArray();
        copy._count = _count;
        copy._slots = (uint[])_slots.Clone();
        copy._idBits = _idBits;
        copy._growAt = _growAt;
        return copy;
    }

    /// <summary>
    /// Interns an already canonical handle as stored, without canonicalising it again (loading a
    /// stored graph, cloning an index): handles stored by an older build under older rules keep their
    /// node. Distinct strings get distinct ids.
    /// </summary>
    /// <returns>The node id.</returns>
    /// <exception cref="ArgumentException">The handle holds an unpaired UTF-16 surrogate (it has no UTF-8 form).</exception>
    /// <exception cref="InvalidOperationException">The index is frozen.</exception>
    public int InternExact(string handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (_frozen) throw new InvalidOperationException(FrozenMessage);
        return InternCanonical(handle);
    }

    /// <summary>
    /// <see cref="InternExact(string)"/> from stored UTF-8 bytes (a store reloading its accounts): no string is made.
    /// </summary>
    /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
    /// <exception cref="InvalidOperationException">The index is frozen.</exception>
    internal int InternExactUtf8(ReadOnlySpan<byte> utf8)
    {
        if (_frozen) throw new InvalidOperationException(FrozenMessage);
        if (!Ascii.IsValid(utf8) && !Utf8.IsValid(utf8)) throw new ArgumentException("A stored account handle is not valid UTF-8.", nameof(utf8));
        return InternKey(utf8);
    }

    /// <summary>
    /// An index holding, in order, the handles of <paramref name="lines"/> — UTF-8 text with each handle
    /// followed by <c>'\n'</c> (the stored version format) — interned exactly (<see cref="InternExact"/>),
    /// built from the bytes without making a string per handle.
    /// </summary>
    /// <exception cref="ArgumentException">A handle is not valid UTF-8, or the text does not end with '\n'.</exception>
    internal static AccountIndex FromUtf8Lines(ReadOnlySpan<byte> lines)
    {
        if (!lines.IsEmpty && lines[^1] != (byte)'\n') throw new ArgumentException("Stored handles must each end with a line feed.", nameof(lines));
        int n = lines.Count((byte)'\n');
        var index = new AccountIndex(n, DefaultMaxChunkBytes, lines.Length - n);
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n');
            index.InternExactUtf8(lines[..end]);
            lines = lines[(end + 1)..];
        }
        return index;
    }

    /// <summary>
    /// Interns bytes that are already a canonical ASCII handle (printable, no blanks; the parallel reader's tokens) without
    /// the checks of <see cref="Intern(ReadOnlySpan{byte})"/>: the caller guarantees them.
    /// </summary>
    internal int InternCanonicalAscii(ReadOnlySpan<byte> key) => InternKey(key);

    /// <summary>Forgets every account, keeping the arrays (a parallel reader reuses one scratch index per range).</summary>
    internal void Clear()
    {
        if (_frozen) throw new InvalidOperationException(FrozenMessage);
        _count = 0;
        for (int c = 0; c < _chunkCount; c++) _chunkUsed[c] = 0;
        _chunkCount = 1;
        Array.Clear(_slots);
    }

    /// <summary>Makes the index read-only (it now belongs to a snapshot) and returns spare capacity of the offsets and the last chunk.</summary>
    internal void Freeze()
    {
        if (_frozen) return;
        _frozen = true;
        if (_starts.Length - _count > _count / 16 + 16) Array.Resize(ref _starts, _count);
        int last = _chunkCount - 1;
        if (_chunks[last].Length - _chunkUsed[last] > _chunkUsed[last] / 16 + 256) Array.Resize(ref _chunks[last], _chunkUsed[last]);
    }

    // ---- storage ------------------------------------------------------------------------------

    private ReadOnlySpan<byte> Bytes(int id)
    {
        int c = _chunkCount == 1 ? 0 : ChunkOf(id);
        int limit = c + 1 < _chunkCount ? _chunkFirstId[c + 1] : _count;
        int start = _starts[id];
        int end = id + 1 < limit ? _starts[id + 1] : _chunkUsed[c];
        return new ReadOnlySpan<byte>(_chunks[c], start, end - start);
    }

    private int ChunkOf(int id)
    {
        int lo = 0, hi = _chunkCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_chunkFirstId[mid] <= id) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Appends <paramref name="key"/> as account <see cref="_count"/> (not in the table yet); returns its id.</summary>
    private int Append(ReadOnlySpan<byte> key)
    {
        if (key.Length > _maxChunkBytes) throw new ArgumentException($"An account handle of {key.Length:N0} UTF-8 bytes is longer than the {_maxChunkBytes:N0} bytes an index chunk holds.");
        int c = _chunkCount - 1;
        int used = _chunkUsed[c];
        if ((long)used + key.Length > _chunks[c].Length)
        {
            if ((long)used + key.Length <= _maxChunkBytes)
            {
                long grown = Math.Max((long)used + key.Length, Math.Max(2L * _chunks[c].Length, 256));
                Array.Resize(ref _chunks[c], (int)Math.Min(grown, _maxChunkBytes));
            }
            else
            {
                // The last chunk is full: start a new one (a handle never straddles two chunks).
                c++;
                if (c == _chunks.Length)
                {
                    Array.Resize(ref _chunks, 2 * c);
                    Array.Resize(ref _chunkFirstId, 2 * c);
                    Array.Resize(ref _chunkUsed, 2 * c);
                }
                _chunks[c] = new byte[(int)Math.Min(_maxChunkBytes, Math.Max(key.Length, Math.Min(1L << 20, Math.Max(256, _maxChunkBytes / 64))))];
                _chunkFirstId[c] = _count;
                _chunkUsed[c] = 0;
                _chunkCount++;
                used = 0;
            }
        }
        key.CopyTo(_chunks[c].AsSpan(used));
        if (_count == _starts.Length) Array.Resize(ref _starts, (int)Math.Min(Array.MaxLength, Math.Max(16, 2L * _count)));
        _starts[_count] = used;
        _chunkUsed[c] = used + key.Length;
        return _count++;
    }

    // ---- table --------------------------------------------------------------------------------

    private static int SlotsFor(int accounts) => (int)Math.Min(MaxSlots, Math.Max(8, (long)Math.Ceiling(accounts / MaxLoadFactor) + 1));

    /// <summary>Re-creates the table with <paramref name="slots"/> slots and re-inserts every account (hashing its stored bytes).</summary>
    private void Resize(int slots)
    {
        _slots = new uint[slots];
        _idBits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)slots); // id + 1 <= Count < slots fits
        _growAt = slots == MaxSlots ? slots - 1 : (int)(slots * MaxLoadFactor);
        for (int id = 0; id < _count; id++) Place(id, Hash(Bytes(id)));
    }

    private void Place(int id, ulong hash)
    {
        uint cap = (uint)_slots.Length;
        uint i = (uint)(((ulong)(uint)hash * cap) >> 32);
        while (_slots[i] != 0) if (++i == cap) i = 0;
        _slots[i] = ((uint)(hash >> 32) >> _idBits << _idBits) | (uint)(id + 1);
    }

    /// <summary>The id of the account whose stored bytes are <paramref name="key"/>, or -1.</summary>
    private int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        uint[] slots = _slots;
        uint cap = (uint)slots.Length;
        int bits = _idBits;
        uint idMask = (1u << bits) - 1;
        uint tag = (uint)(hash >> 32) >> bits;
        uint i = (uint)(((ulong)(uint)hash * cap) >> 32);
        while (true)
        {
            uint s = slots[i];
            if (s == 0) return -1;
            if (s >> bits == tag)
            {
                int id = (int)(s & idMask) - 1;
                if (Bytes(id).SequenceEqual(key)) return id;
            }
            if (++i == cap) i = 0;
        }
    }

    // ---- prefetch hints for a batch of lookups ------------------------------------------------
    // A lookup in a large index costs up to three cache misses in a row: the table slot, the account's offset, its bytes.
    // A caller that knows its next keys (the parallel reader's merge: a range's accounts in order) hides them by calling,
    // for the key k positions ahead, PrefetchSlot (3 steps ahead), PrefetchOffset (2 steps), PrefetchBytes (1 step), each
    // a hint only (x86 SSE prefetch; nothing on other processors): no lookup result depends on them, a stale or wrong
    // address (the table was resized meanwhile) only wastes the hint, and a prefetch never faults.

    /// <summary>Hint: load the table slot where a key of hash <paramref name="hash"/> (<see cref="Hash"/>) is probed first.</summary>
    internal unsafe void PrefetchSlot(ulong hash)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        uint[] slots = _slots;
        uint i = (uint)(((ulong)(uint)hash * (uint)slots.Length) >> 32);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(
            ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(slots), (nint)i)));
    }

    /// <summary>The id whose tag matches <paramref name="hash"/> in its first probed slot, or -1 (empty or another tag).</summary>
    private int FirstCandidate(ulong hash)
    {
        uint[] slots = _slots;
        int bits = _idBits;
        uint i = (uint)(((ulong)(uint)hash * (uint)slots.Length) >> 32);
        uint s = slots[i];
        if (s == 0 || s >> bits != (uint)(hash >> 32) >> bits) return -1;
        int id = (int)(s & ((1u << bits) - 1)) - 1;
        return (uint)id < (uint)_count ? id : -1;
    }

    /// <summary>Hint: after <see cref="PrefetchSlot"/>, load the offset entry of the account the first slot names.</summary>
    internal unsafe void PrefetchOffset(ulong hash)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        int id = FirstCandidate(hash);
        if (id < 0) return;
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(
            ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_starts), (nint)id)));
    }

    /// <summary>Hint: after <see cref="PrefetchOffset"/>, load the stored bytes of the account the first slot names.</summary>
    internal unsafe void PrefetchBytes(ulong hash)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        int id = FirstCandidate(hash);
        if (id < 0) return;
        int c = _chunkCount == 1 ? 0 : ChunkOf(id);
        byte[] chunk = _chunks[c];
        int start = _starts[id];
        if ((uint)start >= (uint)chunk.Length) return;
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(System.Runtime.CompilerServices.Unsafe.AsPointer(
            ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(chunk), (nint)start)));
    }

    private int InternKey(ReadOnlySpan<byte> key)
    {
        ulong hash = Hash(key);
        int found = Find(key, hash);
        if (found >= 0) return found;
        if (_count >= _growAt)
        {
            if (_slots.Length == MaxSlots) throw new InvalidOperationException($"An account index holds at most {MaxSlots - 1:N0} accounts.");
            Resize((int)Math.Min(MaxSlots, Math.Max(8, _slots.Length + (long)_slots.Length / 2)));
        }
        int id = Append(key);
        Place(id, hash);
        return id;
    }

    private int InternAscii(ReadOnlySpan<char> h)
    {
        byte[]? rented = null;
        Span<byte> buf = h.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(h.Length));
        try
        {
            Ascii.FromUtf16(h, buf, out int len);
            return InternKey(buf[..len]);
        }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }
    }

    private int FindAscii(ReadOnlySpan<char> h)
    {
        byte[]? rented = null;
        Span<byte> buf = h.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(h.Length));
        try
        {
            Ascii.FromUtf16(h, buf, out int len);
            return Find(buf[..len], Hash(buf[..len]));
        }
        finally { if (rented is not null) ArrayPool<byte>.Shared.Return(rented); }
    }

    /// <summary>Interns <paramref name="s"/> exactly as given (already canonical, or stored), by its UTF-8 bytes.</summary>
    private int InternCanonical(string s)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(s.Length));
        try { return InternKey(rented.AsSpan(0, ToUtf8(s, rented))); }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    private int FindCanonical(string s)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(s.Length));
        try
        {
            var key = rented.AsSpan(0, ToUtf8(s, rented));
            return Find(key, Hash(key));
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    private static int ToUtf8(string s, Span<byte> dest)
    {
        if (Utf8.FromUtf16(s, dest, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            throw new ArgumentException("The handle is not valid Unicode (an unpaired UTF-16 surrogate): it has no UTF-8 form.", "handle");
        return written;
    }

    /// <summary>UTF-8 decoding where each invalid sequence becomes <see cref="InvalidUtf8Marker"/> (as the import pipeline decodes).</summary>
    private static readonly Encoding MarkerUtf8 = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(InvalidUtf8Marker.ToString()));

    private static string DecodeWithMarker(ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 byte-order mark decodes to U+FEFF, which Trim strips like the char path does.
        return MarkerUtf8.GetString(utf8);
    }

    /// <summary>ASCII white space as <see cref="char.IsWhiteSpace(char)"/> sees it: tab, LF, VT, FF, CR, space.</summary>
    private static bool IsAsciiSpace(byte b) => b == (byte)' ' || (uint)(b - 9) <= 4;

    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsAsciiSpace(s[a])) a++;
        while (b > a && IsAsciiSpace(s[b - 1])) b--;
        return s[a..b];
    }

    private const ulong HashS0 = 0xa0761d6478bd642fUL, HashS1 = 0xe7037ed1a0b428dbUL;

    /// <summary>wyhash's seed step for seed 0: <c>seed ^= wymix(seed ^ s0, s1)</c>.</summary>
    private static readonly ulong Seed0 = MixStatic(HashS0, HashS1);

    private static ulong MixStatic(ulong x, ulong y)
    {
        ulong h = Math.BigMul(x, y, out ulong l);
        return h ^ l;
    }

    /// <summary>
    /// 64-bit hash of a handle's UTF-8 bytes, with wyhash's structure (Wang Yi, public domain): for
    /// ≤ 16 bytes two overlapping 4-byte reads per word, longer inputs in 16- and 48-byte rounds, each
    /// round a 64×64→128-bit multiply folded by xor; fixed secrets (those of wyhash final 3).
    /// Deterministic across processes (the table is not persisted, so no seed is needed for that; a
    /// fixed seed means adversarial handle sets could force long probes, as with any fixed hash).
    /// </summary>
    internal static ulong Hash(ReadOnlySpan<byte> s)
    {
        const ulong S1 = HashS1, S2 = 0x8ebc6af09c88c6e3UL, S3 = 0x589965cc75374cc3UL, S0 = HashS0;
        int n = s.Length;
        ulong seed = Seed0;
        ulong a, b;
        if (n <= 16)
        {
            if (n >= 4)
            {
                int q = (n >> 3) << 2;
                a = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(s) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(s[q..]);
                b = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(s[(n - 4)..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(s[(n - 4 - q)..]);
            }
            else if (n > 0)
            {
                a = ((ulong)s[0] << 16) | ((ulong)s[n >> 1] << 8) | s[n - 1];
                b = 0;
            }
            else a = b = 0;
        }
        else
        {
            int i = n, off = 0;
            if (i > 48)
            {
                ulong see1 = seed, see2 = seed;
                do
                {
                    seed = Mix(R8(s, off) ^ S1, R8(s, off + 8) ^ seed);
                    see1 = Mix(R8(s, off + 16) ^ S2, R8(s, off + 24) ^ see1);
                    see2 = Mix(R8(s, off + 32) ^ S3, R8(s, off + 40) ^ see2);
                    off += 48;
                    i -= 48;
                } while (i > 48);
                seed ^= see1 ^ see2;
            }
            while (i > 16)
            {
                seed = Mix(R8(s, off) ^ S1, R8(s, off + 8) ^ seed);
                off += 16;
                i -= 16;
            }
            a = R8(s, n - 16);
            b = R8(s, n - 8);
        }
        a ^= S1;
        b ^= seed;
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return Mix(lo ^ S0 ^ (ulong)n, hi ^ S1);

        static ulong R8(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
        static ulong Mix(ulong x, ulong y)
        {
            ulong h = Math.BigMul(x, y, out ulong l);
            return h ^ l;
        }
    }

    /// <summary>The read-only list behind <see cref="Names"/>.</summary>
    private sealed class NameList(AccountIndex index) : IReadOnlyList<string>
    {
        public string this[int index1] => index[index1];

        public int Count => index.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < index.Count; i++) yield return index[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

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

    private static bool IsAscii(ReadOnlySpan<char> s) => System.Text.Ascii.IsValid(s);

    private static bool IsAscii(string s) => System.Text.Ascii.IsValid(s);
}
