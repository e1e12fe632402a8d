using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Graph;

/// <summary>
/// The builder's rows live in fixed-size blocks of packed (follower, followee) longs. These tests shrink the blocks
/// to a few rows so that every block boundary, the in-block compaction of set graphs, the collapse of pairs repeated
/// in different blocks and the release of blocks by Build are exercised, and compare with a naive model of the
/// documented policy (collapse: last weight, earliest time; keep: every row in insertion order; self-loops kept or dropped).
/// </summary>
public class GraphBuilderBlockTests
{
    private sealed record Row(int U, int V, double W, long T);

    /// <summary>Naive model: per follower, the sorted (target, weight, time) list the policy describes.</summary>
    private static List<(int T, double W, long Time)>[] Model(int n, IReadOnlyList<Row> rows, GraphBuildOptions o)
    {
        var lists = new List<(int T, double W, long Time, int Rank)>[n];
        for (int i = 0; i < n; i++) lists[i] = [];
        for (int r = 0; r < rows.Count; r++)
        {
            var x = rows[r];
            if (o.SelfLoops == SelfLoopPolicy.Drop && x.U == x.V) continue;
            lists[x.U].Add((x.V, x.W, x.T, r));
        }
        var result = new List<(int, double, long)>[n];
        for (int u = 0; u < n; u++)
        {
            var sorted = lists[u].OrderBy(e => e.T).ThenBy(e => e.Rank).ToList();
            result[u] = [];
            if (o.DuplicateEdges == DuplicateEdgePolicy.Keep) { foreach (var e in sorted) result[u].Add((e.T, e.W, e.Time)); continue; }
            foreach (var g in sorted.GroupBy(e => e.T))
                result[u].Add((g.Key, g.Last().W, g.Min(e => e.Time)));
        }
        return result;
    }

    private static void AssertMatches(GraphSnapshot g, List<(int T, double W, long Time)>[] model, bool weighted, bool timed)
    {
        long m = model.Sum(l => (long)l.Count);
        Assert.Equal(m, g.EdgeCount);
        for (int u = 0; u < model.Length; u++)
        {
            Assert.Equal(model[u].Select(e => e.T).ToArray(), g.Followees(u).ToArray());
            if (weighted) Assert.Equal(model[u].Select(e => e.W).ToArray(), g.FolloweeWeights(u).ToArray());
            if (timed) Assert.Equal(model[u].Select(e => e.Time).ToArray(), g.FolloweeTimes(u).ToArray());
        }
        // The in-direction mirrors the out-direction.
        long inEdges = 0;
        for (int v = 0; v < g.NodeCount; v++) inEdges += g.InDegreeOf(v);
        Assert.Equal(m, inEdges);
    }

    private static List<Row> RandomRows(int n, int count, bool weighted, bool timed, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            // Few accounts, so pairs repeat (in the same block and across blocks) and self-loops occur.
            rows.Add(new Row(rng.Next(n), rng.Next(n), weighted ? rng.Next(1, 9) / 4.0 : 1.0, timed && rng.Next(3) > 0 ? 1_600_000_000 + rng.Next(500) : GraphSnapshot.NoTime));
        }
        return rows;
    }

    [Theory]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep, false, false, 4)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Drop, false, false, 4)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Drop, false, false, 7)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep, false, false, 5)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Drop, true, false, 3)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep, true, false, 4)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep, true, true, 6)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep, true, true, 4)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Drop, false, true, 2)]
    public void TinyBlocks_GiveTheDocumentedPolicy(DuplicateEdgePolicy dup, SelfLoopPolicy loops, bool weighted, bool timed, int blockRows)
    {
        var o = new GraphBuildOptions(dup, loops);
        const int n = 12;
        var rows = RandomRows(n, 700, weighted, timed, seed: blockRows * 31 + (int)dup);
        foreach (int maxChunk in new[] { EdgeChunks.DefaultMaxChunkEdges, 9 })
        {
            var b = new GraphBuilder(o) { BlockRows = blockRows, MaxChunkEdges = maxChunk };
            for (int i = 0; i < n; i++) b.AddAccount($"a{i}");
            foreach (var r in rows) b.AddEdge(r.U, r.V, r.W, r.T);
            Assert.Equal(rows.Count, b.EdgeRowCount);
            Assert.True(b.SealedBlockCount > 1, "the rows must span several blocks");
            var g = b.Build();
            Assert.Equal(rows.Count, g.EdgeRowsRead);
            AssertMatches(g, Model(n, rows, o), weighted, timed);
            if (maxChunk == 9) Assert.True(g.OutEdgeChunks.ChunkCount > 1);
            // Cut as the planner cuts the final lists.
            var replanned = ChunkLayout.Plan(n, v => g.OutEdgeChunks.Degree(v), maxChunk);
            Assert.Equal(replanned.FirstNodes, g.OutEdgeChunks.Chunks.Select(c => c.FirstNode).ToArray());
        }
    }

    [Fact]
    public void PairsRepeatedAcrossBlocks_CollapseToOneEdge_AndBlocksStayCompact()
    {
        var b = new GraphBuilder { BlockRows = 8 };
        b.AddAccount("a"); b.AddAccount("b"); b.AddAccount("c");
        // 1,000 rows over 3 distinct pairs: every full block compacts to 3 rows and keeps filling.
        for (int i = 0; i < 1000; i++) b.AddEdge(i % 3 == 0 ? 0 : 1, i % 3 == 2 ? 0 : 2);
        Assert.Equal(1000, b.EdgeRowCount);
        Assert.True(b.StoredRowCount <= 8, $"stored {b.StoredRowCount} rows");
        Assert.Equal(0, b.SealedBlockCount);
        var g = b.Build();
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal([2], g.Followees(0).ToArray());
        Assert.Equal([0, 2], g.Followees(1).ToArray());
    }

    [Fact]
    public void DistinctPairsInManyBlocks_RepeatedLater_AreCollapsedByBuild()
    {
        // Each block holds 4 distinct rows (compaction frees nothing, so blocks are sealed); the second pass repeats
        // every pair in other blocks: Build must collapse them.
        var b = new GraphBuilder { BlockRows = 4 };
        for (int i = 0; i < 10; i++) b.AddAccount($"n{i}");
        for (int pass = 0; pass < 2; pass++)
            for (int u = 0; u < 10; u++)
                for (int v = 0; v < 10; v++)
                    if (u != v) b.AddEdge(u, v);
        Assert.Equal(180, b.EdgeRowCount);
        Assert.True(b.SealedBlockCount >= 20);
        var g = b.Build();
        Assert.Equal(90, g.EdgeCount);
        for (int u = 0; u < 10; u++) Assert.Equal(Enumerable.Range(0, 10).Where(v => v != u).ToArray(), g.Followees(u).ToArray());
    }

    [Fact]
    public void BuildTwice_AndAddAfterBuild_SameAsOneBuildOfAllRows()
    {
        var o = new GraphBuildOptions(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep);
        var first = RandomRows(6, 60, weighted: true, timed: true, seed: 5);
        var second = RandomRows(6, 60, weighted: true, timed: true, seed: 6);
        var b = new GraphBuilder(o) { BlockRows = 4 };
        for (int i = 0; i < 6; i++) b.AddAccount($"a{i}");
        foreach (var r in first) b.AddEdge(r.U, r.V, r.W, r.T);
        var g1 = b.Build();
        var g1Again = b.Build();
        AssertMatches(g1, Model(6, first, o), true, true);
        AssertMatches(g1Again, Model(6, first, o), true, true);
        Assert.Equal(60, g1Again.EdgeRowsRead);
        foreach (var r in second) b.AddEdge(r.U, r.V, r.W, r.T);
        var g2 = b.Build();
        Assert.Equal(120, g2.EdgeRowsRead);
        AssertMatches(g2, Model(6, [.. first, .. second], o), true, true);
    }

    [Fact]
    public void Multigraph_KeepsRepeatsInInsertionOrder_AcrossBuilds()
    {
        var o = new GraphBuildOptions(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep);
        var b = new GraphBuilder(o) { BlockRows = 2 };
        b.AddAccount("a"); b.AddAccount("b");
        b.AddEdge(0, 1, 0.5); b.AddEdge(0, 1, 2.0); b.AddEdge(0, 0, 1.0);
        _ = b.Build();
        b.AddEdge(0, 1, 3.0);
        var g = b.Build();
        Assert.Equal([0, 1, 1, 1], g.Followees(0).ToArray());
        Assert.Equal([1.0, 0.5, 2.0, 3.0], g.FolloweeWeights(0).ToArray());
    }

    [Fact]
    public void Ids_AreFirstAppearanceOrder()
    {
        var b = new GraphBuilder { BlockRows = 2 };
        b.AddEdge("zed", "amy");
        b.AddEdge("bob", "zed");
        b.AddEdge("amy", "cat");
        var g = b.Build();
        Assert.Equal(["zed", "amy", "bob", "cat"], g.Accounts.Names.ToArray());
        Assert.Equal([0], g.Followees(2).ToArray());
    }

    [Theory]
    [InlineData(0L, 1 << 22, 0, 0)]
    [InlineData((1L << 22) - 1, 1 << 22, 0, (1 << 22) - 1)]
    [InlineData(1L << 22, 1 << 22, 1, 0)]
    [InlineData((1L << 31) + 5, 1 << 22, 512, 5)]              // past 2^31 rows: block 512, no 32-bit wrap
    [InlineData((1L << 32) + 7, 1 << 22, 1024, 7)]
    [InlineData(3L * int.MaxValue, 1000, 6442450, 941)]
    public void Locate_RowsPast2To31_MapToTheRightBlock(long row, int blockRows, int block, int offset)
    {
        Assert.Equal((block, offset), GraphBuilder.Locate(row, blockRows));
    }

    [Fact]
    public void Locate_MoreBlocksThanAnIntCanCount_Throws()
    {
        Assert.Throws<OverflowException>(() => GraphBuilder.Locate(long.MaxValue, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GraphBuilder.Locate(-1, 4));
    }

    [Fact]
    public void RowCountsPast2To31_AreCutIntoChunks_WithoutAllocating()
    {
        // The counts Build plans with are 64-bit: three followers of 2^30 rows each make 3 * 2^30 rows in all,
        // which a 32-bit count would have wrapped to a negative number.
        long[] degree = [1L << 30, 1L << 30, 0, 1L << 30];
        var layout = ChunkLayout.Plan(4, v => degree[v], EdgeChunks.DefaultMaxChunkEdges);
        Assert.Equal(3L << 30, layout.EdgeCount);
        Assert.Equal([0, 1, 3], layout.FirstNodes);
        Assert.Equal([0L, 1L << 30, 2L << 30], layout.FirstEdges);
        Assert.True(unchecked((int)(3L << 30)) < 0, "a 32-bit count would be negative");
    }

    [Fact]
    public void SortUnique_RemovesRepeatsAndLoops()
    {
        long[] keys = [GraphBuilder.Key(2, 1), GraphBuilder.Key(0, 3), GraphBuilder.Key(2, 1), GraphBuilder.Key(1, 1), GraphBuilder.Key(0, 2)];
        int kept = GraphBuilder.SortUnique(keys, dropLoops: true);
        Assert.Equal([GraphBuilder.Key(0, 2), GraphBuilder.Key(0, 3), GraphBuilder.Key(2, 1)], keys[..kept]);
        Assert.True(GraphBuilder.Key(1, 0) > GraphBuilder.Key(0, int.MaxValue), "keys sort by follower first");
    }

    [Theory]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep, 4)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Drop, 7)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep, 5)]
    public void AddKeys_InSlices_SameBlocksAndGraphAsRowByRow(DuplicateEdgePolicy dup, SelfLoopPolicy loops, int blockRows)
    {
        // The parallel reader hands its rows over in slices of any length (one per range, cut at kept lines).
        var o = new GraphBuildOptions(dup, loops);
        const int n = 12;
        var rows = RandomRows(n, 700, weighted: false, timed: false, seed: blockRows);
        var one = new GraphBuilder(o) { BlockRows = blockRows };
        var bulk = new GraphBuilder(o) { BlockRows = blockRows };
        for (int i = 0; i < n; i++) { one.AddAccount($"a{i}"); bulk.AddAccount($"a{i}"); }
        foreach (var r in rows) one.AddEdge(r.U, r.V);
        var keys = rows.Select(r => GraphBuilder.Key(r.U, r.V)).ToArray();
        var rng = new Random(blockRows);
        for (int at = 0; at < keys.Length;)
        {
            int len = Math.Min(keys.Length - at, rng.Next(0, 3 * blockRows));
            bulk.AddKeys(keys.AsSpan(at, len));
            at += len;
        }
        Assert.Equal(one.EdgeRowCount, bulk.EdgeRowCount);
        Assert.Equal(one.StoredRowCount, bulk.StoredRowCount);
        Assert.Equal(one.SealedBlockCount, bulk.SealedBlockCount);
        Assert.True(bulk.SealedBlockCount > 1, "the rows must span several blocks");
        var g = bulk.Build();
        AssertMatches(g, Model(n, rows, o), weighted: false, timed: false);
    }

    [Theory]
    [InlineData(SelfLoopPolicy.Keep, 4)]
    [InlineData(SelfLoopPolicy.Drop, 7)]
    [InlineData(SelfLoopPolicy.Keep, 64)]
    public void CompactInBackground_SameGraphAsOnTheAddingThread(SelfLoopPolicy loops, int blockRows)
    {
        // The parallel reader's merging thread hands full blocks to the pool; the snapshot must not change.
        var o = new GraphBuildOptions(DuplicateEdgePolicy.Collapse, loops);
        const int n = 15;
        var rows = RandomRows(n, 3000, weighted: false, timed: false, seed: 40 + blockRows);
        var sync = new GraphBuilder(o) { BlockRows = blockRows };
        var bg = new GraphBuilder(o) { BlockRows = blockRows, CompactInBackground = true };
        for (int i = 0; i < n; i++) { sync.AddAccount($"a{i}"); bg.AddAccount($"a{i}"); }
        var keys = rows.Select(r => GraphBuilder.Key(r.U, r.V)).ToArray();
        for (int at = 0; at < keys.Length; at += 37)
        {
            sync.AddKeys(keys.AsSpan(at, Math.Min(37, keys.Length - at)));
            bg.AddKeys(keys.AsSpan(at, Math.Min(37, keys.Length - at)));
        }
        Assert.Equal(3000, bg.EdgeRowCount);
        // Every stored row is a distinct pair of a sealed or the open block; never more than the rows added.
        Assert.InRange(bg.StoredRowCount, 1, 3000);
        Assert.True(bg.SealedBlockCount > 1, "the rows must span several blocks");
        var expected = sync.Build();
        var g = bg.Build();
        AssertMatches(g, Model(n, rows, o), weighted: false, timed: false);
        Assert.Equal(expected.EdgeCount, g.EdgeCount);
        for (int u = 0; u < n; u++) Assert.Equal(expected.Followees(u).ToArray(), g.Followees(u).ToArray());
    }

    [Fact]
    public void CompactInBackground_RepeatedPairs_StaySmall()
    {
        // 1,000 blocks' worth of rows over 3 distinct pairs: each sorted block shrinks to its 3 pairs (a small copy) and
        // the big block is reused, so the rows held stay a few per block, not 8 per block.
        var b = new GraphBuilder { BlockRows = 8, CompactInBackground = true };
        b.AddAccount("a"); b.AddAccount("b"); b.AddAccount("c");
        var keys = new long[8000];
        for (int i = 0; i < keys.Length; i++) keys[i] = GraphBuilder.Key(i % 3 == 0 ? 0 : 1, i % 3 == 2 ? 0 : 2);
        b.AddKeys(keys);
        Assert.Equal(8000, b.EdgeRowCount);
        Assert.True(b.StoredRowCount <= 3 * 1000 + 8, $"stored {b.StoredRowCount} rows");
        Assert.True(b.RowCapacity <= 3 * 1000 + 2 * 8, $"capacity {b.RowCapacity} rows");
        var g = b.Build();
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal([2], g.Followees(0).ToArray());
        Assert.Equal([0, 2], g.Followees(1).ToArray());
    }

    [Theory]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Keep, 0)]
    [InlineData(DuplicateEdgePolicy.Collapse, SelfLoopPolicy.Drop, 90_000)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep, 0)]
    [InlineData(DuplicateEdgePolicy.Keep, SelfLoopPolicy.Keep, 90_000)]
    public void LargeUnweightedBuild_ListsSortedOnAllCores_MatchTheModel(DuplicateEdgePolicy dup, SelfLoopPolicy loops, int maxChunkEdges)
    {
        // >= 2^16 edges per chunk: Build sorts and collapses the lists on all cores (ranges of followers), then moves
        // them down; skewed lists (a hub follower with many repeats) and empty lists in between.
        var o = new GraphBuildOptions(dup, loops);
        const int n = 700;
        var rng = new Random(7);
        var rows = new List<Row>();
        for (int i = 0; i < 300_000; i++)
        {
            int u = rng.Next(4) == 0 ? 3 : rng.Next(n) / 2 * 2; // odd followers follow nobody; account 3 is a hub
            rows.Add(new Row(u, rng.Next(u == 3 ? 50 : n), 1.0, GraphSnapshot.NoTime));
        }
        var b = new GraphBuilder(o);
        if (maxChunkEdges > 0) b.MaxChunkEdges = maxChunkEdges;
        for (int i = 0; i < n; i++) b.AddAccount($"a{i}");
        foreach (var r in rows) b.AddEdge(r.U, r.V);
        var g = b.Build();
        if (maxChunkEdges > 0) Assert.True(g.OutEdgeChunks.Chunks.Count > 1, "several chunks");
        AssertMatches(g, Model(n, rows, o), weighted: false, timed: false);
        if (dup == DuplicateEdgePolicy.Collapse) Assert.Equal(loops == SelfLoopPolicy.Drop ? 49 : 50, g.Followees(3).Length); // 0..49, without 3 itself when loops are dropped
    }
}
