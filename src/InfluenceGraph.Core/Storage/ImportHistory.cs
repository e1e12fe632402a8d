using System.Collections.Concurrent;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.Core.Storage;

/// <summary>
/// The reports of the recent import batches of each graph (applied or not), at most
/// <see cref="Kept"/> per graph, loaded from the store on first use and kept in memory after.
/// </summary>
/// <remarks>Thread-safe. Batch ids come from the store, or from a counter for an in-memory catalog.</remarks>
internal sealed class ImportHistory(IGraphStore? store)
{
    /// <summary>How many reports are kept per graph.</summary>
    public const int Kept = 100;

    private readonly ConcurrentDictionary<string, List<ImportReport>> _reports = new(StringComparer.Ordinal);
    private long _memoryBatchId;

    /// <summary>Reports of <paramref name="graph"/>, newest first, at most <see cref="Kept"/>.</summary>
    public IReadOnlyList<ImportReport> Recent(string graph)
    {
        var list = ListOf(graph);
        lock (list) return list.AsEnumerable().Reverse().ToList();
    }

    /// <summary>
    /// Records the report of a batch that wrote no change (rejected, or good but changing nothing)
    /// in the store and here; returns it with its batch id.
    /// </summary>
    public ImportReport RecordWithoutChange(ImportReport report)
    {
        long id = store?.RecordReport(report) ?? Interlocked.Increment(ref _memoryBatchId);
        return Remember(report with { BatchId = id });
    }

    /// <summary>
    /// Keeps the report of a batch committed with its change (<paramref name="storeBatchId"/> is the id
    /// the store gave it, null for an in-memory catalog); returns it with its batch id.
    /// </summary>
    public ImportReport RecordCommitted(ImportReport report, long? storeBatchId) =>
        Remember(report with { BatchId = storeBatchId ?? Interlocked.Increment(ref _memoryBatchId) });

    /// <summary>Drops what is held for <paramref name="graph"/> (deleted, or reloaded from the store: read again on next use).</summary>
    public void Forget(string graph) => _reports.TryRemove(graph, out _);

    private List<ImportReport> ListOf(string graph) =>
        _reports.GetOrAdd(graph, g => store?.LoadReports(g, Kept).Reverse().ToList() ?? []);

    private ImportReport Remember(ImportReport report)
    {
        var list = ListOf(report.Graph);
        lock (list)
        {
            if (list.Count == 0 || list[^1].BatchId != report.BatchId) list.Add(report);
            if (list.Count > Kept) list.RemoveRange(0, list.Count - Kept);
        }
        return report;
    }
}
