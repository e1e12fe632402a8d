namespace InfluenceGraph.TestSupport;

/// <summary>The influencer CSV columns as the documentation states them (shared by the Core, CLI and API tests).</summary>
public static class ReadmeColumns
{
    /// <summary>
    /// The line of the influencer reference (<c>src/docs/influencers.md</c>, linked from the README's
    /// influencers section) that starts with <c>rank,account,</c> (the documented CSV header), split on commas.
    /// </summary>
    public static IReadOnlyList<string> Influencers()
    {
        string doc = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "src", "docs", "influencers.md"));
        string line = Assert.Single(doc.Split('\n'), l => l.StartsWith("rank,account,", StringComparison.Ordinal));
        return line.Trim().Split(',');
    }
}
