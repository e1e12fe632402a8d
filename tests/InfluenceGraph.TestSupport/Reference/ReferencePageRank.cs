namespace InfluenceGraph.TestSupport.Reference;

/// <summary>
/// A deliberately simple PageRank over an edge list, written differently from the kernel
/// (<c>InfluenceGraph.Core.Centrality.PageRank</c>): push-based over a list of (follower,
/// followee, weight) rows, dictionaries keyed by account handle, serial, no CSR, no chunks. It is
/// the verifier of the seeded property tests and a naive baseline for the benchmarks.
/// </summary>
/// <remarks>
/// Semantics are NetworkX 2.8's <c>pagerank</c> with a <c>DiGraph</c> (duplicate rows collapse,
/// the last weight wins) or a <c>MultiDiGraph</c> (the <c>multigraph</c> argument: every row is an
/// edge, weights add up): x₀ = 1/n; x ← α·(x·P + Σ_dangling x·d) + (1−α)·p, where a dangling node
/// has no out-edge or a zero total out-weight; stop when the L1 change is below
/// the <c>tolerance</c> (not scaled by n). O((n + m)·iterations) with dictionary lookups.
/// </remarks>
public static class ReferencePageRank
{
    /// <summary>PageRank of every account in <paramref name="accounts"/> (plus any named by an edge).</summary>
    /// <param name="accounts">Accounts, including isolated ones (edge endpoints are added anyway).</param>
    /// <param name="edges">Rows (follower, followee, weight).</param>
    /// <param name="alpha">Damping factor.</param>
    /// <param name="weighted">Use the weights as transition strengths; else every row weighs 1.</param>
    /// <param name="multigraph">Keep duplicate rows as parallel edges (weights add) instead of collapsing them (last wins).</param>
    /// <param name="personalization">Teleport weights (normalized here); null = uniform.</param>
    /// <param name="danglingUniform">Spread dangling mass uniformly instead of along the personalization.</param>
    /// <param name="tolerance">L1 change at which to stop.</param>
    /// <param name="maxIterations">Iteration cap; throws when reached.</param>
    /// <exception cref="InvalidOperationException">Not converged within <paramref name="maxIterations"/>.</exception>
    public static Dictionary<string, double> Compute(
        IEnumerable<string> accounts,
        IEnumerable<(string Follower, string Followee, double Weight)> edges,
        double alpha = 0.85,
        bool weighted = false,
        bool multigraph = false,
        IReadOnlyDictionary<string, double>? personalization = null,
        bool danglingUniform = false,
        double tolerance = 1e-13,
        int maxIterations = 10_000)
    {
        var nodes = new SortedSet<string>(accounts, StringComparer.Ordinal);
        // (follower, followee) -> weight, per the duplicate policy.
        var links = new Dictionary<(string, string), double>();
        foreach (var (u, v, w0) in edges)
        {
            nodes.Add(u);
            nodes.Add(v);
            double w = weighted ? w0 : 1.0;
            if (multigraph && links.TryGetValue((u, v), out double old)) links[(u, v)] = old + w;
            else links[(u, v)] = w;
        }
        int n = nodes.Count;
        var outWeight = nodes.ToDictionary(v => v, _ => 0.0);
        foreach (var ((u, _), w) in links) outWeight[u] += w;

        var p = new Dictionary<string, double>();
        if (personalization is null) foreach (var v in nodes) p[v] = 1.0 / n;
        else
        {
            double total = personalization.Values.Sum();
            foreach (var v in nodes) p[v] = personalization.TryGetValue(v, out double pv) ? pv / total : 0.0;
        }
        var d = danglingUniform ? nodes.ToDictionary(v => v, _ => 1.0 / n) : p;

        var x = nodes.ToDictionary(v => v, _ => 1.0 / n);
        for (int it = 0; it < maxIterations; it++)
        {
            double danglingMass = nodes.Where(v => outWeight[v] == 0).Sum(v => x[v]);
            var next = nodes.ToDictionary(v => v, v => alpha * danglingMass * d[v] + (1 - alpha) * p[v]);
            foreach (var ((u, v), w) in links)
                if (outWeight[u] > 0) next[v] += alpha * x[u] * w / outWeight[u];   // push u's share to v
            double change = nodes.Sum(v => Math.Abs(next[v] - x[v]));
            x = next;
            if (change < tolerance) return x;
        }
        throw new InvalidOperationException($"Reference PageRank did not converge in {maxIterations} iterations.");
    }
}
