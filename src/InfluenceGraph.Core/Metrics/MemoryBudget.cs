using System.Globalization;

namespace InfluenceGraph.Core.Metrics;

/// <summary>
/// The memory check made before an analysis starts: its estimated peak memory plus what the process already uses must
/// fit in the memory available to the process, else the analysis is refused with <see cref="AnalysisMemoryException"/>
/// rather than started and killed (or swapping) half-way. Used by the API (answer 507) and the CLI (exit code 7).
/// </summary>
/// <remarks>
/// Available memory is <c>GC.GetGCMemoryInfo().TotalAvailableMemoryBytes</c> (physical memory, or the container's memory
/// limit, or <c>DOTNET_GCHeapHardLimit</c>) unless an explicit budget is given; the memory in use is the process's working
/// set (<see cref="Environment.WorkingSet"/>, resident bytes). The estimates are those of
/// <see cref="Metric.EstimateMemoryBytes"/> (formulas in the scale documentation).
/// </remarks>
public static class MemoryBudget
{
    /// <summary>The memory available to this process in bytes: <paramref name="configured"/> when &gt; 0, else the runtime's figure.</summary>
    /// <param name="configured">An explicit budget in bytes (null or &lt;= 0: none).</param>
    public static long Available(long? configured = null) =>
        configured is > 0 ? configured.Value : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The memory this process uses now in bytes (its working set).</summary>
    public static long InUse() => Environment.WorkingSet;

    /// <summary>
    /// Why an analysis needing <paramref name="estimateBytes"/> more bytes cannot start while the process uses
    /// <paramref name="inUseBytes"/> of <paramref name="availableBytes"/>, or null when it fits
    /// (<c>estimate + inUse &lt;= available</c>).
    /// </summary>
    /// <param name="analysis">What would run, for the message (e.g. <c>betweenness (exact, 2 threads)</c>).</param>
    /// <param name="estimateBytes">Estimated peak memory of the analysis in bytes (&gt;= 0; NaN or negative is treated as 0).</param>
    /// <param name="inUseBytes">Bytes the process uses now.</param>
    /// <param name="availableBytes">Bytes available to the process.</param>
    /// <param name="hint">What would make it fit (fewer pivots, fewer HyperLogLog registers, fewer hops...), or null.</param>
    /// <returns>The refusal (an exception to throw) or null.</returns>
    public static AnalysisMemoryException? Refusal(string analysis, double estimateBytes, long inUseBytes, long availableBytes, string? hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(analysis);
        if (!(estimateBytes > 0)) return null;
        if (estimateBytes + inUseBytes <= availableBytes) return null;
        return new AnalysisMemoryException(analysis, (long)Math.Min(estimateBytes, long.MaxValue), inUseBytes, availableBytes, hint);
    }

    /// <summary>Throws <see cref="AnalysisMemoryException"/> when the analysis does not fit (see <see cref="Refusal"/>), measuring the memory in use now.</summary>
    /// <param name="analysis">What would run.</param>
    /// <param name="estimateBytes">Estimated peak memory in bytes.</param>
    /// <param name="configuredAvailable">Explicit budget in bytes, or null for the runtime's figure.</param>
    /// <param name="hint">What would make it fit, or null.</param>
    /// <exception cref="AnalysisMemoryException">It would not fit.</exception>
    public static void Check(string analysis, double estimateBytes, long? configuredAvailable, string? hint)
    {
        if (!(estimateBytes > 0)) return;
        if (Refusal(analysis, estimateBytes, InUse(), Available(configuredAvailable), hint) is { } refusal) throw refusal;
    }

    /// <summary>Bytes as text: <c>1.5 GiB</c>, <c>320.0 MiB</c>, <c>12.0 KiB</c>, <c>512 B</c> (binary units, invariant culture).</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
    };
}

/// <summary>An analysis refused before it started because its estimated memory would not fit (see <see cref="MemoryBudget"/>).</summary>
public sealed class AnalysisMemoryException : Exception
{
    /// <summary>Creates the refusal; the message names the analysis, the estimate, the memory in use and available, and the hint.</summary>
    /// <param name="analysis">What would run.</param>
    /// <param name="estimateBytes">Estimated peak memory of the analysis (bytes).</param>
    /// <param name="inUseBytes">Memory the process used when it was checked (bytes).</param>
    /// <param name="availableBytes">Memory available to the process (bytes).</param>
    /// <param name="hint">What would make it fit, or null.</param>
    public AnalysisMemoryException(string analysis, long estimateBytes, long inUseBytes, long availableBytes, string? hint)
        : base(Describe(analysis, estimateBytes, inUseBytes, availableBytes, hint))
    {
        Analysis = analysis;
        EstimateBytes = estimateBytes;
        InUseBytes = inUseBytes;
        AvailableBytes = availableBytes;
        Hint = hint;
    }

    /// <summary>What would have run.</summary>
    public string Analysis { get; }

    /// <summary>Its estimated peak memory in bytes.</summary>
    public long EstimateBytes { get; }

    /// <summary>The process's memory in use when checked, in bytes.</summary>
    public long InUseBytes { get; }

    /// <summary>The memory available to the process, in bytes.</summary>
    public long AvailableBytes { get; }

    /// <summary>What would make it fit, or null.</summary>
    public string? Hint { get; }

    private static string Describe(string analysis, long estimate, long inUse, long available, string? hint) =>
        $"Not started: {analysis} needs an estimated {MemoryBudget.Format(estimate)}, and this process already uses {MemoryBudget.Format(inUse)} "
        + $"of the {MemoryBudget.Format(available)} available to it ({MemoryBudget.Format(Math.Max(0, available - inUse))} free), so it would not fit"
        + (string.IsNullOrEmpty(hint) ? "." : $"; to make it fit: {hint}.");
}
