using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Betweenness on small graphs drawn below, with values computed by hand (each sum written out) and
/// cross-checked with networkx 2.8.8 where noted.
/// </summary>
public class BetweennessTests
{
    private static void AssertScores(BetweennessResult r, params (string Account, double Expected)[] expected)
    {
        foreach (var (account, value) in expected)
            Assert.True(Math.Abs(r.ScoreOf(account) - value) <= 1e-12, $"{account}: expected {value}, got {r.ScoreOf(account)}");
    }

    //  a -> b -> c -> d
    // b lies on (a,c) and (a,d); c on (a,d) and (b,d): raw 2 each; normalized by (n-1)(n-2) = 6.
    [Fact]
    public void Compute_DirectedPath_InnerAccountsScoreTwoPairs()
    {
        var g = TestGraphs.FromText("a b, b c, c d");
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false }), ("a", 0), ("b", 2), ("c", 2), ("d", 0));
        AssertScores(Betweenness.Compute(g), ("a", 0), ("b", 1.0 / 3), ("c", 1.0 / 3), ("d", 0)); // networkx: b = c = 0.3333
    }

    //      a
    //    ↗   ↘
    //  s       t      two shortest s->t paths: a and b each carry half of the pair (s,t)
    //    ↘   ↗
    //      b
    [Fact]
    public void Compute_Diamond_SplitsPairBetweenTwoPaths()
    {
        var r = Betweenness.Compute(TestGraphs.FromText("s a, s b, a t, b t"), new BetweennessOptions { Normalized = false });
        AssertScores(r, ("s", 0), ("a", 0.5), ("b", 0.5), ("t", 0));
        Assert.True(r.IsExact);
        Assert.Equal(4, r.SourcesUsed);
        Assert.Null(r.StandardErrors);
    }

    //  0 -> 1 -> 2 -> 3 -> 0 (4-cycle) plus chord 1 -> 3; accounts 4, 5, 6 isolated (n = 7).
    //  Shortest paths through an inner node: from 0: 0-1-2, 0-1-3; from 1: 1-3-0; from 2: 2-3-0, 2-3-0-1;
    //  from 3: 3-0-1, 3-0-1-2.  Raw: node0 = 1+2 = 3, node1 = 2+1 = 3, node2 = 0, node3 = 1+2 = 3.
    //  Normalized by (n-1)(n-2) = 6*5 = 30, isolated accounts included in n: 0.1, 0.1, 0, 0.1
    //  (networkx 2.8.8 gives exactly these; SEMANTICS.md §2 row "Normalized betweenness, n=7").
    //  Endpoints: + reach (3 each) + reached-by (3 each), divided by n(n-1) = 42: 9/42, 9/42, 6/42, 9/42 (networkx agrees).
    [Fact]
    public void Compute_CycleWithChordAndIsolated_IsolatedCountInNormalization()
    {
        var g = TestGraphs.FromText("0 1, 1 2, 2 3, 3 0, 1 3", null, "4", "5", "6");
        AssertScores(Betweenness.Compute(g), ("0", 0.1), ("1", 0.1), ("2", 0), ("3", 0.1), ("4", 0), ("5", 0), ("6", 0));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Endpoints = true }),
            ("0", 9.0 / 42), ("1", 9.0 / 42), ("2", 6.0 / 42), ("3", 9.0 / 42), ("4", 0));
    }

    //  a -> b -> c, each with a self-loop: a loop is never on a shortest path, b keeps raw 1.
    [Fact]
    public void Compute_SelfLoops_NeverOnShortestPath()
    {
        var g = TestGraphs.FromText("a a, a b, b b, b c, c c");
        Assert.Equal(3, g.SelfLoopCount);
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false }), ("a", 0), ("b", 1), ("c", 0));
    }

    //  0 => 1 -> 3      (0 -> 1 twice in a multigraph snapshot)
    //  0 -> 2 -> 3
    //  NetworkX (DiGraph and MultiDiGraph) counts one path per neighbour: 1 and 2 get 0.5 each;
    //  igraph/graph-tool would give 0.667 / 0.333 (SEMANTICS.md §2).
    [Fact]
    public void Compute_ParallelEdgesKept_CountOnePathPerNeighbour()
    {
        var g = TestGraphs.FromText("0 1, 0 1, 1 3, 0 2, 2 3", new GraphBuildOptions(DuplicateEdgePolicy.Keep));
        Assert.Equal(5, g.EdgeCount);
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false }), ("0", 0), ("1", 0.5), ("2", 0.5), ("3", 0));
    }

    //  0 -> 1 (weight 1, then 5), 1 -> 2 (1), 0 -> 2 (2).
    //  Collapse (DiGraph): the last weight 5 wins, 0-1-2 has length 6 > 2: node 1 gets 0.
    //  Keep (MultiDiGraph): the lightest parallel edge (1) counts, 0-1-2 ties 0-2 at 2: node 1 gets 0.5.
    //  (networkx 2.8.8, SEMANTICS.md §2 "Weighted duplicates".)
    [Fact]
    public void Compute_WeightedParallelEdges_CollapseUsesLastWeight_KeepUsesMinimum()
    {
        const string edges = "0 1 1, 0 1 5, 1 2 1, 0 2 2";
        var raw = new BetweennessOptions { Normalized = false, Weighted = true };
        AssertScores(Betweenness.Compute(TestGraphs.FromText(edges), raw), ("1", 0));
        AssertScores(Betweenness.Compute(TestGraphs.FromText(edges, new GraphBuildOptions(DuplicateEdgePolicy.Keep)), raw), ("1", 0.5));
    }

    //  0 -> 1 (0), 1 -> 2 (1), 0 -> 2 (1): zero-length edges are accepted (NetworkX); 0-1-2 ties 0-2.
    [Fact]
    public void Compute_ZeroWeightEdge_Accepted_TiesCount()
    {
        var r = Betweenness.Compute(TestGraphs.FromText("0 1 0, 1 2 1, 0 2 1"), new BetweennessOptions { Normalized = false, Weighted = true });
        AssertScores(r, ("0", 0), ("1", 0.5), ("2", 0)); // networkx 2.8.8: [0, 0.5, 0]
    }

    //  p1 -0.1-> p2 -0.2-> p3 and p1 -0.3-> p3: 0.1 + 0.2 = 0.30000000000000004 in binary, a tie as decimals.
    //  Unweighted, the direct edge is shorter and p2 gets 0.
    [Fact]
    public void Compute_DecimalWeights_EqualSumsAreTies()
    {
        var g = TestGraphs.FromText("p1 p2 0.1, p2 p3 0.2, p1 p3 0.3");
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Weighted = true }), ("p2", 0.5));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false }), ("p2", 0));
    }

    //  a -2-> b -2-> c and a -5-> c: weighted, b is on the shortest a->c path (4 < 5); unweighted it is not.
    [Fact]
    public void Compute_Weighted_UsesWeightsAsDistances()
    {
        var g = TestGraphs.FromText("a b 2, b c 2, a c 5");
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Weighted = true }), ("b", 1));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false }), ("b", 0));
    }

    //  a -> b -> c -> d with cutoff 2 (hops): only (a,c) and (b,d) are within 2 hops; b gets (a,c), c gets (b,d).
    [Fact]
    public void Compute_UnweightedCutoff_CountsPairsWithinHops()
    {
        var g = TestGraphs.FromText("a b, b c, c d");
        var r = Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Cutoff = 2 });
        AssertScores(r, ("a", 0), ("b", 1), ("c", 1), ("d", 0));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Cutoff = 2.5 }), ("b", 1), ("c", 1));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Normalized = false, Cutoff = 0 }), ("b", 0), ("c", 0));
    }

    //  a -2.5-> b -2.5-> c -2.5-> d: every edge has the same weight, so the weighted run is the BFS one
    //  and a weighted cutoff of 5 is 2 hops: b gets (a,c), c gets (b,d). Cutoff 4.9 keeps single edges only.
    [Fact]
    public void Compute_UniformWeights_CutoffInWeightUnits()
    {
        var g = TestGraphs.FromText("a b 2.5, b c 2.5, c d 2.5");
        Assert.True(g.IsWeighted);
        var o = new BetweennessOptions { Normalized = false, Weighted = true };
        AssertScores(Betweenness.Compute(g, o), ("b", 2), ("c", 2));
        AssertScores(Betweenness.Compute(g, o with { Cutoff = 5 }), ("a", 0), ("b", 1), ("c", 1), ("d", 0));
        AssertScores(Betweenness.Compute(g, o with { Cutoff = 4.9 }), ("b", 0), ("c", 0));
    }

    //  a -> b: n = 2. Without endpoints nothing is scaled (NetworkX: n <= 2); with endpoints each
    //  scores 1 (a reaches b, b is reached) divided by n(n-1) = 2 -> 0.5 (networkx 2.8.8: {a: 0.5, b: 0.5}).
    [Fact]
    public void Compute_TwoAccounts_EndpointsNormalizedByNTimesNMinusOne()
    {
        var g = TestGraphs.FromText("a b");
        AssertScores(Betweenness.Compute(g), ("a", 0), ("b", 0));
        AssertScores(Betweenness.Compute(g, new BetweennessOptions { Endpoints = true }), ("a", 0.5), ("b", 0.5));
    }

    [Fact]
    public void Compute_EmptyGraph_ReturnsNoScores()
    {
        var r = Betweenness.Compute(GraphSnapshot.Empty);
        Assert.Empty(r.Scores);
        Assert.Equal(0, r.SourcesUsed);
        Assert.True(r.IsExact);
    }

    [Fact]
    public void Compute_SamplesEqualN_IsExactWhateverTheSeed()
    {
        var g = TestGraphs.FromText("0 1, 1 2, 2 3, 3 0, 1 3", null, "4");
        var exact = Betweenness.Compute(g);
        foreach (int seed in new[] { 0, 1, 99 })
        {
            var r = Betweenness.Compute(g, new BetweennessOptions { Samples = 5, Seed = seed });
            Assert.True(r.IsExact);
            Assert.Equal(5, r.SourcesUsed);
            Assert.Equal(exact.Scores, r.Scores);
        }
    }

    [Fact]
    public void Compute_SamplesOutOfRange_ThrowsWithRule()
    {
        var g = TestGraphs.FromText("a b, b c");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Betweenness.Compute(g, new BetweennessOptions { Samples = 4 }));
        Assert.Contains("between 1 and the number of accounts n = 3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Betweenness.Compute(g, new BetweennessOptions { Samples = 0 }));
    }

    [Fact]
    public void Compute_UnknownOrRepeatedSource_ThrowsNamingIt()
    {
        var g = TestGraphs.FromText("a b, b c");
        var unknown = Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Sources = ["a", "zed"] }));
        Assert.Contains("'zed'", unknown.Message);
        Assert.Contains("Sources[1]", unknown.Message);
        var twice = Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Sources = ["a", "a"] }));
        Assert.Contains("twice", twice.Message);
        Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Sources = [] }));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Compute_BadCutoff_Throws(double cutoff)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Betweenness.Compute(TestGraphs.FromText("a b"), new BetweennessOptions { Cutoff = cutoff }));
        Assert.Contains("Cutoff must be a number >= 0", ex.Message);
    }

    [Fact]
    public void Compute_ZeroThreads_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Betweenness.Compute(TestGraphs.FromText("a b"), new BetweennessOptions { MaxDegreeOfParallelism = 0 }));
    }

    [Fact]
    public void Compute_NegativeWeightInSnapshot_ThrowsNamingTheEdge()
    {
        var g = TestGraphs.FromText("a b 2, b c 3");
        g.OutEdgeChunks.Chunks[0].Weights![1] = -3; // the builder refuses negative weights; the snapshot's arrays are still writable
        var ex = Assert.Throws<ArgumentException>(() => Betweenness.Compute(g, new BetweennessOptions { Weighted = true }));
        Assert.Contains("'b' -> 'c'", ex.Message);
        Assert.Contains("-3", ex.Message);
    }
}
