using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>
/// Retained memory of the structure built by benchmarks marked <see cref="RetainedFootprintAttribute"/>,
/// measured in the host process by <see cref="Footprint.Measure"/> (live managed heap growth after
/// a full collection; the time columns come from the benchmark process). "-" for other benchmarks.
/// </summary>
public sealed class FootprintColumn(FootprintColumn.Kind kind) : IColumn
{
    /// <summary>Which figure the column shows.</summary>
    public enum Kind
    {
        /// <summary>Everything retained, divided by the edge count.</summary>
        RetainedPerEdge,
        /// <summary>Snapshot: per-edge arrays per edge (the "12 bytes/edge" part).</summary>
        EdgeArraysPerEdge,
        /// <summary>Snapshot: everything else (offsets + account index with handles) per account (the "32 bytes/account" part).</summary>
        RestPerAccount,
        /// <summary>Retained bytes / (12 x edges + 32 x accounts).</summary>
        OfBudget,
    }

    /// <inheritdoc />
    public string Id => nameof(FootprintColumn) + kind;
    /// <inheritdoc />
    public string ColumnName => kind switch
    {
        Kind.RetainedPerEdge => "Retained B/edge",
        Kind.EdgeArraysPerEdge => "Edge arrays B/edge",
        Kind.RestPerAccount => "Rest B/account",
        _ => "Of budget 12m+32n",
    };
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 10 + (int)kind;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => kind switch
    {
        Kind.RetainedPerEdge => "Managed heap retained by the built structure (measured, handles included for the snapshot) / edges",
        Kind.EdgeArraysPerEdge => "Snapshot per-edge arrays (out-targets + in-sources) / edges",
        Kind.RestPerAccount => "Snapshot memory not in per-edge arrays (2 offset arrays + account index with handle strings) / accounts",
        _ => "Retained / (12 B x edges + 32 B x accounts), the memory target; <= 1 meets it",
    };

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Structure(c) is not null);
    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Structure(benchmarkCase) is not FootprintStructure s || EdgesPerIterationColumn.GraphOf(benchmarkCase) is not string graph) return "-";
        Footprint f;
        try { f = Footprint.Measure(graph, s); }
        catch (Exception e) { return "error: " + e.GetType().Name; }   // a column must not abort the summary
        var inv = CultureInfo.InvariantCulture;
        return kind switch
        {
            Kind.RetainedPerEdge => f.RetainedPerEdge.ToString("F1", inv),
            Kind.EdgeArraysPerEdge => s == FootprintStructure.Snapshot ? f.EdgeArraysPerEdge.ToString("F1", inv) : "-",
            Kind.RestPerAccount => s == FootprintStructure.Snapshot ? f.RestPerAccount.ToString("F1", inv) : "-",
            _ => ((double)f.RetainedBytes / f.BudgetBytes).ToString("F2", inv) + (f.RetainedBytes <= f.BudgetBytes ? " (met)" : " (over)"),
        };
    }

    private static FootprintStructure? Structure(BenchmarkCase c) =>
        c.Descriptor.WorkloadMethod.GetCustomAttribute<RetainedFootprintAttribute>()?.Structure;
}
