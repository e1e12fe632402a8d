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
        var g = PageRankTests.Build([("0", "1"), ("1", "2"), ("2", "0"), ("2", "3"), ("1", "1"), ("0", "1")], new GraphBuildOptions(policy), "4");
        var ours = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-14 });

        var quik = new PageRankAlgorithm<int, QuikGraph.SEdge<int>>(g) { Damping = 0.85, MaxIterations = 1000 };
        quik.Compute();
        double sum = quik.Ranks.Values.Sum();
        Assert.True(sum < g.NodeCount - 0.1, $"QuikGraph's ranks are unnormalized and lose the dangling mass: sum {sum}");
        for (int v = 0; v < g.NodeCount; v++)
            Assert.True(Math.Abs(quik.Ranks[v] / sum - ours.Scores[v]) < 1e-12, $"node {g.Accounts[v]}: QuikGraph {quik.Ranks[v] / sum:R}, ours {ours.Scores[v]:R}");
    }

    // With its default 60 iterations QuikGraph stops silently short of the fixed point; we flag it.
    [Fact]
    public void QuikGraphPageRank_DefaultIterations_StopsShortWhereOursReportsNonConvergence()
    {
        var g = PageRankTests.Build([("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("a3", "a4")]);
        var quik = new PageRankAlgorithm<int, QuikGraph.SEdge<int>>(g);
        Assert.Equal(60, quik.MaxIterations);
        var ours = PageRank.Compute(g, new PageRankOptions { Tolerance = 1e-300, MaxIterations = 60 });
        Assert.False(ours.Converged);
        Assert.Throws<PageRankConvergenceException>(() => ours.EnsureConverged());
    }
}
