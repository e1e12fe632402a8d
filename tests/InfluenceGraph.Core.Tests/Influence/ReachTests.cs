using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;

namespace InfluenceGraph.Core.Tests.Influence;

public sealed class ReachTests
{
    /// <summary>Brute force: the set (followers ∪ followers of followers) \ {v}, built with HashSets.</summary>
    private static int[] BruteForce(GraphSnapshot g)
    {
        var r = new int[g.NodeCount];
        for (int v = 0; v < g.NodeCount; v++)
        {
            var set = new HashSet<int>();
            foreach (int u in g.Followers(v)) { set.Add(u); foreach (int w in g.Followers(u)) set.Add(w); }
            set.Remove(v);
            r[v] = set.Count;
        }
        return r;
    }

    // Skewed followees (cubes of uniforms) so some accounts have large audiences; self-loops and repeats allowed.
    private static GraphSnapshot Random(int n, int m, int seed, bool multigraph = false) =>
        TestGraphs.RandomGraph(n, m, seed, new GraphBuildOptions(multigraph ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse), followeeSkew: 3);

    /*
        a -> b <- c        edges: a b, c b, b c, d c
             b -> c <- d
        reach(b) = {a, c} ∪ followers(a) ∪ followers(c) = {a, c} ∪ {} ∪ {b, d} minus b = {a, c, d} = 3
        reach(c) = {b, d} ∪ followers(b) = {a, c} minus c             = {b, d, a}    = 3
        reach(a) = reach(d) = 0 (nobody follows them)
    */
    [Fact]
    public void Compute_HandDrawnGraph_CountsTwoHopAudienceExcludingSelf()
    {
        var g = TestGraphs.FromText("a b\nc b\nb c\nd c");
        var r = Reach.Compute(g);
        Assert.True(r.IsExact);
        Assert.Equal(3, r.ScoreOf("b"));
        Assert.Equal(3, r.ScoreOf("c"));
        Assert.Equal(0, r.ScoreOf("a"));
        Assert.Equal(0, r.ScoreOf("d"));
    }

    [Fact]
    public void Compute_SelfLoopAndDuplicates_DoNotCount()
    {
        // x follows itself and y twice (multigraph): reach(y) = {x}, reach(x) = {} (itself excluded).
        var b = new GraphBuilder(new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        b.AddEdge("x", "x"); b.AddEdge("x", "y"); b.AddEdge("x", "y");
        var r = Reach.Compute(b.Build());
        Assert.Equal(1, r.ScoreOf("y"));
        Assert.Equal(0, r.ScoreOf("x"));
    }

    [Theory]
    [InlineData(1, 50, 200, false)]
    [InlineData(2, 300, 3000, false)]
    [InlineData(3, 300, 3000, true)]
    [InlineData(4, 1000, 20000, false)]
    public void Compute_Exact_EqualsBruteForceOnRandomGraphs(int seed, int n, int m, bool multigraph)
    {
        var g = Random(n, m, seed, multigraph);
        var expected = BruteForce(g);
        var r = Reach.Compute(g, new ReachOptions { Method = ReachMethod.Exact });
        Assert.Equal(expected.Select(x => (double)x), r.Scores);
        var single = Reach.Compute(g, new ReachOptions { Method = ReachMethod.Exact, MaxDegreeOfParallelism = 1 });
        Assert.Equal(r.Scores, single.Scores);
    }

    [Fact]
    public void Compute_Empty_NoScores() => Assert.Empty(Reach.Compute(GraphSnapshot.Empty).Scores);

    [Fact]
    public void Compute_HyperLogLog_WithinErrorBoundsOfExact()
    {
        // p = 6 (64 registers, standard error ~13%) forces estimation on accounts whose own work exceeds 256.
        var g = Random(5000, 60000, 11);
        var exact = BruteForce(g);
        var r = Reach.Compute(g, new ReachOptions { Method = ReachMethod.HyperLogLog, Precision = 6 });
        Assert.False(r.IsExact);
        // an account's own exact work: in(v) + sum of in(u) over its followers u
        int Work(int v) => g.InDegreeOf(v) + g.Followers(v).ToArray().Sum(g.InDegreeOf);
        var estimated = Enumerable.Range(0, g.NodeCount).Where(v => Work(v) > 256).ToArray();
        for (int v = 0; v < g.NodeCount; v++)
        {
            if (Work(v) > 256) Assert.True(Math.Abs(r.Scores[v] - exact[v]) / exact[v] < 0.5, $"account {v}: {r.Scores[v]} vs {exact[v]}");
            else Assert.Equal(exact[v], r.Scores[v]); // small audiences are still counted exactly
        }
        Assert.True(estimated.Length > 10);
        // mean relative error of the estimated ones near the theoretical 1.04/sqrt(64) = 13%
        double mean = estimated.Average(v => Math.Abs(r.Scores[v] - exact[v]) / exact[v]);
        Assert.True(mean < 0.2, $"mean relative error {mean:P1}");
    }

    [Fact]
    public void Compute_Auto_SwitchesToEstimateAboveWorkLimit()
    {
        var g = Random(300, 3000, 5);
        Assert.True(Reach.Compute(g).IsExact);
        var r = Reach.Compute(g, new ReachOptions { ExactWorkLimit = 10 });
        Assert.Equal(ReachMethod.HyperLogLog, r.Method);
        Assert.Equal(Reach.ExactWork(g), r.Work);
    }

    [Fact]
    public void Compute_BadPrecision_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Reach.Compute(GraphSnapshot.Empty, new ReachOptions { Precision = 3 }));
}
