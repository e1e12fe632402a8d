using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.GuestList;

namespace InfluenceGraph.Core.Tests.GuestList;

public sealed class SpreadTests
{
    private static GraphSnapshot RandomGraph(int seed, int n, double p) => TestGraphs.Gnp(seed, n, p);

    /// <summary>
    /// Forward Monte-Carlo simulation of the Independent Cascade: an active account v activates each
    /// follower u once with probability 1/followees(u) (weighted cascade) or p. Returns mean and standard deviation.
    /// </summary>
    internal static (double Mean, double Sd) MonteCarlo(GraphSnapshot g, IReadOnlyList<int> seeds, int runs, int rngSeed, double? uniform = null)
    {
        var rng = new Random(rngSeed);
        var active = new bool[g.NodeCount];
        double sum = 0, sum2 = 0;
        var queue = new List<int>();
        for (int r = 0; r < runs; r++)
        {
            Array.Clear(active);
            queue.Clear();
            foreach (int s in seeds) if (!active[s]) { active[s] = true; queue.Add(s); }
            for (int q = 0; q < queue.Count; q++)
            {
                int v = queue[q];
                foreach (int u in g.Followers(v))
                {
                    if (active[u]) continue;
                    double p = uniform ?? 1.0 / g.OutDegreeOf(u);
                    if (rng.NextDouble() < p) { active[u] = true; queue.Add(u); }
                }
            }
            sum += queue.Count;
            sum2 += (double)queue.Count * queue.Count;
        }
        double mean = sum / runs;
        return (mean, Math.Sqrt(Math.Max(0, sum2 / runs - mean * mean)));
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 0.15)]
    public void SpreadEstimates_AgreeWithMonteCarloWithinTheStatedInterval(int seed, double? uniform)
    {
        var g = RandomGraph(seed, 300, 0.02);
        var options = new SpreadOptions(uniform is null ? CascadeProbability.WeightedCascade : CascadeProbability.Uniform, uniform ?? 0.1, Epsilon: 0.2, Seed: 5);
        var all = Enumerable.Range(0, g.NodeCount).ToArray();
        var result = SpreadMaximizer.Run(g, all, [], 5, options);
        var picks = result.Greedy.Steps.Select(s => s.Node).ToList();
        const int runs = 20000;
        foreach (var list in new[] { picks, new List<int> { 0, 1, 2 }, new List<int> { 17 } })
        {
            var est = SpreadMaximizer.EstimateOn(result, list);
            var (mean, sd) = MonteCarlo(g, list, runs, seed * 31 + list.Count, uniform);
            double mcError = 4 * sd / Math.Sqrt(runs);
            Assert.True(est.Lower <= est.Estimate && est.Estimate <= est.Upper);
            Assert.True(mean >= est.Lower - mcError && mean <= est.Upper + mcError,
                $"list [{string.Join(",", list)}]: Monte-Carlo {mean:F2} ± {mcError:F2} outside [{est.Lower:F2}, {est.Upper:F2}] (estimate {est.Estimate:F2}, {result.SetsPerSample} sets)");
        }
        Assert.Equal(SpreadMaximizer.EstimateOn(result, picks).Estimate, result.Spread.Estimate);
        Assert.Equal(result.Spread.Estimate, result.PrefixSpread[^1], 9);
        Assert.True(result.CertifiedRatio > 0 && result.CertifiedRatio <= 1);
        Assert.True(result.OptimumUpperBound >= result.Spread.Lower);
    }

    [Fact]
    public void SpreadCertificate_BoundsTheBestPairFoundByMonteCarlo()
    {
        var g = RandomGraph(11, 12, 0.2);
        var all = Enumerable.Range(0, 12).ToArray();
        var result = SpreadMaximizer.Run(g, all, [], 2, new SpreadOptions(Epsilon: 0.1, Delta: 0.01, Seed: 3));
        double best = 0;
        const int runs = 4000;
        for (int a = 0; a < 12; a++)
            for (int b = a + 1; b < 12; b++)
            {
                var (mean, sd) = MonteCarlo(g, [a, b], runs, a * 100 + b);
                best = Math.Max(best, mean - 4 * sd / Math.Sqrt(runs));
            }
        Assert.True(result.OptimumUpperBound >= best, $"bound {result.OptimumUpperBound:F3} < best pair {best:F3}");
        Assert.True(result.Spread.Upper >= result.Spread.Estimate);
    }

    [Fact]
    public void SameSeed_SameList_ForAnyThreadCount()
    {
        var g = RandomGraph(4, 400, 0.015);
        var all = Enumerable.Range(0, g.NodeCount).ToArray();
        SpreadResult Run(int threads, ulong seed) => SpreadMaximizer.Run(g, all, [], 10, new SpreadOptions(Seed: seed, MaxDegreeOfParallelism: threads));
        var one = Run(1, 9);
        var two = Run(2, 9);
        var three = Run(3, 9);
        Assert.Equal(one.Greedy.Steps, two.Greedy.Steps);
        Assert.Equal(one.Greedy.Steps, three.Greedy.Steps);
        Assert.Equal(one.Spread, two.Spread);
        Assert.Equal(one.SetsPerSample, three.SetsPerSample);
        var other = Run(2, 10);
        Assert.NotEqual(one.Spread.CoveredSets + one.Samples.Selection.MemberCount, other.Spread.CoveredSets + other.Samples.Selection.MemberCount);
    }

    [Fact]
    public void EdgeWeights_RequireProbabilities()
    {
        var b = new GraphBuilder();
        b.AddEdge("a", "b", 0.5); b.AddEdge("c", "b", 2.0);
        var g = b.Build();
        var e = Assert.ThrowsAny<ArgumentException>(() => SpreadMaximizer.Run(g, [0, 1, 2], [], 1, new SpreadOptions(CascadeProbability.EdgeWeights)));
        Assert.Contains("not a probability", e.Message);
        var unweighted = RandomGraph(1, 5, 0.3);
        Assert.ThrowsAny<ArgumentException>(() => SpreadMaximizer.Run(unweighted, [0], [], 1, new SpreadOptions(CascadeProbability.EdgeWeights)));
    }
}
