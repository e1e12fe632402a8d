namespace InfluenceGraph.TestSupport;

/// <summary>The influencer CSV columns as the README documents them (shared by the Core, CLI and API tests).</summary>
public static class ReadmeColumns
{
    /// <summary>
    /// The line of the README's influencers section that starts with <c>rank,account,</c> (the
    /// documented CSV header), split on commas.
    /// </summary>
    public static IReadOnlyList<string> Influencers()
    {
        string readme = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "README.md"));
        int start = readme.IndexOf("<!-- section:influencers -->", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- /section:influencers -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no influencers section");
        string line = Assert.Single(readme[start..end].Split('\n'), l => l.StartsWith("rank,account,", StringComparison.Ordinal));
        return line.Trim().Split(',');
    }
}
