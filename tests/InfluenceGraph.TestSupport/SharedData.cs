namespace InfluenceGraph.TestSupport;

/// <summary>
/// Locates <c>../shared</c> (the read-only folder beside the repository that holds the public
/// networks, the oracle's expected values and the failure cases).
/// </summary>
/// <remarks>
/// Override with the environment variable <c>INFLUENCEGRAPH_SHARED</c>. When the folder is absent,
/// tests marked <see cref="SharedFactAttribute"/>/<see cref="SharedTheoryAttribute"/> are skipped with
/// a stated reason, unless <c>INFLUENCEGRAPH_REQUIRE_SHARED=1</c> (set by <c>.ci/run</c>), in which
/// case they run and fail on the missing folder.
/// </remarks>
public static class SharedData
{
    private static readonly Lazy<string?> _root = new(Find);

    /// <summary>Absolute path of the shared folder, or null when not found.</summary>
    public static string? Root => _root.Value;

    /// <summary>True when the shared folder exists.</summary>
    public static bool Available => Root is not null;

    /// <summary>True when missing shared data must fail tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("INFLUENCEGRAPH_REQUIRE_SHARED") is "1" or "true";

    /// <summary>The reason printed for skipped tests.</summary>
    public const string SkipReason = "../shared (public networks, oracle values, cases) is not beside this clone; set INFLUENCEGRAPH_SHARED to its path to run this test.";

    /// <summary>Path of <paramref name="relative"/> inside the shared folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The shared folder is absent.</exception>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new DirectoryNotFoundException("The shared folder was not found (" + SkipReason + ")"), relative);

    /// <summary>
    /// Names of the networks with reference values: every <c>oracle/expected/NAME.edges</c> (plain,
    /// not the gzip-compressed large one), ordinal order, as xunit theory rows.
    /// </summary>
    public static IEnumerable<object[]> OracleNetworks() =>
        Directory.GetFiles(Path("oracle/expected"), "*.edges")
            .Select(f => System.IO.Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    /// <summary>Root of the repository (the folder holding InfluenceGraph.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "InfluenceGraph.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("InfluenceGraph.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("INFLUENCEGRAPH_SHARED");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? System.IO.Path.GetFullPath(env) : null;
        try
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(System.IO.Path.Combine(candidate, "oracle")) ? candidate : null;
        }
        catch (DirectoryNotFoundException) { return null; }
    }
}

/// <summary>A fact that needs <c>../shared</c>: skipped when absent, failed when absent and required.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the shared folder is absent and not required.</summary>
    public SharedFactAttribute()
    {
        if (!SharedData.Available && !SharedData.Required) Skip = SharedData.SkipReason;
    }
}

/// <summary>A theory that needs <c>../shared</c>: skipped when absent, failed when absent and required.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the shared folder is absent and not required.</summary>
    public SharedTheoryAttribute()
    {
        if (!SharedData.Available && !SharedData.Required) Skip = SharedData.SkipReason;
    }
}
