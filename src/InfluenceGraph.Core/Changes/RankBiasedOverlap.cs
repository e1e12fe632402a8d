namespace InfluenceGraph.Core.Changes;

/// <summary>Rank-biased overlap of two ranked lists, evaluated to the length of the longer one.</summary>
/// <param name="P">Persistence p in (0, 1): the weight of depth d is (1 − p)·p^(d−1); the top 1/(1 − p) ranks carry most of it (about 86% for p = 0.9 in the top 10).</param>
/// <param name="Min">RBO_min: the value if the unseen tails share nothing more (a lower bound).</param>
/// <param name="Max">RBO_max: the value if the unseen tails agree as much as they can (an upper bound).</param>
/// <param name="Residual">RBO_res = RBO_max − RBO_min, the uncertainty left by stopping at the lists' ends.</param>
/// <param name="Extrapolated">RBO_ext: the point estimate that assumes the agreement seen at the end continues (Webber et al., equation 32 for lists of different lengths).</param>
/// <param name="ShorterLength">s, the length of the shorter list.</param>
/// <param name="LongerLength">l, the length of the longer list.</param>
/// <param name="Overlap">X_l: items the two lists share within their full lengths.</param>
public sealed record RboResult(double P, double Min, double Max, double Residual, double Extrapolated, int ShorterLength, int LongerLength, int Overlap);

/// <summary>
/// Rank-biased overlap (Webber, Moffat &amp; Zobel 2010, "A similarity measure for indefinite rankings",
/// ACM TOIS 28(4), doi:10.1145/1852102.1852106): the expected average overlap A_d = X_d / d of the two
/// rankings' top-d prefixes, with depth d drawn with probability (1 − p)·p^(d−1). Unlike Kendall's τ it
/// weighs the top of the rankings most and needs neither list to hold every item.
/// </summary>
/// <remarks>
/// <para><b>Lists of different lengths</b> (s &lt; l) follow the paper's section 4.2: past depth s, the
/// shorter list is taken to hold unseen items, which (for the minimum) match nothing, (for the maximum)
/// match the longer list's unmatched items one per depth, and (for the extrapolation) match at the
/// agreement A_s seen at depth s. The formulas are those of Corsi &amp; Urbano (2024, "The Treatment of
/// Ties in Rank-Biased Overlap", SIGIR), which reduce to Webber's equations 11, 30 and 32 without ties.</para>
/// <para><b>Ties.</b> The lists are total orders: each item has one depth. InfluenceGraph's rankings
/// break tied scores by account handle ascending, so tied accounts count at the depth that order
/// gives them (one fixed permutation of each tie, not Corsi &amp; Urbano's average over permutations).
/// Implementations that sort ties otherwise (or by input order) can differ on tied blocks; lists without
/// ties give the same value in every variant.</para>
/// <para>Runs in O(l) time with an O(U) marker array, where U bounds the item ids.</para>
/// </remarks>
public static class RankBiasedOverlap
{
    /// <summary>RBO of two rankings given as item ids, best first.</summary>
    /// <param name="first">First ranking: distinct ids in [0, <paramref name="universe"/>).</param>
    /// <param name="second">Second ranking: distinct ids in [0, <paramref name="universe"/>).</param>
    /// <param name="p">Persistence in (0, 1); 0.9 is the usual choice.</param>
    /// <param name="universe">One more than the largest id.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in (0, 1), or an id is outside [0, universe).</exception>
    /// <exception cref="ArgumentException">A list repeats an id, or a list is empty.</exception>
    public static RboResult Compute(ReadOnlySpan<int> first, ReadOnlySpan<int> second, double p, int universe)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "The persistence p must be in (0, 1).");
        if (first.Length == 0 || second.Length == 0) throw new ArgumentException("RBO needs two non-empty rankings.");
        // S is the shorter list, L the longer (the measure is symmetric).
        ReadOnlySpan<int> S = first.Length <= second.Length ? first : second;
        ReadOnlySpan<int> L = first.Length <= second.Length ? second : first;
        int s = S.Length, l = L.Length;

        // marks: bit 1 = seen in S so far, bit 2 = seen in L so far.
        var marks = new byte[universe];
        var X = new int[l + 1]; // X[d] = |S[:min(d, s)] ∩ L[:d]|
        int overlap = 0;
        for (int d = 1; d <= l; d++)
        {
            if (d <= s) overlap += Mark(marks, S[d - 1], 1, 2, universe, "first or second");
            overlap += Mark(marks, L[d - 1], 2, 1, universe, "first or second");
            X[d] = overlap;
        }

        double sumMin = 0, sumMax = 0, sumExt = 0, pd = 1;
        double As = (double)X[s] / s;
        for (int d = 1; d <= l; d++)
        {
            pd *= p;
            if (d <= s)
            {
                double a = (double)X[d] / d;
                sumMin += a * pd; sumMax += a * pd; sumExt += a * pd;
            }
            else
            {
                sumMin += (double)X[d] / d * pd;
                sumMax += (double)(X[d] + (d - s)) / d * pd;       // one unseen S item matches per depth
                sumExt += (X[d] + (d - s) * As) / d * pd;          // unseen S items match at rate A_s
            }
        }
        int xl = X[l];
        // Tail beyond depth l.
        double harmonicPrefix = 0; pd = 1;
        for (int d = 1; d <= l; d++) { pd *= p; harmonicPrefix += pd / d; }
        double tailMin = xl * (Math.Log(1 / (1 - p)) - harmonicPrefix);
        int f = l + s - xl;
        double tailMax = 0; double pl = Math.Pow(p, l); pd = pl;
        for (int d = l + 1; d <= f; d++) { pd *= p; tailMax += (2.0 * d - l - s + xl) / d * pd; }
        tailMax += Math.Pow(p, f + 1) / (1 - p);
        double tailExt = (xl + (l - s) * As) / l * pl * p / (1 - p);

        double scale = (1 - p) / p;
        double min = scale * (sumMin + tailMin), max = scale * (sumMax + tailMax), ext = scale * (sumExt + tailExt);
        return new RboResult(p, min, max, max - min, ext, s, l, xl);
    }

    private static int Mark(byte[] marks, int id, byte self, byte other, int universe, string list)
    {
        if ((uint)id >= (uint)universe) throw new ArgumentOutOfRangeException(list, id, $"Item id {id} is outside [0, {universe}).");
        byte m = marks[id];
        if ((m & self) != 0) throw new ArgumentException($"Item id {id} appears twice in one ranking.", list);
        marks[id] = (byte)(m | self);
        return (m & other) != 0 ? 1 : 0;
    }
}
