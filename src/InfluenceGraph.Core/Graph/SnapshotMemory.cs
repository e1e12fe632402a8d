using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Graph;

/// <summary>
/// Managed memory held by a graph version, by part, in bytes — computed from the sizes of the structures
/// (element size × count), not measured from the heap.
/// </summary>
/// <param name="Topology">Offset arrays (n + 1 entries each direction) and edge id arrays (m entries each direction).</param>
/// <param name="Weights">Edge weights, both directions (0 unweighted).</param>
/// <param name="Times">Edge times (0 when the graph has none).</param>
/// <param name="AccountIndex">The account index with its handles (<see cref="Graph.AccountIndex.MemoryBytes"/>).</param>
/// <param name="Attributes">Account attributes, estimated (records, strings, lists; see <see cref="EstimateAttributes"/>); 0 for a bare snapshot.</param>
/// <param name="Accounts">Accounts n of the snapshot.</param>
/// <param name="Edges">Edges m of the snapshot.</param>
/// <remarks>
/// The scale target "a snapshot of at most 12 B per edge + 32 B per account, handles included" is
/// <see cref="SnapshotBytes"/> against <see cref="Budget"/>; attributes are reported beside it.
/// </remarks>
public sealed record SnapshotMemory(long Topology, long Weights, long Times, long AccountIndex, long Attributes, int Accounts, long Edges)
{
    /// <summary>The snapshot itself: topology, weights, times and account index (attributes excluded).</summary>
    public long SnapshotBytes => Topology + Weights + Times + AccountIndex;

    /// <summary>Everything: <see cref="SnapshotBytes"/> + <see cref="Attributes"/>.</summary>
    public long Total => SnapshotBytes + Attributes;

    /// <summary>The scale budget 12 B × edges + 32 B × accounts.</summary>
    public long Budget => 12 * Edges + 32L * Accounts;

    /// <summary>Account index bytes per account (0 for an empty graph).</summary>
    public double IndexBytesPerAccount => Accounts == 0 ? 0 : (double)AccountIndex / Accounts;

    /// <summary>The snapshot measure of the budget: <see cref="SnapshotBytes"/> / <see cref="Budget"/> (0 for an empty graph).</summary>
    public double OfBudget => Budget == 0 ? 0 : (double)SnapshotBytes / Budget;

    /// <summary>
    /// The breakdown of <paramref name="graph"/> (attributes 0): topology = <see cref="GraphSnapshot.TopologyBytes"/>
    /// without the weights; weights = 16 B per edge (a <see cref="double"/> each direction) when weighted; times =
    /// 8 B per edge when the graph has edge times; the account index = <see cref="Graph.AccountIndex.MemoryBytes"/>.
    /// Only the snapshot's counts are read, so the figure does not depend on how its arrays are laid out.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public static SnapshotMemory Of(GraphSnapshot graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long weights = graph.IsWeighted ? 16 * graph.EdgeCount : 0;
        long times = graph.HasEdgeTimes ? 8 * graph.EdgeCount : 0;
        return new SnapshotMemory(graph.TopologyBytes - weights, weights, times, graph.Accounts.MemoryBytes, 0, graph.NodeCount, graph.EdgeCount);
    }

    /// <summary>The breakdown of a graph version: its snapshot and an estimate of its attributes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static SnapshotMemory Of(GraphState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Of(state.Snapshot) with { Attributes = EstimateAttributes(state.Attributes) };
    }

    /// <summary>
    /// An estimate of the memory of attribute records: per record its object (≈ 100 B with the boxed
    /// optional fields inline), the account and language strings, each topic string, the topic list,
    /// each extra key/value string and the dictionary entry (≈ 80 B per dictionary entry and 40 B per
    /// dictionary). Strings count 22 B + 2 B per UTF-16 unit. An estimate: shared strings are counted
    /// once per reference.
    /// </summary>
    /// <param name="attributes">Attributes by canonical handle.</param>
    /// <returns>Bytes, &gt;= 0.</returns>
    public static long EstimateAttributes(IReadOnlyDictionary<string, AccountAttributes> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        static long Str(string? s) => s is null ? 0 : 22 + 2L * s.Length;
        long sum = 80 + 24L * attributes.Count; // the dictionary: buckets and entries
        foreach (var (key, a) in attributes)
        {
            sum += 100 + Str(key) + (ReferenceEquals(key, a.Account) ? 0 : Str(a.Account)) + Str(a.DisplayName) + Str(a.Lang);
            if (a.Topics.Count > 0)
            {
                sum += 32 + 8L * a.Topics.Count;
                foreach (var t in a.Topics) sum += Str(t);
            }
            if (a.Extra.Count > 0)
            {
                sum += 80 + 24L * a.Extra.Count;
                foreach (var (k, v) in a.Extra) sum += Str(k) + Str(v);
            }
        }
        return sum;
    }
}
