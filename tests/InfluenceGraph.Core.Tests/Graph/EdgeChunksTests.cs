using System.Text;
using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Export;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace InfluenceGraph.Core.Tests.Graph;

/// <summary>
/// The chunk planner's boundary arithmetic (degree counts past 2^31 and 2^32, no giant allocation) and the
/// multi-chunk paths of every kernel: a small real graph cut into chunks of 7 edges must give exactly the
/// results of the same graph in one chunk.
/// </summary>
public class EdgeChunksTests
{
    private const long Two30 = 1L << 30, Two31 = 1L << 31, Two32 = 1L << 32;

    // ---- planner arithmetic (counts only) --------------------------------------------------------

    [Fact]
    public void Plan_DegreesPast2To32_OffsetsAtTheBoundariesAre64Bit()
    {
        // Lists of 2^30, 2^30 - 1, 1, 2^30, 2^30, 1, 5, 0 edges: the accounts start at 0, 2^30, 2^31 - 1, 2^31,
        // 2^31 + 2^30, 2^32, 2^32 + 1, 2^32 + 6.
        long[] degrees = [Two30, Two30 - 1, 1, Two30, Two30, 1, 5, 0];
        var layout = ChunkLayout.Plan(degrees.Length, v => degrees[v], EdgeChunks.DefaultMaxChunkEdges);
        long[] starts = [0, Two30, Two31 - 1, Two31, Two31 + Two30, Two32, Two32 + 1, Two32 + 6];
        for (int v = 0; v < degrees.Length; v++) Assert.Equal(starts[v], layout.EdgeStart(v));
        Assert.Equal(Two32 + 6, layout.EdgeCount);
        // Chunks: [0], [1, 2] (exactly 2^30), [3], [4], [5, 6, 7].
        Assert.Equal([0, 1, 3, 4, 5], layout.FirstNodes);
        Assert.Equal([0, Two30, Two31, Two31 + Two30, Two32], layout.FirstEdges);
        Assert.Equal([Two30, Two30, Two30, Two30, 6L], layout.EdgeCounts);
        Assert.Equal([0, (int)Two30 - 1, (int)Two30], layout.LocalOffsets[1]);
        Assert.Equal([0, 1, 6, 6], layout.LocalOffsets[4]);
        Assert.Equal(2, layout.ChunkIndexOf(3));
        Assert.Equal(4, layout.ChunkIndexOf(7));
    }

    [Fact]
    public void Plan_FiveThousandMillionFollowerAccounts_NoListStraddlesAChunkAndEveryOffsetIsExact()
    {
        // 5,000 accounts of 10^6 edges: 5·10^9 edges in all, past 2^32. 1,073 lists fit 2^30.
        const int n = 5000;
        const long d = 1_000_000;
        var layout = ChunkLayout.Plan(n, _ => d, EdgeChunks.DefaultMaxChunkEdges);
        Assert.Equal(5, layout.ChunkCount);
        Assert.Equal([0, 1073, 2146, 3219, 4292], layout.FirstNodes);
        Assert.Equal(5_000_000_000L, layout.EdgeCount);
        for (int v = 0; v < n; v++) Assert.Equal(v * d, layout.EdgeStart(v));
        // Account 2148 starts past 2^31, account 4295 past 2^32.
        Assert.True(layout.EdgeStart(2148) > Two31 && layout.EdgeStart(4295) > Two32);
        for (int c = 0; c < layout.ChunkCount; c++)
        {
            Assert.True(layout.EdgeCounts[c] <= Two30);
            Assert.Equal(layout.EdgeCounts[c], layout.LocalOffsets[c][^1]);
        }
    }

    [Fact]
    public void Plan_AccountAboveTheChunkSize_GetsAChunkOfItsOwn()
    {
        long big = Array.MaxLength; // the most one array holds: 2,147,483,591 > 2^31 - 2^6
        long[] degrees = [3, big, 0, 4];
        var layout = ChunkLayout.Plan(degrees.Length, v => degrees[v], 8);
        Assert.Equal([0, 1, 2], layout.FirstNodes);
        Assert.Equal([3L, big, 4L], layout.EdgeCounts);
        Assert.Equal(3 + big, layout.EdgeStart(2));
        Assert.Equal(3 + big, layout.EdgeStart(3));
    }

    [Fact]
    public void Plan_OneAccountWithMoreThanAnArrayHolds_ThrowsNamingTheAccountAndTheCount()
    {
        long[] degrees = [5, 3_000_000_000L, 1];
        var ex = Assert.Throws<OverflowException>(() => ChunkLayout.Plan(3, v => degrees[v], EdgeChunks.DefaultMaxChunkEdges, v => $"user{v}", "followers"));
        Assert.Contains("'user1'", ex.Message);
        Assert.Contains("3,000,000,000 followers", ex.Message);
        Assert.Contains("2,147,483,591", ex.Message);
        // One more than Array.MaxLength is refused too; exactly Array.MaxLength is not.
        Assert.Throws<OverflowException>(() => ChunkLayout.Plan(1, _ => (long)Array.MaxLength + 1, Two30));
        Assert.Equal(Array.MaxLength, ChunkLayout.Plan(1, _ => Array.MaxLength, Two30).EdgeCount);
    }

    [Fact]
    public void Plan_EmptyGraph_HasOneEmptyChunk()
    {
        var layout = ChunkLayout.Plan(0, _ => 0, 7);
        Assert.Equal(1, layout.ChunkCount);
        Assert.Equal(0, layout.EdgeCount);
        Assert.Equal(1, GraphSnapshot.Empty.OutEdgeChunks.ChunkCount);
    }

    // ---- small real graphs in many chunks --------------------------------------------------------

    /// <summary>
    /// 80 accounts (two isolated), a hub followed by 30 and following 20 (so it fills a chunk of 7 on its own),
    /// 350 random follows with self-loops and repeats; weights in (0, 1] and times when asked.
    /// </summary>
    private static GraphSnapshot Network(bool weighted, bool timed, int maxChunkEdges = EdgeChunks.DefaultMaxChunkEdges)
    {
        var rng = new Random(2026);
        var b = new GraphBuilder { MaxChunkEdges = maxChunkEdges };
        for (int i = 0; i < 78; i++) b.AddAccount($"a{i}");
        double W() => weighted ? Math.Round(rng.NextDouble(), 3) + 0.001 : 1.0;
        long T() => timed ? 1_600_000_000 + rng.Next(1000) : GraphSnapshot.NoTime;
        for (int i = 1; i <= 30; i++) b.AddEdge(i, 0, W(), T());
        for (int i = 40; i < 60; i++) b.AddEdge(0, i, W(), T());
        for (int k = 0; k < 350; k++) b.AddEdge(rng.Next(78), rng.Next(78), W(), T());
        b.AddAccount("lonely1");
        b.AddAccount("lonely2");
        return b.Build(forceWeighted: weighted);
    }

    private static void AssertSameEdges(GraphSnapshot a, GraphSnapshot b)
    {
        Assert.Equal(a.NodeCount, b.NodeCount);
        Assert.Equal(a.EdgeCount, b.EdgeCount);
        Assert.Equal(a.SelfLoopCount, b.SelfLoopCount);
        Assert.Equal(a.IsWeighted, b.IsWeighted);
        Assert.Equal(a.HasEdgeTimes, b.HasEdgeTimes);
        for (int v = 0; v < a.NodeCount; v++)
        {
            Assert.Equal(a.Accounts[v], b.Accounts[v]);
            Assert.Equal(a.Followees(v).ToArray(), b.Followees(v).ToArray());
            Assert.Equal(a.Followers(v).ToArray(), b.Followers(v).ToArray());
            Assert.Equal(a.OutEdgeChunks.EdgeStart(v), b.OutEdgeChunks.EdgeStart(v));
            Assert.Equal(a.InEdgeChunks.EdgeStart(v), b.InEdgeChunks.EdgeStart(v));
            if (a.IsWeighted)
            {
                Assert.Equal(a.FolloweeWeights(v).ToArray(), b.FolloweeWeights(v).ToArray());
                Assert.Equal(a.FollowerWeights(v).ToArray(), b.FollowerWeights(v).ToArray());
            }
            if (a.HasEdgeTimes) Assert.Equal(a.FolloweeTimes(v).ToArray(), b.FolloweeTimes(v).ToArray());
        }
    }

    [Fact]
    public void Build_WithSevenEdgeChunks_CutsBetweenAccountsAndKeepsEveryList()
    {
        var one = Network(weighted: true, timed: true);
        var many = Network(weighted: true, timed: true, maxChunkEdges: 7);
        Assert.Equal(1, one.OutEdgeChunks.ChunkCount);
        Assert.NotNull(one.OutEdgeChunks.Single);
        Assert.True(many.OutEdgeChunks.ChunkCount > 40, $"{many.OutEdgeChunks.ChunkCount} out chunks");
        Assert.True(many.InEdgeChunks.ChunkCount > 40, $"{many.InEdgeChunks.ChunkCount} in chunks");
        Assert.Null(many.OutEdgeChunks.Single);
        AssertSameEdges(one, many);
        foreach (var d in new[] { many.OutEdgeChunks, many.InEdgeChunks })
        {
            long at = 0;
            foreach (var ch in d.Chunks)
            {
                Assert.Equal(at, ch.FirstEdge);
                // At most 7 edges, unless one account's list alone is longer (the hub: 30 followers, 20+ followees).
                int lists = Enumerable.Range(ch.FirstNode, ch.EndNode - ch.FirstNode).Count(v => d.Degree(v) > 0);
                Assert.True(ch.EdgeCount <= 7 || lists == 1, $"chunk of {ch.EdgeCount} edges in {lists} lists");
                at += ch.EdgeCount;
            }
            Assert.Equal(many.EdgeCount, at);
        }
        // The hub's followers are one chunk of their own.
        var hub = many.InEdgeChunks.ChunkOf(0);
        Assert.Equal(many.InDegreeOf(0), hub.Offsets[1] - hub.Offsets[0]);
        Assert.True(many.InDegreeOf(0) >= 30);
        // Rechunk gives the same lists, and back to one chunk the same arrays.
        AssertSameEdges(one, one.Rechunk(3));
        Assert.Equal(TestGraphs.OutCsr(one).Targets, TestGraphs.OutCsr(many.Rechunk(EdgeChunks.DefaultMaxChunkEdges)).Targets);
        // QuikGraph view over chunks.
        Assert.Equal(one.Edges.ToList(), many.Edges.ToList());
        Assert.Equal(one.InEdges(0).ToList(), many.InEdges(0).ToList());
        Assert.Equal(one.OutEdge(0, 5), many.OutEdge(0, 5));
        Assert.True(many.ContainsEdge(1, 0));
        // Appending to a multi-chunk snapshot keeps its chunk size.
        var grown = GraphBuilder.From(many);
        grown.AddEdge(78, 79);
        var g2 = grown.Build(forceWeighted: true);
        Assert.Equal(7, g2.OutEdgeChunks.MaxChunkEdges);
        Assert.Equal(many.EdgeCount + 1, g2.EdgeCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryKernel_SevenEdgeChunks_GivesIdenticalResultsToOneChunk(bool weighted)
    {
        var one = Network(weighted, timed: false);
        var many = Network(weighted, timed: false, maxChunkEdges: 7);
        Assert.True(many.InEdgeChunks.ChunkCount > 40);

        // Centralities.
        Assert.Equal(PageRank.Compute(one).Scores, PageRank.Compute(many).Scores);
        Assert.Equal(PageRank.Compute(one).Iterations, PageRank.Compute(many).Iterations);
        var pro = new PageRankOptions { Weighted = weighted, Alpha = 0.9, Tolerance = 1e-12, Personalization = new Dictionary<string, double> { ["a3"] = 1, ["a9"] = 2 } };
        Assert.Equal(PageRank.Compute(one, pro).Scores, PageRank.Compute(many, pro).Scores);
        var hOne = Hits.Compute(one, new HitsOptions { Weighted = weighted });
        var hMany = Hits.Compute(many, new HitsOptions { Weighted = weighted });
        Assert.Equal(hOne.Hubs.Scores, hMany.Hubs.Scores);
        Assert.Equal(hOne.Authorities.Scores, hMany.Authorities.Scores);
        Assert.Equal(Betweenness.Compute(one, new BetweennessOptions { Weighted = weighted }).Scores, Betweenness.Compute(many, new BetweennessOptions { Weighted = weighted }).Scores);
        Assert.Equal(Harmonic.Compute(one).Scores, Harmonic.Compute(many).Scores);
        Assert.Equal(CorenessMetric.Coreness(one), CorenessMetric.Coreness(many));
        Assert.Equal(GraphStatistics.Of(one), GraphStatistics.Of(many));

        // Reach and audiences.
        foreach (var method in new[] { ReachMethod.Exact, ReachMethod.HyperLogLog })
            Assert.Equal(Reach.Compute(one, new ReachOptions { Method = method }).Scores, Reach.Compute(many, new ReachOptions { Method = method }).Scores);
        Assert.Equal(Reach.Compute(one, new ReachOptions { Hops = 3 }).Scores, Reach.Compute(many, new ReachOptions { Hops = 3 }).Scores);
        Assert.Equal(HyperBall.Compute(one, 4, 64), HyperBall.Compute(many, 4, 64));
        for (int v = 0; v < one.NodeCount; v += 7)
        {
            Assert.Equal(Audiences.Of(one, v, 3).Cumulative, Audiences.Of(many, v, 3).Cumulative);
            Assert.Equal(Audiences.Members(one, v, 2), Audiences.Members(many, v, 2));
        }
        var set = new[] { 0, 5, 17, 44 };
        var sOne = SetAudiences.Compute(one, set, 2);
        var sMany = SetAudiences.Compute(many, set, 2);
        Assert.Equal(sOne.UnionSize, sMany.UnionSize);
        Assert.Equal(sOne.UniqueSizes, sMany.UniqueSizes);
        foreach (var (from, to) in new[] { (0, 3), (12, 40), (45, 7), (78, 0) })
        {
            var pOne = FollowerPaths.Find(one, from, to, 50);
            var pMany = FollowerPaths.Find(many, from, to, 50);
            Assert.Equal(pOne.Hops, pMany.Hops);
            Assert.Equal(pOne.PathCount, pMany.PathCount);
            Assert.Equal(pOne.Chains.Select(c => string.Join(">", c)), pMany.Chains.Select(c => string.Join(">", c)));
        }

        // Guest lists: the audience objective (1, 2 and 3 hops: the live second-hop lists and the generic search) and spread.
        var all = Enumerable.Range(0, one.NodeCount).ToArray();
        foreach (int hops in new[] { 1, 2, 3 })
        {
            var gOne = LazyGreedy.Run(new AudienceOracle(one, hops), all, [], 12, maxDegreeOfParallelism: 1);
            var gMany = LazyGreedy.Run(new AudienceOracle(many, hops), all, [], 12, maxDegreeOfParallelism: 1);
            Assert.Equal(gOne.Steps.Select(s => s.Node), gMany.Steps.Select(s => s.Node));
            Assert.Equal(gOne.Value, gMany.Value);
            Assert.Equal(gOne.UpperBound, gMany.UpperBound);
        }
        var spread = new SpreadOptions(weighted ? CascadeProbability.EdgeWeights : CascadeProbability.WeightedCascade, Seed: 5, MaxDegreeOfParallelism: 1);
        var rOne = SpreadMaximizer.Run(one, all, [], 4, spread);
        var rMany = SpreadMaximizer.Run(many, all, [], 4, spread);
        Assert.Equal(rOne.Greedy.Steps.Select(s => s.Node), rMany.Greedy.Steps.Select(s => s.Node));
        Assert.Equal(rOne.PrefixSpread, rMany.PrefixSpread);

        // Communities.
        Assert.Equal(Leiden.Run(one).Membership, Leiden.Run(many).Membership);
        Assert.Equal(Leiden.Run(one, new LeidenOptions { Directed = true }).Membership, Leiden.Run(many, new LeidenOptions { Directed = true }).Membership);
    }

    [Fact]
    public async Task Exports_SevenEdgeChunks_WriteTheSameFilesAndTables()
    {
        var one = Network(weighted: true, timed: false);
        var many = Network(weighted: true, timed: false, maxChunkEdges: 7);
        var nodesOne = new ExportTable([new ExportColumn("id", ExportColumnType.Real, i => (double)i)], one.NodeCount);
        foreach (var write in new Func<GraphSnapshot, Stream, Task>[]
                 {
                     (g, s) => GraphFileExport.WriteGraphMlAsync(g, nodesOne, s),
                     (g, s) => GraphFileExport.WriteGexfAsync(g, nodesOne, s),
                 })
        {
            using var a = new MemoryStream();
            using var b = new MemoryStream();
            await write(one, a);
            await write(many, b);
            Assert.True(a.Length > 10_000);
            Assert.Equal(a.ToArray(), b.ToArray());
        }
        var ea = ExportTables.Edges(one);
        var eb = ExportTables.Edges(many);
        Assert.Equal(one.EdgeCount, eb.RowCount);
        for (int c = 0; c < ea.Columns.Count; c++)
            for (int r = 0; r < ea.RowCount; r++)
                Assert.Equal(ea.Columns[c].Value(r), eb.Columns[c].Value(r));
    }

    [Fact]
    public void EdgeTimes_SevenEdgeChunks_SameNetworkAtEveryTime()
    {
        var one = Network(weighted: true, timed: true);
        var many = Network(weighted: true, timed: true, maxChunkEdges: 7);
        Assert.Equal(EdgeTimes.Range(one), EdgeTimes.Range(many));
        foreach (long t in new long[] { 1_600_000_100, 1_600_000_500, 1_600_000_999 })
        {
            var a = EdgeTimes.AsOf(one, t);
            var b = EdgeTimes.AsOf(many, t);
            Assert.True(a.EdgeCount < one.EdgeCount || t == 1_600_000_999);
            Assert.True(b.OutEdgeChunks.ChunkCount > 1);
            AssertSameEdges(a, b);
        }
    }

    [Fact]
    public void VersionBlobs_SevenEdgeChunks_SameBytes()
    {
        var one = Network(weighted: true, timed: true);
        var many = Network(weighted: true, timed: true, maxChunkEdges: 7);
        foreach (var write in new Action<GraphSnapshot, Stream>[] { VersionBlobs.WriteEdges, VersionBlobs.WriteWeights, VersionBlobs.WriteTimes })
        {
            using var a = new MemoryStream();
            using var b = new MemoryStream();
            write(one, a);
            write(many, b);
            Assert.Equal(a.ToArray(), b.ToArray());
        }
    }

    // ---- the store: rows and pieces of any size -------------------------------------------------------

    private static GraphState State(GraphSnapshot g, long version) =>
        new("net", version, g, new Dictionary<string, AccountAttributes> { ["a3"] = new() { Account = "a3", Posts = 12 } }, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(version));

    private static long Count(string path, string sql)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var q = db.CreateCommand();
        q.CommandText = sql;
        return (long)q.ExecuteScalar()!;
    }

    [Fact]
    public void Store_TinyRowsPiecesAndChunks_RoundTripsCurrentAndPastVersions()
    {
        using var tmp = new InfluenceGraph.Core.Tests.Storage.TempDb();
        var v1 = Network(weighted: true, timed: true);
        var v2 = EdgeTimes.AsOf(v1, 1_600_000_400); // fewer edges and accounts: a second version whose edges changed
        using (var store = new SqliteGraphStore(tmp.Path) { ChunkEdges = 5, VersionPieceBytes = 64, MaxChunkEdges = 7 })
        {
            store.Commit(new GraphCommit(State(v1, 1), 0, true, null, true, null));
            store.Commit(new GraphCommit(State(v2, 2), 0, true, null, true, null));
            var current = store.LoadAll().Single();
            Assert.True(current.Snapshot.OutEdgeChunks.ChunkCount > 20);
            Assert.True(current.Snapshot.InEdgeChunks.ChunkCount > 20);
            AssertSameEdges(v2, current.Snapshot);
            var past = store.LoadVersion("net", 1)!;
            Assert.True(past.Snapshot.OutEdgeChunks.ChunkCount > 20);
            AssertSameEdges(v1, past.Snapshot);
            Assert.Equal(12, past.Attributes["a3"].Posts);
            AssertSameEdges(v2, store.LoadVersion("net", 2)!.Snapshot);
        }
        // ceil(m / 5) current-edge rows; each version part in pieces of at most 64 uncompressed bytes.
        Assert.Equal((v2.EdgeCount + 4) / 5, Count(tmp.Path, "SELECT COUNT(*) FROM edges"));
        Assert.True(Count(tmp.Path, "SELECT COUNT(*) FROM version_pieces WHERE version = 1 AND part = 'edges'") > 5);
        Assert.True(Count(tmp.Path, "SELECT COUNT(*) FROM version_pieces WHERE version = 1 AND part = 'weights'") >= v1.EdgeCount * 8 / 64);
        Assert.Equal(0, Count(tmp.Path, "SELECT MAX(length(edges)) FROM versions"));
        // Reopened with the default sizes, the same store reads back the same lists (in one chunk).
        using (var store = new SqliteGraphStore(tmp.Path))
        {
            var again = store.LoadVersion("net", 1)!.Snapshot;
            Assert.Equal(1, again.OutEdgeChunks.ChunkCount);
            AssertSameEdges(v1, again);
        }
    }

    [Fact]
    public void Store_VersionPartsWrittenWhole_AsBeforePieces_AreStillRead()
    {
        using var tmp = new InfluenceGraph.Core.Tests.Storage.TempDb();
        var v1 = Network(weighted: true, timed: true);
        using (var store = new SqliteGraphStore(tmp.Path))
            store.Commit(new GraphCommit(State(v1, 1), 0, true, null, true, null));
        // Rewrite the version row as older stores wrote it: each part one zlib blob in the versions table, no pieces.
        using (var db = new SqliteConnection($"Data Source={tmp.Path};Pooling=False"))
        {
            db.Open();
            foreach (var part in new[] { "edges", "weights", "times", "handles", "attributes" })
            {
                var pieces = new List<byte[]>();
                using (var q = db.CreateCommand())
                {
                    q.CommandText = $"SELECT data FROM version_pieces WHERE part = '{part}' ORDER BY piece";
                    using var r = q.ExecuteReader();
                    while (r.Read()) pieces.Add((byte[])r.GetValue(0));
                }
                Assert.NotEmpty(pieces);
                using var whole = new MemoryStream();
                using (var s = VersionBlobs.OpenPieces(pieces)) s.CopyTo(whole);
                byte[] blob = [];
                VersionBlobs.WritePieces(s => s.Write(whole.ToArray()), (_, b) => blob = b, pieceBytes: 1 << 26);
                using var u = db.CreateCommand();
                u.CommandText = $"UPDATE versions SET {part} = $b; DELETE FROM version_pieces WHERE part = '{part}'";
                u.Parameters.AddWithValue("$b", blob);
                u.ExecuteNonQuery();
            }
        }
        Assert.Equal(0, Count(tmp.Path, "SELECT COUNT(*) FROM version_pieces"));
        using (var store = new SqliteGraphStore(tmp.Path) { MaxChunkEdges = 7 })
        {
            var past = store.LoadVersion("net", 1)!;
            Assert.True(past.Snapshot.OutEdgeChunks.ChunkCount > 20);
            AssertSameEdges(v1, past.Snapshot);
            Assert.Equal(12, past.Attributes["a3"].Posts);
        }
    }

    [Fact]
    public void Writer_OutOfOrderOrOutOfRange_IsRefusedWithTheEdge()
    {
        var w = new ChunkedCsrWriter(3, false, false, 7);
        w.Append(1, 2);
        Assert.Contains("not in CSR order", Assert.Throws<InvalidDataException>(() => w.Append(0, 1)).Message);
        Assert.Contains("outside 0..2", Assert.Throws<InvalidDataException>(() => w.Append(2, 3)).Message);
        var g = w.Finish(7);
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal([2], g.Neighbours(1).ToArray());
        Assert.Equal(0, g.Degree(2));
    }
}
