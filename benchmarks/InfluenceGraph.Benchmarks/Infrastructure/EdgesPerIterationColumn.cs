using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>
/// Per-iteration throughput of benchmarks marked <see cref="EdgePassesAttribute"/>:
/// <c>Iter/op</c> (passes over the edges per operation) and <c>Edges/s/iter</c> = m x passes / mean
/// time, with m the edge count of the case's <c>Graph</c> parameter. "-" for other benchmarks.
/// </summary>
public sealed class EdgesPerIterationColumn(EdgesPerIterationColumn.Kind kind) : IColumn
{
    /// <summary>Which figure the column shows.</summary>
    public enum Kind
    {
        /// <summary>Passes over the edges per operation.</summary>
        Iterations,
        /// <summary>Edges processed per second per pass.</summary>
        EdgesPerSecond,
    }

    private static readonly ConcurrentDictionary<(string, double), int> _iterations = new();

    /// <inheritdoc />
    public string Id => nameof(EdgesPerIterationColumn) + kind;
    /// <inheritdoc />
    public string ColumnName => kind == Kind.Iterations ? "Iter/op" : "Edges/s/iter";
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => (int)kind;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => kind == Kind.Iterations
        ? "Passes over all edges per operation (PageRank iterations)"
        : "Edges processed per second in one pass: edges x Iter/op / Mean";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Passes(c) is not null);
    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var passes = Passes(benchmarkCase);
        if (passes is null || GraphOf(benchmarkCase) is not string graph) return "-";
        if (summary[benchmarkCase] is not { Success: true }) return "-";
        try { return Value(summary, benchmarkCase, passes, graph); }
        catch (Exception e) { return "error: " + e.GetType().Name; }   // a column must not abort the summary
    }

    private string Value(Summary summary, BenchmarkCase benchmarkCase, EdgePassesAttribute passes, string graph)
    {
        int iterations = passes.Iterations > 0 ? passes.Iterations : _iterations.GetOrAdd((graph, passes.PageRankTolerance), k =>
            PageRank.Compute(BenchGraphs.Snapshot(k.Item1), new PageRankOptions { Tolerance = k.Item2 }).Iterations);
        if (kind == Kind.Iterations) return iterations.ToString(CultureInfo.InvariantCulture);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is null or <= 0) return "-";
        double edgesPerSecond = BenchGraphs.Snapshot(graph).EdgeCount * (double)iterations / (meanNs.Value * 1e-9);
        return (edgesPerSecond / 1e6).ToString(edgesPerSecond >= 1e8 ? "N0" : "G3", CultureInfo.InvariantCulture) + " M";
    }

    internal static string? GraphOf(BenchmarkCase c) =>
        c.Parameters.Items.FirstOrDefault(p => p.Name == "Graph")?.Value as string;

    private static EdgePassesAttribute? Passes(BenchmarkCase c) =>
        c.Descriptor.WorkloadMethod.GetCustomAttribute<EdgePassesAttribute>();
}
