using System.Text;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Storage;
using InfluenceGraph.Core.Tests.Storage;

namespace InfluenceGraph.Core.Tests.Graph;

/// <summary>
/// The compact account index (UTF-8 blob + open-addressing table): the same accounts, ids and rules as a
/// dictionary of canonical strings, across growth, chunk boundaries, cloning, the UTF-8 byte path and a
/// reload from the store; and its memory, computed from the structure.
/// </summary>
public class AccountIndexTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "_", "7", "user", "é", "e\u0301", "Ω", "ж", "東京", "ß", "\U0001F600", "\U0001F469\u200D\U0001F4BB",
        "\u200B", "\u00AD", "\uFEFF", "\u202E", "\U000E0041", " ", "-", "0",
    ];

    /// <summary>10^5 seeded handles: ASCII, accents (composed and combining), other scripts, emoji, format characters, spaces, repeats, and bad ones.</summary>
    private static List<string> RandomHandles(int count, int seed)
    {
        var rng = new Random(seed);
        var list = new List<string>(count);
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            int kind = rng.Next(20);
            if (kind < 8) { list.Add("user" + rng.Next(0, 60_000)); continue; }   // many repeats
            if (kind == 8 && list.Count > 0) { list.Add(" " + list[rng.Next(list.Count)] + "\t"); continue; }
            if (kind == 9) { list.Add("bad" + AccountIndex.InvalidUtf8Marker + rng.Next(100)); continue; } // invalid UTF-8 marker
            if (kind == 10 && rng.Next(4) == 0) { list.Add("ctl\n" + rng.Next(100)); continue; }
            sb.Clear();
            int len = 1 + rng.Next(6);
            for (int k = 0; k < len; k++) sb.Append(Pieces[rng.Next(Pieces.Length)]);
            list.Add(sb.ToString());
        }
        return list;
    }

    [Fact]
    public void Intern_100kRandomHandles_SameIdsAndTextAsADictionaryOfCanonicalStrings()
    {
        var handles = RandomHandles(100_000, seed: 15);
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var index = new AccountIndex();
        var fromBytes = new AccountIndex();
        int rejected = 0, nonAscii = 0, repeats = 0;
        foreach (string raw in handles)
        {
            string? canonical;
            try { canonical = AccountIndex.Canonicalize(raw); }
            catch (ArgumentException) { canonical = null; }
            if (canonical is null || canonical.Length == 0)
            {
                Assert.Throws<ArgumentException>(() => index.Intern(raw));
                Assert.Throws<ArgumentException>(() => fromBytes.Intern(Encoding.UTF8.GetBytes(raw)));
                Assert.False(index.TryGetId(raw, out int none));
                Assert.Equal(-1, none);
                rejected++;
                continue;
            }
            if (!reference.TryGetValue(canonical, out int expected))
            {
                reference[canonical] = expected = names.Count;
                names.Add(canonical);
            }
            else repeats++;
            if (!Ascii.IsValid(canonical)) nonAscii++;
            Assert.Equal(expected, index.Intern(raw));
            Assert.Equal(expected, fromBytes.Intern(Encoding.UTF8.GetBytes(raw)));
        }
        // The sample exercises every path.
        Assert.True(rejected > 4_000 && nonAscii > 10_000 && repeats > 20_000, $"rejected {rejected}, non-ASCII {nonAscii}, repeats {repeats}");

        Assert.Equal(names.Count, index.Count);
        Assert.Equal(names, index.Names);           // id order = first appearance
        Assert.Equal(names, fromBytes.Names);
        for (int id = 0; id < names.Count; id++)
        {
            Assert.Equal(names[id], index[id]);
            Assert.True(index.GetUtf8(id).SequenceEqual(Encoding.UTF8.GetBytes(names[id])));
            Assert.True(index.TryGetId(names[id], out int found));
            Assert.Equal(id, found);
            Assert.True(index.TryGetId(Encoding.UTF8.GetBytes(names[id]), out found));
            Assert.Equal(id, found);
        }
        foreach (string raw in handles)
            if (reference.TryGetValue(SafeCanonical(raw) ?? "", out int id))
            {
                Assert.True(index.TryGetId(raw, out int found));
                Assert.Equal(id, found);
            }
    }

    private static string? SafeCanonical(string raw)
    {
        try { return AccountIndex.Canonicalize(raw); } catch (ArgumentException) { return null; }
    }

    [Fact]
    public void TryGetId_AbsentHandles_AreNotFound_AndNotAdded()
    {
        var index = new AccountIndex();
        for (int i = 0; i < 5_000; i++) index.Intern("user" + i);
        string[] absent = ["user5000", "user-1", "User1", "user01", "use", "user1 x", "user\u00e91", "\U0001F600", "", "   ", "a\tb", "bad" + AccountIndex.InvalidUtf8Marker];
        foreach (string h in absent)
        {
            Assert.False(index.TryGetId(h, out int id), h);
            Assert.Equal(-1, id);
            Assert.False(index.TryGetId(Encoding.UTF8.GetBytes(h), out id), h);
            Assert.Equal(-1, id);
        }
        Assert.False(index.TryGetId([0x75, 0x73, 0xFF, 0x31], out _)); // invalid UTF-8 bytes
        for (int i = 5_000; i < 100_000; i++) Assert.False(index.TryGetId("user" + i, out _));
        Assert.Equal(5_000, index.Count);
        Assert.True(index.TryGetId(" user42\n", out int hit));   // trimmed like Intern
        Assert.Equal(42, hit);
    }

    [Fact]
    public void Intern_Utf8Bytes_FollowsTheTextRules()
    {
        var index = new AccountIndex();
        int alice = index.Intern("alice");
        Assert.Equal(alice, index.Intern("  alice\r\n"u8));
        Assert.Equal(alice, index.Intern("\uFEFFalice"));
        Assert.Equal(alice, index.Intern([0xEF, 0xBB, 0xBF, (byte)'a', (byte)'l', (byte)'i', (byte)'c', (byte)'e'])); // UTF-8 BOM, stripped
        int cafe = index.Intern("Café"u8);
        Assert.Equal(cafe, index.Intern("Cafe\u0301"));                  // NFC
        Assert.Equal(cafe, index.Intern(Encoding.UTF8.GetBytes("Cafe\u0301")));
        Assert.Equal(index.Intern("ef"), index.Intern(Encoding.UTF8.GetBytes("e\u200Bf"))); // format character removed
        var invalid = Assert.Throws<ArgumentException>(() => index.Intern([(byte)'b', 0xC3, (byte)'x']));
        Assert.Contains("invalid UTF-8", invalid.Message);
        Assert.Contains("control character", Assert.Throws<ArgumentException>(() => index.Intern("a\u0001b"u8)).Message);
        Assert.Throws<ArgumentException>(() => index.Intern(" \t "u8));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void TryGetId_AsciiHit_AllocatesNothing_FromCharsOrBytes()
    {
        var index = new AccountIndex();
        for (int i = 0; i < 1_000; i++) index.Intern("user" + i);
        byte[] bytes = "user777"u8.ToArray();
        string text = "user777";
        // Some runtime span helpers allocate until tiered compilation has optimised them (~100 ms after
        // start-up, longer under load): measure rounds until one is steady, for at most 30 s.
        long allocated = -1;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (allocated != 0 && DateTime.UtcNow < until)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int sum = 0;
            for (int k = 0; k < 1_000; k++)
            {
                index.TryGetId(bytes, out int a);
                index.TryGetId(text.AsSpan(), out int b);
                sum += a + b + index.Intern(bytes) + index.Intern(text.AsSpan());
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(4 * 777 * 1_000, sum);
            if (allocated != 0) Thread.Sleep(200);
        }
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Growth_KeepsEveryAccount_AndTheLoadFactorBetweenHalfAndThreeQuarters()
    {
        var index = new AccountIndex();
        int lastSlots = index.TableSlots, grows = 0;
        for (int i = 0; i < 200_000; i++)
        {
            Assert.Equal(i, index.Intern("h" + i.ToString("x")));
            if (index.TableSlots != lastSlots)
            {
                grows++;
                Assert.Equal(lastSlots + lastSlots / 2, index.TableSlots);     // grown x1.5
                for (int j = 0; j <= i; j += 1 + i / 500) Assert.Equal(j, Find(index, "h" + j.ToString("x")));
                lastSlots = index.TableSlots;
            }
            Assert.True(index.Count <= AccountIndex.MaxLoadFactor * index.TableSlots);
        }
        Assert.True(grows >= 20, $"grew {grows} times");
        Assert.InRange((double)index.Count / index.TableSlots, 0.5, 0.75);
        for (int j = 0; j < 200_000; j++) Assert.Equal(j, Find(index, "h" + j.ToString("x")));
    }

    private static int Find(AccountIndex index, string h) => index.TryGetId(h, out int id) ? id : -1;

    [Fact]
    public void SmallChunks_HandlesNeverStraddleAChunk_AndAllRoundTrip()
    {
        // 16-byte chunks (the real ones are 1 GiB): many chunk boundaries, handles that exactly fill one.
        var index = new AccountIndex(0, maxChunkBytes: 16);
        var names = new List<string>();
        var rng = new Random(3);
        for (int i = 0; i < 3_000; i++)
        {
            string h = i % 97 == 0 ? new string('x', 16 - i % 5) + i % 5 : "é" + new string('k', rng.Next(0, 12)) + i;
            if (Encoding.UTF8.GetByteCount(h) > 16) h = h[..8] + i;
            if (names.Contains(h)) continue;
            Assert.Equal(names.Count, index.Intern(h));
            names.Add(h);
        }
        Assert.True(index.ChunkCount > 500, $"{index.ChunkCount} chunks");
        Assert.Equal(names, index.Names);
        for (int id = 0; id < names.Count; id++) Assert.Equal(id, Find(index, names[id]));
        var exact = new AccountIndex(0, maxChunkBytes: 16);
        exact.Intern("0123456789abcdef");           // 16 bytes: fills the first chunk
        exact.Intern("g");
        Assert.Equal(2, exact.ChunkCount);
        Assert.Equal("0123456789abcdef", exact[0]);
        Assert.Equal("g", exact[1]);
        Assert.Contains("longer than the 16 bytes", Assert.Throws<ArgumentException>(() => exact.Intern("0123456789abcdefg")).Message);
        var clone = index.CloneUnfrozen();
        Assert.Equal(names, clone.Names);
        Assert.Equal(names.Count, clone.Intern("new-one"));
        Assert.False(index.TryGetId("new-one", out _));
    }

    [Fact]
    public void CloneUnfrozen_CopiesWithoutSharing_AndAFrozenIndexRefusesWrites()
    {
        var b = new GraphBuilder();
        b.AddEdge("alice", "bob");
        b.AddEdge("Zoë", "alice");
        var g = b.Build();
        Assert.True(g.Accounts.IsFrozen);
        Assert.Throws<InvalidOperationException>(() => g.Accounts.Intern("carol"));
        Assert.Throws<InvalidOperationException>(() => g.Accounts.Intern("carol"u8));
        Assert.Throws<InvalidOperationException>(() => g.Accounts.InternExact("carol"));
        var copy = g.Accounts.CloneUnfrozen();
        Assert.False(copy.IsFrozen);
        Assert.Equal(["alice", "bob", "Zoë"], copy.Names);
        Assert.Equal(3, copy.Intern("carol"));
        Assert.Equal(2, copy.Intern("Zoe\u0308"));
        Assert.Equal(3, g.NodeCount);
        Assert.False(g.TryGetNode("carol", out _));
        b.AddEdge("dave", "alice");                              // the builder goes on after Build
        Assert.Equal(3, g.Accounts.Count);
        Assert.Equal(4, b.Build().NodeCount);
    }

    [Fact]
    public void InternExact_KeepsStoredText_AndRejectsUnpairedSurrogates()
    {
        var index = new AccountIndex();
        Assert.Equal(0, index.InternExact("Cafe\u0301"));       // not re-canonicalised
        Assert.Equal(1, index.InternExact("Café"));
        Assert.Equal(0, index.InternExact("Cafe\u0301"));
        Assert.Equal("Cafe\u0301", index[0]);
        Assert.Throws<ArgumentException>(() => index.InternExact("a\uD800b"));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Reload_FromTheStore_EqualsTheBuiltIndex_ForCurrentAndOlderVersions()
    {
        using var tmp = new TempDb();
        string edges1 = "alice bob\nZoë alice\n\U0001F469\u200D\U0001F4BB bob\n東京 Zoë\n";
        string edges2 = "carol 東京\nuser123456 alice\n";
        GraphState built;
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            c.ImportEdges("g", new MemoryStream(Encoding.UTF8.GetBytes(edges1)), new EdgeImportOptions { Format = ImportFormat.Snap });
            c.ImportEdges("g", new MemoryStream(Encoding.UTF8.GetBytes(edges2)), new EdgeImportOptions { Format = ImportFormat.Snap });
            built = c.Get("g")!;
        }
        using (var c = GraphCatalog.Open(tmp.Path))
        {
            var loaded = c.Get("g")!.Snapshot.Accounts;
            var a = built.Snapshot.Accounts;
            Assert.Equal(["alice", "bob", "Zoë", "\U0001F469\u200D\U0001F4BB", "東京", "carol", "user123456"], loaded.Names);
            Assert.Equal(a.Names, loaded.Names);
            Assert.Equal(a.HandleBytes, loaded.HandleBytes);
            for (int id = 0; id < a.Count; id++)
            {
                Assert.True(a.GetUtf8(id).SequenceEqual(loaded.GetUtf8(id)));
                Assert.True(loaded.TryGetId(a[id], out int found));
                Assert.Equal(id, found);
            }
            Assert.True(loaded.IsFrozen);
            // The first version comes from the compressed version blob, not the accounts table.
            var v1 = c.GetVersion("g", 1)!.Snapshot.Accounts;
            Assert.Equal(["alice", "bob", "Zoë", "\U0001F469\u200D\U0001F4BB", "東京"], v1.Names);
            Assert.True(v1.TryGetId("Zoe\u0308", out int zoe));
            Assert.Equal(2, zoe);
        }
    }

    [Fact]
    public void VersionBlobs_HandlesFromTheIndex_AreTheBytesOfTheNames()
    {
        var index = new AccountIndex();
        foreach (var h in new[] { "alice", "Zoë", "\U0001F600", "x" }) index.Intern(h);
        byte[] fromIndex = VersionBlobs.EncodeHandles(index);
        Assert.Equal(index.Names, VersionBlobs.DecodeHandles(fromIndex));
        Assert.Equal(index.Names, VersionBlobs.DecodeHandleIndex(VersionBlobs.EncodeHandles(index.Names)).Names);
        Assert.Empty(VersionBlobs.DecodeHandleIndex(VersionBlobs.EncodeHandles(new AccountIndex())).Names);
        Assert.Throws<InvalidDataException>(() => VersionBlobs.DecodeHandleIndex(VersionBlobs.EncodeHandles(["a", "b", "a"])));
    }

    [Fact]
    public void MemoryBytes_UserStyleHandles_AtMost22BytesPerAccount_ComputedFromTheStructure()
    {
        // 10^5 accounts "user" + 6 digits (10 UTF-8 bytes each), as the import builds them.
        const int n = 100_000;
        var b = new GraphBuilder();
        for (int i = 0; i < n; i++) b.AddEdge("user" + (100_000 + i), "user" + (100_000 + (i * 7 + 1) % n));
        var g = b.Build();
        var ix = g.Accounts;
        Assert.Equal(n, ix.Count);
        Assert.Equal(10L * n, ix.HandleBytes);
        // blob (exact after freezing) + one int offset per account + 4-byte slots at load >= 0.5
        long structure = 10L * n + 4L * n + 4L * ix.TableSlots;
        Assert.InRange(ix.MemoryBytes - structure, 0, 256);           // only headers and the chunk directory on top
        Assert.InRange((double)n / ix.TableSlots, 0.5, 0.75);
        double perAccount = (double)ix.MemoryBytes / n;
        Assert.True(perAccount <= 22.0, $"{perAccount:F2} B/account");  // the old Dictionary + List + string layout: ~72 B
        var m = g.MemoryBytes;
        Assert.Equal(ix.MemoryBytes, m.AccountIndex);
        Assert.Equal(0, m.Weights);
        Assert.Equal(0, m.Times);
        Assert.Equal(g.TopologyBytes, m.Topology);
        Assert.Equal(8L * n + 8L * (n + 1), m.Topology);             // CSR both ways: an int per edge and an int offset per account, each direction
        Assert.Equal(m.Topology + m.AccountIndex, m.SnapshotBytes);
        Assert.Equal(12L * n + 32L * n, m.Budget);
    }

    [Fact]
    public void SnapshotMemory_OfAWeightedTimedGraphWithAttributes_CountsEachPart()
    {
        var b = new GraphBuilder();
        b.AddEdge(b.AddAccount("a"), b.AddAccount("b"), 2.5, 1_700_000_000);
        b.AddEdge(b.AddAccount("b"), b.AddAccount("c"), 1.0, 1_700_000_100);
        var g = b.Build();
        var m = g.MemoryBytes;
        Assert.Equal(2 * 8 * 2, m.Weights);                        // a double per edge, each direction
        Assert.Equal(8 * 2, m.Times);
        Assert.Equal(g.TopologyBytes - m.Weights, m.Topology);
        var attrs = new Dictionary<string, AccountAttributes> { ["a"] = new() { Account = "a", Topics = ["x"] } };
        var state = new GraphState("g", 1, g, attrs, DateTimeOffset.UnixEpoch, null);
        var withAttrs = SnapshotMemory.Of(state);
        Assert.True(withAttrs.Attributes > 100);
        Assert.Equal(m.SnapshotBytes, withAttrs.SnapshotBytes);
        Assert.Equal(withAttrs.SnapshotBytes + withAttrs.Attributes, withAttrs.Total);
    }

    [Fact]
    public void Hash_SpreadsShortSequentialHandles()
    {
        // user0..user99999 into 2^17 buckets by the table's multiply-shift: no bucket over 12 (Poisson(0.76) tail < 1e-9).
        var counts = new int[1 << 17];
        for (int i = 0; i < 100_000; i++)
        {
            ulong h = AccountIndex.Hash(Encoding.ASCII.GetBytes("user" + i));
            counts[(int)(((ulong)(uint)h * (ulong)counts.Length) >> 32)]++;
        }
        Assert.True(counts.Max() <= 12, $"max bucket {counts.Max()}");
        Assert.InRange(counts.Count(c => c == 0) / (double)counts.Length, 0.44, 0.49); // e^-0.763 = 0.466
        Assert.NotEqual(AccountIndex.Hash("ab"u8), AccountIndex.Hash("ba"u8));
        Assert.NotEqual(AccountIndex.Hash(""u8), AccountIndex.Hash("\0"u8));
    }

    /// <summary>
    /// CompareOrdinal on the stored bytes has the sign of string.CompareOrdinal on the decoded handles for
    /// every pair, including the pairs where UTF-8 (code point) order and UTF-16 order disagree: a character
    /// in U+E000–U+FFFF against a supplementary one (U+1F600 is a surrogate pair, 0xD83D... &lt; 0xFF21 in
    /// UTF-16, but its code point is larger).
    /// </summary>
    [Fact]
    public void CompareOrdinal_HasTheSignOfStringCompareOrdinal_IncludingWhereUtf8AndUtf16OrdersDisagree()
    {
        var index = new AccountIndex();
        string[] fixedHandles = ["ab", "abc", "a\uFF21", "a\U0001F600", "a\uE000x", "a\u00E9", "a\u00E8", "aZ", "a_", "b", "\uFF21", "\U0001F600"];
        var ids = new List<int>();
        foreach (string h in fixedHandles.Concat(RandomHandles(3000, 11)))
        {
            try { ids.Add(index.Intern(h)); }
            catch (ArgumentException) { } // the random set holds handles that are rejected on purpose
        }
        ids = ids.Distinct().ToList();
        Assert.True(ids.Count > 1500);
        int disagreeing = 0;
        foreach (int a in ids)
            foreach (int b in ids.Take(400))
            {
                string x = index[a], y = index[b];
                int expected = Math.Sign(string.CompareOrdinal(x, y));
                Assert.True(expected == Math.Sign(index.CompareOrdinal(a, b)), $"'{x}' vs '{y}'");
                if (expected != Math.Sign(index.GetUtf8(a).SequenceCompareTo(index.GetUtf8(b)))) disagreeing++;
            }
        // The special pairs are really exercised: "a\uFF21" > "a\U0001F600" in UTF-16, < in UTF-8.
        Assert.True(disagreeing > 0);
        Assert.True(index.CompareOrdinal(index.Intern("a\uFF21"), index.Intern("a\U0001F600")) > 0);
        Assert.True(index.CompareOrdinal(index.Intern("ab"), index.Intern("abc")) < 0);
    }
}
