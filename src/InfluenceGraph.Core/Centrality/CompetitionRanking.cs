using System.Numerics;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// Competition ranks ("1224" ranking) and strictly-lower counts over an ordering of accounts: the one
/// place where tied values share the best rank.
/// </summary>
/// <remarks>
/// Given ids ordered best first with equal values adjacent, a run of equal values at positions
/// i0..i1 (0-based) gets rank i0 + 1 and "strictly lower" count n − 1 − i1, where n is the length
/// of the ordering. Values are compared with <c>==</c>, so NaN never ties (each NaN forms its own
/// run). Percentiles are 100 · lower / n, in [0, 100). O(n).
/// </remarks>
public static class CompetitionRanking
{
    /// <summary>
    /// Fills <paramref name="rank"/> and <paramref name="lower"/> for the ids of <paramref name="order"/>.
    /// </summary>
    /// <typeparam name="T">The value type (<see cref="double"/> scores, <see cref="long"/> post counts...).</typeparam>
    /// <param name="order">Ids, best first; equal values must be adjacent. Ids not listed are left untouched in the outputs.</param>
    /// <param name="values">Value per id (indexed by id, not by position).</param>
    /// <param name="rank">Receives the competition rank, 1-based, per id.</param>
    /// <param name="lower">Receives, per id, how many ids of <paramref name="order"/> have a strictly worse value.</param>
    /// <exception cref="IndexOutOfRangeException">An id is outside <paramref name="values"/>, <paramref name="rank"/> or <paramref name="lower"/>.</exception>
    public static void Assign<T>(ReadOnlySpan<int> order, ReadOnlySpan<T> values, Span<int> rank, Span<int> lower)
        where T : IEqualityOperators<T, T, bool>
    {
        int n = order.Length;
        int i0 = 0;
        while (i0 < n)
        {
            int i1 = i0;
            while (i1 + 1 < n && values[order[i1 + 1]] == values[order[i0]]) i1++;
            for (int i = i0; i <= i1; i++)
            {
                rank[order[i]] = i0 + 1;
                lower[order[i]] = n - 1 - i1;
            }
            i0 = i1 + 1;
        }
    }
}
