using InfluenceGraph.Core.Traversal;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport.Reference;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// Seeded random graphs checked against <see cref="ReferenceBetweenness"/> (all-pairs brute force),
/// reproducibility across thread counts, the sampling estimator and its standard error, progress and
/// cancellation.
/// </summary>
public class BetweennessPropertyTests
{
    /// <summary>A random follower graph on v0..v(n-1) with self-loops, repeated rows and isolated accounts.</summary>
    private static GraphSnapshot RandomGraph(int seed, int n, int rows, bool keepDuplicates, Func<Random, double>? weight = null) =>
        TestGraphs.RandomGraph(n, rows, seed, new GraphBuildOptions(keepDuplicates ? DuplicateEdgePolicy.Keep : DuplicateEdgePolicy.Collapse), "v", weight: weight);

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int v = 0; v < expected.Length; v++)
        {
            double e = expected[v], a = actual[v];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"{what}: node {v} expected NaN, got {a}"); continue; }
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1.0, Math.Abs(e)), $"{what}: node {v} expected {e:R}, got {a:R}");
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Compute_RandomUnweighted_MatchesReference(int seed, bool keepDuplicates)
    {
        int n = 8 + 9 * seed;
        var g = RandomGraph(seed, n, rows: 3 * n, keepDuplicates);
        foreach (bool endpoints in new[] { false, true })
            foreach (bool normalized in new[] { false, true })
            {
                var o = new BetweennessOptions { Endpoints = endpoints, Normalized = normalized, MaxDegreeOfParallelism = 2 };
                var brute = ReferenceBetweenness.Compute(g, normalized, endpoints);
                AssertClose(brute, ReferenceBetweenness.Brandes(g, normalized, endpoints), $"seed {seed}: the two references");
                AssertClose(brute, Betweenness.Compute(g, o).Scores, $"seed {seed} endpoints {endpoints} normalized {normalized}");
            }
        AssertClose(ReferenceBetweenness.Compute(g, cutoff: 2), Betweenness.Compute(g, new BetweennessOptions { Cutoff = 2 }).Scores, $"seed {seed} cutoff 2");

        // The BFS kernel picks top-down or bottom-up per level; each direction alone must agree too.
        foreach (var direction in new[] { BfsStrategy.TopDown, BfsStrategy.BottomUp })
            foreach (var o in new[] { new BetweennessOptions { Endpoints = true }, new BetweennessOptions { Cutoff = 2 } })
                AssertClose(ReferenceBetweenness.Compute(g, endpoints: o.Endpoints, cutoff: o.Cutoff),
                    Betweenness.Compute(g, o, null, default, direction).Scores, $"seed {seed} {direction} {o}");
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    [InlineData(13, false)]
    public void Compute_RandomSmallIntegerWeights_MatchesReference(int seed, bool keepDuplicates)
    {
        // Weights 1..3 make many tied path lengths.
        var g = RandomGraph(seed, 40, 130, keepDuplicates, r => r.Next(1, 4));
        foreach (bool endpoints in new[] { false, true })
        {
            var o = new BetweennessOptions { Weighted = true, Endpoints = endpoints, MaxDegreeOfParallelism = 2 };
            var brute = ReferenceBetweenness.Compute(g, endpoints: endpoints, weighted: true);
            AssertClose(brute, ReferenceBetweenness.Brandes(g, endpoints: endpoints, weighted: true), $"seed {seed}: the two references");
            AssertClose(brute, Betweenness.Compute(g, o).Scores, $"seed {seed} endpoints {endpoints}");
        }
        AssertClose(ReferenceBetweenness.Compute(g, weighted: true, cutoff: 4),
            Betweenness.Compute(g, new BetweennessOptions { Weighted = true, Cutoff = 4 }).Scores, $"seed {seed} cutoff 4");
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Compute_RandomDecimalWeights_TiesAsDecimals(int seed)
    {
        // Decimal weights whose binary sums are off by an ulp: 0.1 + 0.2 vs 0.3, 0.7 + 0.1 vs 0.8 ...
        double[] choices = [0.1, 0.2, 0.3, 0.7, 0.8];
        var g = RandomGraph(seed, 35, 120, false, r => choices[r.Next(choices.Length)]);
        var x10 = RandomGraph(seed, 35, 120, false, r => Math.Round(choices[r.Next(choices.Length)] * 10));
        var decimals = Betweenness.Compute(g, new BetweennessOptions { Weighted = true }).Scores;
        // Scaling weights by 10 makes every sum exact; betweenness is invariant to uniform scaling.
        AssertClose(Betweenness.Compute(x10, new BetweennessOptions { Weighted = true }).Scores, decimals, $"seed {seed} decimal vs x10");
        AssertClose(ReferenceBetweenness.Compute(g, weighted: true), decimals, $"seed {seed} reference");
    }

    [Fact]
    public void Compute_ThreadCounts_BitIdenticalScores()
    {
        var g = RandomGraph(7, 600, 3000, false);
        var one = Betweenness.Compute(g, new BetweennessOptions { MaxDegreeOfParallelism = 1 }).Scores;
        foreach (int threads in new[] { 2, 3, 8 })
            Assert.Equal(one, Betweenness.Compute(g, new BetweennessOptions { MaxDegreeOfParallelism = threads }).Scores);

        var w = RandomGraph(8, 300, 1500, true, r => r.Next(1, 10) / 4.0);
        var o1 = new BetweennessOptions { Weighted = true, MaxDegreeOfParallelism = 1, Samples = 100, Seed = 3 };
        var r1 = Betweenness.Compute(w, o1);
        var r4 = Betweenness.Compute(w, o1 with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(r1.Scores, r4.Scores);
        Assert.Equal(r1.StandardErrors, r4.StandardErrors);
    }

    [Fact]
    public void Compute_SampledPivots_SameSeedSamePivots_MatchReferenceOnThosePivots()
    {
        var g = RandomGraph(31, 60, 240, false);
        var o = new BetweennessOptions { Samples = 12, Seed = 5 };
        var a = Betweenness.Compute(g, o);
        Assert.Equal(a.Scores, Betweenness.Compute(g, o).Scores);
        Assert.False(a.IsExact);
        Assert.Equal(12, a.SourcesUsed);
        int[] pivots = Betweenness.SamplePivots(60, 12, 5);
        Assert.Equal(12, pivots.Distinct().Count());
        AssertClose(ReferenceBetweenness.Compute(g, sources: pivots), a.Scores, "pivots");
        Assert.NotEqual(pivots, Betweenness.SamplePivots(60, 12, 6));
    }

    [Fact]
    public void SamplePivots_IsUniform()
    {
        // Each of n = 10 ids must be picked with probability k/n = 0.3: 3000 expected picks in 1e4 draws.
        var counts = new int[10];
        for (int seed = 0; seed < 10_000; seed++)
            foreach (int v in Betweenness.SamplePivots(10, 3, seed)) counts[v]++;
        Assert.All(counts, c => Assert.InRange(c, 2800, 3200)); // ±4.4 standard deviations
    }

    //  Standard error of the sampled estimate. For one account v and sample size k, enumerate EVERY
    //  k-subset of sources. Without endpoints, condition on whether v is a pivot (the scaling differs:
    //  N/k or N/(k-1)); with endpoints, take all subsets. In each group the estimate is unbiased (mean
    //  of the estimates = the exact value) and the mean of SE² equals the true variance of the
    //  estimates (s² is unbiased for the population variance under sampling without replacement).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StandardErrors_OverAllSamples_MatchTrueVariance(bool endpoints)
    {
        var g = RandomGraph(41, 9, 20, false);
        int n = g.NodeCount, k = 4;
        var exact = Betweenness.Compute(g, new BetweennessOptions { Endpoints = endpoints }).Scores;
        var subsets = Subsets(n, k).ToList();
        var runs = subsets.Select(s => Betweenness.Compute(g, new BetweennessOptions
        {
            Endpoints = endpoints,
            Sources = s.Select(i => g.Accounts[i]).ToArray(),
        })).ToList();
        for (int v = 0; v < n; v++)
            foreach (bool pivot in new[] { false, true })
            {
                var group = subsets.Select((s, i) => (s, r: runs[i]))
                    .Where(x => endpoints ? pivot : x.s.Contains(v) == pivot).Select(x => x.r).ToList();
                if (group.Count == 0) continue;
                double mean = group.Average(r => r.Scores[v]);
                double variance = group.Average(r => (r.Scores[v] - exact[v]) * (r.Scores[v] - exact[v]));
                double meanSe2 = group.Average(r => r.StandardErrors![v] * r.StandardErrors[v]);
                Assert.True(Math.Abs(mean - exact[v]) <= 1e-12, $"v{v} pivot={pivot}: mean {mean} vs exact {exact[v]}");
                Assert.True(Math.Abs(meanSe2 - variance) <= 1e-12 + 1e-9 * variance, $"v{v} pivot={pivot}: mean SE² {meanSe2} vs variance {variance}");
            }
        Assert.Contains(runs, r => r.StandardErrors!.Any(se => se > 0)); // not vacuous
    }

    [Fact]
    public void StandardErrors_AllCandidatesSampled_AreZero_SingleSourceIsNaN()
    {
        //  a -> b -> c, b -> d: with sources {a, c, d} every source candidate of b (all but b) was sampled.
        var b = new GraphBuilder();
        b.AddEdge("a", "b"); b.AddEdge("b", "c"); b.AddEdge("b", "d");
        var g = b.Build();
        var r = Betweenness.Compute(g, new BetweennessOptions { Sources = ["a", "c", "d"], Normalized = false });
        Assert.Equal(0.0, r.StandardErrorOf("b"));
        Assert.Equal(2.0, r.ScoreOf("b"), 12); // exact raw: b on (a,c), (a,d)
        var single = Betweenness.Compute(g, new BetweennessOptions { Sources = ["a"] });
        Assert.True(double.IsNaN(single.StandardErrorOf("b")!.Value));
        Assert.True(double.IsNaN(single.ScoreOf("a"))); // a pivot with k = 1: undefined (NetworkX >= 3.5)
    }

    [Fact]
    public void Compute_Progress_ReportsSourcesDoneAndFinal()
    {
        var g = RandomGraph(51, 300, 1200, false);
        var reports = new List<CentralityProgress>();
        var progress = new SyncProgress(reports);
        Betweenness.Compute(g, new BetweennessOptions { MaxDegreeOfParallelism = 2 }, progress);
        Assert.NotEmpty(reports);
        var last = reports[^1];
        Assert.Equal(300, last.Done);
        Assert.Equal(300, last.Total);
        Assert.Equal("300 of 300 sources", last.Message);
        Assert.All(reports, p => Assert.InRange(p.Done, 0, 300));
    }

    [Fact]
    public void Compute_Cancelled_ThrowsOperationCanceled()
    {
        var g = RandomGraph(52, 2000, 20000, false);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress([], () => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Betweenness.Compute(g, new BetweennessOptions { MaxDegreeOfParallelism = 2 }, progress, cts.Token));
        using var pre = new CancellationTokenSource();
        pre.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Betweenness.Compute(g, null, null, pre.Token));
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SyncProgress(List<CentralityProgress> sink, Action? onReport = null) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value)
        {
            lock (sink) sink.Add(value);
            onReport?.Invoke();
        }
    }
}
