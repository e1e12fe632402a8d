using InfluenceGraph.Core.Changes;

namespace InfluenceGraph.Core.Tests.Changes;

public sealed class KendallTauTests
{
    // Expected values from scipy 1.10.1 (Debian bookworm's python3-scipy):
    //   from scipy.stats import kendalltau; kendalltau(x, y)   (variant="b", method="auto" -> asymptotic with ties)
    [Theory]
    [InlineData(new double[] { 1, 2, 2, 3, 4, 5, 5, 5, 9, 1 }, new double[] { 3, 1, 2, 2, 8, 5, 4, 4, 0, 7 }, -0.07233642332556182, 0.7820151117439875)]
    [InlineData(new double[] { 12, 2, 1, 12, 2 }, new double[] { 1, 4, 7, 1, 0 }, -0.4714045207910316, 0.28274545993277467)]
    public void TauB_MatchesScipy(double[] x, double[] y, double tau, double p)
    {
        var r = KendallTau.TauB(x, y);
        Assert.Equal(tau, r.TauB, 12);
        Assert.Equal(p, r.PValue, 10);
    }

    /// <summary>O(n²) definition: sign products over all pairs.</summary>
    private static double BruteTauB(double[] x, double[] y)
    {
        long c = 0, d = 0, tx = 0, ty = 0, n = x.Length, total = n * (n - 1) / 2;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) tx++;
                if (sy == 0) ty++;
                if (sx * sy > 0) c++; else if (sx * sy < 0) d++;
            }
        return (c - d) / Math.Sqrt((double)(total - tx) * (total - ty));
    }

    [Theory]
    [InlineData(1, 50, 5)]
    [InlineData(2, 300, 20)]
    [InlineData(3, 1000, 1000)]
    [InlineData(4, 777, 3)]
    public void TauB_MatchesPairwiseDefinition_WithTies(int seed, int n, int distinct)
    {
        var rng = new Random(seed);
        var x = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = rng.Next(distinct); y[i] = rng.NextDouble() < 0.5 ? x[i] + rng.Next(3) : rng.Next(distinct); }
        var r = KendallTau.TauB(x, y);
        Assert.Equal(BruteTauB(x, y), r.TauB, 12);
        Assert.Equal((long)n * (n - 1) / 2, r.Concordant + r.Discordant + r.TiesX + r.TiesY - r.TiesBoth);
    }

    [Fact]
    public void TauB_IsOneForSameOrder_MinusOneForReversed_NaNForConstant()
    {
        double[] x = [5, 3, 9, 1, 7];
        Assert.Equal(1.0, KendallTau.TauB(x, x.Select(v => v * 2 + 1).ToArray()).TauB, 15);
        Assert.Equal(-1.0, KendallTau.TauB(x, x.Select(v => -v).ToArray()).TauB, 15);
        Assert.True(double.IsNaN(KendallTau.TauB(x, [2, 2, 2, 2, 2]).TauB));
    }

    [Fact]
    public void TauB_RejectsUnpairedOrNaN()
    {
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, double.NaN], [1, 2]));
    }
}

public sealed class RankBiasedOverlapTests
{
    private static (int[] A, int[] B, int U) Ids(string a, string b)
    {
        var ids = new Dictionary<string, int>();
        int[] Map(string s) => s.Split(' ').Select(t => ids.TryGetValue(t, out int i) ? i : ids[t] = ids.Count).ToArray();
        var x = Map(a); var y = Map(b);
        return (x, y, ids.Count);
    }

    // Expected values from the reference implementation of Corsi & Urbano (SIGIR 2024), rbo/Python/rbo.py of
    // github.com/julian-urbano/sigir2024-rbo at commit 0338fd9dee6d51b5c51a40cb72c9fc73837c3a4a:
    //   rbo.rbo(rbo.from_string(x), rbo.from_string(y), p)   (no ties, so every variant agrees with Webber et al. 2010)
    [Theory]
    [InlineData("a b c d e f g", "b a d c f e g", 0.9, 0.6270170167731464, 0.859878, 0.859878)]
    [InlineData("a b c d e", "e d c b a", 0.9, 0.4097639405522474, 0.737775, 0.737775)]
    [InlineData("a b c d e f g h", "x a y b z", 0.9, 0.23968557622089903, 0.6415071805028573, 0.37089)]
    [InlineData("a b c", "a b c d e f g h i j", 0.8, 0.7270784343255751, 1.0, 1.0)]
    [InlineData("a b c d e f g h i j", "c a x b y d", 0.95, 0.3104848953096123, 0.835678779185941, 0.6262740416666666)]
    public void Rbo_MatchesCorsiUrbanoReference(string x, string y, double p, double min, double max, double ext)
    {
        var (a, b, u) = Ids(x, y);
        var r = RankBiasedOverlap.Compute(a, b, p, u);
        Assert.Equal(min, r.Min, 12);
        Assert.Equal(max, r.Max, 12);
        Assert.Equal(ext, r.Extrapolated, 12);
        Assert.Equal(max - min, r.Residual, 12);
        var swapped = RankBiasedOverlap.Compute(b, a, p, u); // symmetric
        Assert.Equal(r.Extrapolated, swapped.Extrapolated, 15);
    }

    [Fact]
    public void Rbo_OfIdenticalLists_ExtrapolatesToOne_DisjointToZero()
    {
        int[] a = [0, 1, 2, 3, 4, 5];
        Assert.Equal(1.0, RankBiasedOverlap.Compute(a, a, 0.9, 6).Extrapolated, 14);
        var disjoint = RankBiasedOverlap.Compute([0, 1, 2], [3, 4, 5], 0.9, 6);
        Assert.Equal(0.0, disjoint.Extrapolated, 14);
        Assert.Equal(0.0, disjoint.Min, 14);
    }

    [Fact]
    public void Rbo_RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankBiasedOverlap.Compute([0], [0], 1.0, 1));
        Assert.Throws<ArgumentException>(() => RankBiasedOverlap.Compute([0, 0], [0, 1], 0.9, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankBiasedOverlap.Compute([0, 5], [0, 1], 0.9, 2));
    }
}
