using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using QuikGraph.Algorithms.Ranking;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// QuikGraph's own <see cref="PageRankAlgorithm{TVertex,TEdge}"/> runs directly on the snapshot
/// (an <c>IBidirectionalGraph&lt;int, SEdge&lt;int&gt;&gt;</c>) and, once normalized, agrees with ours.
/// </summary>
/// <remarks>
/// Semantic differences (../shared/oracle/SEMANTICS.md §5): QuikGraph's update is
/// r(v) ← (1−d) + d·Σ r(u)/outdeg(u), unnormalized (the ranks sum to about n), it drops the
/// dangling mass instead of redistributing it, has no weights or personalization, and stops
/// silently after MaxIterations (default 60) with its default tolerance 2ε. Its fixed point solves
/// (I − d·Pᵀ)r ∝ 1 just as ours does with uniform teleport, so r / Σr equals our scores; the
/// graph it sees is the snapshot's, so parallel edges count as the snapshot's policy says.
/// </remarks>
public class PageRankQuikGraphTests
{
    //   0 -> 1 -> 2 -> 0,  2 -> 3 (3 dangling),  1 -> 1 (self-loop),  4 isolated,
    //   and 0 -> 1 a second time (collapsed, or a parallel edge with DuplicateEdgePolicy.Keep)
    [Theory]
    [InlineData(DuplicateEdgePolicy.Collapse)]
    [InlineData(DuplicateEdgePolicy.Keep)]
    public void QuikGraphPageRank_OnSnapshot_NormalizedMatchesOurs(DuplicateEdgePolicy policy)
    {
        var g = TestGraphs.FromPairs([("0", "1"), ("1", "2"), ("2", "0"), ("2", "3"), ("1", "1"), ("0", "1")], new GraphBuildOptions(policy), "4");
        var ours = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-14 });

        var quik = new PageRankAlgorithm<int, QuikGraph.SEdge<int>>(g) { Damping = 0.85, MaxIterations = 1000 };
        quik.Compute();
        double sum = quik.Ranks.Values.Sum();
        Assert.True(sum < g.NodeCount - 0.1, $"QuikGraph's ranks are unnormalized and lose the dangling mass: sum {sum}");
        for (int v = 0; v < g.NodeCount; v++)
            Assert.True(Math.Abs(quik.Ranks[v] / sum - ours.Scores[v]) < 1e-12, $"node {g.Accounts[v]}: QuikGraph {quik.Ranks[v] / sum:R}, ours {ours.Scores[v]:R}");
    }

    // A 12-account cycle with one chord and a dangling account: the power iteration's error shrinks by
    // about α = 0.85 per step here (the cycle's eigenvalues have modulus 1), so 60 steps leave an L1
    // error of order 0.85^60 ≈ 6e-5 relative to the start. QuikGraph's default (60 iterations) stops
    // there without a word; with 2000 iterations it reaches the fixed point. Ours, capped at the same
    // 60 iterations, reports that it did not converge instead.
    [Fact]
    public void QuikGraphPageRank_DefaultIterations_StopsShortWhereOursReportsNonConvergence()
    {
        var edges = Enumerable.Range(0, 12).Select(i => ("c" + i, "c" + (i + 1) % 12)).Append(("c0", "c6")).Append(("c3", "sink"));
        var g = TestGraphs.FromPairs(edges);
        var fixedPoint = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-15, MaxIterations = 10_000 });
        Assert.True(fixedPoint.Converged);

        double L1ToFixedPoint(IDictionary<int, double> ranks)
        {
            double sum = ranks.Values.Sum(), l1 = 0;
            for (int v = 0; v < g.NodeCount; v++) l1 += Math.Abs(ranks[v] / sum - fixedPoint.Scores[v]);
            return l1;
        }

        var quikDefault = new PageRankAlgorithm<int, QuikGraph.SEdge<int>>(g);
        Assert.Equal(60, quikDefault.MaxIterations);
        quikDefault.Compute();
        double shortBy = L1ToFixedPoint(quikDefault.Ranks);
        Assert.True(shortBy > 1e-7, $"QuikGraph after its default 60 iterations is {shortBy:G3} (L1) from the fixed point");

        var quikLong = new PageRankAlgorithm<int, QuikGraph.SEdge<int>>(g) { MaxIterations = 2000 };
        quikLong.Compute();
        Assert.True(L1ToFixedPoint(quikLong.Ranks) < 1e-12, "QuikGraph with enough iterations reaches the same fixed point");

        var ours = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-10, MaxIterations = 60 });
        Assert.False(ours.Converged);
        Assert.Equal(60, ours.Iterations);
        Assert.True(ours.Residual > 1e-10, $"last L1 change {ours.Residual:G3}");
        double oursShortBy = ours.Scores.Select((s, v) => Math.Abs(s - fixedPoint.Scores[v])).Sum();
        Assert.True(oursShortBy > 1e-10, $"ours after 60 iterations is {oursShortBy:G3} (L1) from the fixed point");
        var e = Assert.Throws<PageRankConvergenceException>(() => ours.EnsureConverged());
        Assert.Contains("60", e.Message);
    }
}
