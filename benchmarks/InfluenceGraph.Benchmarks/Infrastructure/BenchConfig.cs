using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Reports;

namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>
/// The configuration every benchmark runs with: the default columns plus ratio-to-baseline,
/// categories, edges/s per PageRank iteration and the snapshot memory columns; MemoryDiagnoser;
/// GitHub Markdown and full JSON exports (in <c>BenchmarkDotNet.Artifacts/results</c>);
/// benchmarks grouped by category then parameters so each group has its own baseline.
/// </summary>
/// <remarks>
/// The job comes from the preset (<c>--preset short</c>: ShortRun, <c>--preset standard</c>: the
/// default job), unless the command line names one with <c>--job</c> (e.g. <c>--job Dry</c> for a
/// smoke test); <see cref="Program"/> turns the preset into a <c>--job</c> argument so there is
/// always exactly one job.
/// </remarks>
public sealed class BenchConfig : ManualConfig
{
    /// <summary>Creates the configuration (the preset is read from <see cref="BenchSettings.Preset"/> by the graph selection, not here).</summary>
    public BenchConfig()
    {
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(CategoriesColumn.Default);
        AddColumn(new EdgesPerIterationColumn(EdgesPerIterationColumn.Kind.Iterations));
        AddColumn(new EdgesPerIterationColumn(EdgesPerIterationColumn.Kind.EdgesPerSecond));
        foreach (var kind in Enum.GetValues<FootprintColumn.Kind>()) AddColumn(new FootprintColumn(kind));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddExporter(MarkdownExporter.GitHub, JsonExporter.Full);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        WithOptions(ConfigOptions.DisableLogFile);
        // Run from the repository root (the README's command), reports go under benchmarks/, not beside the
        // solution: the top level holds only the fixed layout. `--artifacts DIR` still chooses another folder.
        if (File.Exists(Path.Combine(Environment.CurrentDirectory, "InfluenceGraph.sln")))
            ArtifactsPath = Path.Combine(Environment.CurrentDirectory, "benchmarks", "BenchmarkDotNet.Artifacts");
    }
}
