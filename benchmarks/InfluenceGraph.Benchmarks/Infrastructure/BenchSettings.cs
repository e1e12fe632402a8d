namespace InfluenceGraph.Benchmarks.Infrastructure;

/// <summary>The named configuration presets (<c>--preset short|standard</c>).</summary>
public enum BenchPreset
{
    /// <summary>Quick: BenchmarkDotNet's ShortRun job (1 launch, 3 warm-ups, 3 iterations), graphs up to 10^6 edges and soc-Slashdot.</summary>
    Short,

    /// <summary>Thorough: BenchmarkDotNet's default job (adaptive iteration count), and R-MAT 3x10^6 as well.</summary>
    Standard,
}

/// <summary>Process-wide settings chosen on the command line; passed to BenchmarkDotNet's child processes through environment variables.</summary>
public static class BenchSettings
{
    /// <summary>Environment variable holding the preset name.</summary>
    public const string PresetVariable = "INFLUENCEGRAPH_BENCH_PRESET";

    /// <summary>The active preset (default <see cref="BenchPreset.Short"/>).</summary>
    public static BenchPreset Preset =>
        Enum.TryParse(Environment.GetEnvironmentVariable(PresetVariable), ignoreCase: true, out BenchPreset p) ? p : BenchPreset.Short;
}
