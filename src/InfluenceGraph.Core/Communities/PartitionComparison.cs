namespace InfluenceGraph.Core.Communities;

/// <summary>
/// Agreement between two partitions of the same items: normalized mutual information and the adjusted
/// Rand index, as scikit-learn's <c>normalized_mutual_info_score</c> (arithmetic mean normalisation)
/// and <c>adjusted_rand_score</c> and igraph's <c>compare_communities(method="nmi"/"ari")</c>.
/// </summary>
public static class PartitionComparison
{
    /// <summary>
    /// NMI = I(A;B) / ((H(A) + H(B)) / 2), natural logarithms; 1 for identical partitions (also when
    /// both are a single group), 0 for independent ones.
    /// </summary>
    /// <param name="a">Labels of each item (any non-negative or negative ints; equal = same group).</param>
    /// <param name="b">Labels of the same items, same length.</param>
    /// <returns>NMI in [0, 1].</returns>
    /// <exception cref="ArgumentException">The lengths differ or are 0.</exception>
    public static double NormalizedMutualInformation(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var (n, table, rowSums, colSums) = Contingency(a, b);
        double ha = Entropy(rowSums.Values, n), hb = Entropy(colSums.Values, n);
        if (ha == 0 && hb == 0) return 1.0;
        double mi = 0;
        foreach (var ((r, c), count) in table)
            mi += count / n * Math.Log(count * n / ((double)rowSums[r] * colSums[c]));
        double denom = (ha + hb) / 2;
        return denom <= 0 ? 0 : Math.Clamp(mi / denom, 0, 1);
    }

    /// <summary>
    /// Adjusted Rand index (Hubert and Arabie 1985): 1 for identical partitions, about 0 for random
    /// ones, negative when worse than chance.
    /// </summary>
    /// <param name="a">Labels of each item.</param>
    /// <param name="b">Labels of the same items, same length.</param>
    /// <returns>ARI in [−1, 1].</returns>
    /// <exception cref="ArgumentException">The lengths differ or are 0.</exception>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var (n, table, rowSums, colSums) = Contingency(a, b);
        static double Pairs(double x) => x * (x - 1) / 2;
        double sumIj = table.Values.Sum(v => Pairs(v));
        double sumA = rowSums.Values.Sum(v => Pairs(v));
        double sumB = colSums.Values.Sum(v => Pairs(v));
        double expected = sumA * sumB / Pairs(n);
        double max = (sumA + sumB) / 2;
        if (max == expected) return 1.0;
        return (sumIj - expected) / (max - expected);
    }

    private static (double N, Dictionary<(int, int), long> Table, Dictionary<int, long> Rows, Dictionary<int, long> Cols) Contingency(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"the partitions label {a.Count} and {b.Count} items", nameof(b));
        if (a.Count == 0) throw new ArgumentException("the partitions are empty", nameof(a));
        var table = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var cols = new Dictionary<int, long>();
        for (int i = 0; i < a.Count; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            cols[b[i]] = cols.GetValueOrDefault(b[i]) + 1;
        }
        return (a.Count, table, rows, cols);
    }

    private static double Entropy(IEnumerable<long> counts, double n)
    {
        double h = 0;
        foreach (long c in counts) if (c > 0) h -= c / n * Math.Log(c / n);
        return h;
    }
}
