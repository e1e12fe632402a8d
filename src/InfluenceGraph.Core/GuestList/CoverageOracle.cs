namespace InfluenceGraph.Core.GuestList;

/// <summary>
/// A monotone submodular coverage function f(S) = |⋃_{v ∈ S} C(v)| over a universe of items, evaluated
/// incrementally: the items already covered by the picks so far, the marginal gain
/// <c>|C(v) \ covered|</c> of a candidate, and covering a pick. Used by <see cref="LazyGreedy"/>.
/// </summary>
/// <remarks>
/// <see cref="Gain"/> may be called from several threads at once, each with its own scratch object from
/// <see cref="CreateScratch"/>, while nothing is being covered; <see cref="Cover"/> is called from one
/// thread only. Gains are whole numbers of items (accounts, RR sets).
/// </remarks>
public abstract class CoverageOracle
{
    /// <summary>Number of items in the universe (accounts for audiences, RR sets for spread).</summary>
    public abstract long UniverseSize { get; }

    /// <summary>Per-thread scratch space for <see cref="Gain"/> (e.g. an epoch-stamped visited array).</summary>
    public abstract object CreateScratch();

    /// <summary>The marginal gain <c>|C(node) \ covered|</c>; thread-safe with a private <paramref name="scratch"/>.</summary>
    public abstract long Gain(int node, object scratch);

    /// <summary>Marks <c>C(node)</c> covered and returns how many items were newly covered (its marginal gain).</summary>
    public abstract long Cover(int node);

    /// <summary>A cheap upper bound of <c>|C(node)|</c> (the first key of the lazy heap); <see cref="long.MaxValue"/> = unknown.</summary>
    public virtual long InitialBound(int node) => long.MaxValue;

    /// <summary>The items of <c>C(node)</c>, ascending (used for the pairwise overlaps of the picks).</summary>
    public abstract int[] ItemsOf(int node);
}
