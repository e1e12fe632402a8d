namespace InfluenceGraph.Core.Generators;

/// <summary>
/// Parameters of the <see cref="Rmat"/> generator. The defaults are Graph500's: initiator
/// probabilities a = 0.57, b = 0.19, c = 0.19 (d = 1 - a - b - c = 0.05), average degree 16,
/// vertex labels permuted, a simple graph (no duplicate edge, no self-loop), seed 1.
/// </summary>
/// <remarks>
/// The option names and defaults mirror the reference tools' Python generator <c>gen_graph.py rmat</c>
/// (<c>--edges --nodes --avg-degree --seed --rmat A B C --allow-multi --no-permute</c>), and the same
/// options produce the same edges in the same order as that script under numpy 1.24.
/// </remarks>
public sealed record RmatOptions
{
    /// <summary>Number of edges to emit, exactly (&gt;= 0). Required.</summary>
    public required int Edges { get; init; }

    /// <summary>
    /// Size of the vertex id space <c>0 .. Nodes-1</c> (&gt;= 1). <c>null</c> (default) means
    /// <c>max(2, floor(Edges / AverageDegree))</c>, as <c>gen_graph.py</c> does. R-MAT leaves many
    /// ids without edges, so the graph has fewer accounts than this and an average degree above
    /// <see cref="AverageDegree"/>.
    /// </summary>
    public int? Nodes { get; init; }

    /// <summary>Edges per vertex id used to derive <see cref="Nodes"/> when it is null (default 16, Graph500's edge factor; &gt; 0).</summary>
    public double AverageDegree { get; init; } = 16.0;

    /// <summary>Seed of the random stream (numpy's <c>PCG64(seed)</c>; default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Probability of the top-left quadrant (default 0.57).</summary>
    public double A { get; init; } = 0.57;

    /// <summary>Probability of the top-right quadrant (default 0.19).</summary>
    public double B { get; init; } = 0.19;

    /// <summary>Probability of the bottom-left quadrant (default 0.19). The bottom-right one is <c>1 - A - B - C</c>.</summary>
    public double C { get; init; } = 0.19;

    /// <summary>
    /// True (default): emit exactly <see cref="Edges"/> distinct pairs and no self-loop (rejection
    /// and top-up batches), as a follower relation is. False: raw generator output, duplicates and
    /// self-loops included (<c>--allow-multi</c>).
    /// </summary>
    public bool Simple { get; init; } = true;

    /// <summary>Permute vertex labels randomly (default true, as Graph500 does, so hubs are not the low ids).</summary>
    public bool Permute { get; init; } = true;
}
