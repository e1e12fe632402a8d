using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Audience;

public sealed class HyperBallTests
{
    private static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Estimate_SketchOfKnownCardinality_WithinFourStandardErrors(int p)
    {
        int m = 1 << p;
        double rse = HyperBall.RelativeStandardError(m);
        var histogram = new int[HyperBall.HistogramLength];
        foreach (int count in new[] { 1, 10, 100, 1000, 30000, 200000 })
        {
            var reg = new byte[m];
            for (int v = 0; v < count; v++) HyperBall.Add(reg, p, v + 7 * count);
            double e = HyperBall.Estimate(reg, p, histogram);
            Assert.True(Math.Abs(e - count) <= Math.Max(1, 4 * rse * count), $"m={m}, n={count}: estimate {e}");
        }
        Assert.Equal(0, HyperBall.Estimate(new byte[m], p, histogram));
    }

    [Fact]
    public void Reach_ExactHops_EqualPlainBfs()
    {
        var g = AudienceReference.Random(800, 3000, 21, multigraph: true);
        foreach (int hops in new[] { 1, 3, 4 })
        {
            var r = Reach.Compute(g, new ReachOptions { Hops = hops, Method = ReachMethod.Exact });
            Assert.True(r.IsExact);
            Assert.Null(r.RelativeStandardError);
            for (int v = 0; v < g.NodeCount; v++) Assert.Equal(AudienceReference.Audience(g, v, hops).Count, r.Scores[v]);
        }
        // hops = 1: the distinct followers other than the account itself, exact by default
        var one = Reach.Compute(g, new ReachOptions { Hops = 1 });
        Assert.Equal(ReachMethod.Exact, one.Method);
    }

    [Fact]
    public void Reach_ThreeHopsByDefault_IsHyperBallWithItsStatedError()
    {
        var g = AudienceReference.Random(3000, 9000, 5, skew: 2);
        var r = Reach.Compute(g, new ReachOptions { Hops = 3 });
        Assert.Equal(ReachMethod.HyperBall, r.Method);
        Assert.Equal(64, r.Registers);
        Assert.Equal(0.0975, r.RelativeStandardError!.Value, 12); // 0.78/√64, UltraLogLog registers
        Assert.False(r.IsExact);
        var exact = Reach.Compute(g, new ReachOptions { Hops = 3, Method = ReachMethod.Exact });
        var errors = Enumerable.Range(0, g.NodeCount).Where(v => exact.Scores[v] > 0)
            .Select(v => Math.Abs(r.Scores[v] - exact.Scores[v]) / exact.Scores[v]).ToList();
        Assert.True(Median(errors) <= r.RelativeStandardError, $"median relative error {Median(errors):P1}");
        for (int v = 0; v < g.NodeCount; v++)
        {
            // no follower: exactly 0; otherwise at least the followers, at most n - 1
            if (exact.Scores[v] == 0) Assert.Equal(0, r.Scores[v]);
            Assert.InRange(r.Scores[v], Math.Min(exact.Scores[v], g.Followers(v).ToArray().Distinct().Count(u => u != v)), g.NodeCount - 1);
        }
    }

    [Fact]
    public void HyperBall_MoreRegisters_SmallerError_AndThreadCountDoesNotMatter()
    {
        var g = AudienceReference.Random(4000, 14000, 17, skew: 2);
        var exact = Reach.Compute(g, new ReachOptions { Hops = 4, Method = ReachMethod.Exact }).Scores;
        double Err(double[] est) => Median(Enumerable.Range(0, g.NodeCount).Where(v => exact[v] > 0).Select(v => Math.Abs(est[v] - exact[v]) / exact[v]));
        var h16 = HyperBall.Compute(g, 4, 16);
        var h1024 = HyperBall.Compute(g, 4, 1024);
        Assert.True(Err(h1024) < Err(h16), $"{Err(h1024)} vs {Err(h16)}");
        Assert.True(Err(h1024) <= HyperBall.RelativeStandardError(1024), $"median {Err(h1024):P2}");
        Assert.Equal(h1024, HyperBall.Compute(g, 4, 1024, maxDegreeOfParallelism: 1));
    }

    /// <summary>
    /// The union of two UltraLogLog sketches must be the sketch of the union of their element sets — in the
    /// vector paths (16 registers: 128-bit; 64 and 256: 256-bit) — and the scalar merge must agree with the
    /// definition (pack of the OR of the known update values) on every pair of valid register states.
    /// </summary>
    [Fact]
    public void Union_IsTheSketchOfTheUnion_InEveryPath()
    {
        var valid = Enumerable.Range(0, 256).Select(r => (byte)r)
            .Where(r => r == 0 || (r >> 2 >= 1 && r >> 2 <= 61 && (r >> 2 >= 3 || (r & (r >> 2 == 1 ? 3 : 1)) == 0))).ToArray();
        Assert.Equal(1 + 61 * 4 - 3 - 2, valid.Length); // empty; u = 1 has no flags, u = 2 no u−2 flag
        foreach (byte a in valid)
            foreach (byte b in valid)
                Assert.Equal(HyperBall.Pack(HyperBall.Unpack(a) | HyperBall.Unpack(b)), HyperBall.MergeRegister(a, b));

        var rng = new Random(11);
        foreach (int p in new[] { 4, 6, 8 })
        {
            int m = 1 << p;
            for (int trial = 0; trial < 200; trial++)
            {
                var left = Enumerable.Range(0, rng.Next(0, 400)).Select(_ => rng.Next(5000)).ToArray();
                var right = Enumerable.Range(0, rng.Next(0, 400)).Select(_ => rng.Next(5000)).ToArray();
                byte[] a = new byte[m], b = new byte[m], both = new byte[m];
                foreach (int v in left) { HyperBall.Add(a, p, v); HyperBall.Add(both, p, v); }
                foreach (int v in right) { HyperBall.Add(b, p, v); HyperBall.Add(both, p, v); }
                HyperBall.Union(a, b);
                Assert.Equal(both, a);
            }
        }
    }

    /// <summary>
    /// The maximum-likelihood estimate of 400 independent sketches of 256 registers holding 20,000 elements
    /// each: bias under 1% and a standard deviation within 15% of the stated 0.78/√m — well below the
    /// 1.04/√m (6.5%) of classic HyperLogLog registers of the same size.
    /// </summary>
    [Fact]
    public void Estimate_256Registers_RelativeStandardErrorBelowClassicHyperLogLog()
    {
        const int p = 8, m = 1 << p, n = 20_000, trials = 400;
        var histogram = new int[HyperBall.HistogramLength];
        var errors = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            var reg = new byte[m];
            for (int v = 0; v < n; v++) HyperBall.Add(reg, p, v, seed: t + 1);
            errors[t] = HyperBall.Estimate(reg, p, histogram) / n - 1;
        }
        double bias = errors.Average(), sd = Math.Sqrt(errors.Select(e => (e - bias) * (e - bias)).Average());
        Assert.InRange(bias, -0.01, 0.01);
        Assert.InRange(sd, 0.6 / Math.Sqrt(m), 1.15 * HyperBall.RelativeStandardError(m));
        Assert.True(sd < 0.95 * 1.04 / Math.Sqrt(m), $"standard deviation {sd:P2}");
    }

    /// <summary>
    /// The accuracy target of the all-accounts 3-hop reach on soc-Slashdot0902 against exact breadth-first
    /// searches (a seeded sample of 1,500 accounts with followers): the median relative error over accounts and
    /// hash seeds 0..9 at most 10% with 64 registers and at most 4% with 256, and with the product's seed 0
    /// at most 4% with 256 registers.
    /// </summary>
    [SharedFact]
    public void HyperBall_Slashdot_MedianErrorTargets()
    {
        var g = EdgeImport.Load(SharedData.Path("data/soc-slashdot0902/soc-Slashdot0902.txt.gz"), new EdgeImportOptions { WeightColumn = "none" });
        var rng = new Random(3);
        var sample = Enumerable.Range(0, 1500).Select(_ => rng.Next(g.NodeCount)).Distinct().Where(v => g.InDegreeOf(v) > 0).ToArray();
        var exact = sample.ToDictionary(v => v, v => (double)Audiences.Of(g, v, 3).Size);
        foreach (var (registers, target) in new[] { (64, 0.10), (256, 0.04) })
        {
            var pooled = new List<double>();
            var perSeed = new List<double>();
            for (int seed = 0; seed < 10; seed++)
            {
                var r = Reach.Compute(g, new ReachOptions { Hops = 3, Registers = registers, Seed = seed });
                var errors = sample.Select(v => Math.Abs(r.Scores[v] - exact[v]) / exact[v]).ToList();
                pooled.AddRange(errors);
                perSeed.Add(Median(errors));
            }
            string seen = string.Join(", ", perSeed.Select(x => x.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(Median(pooled) <= target, $"{registers} registers: pooled median {Median(pooled):P2} (per seed {seen})");
            if (registers == 256) Assert.True(perSeed[0] <= target, $"seed 0: {perSeed[0]:P2}");
        }
    }

    [Fact]
    public void HyperBall_BallsStopAtExactlyHHops()
    {
        // A chain x0 <- x1 <- ... <- x9 (x(i+1) follows x(i)): x0's h-hop audience is exactly h accounts.
        // Small sets are in the linear-counting range, where a 4096-register sketch is essentially exact.
        var g = TestGraphs.FromText(string.Join("\n", Enumerable.Range(0, 9).Select(i => $"x{i + 1} x{i}")));
        g.TryGetNode("x0", out int x0);
        for (int h = 1; h <= 9; h++) Assert.Equal(h, HyperBall.Compute(g, h, 4096)[x0]);
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        var g = TestGraphs.FromText("a b");
        Assert.Throws<ArgumentOutOfRangeException>(() => Reach.Compute(g, new ReachOptions { Hops = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reach.Compute(g, new ReachOptions { Hops = 3, Registers = 48 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reach.Compute(g, new ReachOptions { Hops = 3, Registers = 8 }));
        Assert.Throws<ArgumentException>(() => Reach.Compute(g, new ReachOptions { Hops = 3, Method = ReachMethod.HyperLogLog }));
    }

    public static TheoryData<string, string> SharedNetworks => new()
    {
        { "wiki-vote", "data/wiki-vote/Wiki-Vote.txt" },
        { "soc-slashdot0902", "data/soc-slashdot0902/soc-Slashdot0902.txt.gz" },
    };

    /// <summary>
    /// HyperBall's 3-hop reach against exact breadth-first searches on the shared networks, over a seeded
    /// sample of 1,500 accounts with followers. The errors of accounts whose audiences overlap are
    /// strongly correlated (nearly the same sketch), so the median relative error over the accounts of a
    /// graph is about one draw of |N(0, σ)|, σ = 0.78/√m (UltraLogLog registers), for a given hash seed; an unbiased estimator
    /// makes its mean over seeds about 0.8σ. Asserted, for 64 and 256 registers and 5 hash seeds: the mean
    /// of the medians at most 1.5σ (an unbiased estimator fails this well under 1% of the time; a 20% bias
    /// fails it always) and every median at most 3σ.
    /// </summary>
    [SharedTheory]
    [MemberData(nameof(SharedNetworks))]
    public void HyperBall_SharedNetworks_WithinStatedError(string name, string file)
    {
        var g = EdgeImport.Load(SharedData.Path(file), new EdgeImportOptions { WeightColumn = "none" });
        Assert.True(g.NodeCount > 7000, name);
        var rng = new Random(3);
        var sample = Enumerable.Range(0, 1500).Select(_ => rng.Next(g.NodeCount)).Distinct()
            .Where(v => g.InDegreeOf(v) > 0).ToArray();
        var exact = sample.ToDictionary(v => v, v => (double)Audiences.Of(g, v, 3).Size);
        foreach (int registers in new[] { 64, 256 })
        {
            var medians = new List<double>();
            for (int seed = 0; seed < 5; seed++)
            {
                var r = Reach.Compute(g, new ReachOptions { Hops = 3, Registers = registers, Seed = seed });
                Assert.Equal(ReachMethod.HyperBall, r.Method);
                medians.Add(Median(sample.Select(v => Math.Abs(r.Scores[v] - exact[v]) / exact[v])));
            }
            double sigma = HyperBall.RelativeStandardError(registers);
            string seen = string.Join(", ", medians.Select(x => x.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(medians.Average() <= 1.5 * sigma, $"{name}, {registers} registers: median relative errors {seen}, mean above 1.5 x {sigma:P1}");
            Assert.True(medians.Max() <= 3 * sigma, $"{name}, {registers} registers: median relative errors {seen}, one above 3 x {sigma:P1}");
        }
    }
}
