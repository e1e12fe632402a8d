using InfluenceGraph.Core.Generators;

namespace InfluenceGraph.Api.Tests;

/// <summary>The OpenAPI examples name accounts of the current demo network, not of an older one.</summary>
public sealed class OpenApiExamplesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task InfluencerExamples_NameARealCandidateOfTheDemoNetwork()
    {
        var demo = DemoNetwork.Generate();
        var page = await HttpAssert.Ok<InfluencerPage>(await _client.GetAsync("/graphs/default/influencers?top=1000"));
        var candidates = page.Items.Select(c => c.Account).ToList();
        var example = (InfluencerDto)Contracts.ContractExamples.For(typeof(InfluencerDto))!;
        Assert.True(demo.Graph.TryGetNode(example.Account, out _), $"example account '{example.Account}' is not in the demo network");
        Assert.True(candidates.Contains(example.Account), $"example account '{example.Account}' is not a candidate; top: {string.Join(", ", candidates.Take(5))}");
        Assert.Equal(candidates[0], example.Account);

        string doc = await _client.GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("inis_kami", doc);
        Assert.Contains(example.Account, doc);
    }
}
