using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Generators;

/// <summary>
/// A seeded, realistic demo follower network with account attributes and planted non-political
/// influencers (issue 5 completes it; this placeholder is a tiny fixed network).
/// </summary>
/// <param name="Graph">The follower network.</param>
/// <param name="Attributes">Account attributes by handle.</param>
/// <param name="PlantedInfluencers">Handles of the planted non-political influencers.</param>
/// <param name="PoliticalAccounts">Handles of the accounts marked <c>is_political</c>.</param>
public sealed record DemoNetwork(
    GraphSnapshot Graph,
    IReadOnlyDictionary<string, AccountAttributes> Attributes,
    IReadOnlySet<string> PlantedInfluencers,
    IReadOnlySet<string> PoliticalAccounts)
{
    /// <summary>Generates the demo network; the same seed gives the same network.</summary>
    public static DemoNetwork Generate(int seed = 42)
    {
        var b = new GraphBuilder();
        b.AddEdge("alice", "bob"); b.AddEdge("carol", "bob"); b.AddEdge("bob", "carol");
        var attrs = new Dictionary<string, AccountAttributes>
        {
            ["bob"] = new() { Account = "bob", Posts = 140, PoliticalShare = 0.01, IsPolitical = false },
        };
        return new DemoNetwork(b.Build(), attrs, new HashSet<string> { "bob" }, new HashSet<string>());
    }
}
