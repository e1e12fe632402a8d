namespace InfluenceGraph.Core.Communities;

/// <summary>The quality function Leiden maximises.</summary>
public enum CommunityObjective
{
    /// <summary>
    /// Modularity with resolution γ (Newman 2006; Reichardt and Bornholdt 2006):
    /// Q = Σ_c [ L_c / m − γ (K_c / 2m)² ] on the undirected view (see <see cref="Leiden"/> for how
    /// ties are weighted), or Leicht and Newman's directed modularity
    /// Q = Σ_c [ E_c / m − γ K_c^out K_c^in / m² ] when <see cref="LeidenOptions.Directed"/> is set.
    /// Same value as igraph's <c>Graph.modularity</c> (<c>directed=True/False</c>).
    /// </summary>
    Modularity,

    /// <summary>
    /// Constant Potts Model (Traag, Van Dooren and Nesterov 2011): Σ_c [ L_c − γ n_c² / 2 ], reported
    /// divided by m; γ is a density threshold (communities denser than γ inside). Always on the
    /// undirected view. igraph's <c>community_leiden(objective_function="CPM")</c>.
    /// </summary>
    Cpm,
}

/// <summary>Options of <see cref="Leiden"/>.</summary>
public sealed record LeidenOptions
{
    /// <summary>Quality function; default <see cref="CommunityObjective.Modularity"/>.</summary>
    public CommunityObjective Objective { get; init; } = CommunityObjective.Modularity;

    /// <summary>
    /// Resolution γ, finite and &gt; 0; default 1. Higher gives more, smaller communities. For
    /// modularity γ = 1 is the classic definition; for CPM it is a density (typical values 0.001–0.1).
    /// </summary>
    public double Resolution { get; init; } = 1.0;

    /// <summary>
    /// Use Leicht–Newman directed modularity (K^out, K^in of each community) instead of the undirected
    /// view's. Only with <see cref="CommunityObjective.Modularity"/>. Default false.
    /// </summary>
    public bool Directed { get; init; }

    /// <summary>Seed of the random node orders and refinement choices; the same seed gives the same partition.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Randomness of the refinement step, β &gt; 0 (igraph's and the paper's default 0.01): a node
    /// joins a sub-community with probability ∝ exp(ΔQ/β), ΔQ in edge-weight units.
    /// </summary>
    public double Beta { get; init; } = 0.01;

    /// <summary>
    /// Maximum number of Leiden iterations (each: local moving, refinement, aggregation, repeated
    /// until the aggregate cannot shrink), &gt;= 1; default 2, igraph's <c>community_leiden</c> default
    /// (<c>n_iterations=2</c>): on soc-Slashdot0902 two iterations reach igraph's modularity at about a third of
    /// its time, and each further one is a full pass for a gain in the fourth decimal. Iteration stops earlier
    /// when an iteration moves no node (the partition is stable) or gains less than <see cref="Tolerance"/>;
    /// <see cref="CommunityResult.Converged"/> says which. Give a larger value (with tolerance 0) to iterate until stable.
    /// </summary>
    public int MaxIterations { get; init; } = 2;

    /// <summary>
    /// Stops once an iteration raises the quality by less than this (in quality units, e.g. modularity), &gt;= 0;
    /// default 0.001 (the third decimal of modularity, as it is usually reported). 0 = iterate until stable (or
    /// <see cref="MaxIterations"/>). The paper and igraph have no such rule (igraph runs 2 iterations by default):
    /// later iterations refine the partition by less and less (soc-Slashdot0902: +0.0048, +0.0009, +0.0005 ...)
    /// at the cost of a full pass each.
    /// </summary>
    public double Tolerance { get; init; } = 0.001;

    /// <summary>
    /// Threads for the parallel parts (building the undirected view, refining communities — each
    /// with its own random stream seeded from the seed and the community — and aggregating); null =
    /// all cores. The local moving step is sequential, so the partition is the same for every value.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (named in the message).</exception>
    public void Validate()
    {
        if (!double.IsFinite(Resolution) || Resolution <= 0)
            throw new ArgumentOutOfRangeException(nameof(Resolution), Resolution, "resolution must be a finite number > 0");
        if (!double.IsFinite(Beta) || Beta <= 0)
            throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "beta must be a finite number > 0");
        if (MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "maxIterations must be >= 1");
        if (!double.IsFinite(Tolerance) || Tolerance < 0)
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "tolerance must be a finite number >= 0");
        if (MaxDegreeOfParallelism is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "maxDegreeOfParallelism must be >= 1");
        if (Directed && Objective == CommunityObjective.Cpm)
            throw new ArgumentException("directed applies to modularity only; CPM runs on the undirected view", nameof(Directed));
        if (!Enum.IsDefined(Objective))
            throw new ArgumentOutOfRangeException(nameof(Objective), Objective, "unknown objective");
    }
}

/// <summary>A partition of the accounts into communities, as found by <see cref="Leiden"/>.</summary>
/// <param name="Membership">Length n: community id of each node id, in 0 .. <see cref="Count"/>−1. Ids are ordered by size, largest first (ties: smallest member node id first).</param>
/// <param name="Sizes">Length <see cref="Count"/>: accounts per community.</param>
/// <param name="Quality">The optimised objective of the partition (modularity for <see cref="CommunityObjective.Modularity"/>, directed if asked; CPM divided by m).</param>
/// <param name="Modularity">Undirected modularity at γ = 1 on the undirected view, whatever the objective (the figure comparable with igraph's <c>modularity</c>).</param>
/// <param name="Iterations">Leiden iterations run (1 .. MaxIterations).</param>
/// <param name="Converged">True when the last iteration moved no node.</param>
/// <param name="Options">The options used.</param>
/// <param name="ToleranceReached">True when the last iteration raised the quality by less than <see cref="LeidenOptions.Tolerance"/> (and moved some node).</param>
public sealed record CommunityResult(
    int[] Membership, int[] Sizes, double Quality, double Modularity, int Iterations, bool Converged, LeidenOptions Options, bool ToleranceReached = false)
{
    /// <summary>Why iterating stopped: <c>stable</c>, <c>tolerance</c> (gain below it) or <c>iteration limit</c>.</summary>
    public string StoppedBy => Converged ? "stable" : ToleranceReached ? "tolerance" : "iteration limit";

    /// <summary>Number of communities (isolated accounts are singleton communities).</summary>
    public int Count => Sizes.Length;
}
