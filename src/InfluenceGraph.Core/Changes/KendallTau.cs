using MathNet.Numerics;

namespace InfluenceGraph.Core.Changes;

/// <summary>Kendall's τ-b of two paired score vectors, with its asymptotic two-sided p-value.</summary>
/// <param name="TauB">τ-b in [-1, 1]; <see cref="double.NaN"/> when either vector is constant (no untied pair), as scipy returns.</param>
/// <param name="PValue">Two-sided p-value of the normal approximation (scipy's <c>method="asymptotic"</c>, with the tie-corrected variance); NaN when τ-b is NaN or n &lt; 3.</param>
/// <param name="Count">Number of pairs n.</param>
/// <param name="Concordant">Concordant pairs (tied in neither vector and ordered alike).</param>
/// <param name="Discordant">Discordant pairs (tied in neither vector and ordered oppositely).</param>
/// <param name="TiesX">Pairs tied in the first vector (including those tied in both).</param>
/// <param name="TiesY">Pairs tied in the second vector (including those tied in both).</param>
/// <param name="TiesBoth">Pairs tied in both vectors.</param>
public sealed record KendallTauResult(double TauB, double PValue, long Count, long Concordant, long Discordant, long TiesX, long TiesY, long TiesBoth);

/// <summary>
/// Kendall's rank correlation τ-b (Kendall 1945), computed in O(n log n) with Knight's (1966)
/// merge-sort algorithm, with the tie handling of <c>scipy.stats.kendalltau(x, y, variant="b")</c>:
/// τ-b = (C − D) / √((N − T<sub>x</sub>)(N − T<sub>y</sub>)), where N = n(n−1)/2, C and D count the
/// concordant and discordant pairs, and T<sub>x</sub>, T<sub>y</sub> the pairs tied in x and in y.
/// </summary>
public static class KendallTau
{
    /// <summary>τ-b of the pairs (<paramref name="x"/>[i], <paramref name="y"/>[i]).</summary>
    /// <param name="x">First scores (higher = better or lower = better: only the order matters).</param>
    /// <param name="y">Second scores, same length and pairing as <paramref name="x"/>.</param>
    /// <returns>τ-b, its p-value and the pair counts. n &lt; 2 gives NaN like scipy.</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN.</exception>
    public static KendallTauResult TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"x has {x.Length} values and y {y.Length}; Kendall's tau needs pairs.", nameof(y));
        int n = x.Length;
        for (int i = 0; i < n; i++)
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
                throw new ArgumentException($"Score {i} is NaN; Kendall's tau needs ordered values.", double.IsNaN(x[i]) ? nameof(x) : nameof(y));
        long total = (long)n * (n - 1) / 2;
        if (n < 2) return new KendallTauResult(double.NaN, double.NaN, n, 0, 0, 0, 0, 0);

        // Sort the indices by (x, y); count ties in x and joint ties on runs.
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var xs = x.ToArray(); var ys = y.ToArray();
        Array.Sort(order, (a, b) => { int c = xs[a].CompareTo(xs[b]); return c != 0 ? c : ys[a].CompareTo(ys[b]); });

        var (tiesX, x0, x1) = TieSums(order, xs);
        long tiesBoth = 0;
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && xs[order[j]] == xs[order[i]] && ys[order[j]] == ys[order[i]]) j++;
            long c = j - i; tiesBoth += c * (c - 1) / 2; i = j;
        }

        // Merge-sort the y values (in x order) counting exchanges = discordant pairs (x strictly ordered,
        // ties in x already sorted by y so they add no exchange).
        var buf = new double[n]; var work = new double[n];
        for (int i = 0; i < n; i++) work[i] = ys[order[i]];
        long discordant = MergeCount(work, buf, 0, n);
        // work is now y sorted: count ties in y.
        var (tiesY, y0, y1) = TieSumsSorted(work);

        long conMinusDis = total - tiesX - tiesY + tiesBoth - 2 * discordant;
        long concordant = conMinusDis + discordant;
        double tau;
        if (tiesX == total || tiesY == total) tau = double.NaN;
        else tau = Math.Clamp(conMinusDis / Math.Sqrt(total - tiesX) / Math.Sqrt(total - tiesY), -1.0, 1.0);

        double p = double.NaN;
        if (!double.IsNaN(tau) && n >= 3)
        {
            double m = (double)n * (n - 1);
            double variance = (m * (2.0 * n + 5) - x1 - y1) / 18 + 2.0 * tiesX * tiesY / m + x0 * y0 / (9 * m * (n - 2));
            double z = conMinusDis / Math.Sqrt(variance);
            p = SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)); // 2·(1 − Φ(|z|))
        }
        return new KendallTauResult(tau, p, n, concordant, discordant, tiesX, tiesY, tiesBoth);
    }

    private static (long Pairs, double Cubic0, double Cubic1) TieSums(int[] order, double[] values)
    {
        long pairs = 0; double t0 = 0, t1 = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i + 1;
            while (j < order.Length && values[order[j]] == values[order[i]]) j++;
            Add(j - i, ref pairs, ref t0, ref t1); i = j;
        }
        return (pairs, t0, t1);
    }

    private static (long Pairs, double Cubic0, double Cubic1) TieSumsSorted(double[] sorted)
    {
        long pairs = 0; double t0 = 0, t1 = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i + 1;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            Add(j - i, ref pairs, ref t0, ref t1); i = j;
        }
        return (pairs, t0, t1);
    }

    // scipy's count_rank_tie: Σ c(c−1)/2, Σ c(c−1)(c−2), Σ c(c−1)(2c+5) over tie groups of size c > 1.
    private static void Add(long c, ref long pairs, ref double t0, ref double t1)
    {
        if (c < 2) return;
        pairs += c * (c - 1) / 2;
        t0 += (double)c * (c - 1) * (c - 2);
        t1 += (double)c * (c - 1) * (2 * c + 5);
    }

    // Bottom-up merge sort of a[lo..hi) counting pairs i < j with a[i] > a[j] (equal values are not exchanges).
    private static long MergeCount(double[] a, double[] buf, int lo, int hi)
    {
        long swaps = 0;
        int n = hi - lo;
        for (int width = 1; width < n; width *= 2)
        {
            for (int left = lo; left < hi - width; left += 2 * width)
            {
                int mid = left + width, right = Math.Min(left + 2 * width, hi);
                int i = left, j = mid, k = left;
                while (i < mid && j < right)
                {
                    if (a[j] < a[i]) { buf[k++] = a[j++]; swaps += mid - i; }
                    else buf[k++] = a[i++];
                }
                while (i < mid) buf[k++] = a[i++];
                while (j < right) buf[k++] = a[j++];
                Array.Copy(buf, left, a, left, right - left);
            }
        }
        return swaps;
    }
}
