using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.GuestList;

/// <summary>
/// The <c>audience</c> objective for h ≥ 3 hops, where exact h-hop sets are too big to search for every
/// candidate: each account's reached set <c>B_h(v)</c> (v and every account within h hops over in-edges) is a
/// sketch of UltraLogLog registers (a HyperLogLog variant) computed by <see cref="HyperBall"/> (Boldi, Rosa, Vigna 2011), the list's reached set
/// the register-wise union of its members' sketches, and a marginal gain the estimated size of the union
/// with the candidate minus the estimated size without it (the maximum-likelihood estimate, rounded).
/// </summary>
/// <remarks>
/// <para>
/// <b>Error.</b> Each estimate has a relative standard error of about 0.78/√m (m UltraLogLog registers: 4.9% with 256);
/// a gain, the difference of two correlated estimates, carries the error of the union's size. The greedy
/// therefore chooses among estimated gains: the list is not guaranteed to be the exact greedy's, and the
/// certificate built from these gains is an estimate, not a bound. <see cref="GuestLists"/> reports the
/// chosen list's reach exactly (a breadth-first search), so only the choice and the certificate are estimated.
/// </para>
/// <para>
/// Gains are whole numbers and the same function of the union state in <see cref="Gain"/> and
/// <see cref="Cover"/>, as <see cref="LazyGreedy"/> requires; deterministic for a seed, whatever the thread
/// count. Memory 2·n·m bytes while sketching, n·m kept.
/// </para>
/// </remarks>
public sealed class SketchAudienceOracle : CoverageOracle
{
    private readonly byte[] _sketches;
    private readonly byte[] _union;
    private readonly int _p, _m, _n;
    private readonly int[] _histogram = new int[HyperBall.HistogramLength];
    private long _unionSize;

    /// <summary>Sketches the h-hop reached set of every account.</summary>
    /// <param name="graph">The follower network.</param>
    /// <param name="hops">h in [1, 6] (meant for h ≥ 3).</param>
    /// <param name="registers">Registers per sketch: a power of 2 in [16, 65536].</param>
    /// <param name="seed">Hash seed (another seed, another equally accurate estimate).</param>
    /// <param name="maxDegreeOfParallelism">Threads for sketching; null = all cores.</param>
    /// <param name="cancellationToken">Cancels the sketching.</param>
    /// <exception cref="ArgumentOutOfRangeException">Hops or registers out of range, or n·m registers larger than an array.</exception>
    public SketchAudienceOracle(GraphSnapshot graph, int hops, int registers = 256, int seed = 0, int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Audiences.CheckHops(hops);
        _p = HyperBall.CheckRegisters(registers);
        _m = registers;
        _n = graph.NodeCount;
        if ((long)_n * _m > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(registers), registers, $"{_n:N0} accounts x {_m} registers exceed the largest array; use fewer registers.");
        _sketches = _n == 0 ? [] : HyperBall.Sketches(graph, hops, _p, maxDegreeOfParallelism, null, cancellationToken, seed);
        _union = new byte[_m];
        Registers = registers;
    }

    /// <summary>Registers per sketch.</summary>
    public int Registers { get; }

    /// <summary>The relative standard error of an estimate, 0.78/√m (<see cref="HyperBall.RelativeStandardError"/>).</summary>
    public double RelativeStandardError => HyperBall.RelativeStandardError(Registers);

    /// <summary>The estimated number of accounts the covered list reaches.</summary>
    public long EstimatedCovered => _unionSize;

    /// <inheritdoc />
    public override long UniverseSize => _n;

    private sealed class Scratch(int m)
    {
        public readonly byte[] Union = new byte[m];
        public readonly int[] Histogram = new int[HyperBall.HistogramLength];
    }

    /// <inheritdoc />
    public override object CreateScratch() => new Scratch(_m);

    private long Size(ReadOnlySpan<byte> registers, int[] histogram) =>
        (long)Math.Clamp(Math.Round(HyperBall.Estimate(registers, _p, histogram)), 0, _n);

    /// <inheritdoc />
    public override long Gain(int node, object scratch)
    {
        var s = (Scratch)scratch;
        _union.CopyTo(s.Union, 0);
        HyperBall.Union(s.Union, _sketches.AsSpan(node * _m, _m));
        return Math.Max(0, Size(s.Union, s.Histogram) - _unionSize);
    }

    /// <inheritdoc />
    public override long Cover(int node)
    {
        HyperBall.Union(_union, _sketches.AsSpan(node * _m, _m));
        long size = Size(_union, _histogram);
        long gain = Math.Max(0, size - _unionSize);
        _unionSize = Math.Max(size, _unionSize);
        return gain;
    }

    /// <summary>Not available for sketches (the items are not kept).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override int[] ItemsOf(int node) => throw new NotSupportedException("sketched audiences keep no items; use AudienceOracle.ItemsOf");
}
